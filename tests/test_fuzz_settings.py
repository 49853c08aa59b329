"""Fuzzed ``personakit.toml`` (issue 16, point 2): any file gives a configuration or a
typed ``ConfigError``, and so does every ``[settings.*]`` section read from it.

Three kinds of input: random text, the file ``personakit init`` writes with bytes damaged,
and well-formed TOML with values of every type in the known settings (the rules are in
``tests/_fuzz.py``). Below: one regression test per bug found.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import tomlkit
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel

from personakit.access._settings import WebSettings
from personakit.errors import ConfigError
from personakit.ingest._documents import TextImportSettings
from personakit.journey._settings import JourneySettings
from personakit.segment._settings import SegmentSettings
from personakit.steer._settings import SteerSettings
from personakit.texts._settings import ThemeSettings
from personakit.validate._settings import ValidateSettings
from personakit.workspace import Workspace
from personakit.workspace._workspace import _load_config
from personakit.workspace.config import TEMPLATE
from tests._fuzz import bounded_memory, fuzz_settings, ran, typed_only, write_input

pytestmark = pytest.mark.slow

TOML_INPUTS = 1000
SECTIONS: dict[str, type[BaseModel]] = {
    "web": WebSettings, "text_import": TextImportSettings, "steer": SteerSettings,
    "journey": JourneySettings, "validate": ValidateSettings, "texts": ThemeSettings,
    "segment": SegmentSettings,
}

_SCALARS = st.one_of(st.booleans(), st.integers(-(2**70), 2**70), st.floats(),
                     st.text(max_size=5), st.dates(), st.datetimes(), st.times())
_VALUES = st.recursive(_SCALARS, lambda inner: st.lists(inner, max_size=3)
                       | st.dictionaries(st.text(max_size=4), inner, max_size=3), max_leaves=5)


def _dumped(document: dict[str, Any]) -> bytes:
    try:
        text = tomlkit.dumps(document)
    except (TypeError, ValueError):  # tomlkit cannot write some values (a surrogate)
        text = repr(document)
    return text.encode("utf-8", "surrogatepass")


@st.composite
def config_file(draw: st.DrawFn) -> bytes:
    kind = draw(st.integers(0, 3))
    if kind == 0:
        return draw(st.text(max_size=80)).encode("utf-8", "surrogatepass")
    if kind == 1:
        data = TEMPLATE.format(language="nl").encode()
        at = draw(st.integers(0, 10**6)) % len(data)
        return data[:at] + draw(st.binary(max_size=6)) + data[at + draw(st.integers(0, 4)):]
    section = draw(st.sampled_from(sorted(SECTIONS)))
    names = st.sampled_from(sorted(SECTIONS[section].model_fields)) | st.text(max_size=4)
    workspace = st.sampled_from(["language", "min_group_size", "seed", "database_url",
                                 "template"])
    source = st.sampled_from(["file", "key", "roles", "labels", "canvas", "options"])
    return _dumped({
        "workspace": draw(st.dictionaries(workspace, _VALUES, max_size=2)),
        "settings": {section: draw(st.dictionaries(names, _VALUES, max_size=4))},
        "sources": draw(st.dictionaries(st.text(max_size=3), st.dictionaries(
            source, _VALUES, max_size=3), max_size=2)),
    })


def _read_everything(path: Path) -> None:
    workspace = Workspace(path.parent, _load_config(path))
    for name, model in SECTIONS.items():
        try:
            workspace.settings_section(name, model)
        except ConfigError as exc:
            exc.message()


@fuzz_settings(TOML_INPUTS)
@given(data=config_file())
def _config_case(tmp: Path, data: bytes) -> None:
    path = write_input(tmp / "personakit.toml", data)
    error = typed_only("toml", lambda: _read_everything(path))
    assert error is None or isinstance(error, ConfigError), error


def test_any_config_file_gives_settings_or_a_config_error(tmp_path: Path) -> None:
    with bounded_memory():
        _config_case(tmp_path)
    ran("toml", TOML_INPUTS)


# -- regressions: one per bug the fuzzing found ---------------------------------------------
def test_a_byte_that_is_not_utf8_is_a_config_error_naming_the_line(tmp_path: Path) -> None:
    # Was UnicodeDecodeError (a file saved as cp1252 with "Enquête" in a label).
    path = tmp_path / "personakit.toml"
    path.write_bytes(b'[workspace]\nlanguage = "nl"\n\n[sources.x]\nfile = "Enqu\xeate.csv"\n')
    with pytest.raises(ConfigError) as caught:
        _load_config(path)
    assert "line 5" in caught.value.params["detail"]
    assert "0xEA" in caught.value.params["detail"]


def test_a_config_saved_with_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    # Was "Empty key at line 1": Notepad may save UTF-8 with a BOM.
    ws = Workspace.init(tmp_path / "ws", language="en")
    ws.close()
    text = ws.config_path.read_text(encoding="utf-8").replace("seed = 42", "seed = 7")
    ws.config_path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    with Workspace.open(ws.root) as opened:
        assert opened.config.workspace.seed == 7
        assert "seed" in opened.config_document()["workspace"]  # type: ignore[operator]


@pytest.mark.parametrize(("seed", "valid"), [
    (0, True), (2**32 - 1, True), (-1, False), (2**32, False), (10**30, False)])
def test_the_seed_is_one_numpy_and_scikit_learn_take(
        tmp_path: Path, seed: int, valid: bool) -> None:
    # Was accepted, and then `personakit segment` failed with ValueError from numpy.
    path = tmp_path / "personakit.toml"
    path.write_text(f"[workspace]\nseed = {seed}\n", encoding="utf-8")
    if valid:
        assert _load_config(path).workspace.seed == seed
    else:
        with pytest.raises(ConfigError, match="seed"):
            _load_config(path)
