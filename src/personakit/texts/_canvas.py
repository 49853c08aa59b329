"""Themes and analysts' codes on the persona canvas (issue 11, point 5).

**The theme rule.** A theme becomes a statement on a persona when, among the texts of the
persona's profile, it is

1. large enough: at least ``min_group_size`` of the profile's texts are in the theme (the
   privacy rule every figure follows: no statement rests on fewer people);
2. over-represented: its share in the profile is at least ``THEME_MIN_LIFT`` (1.5) times
   its share among everyone else's texts (the lift; texts linked to a profile, as the
   theming step counts them); and
3. certainly so: the lower end of the share's 95 % Wilson interval lies above the rest's
   share (so a lift made by a handful of texts does not count).

It lands in the canvas section the theme speaks to: the one an analyst set or the theming
step gave it, else the one its label and terms name by the wording rule of
``docs/canvas-mapping.md`` (an *objection* is a fear), else by its sentiment (negative: a
frustration, positive: a driver); a theme that speaks to none is only listed with the
persona's themes. The statement says "Noemt vaker dan anderen de wachttijd aan de telefoon
(3 op de 10 gesprekken, tegen 1 op de 10)" with the figure as a ``statistic`` (variable
``theme:<id>``: share, the rest's share, lift, interval, n) and one or two of the theme's
snippets from the persona's own texts as ``quote`` evidence.

**Answers to a section's questions.** Open answers and interview answers to a question the
wording rule places in a section ("Wat vindt u het belangrijkst?": goals, "Wat ergert u?":
frustrations) are counted on their own too: a theme over-represented (the same rule) among
the persona's answers to goal questions, against everyone else's answers to them, is one of
its goals ("Noemt bij wat telt vaker dan anderen …", variable ``theme:<id>@goals``). So
goals come from what people say matters to them, whatever the theme's overall section.
Likewise the **negative texts** (a sentiment at or below minus the theming settings'
``sentiment_band``: a low rating, or the lexicon's): a negative theme (mean sentiment at or
below minus ``SENTIMENT_BAND``) over-represented among a persona's negative texts is what it
complains about, a frustration ("Klaagt vaker dan
anderen over …", ``theme:<id>@negative``).

Per section at most ``THEME_MAX_PER_SECTION`` theme statements and one theme in at most
``THEME_MAX_PER_THEME`` sections, the most certain first (the interval's lower end
furthest above the rest's share).

**Codes.** What analysts coded on texts of a persona becomes statements too, one per kind
and tag ("Door een analist gecodeerd als ‘wachttijd’ (ergernis): „…”"), each code an
``insight`` with its coder as author; at most ``CODE_MAX_PER_SECTION`` per section (most
coded first).

**Privacy.** Texts are stored redacted; every snippet shown is scrubbed again, and one the
quote rules would not quote (it names someone, carries more than two pieces of personal
data, or an identifier-like code: ``persona._quotes``) is never shown.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

import pandas as pd
from pydantic import BaseModel

from personakit.i18n import LANGUAGES, t
from personakit.model import CustomerProfile, Evidence, Segmentation, Statement
from personakit.model._persona import Section
from personakit.persona._canvas import CanvasMapping, text_section, wording_section
from personakit.persona._quotes import (
    ID_LIKE,
    MAX_FINDINGS,
    PLACEHOLDER,
    is_near_duplicate,
    normalise,
)
from personakit.persona._statements import tenths
from personakit.privacy import scrub
from personakit.texts._codes import (
    THEME_SECTIONS,
    current_run,
    list_codes,
    load_items,
    rest_counts,
)
from personakit.texts._model import CODE_SECTION, Code, Snippet, TextItem, Theme, ThemeModel
from personakit.texts._model import ThemeShare as Share
from personakit.workspace import Workspace

THEME_MIN_LIFT = 1.5  # share in the profile over the rest's share
THEME_MAX_PER_SECTION = 2
THEME_MAX_PER_THEME = 2  # one theme in more sections than this reads as a repetition
THEME_QUOTES = 2  # snippets as quote evidence per theme statement
THEMES_LISTED = 6  # themes shown per persona in the report and web app
CODE_MAX_PER_SECTION = 3
CODE_EVIDENCE = 5  # codes shown as evidence of one coded statement
SNIPPET_MIN, SNIPPET_MAX = 12, 280  # characters of a snippet shown
MAX_LOOKED = 200  # candidate snippets looked at per theme and persona (scrubbing costs)
SENTIMENT_BAND = 0.2  # |mean sentiment| from which a theme reads as negative or positive
# The sections a theme or code may fill by itself; "objections" are fears on the canvas.
SECTION_ALIASES = {"objections": "fears", "objection": "fears", **CODE_SECTION}
# Sections whose questions' answers are themed on their own ("Wat vindt u het belangrijkst?").
ANSWER_SECTIONS = ("goals", "frustrations", "barriers", "fears", "drivers", "expectations",
                   "dreams")
SENTIMENT_GROUPS = ("negative",)
NO_MAPPING = CanvasMapping()  # the user mapped no column: the wording rule alone
NAME_MARKS = frozenset(t("privacy.placeholder.name", lang) for lang in LANGUAGES)


class PersonaTheme(BaseModel):
    """A theme's figures for one persona, as stored with the persona (``extra["themes"]``)
    and shown by the report and the web app. Only themes with at least the minimum group
    size of the profile's texts in them are kept."""

    id: str
    run_id: str = ""
    label: dict[str, str]
    section: str | None = None
    texts: int
    in_theme: int
    share: float
    low: float
    high: float
    rest_share: float | None = None
    rest_texts: int | None = None
    lift: float | None = None
    sentiment: float | None = None
    over: bool = False  # passes the theme rule: a statement on the canvas
    snippet: Snippet | None = None
    unit: str = "other"  # kind of texts the share counts (interview, review, ...)
    # Counted within one group of texts only (else all texts): the answers to a section's
    # questions (the section's name), or the ``negative`` texts.
    group: str | None = None


