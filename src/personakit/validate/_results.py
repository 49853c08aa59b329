"""Results of a round: per persona and construct, counts, distributions with intervals,
and the open answers grouped by theme.

A PPS construct's score is, per respondent, the mean of that construct's items; the round's
figure is the mean of those scores with a t interval (95 %), and the top-two-box share with
a Wilson interval. Summarising 1,000 answers (200 respondents on five personas) takes about
0.1 s, 5,000 about 0.5 s (``benchmarks/bench_steer.py``; the goal is under 1 s).
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter, defaultdict
from typing import Any

from pydantic import BaseModel, Field
from scipy import stats

from personakit.segment._stats import wilson
from personakit.validate._questions import QUESTIONS, SCORED, TEXT_QUESTIONS
from personakit.validate._rounds import get_round, round_answers
from personakit.validate._settings import validate_settings
from personakit.workspace import Workspace

Z95 = 1.959963984540054
MIN_THEME = 2  # a theme is a word shared by at least two comments
WORD = re.compile(r"[^\W\d_]{3,}", re.UNICODE)  # three letters: "app", "rol", "tijd"
# Words that say nothing about a theme (nl and en); kept short on purpose.
STOPWORDS = frozenset("""
    deze die dat niet maar voor naar meer veel zijn heeft hebben wordt worden door over
    onze ook wel geen heel echt zou zouden kunnen moet moeten want omdat klant klanten
    this that with have more they them their there what which would could should from
    about into than then very also just customer customers persona their when been were
    ontbreekt ontbreken ontbreken mist missen missing miss lacks lacking vind vinden denk
    denken think feel feels nog still
    een het van met die dat wat wie hoe als dan bij ook nog wel zijn was had heb kan
    moet mee aan uit tot hun hen zij wij ons mij het the and but for not are was you
    they our can how why who all any too via had has its out own per use make through
""".split())


class ConstructScore(BaseModel):
    """One construct (or seed scale question) of one persona.

    Parameters
    ----------
    n
        Respondents who answered at least one of its items.
    mean, ci_low, ci_high
        Mean score (1..``points``) with its 95 % t interval (``None`` below ``min_answers``).
    distribution
        Respondents per scale point (rounded construct score), from 1 to ``points``.
    top_box, top_box_low, top_box_high
        Share scoring in the top two points, with a 95 % Wilson interval.
    """

    measures: str
    group: str
    points: int
    n: int
    mean: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    distribution: list[int] = Field(default_factory=list)
    top_box: float | None = None
    top_box_low: float | None = None
    top_box_high: float | None = None


class Comment(BaseModel):
    answer_id: int
    question: str
    text: str
    lang: str
    role: str


class CommentGroup(BaseModel):
    """Open answers to one question sharing a theme word (``theme`` is ``None``: the rest).

    ``theme`` is the word in English where the glossary knows it (Dutch and English
    comments on the price share one group); ``label`` gives it in both languages.
    """

    question: str
    theme: str | None
    label: dict[str, str] = Field(default_factory=dict)
    comments: list[Comment]


class PersonaResult(BaseModel):
    persona_id: str
    name: str
    revision: int
    responses: int
    by_role: dict[str, int] = Field(default_factory=dict)
    scores: list[ConstructScore] = Field(default_factory=list)
    choices: dict[str, dict[str, int]] = Field(default_factory=dict)
    comments: list[CommentGroup] = Field(default_factory=list)

    def score(self, construct: str) -> ConstructScore | None:
        return next((s for s in self.scores if s.measures == construct), None)


class RoundSummary(BaseModel):
    """The results of one round, per persona."""

    round_id: str
    build_id: int
    submissions: int
    personas: list[PersonaResult]


def mean_interval(values: list[float]) -> tuple[float, float | None, float | None]:
    """Mean with its 95 % t interval; no interval from a single value (no spread known)."""
    n = len(values)
    mean = sum(values) / n
    if n < 2:
        return mean, None, None
    sd = math.sqrt(sum((v - mean) ** 2 for v in values) / (n - 1))
    half = float(stats.t.ppf(0.975, n - 1)) * sd / math.sqrt(n)
    return mean, mean - half, mean + half


def _construct_values(rows: list[dict[str, Any]]) -> dict[str, list[float]]:
    """Per construct, one score per respondent: the mean of the items they answered."""
    items: dict[str, list[str]] = defaultdict(list)
    for q in QUESTIONS:
        if q.kind == "scale":
            items[q.measures].append(q.id)
    values: dict[str, list[float]] = defaultdict(list)
    for row in rows:
        answers = row["answers"]
        for construct, ids in items.items():
            given = [answers[i] for i in ids if isinstance(answers.get(i), int)]
            if given:
                values[construct].append(sum(given) / len(given))
    return values


def _half_up(value: float) -> int:
    # Not round(): it rounds halves to even, so with two items per construct 5.5 and 6.5
    # both became 6 and the odd scale points lost every half-way respondent.
    return math.floor(value + 0.5)


def _score(construct: str, values: list[float], min_answers: int) -> ConstructScore:
    first = next(q for q in QUESTIONS if q.measures == construct)
    points = first.points
    score = ConstructScore(measures=construct, group=first.group, points=points, n=len(values))
    counts = Counter(min(points, max(1, _half_up(v))) for v in values)
    score.distribution = [counts.get(p, 0) for p in range(1, points + 1)]
    if values:
        # The same rounding as the distribution, so its top two bars add up to the share.
        top = sum(1 for v in values if _half_up(v) >= points - 1)
        score.top_box = top / len(values)
        if len(values) >= min_answers:
            score.mean, score.ci_low, score.ci_high = mean_interval(values)
            score.top_box_low, score.top_box_high = wilson(top, len(values))
        else:
            score.mean = sum(values) / len(values)
    return score


@functools.cache
def _glossary() -> tuple[dict[str, str], dict[str, str]]:
    """Single-word glossary entries: Dutch to English and back."""
    from personakit.persona._glossary import WORDS, pairs

    single = [(nl, en) for nl, en in pairs(WORDS) if " " not in nl and " " not in en]
    return dict(single), {en: nl for nl, en in reversed(single)}


def _words(text: str) -> set[str]:
    """A comment's theme words, Dutch ones in English where the glossary knows them."""
    to_en = _glossary()[0]
    return {to_en.get(w, w) for w in (m.lower() for m in WORD.findall(text))
            if w not in STOPWORDS}


