"""Journeys defined by people: YAML and TOML files, their round trip, and bad files named by
file, line and field with nothing saved."""

from __future__ import annotations

import string
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from personakit.errors import InputError, PersonakitError, WorkspaceError
from personakit.journey import (
    Journey,
    PersonaTouchpoint,
    Stage,
    Touchpoint,
    configured_journeys,
    define_journeys,
    dump_journeys,
    get_journey,
    list_journeys,
    parse_journeys,
    save_journey,
)
from personakit.workspace import Workspace
from tests._journeyfix import record_personas
from tests.conftest import tree_fingerprint

YAML = """\
journeys:
  web:
    label_nl: Online lid worden
    label_en: Joining online
    source: web
    stages:
      - id: orientation
        label_nl: Oriëntatie
        label_en: Orientation
      - id: purchase
        label_nl: Aankoop
        label_en: Purchase
    touchpoints:
      - id: home
        stage: orientation
        label_nl: Startpagina
        label_en: Home page
        channel: web
        step: home
      - id: checkout
        stage: purchase
        label_nl: Afrekenen
        label_en: Checkout
        step: afrekenen
      - id: welcome_call
        stage: purchase
        label_nl: Welkomstgesprek
        label_en: Welcome call
        channel: phone
    personas:
      Ingrid Smit:
        checkout:
          barrier_nl: "Vindt online betalen spannend"
          barrier_en: "Finds paying online daunting"
          cta_nl: "Liever bellen? Wij regelen het samen"
          cta_en: "Rather call? We do it together"
          tone_en: Patient
          evidence: "Interviews with five members, March 2026"
      p-mo:
        home:
          expectation_en: "Everything on one page"
"""

TOML = """\
[journeys.web]
label_nl = "Online lid worden"
label_en = "Joining online"
source = "web"

[[journeys.web.stages]]
id = "orientation"
label_en = "Orientation"

[[journeys.web.touchpoints]]
id = "home"
stage = "orientation"
step = "home"

[[journeys.web.touchpoints]]
id = "checkout"
stage = "orientation"
step = "afrekenen"

[journeys.web.personas.p-ingrid.checkout]
barrier_nl = "Vindt online betalen spannend"
barrier_en = "Finds paying online daunting"
"""


@pytest.fixture
def ws(workspace: Workspace) -> Workspace:
    record_personas(workspace)
    return workspace


def _with_web_source(ws: Workspace) -> None:
    with ws.transaction() as st_:
        st_.edit_config()["sources"]["web"] = {"file": "web.csv", "link": "klant"}


def _files(ws: Workspace) -> dict[str, str]:
    """The workspace's files, without SQLite's shared-memory index (reads touch it)."""
    return {k: v for k, v in tree_fingerprint(ws.root).items() if not k.endswith("-shm")}


def _write(ws: Workspace, name: str, text: str) -> Path:
    path = ws.root.parent / name
    path.write_text(text, encoding="utf-8")
    return path


def test_yaml_file_defines_a_journey(ws: Workspace) -> None:
    _with_web_source(ws)
    [saved] = define_journeys(ws, _write(ws, "web.yaml", YAML), author="anna")
    assert saved.name == "web" and saved.revision == 1 and saved.author == "anna"
    assert [t.id for t in saved.touchpoints] == ["home", "checkout", "welcome_call"]
    assert saved.touchpoint("welcome_call").channel == "phone"
    assert saved.touchpoint("welcome_call").step is None
    assert saved.steps() == ["home", "afrekenen"]
    assert saved.label == {"nl": "Online lid worden", "en": "Joining online"}
    ingrid = saved.personas["p-ingrid"]["checkout"]  # named by name, stored by id
    assert ingrid.barrier == {"nl": "Vindt online betalen spannend",
                              "en": "Finds paying online daunting"}
    assert ingrid.tone == {"en": "Patient"}
    assert ingrid.author == "anna" and not ingrid.assumption
    assert ingrid.evidence[0].kind == "insight" and "five members" in str(ingrid.evidence[0].text)
    mo = saved.personas["p-mo"]["home"]
    assert mo.assumption and mo.evidence == []  # nothing behind it: an assumption
    assert get_journey(ws, "web") == saved


