import pytest

from personakit.persona._labels import (
    Labels,
    derive_label,
    en_third,
    nl_stem,
    third_person_en,
    third_person_nl,
)


@pytest.mark.parametrize(("column", "nl", "en"), [
    ("leeftijd", "leeftijd", "age"),
    ("aantal_klachten", "aantal klachten", "number of complaints"),
    ("lid_sinds", "lid sinds", "member since"),
    ("digitale_vaardigheid", "digitale vaardigheid", "digital skills"),
    ("age", "leeftijd", "age"),
    ("NumberOfComplaints", "aantal klachten", "number of complaints"),
])
def test_label_from_column_name(column: str, nl: str, en: str) -> None:
    label = derive_label(column)
    assert (label.nl, label.en) == (nl, en)


@pytest.mark.parametrize(("item", "nl"), [
    ("Ik regel mijn zaken het liefst online", "regelt zaken het liefst online"),
    ("Ik ben tevreden over de service", "is tevreden over de service"),
    ("Ik heb weinig tijd", "heeft weinig tijd"),
    ("Bij problemen wil ik direct iemand spreken", "wil bij problemen direct iemand spreken"),
    ("Ik vind het belangrijk dat mijn gegevens veilig zijn",
     "vindt het belangrijk dat gegevens veilig zijn"),
    ("Ik lees elke week de nieuwsbrief", "leest elke week de nieuwsbrief"),
    ("Op mijn werk gebruik ik vooral mijn laptop", "gebruikt op het werk vooral de laptop"),
    ("Ik word graag gebeld", "wordt graag gebeld"),
])
def test_dutch_items_in_the_third_person(item: str, nl: str) -> None:
    assert third_person_nl(item) == nl


@pytest.mark.parametrize(("item", "en"), [
    ("I prefer to pay by card", "prefers to pay by card"),
    ("I am satisfied with the service", "is satisfied with the service"),
    ("I often shop online", "often shops online"),
    ("I try to save money every month", "tries to save money every month"),
    ("I'm worried about my privacy", "is worried about their privacy"),
    ("When I have a problem, I want to call", "wants to call when they have a problem"),
    ("I don't trust the website", "doesn't trust the website"),
    ("I go to the shop myself", "goes to the shop themselves"),
])
def test_english_items_in_the_third_person(item: str, en: str) -> None:
    assert third_person_en(item) == en


def test_statement_forms_in_both_languages() -> None:
    label = derive_label("Ik regel mijn zaken het liefst online via app of website")
    assert label.kind == "statement"
    assert label.statement_nl == "regelt zaken het liefst online via app of website"
    assert label.statement_en == "prefers to arrange things online via app or website"
    english = derive_label("I prefer to pay by card")
    assert english.statement_nl == "betaalt het liefst met de kaart"


@pytest.mark.parametrize(("text", "lang", "foreign"), [
    ("Bij mijn lidmaatschap let ik vooral op de prijs", "en", {"lidmaatschap", "prijs", "let"}),
    ("Via welke kanalen neemt u contact met ons op", "en", {"welke", "kanalen", "neemt"}),
    ("I often shop online for my groceries", "nl", {"often", "shop", "groceries"}),
])
def test_untranslatable_text_falls_back_to_a_neutral_description(
        text: str, lang: str, foreign: set[str]) -> None:
    shown = derive_label(text).text(lang).lower()
    assert not foreign & set(shown.replace(",", " ").split()), shown


def test_override_from_the_workspace_config() -> None:
    labels = Labels({"xq17": {"nl": "voorkeur voor korting", "en": "likes discounts"},
                     "omzet": "jaaromzet"})
    assert labels("xq17").en == "likes discounts"
    assert labels("crm__xq17").nl == "voorkeur voor korting"
    assert labels("omzet").en == "jaaromzet"


def test_verb_rules() -> None:
    assert [nl_stem(v) for v in ("regelen", "maken", "bellen", "reizen", "lopen")] == [
        "regel", "maak", "bel", "reis", "loop"]
    assert [en_third(v) for v in ("prefer", "try", "go", "watch", "be")] == [
        "prefers", "tries", "goes", "watches", "is"]
