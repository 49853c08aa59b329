"""Seed 004's five mistakes: none on the demo's personas, each found when it is there."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from personakit.model import Evidence, Statement
from personakit.segment import get_segmentation
from personakit.steer import RULES, lint_personas, steer_settings
from personakit.steer._lint import one_for_all, too_general
from personakit.track import current_personas, get_version, save_persona
from personakit.workspace import Workspace
from tests._steerdata import copy_steer_ws, steer_template

pytestmark = pytest.mark.slow


@pytest.fixture
def ws(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    workspace = copy_steer_ws(steer_template(tmp_path_factory),
                              tmp_path_factory.mktemp("lint") / "ws")
    yield workspace
    workspace.close()


def _flags(ws: Workspace, now: datetime | None = None) -> set[str]:
    return {f.rule for f in lint_personas(ws, now=now).flagged}


def test_the_demo_personas_make_none_of_the_five_mistakes(ws: Workspace) -> None:
    report = lint_personas(ws)
    assert [f.rule for f in report.findings] == list(RULES)
    assert report.flagged == []


def test_stale_after_the_set_limit_without_a_data_check(ws: Workspace) -> None:
    limit = steer_settings(ws).stale_days
    built = get_version(ws).created_at
    assert "stale" not in _flags(ws, built + timedelta(days=limit - 1))
    later = built + timedelta(days=limit + 1)
    assert "stale" in _flags(ws, later)
    from personakit.validate import start_round

    start_round(ws)  # a validation round is a data check
    assert "stale" not in _flags(ws, datetime.now(UTC) + timedelta(days=limit - 1))


def _with(ws: Workspace, section: str, count: int, *, evidence: bool) -> None:
    for persona in current_personas(ws):
        extra = [Statement(id=f"hand-{i}", section=section,  # type: ignore[arg-type]
                           text={"nl": "iets", "en": "something"},
                           evidence=[Evidence(kind="statistic", variable="leeftijd", n=50)]
                           if evidence else [], assumption=not evidence, author="test")
                 for i in range(count)]
        save_persona(ws, persona.model_copy(update={"statements": persona.statements + extra}),
                     base_revision=persona.revision, author="test")


def test_built_on_assumptions(ws: Workspace) -> None:
    statements = max(len(p.statements) for p in current_personas(ws))
    _with(ws, "notes", statements, evidence=False)
    found = next(f for f in lint_personas(ws).findings if f.rule == "assumptions")
    assert found.flagged and found.figure is not None and found.figure > 0.3
    assert len(found.personas) == len(current_personas(ws))


def test_too_much_demographics(ws: Workspace) -> None:
    statements = max(len(p.statements) for p in current_personas(ws))
    _with(ws, "demographics", statements, evidence=True)
    assert "too_demographic" in _flags(ws)
    assert "assumptions" not in _flags(ws)


def test_too_general_when_two_personas_share_their_traits(ws: Workspace) -> None:
    personas = current_personas(ws)
    seg = get_segmentation(ws, get_version(ws).segmentation_id)
    settings = steer_settings(ws)
    assert not too_general(personas, seg, settings).flagged
    twin = seg.model_copy(deep=True)
    twin.profiles[1].effects = list(twin.profiles[0].effects)
    found = too_general(personas, twin, settings)
    assert found.flagged and found.figure == 0.0
    assert set(found.personas) == {personas[0].id, personas[1].id}
    bare = seg.model_copy(deep=True)
    bare.profiles[2].effects = []
    assert personas[2].id in too_general(personas, bare, settings).personas


def test_one_persona_for_everything(ws: Workspace) -> None:
    personas = current_personas(ws)
    seg = get_segmentation(ws, get_version(ws).segmentation_id)
    assert not one_for_all(ws, personas, seg).flagged
    assert one_for_all(ws, personas[:1], seg).flagged
    with ws.transaction() as st:
        doc = st.edit_config()
        doc["target_groups"]["seniors"] = {"where": "leeftijd >= 65"}
        doc["target_groups"]["young"] = {"where": "leeftijd < 30"}
    assert one_for_all(ws, personas, seg).flagged  # built on no target group of the two