def test_defining_the_same_file_again_saves_nothing_new(ws: Workspace) -> None:
    _with_web_source(ws)
    path = _write(ws, "web.yaml", YAML)
    define_journeys(ws, path, author="anna")
    [again] = define_journeys(ws, path, author="bert")
    assert again.revision == 1 and again.author == "anna"
    path.write_text(YAML.replace("Finds paying online daunting", "Dislikes paying online"),
                    encoding="utf-8")
    [changed] = define_journeys(ws, path, author="bert")
    assert changed.revision == 2
    assert changed.personas["p-ingrid"]["checkout"].barrier["en"] == "Dislikes paying online"


def test_toml_file_defines_the_same_shape(ws: Workspace) -> None:
    _with_web_source(ws)
    [saved] = define_journeys(ws, _write(ws, "web.toml", TOML), author="anna")
    assert [t.step for t in saved.touchpoints] == ["home", "afrekenen"]
    assert saved.personas["p-ingrid"]["checkout"].barrier["en"] == "Finds paying online daunting"


def test_a_journey_in_personakit_toml(ws: Workspace) -> None:
    """`[journeys.NAME]` in personakit.toml is a configured journey, as a file would be;
    a wrong field names personakit.toml and its line."""
    from personakit.journey import configured_journeys, get_journey

    _with_web_source(ws)
    text = ws.config_path.read_text(encoding="utf-8")
    ws.config_path.write_text(text + "\n" + TOML, encoding="utf-8")
    reopened = Workspace.open(ws.root)
    try:
        journey = get_journey(reopened, "web")
        assert [t.step for t in journey.touchpoints] == ["home", "afrekenen"]
        assert "web" in configured_journeys(reopened)
    finally:
        reopened.close()
    ws.config_path.write_text(text + "\n" + TOML.replace('step = "home"', 'step = 12'),
                              encoding="utf-8")
    broken = Workspace.open(ws.root)
    try:
        with pytest.raises(InputError) as caught:
            get_journey(broken, "web")
        message = caught.value.message("en")
        assert "personakit.toml" in message and "step" in message
    finally:
        broken.close()


def test_drafted_entries_stay_when_a_file_is_defined(ws: Workspace) -> None:
    _with_web_source(ws)
    path = _write(ws, "web.yaml", YAML)
    [first] = define_journeys(ws, path, author="anna")
    drafted = PersonaTouchpoint(expectation={"en": "From the data"}, author=None)
    personas = {**first.personas, "p-ruud": {"home": drafted}}
    save_journey(ws, first.model_copy(update={"personas": personas}), base_revision=1,
                 author="personakit")
    path.write_text(YAML.replace("Everything on one page", "All on one page"), encoding="utf-8")
    [second] = define_journeys(ws, path, author="anna")
    assert second.personas["p-ruud"]["home"].expectation == {"en": "From the data"}
    assert second.personas["p-mo"]["home"].expectation == {"en": "All on one page"}


# -- round trip ----------------------------------------------------------------------------

TEXT = st.text(alphabet=st.characters(categories=("L", "N", "P", "S", "Zs"),
                                      exclude_characters="\x85\u2028\u2029"),
               min_size=1, max_size=30).map(str.strip).filter(bool)
IDS = st.text(alphabet=string.ascii_lowercase + string.digits + "_-", min_size=1,
              max_size=12).filter(lambda s: s[0].isalnum())
BILINGUAL = st.dictionaries(st.sampled_from(["nl", "en"]), TEXT, max_size=2)