@dataclass
class QualitativeEvidence:
    """What synthesis reads of issue 11: the theme run, the texts and the live codes."""

    themes: ThemeModel | None = None
    items: dict[str, TextItem] = field(default_factory=dict)
    codes: list[Code] = field(default_factory=list)
    canvas: CanvasMapping = field(default_factory=CanvasMapping)
    sentiment_band: float = 0.2  # the theming settings' band: negative texts at -band
    _groups: list[TextGroup] | None = field(default=None, repr=False, compare=False)

    def text_groups(self) -> list[TextGroup]:
        """The groups of texts counted on their own (computed once)."""
        if self._groups is None:
            self._groups = text_groups(self.items, self.canvas, self.sentiment_band)
        return self._groups

    def recorded(self) -> dict[str, str]:
        """What a persona version records of it: the theme run's revision and a hash of the
        codes (reproducibility)."""
        out: dict[str, str] = {}
        if self.themes is not None:
            out["themes"] = f"{self.themes.id}@{self.themes.revision}"
        if self.codes:
            joined = ";".join(sorted(f"{c.id}@{c.revision}" for c in self.codes))
            out["codes"] = hashlib.sha256(joined.encode("utf-8")).hexdigest()
        return out


@dataclass
class QualitativePart:
    """One persona's statements from themes and codes, and what it keeps of its themes."""

    statements: list[Statement] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)


# -- the rule ---------------------------------------------------------------------------------

def over_represented(in_theme: int, texts: int, rest_share: float | None, min_group_size: int,
                     min_lift: float = THEME_MIN_LIFT) -> bool:
    """The theme rule of the module docstring."""
    from personakit.segment._stats import wilson

    if texts <= 0 or in_theme < min_group_size or rest_share is None:
        return False
    share = in_theme / texts
    low, _ = wilson(in_theme, texts)
    if rest_share > 0 and share / rest_share < min_lift:
        return False
    return low > rest_share


def theme_section(theme: Theme) -> str | None:
    """The canvas section *theme* speaks to (see the module docstring), or ``None``."""
    chosen = SECTION_ALIASES.get(theme.section or "", theme.section)
    if chosen in THEME_SECTIONS:
        return chosen
    found = wording_section(" ".join([*theme.label.values(), *theme.terms[:8]]))
    if found in THEME_SECTIONS:
        return found
    if theme.sentiment is not None and theme.sentiment <= -SENTIMENT_BAND:
        return "frustrations"
    if theme.sentiment is not None and theme.sentiment >= SENTIMENT_BAND:
        return "drivers"
    return None


def _counts(share: Share) -> tuple[int, int]:
    """(in theme, texts) of a profile's share; from the share itself when only it is given."""
    in_theme = share.in_theme
    if not in_theme and share.share is not None and share.texts:
        in_theme = round(share.share * share.texts)
    return in_theme, share.texts


