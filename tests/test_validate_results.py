"""Results of a round: construct scores against reference implementations, distributions,
the minimum number of answers, comments grouped across Dutch and English, the archive."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import tomlkit
from hypothesis import given, settings
from hypothesis import strategies as st
from statsmodels.stats.proportion import proportion_confint
from statsmodels.stats.weightstats import DescrStatsW

from personakit.track import current_personas
from personakit.validate import (
    PPS_CONSTRUCTS,
    SEED_QUESTIONS,
    RoundSummary,
    close_round,
    get_round,
    make_links,
    round_answers,
    simulate_round,
    start_round,
    submit_answers,
    summarise_round,
)
from personakit.validate._results import (
    Comment,
    group_comments,
    mean_interval,
    summarise_rows,
    wilson,
)
from personakit.validate._rounds import JudgedPersona
from personakit.validate._tables import validation_answers
from personakit.workspace import Workspace
from tests._webapp import copy_ws, template

PERSONA = JudgedPersona(id="p1", revision=3, name="Petra")


def rows_of(*answers: dict[str, Any], role: str = "staff", lang: str = "en",
            persona: str = "p1") -> list[dict[str, Any]]:
    """Stored answer rows as ``round_answers`` gives them, one submission each."""
    return [{"id": i + 1, "submission": f"s{i}", "persona_id": persona, "role": role,
             "lang": lang, "answers": a} for i, a in enumerate(answers)]


def summary_of(rows: list[dict[str, Any]], min_answers: int = 5) -> Any:
    return summarise_rows("r1", 1, [PERSONA], rows, min_answers).personas[0]


# -- intervals against the references ---------------------------------------------------------
@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(1, 7).map(float) | st.sampled_from([1.5, 2.5, 6.5]),
                min_size=2, max_size=60).filter(lambda v: len(set(v)) > 1))
def test_the_mean_interval_is_statsmodels_t_interval(values: list[float]) -> None:
    mean, low, high = mean_interval(values)
    ref = DescrStatsW(values)
    ref_low, ref_high = ref.tconfint_mean(alpha=0.05)
    assert mean == pytest.approx(ref.mean)
    assert (low, high) == (pytest.approx(ref_low), pytest.approx(ref_high))


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 5_000).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))))
def test_the_top_box_interval_is_statsmodels_wilson(case: tuple[int, int]) -> None:
    successes, n = case
    low, high = wilson(successes, n)
    ref_low, ref_high = proportion_confint(successes, n, alpha=0.05, method="wilson")
    assert low == pytest.approx(ref_low, abs=1e-12)
    assert high == pytest.approx(ref_high, abs=1e-12)
    assert 0.0 <= low <= successes / n <= high <= 1.0


def test_a_construct_score_matches_the_references_end_to_end() -> None:
    items = [(7, 6), (5, 5), (6, 7), (3, 4), (6, 6), (7, 7)]
    rows = rows_of(*({"pps_empathy_1": a, "pps_empathy_2": b} for a, b in items))
    score = summary_of(rows).score("empathy")
    per_person = [(a + b) / 2 for a, b in items]
    ref = DescrStatsW(per_person)
    assert score.n == 6 and score.points == 7 and score.group == "pps"
    assert score.mean == pytest.approx(ref.mean)
    assert (score.ci_low, score.ci_high) == tuple(pytest.approx(v)
                                                  for v in ref.tconfint_mean())
    top = sum(v >= 6 for v in per_person)  # top two points of seven
    assert score.top_box == pytest.approx(top / 6)
    assert (score.top_box_low, score.top_box_high) == tuple(
        pytest.approx(v) for v in proportion_confint(top, 6, method="wilson"))


# -- scores, distributions, minimum answers ----------------------------------------------------
def test_a_respondents_construct_score_is_the_mean_of_the_items_answered() -> None:
    rows = rows_of({"pps_credibility_1": 7, "pps_credibility_2": 4},
                   {"pps_credibility_2": 2},  # one item answered: that item
                   {"recognise": 5})  # no credibility item: not counted
    score = summary_of(rows, min_answers=1).score("credibility")
    assert score.n == 2
    assert score.mean == pytest.approx((5.5 + 2) / 2)


def test_every_construct_and_seed_scale_is_scored() -> None:
    result = summary_of(rows_of({"recognise": 3}))
    scales = [q.id for q in SEED_QUESTIONS if q.kind == "scale"]
    assert [s.measures for s in result.scores] == [*scales, *PPS_CONSTRUCTS]
    assert result.score("recognise").distribution == [0, 0, 1, 0, 0]
    assert result.score("clarity").n == 0 and result.score("clarity").mean is None
    assert result.score("clarity").distribution == [0] * 7


def test_distribution_counts_respondents_per_rounded_score() -> None:
    rows = rows_of(*({"recognise": v} for v in (1, 2, 2, 5, 5, 5, 4)))
    assert summary_of(rows).score("recognise").distribution == [1, 2, 0, 1, 3]


def test_half_way_scores_round_up_on_every_scale_point() -> None:
    # Regression: round() rounds halves to even, so 2.5 and 3.5 were drawn on 2 and 4 and
    # the odd points of the scale never got a half-way respondent.
    pairs = [(1, 2), (2, 3), (3, 4), (4, 5), (5, 6), (6, 7)]  # 1.5, 2.5, ... 6.5
    rows = rows_of(*({"pps_likability_1": a, "pps_likability_2": b} for a, b in pairs))
    score = summary_of(rows).score("likability")
    assert score.distribution == [0, 1, 1, 1, 1, 1, 1]
    assert sum(score.distribution) == score.n == 6


def test_fewer_answers_than_min_answers_give_no_interval() -> None:
    four = rows_of(*({"recognise": v} for v in (2, 3, 4, 5)))
    below = summary_of(four, min_answers=5).score("recognise")
    assert below.n == 4 and below.mean == pytest.approx(3.5)
    assert (below.ci_low, below.ci_high, below.top_box_low, below.top_box_high) == (
        None, None, None, None)
    assert below.top_box == pytest.approx(0.5)
    five = rows_of(*({"recognise": v} for v in (2, 3, 4, 5, 5)))
    at = summary_of(five, min_answers=5).score("recognise")
    assert at.ci_low is not None and at.ci_low < at.mean < at.ci_high  # type: ignore[operator]
    assert at.top_box_low is not None


def test_one_answer_gives_no_t_interval_even_when_allowed() -> None:
    # Regression: with min_answers = 1 a single answer got the interval (x, x): certainty
    # out of nothing. The Wilson interval of its top box is still meaningful.
    score = summary_of(rows_of({"recognise": 4}), min_answers=1).score("recognise")
    assert score.mean == 4 and (score.ci_low, score.ci_high) == (None, None)
    assert score.top_box_low is not None and score.top_box_high == 1.0


def test_counts_per_role_and_choice() -> None:
    rows = (rows_of({"in_database": "yes"}, {"in_database": "yes"}, role="staff")
            + rows_of({"in_database": "unknown"}, {"recognise": 2}, role="customer"))
    result = summary_of(rows)
    assert result.responses == 4
    assert result.by_role == {"staff": 2, "customer": 2}
    assert result.choices == {"in_database": {"yes": 2, "no": 0, "unknown": 1}}
    assert (result.persona_id, result.name, result.revision) == ("p1", "Petra", 3)


def test_a_persona_without_answers_still_has_its_row() -> None:
    summary = summarise_rows("r1", 1, [PERSONA, JudgedPersona(id="p2", revision=1, name="Q")],
                             rows_of({"recognise": 4}))
    assert [p.responses for p in summary.personas] == [1, 0]
    assert summary.submissions == 1


# -- comments ------------------------------------------------------------------------------------
def comments(*texts: tuple[str, str], question: str = "missing") -> list[Comment]:
    return [Comment(answer_id=i, question=question, text=body, lang=lang, role="staff")
            for i, (lang, body) in enumerate(texts)]


def test_dutch_and_english_comments_on_the_price_share_one_group() -> None:
    groups = group_comments(comments(
        ("nl", "Ik mis hoe ze over de prijs denken."),
        ("en", "I miss how they feel about the price."),
        ("nl", "Wat ze van de Prijs vinden ontbreekt nog."),
        ("en", "Family situation is missing."),
    ))
    price = next(g for g in groups if g.theme == "price")
    assert price.label == {"nl": "prijs", "en": "price"}
    assert sorted(c.answer_id for c in price.comments) == [0, 1, 2]
    assert [g.theme for g in groups] == ["price", None]  # the odd one out has no theme
    assert [c.answer_id for c in groups[-1].comments] == [3]


def test_a_word_in_one_comment_only_is_not_a_theme() -> None:
    groups = group_comments(comments(("en", "Breakdown service abroad matters."),
                                     ("en", "Their newsletter is too long.")))
    assert [g.theme for g in groups] == [None]
    assert len(groups[0].comments) == 2


def test_comments_are_grouped_per_question() -> None:
    groups = group_comments(
        comments(("en", "The price is high."), question="missing")
        + comments(("en", "Mention the price."), question="do_differently"))
    assert [(g.question, g.theme) for g in groups] == [("missing", None),
                                                      ("do_differently", None)]


def test_the_biggest_theme_comes_first_and_stopwords_are_no_theme() -> None:
    groups = group_comments(comments(
        ("en", "They would like the newsletter."), ("en", "They would read the newsletter."),
        ("en", "They would like the app."), ("en", "They would like the shop."),
    ))
    assert [g.theme for g in groups] == ["like", "newsletter"]  # not "they"/"would"
    assert [len(g.comments) for g in groups] == [3, 1]


# -- whole rounds in a workspace -----------------------------------------------------------------
@pytest.fixture(scope="module")
def ws(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    # The 800-customer demo (built once per session), copied for this module.
    workspace = copy_ws(template(tmp_path_factory), tmp_path_factory.mktemp("results") / "ws")
    yield workspace
    workspace.close()


def test_a_round_of_a_thousand_answers_is_summarised(ws: Workspace) -> None:
    found = start_round(ws)
    respondents = 1_000 // len(found.personas)  # one answer row per respondent per persona
    assert simulate_round(ws, found.id, respondents, seed=5) == respondents
    assert len(round_answers(ws, found.id)) == respondents * len(found.personas) >= 1_000
    summary = summarise_round(ws, found.id)  # benchmarks/bench_validate.py times this
    assert summary.submissions == respondents
    for result in summary.personas:
        assert result.responses == respondents
        assert sum(result.by_role.values()) == respondents
        recognise = result.score("recognise")
        assert recognise is not None and recognise.n == respondents
        assert sum(recognise.distribution) == respondents
        assert recognise.ci_low is not None
        assert recognise.ci_low < recognise.mean < recognise.ci_high  # type: ignore[operator]
        assert sum(len(g.comments) for g in result.comments) > 0
    # Dutch and English comments on the price land in one group (the simulated comments).
    themes = {g.theme for g in summary.personas[0].comments if g.question == "missing"}
    assert "price" in themes


def test_the_summary_of_a_closed_round_is_the_archived_one(ws: Workspace) -> None:
    found = start_round(ws)
    simulate_round(ws, found.id, 12, seed=9)
    open_summary = summarise_round(ws, found.id)
    close_round(ws, found.id)
    archived = summarise_round(ws, found.id)
    assert archived == open_summary
    assert archived == RoundSummary.model_validate(get_round(ws, found.id).archive["summary"])
    # Later changes to the answers or the settings do not rewrite a closed round's results.
    with ws.transaction() as st_:
        st_.connection.execute(validation_answers.delete().where(
            validation_answers.c.round_id == found.id))
        doc = st_.edit_config()
        doc["settings"] = tomlkit.table()
        doc["settings"]["validate"] = {"min_answers": 100}  # type: ignore[index]
    assert round_answers(ws, found.id) == []
    assert summarise_round(ws, found.id) == archived


def test_min_answers_setting_is_used(ws: Workspace) -> None:
    found = start_round(ws, personas=[current_personas(ws)[0].id])
    for link in make_links(ws, found.id, 3):
        submit_answers(ws, link.token, {found.personas[0].id: {"recognise": 3}})
    with ws.transaction() as st_:
        doc = st_.edit_config()
        doc["settings"] = tomlkit.table()
        doc["settings"]["validate"] = {"min_answers": 3}  # type: ignore[index]
    assert summarise_round(ws, found.id).personas[0].score("recognise").ci_low == 3.0
    with ws.transaction() as st_:
        st_.edit_config()["settings"]["validate"] = {"min_answers": 4}  # type: ignore[index]
    assert summarise_round(ws, found.id).personas[0].score("recognise").ci_low is None