@st.composite
def journeys(draw: st.DrawFn) -> Journey:
    stage_ids = draw(st.lists(IDS, min_size=1, max_size=3, unique=True))
    tp_ids = draw(st.lists(IDS, min_size=1, max_size=5, unique=True))
    steps = draw(st.lists(st.one_of(st.none(), TEXT), min_size=len(tp_ids),
                          max_size=len(tp_ids)))
    seen: set[str] = set()
    touchpoints = []
    for tp_id, step in zip(tp_ids, steps, strict=True):
        unique_step = step if step not in seen else None
        seen.add(str(unique_step))
        touchpoints.append(Touchpoint(id=tp_id, stage=draw(st.sampled_from(stage_ids)),
                                      label=draw(BILINGUAL), channel=draw(IDS),
                                      step=unique_step))
    entries = {persona: {tp: PersonaTouchpoint(
        expectation=draw(BILINGUAL), barrier=draw(BILINGUAL), message=draw(BILINGUAL),
        cta=draw(BILINGUAL), tone=draw(BILINGUAL), channel=draw(BILINGUAL),
        author="anna", assumption=True)
        for tp in draw(st.lists(st.sampled_from(tp_ids), max_size=2, unique=True))}
        for persona in draw(st.lists(IDS, max_size=2, unique=True))}
    return Journey(name=draw(IDS), label=draw(BILINGUAL), revision=0, author="anna",
                   stages=[Stage(id=s, label=draw(BILINGUAL)) for s in stage_ids],
                   touchpoints=touchpoints, source=draw(st.one_of(st.none(), IDS)),
                   personas={p: e for p, e in entries.items() if e})


@pytest.mark.parametrize("fmt", ["yaml", "toml"])
@given(journey=journeys())
@settings(max_examples=60, deadline=None)
def test_dump_and_parse_round_trip(fmt: str, journey: Journey) -> None:
    text = dump_journeys([journey], fmt)  # type: ignore[arg-type]
    [back] = parse_journeys(text, file=f"x.{fmt}", fmt=fmt, author="anna")  # type: ignore[arg-type]
    assert back == journey


def test_dump_leaves_out_drafted_entries() -> None:
    journey = Journey(name="web", stages=[Stage(id="s")],
                      touchpoints=[Touchpoint(id="home", stage="s")],
                      personas={"p": {"home": PersonaTouchpoint(barrier={"en": "x"})}})
    assert "personas" not in dump_journeys([journey])


# -- bad files -----------------------------------------------------------------------------

BAD = [
    ("unknown field", YAML.replace("        channel: web\n", "        chanel: web\n"),
     18, "journeys.web.touchpoints[0].chanel", "one of the fields id, stage"),
    ("unknown stage", YAML.replace("stage: purchase\n        label_nl: Afrekenen",
                                   "stage: buying\n        label_nl: Afrekenen"),
     21, "journeys.web.touchpoints[1].stage", "one of orientation, purchase"),
    ("duplicate id", YAML.replace("id: welcome_call", "id: checkout"),
     25, "journeys.web.touchpoints[2].id", "used once (checkout is used before)"),
    ("duplicate step", YAML.replace("step: afrekenen", "step: home"),
     24, "journeys.web.touchpoints[1].step", "used once (home is used before)"),
    ("unknown persona", YAML.replace("Ingrid Smit:", "Ingrid Jansen:"),
     31, "journeys.web.personas.Ingrid Jansen", "a persona id or name of this workspace"),
    ("unknown touchpoint", YAML.replace("        home:\n          expectation_en",
                                        "        hoem:\n          expectation_en"),
     40, "journeys.web.personas.p-mo.hoem", "one of home, checkout, welcome_call"),
    ("missing touchpoints", YAML.split("    touchpoints:")[0],
     2, "journeys.web.touchpoints", "this field (it is required)"),
    ("a number as a label", YAML.replace("label_en: Orientation", "label_en: 12"),
     9, "journeys.web.stages[0].label_en", "text"),
    ("bad id", YAML.replace("id: home", "id: 'home page'"),
     14, "journeys.web.touchpoints[0].id", "an id of letters, digits"),
    ("unknown source", YAML.replace("source: web", "source: webshop"),
     5, "journeys.web.source", "one of"),
    ("empty stages", YAML.replace("""    stages:
      - id: orientation
        label_nl: Oriëntatie
        label_en: Orientation
      - id: purchase
        label_nl: Aankoop
        label_en: Purchase
""", "    stages: []\n"), 6, "journeys.web.stages", "at least one item"),
]