def theme_figure(theme: Theme, share: Share, min_group_size: int,
                 run_id: str = "") -> PersonaTheme | None:
    """*theme*'s figures in *share*'s profile; ``None`` below the minimum group size."""
    from personakit.segment._stats import wilson

    in_theme, texts = _counts(share)
    if texts < min_group_size or in_theme < min_group_size:
        return None
    rest_in, rest_n = rest_counts(theme, share)
    rest = rest_in / rest_n if rest_in is not None and rest_n else share.rest_share
    value = in_theme / texts
    low, high = wilson(in_theme, texts)
    return PersonaTheme(
        id=theme.id, run_id=run_id,
        label=dict(theme.label) or dict.fromkeys(LANGUAGES, ", ".join(theme.terms[:3])),
        section=theme_section(theme), texts=texts, in_theme=in_theme, share=value, low=low,
        high=high, rest_share=rest, rest_texts=rest_n,
        lift=value / rest if rest else None, sentiment=theme.sentiment,
        over=over_represented(in_theme, texts, rest, min_group_size),
    )


# -- snippets ---------------------------------------------------------------------------------

def _shorten(text: str, limit: int = SNIPPET_MAX) -> str:
    if len(text) <= limit:
        return text
    ends = [m.end() for m in re.finditer(r"[.!?](\s|$)", text[:limit + 1])]
    if ends and ends[-1] >= limit // 3:
        return text[:ends[-1]].strip()
    cut = text[:limit - 1].rsplit(" ", 1)[0]
    return cut.rstrip(",;: ") + "…"


def shown_text(text: str, lang: str) -> str | None:
    """*text* as it may be shown: scrubbed again, shortened; ``None`` when the quote rules
    would not quote it (it names someone, carries more than two pieces of personal data or
    an identifier-like code) or when too short to say anything."""
    result = scrub(text, lang)
    shown = _shorten(" ".join(result.text.split()))
    marks = PLACEHOLDER.findall(shown)
    if any(m in NAME_MARKS for m in marks) or len(marks) > MAX_FINDINGS:
        return None
    if ID_LIKE.search(PLACEHOLDER.sub(" ", shown)) or len(shown) < SNIPPET_MIN:
        return None
    return shown


def _belongs(item: TextItem | None, persona_id: str, profile_id: str) -> bool:
    return item is not None and item.competitor is None and (
        item.persona_id == persona_id or item.profile_id == profile_id)


def _best_sentence(item: TextItem, terms: list[str]) -> Snippet | None:
    """The sentence of *item* with most of the theme's terms (a snippet of the persona's own
    text when none of the theme's typical snippets is theirs)."""
    wanted = [w.lower() for w in terms[:10] if w]
    best: tuple[int, int, int] | None = None
    for match in re.finditer(r"[^.!?\n]+[.!?]?", item.text):
        sentence = match.group().lower()
        score = sum(1 for w in wanted if w in sentence)
        if score and (best is None or score > best[0]):
            best = (score, match.start(), match.end())
    if best is None:
        return None
    return Snippet(item_id=item.id, text=item.text[best[1]:best[2]].strip(), start=best[1],
                   end=best[2], source=item.source, date=item.date)


def _candidates(theme: Theme, items: dict[str, TextItem], persona_id: str,
                profile_id: str) -> Iterator[Snippet]:
    """The theme's typical snippets from the persona's own texts, then the best sentence of
    each of its other texts in the theme; with no texts at hand, snippets of nobody known."""
    for snippet in theme.snippets:
        if _belongs(items.get(snippet.item_id), persona_id, profile_id):
            yield snippet
    typical = {s.item_id for s in theme.snippets}
    for item_id in theme.item_ids:
        item = items.get(item_id)
        if item_id not in typical and item is not None and _belongs(item, persona_id,
                                                                     profile_id):
            found = _best_sentence(item, theme.terms)
            if found is not None:
                yield found
    if not theme.item_ids:
        yield from (s for s in theme.snippets if s.item_id not in items)


def persona_snippets(theme: Theme, items: dict[str, TextItem], persona_id: str,
                     profile_id: str, lang: str, taken: Sequence[str] = (),
                     used: set[str] | None = None,
                     limit: int = THEME_QUOTES) -> list[Snippet]:
    """Up to *limit* shown snippets of *theme* from the persona's own texts (from texts of
    nobody known when the texts are not at hand): never a near-duplicate of the persona's
    quotes (*taken*) or of each other, never one already *used* on the persona."""
    seen = used if used is not None else set()
    chosen: list[Snippet] = []
    for looked, snippet in enumerate(_candidates(theme, items, persona_id, profile_id)):
        if len(chosen) >= limit or looked >= MAX_LOOKED:
            break
        text = shown_text(snippet.text, lang)
        if text is None or normalise(text) in seen or any(
                is_near_duplicate(text, other) for other in [*taken, *(c.text for c in chosen)]):
            continue
        item = items.get(snippet.item_id)
        chosen.append(snippet.model_copy(update={
            "text": text, "source": snippet.source or (item.source if item else ""),
            "date": snippet.date or (item.date if item else None)}))
        seen.add(normalise(text))
    return chosen


