"""Persona synthesis on hand-made profiles: evidence, thresholds, names, determinism."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from personakit.model import CustomerProfile, Segmentation, Statement, VariableEffect
from personakit.persona import (
    PersonaInputs,
    PersonaSettings,
    build_personas,
    carry_over,
    clears_threshold,
    concept_of,
    section_of,
    synthesize,
)
from personakit.persona._naming import normalise
from personakit.track import current_personas
from personakit.workspace import Workspace


def eff(variable: str, level: str | None, kind: str, pv: float, rv: float, effect: float,
        q: float = 1e-6, n: int = 400) -> VariableEffect:
    return VariableEffect(
        variable=variable, level=level, kind=kind, profile_value=pv, rest_value=rv,  # type: ignore[arg-type]
        effect=effect, lift=pv / rv if kind == "share" and rv else None, ci_low=pv * 0.9,
        ci_high=pv * 1.1, p_value=q / 10, q_value=q, n_profile=n, n_rest=2000,
    )


def make_segmentation(extra_profile: CustomerProfile | None = None) -> Segmentation:
    """Two profiles: a young digital one and an older one who calls."""
    digital = CustomerProfile(
        id="seg1-0", segmentation_id="seg1", index=0, size=400, share=0.4,
        name={"nl": "De digitale zelfredder", "en": "The digital self-starter"},
        effects=[
            eff("app_gebruik", None, "mean", 12.0, 3.0, 1.1),
            eff("kanaal_voorkeur", "app", "share", 0.62, 0.2, 0.9),
            eff("leeftijd", None, "mean", 34.0, 52.0, -0.9),
            eff("klachten_aantal", None, "mean", 0.2, 0.5, -0.4),
            eff("korting_gebruikt", "ja", "share", 0.5, 0.3, 0.4),
            eff("nieuwsbrief", "ja", "share", 0.6, 0.3, 0.6),
            eff("geslacht", "v", "share", 0.6, 0.45, 0.3),
            eff("zwak_verschil", None, "mean", 1, 1, 0.1),
            eff("niet_significant", None, "mean", 1, 1, 0.9, q=0.2),
            eff("xq17", "b", "share", 0.5, 0.2, 0.7),
        ],
        kpis={"tevredenheid": {"profile": 8.1, "rest": 7.0, "n": 380},
              "omzet": {"profile": 100, "rest": 98, "n": 400}},
    )
    calling = CustomerProfile(
        id="seg1-1", segmentation_id="seg1", index=1, size=600, share=0.6,
        name={"nl": "De bellende senior", "en": "The calling senior"},
        effects=[
            eff("app_gebruik", None, "mean", 1.0, 9.0, -1.1),
            eff("kanaal_voorkeur", "telefoon", "share", 0.7, 0.2, 1.0),
            eff("leeftijd", None, "mean", 67.0, 38.0, 1.2),
            eff("klachten_aantal", None, "mean", 0.8, 0.2, 0.7),
            eff("premie_hoogte", None, "mean", 40, 30, 0.5),
            eff("geslacht", "m", "share", 0.55, 0.4, 0.3),
            eff("regio", "Zeeland", "share", 0.3, 0.1, 0.5),
        ],
        kpis={"opzegkans": {"profile": 0.2, "rest": 0.1, "n": 600}},
    )
    profiles = [digital, calling] + ([extra_profile] if extra_profile else [])
    return Segmentation(
        id="seg1", name="default", created_at=datetime(2026, 1, 1, tzinfo=UTC), lens=["x"],
        method="test", k=len(profiles), seed=42, n=1000, inputs={"crm": "abc123"},
        profiles=profiles,
    )


def build(inputs: PersonaInputs | None = None, lang: str = "nl", seed: int = 42,
          segmentation: Segmentation | None = None) -> list:  # type: ignore[type-arg]
    return synthesize(segmentation or make_segmentation(), inputs or PersonaInputs(),
                      settings=PersonaSettings(), lang=lang, seed=seed)


def test_every_persona_has_five_evidence_backed_statements() -> None:
    for persona in build():
        backed = [s for s in persona.statements if s.evidence and not s.assumption]
        assert len(backed) >= 5, persona.name
        for statement in backed:
            assert set(statement.text) == {"nl", "en"}
            assert all(statement.text[lang].strip() for lang in ("nl", "en"))
            evidence = statement.evidence[0]
            assert evidence.kind == "statistic" and evidence.n is not None and evidence.n >= 10


def test_only_differences_that_clear_the_threshold_become_statements() -> None:
    persona = build()[0]
    variables = {s.evidence[0].variable for s in persona.statements}
    assert "zwak_verschil" not in variables  # |effect| < 0.2
    assert "niet_significant" not in variables  # q >= 0.01
    settings = PersonaSettings()
    assert not clears_threshold(eff("x", None, "mean", 1, 2, 0.5, n=9), settings)
    assert not clears_threshold(eff("x", "a", "share", 0.02, 0.01, 0.3, n=400), settings)
    assert clears_threshold(eff("x", "a", "share", 0.02, 0.2, -0.6, n=400), settings)


@pytest.mark.parametrize(("variable", "level", "effect", "section"), [
    ("app_gebruik", None, 1.0, "skills"),
    ("website_bezoeken", None, -1.0, "barriers"),
    ("korting_gebruikt", "ja", 0.5, "drivers"),
    ("price_sensitivity", None, -0.5, "barriers"),
    ("klacht_aantal", None, 0.5, "frustrations"),
    ("complaints", None, -0.5, "expectations"),
    ("contact_telefoon", None, 0.5, "channels"),
    ("kanaal", "app", 0.5, "channels"),
    ("tevredenheid", None, 0.5, "kpis"),
    ("satisfaction_score", None, -0.5, "frustrations"),
    ("leeftijd", None, 0.5, "demographics"),
    ("nieuwsbrief_gelezen", "nee", 0.5, "media"),
    ("usage", None, 0.5, "notes"),
    ("xq17", "b", 0.7, "notes"),
    ("aantal_klachten", "0", 0.5, "expectations"),  # more members at zero: fewer complaints
    ("optie_reisverzekering", "1", 0.5, "buying"),  # a yes/no column stored as 0/1
    ("betaalwijze", "acceptgiro", 0.5, "buying"),
])
def test_column_names_map_to_canvas_sections(variable: str, level: str | None, effect: float,
                                             section: str) -> None:
    kind = "share" if level else "mean"
    assert section_of(eff(variable, level, kind, 0.5, 0.3, effect)) == section


def test_unknown_columns_still_give_readable_statements() -> None:
    persona = build()[0]
    generic = next(s for s in persona.statements if s.evidence[0].variable == "xq17")
    assert concept_of("xq17").name == "generic"
    # A code reads the same in both languages; the level and both shares are in the text.
    assert generic.text["nl"] == "Xq17: vaker b (5 op de 10, tegen 2 op de 10 van de anderen)."
    assert generic.text["en"] == "Xq17: more often b (5 in 10, against 2 in 10 of the others)."


def test_behaviour_comes_before_demographics_and_demographics_stay_brief() -> None:
    for persona in build():
        sections = [s.section for s in persona.statements]
        assert sections.count("demographics") <= 2
        positions = [i for i, s in enumerate(sections) if s == "demographics"]
        assert all(i >= len(sections) - len(positions) for i in positions)
        assert sections[0] != "demographics"


def test_rebuilding_gives_identical_personas() -> None:
    first, second = build(), build()
    assert [p.model_dump() for p in first] == [p.model_dump() for p in second]
    assert build(seed=7)[0].name != first[0].name or build(seed=7)[1].name != first[1].name


def test_name_fits_locale_age_and_gender() -> None:
    digital, calling = build()
    assert digital.gender == "female" and digital.age == 34
    assert calling.gender == "male" and calling.age == 67
    assert digital.name.split()[0] != calling.name.split()[0]
    english = build(lang="en")
    assert english[0].name != digital.name


def test_never_the_name_of_a_real_member() -> None:
    default = build()
    real = {normalise(p.name) for p in default}
    redrawn = build(PersonaInputs(real_names=real))
    for persona in redrawn:
        assert normalise(persona.name) not in real


def test_avatar_is_deterministic_svg_without_external_references() -> None:
    persona = build()[0]
    assert persona.avatar_svg.startswith("<svg") and persona.avatar_svg == build()[0].avatar_svg
    assert "href" not in persona.avatar_svg and "<image" not in persona.avatar_svg
    assert persona.avatar_svg != build()[1].avatar_svg


def test_narrative_in_both_languages_with_footnotes_and_without_raw_numbers() -> None:
    for persona in build():
        for lang in ("nl", "en"):
            text = persona.narrative[lang]
            assert persona.name.split()[0] in text
            assert "[1]" in text
            # Each statement it tells is followed by its own footnote number, so every
            # figure in the text traces to the evidence of that statement.
            told = [n for n in range(1, len(persona.statements) + 1) if f"[{n}]" in text]
            assert told
            for number in told:
                sentence = persona.statements[number - 1].text[lang].rstrip(".")
                assert f"{sentence[1:]} [{number}]" in text, (number, text)
            assert "e+" not in text and "e-0" not in text
        assert persona.narrative["nl"] != persona.narrative["en"]
        assert persona.biography["nl"] and persona.quote["nl"] and persona.quote["en"]


def test_approach_for_frontline_staff_follows_the_statements() -> None:
    digital, calling = build()
    assert "app" in digital.approach["channels"]
    assert "telefoon" in calling.approach["channels"]
    assert calling.extra["approach"]["en"]["tone"].startswith("Acknowledge")
    # A barrier is named as the obstacle it is, not as its column (issue 10).
    assert "klachten" in calling.approach["barriers"]
    assert "klachten aantal" not in calling.approach["barriers"]
    assert "complaints" in calling.extra["approach"]["en"]["barriers"]


def test_profile_below_minimum_group_size_gives_no_persona() -> None:
    tiny = CustomerProfile(id="seg1-2", segmentation_id="seg1", index=2, size=6, share=0.006,
                           name={"nl": "Klein", "en": "Small"},
                           effects=[eff("app_gebruik", None, "mean", 3, 1, 2.0, n=6)])
    personas = build(segmentation=make_segmentation(tiny))
    assert [p.profile_id for p in personas] == ["seg1-0", "seg1-1"]


def test_personal_and_identifier_variables_never_become_statements() -> None:
    personas = build(PersonaInputs(excluded={"app_gebruik", "kanaal_voorkeur"}))
    variables = {s.evidence[0].variable for p in personas for s in p.statements}
    assert not variables & {"app_gebruik", "kanaal_voorkeur"}


def test_hand_written_statements_are_assumptions_and_survive_a_rebuild() -> None:
    built = build()
    manual = Statement(id="manual:1", section="goals", assumption=True, author="sanne",
                       text={"nl": "Wil snel duidelijkheid.", "en": "Wants clarity fast."})
    edited = built[0].model_copy(update={"statements": [*built[0].statements, manual],
                                         "picture": "me.png"})
    carried = carry_over(build(), [edited, built[1]])
    assert carried[0].statements[-1] == manual and carried[0].picture == "me.png"
    assert carried[1] == build()[1]


def test_build_personas_stores_a_version(workspace: Workspace) -> None:
    version = build_personas(workspace, make_segmentation())
    assert version.id == 1 and len(version.personas) == 2
    assert version.inputs == {"crm": "abc123", "segmentation": "seg1"}
    assert version.settings["min_group_size"] == 10 and version.seed == 42
    assert [p.id for p in current_personas(workspace)] == ["default-0", "default-1"]
    again = build_personas(workspace, make_segmentation())
    assert again.content_hash == version.content_hash
    assert [p.revision for p in again.personas] == [2, 2]


def test_counts_and_yes_no_levels_read_naturally() -> None:
    from personakit.persona._statements import effect_statement

    zero = effect_statement(eff("aantal_klachten", "0", "share", 0.8, 0.5, 0.6))
    assert zero.text["nl"] == ("Aantal klachten: geen bij 8 op de 10, tegen 5 op de 10 van de "
                               "anderen.")
    assert zero.text["en"] == ("Number of complaints: none for 8 in 10, against 5 in 10 of the "
                               "others.")
    household = effect_statement(eff("huishoudgrootte", "1", "share", 0.6, 0.3, 0.6))
    # A count of 1 is a level, not yes/no.
    assert household.text["nl"] == ("Huishoudgrootte: meestal 1 (6 op de 10, tegen 3 op de 10 "
                                    "van de anderen).")
    option = effect_statement(eff("optie_caravanhulp", "1", "share", 0.6, 0.3, 0.6))
    assert "‘1’" not in option.text["nl"] and "optie caravanhulp" in option.text["nl"].lower()


def test_dates_as_numbers_never_become_statements() -> None:
    profile = make_segmentation().profiles[0]
    dated = profile.model_copy(update={"effects": [
        *profile.effects, eff("chats__tijdstip__last", None, "mean", 2e9, 1e9, 2.0),
        eff("Ingevuld op", None, "mean", 2e9, 1e9, 2.0)]})
    from personakit.persona import profile_statements

    variables = {s.evidence[0].variable for s in profile_statements(dated, PersonaSettings())}
    assert not variables & {"chats__tijdstip__last", "Ingevuld op"}


def test_a_label_mid_sentence_is_not_capitalised() -> None:
    from personakit.persona._labels import active_labels
    from personakit.persona._statements import _mean_text

    effect = eff("app_gebruik", None, "mean", 12.0, 3.0, 1.1)
    label = active_labels()("app_gebruik")
    assert _mean_text(effect, label, "en", 1) == (
        "With 12.0 on average, app use is higher than among the others (3.0).")
    assert _mean_text(effect, label, "nl", 0) == (
        "app gebruik: gemiddeld 12,0, tegen 3,0 bij de anderen.")
    for lang in ("nl", "en"):
        assert effect_text_starts_upper(effect, lang)


def effect_text_starts_upper(effect: VariableEffect, lang: str) -> bool:
    from personakit.persona._statements import effect_statement

    return effect_statement(effect).text[lang][:1].isupper()


def test_kpi_facts_use_the_label_the_statement_carries() -> None:
    from personakit.report._tree import persona_page

    persona = build()[0]
    facts = {f.label for f in persona_page(persona, "en").facts}
    assert "Satisfaction" in facts or "satisfaction" in facts  # derived from "tevredenheid"
    assert "tevredenheid" not in facts and "omzet" not in facts  # never the raw column
    # A label override reaches the statement's evidence; the fact follows it.
    statements = []
    for s in persona.statements:
        evidence = [e.model_copy(update={"label": {"nl": "Klantoordeel", "en": "Rating"}})
                    if e.variable == "tevredenheid" else e for e in s.evidence]
        statements.append(s.model_copy(update={"evidence": evidence}))
    renamed = persona.model_copy(update={"statements": statements})
    assert "Rating" in {f.label for f in persona_page(renamed, "en").facts}
    assert "Klantoordeel" in {f.label for f in persona_page(renamed, "nl").facts}