@pytest.mark.parametrize(("case", "text", "line", "field", "expected"), BAD,
                         ids=[b[0] for b in BAD])
def test_bad_yaml_names_file_line_and_field_and_saves_nothing(
        ws: Workspace, case: str, text: str, line: int, field: str, expected: str) -> None:
    _with_web_source(ws)
    path = _write(ws, "web.yaml", text)
    before = _files(ws)
    with pytest.raises(InputError) as caught:
        define_journeys(ws, path, author="anna")
    message = caught.value.message("en")
    assert message.startswith(f"{path}, line {line}: {field}: expected"), message
    assert expected in message
    assert _files(ws) == before
    assert list_journeys(ws) == []


def test_messages_are_in_dutch_too(ws: Workspace) -> None:
    path = _write(ws, "web.yaml", YAML.replace("channel: web", "chanel: web"))
    with pytest.raises(InputError) as caught:
        define_journeys(ws, path, author="anna")
    dutch = caught.value.message("nl")
    assert "regel 18" in dutch and "verwacht een van de velden id, stage" in dutch


def test_several_problems_are_counted(ws: Workspace) -> None:
    text = YAML.replace("channel: web", "chanel: web").replace("Orientation", "12")
    with pytest.raises(InputError) as caught:
        parse_journeys(text, file="web.yaml", fmt="yaml")
    assert caught.value.message("en").endswith("Further problems in this file: 1.")


def test_bad_toml_names_the_line(ws: Workspace) -> None:
    bad = TOML.replace('stage = "orientation"\nstep = "afrekenen"',
                       'stage = "purchase"\nstep = "afrekenen"')
    with pytest.raises(InputError) as caught:
        parse_journeys(bad, file="web.toml", fmt="toml")
    assert caught.value.message("en").startswith(
        "web.toml, line 17: journeys.web.touchpoints[1].stage: expected one of orientation")
    typo = TOML.replace('barrier_en = "', 'barier_en = "')
    with pytest.raises(InputError) as caught:
        parse_journeys(typo, file="web.toml", fmt="toml")
    assert "line 22: journeys.web.personas.p-ingrid.checkout.barier_en" in str(caught.value)


@pytest.mark.parametrize(("fmt", "text", "line"), [
    ("yaml", "journeys:\n  web:\n    stages: [\n", 4),
    ("yaml", "journeys:\n  web: {a: 1\n  b: 2", 3),
    ("toml", "[journeys.web]\nlabel_en = \n", 2),
])
def test_syntax_errors_name_the_line(fmt: str, text: str, line: int) -> None:
    with pytest.raises(InputError) as caught:
        parse_journeys(text, file=f"web.{fmt}", fmt=fmt)  # type: ignore[arg-type]
    assert caught.value.key == "journey.define.error.syntax"
    assert caught.value.params["line"] == line


def test_aliases_and_deep_nesting_are_refused_quickly() -> None:
    levels = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    levels += [f"{c}: &{c} [{', '.join([f'*{p}'] * 9)}]" for p, c in zip("abcdefg", "bcdefgh",
                                                                         strict=True)]
    bomb = "\n".join(levels) + "\njourneys: {web: {stages: *h}}\n"  # 9**8 items if expanded
    with pytest.raises(InputError) as caught:
        parse_journeys(bomb, file="bomb.yaml", fmt="yaml")
    assert "line 1" in caught.value.message("en")  # where the anchor is
    assert "aliases" in caught.value.message("en")
    deep = "journeys: " + "[" * 5000 + "]" * 5000
    with pytest.raises(InputError, match="not readable"):
        parse_journeys(deep, file="deep.yaml", fmt="yaml")