# -- statements -------------------------------------------------------------------------------

def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def theme_label(figure: PersonaTheme, lang: str) -> str:
    return figure.label.get(lang) or next(iter(figure.label.values()), figure.id)


def _label_phrase(figure: PersonaTheme, renamed: bool, lang: str) -> str:
    text = theme_label(figure, lang)
    # A name an analyst gave reads as part of the sentence; key terms stay quoted.
    return _lower_first(text) if renamed else t("texts.canvas.quoted", lang, label=text)


def share_phrase(share: float, rest: float, unit: str, lang: str) -> str:
    """"3 op de 10 gesprekken, tegen 1 op de 10" (tenths as the voice says them)."""
    p, r = tenths(share, lang, rest), tenths(rest, lang, share)
    form = "tenths" if p == t("voice.tenths", lang, count=round(share * 10)) else "percent"
    return t(f"texts.canvas.figures.{form}", lang, p=p, r=r,
             unit=t(f"texts.canvas.unit.{unit}", lang))


def theme_statement(figure: PersonaTheme, renamed: bool,
                    snippets: list[Snippet]) -> Statement:
    """The statement of an over-represented theme, with its figure and snippets."""
    rest = figure.rest_share or 0.0
    key = f"texts.canvas.group.{figure.group}" if figure.group else "texts.canvas.theme"
    text = {lang: t(key, lang, label=_label_phrase(figure, renamed, lang),
                    figures=share_phrase(figure.share, rest, figure.unit, lang))
            for lang in LANGUAGES}
    sid = f"theme:{figure.id}" + (f"@{figure.group}" if figure.group else "")
    evidence = [Evidence(
        kind="statistic", variable=sid, profile_value=figure.share,
        rest_value=figure.rest_share, lift=figure.lift, ci_low=figure.low,
        ci_high=figure.high, n=figure.texts,
        label={lang: _evidence_label(figure, lang) for lang in LANGUAGES})]
    evidence += [Evidence(kind="quote", text=s.text, source=s.source or None, date=s.date)
                 for s in snippets]
    return Statement(id=sid, section=cast(Section, figure.section), text=text,
                     evidence=evidence, author="personakit")


def _evidence_label(figure: PersonaTheme, lang: str) -> str:
    label = t("texts.canvas.theme_label", lang, label=theme_label(figure, lang))
    if figure.group is None:
        return label
    if figure.group in SENTIMENT_GROUPS:
        return t(f"texts.canvas.in_group.{figure.group}", lang, theme=label)
    return t("texts.canvas.in_group.answers", lang, theme=label,
             section=t(f"persona.section.{figure.group}", lang).lower())


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "tag"


def code_statements(codes: Iterable[Code], items: dict[str, TextItem], lang: str,
                    taken: list[str]) -> list[Statement]:
    """One statement per kind and tag of the codes, each code an insight with its coder."""
    groups: dict[tuple[str, str], list[tuple[Code, Evidence]]] = {}
    for code in sorted(codes, key=lambda c: (c.created_at, c.id)):
        text = shown_text(code.text, lang)
        if text is None:
            continue
        item = items.get(code.item_id)
        groups.setdefault((code.kind, (code.tag or "").lower()), []).append((code, Evidence(
            kind="insight", text=text, source=item.source if item else code.item_id,
            date=item.date if item else None, author=code.author)))
    per_section: dict[str, int] = {}
    statements = []
    for (kind, key), found in sorted(groups.items(), key=lambda g: (-len(g[1]), g[0])):
        section = SECTION_ALIASES[kind]
        if per_section.get(section, 0) >= CODE_MAX_PER_SECTION:
            continue
        per_section[section] = per_section.get(section, 0) + 1
        first_code, first = found[0]
        authors = {c.author for c, _ in found}
        statements.append(Statement(
            id=f"code:{kind}:{_slug(key) if key else kind}", section=section,
            text={lang: _coded_text(kind, first_code.tag, len(found), len(authors),
                                    first.text or "", lang) for lang in LANGUAGES},
            evidence=[e for _, e in found[:CODE_EVIDENCE]], author="personakit"))
        taken.append(first.text or "")
    return statements


