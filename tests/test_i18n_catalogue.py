"""Every user-facing text exists in Dutch and English, with the same placeholders."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from personakit.i18n import LANGUAGES, both, catalogue, language, t

SRC = Path(__file__).resolve().parents[1] / "src" / "personakit"
KEY_LITERAL = re.compile(r"""\b(?:t|h|both)\(\s*["']([a-z0-9_]+(?:\.[a-z0-9_]+)+)["']""")
ERROR_LITERAL = re.compile(r"""Error\(\s*["']([a-z0-9_]+(?:\.[a-z0-9_]+)+)["']""")


def _fields(template: str) -> set[str]:
    return {name.split(".")[0].split("[")[0]
            for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("key", sorted(catalogue()))
def test_every_key_has_both_languages_with_the_same_fields(key: str) -> None:
    texts = catalogue()[key]
    assert set(texts) >= set(LANGUAGES), key
    assert all(texts[lang].strip() for lang in LANGUAGES), key
    assert _fields(texts["nl"]) == _fields(texts["en"]), key


def test_every_key_used_in_the_code_exists() -> None:
    used: set[tuple[str, str]] = set()
    for path in SRC.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for pattern in (KEY_LITERAL, ERROR_LITERAL):
            used.update((match, str(path.relative_to(SRC))) for match in pattern.findall(text))
    missing = sorted(f"{key} ({where})" for key, where in used if key not in catalogue())
    assert not missing, missing


def test_language_switch_and_fallback() -> None:
    with language("nl"):
        assert t("core.next_step") == "Volgende stap"
    assert t("core.next_step") == "Next"
    assert both("core.workspace.created", path="x") == {
        "nl": "Werkruimte aangemaakt in x",
        "en": "Created workspace in x",
    }
    with pytest.raises(ValueError, match="unsupported language"):
        t("core.next_step", "fr")