@pytest.mark.parametrize("text", ["", "just text", "- a\n- b\n", "journeys: []\n",
                                  "journeys: {}\n", "other: 1\n"])
def test_files_without_a_journeys_table(text: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_journeys(text, file="web.yaml", fmt="yaml")
    assert caught.value.message("en").startswith("web.yaml")


def test_wrong_suffix_and_missing_file(ws: Workspace) -> None:
    with pytest.raises(InputError, match=r"\.yaml, \.yml, \.toml"):
        define_journeys(ws, _write(ws, "web.json", "{}"), author="anna")
    with pytest.raises(InputError, match="no such file"):
        define_journeys(ws, ws.root / "nope.yaml", author="anna")


def test_not_utf8_is_refused(ws: Workspace) -> None:
    path = ws.root.parent / "web.yaml"
    path.write_bytes(YAML.encode("utf-16"))
    with pytest.raises(InputError, match="UTF-8"):
        define_journeys(ws, path, author="anna")


def test_a_bad_journey_among_good_ones_saves_none(ws: Workspace) -> None:
    _with_web_source(ws)
    two = YAML + YAML.replace("journeys:\n  web:", "  app:").replace(
        "id: welcome_call", "id: checkout")
    with pytest.raises(InputError, match="journeys.app.touchpoints"):
        define_journeys(ws, _write(ws, "two.yaml", two), author="anna")
    assert list_journeys(ws) == []


# -- configured journeys and get_journey ---------------------------------------------------

def test_journeys_folder_is_read_and_the_store_comes_first(ws: Workspace) -> None:
    _with_web_source(ws)
    (ws.root / "journeys").mkdir()
    (ws.root / "journeys" / "web.yaml").write_text(YAML, encoding="utf-8")
    configured = get_journey(ws, "web")
    assert configured.revision == 0 and configured.author == "file:journeys/web.yaml"
    assert get_journey(ws) == configured  # the only journey there is
    saved = save_journey(ws, configured, base_revision=0, author="anna")
    assert get_journey(ws, "web") == saved and saved.revision == 1


def test_the_same_journey_in_two_files_is_an_error(ws: Workspace) -> None:
    _with_web_source(ws)
    folder = ws.root / "journeys"
    folder.mkdir()
    (folder / "a.yaml").write_text(YAML, encoding="utf-8")
    (folder / "b.yml").write_text(YAML, encoding="utf-8")
    with pytest.raises(InputError, match="defined twice"):
        configured_journeys(ws)


def test_unknown_journey_names_the_known_ones(ws: Workspace) -> None:
    _with_web_source(ws)
    define_journeys(ws, _write(ws, "web.yaml", YAML), author="anna")
    with pytest.raises(WorkspaceError, match="Known journeys: web"):
        get_journey(ws, "app")
    with pytest.raises(InputError):
        get_journey(ws, "../etc")


def test_without_journeys_or_data_the_draft_says_what_is_missing(ws: Workspace) -> None:
    with pytest.raises(PersonakitError):
        get_journey(ws)  # no stored or configured journey, no analytics export to draft from


def test_the_guide_examples_are_valid_journey_files() -> None:
    guide = (Path(__file__).resolve().parents[1] / "docs" / "guide" / "11-journeys.md")
    text = guide.read_text(encoding="utf-8")
    yaml_block = text.split("```yaml\n")[1].split("```")[0]
    toml_block = text.split("```toml\n")[1].split("```")[0]
    [from_yaml] = parse_journeys(yaml_block, file="web.yaml", fmt="yaml")
    [from_toml] = parse_journeys(toml_block, file="web.toml", fmt="toml")
    assert from_yaml.name == from_toml.name == "web"
    assert from_yaml.touchpoint("welcome_call").step is None
    shannon = from_yaml.personas["Shannon Roberts"]["checkout"]
    assert not shannon.assumption and shannon.channel == {"nl": "Telefoon", "en": "Phone"}
    assert from_toml.personas["Shannon Roberts"]["checkout"].barrier == shannon.barrier