def _coded_text(kind: str, tag: str | None, count: int, authors: int, text: str,
                lang: str) -> str:
    noun = t(f"texts.canvas.kind.{kind}", lang)
    what = t("texts.canvas.what.tagged", lang, label=tag, kind=noun) if tag and kind != "free" \
        else t("texts.canvas.quoted", lang, label=tag) if tag else noun
    who = t("texts.canvas.coder.many" if authors > 1 else "texts.canvas.coder.one", lang)
    if count == 1:
        return t("texts.canvas.coded.one", lang, who=who, what=what, text=text)
    return t("texts.canvas.coded.many", lang, who=who, what=what, text=text, n=count)


def _unit(items: dict[str, TextItem], persona_id: str, profile_id: str) -> str:
    kinds = {i.kind for i in items.values() if _belongs(i, persona_id, profile_id)}
    return kinds.pop() if len(kinds) == 1 else "other"


def _persona_codes(codes: list[Code], items: dict[str, TextItem], persona_id: str,
                   profile_id: str) -> list[Code]:
    return [c for c in codes if c.persona_id == persona_id or (
        c.persona_id is None and _belongs(items.get(c.item_id), persona_id, profile_id))]


def persona_themes(run: ThemeModel, profile_id: str, persona_id: str, min_group_size: int,
                   unit: str = "other") -> list[PersonaTheme]:
    """Every theme of *run* (competitors' left out) with its figures for one profile, those
    that pass the theme rule first, then by lift."""
    found = []
    for theme in run.themes:
        if theme.competitor:
            continue
        share = next((s for s in theme.shares if s.profile_id == profile_id
                      or (s.persona_id is not None and s.persona_id == persona_id)), None)
        figure = theme_figure(theme, share, min_group_size, run.id) if share else None
        if figure is not None:
            found.append(figure.model_copy(update={"unit": unit}))
    return sorted(found, key=lambda f: (not f.over, -_lift(f), -(f.low - (f.rest_share or 0.0)),
                                        f.id))


def _lift(figure: PersonaTheme) -> float:
    """The lift, infinite when nobody else's texts are in the theme."""
    if figure.lift is not None:
        return figure.lift
    return math.inf if figure.rest_share == 0 and figure.share > 0 else 0.0


@dataclass(frozen=True)
class TextGroup:
    """Texts counted on their own: the answers to one section's questions, or the negative
    texts. A theme over-represented among a persona's texts of the group, against everyone
    else's, fills ``section``."""

    key: str  # the section of the questions answered, or "negative"
    section: str
    ids: frozenset[str]


def item_sentiments(items: Iterable[TextItem]) -> dict[str, float]:
    """Every text's sentiment (-1..1): its rating on its source's scale where it has one,
    else the lexicon's (``personakit.texts._sentiment``, as the theming step reads them)."""
    from personakit.texts._sentiment import rating_scale, text_sentiment

    every = list(items)
    scales = {source: rating_scale(i.rating for i in every if i.source == source)
              for source in {i.source for i in every if i.rating is not None}}
    return {i.id: text_sentiment(i.text, i.lang, i.rating, scales.get(i.source))
            for i in every}


def text_groups(items: dict[str, TextItem], mapping: CanvasMapping = NO_MAPPING,
                band: float = SENTIMENT_BAND) -> list[TextGroup]:
    """The groups of our texts linked to a profile: per canvas section the answers to a
    question speaking to it ("Wat vindt u het belangrijkst?": goals, by the wording rule or
    the user's mapping), and the negative texts (sentiment at or below -*band*):
    frustrations."""
    ours = {i.id: i for i in items.values() if i.competitor is None and i.profile_id}
    answers: dict[str, set[str]] = {}
    for item in ours.values():
        section = text_section(item.source, item.question, mapping) if item.question else None
        if section in ANSWER_SECTIONS:
            answers.setdefault(section, set()).add(item.id)
    groups = [TextGroup(section, section, frozenset(ids))
              for section, ids in sorted(answers.items())]
    sentiment = item_sentiments(ours.values())
    # What people are negative about is what frustrates them. (Positive texts are not
    # themed on their own: a question with "snel" in it reads as praise to a lexicon.)
    negative = frozenset(i for i, value in sentiment.items() if value <= -band)
    if negative:
        groups.append(TextGroup("negative", "frustrations", negative))
    return groups


