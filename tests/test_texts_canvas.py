"""Themes and analysts' codes on the persona canvas (issue 11, point 5): the theme rule, the
sentence in both languages, statistic and quote evidence, codes as insights, gaps filled,
and never a snippet that identifies someone."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from personakit.i18n import LANGUAGES
from personakit.model import Persona, Statement
from personakit.persona import PersonaInputs, PersonaSettings, build_personas, synthesize
from personakit.privacy import scrub
from personakit.segment._stats import wilson
from personakit.texts import Code, QualitativeEvidence, TextItem, ThemeModel, over_represented
from personakit.texts._canvas import (
    THEME_MIN_LIFT,
    recount_shares,
    relink,
    shown_text,
    stored_themes,
    theme_section,
)
from personakit.track import current_personas
from personakit.workspace import Workspace
from tests._textsdata import IDENTIFYING, make_items, make_run, store_run
from tests.test_persona_build import make_segmentation

LINKS = [("default-0", "seg1-0"), ("default-1", "seg1-1")]


def _evidence(items: list[TextItem] | None = None, run: ThemeModel | None = None,
              codes: list[Code] | None = None) -> QualitativeEvidence:
    items = items if items is not None else make_items(LINKS)
    return QualitativeEvidence(themes=run if run is not None else make_run(items, LINKS),
                               items={i.id: i for i in items}, codes=codes or [])


def _build(evidence: QualitativeEvidence | None, lang: str = "nl") -> dict[str, Persona]:
    personas = synthesize(make_segmentation(), PersonaInputs(qualitative=evidence),
                          settings=PersonaSettings(), lang=lang, seed=42)
    return {p.id: p for p in personas}


def _statement(persona: Persona, statement_id: str) -> Statement:
    found = [s for s in persona.statements if s.id == statement_id]
    assert found, [s.id for s in persona.statements]
    return found[0]


def test_an_over_represented_theme_is_a_statement_with_figure_and_quotes() -> None:
    second = _build(_evidence())["default-1"]
    statement = _statement(second, "theme:t-wait")
    assert statement.section == "frustrations"  # its words: wachten, wachttijd
    assert statement.text["nl"] == ("Noemt vaker dan anderen ‘wachten, telefoon, wachttijd’ "
                                    "(3 op de 10 gesprekken, tegen 1 op de 10)")
    assert statement.text["en"] == ("Mentions ‘waiting, phone, waiting time’ more often than "
                                    "others (3 in 10 conversations, against 1 in 10)")
    figure, *quotes = statement.evidence
    low, high = wilson(30, 100)
    assert figure.kind == "statistic" and figure.variable == "theme:t-wait"
    assert figure.profile_value == pytest.approx(0.30)
    assert figure.rest_value == pytest.approx(0.12)
    assert figure.lift == pytest.approx(2.5)
    assert (figure.ci_low, figure.ci_high) == (pytest.approx(low), pytest.approx(high))
    assert figure.n == 100
    assert figure.label == {"nl": "thema ‘wachten, telefoon, wachttijd’",
                            "en": "theme ‘waiting, phone, waiting time’"}
    assert 1 <= len(quotes) <= 2 and all(q.kind == "quote" for q in quotes)
    assert all(q.source == "interviews" and q.text for q in quotes)
    assert statement.author == "personakit" and not statement.assumption


def test_a_theme_an_analyst_named_reads_as_part_of_the_sentence() -> None:
    items = make_items(LINKS)
    run = make_run(items, LINKS)
    wait = next(t for t in run.themes if t.id == "t-wait")
    named = wait.model_copy(update={
        "label": {"nl": "De wachttijd aan de telefoon", "en": "Waiting on the phone"},
        "renamed_by": "ana"})
    run = run.model_copy(update={"themes": [named if t.id == "t-wait" else t
                                            for t in run.themes]})
    statement = _statement(_build(_evidence(items, run))["default-1"], "theme:t-wait")
    assert statement.text == {
        "nl": "Noemt vaker dan anderen de wachttijd aan de telefoon (3 op de 10 gesprekken, "
              "tegen 1 op de 10)",
        "en": "Mentions waiting on the phone more often than others (3 in 10 conversations, "
              "against 1 in 10)"}


def test_each_theme_lands_on_the_persona_it_is_typical_of_and_nowhere_else() -> None:
    personas = _build(_evidence())
    first, second = personas["default-0"], personas["default-1"]
    themed = {p: {s.id for s in personas[p].statements if s.id.startswith("theme:")}
              for p in personas}
    # t-price: below the threshold over all texts, but among the negative ones it is what
    # the first persona complains about more (13 of 19, against 10 of 24).
    assert themed == {
        "default-0": {"theme:t-app", "theme:t-app@goals", "theme:t-price@negative"},
        "default-1": {"theme:t-wait", "theme:t-fast"}}
    assert _statement(first, "theme:t-app").section == "drivers"  # the analyst's section
    goal = _statement(second, "theme:t-fast")
    assert goal.section == "goals"
    # Nobody else mentions it: the rest's share is 0 and no lift can be given.
    assert goal.evidence[0].rest_value == 0 and goal.evidence[0].lift is None
    assert goal.text["en"].endswith("(1 in 10 conversations, against 0%)")


def test_under_the_threshold_no_statement_and_below_the_minimum_not_even_listed() -> None:
    personas = _build(_evidence())
    everything = [s.id for p in personas.values() for s in p.statements]
    # t-price: lift 13 % / 10 % = 1.3 < 1.5; t-small: lift 8, but 8 texts < 10.
    assert "theme:t-price" not in everything and "theme:t-small" not in everything
    first = {t.id: t for t in stored_themes(personas["default-0"].extra)}
    second = {t.id: t for t in stored_themes(personas["default-1"].extra)}
    assert first["t-price"].over is False and first["t-price"].in_theme == 13
    assert "t-small" not in second  # 8 texts: a figure on fewer than 10 is never shown
    assert [t.id for t in stored_themes(personas["default-1"].extra)][:2] == ["t-fast",
                                                                           "t-wait"]
    assert second["t-wait"].over and second["t-wait"].snippet is not None


@pytest.mark.parametrize(("k", "n", "rest", "expected"), [
    (30, 100, 0.10, True),     # lift 3, interval 22-40 % above 10 %
    (14, 100, 0.10, False),    # lift 1.4 < 1.5
    (18, 100, 0.12, False),    # lift 1.5, but the interval (12-27 %) reaches down to 12 %
    (9, 20, 0.10, False),      # lift 4.5, certain, but 9 texts < 10
    (10, 12, 0.10, True),      # 10 texts of 12: enough
    (12, 100, 0.0, True),      # nobody else: lift infinite, interval above 0
    (30, 100, None, False),    # no rest to compare with
])
def test_the_theme_rule(k: int, n: int, rest: float | None, expected: bool) -> None:
    assert over_represented(k, n, rest, 10) is expected
    assert THEME_MIN_LIFT == 1.5


def test_codes_become_insight_statements_marked_as_coded_by_a_person() -> None:
    items = make_items(LINKS)
    by_id = {i.id: i for i in items}
    second = [i for i in items if i.persona_id == "default-1"]
    wait_item = next(i for i in second if i.text.startswith("De wachttijd"))
    named = next(i for i in second if "[naam]" in i.text)
    loose = next(i for i in items if i.persona_id is None and i.competitor is None)
    now = datetime(2026, 2, 1, tzinfo=UTC)

    def code(cid: str, item: TextItem, kind: str, tag: str | None, author: str,
             persona: str | None = None) -> Code:
        return Code(id=cid, item_id=item.id, start=0, end=len(item.text), text=item.text,
                    kind=kind, tag=tag, persona_id=persona or item.persona_id, author=author,  # type: ignore[arg-type]
                    created_at=now)

    codes = [code("c1", wait_item, "frustration", "wachttijd", "ana"),
             code("c2", named, "frustration", "wachttijd", "bob"),  # names someone: left out
             code("c3", loose, "goal", None, "ana", persona="default-0")]
    personas = _build(QualitativeEvidence(themes=None, items=by_id, codes=codes))
    coded = _statement(personas["default-1"], "code:frustration:wachttijd")
    assert coded.section == "frustrations"
    assert coded.text["nl"] == ("Door een analist gecodeerd als ‘wachttijd’ (ergernis): "
                                f"„{wait_item.text}”")
    assert coded.text["en"].startswith("Coded by an analyst as ‘wachttijd’ (a frustration): “")
    assert [(e.kind, e.author, e.source) for e in coded.evidence] == [
        ("insight", "ana", "interviews")]
    goal = _statement(personas["default-0"], "code:goal:goal")
    assert goal.section == "goals" and goal.evidence[0].text == loose.text
    assert not any(s.id.startswith("code:") for s in personas["default-1"].statements
                   if s.id != "code:frustration:wachttijd")


def test_themes_fill_the_gaps_that_said_no_data() -> None:
    without = _build(None)
    assert "goals" in without["default-1"].gaps and "drivers" in without["default-0"].gaps
    with_themes = _build(_evidence())
    second, first = with_themes["default-1"], with_themes["default-0"]
    assert "goals" not in second.gaps and "drivers" not in first.gaps
    assert set(second.gaps) == set(without["default-1"].gaps) - {"goals"}
    for code in LANGUAGES:  # a gap left says why, in both languages
        assert all(code in text for text in second.gaps.values())


def test_no_snippet_that_identifies_someone_and_everything_scrubbed() -> None:
    items = make_items(LINKS)
    slipped = "Bel me op 06-12345678 als de monteur er is, want ik wacht al uren aan de telefoon."
    leak = items[0].model_copy(update={"id": "interviews:leak:1", "text": slipped,
                                        "persona_id": "default-1", "profile_id": "seg1-1"})
    items.append(leak)
    run = make_run(items, LINKS)
    wait = next(t for t in run.themes if t.id == "t-wait")
    assert wait.snippets[0].text.startswith(IDENTIFYING)  # the most typical ones ...
    from personakit.texts import Snippet

    wait.snippets.insert(2, Snippet(item_id=leak.id, text=slipped, source="interviews"))
    personas = _build(_evidence(items, run))
    shown = [e.text or "" for p in personas.values() for s in p.statements for e in s.evidence
             if e.kind != "statistic"]
    shown += [t.snippet.text for p in personas.values() for t in stored_themes(p.extra)
              if t.snippet]
    assert shown
    for text in shown:
        assert "[naam]" not in text and "4839201" not in text  # ... are never shown
        assert "06-12345678" not in text
        assert not scrub(text, "nl").findings
    assert shown_text(slipped, "nl") == slipped.replace("06-12345678", "[telefoon]")
    assert shown_text(IDENTIFYING[0], "nl") is None and shown_text(IDENTIFYING[1], "nl") is None


def test_same_inputs_same_personas() -> None:
    assert _build(_evidence()) == _build(_evidence())


def test_a_theme_speaks_to_a_section_by_its_words_then_its_sentiment() -> None:
    run = make_run(make_items(LINKS), LINKS)
    themes = {t.id: t for t in run.themes}
    assert theme_section(themes["t-wait"]) == "frustrations"
    assert theme_section(themes["t-fast"]) == "goals"
    objection = themes["t-price"].model_copy(update={"section": "objections"})
    assert theme_section(objection) == "fears"
    plain = themes["t-small"].model_copy(update={"label": {"nl": "x", "en": "x"},
                                                  "terms": ["zeep"], "sentiment": -0.5})
    assert theme_section(plain) == "frustrations"
    assert theme_section(plain.model_copy(update={"sentiment": 0.0})) is None


def test_a_run_made_against_another_build_is_counted_again_from_the_links() -> None:
    items = make_items(LINKS)
    counted = recount_shares(make_run(items, LINKS, shares=False), {i.id: i for i in items},
                             ["seg1-0", "seg1-1"])
    expected = make_run(items, LINKS)
    for got, want in zip(counted.themes, expected.themes, strict=True):
        pairs = {s.profile_id: (s.in_theme, s.texts, s.rest_in_theme, s.rest_texts)
                 for s in got.shares}
        assert pairs == {s.profile_id: (s.in_theme, s.texts, s.rest_in_theme, s.rest_texts)
                         for s in want.shares}


def test_build_personas_reads_the_stored_run_and_records_it(
        workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    items = make_items(LINKS)
    monkeypatch.setattr("personakit.texts.text_items", lambda ws, **_: items)
    store_run(workspace, make_run(items, LINKS))
    version = build_personas(workspace, make_segmentation())
    assert version.inputs["themes"] == "run-test-1@1"
    second = next(p for p in current_personas(workspace) if p.id == "default-1")
    assert {"theme:t-wait", "theme:t-fast"} <= {s.id for s in second.statements}


def test_relinking_follows_the_build_s_members() -> None:
    import pandas as pd

    items = make_items(LINKS)
    keyed = items[0].model_copy(update={"key": "K1", "linked_by": "key",
                                        "persona_id": "old-3", "profile_id": "old-3"})
    members = pd.DataFrame({"key": ["K1"], "profile_id": ["seg1-1"]})
    linked = {i.id: i for i in relink([keyed, items[150]], make_segmentation(), members)}
    assert (linked[keyed.id].profile_id, linked[keyed.id].persona_id) == ("seg1-1", "default-1")
    assert linked[items[150].id].persona_id == items[150].persona_id  # an analyst's link stays


def test_a_theme_among_the_answers_to_a_goals_question_is_a_goal() -> None:
    first = _build(_evidence())["default-0"]
    goal = _statement(first, "theme:t-app@goals")
    assert goal.section == "goals"
    assert goal.text["nl"] == ("Noemt bij wat telt vaker dan anderen ‘app, zelf regelen’ "
                               "(8 op de 10 antwoorden, tegen 0 %)")
    assert goal.text["en"] == ("Asked what matters, mentions ‘app, self-service’ more often "
                               "than others (8 in 10 answers, against 0%)")
    figure, *quotes = goal.evidence
    assert (figure.variable, figure.n) == ("theme:t-app@goals", 48)
    assert figure.profile_value == pytest.approx(40 / 48) and figure.rest_value == 0
    assert figure.label["nl"] == "thema ‘app, zelf regelen’ in antwoorden over doelen"
    assert quotes and all(q.text and q.text.startswith(("Via de app", "De app", "Handig"))
                          for q in quotes)
    # The same theme over all texts stays among the drivers.
    assert _statement(first, "theme:t-app").section == "drivers"


def test_a_theme_among_the_negative_texts_is_a_frustration() -> None:
    items = make_items(LINKS)
    run = make_run(items, LINKS)
    # An analyst placed the waiting theme among the channels: over all texts it is one;
    # among the negative texts (lexicon, or a low rating) it is what this persona
    # complains about.
    moved = [t.model_copy(update={"section": "channels"}) if t.id == "t-wait" else t
             for t in run.themes]
    second = _build(_evidence(items, run.model_copy(update={"themes": moved})))["default-1"]
    assert _statement(second, "theme:t-wait").section == "channels"
    complaint = _statement(second, "theme:t-wait@negative")
    assert complaint.section == "frustrations"
    assert complaint.text["nl"].startswith(
        "Klaagt vaker dan anderen over ‘wachten, telefoon, wachttijd’ (")
    assert "negatieve teksten" in complaint.text["nl"]
    assert complaint.text["en"].startswith(
        "Complains about ‘waiting, phone, waiting time’ more often than others (")
    figure = complaint.evidence[0]
    assert figure.label["en"] == "theme ‘waiting, phone, waiting time’ in negative texts"
    assert figure.n is not None and figure.n >= 10


def test_a_snippet_is_shown_once_on_a_persona() -> None:
    for persona in _build(_evidence()).values():
        shown = [e.text for s in persona.statements for e in s.evidence if e.kind == "quote"]
        shown += [q.text for q in persona.quotes]
        assert len(shown) == len(set(shown))


def test_per_section_and_per_theme_limits() -> None:
    from personakit.texts._canvas import PersonaTheme, _Candidate, _chosen

    run = make_run(make_items(LINKS), LINKS)
    theme = run.themes[0]

    def candidate(tid: str, section: str, group: str | None, certainty: float) -> _Candidate:
        figure = PersonaTheme(id=tid, label={"nl": tid, "en": tid}, section=section, texts=100,
                              in_theme=30, share=0.3, low=0.2, high=0.4, group=group)
        return _Candidate(certainty, figure, theme)

    chosen = _chosen([
        candidate("a", "goals", "goals", 0.5), candidate("a", "frustrations", "negative", 0.4),
        candidate("a", "expectations", "expectations", 0.3),  # a third section for "a"
        candidate("b", "goals", "goals", 0.2), candidate("c", "goals", "goals", 0.1),  # full
        candidate("d", "frustrations", None, 0.05),
        candidate("d", "frustrations", "negative", 0.9),  # the overall one wins
    ])
    assert [(c.figure.id, c.figure.section, c.figure.group) for c in chosen] == [
        ("a", "goals", "goals"), ("a", "frustrations", "negative"), ("b", "goals", "goals"),
        ("d", "frustrations", None)]
