"""Numbers for people (issue 10, point 6): 1.234,5 and 34 % in Dutch, 1,234.5 and 34% in
English, years as years, p < 0,001, and no e-notation in any output of a built demo."""

from __future__ import annotations

import math
import re
import subprocess
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi import FastAPI
from hypothesis import given
from hypothesis import strategies as st
from pptx import Presentation

from personakit.i18n import (
    format_count,
    format_number,
    format_p,
    format_percent,
    format_signed,
    format_year,
    has_e_notation,
    is_year_variable,
)
from personakit.model import Evidence, VariableEffect
from personakit.report import render
from personakit.report._format import evidence_short, evidence_text, figure
from personakit.track import current_personas
from personakit.workspace import Workspace
from tests._webapp import app, client_for, csrf_of, web_ws

__all__ = ["app", "web_ws"]


@pytest.mark.parametrize(("value", "digits", "nl", "en"), [
    (1234.5, 1, "1.234,5", "1,234.5"),
    (1234567.891, 2, "1.234.567,89", "1,234,567.89"),
    (4.25, 1, "4,2", "4.2"),
    (0.5, 2, "0,50", "0.50"),
    (-0.001, 1, "0,0", "0.0"),  # no "-0,0"
    (-1500.0, 0, "-1.500", "-1,500"),
    (3.14159, None, "3,1", "3.1"),
    (345.6, None, "346", "346"),
    (0.000345, None, "0,00034", "0.00034"),
    (2.7e-165, None, "< 0,000001", "< 0.000001"),
    (1e21, None, "1.000.000.000.000.000.000.000", "1,000,000,000,000,000,000,000"),
    (None, 1, "–", "–"),
    (math.nan, 1, "–", "–"),
])
def test_numbers(value: float | None, digits: int | None, nl: str, en: str) -> None:
    assert format_number(value, "nl", digits) == nl
    assert format_number(value, "en", digits) == en


@pytest.mark.parametrize(("share", "nl", "en"), [
    (0.34, "34 %", "34%"), (1.0, "100 %", "100%"), (0.0, "0 %", "0%"),
    (0.004, "0,4 %", "0.4%"), (0.0001, "< 0,1 %", "< 0.1%"), (None, "–", "–"),
])
def test_percentages(share: float | None, nl: str, en: str) -> None:
    assert format_percent(share, "nl") == nl
    assert format_percent(share, "en") == en


@pytest.mark.parametrize(("p", "nl", "en"), [
    (2.7e-165, "p < 0,001", "p < 0.001"), (0.0004, "p < 0,001", "p < 0.001"),
    (0.0042, "p = 0,004", "p = 0.004"), (0.0123, "p = 0,01", "p = 0.01"),
    (0.34, "p = 0,34", "p = 0.34"),
])
def test_significance(p: float, nl: str, en: str) -> None:
    assert format_p(p, "nl") == nl
    assert format_p(p, "en") == en
    assert format_p(p, "nl", symbol="q").startswith("q ")
    assert format_p(p, "en", symbol="") in (en[4:], en[2:])


def test_counts_years_and_signs() -> None:
    assert (format_count(12345, "nl"), format_count(12345.4, "en")) == ("12.345", "12,345")
    assert format_year(1990.4) == "1990" and format_year(1990.4, "nl") == "1990"
    assert format_year(2024.0, "en") == "2024"
    assert format_signed(0.456, "nl") == "+0,46" and format_signed(-1234.5, "en", 1) == "-1,234.5"
    assert format_signed(0.0001, "nl") == "0,00"


@pytest.mark.parametrize(("name", "values", "expected"), [
    ("bouwjaar", [1990.4, 2001.0], True), ("geboortejaar", [1971], True),
    ("BirthYear", [1980], True), ("year_built", [2003], True), ("auto_bouwjaar", [], True),
    ("looptijd_jaren", [12.0], False), ("years_active", [3], False),
    ("kosten_per_jaar", [2000], False), ("jaaromzet", [2000], False),
    ("omzet_jaar", [25_000], False), ("leeftijd", [1990], False), (None, [1990], False),
])
def test_which_columns_hold_years(name: str | None, values: list[float],
                                  expected: bool) -> None:
    assert is_year_variable(name, values) is expected


finite = st.floats(allow_nan=False, allow_infinity=False, min_value=-1e15, max_value=1e15)