def group_figure(theme: Theme, group: TextGroup, items: dict[str, TextItem],
                 profile_id: str, min_group_size: int, run_id: str = "") -> PersonaTheme | None:
    """*theme*'s figures within *group*: the profile's texts of the group in the theme
    against everyone else's texts of the group."""
    from personakit.segment._stats import wilson

    members = group.ids.intersection(theme.item_ids)
    texts = sum(1 for i in group.ids if items[i].profile_id == profile_id)
    in_theme = sum(1 for i in members if items[i].profile_id == profile_id)
    if texts < min_group_size or in_theme < min_group_size:
        return None
    rest_n, rest_k = len(group.ids) - texts, len(members) - in_theme
    rest = rest_k / rest_n if rest_n else None
    value = in_theme / texts
    low, high = wilson(in_theme, texts)
    return PersonaTheme(
        id=theme.id, run_id=run_id, label=dict(theme.label) or dict.fromkeys(
            LANGUAGES, ", ".join(theme.terms[:3])), section=group.section, texts=texts,
        in_theme=in_theme, share=value, low=low, high=high, rest_share=rest,
        rest_texts=rest_n or None, lift=value / rest if rest else None,
        sentiment=theme.sentiment, over=over_represented(in_theme, texts, rest, min_group_size),
        unit=group.key if group.key in SENTIMENT_GROUPS else "answer", group=group.key)


def _group_snippets(theme: Theme, group: TextGroup, items: dict[str, TextItem],
                    persona_id: str, profile_id: str) -> Theme:
    """*theme* narrowed to the persona's texts of *group*: its snippets from those, else the
    texts themselves (an answer or a review is short: its own snippet)."""
    members = [i for i in theme.item_ids if i in group.ids
               and _belongs(items.get(i), persona_id, profile_id)]
    typical = [s for s in theme.snippets if s.item_id in members]
    whole = [Snippet(item_id=i, text=items[i].text, source=items[i].source,
                     date=items[i].date) for i in members]
    return theme.model_copy(update={"snippets": typical + whole, "item_ids": members})


@dataclass
class _Candidate:
    certainty: float
    figure: PersonaTheme
    theme: Theme


def _theme_candidates(evidence: QualitativeEvidence, profile_id: str, persona_id: str,
                      min_group_size: int) -> tuple[list[PersonaTheme], list[_Candidate]]:
    """The persona's themes over all its texts (listed), and every over-represented theme
    (over all texts, or within one group of texts) that could be a statement."""
    run = evidence.themes
    if run is None:
        return [], []
    items = evidence.items
    by_id = {th.id: th for th in run.themes}
    listed = persona_themes(run, profile_id, persona_id, min_group_size,
                            _unit(items, persona_id, profile_id))
    found = [_Candidate(f.low - (f.rest_share or 0.0), f, by_id[f.id])
             for f in listed if f.over and f.section]
    for group in evidence.text_groups():
        for theme in run.themes:
            if theme.competitor or not theme.item_ids:
                continue
            # What a persona complains about is never a theme people speak well of.
            if group.key == "negative" and (theme.sentiment or 0.0) > -SENTIMENT_BAND:
                continue
            figure = group_figure(theme, group, items, profile_id, min_group_size, run.id)
            if figure is not None and figure.over:
                found.append(_Candidate(figure.low - (figure.rest_share or 0.0), figure,
                                        _group_snippets(theme, group, items, persona_id,
                                                        profile_id)))
    return listed, found


def _chosen(candidates: list[_Candidate]) -> list[_Candidate]:
    """The most certain first, at most ``THEME_MAX_PER_SECTION`` per section and
    ``THEME_MAX_PER_THEME`` per theme, a theme once per section (over all texts rather than
    within a group, when both)."""
    overall = {(c.figure.section, c.figure.id) for c in candidates if c.figure.group is None}
    per_section: dict[str, int] = {}
    per_theme: dict[str, int] = {}
    seen: set[tuple[str, str]] = set()
    chosen = []
    for candidate in sorted(candidates, key=lambda c: (-c.certainty, c.figure.id,
                                                       c.figure.group or "")):
        section, theme = candidate.figure.section or "", candidate.figure.id
        if candidate.figure.group is not None and (section, theme) in overall:
            continue
        if per_section.get(section, 0) >= THEME_MAX_PER_SECTION or (section, theme) in seen \
                or per_theme.get(theme, 0) >= THEME_MAX_PER_THEME:
            continue
        per_section[section] = per_section.get(section, 0) + 1
        per_theme[theme] = per_theme.get(theme, 0) + 1
        seen.add((section, theme))
        chosen.append(candidate)
    return chosen