def _label(theme: str | None) -> dict[str, str]:
    if theme is None:
        return {}
    to_en, to_nl = _glossary()
    if theme in to_nl:
        return {"nl": to_nl[theme], "en": theme}
    return {"nl": theme, "en": to_en.get(theme, theme)}


def group_comments(comments: list[Comment]) -> list[CommentGroup]:
    """Comments per question, grouped on the theme word most of them share.

    Each comment joins the group of its word found in the most comments of that question
    (ties: alphabetical), if at least two share it; the rest is one group without a theme.
    """
    groups: list[CommentGroup] = []
    for question in TEXT_QUESTIONS:
        own = [c for c in comments if c.question == question]
        words = {id(c): _words(c.text) for c in own}
        frequency = Counter(w for ws in words.values() for w in ws)
        themed: dict[str | None, list[Comment]] = defaultdict(list)
        for comment in own:
            shared = [w for w in words[id(comment)] if frequency[w] >= MIN_THEME]
            theme = min(shared, key=lambda w: (-frequency[w], w)) if shared else None
            themed[theme].append(comment)
        ordered = sorted(themed.items(), key=lambda kv: (kv[0] is None, -len(kv[1]), kv[0] or ""))
        groups.extend(CommentGroup(question=question, theme=theme, label=_label(theme),
                                   comments=items)
                      for theme, items in ordered)
    return groups


def _persona_result(judged: Any, rows: list[dict[str, Any]], min_answers: int) -> PersonaResult:
    values = _construct_values(rows)
    result = PersonaResult(persona_id=judged.id, name=judged.name, revision=judged.revision,
                           responses=len(rows),
                           by_role=dict(Counter(r["role"] for r in rows)))
    result.scores = [_score(c, values.get(c, []), min_answers) for c in SCORED]
    for q in QUESTIONS:
        if q.kind == "choice":
            counts = Counter(r["answers"].get(q.id) for r in rows if q.id in r["answers"])
            result.choices[q.id] = {o: counts.get(o, 0) for o in q.options}
    comments = [Comment(answer_id=r["id"], question=qid, text=str(r["answers"][qid]),
                        lang=r["lang"], role=r["role"])
                for r in rows for qid in TEXT_QUESTIONS if r["answers"].get(qid)]
    result.comments = group_comments(comments)
    return result


def summarise_round(ws: Workspace, round_id: str) -> RoundSummary:
    """Response counts, construct scores with intervals and grouped comments per persona."""
    found = get_round(ws, round_id)
    if found.archive is not None:  # a closed round's results are the archived ones
        return RoundSummary.model_validate(found.archive["summary"])
    rows = round_answers(ws, round_id)
    return summarise_rows(found.id, found.build_id, found.personas, rows,
                          validate_settings(ws).min_answers)


def summarise_rows(round_id: str, build_id: int, personas: list[Any],
                   rows: list[dict[str, Any]], min_answers: int = 5) -> RoundSummary:
    by_persona: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_persona[row["persona_id"]].append(row)
    return RoundSummary(
        round_id=round_id, build_id=build_id,
        submissions=len({r["submission"] for r in rows}),
        personas=[_persona_result(p, by_persona.get(p.id, []), min_answers) for p in personas],
    )