@given(finite, st.integers(min_value=0, max_value=4))
def test_dutch_numbers_read_back_as_the_number(value: float, digits: int) -> None:
    text = format_number(value, "nl", digits)
    assert not has_e_notation(text)
    assert re.fullmatch(r"-?\d{1,3}(\.\d{3})*(,\d+)?", text), text
    back = float(text.replace(".", "").replace(",", "."))
    assert math.isclose(back, round(value, digits), abs_tol=10 ** -digits)
    assert format_number(value, "en", digits).replace(",", "") == text.replace(".", "").replace(
        ",", ".")


@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e300, max_value=1e300))
def test_no_e_notation_whatever_the_size(value: float) -> None:
    for lang in ("nl", "en"):
        for text in (format_number(value, lang), format_percent(value / 1e6, lang),
                     format_count(value / 1e280, lang), format_p(abs(value) / 1e300, lang)):
            assert not has_e_notation(text), text


def test_evidence_lines_show_shares_years_and_q_for_people() -> None:
    share = Evidence(kind="statistic", variable="kanaal", level="app", profile_value=0.4237,
                     rest_value=0.1, effect=0.7, lift=4.237, ci_low=0.38, ci_high=0.47,
                     q_value=2.7e-165, n=1234)
    line = evidence_text(share, "nl")
    assert "42 %" in line and "10 %" in line and "q < 0,001" in line and "n = 1.234" in line
    assert "38 % – 47 %" in line and "4,24" in line and not has_e_notation(line)
    assert "42%" in evidence_text(share, "en") and "n = 1,234" in evidence_text(share, "en")
    year = Evidence(kind="statistic", variable="bouwjaar", profile_value=1990.4,
                    rest_value=2005.8, effect=-0.8, ci_low=1988.9, ci_high=1991.7,
                    q_value=0.0042, n=50)
    assert figure(year.profile_value, year, "nl") == "1990"
    assert evidence_short(year, "nl") == "1990 tegen 2006 bij de rest; q = 0,004; n = 50"
    mean = Evidence(kind="statistic", variable="aantal_contacten", profile_value=5.6864,
                    rest_value=1.6, effect=1.2, q_value=0.2)
    assert evidence_short(mean, "en") == "5.7 vs 1.6 among the rest; q = 0.20"


def test_explorer_rows_format_years_shares_and_q() -> None:
    from personakit.web.routes.explorer import _effect_row

    year = VariableEffect(variable="bouwjaar", kind="mean", profile_value=1990.4,
                          rest_value=2004.6, effect=-0.81, ci_low=1989.0, ci_high=1991.9,
                          p_value=1e-170, q_value=2.7e-165, n_profile=1250, n_rest=4000)
    row = _effect_row(year, "nl")
    assert (row["profile"], row["rest"], row["low"], row["high"]) == ("1990", "2005", "1989",
                                                                       "1992")
    assert (row["q"], row["n"], row["size"]) == ("< 0,001", "1.250", "-0,81")
    share = year.model_copy(update={"variable": "kanaal", "level": "app", "kind": "share",
                                    "profile_value": 0.345, "rest_value": 0.1,
                                    "ci_low": 0.3, "ci_high": 0.39, "q_value": 0.012})
    row = _effect_row(share, "en")
    assert (row["profile"], row["low"], row["q"]) == ("34%", "30%", "0.01")


# ---- every rendered output of a built demo --------------------------------------------------

E_NOTATION = re.compile(r"\d[eE][+-]?\d")
# Hex content hashes and ids ("3e4f…") are not numbers.
HEX = re.compile(r"\b[0-9a-f]{7,64}\b")
# A Dutch decimal sign is a comma: a dot between digits may only group thousands (1.234).
NL_BAD_DECIMAL = re.compile(r"(?<![\d.,])\d+\.(?:\d{1,2}|\d{4,})(?![\d])")


