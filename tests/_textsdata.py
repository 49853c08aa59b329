"""Hand-made texts and a theme run for the tests of coding, themes on the canvas, the report
and the web pages (issue 11), independent of the import and theming code.

Per persona 100 redacted texts, in themes with known counts:

=========  ==========================  ==========================  ===========================
theme      persona A (first)           persona B (second)          what the canvas rule says
=========  ==========================  ==========================  ===========================
t-wait     12                          30                          B: lift 2.5, certain → B
t-app      40                          12                          A: lift 3.3 → A
t-price    13                          10                          A: lift 1.4 < 1.5 → nobody
t-small     1                           8                          B: lift 8 but 8 < 10 → nobody
t-fast      0                          12                          B: a goal, lift ∞ → B
=========  ==========================  ==========================  ===========================

Shares are among the texts linked to a persona (200). Ten texts are linked to nobody,
twenty are a competitor's reviews. Some texts carry
placeholders of removed personal data or an order number: never shown as a snippet.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from personakit.texts import Snippet, TextItem, Theme, ThemeModel, ThemeShare
from personakit.workspace import Workspace

RUN_ID = "run-test-1"
# The first persona's app texts, and some others of both, answer this (a goals question):
# among those answers the app theme is the first persona's (40 of 49, against 0 of 15).
GOAL_QUESTION = "Wat vindt u het belangrijkst aan uw lidmaatschap?"
COMPETITOR = "Reisclub"
# Per persona (first, second): how many texts each theme holds.
COUNTS: dict[str, tuple[int, int]] = {
    "t-wait": (12, 30), "t-app": (40, 12), "t-price": (13, 10), "t-small": (1, 8),
    "t-fast": (0, 12),
}
PER_PERSONA = 100
TEXTS: dict[str, tuple[str, ...]] = {
    "t-wait": (
        "Ik moest weer drie kwartier wachten aan de telefoon voordat iemand opnam.",
        "De wachttijd aan de telefoon is echt veel te lang, dat ergert me.",
        "Telkens in de wacht bij de telefoon, en dan word je nog doorverbonden ook.",
        "Ik hing twintig minuten in de wachtrij van de klantenservice.",
    ),
    "t-app": (
        "Via de app regel ik alles zelf, dat werkt snel en fijn.",
        "De app is overzichtelijk, ik betaal en verleng gewoon op mijn telefoon.",
        "Handig dat ik in de app direct mijn pechhulp kan aanvragen.",
    ),
    "t-price": (
        "De contributie is flink gestegen, dat vind ik slecht en te duur.",
        "Voor die prijs verwacht ik meer korting bij partners, dit is teleurstellend.",
    ),
    "t-small": (
        "Op vakantie in Frankrijk was de hulp ter plaatse uitstekend geregeld.",
    ),
    "t-fast": (
        "Ik wil vooral dat de monteur snel bij me is als ik stil sta.",
        "Mijn doel is zo snel mogelijk weer op weg, met de kinderen achterin.",
    ),
    "other": (
        "Prima service, verder geen opmerkingen over mijn lidmaatschap.",
        "Het magazine lees ik graag, vooral de reisverhalen.",
        "Niets bijzonders te melden, alles verliep zoals verwacht.",
    ),
}
# Texts whose personal data was removed: a name, or an order number left in.
IDENTIFYING = (
    "Mijn naam is [naam] en ik wacht al weken aan de telefoon op antwoord.",
    "Ik belde over ordernummer 4839201 en hing een half uur in de wachtrij.",
)
LABELS: dict[str, dict[str, str]] = {
    "t-wait": {"nl": "wachten, telefoon, wachttijd", "en": "waiting, phone, waiting time"},
    "t-app": {"nl": "app, zelf regelen", "en": "app, self-service"},
    "t-price": {"nl": "prijs, contributie", "en": "price, membership fee"},
    "t-small": {"nl": "buitenland, vakantie", "en": "abroad, holiday"},
    "t-fast": {"nl": "snel weer op weg", "en": "back on the road quickly"},
}
TERMS: dict[str, list[str]] = {
    "t-wait": ["wachten", "telefoon", "wachttijd", "wachtrij"],
    "t-app": ["app", "zelf", "regel"],
    "t-price": ["prijs", "contributie", "korting"],
    "t-small": ["vakantie", "frankrijk", "hulp"],
    "t-fast": ["snel", "monteur", "doel", "weg"],
}
SECTIONS = {"t-wait": None, "t-app": "drivers", "t-price": None, "t-small": None,
            "t-fast": "goals"}
SENTIMENT = {"t-wait": -0.6, "t-app": 0.5, "t-price": -0.3, "t-small": 0.4, "t-fast": 0.1}


def make_items(links: list[tuple[str, str]], *, kind: str = "interview") -> list[TextItem]:
    """Texts of two personas (``links``: (persona id, profile id) of the first and the
    second), ten unlinked and twenty of a competitor, all redacted."""
    items: list[TextItem] = []
    for side, (persona_id, profile_id) in enumerate(links[:2]):
        number = 0
        for theme, counts in COUNTS.items():
            for i in range(counts[side]):
                text = _text(theme, i, side)
                asked = GOAL_QUESTION if theme == "t-app" and side == 0 else None
                items.append(_item(f"{persona_id}-{number}", text, kind, persona_id,
                                   profile_id, asked))
                number += 1
        while number < PER_PERSONA:
            asked = GOAL_QUESTION if number % (4 if side == 0 else 2) == 0 else None
            items.append(_item(f"{persona_id}-{number}", _text("other", number, side), kind,
                               persona_id, profile_id, asked))
            number += 1
    for i in range(10):
        items.append(_item(f"loose-{i}", _text("other", i, 2), kind, None, None))
    for i in range(20):
        theme = "t-wait" if i < 12 else "other"
        items.append(TextItem(id=f"reviews:r{i}", source="reviews_reisclub", kind="review",
                              document=f"r{i}", text=_text(theme, i, 3), lang="nl",
                              rating=2.0, competitor=COMPETITOR))
    return items


def _text(theme: str, i: int, side: int) -> str:
    if theme == "t-wait" and side == 1 and i < len(IDENTIFYING):
        return IDENTIFYING[i]
    options = TEXTS[theme]
    return options[(i + side) % len(options)] + f" ({i + 1})" * (i >= len(options))


def _item(name: str, text: str, kind: str, persona_id: str | None,
          profile_id: str | None, question: str | None = None) -> TextItem:
    document = f"gesprek-{name}.txt"
    return TextItem(
        id=f"interviews:{document}:1", source="interviews", kind=kind,  # type: ignore[arg-type]
        document=document, text=text, lang="nl", date="2025-05-01", question=question,
        key=None, profile_id=profile_id, persona_id=persona_id,
        linked_by="profile" if persona_id else "none",
        redactions={"name": 1} if "[naam]" in text else {})


def members_of(items: Iterable[TextItem], theme: str, links: list[tuple[str, str]]) -> list[str]:
    """The ids of the texts in *theme* (as :func:`make_items` wrote them)."""
    wanted = tuple(TEXTS[theme]) + IDENTIFYING * (theme == "t-wait")
    return [i.id for i in items if i.text.startswith(tuple(w[:30] for w in wanted))]


def make_run(items: list[TextItem], links: list[tuple[str, str]], *,
             shares: bool = True) -> ThemeModel:
    """The theme run over *items*: per theme its texts, snippets and (with *shares*) its
    counts per profile against the rest."""
    by_id = {i.id: i for i in items}
    # Shares among our texts linked to a profile (as the theming step counts them).
    ours = [i for i in items if i.competitor is None and i.profile_id]
    totals = {profile: sum(1 for i in ours if i.profile_id == profile) for _, profile in links}
    themes = []
    for theme in COUNTS:
        member_ids = members_of(items, theme, links)
        members = [by_id[m] for m in member_ids]
        in_ours = [m for m in members if m.competitor is None and m.profile_id]
        rows = []
        for _, profile in links[:2]:
            k = sum(1 for m in in_ours if m.profile_id == profile)
            n = totals[profile]
            rest_k, rest_n = len(in_ours) - k, len(ours) - n
            rows.append(ThemeShare(profile_id=profile, texts=n, in_theme=k,
                                   share=k / n if n else None, rest_share=rest_k / rest_n,
                                   rest_texts=rest_n, rest_in_theme=rest_k))
        snippets = [Snippet(item_id=m.id, text=m.text, source=m.source, date=m.date)
                    for m in members if m.competitor is None]
        # The identifying texts first: typical, yet never to be shown.
        snippets = sorted(snippets, key=lambda s: not s.text.startswith(IDENTIFYING))[:6]
        themes.append(Theme(
            id=theme, label=LABELS[theme], terms=TERMS[theme], size=len(members),
            snippets=snippets, sentiment=SENTIMENT[theme], section=SECTIONS[theme],
            shares=rows if shares else [], item_ids=member_ids))
    return ThemeModel(id=RUN_ID, created_at=datetime(2026, 1, 2, tzinfo=UTC),
                      method="tfidf", model="test", items=len(items), themes=themes)


def store_run(ws: Workspace, run: ThemeModel, author: str = "themes") -> None:
    """Save *run* as revision 1 in ``theme_revisions`` (as the theming step does)."""
    from personakit.texts._tables import theme_revisions

    with ws.engine.begin() as con:
        con.execute(theme_revisions.insert().values(
            run_id=run.id, revision=1, author=author, created_at=run.created_at,
            content=run.model_dump(mode="json", exclude={"revision", "author"})))