def qualitative_part(evidence: QualitativeEvidence | None, profile: CustomerProfile,
                     persona_id: str, *, min_group_size: int, lang: str,
                     taken: Iterable[str] = ()) -> QualitativePart:
    """The statements themes and codes give one persona (the rule of the module docstring),
    and its themes to keep with it. *taken*: quotes the persona shows already."""
    if evidence is None:
        return QualitativePart()
    quotes = list(taken)
    used: set[str] = set()
    items = evidence.items
    listed, candidates = _theme_candidates(evidence, profile.id, persona_id, min_group_size)
    statements: list[Statement] = []
    first: dict[str, Snippet] = {}
    for candidate in _chosen(candidates):
        snippets = persona_snippets(candidate.theme, items, persona_id, profile.id, lang,
                                    quotes, used)
        if snippets and candidate.figure.group is None:
            first[candidate.figure.id] = snippets[0]
        quotes += [snippet.text for snippet in snippets]  # no near-duplicate further on
        statements.append(theme_statement(candidate.figure,
                                          candidate.theme.renamed_by is not None, snippets))
    kept = []
    for figure in listed[:THEMES_LISTED]:
        snippet = first.get(figure.id)
        if snippet is None and evidence.themes is not None:
            theme = next(th for th in evidence.themes.themes if th.id == figure.id)
            found = persona_snippets(theme, items, persona_id, profile.id, lang, quotes, used,
                                     1)
            snippet = found[0] if found else None
        kept.append(figure.model_copy(update={"snippet": snippet}))
    statements += code_statements(
        _persona_codes(evidence.codes, items, persona_id, profile.id), items, lang, quotes)
    extra = {"themes": [f.model_dump(mode="json") for f in kept]} if kept else {}
    return QualitativePart(statements=statements, extra=extra)


def stored_themes(extra: dict[str, Any]) -> list[PersonaTheme]:
    """The themes kept with a persona (``extra["themes"]``), as models."""
    return [PersonaTheme.model_validate(raw) for raw in extra.get("themes", [])]


# -- reading the workspace --------------------------------------------------------------------

def run_for(run: ThemeModel, items: dict[str, TextItem],
            profile_ids: Collection[str]) -> ThemeModel:
    """*run* with shares for *profile_ids*: as it is when it counted them, else counted
    again from the texts' links (a run made before this build, or for another)."""
    ids = set(profile_ids)
    if any(s.profile_id in ids for theme in run.themes for s in theme.shares):
        return run
    return recount_shares(run, items, ids)


def relink(items: list[TextItem], segmentation: Segmentation,
           members: pd.DataFrame | None) -> list[TextItem]:
    """*items* linked to *segmentation*'s profiles (and their personas) through the keys of
    its members: a build links its texts to the profiles it builds, not to the previous
    build's (which is all ``text_items`` can know). A link an analyst gave to a profile of
    this segmentation stays; others are dropped."""
    from personakit.persona._build import persona_id

    ids = {p.id: persona_id(segmentation, p) for p in segmentation.profiles}
    by_key: dict[str, str] = {}
    if members is not None and not members.empty:
        by_key = dict(zip(members["key"].astype(str), members["profile_id"].astype(str),
                          strict=False))
    out = []
    for item in items:
        profile = by_key.get(item.key) if item.key else None
        if profile is None and item.linked_by != "key" and item.profile_id in ids:
            profile = item.profile_id
        if profile is None or profile not in ids:
            out.append(item.model_copy(update={"profile_id": None, "persona_id": None}))
            continue
        linked = "key" if item.key and item.key in by_key else item.linked_by
        out.append(item.model_copy(update={"profile_id": profile, "persona_id": ids[profile],
                                           "linked_by": linked}))
    return out


def _profile_like(share: Share) -> bool:
    """A share of a profile (or persona) group, not of ours against competitors'."""
    from personakit.texts._themes import COMPETITOR, OURS

    return share.profile_id != OURS and not share.profile_id.startswith(COMPETITOR)


