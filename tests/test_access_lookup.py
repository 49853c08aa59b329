"""The personal profile: one person across sources, assigned, and always audited."""

from __future__ import annotations

import pytest

import personakit.access._lookup as lookup_module
from personakit.access import audit_entries, key_text, personal_profile
from personakit.segment import get_segmentation, profile_members
from personakit.workspace import Workspace
from tests._webapp import a_customer_key, web_ws

__all__ = ["web_ws"]


def test_profile_gathers_sources_assignment_and_approach(web_ws: Workspace) -> None:
    key = a_customer_key(web_ws, 11)
    profile = personal_profile(web_ws, key, "case1", lang="nl")
    assert profile.found and profile.key == key
    crm = next(s for s in profile.sources if s.source == "crm")
    assert crm.total == 1 and crm.rows[0]["klantnummer"] == key
    assert "email" in crm.personal
    assert all(s.source != "kpi" for s in profile.sources)  # not about people
    assert profile.assignment is not None and profile.assignment.reasons
    members = profile_members(web_ws, get_segmentation(web_ws).id)
    trained = members.loc[members["key"].astype(str) == key, "profile_id"].iloc[0]
    assert profile.assignment.profile_id == trained
    assert profile.persona is not None and profile.persona.profile_id == trained
    assert set(profile.approach) >= {"channels", "tone", "barriers"}
    entry = audit_entries(web_ws, actor="case1")[0]
    assert entry.action == "person.lookup" and entry.subject == key
    assert entry.detail["found"] is True and entry.detail["profile"] == trained


def test_unknown_person_is_audited_too(web_ws: Workspace) -> None:
    profile = personal_profile(web_ws, "no-such-customer", "case2")
    assert not profile.found and profile.sources == []
    assert audit_entries(web_ws, actor="case2")[0].detail == {
        "found": False, "sources": [], "profile": None}


def test_a_failing_lookup_is_still_audited(web_ws: Workspace,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_args: object) -> None:
        raise RuntimeError("disk gone")

    monkeypatch.setattr(lookup_module, "_source_records", broken)
    with pytest.raises(RuntimeError):
        personal_profile(web_ws, "123", "case3")
    entry = audit_entries(web_ws, actor="case3")[0]
    assert entry.subject == "123" and entry.detail == {"found": False, "error": True}


@pytest.mark.parametrize(("value", "expected"), [
    (1007156, "1007156"), (1007156.0, "1007156"), (" 1007156 ", "1007156"),
    ("1007156.0", "1007156"), ("AB-12", "AB-12"), (1.5, "1.5"),
])
def test_key_text(value: object, expected: str) -> None:
    assert key_text(value) == expected
