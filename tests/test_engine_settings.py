"""``[settings.engine]``: defaults, validation and documentation (issue 15)."""

from __future__ import annotations

from pathlib import Path

import pytest

from personakit.engine import EngineSettings, engine_settings
from personakit.engine._source import source_format
from personakit.errors import ConfigError
from personakit.workspace import Workspace

DOC = (Path(__file__).resolve().parents[1] / "docs" / "settings.md").read_text("utf-8")


@pytest.mark.parametrize("field", list(EngineSettings.model_fields))
def test_every_engine_setting_is_documented(field: str) -> None:
    assert f"`{field}`" in DOC.split("## `[settings.engine]`")[1]


def test_local_is_the_default(workspace: Workspace) -> None:
    assert engine_settings(workspace).backend == "local"


def test_a_bad_backend_names_the_setting(workspace: Workspace) -> None:
    doc = workspace.config_document()
    doc["settings"] = {"engine": {"backend": "dask"}}
    with workspace.transaction() as st:
        st.edit_config().update(doc)
    with pytest.raises(ConfigError) as caught:
        engine_settings(workspace)
    assert "settings.engine.backend" in caught.value.message("en")


@pytest.mark.parametrize(("path", "given", "expected"), [
    ("hdfs:///crm/klanten.csv", "auto", "csv"),
    ("/data/export.CSV.gz", "auto", "csv"),
    ("s3a://bucket/crm/", "auto", "parquet"),
    ("/data/part-*.parquet", "auto", "parquet"),
    ("/data/klanten.txt", "parquet", "parquet"),
])
def test_source_format(path: str, given: str, expected: str) -> None:
    assert source_format(path, given) == expected
