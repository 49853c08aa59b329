"""Every setting of personakit.toml is documented."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import BaseModel

from personakit.access import WebSettings
from personakit.ingest._documents import TextImportSettings
from personakit.journey._settings import JourneySettings
from personakit.segment import SegmentSettings
from personakit.steer import SteerSettings
from personakit.texts import ThemeSettings
from personakit.validate import ValidateSettings
from personakit.workspace import config

DOCS = Path(__file__).resolve().parents[1] / "docs"
DOC = (DOCS / "settings.md").read_text(encoding="utf-8")
SEGMENT_DOC = (DOCS / "guide" / "03-segment.md").read_text(encoding="utf-8")
SECTIONS: list[type[BaseModel]] = [
    config.WorkspaceSettings, config.SourceConfig, config.TargetGroup, config.Lens,
    config.Hypothesis, WebSettings, ValidateSettings, SteerSettings, JourneySettings,
    ThemeSettings, TextImportSettings,
]


@pytest.mark.parametrize(
    "field", [(m.__name__, f) for m in SECTIONS for f in m.model_fields], ids=str
)
def test_setting_is_documented(field: tuple[str, str]) -> None:
    assert f"`{field[1]}`" in DOC


def test_every_section_is_documented() -> None:
    for name in config.WorkspaceConfig.model_fields:
        assert f"[{name}" in DOC, name


@pytest.mark.parametrize("field", list(SegmentSettings.model_fields))
def test_segment_setting_is_documented(field: str) -> None:
    assert f"`{field}`" in SEGMENT_DOC
