"""The public API is small and explicit: sorted ``__all__`` that matches what is exported."""

from __future__ import annotations

import importlib

import pytest

PACKAGES = ["personakit", "personakit.model", "personakit.workspace", "personakit.store"]
OPTIONAL = ["personakit.ingest", "personakit.segment", "personakit.persona", "personakit.privacy",
            "personakit.report", "personakit.track", "personakit.access", "personakit.sample",
            "personakit.validate", "personakit.steer", "personakit.journey"]


@pytest.mark.parametrize("name", PACKAGES + OPTIONAL)
def test_all_is_sorted_and_complete(name: str) -> None:
    module = importlib.import_module(name)
    exported = module.__all__
    assert exported == sorted(exported)
    for attr in exported:
        assert hasattr(module, attr), f"{name}.{attr}"
    public = {a for a in vars(module) if not a.startswith("_")}
    submodules = {a for a in public if type(getattr(module, a)).__name__ == "module"}
    assert public - submodules - {"annotations"} <= set(exported) | {"t"}


def test_core_does_not_import_web_or_cli_frameworks() -> None:
    import subprocess
    import sys

    code = (
        "import sys, personakit, personakit.pipeline, personakit.model, personakit.workspace\n"
        "bad = [m for m in ('fastapi', 'typer', 'jinja2', 'starlette') if m in sys.modules]\n"
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