def recount_shares(run: ThemeModel, items: dict[str, TextItem],
                   profile_ids: Collection[str]) -> ThemeModel:
    """*run* with every theme's share per profile of *segmentation* counted from the texts'
    links (a run made against another build's links), where the run says which texts are
    in which theme; the rest's counts beside them. Competitors' texts are no one's."""
    from personakit.texts._codes import two_proportion_p

    # The population: our texts linked to a profile (a text of nobody known may be anyone's).
    ids = set(profile_ids)
    ours = [i for i in items.values() if i.competitor is None and i.profile_id in ids]
    totals: dict[str, int] = {}
    for item in ours:
        if item.profile_id:
            totals[item.profile_id] = totals.get(item.profile_id, 0) + 1
    everyone = len(ours)
    themes = []
    for theme in run.themes:
        members = [items[i] for i in theme.item_ids if i in items]
        if not members:
            themes.append(theme)
            continue
        inside: dict[str, int] = {}
        for item in members:
            if item.profile_id and item.competitor is None:
                inside[item.profile_id] = inside.get(item.profile_id, 0) + 1
        in_all = sum(1 for i in members if i.competitor is None and i.profile_id in ids)
        # Ours against competitors' stays as the theming step counted it.
        shares = [s for s in theme.shares if s.profile_id not in ids and not _profile_like(s)]
        for profile in sorted(ids):
            texts, k = totals.get(profile, 0), inside.get(profile, 0)
            rest_n, rest_k = everyone - texts, in_all - k
            rest = rest_k / rest_n if rest_n else None
            shares.append(Share(
                profile_id=profile, texts=texts, in_theme=k,
                share=k / texts if texts else None, rest_share=rest, rest_texts=rest_n,
                rest_in_theme=rest_k,
                lift=(k / texts) / rest if texts and rest else None,
                p_value=two_proportion_p(k, texts, rest_k, rest_n)))
        themes.append(theme.model_copy(update={"shares": shares}))
    return run.model_copy(update={"themes": themes})


def load_qualitative(ws: Workspace, segmentation: Segmentation,
                     members: pd.DataFrame | None = None,
                     canvas: CanvasMapping = NO_MAPPING) -> QualitativeEvidence | None:
    """The texts (linked to *segmentation*'s profiles through *members*), the live codes
    and the newest theme run with its shares per profile (counted again from the links
    when the run counted another build's profiles); ``None`` when there is none of these.

    Theming is a step of its own (``personakit themes``, ``find_themes``): a build reads
    the newest run, it never starts one (a run embeds every text: minutes, not seconds)."""
    items = relink(load_items(ws), segmentation, members)
    codes = list_codes(ws)
    run = current_run(ws)
    by_id = {i.id: i for i in items}
    if run is not None:
        run = run_for(run, by_id, [p.id for p in segmentation.profiles])
    if not items and not codes and run is None:
        return None
    from personakit.texts._settings import theme_settings

    return QualitativeEvidence(themes=run, items=by_id, codes=codes, canvas=canvas,
                               sentiment_band=theme_settings(ws).sentiment_band)


# -- our themes beside competitors' (issue 11, point 6) ---------------------------------------

@dataclass
class CompetitorColumn:
    """One side of the comparison: our own texts (``name`` empty) or one competitor's."""

    name: str
    texts: int
    # theme id → (texts in the theme, share, Wilson low, high); absent below the minimum.
    themes: dict[str, tuple[int, float, float, float]] = field(default_factory=dict)


def competitor_columns(run: ThemeModel, items: dict[str, TextItem],
                       min_group_size: int) -> list[CompetitorColumn]:
    """Each theme's share among our texts and among each competitor's (reviews marked
    ``competitor``): as the theming step counted them (``ours`` against ``competitor:NAME``,
    texts of the kinds competitors have), else from the texts in each theme; empty without
    competitors' texts."""
    counted = _counted_columns(run)
    if counted:
        return counted
    from personakit.segment._stats import wilson
    from personakit.texts._codes import theme_items

    run_items = [items[i] for theme in run.themes for i in theme.item_ids if i in items]
    if not run_items or not any(i.competitor for i in run_items):
        return []
    sides: dict[str, set[str]] = {}
    for item in items.values():
        sides.setdefault(item.competitor or "", set()).add(item.id)
    columns = []
    for name in sorted(sides):
        members = sides[name]
        column = CompetitorColumn(name=name, texts=len(members))
        if column.texts >= min_group_size:
            for theme in run.themes:
                k = len(theme_items(theme) & members)
                low, high = wilson(k, column.texts)
                column.themes[theme.id] = (k, k / column.texts, low, high)
        columns.append(column)
    return columns


def _counted_columns(run: ThemeModel) -> list[CompetitorColumn]:
    from personakit.texts._themes import COMPETITOR, OURS

    columns: dict[str, CompetitorColumn] = {}
    for theme in run.themes:
        for share in theme.shares:
            if share.profile_id != OURS and not share.profile_id.startswith(COMPETITOR):
                continue
            name = share.profile_id.removeprefix(COMPETITOR) if share.profile_id != OURS else ""
            column = columns.setdefault(name, CompetitorColumn(name=name, texts=share.texts))
            if share.share is not None and share.low is not None and share.high is not None:
                column.themes[theme.id] = (share.in_theme, share.share, share.low, share.high)
    if not any(name for name in columns):
        return []
    return [columns[name] for name in sorted(columns)]