class _Visible(HTMLParser):
    """The text a reader sees, plus alt and aria-label texts (charts read out their figures)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        self.parts += [v for k, v in attrs if k in ("alt", "aria-label", "title") and v]

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def visible(html: str) -> str:
    parser = _Visible()
    parser.feed(html)
    return " ".join(parser.parts)


def pptx_text(path: Path) -> str:
    deck = Presentation(str(path))
    parts = []
    for slide in deck.slides:
        parts += [s.text_frame.text for s in slide.shapes if s.has_text_frame]
        if slide.has_notes_slide:
            parts.append(slide.notes_slide.notes_text_frame.text)
    return "\n".join(parts)


@pytest.fixture(scope="module")
def outputs(web_ws: Workspace, app: FastAPI, tmp_path_factory: pytest.TempPathFactory
            ) -> Iterator[dict[str, str]]:
    """Every output a person reads, by (format, language)."""
    out = tmp_path_factory.mktemp("numbers")
    texts: dict[str, str] = {}
    for lang in ("nl", "en"):
        html = render(web_ws, "html", lang=lang, out=out / f"r-{lang}.html")
        texts[f"html-{lang}"] = visible(html.read_text(encoding="utf-8"))
        md = render(web_ws, "md", lang=lang, out=out / f"r-{lang}.md")
        texts[f"md-{lang}"] = md.read_text(encoding="utf-8")
        texts[f"pptx-{lang}"] = pptx_text(render(web_ws, "pptx", lang=lang,
                                                 out=out / f"r-{lang}.pptx"))
    pdf = render(web_ws, "poster-pdf", lang="nl", out=out / "r-nl.pdf", page_size="A4")
    texts["pdf-nl"] = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True,
                                     text=True, check=True).stdout
    client = client_for(app, "analyst")
    personas = current_personas(web_ws)
    for lang in ("nl", "en"):
        page = client.get("/")
        switched = client.post("/language", data={"lang": lang, "next": "/",
                                                  "csrf": csrf_of(page.text)})
        assert switched.status_code == 200, switched.text
        for persona in personas:
            response = client.get(f"/personas/{persona.id}")
            assert response.status_code == 200
            texts[f"web-{persona.id}-{lang}"] = visible(response.text)
        explorer = client.get("/explorer")
        assert explorer.status_code == 200 and "<table" in explorer.text
        texts[f"explorer-{lang}"] = visible(explorer.text)
    yield texts


def test_demo_outputs_are_in_their_language(outputs: dict[str, str]) -> None:
    assert "Persona's" in outputs["html-nl"] and "Segmentverkenner" in outputs["explorer-nl"]
    assert "Segment explorer" in outputs["explorer-en"]
    assert " %" in outputs["explorer-nl"] and re.search(r"\d%", outputs["explorer-en"])
    assert "q < 0,001" in outputs["html-nl"] and "q < 0.001" in outputs["html-en"]


def test_english_percentages_have_no_space(outputs: dict[str, str]) -> None:
    """'34%' in English, '34 %' in Dutch: a persona statement once said '1 %, against 6 in
    10' in English (the short-share form used the Dutch spacing)."""
    english = {name: text for name, text in outputs.items() if name.endswith("-en")}
    found = {name: re.findall(r"\d %", HEX.sub(" ", text)) for name, text in english.items()}
    assert not {name: hits for name, hits in found.items() if hits}


def test_no_e_notation_in_any_output(outputs: dict[str, str]) -> None:
    found = {name: E_NOTATION.findall(HEX.sub(" ", text)) for name, text in outputs.items()}
    assert not {name: hits for name, hits in found.items() if hits}


def test_no_english_decimal_point_in_dutch_output(outputs: dict[str, str]) -> None:
    dutch = {name: text for name, text in outputs.items() if name.endswith("-nl")}
    assert len(dutch) >= 7
    found = {name: NL_BAD_DECIMAL.findall(HEX.sub(" ", text)) for name, text in dutch.items()}
    assert not {name: hits for name, hits in found.items() if hits}


@pytest.mark.parametrize(("text", "e_notation", "bad_dutch"), [
    ("1.99e+03", True, True), ("q = 2.7e-165", True, True), ("n = 1E5", True, False),
    ("gemiddeld 4.2 keer", False, True), ("0.34", False, True), ("3.14159", False, True),
    ("1.234,5", False, False), ("34 %", False, False), ("1990", False, False),
    ("1.234.567", False, False), ("inhoud 3e4f9a0b12cd", False, False),
])
def test_the_detectors_catch_what_they_must(text: str, e_notation: bool,
                                            bad_dutch: bool) -> None:
    cleaned = HEX.sub(" ", text)
    assert bool(E_NOTATION.search(cleaned)) is e_notation
    assert bool(NL_BAD_DECIMAL.search(cleaned)) is bad_dutch
