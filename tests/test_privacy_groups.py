"""The minimum group size: no persona, statistic or quote rests on fewer people."""

from __future__ import annotations

import tomlkit

from personakit.persona import PersonaInputs, PersonaSettings, build_personas, synthesize
from personakit.privacy import (
    DEFAULT_MIN_GROUP_SIZE,
    large_enough,
    min_group_size,
    share_count,
)
from personakit.workspace import Workspace
from tests.test_persona_build import eff, make_segmentation


def test_helpers() -> None:
    assert min_group_size(None) == DEFAULT_MIN_GROUP_SIZE == 10
    assert large_enough(10, 10) and not large_enough(9, 10) and not large_enough(None, 10)
    assert share_count(0.025, 400) == 10


def test_workspace_setting_is_used(workspace: Workspace) -> None:
    assert min_group_size(workspace) == 10
    with workspace.transaction() as st:
        st.edit_config()["workspace"]["min_group_size"] = 500  # type: ignore[index]
    assert min_group_size(workspace) == 500
    version = build_personas(workspace, make_segmentation())
    assert [p.size for p in version.personas] == [600]  # the 400-people profile is gone
    assert version.settings["min_group_size"] == 500
    doc = tomlkit.parse(workspace.config_path.read_text(encoding="utf-8"))
    assert doc["workspace"]["min_group_size"] == 500  # type: ignore[index]


def test_no_statistic_on_fewer_people_than_the_minimum() -> None:
    segmentation = make_segmentation()
    profile = segmentation.profiles[0]
    small = [eff("zeldzaam_kenmerk", "x", "share", 0.02, 0.001, 0.9, n=400),  # 8 people
             eff("kleine_groep", None, "mean", 3.0, 1.0, 1.0, n=9)]
    segmentation.profiles[0] = profile.model_copy(
        update={"effects": [*profile.effects, *small],
                "kpis": {**profile.kpis, "nps": {"profile": 60, "rest": 20, "n": 7}}})
    persona = synthesize(segmentation, PersonaInputs(), settings=PersonaSettings(), lang="en",
                         seed=1)[0]
    variables = {e.variable for s in persona.statements for e in s.evidence}
    assert not variables & {"zeldzaam_kenmerk", "kleine_groep", "nps"}
    assert "nps" not in persona.kpis
    assert all(e.n is None or e.n >= 10 for s in persona.statements for e in s.evidence)
