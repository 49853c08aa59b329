"""Column roles, table-driven (Presidio style): (column name, values, expected role)."""

from __future__ import annotations

import itertools

import pyarrow as pa
import pytest

from personakit.ingest import infer_columns, match_scale, name_hint
from personakit.model import ColumnInfo, ColumnRole

R = ColumnRole


def _cycle(values: list[object], n: int = 60) -> list[object]:
    return list(itertools.islice(itertools.cycle(values), n))


def infer(name: str, values: list[object], delimiter: str | None = ";") -> ColumnInfo:
    table = pa.table({name: values})
    return infer_columns(table, {"delimiter": delimiter} if delimiter else {})[0]


CASES: list[tuple[str, list[object], ColumnRole]] = [
    # personal data, by value
    ("contact", [f"persoon{i}@example.nl" for i in range(40)], R.PII_EMAIL),
    ("rekening", _cycle(["NL91ABNA0417164300", "NL20INGB0001234567", "NL44RABO0123456789"]),
     R.PII_IBAN),
    ("bsn_check", _cycle(["111222333", "123456782", "999999990"]), R.PII_BSN),
    ("mobiel_of_vast", _cycle(["06-12345678", "020-1234567", "+31 6 12345678", "0612345678"]),
     R.PII_PHONE),
    ("pc", _cycle(["1234 AB", "2345BC", "9999 ZZ"]), R.PII_POSTCODE),
    ("woonadres", _cycle(["Kerkstraat 12", "Dorpsweg 3a", "Stationsplein 1"]), R.PII_ADDRESS),
    ("contactpersoon_volledig",
     [f"{a} {b}" for a, b in itertools.product(
         ["Jan", "Sanne", "Fatima", "Pieter", "Noor", "Daan", "Emma", "Bram"],
         ["de Vries", "Jansen", "el Amrani", "Bakker", "van den Berg", "Smit"])], R.PII_NAME),
    # personal data, by name
    ("voornaam", _cycle(["Jan", "Piet", "Klaas"]), R.PII_NAME),
    ("Achternaam", _cycle(["Jansen", "Smit"]), R.PII_NAME),
    ("e-mail", _cycle(["onbekend", "x"]), R.PII_EMAIL),
    ("telefoonnummer", _cycle([612345678, 201234567]), R.PII_PHONE),
    ("huisnummer", _cycle(["12", "3a", "100"]), R.PII_ADDRESS),
    ("BSN", _cycle([None, "onbekend"]), R.PII_BSN),
    # not personal data, despite the name
    ("woonplaats", _cycle(["Amsterdam", "Den Haag", "Utrecht"]), R.CATEGORICAL),
    ("productnaam", _cycle(["Basis", "Plus"]), R.CATEGORICAL),
    # identifiers
    ("klantnummer", list(range(1000, 1060)), R.IDENTIFIER),
    ("Respondent ID", [f"R_{i:04d}" for i in range(60)], R.IDENTIFIER),
    ("ref", [f"ORD-{i:05d}" for i in range(60)], R.IDENTIFIER),
    # numbers
    ("omzet", [float(i) * 1.5 for i in range(60)], R.NUMERIC),
    ("leeftijd", _cycle([23, 45, 67, 34, 88, 19]), R.NUMERIC),
    ("aantal_klachten", _cycle([0, 1, 2, 3, 4, 5]), R.NUMERIC),
    ("huishoudgrootte", _cycle([1, 2, 3, 4, 5, 6]), R.NUMERIC),
    # ordinal scales
    ("Rapportcijfer (1-10)", _cycle([6, 7, 8, 9, 4]), R.ORDINAL),
    ("tevredenheid", _cycle([1, 2, 3, 4, 5]), R.ORDINAL),
    ("q7", _cycle([1, 2, 3, 4, 5, 6, 7]), R.ORDINAL),
    ("stelling", _cycle(["Helemaal mee oneens", "Mee oneens", "Neutraal", "Mee eens"]),
     R.ORDINAL),
    ("statement", _cycle(["Strongly agree", "Agree", "Disagree", "Don't know"]), R.ORDINAL),
    ("service", _cycle(["Zeer ontevreden", "Tevreden", "Zeer tevreden"]), R.ORDINAL),
    ("gebruik", _cycle(["Nooit", "Soms", "Vaak", "Altijd"]), R.ORDINAL),
    # booleans
    ("nieuwsbrief", _cycle(["ja", "nee"]), R.BOOLEAN),
    ("actief", _cycle(["true", "false"]), R.BOOLEAN),
    ("app", _cycle([0, 1]), R.BOOLEAN),
    ("Opt-in", _cycle(["Ja", "Nee", None]), R.BOOLEAN),
    # multi-select in one cell
    ("kanalen", _cycle(["app;email", "telefoon", "app;telefoon;chat", "email"]),
     R.MULTISELECT),
    # free text and categories
    ("toelichting", [f"Ik vind de service {w} en de app werkt {v}, dank u wel"
                     for w, v in itertools.product(["goed", "matig", "slecht", "prima"],
                                                   ["snel", "traag", "soms", "niet", "goed"])],
     R.TEXT),
    ("product", _cycle(["Basis", "Plus", "Compleet"]), R.CATEGORICAL),
    ("regio", _cycle(["Noord", "Oost", "Zuid", "West"]), R.CATEGORICAL),
    # whole numbers that name a kind, not an amount: categories, not means
    ("klanttype", _cycle([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]), R.CATEGORICAL),
    ("MOSTYPE", _cycle(list(range(1, 41))), R.CATEGORICAL),
    ("sector_code", _cycle([10, 20, 30, 45, 47]), R.CATEGORICAL),
    ("aantal_per_groep", _cycle([0, 1, 2, 3, 4, 5]), R.NUMERIC),
    # dates and empty columns
    ("leeg", [None] * 60, R.IGNORE),
]


@pytest.mark.parametrize(("name", "values", "expected"), CASES, ids=[c[0] for c in CASES])
def test_role(name: str, values: list[object], expected: ColumnRole) -> None:
    assert infer(name, values).role == expected


def test_date_column() -> None:
    import datetime as dt

    assert infer("lid_sinds", [dt.date(2020, 1, d) for d in range(1, 29)]).role == R.DATE


def test_likert_levels_in_order_as_spelled() -> None:
    info = infer("stelling", _cycle(["mee eens", "Helemaal mee oneens", "Neutraal",
                                     "Helemaal mee eens", "Mee oneens"]))
    assert info.levels == ["Helemaal mee oneens", "Mee oneens", "Neutraal", "mee eens",
                           "Helemaal mee eens"]


def test_numeric_scale_levels_from_name() -> None:
    info = infer("Hoe waarschijnlijk beveelt u ons aan (0-10)", _cycle([3, 7, 8, 9, 10]))
    assert info.role == R.ORDINAL
    assert info.levels == [str(i) for i in range(11)]


def test_multiselect_options_and_separator() -> None:
    info = infer("kanalen", _cycle(["app;email", "telefoon", "app;telefoon;chat"]), ",")
    assert info.separator == ";"
    assert set(info.options or []) == {"app", "email", "telefoon", "chat"}


def test_group_of_zero_one_columns_is_one_multiselect() -> None:
    table = pa.table({"kanaal_app": _cycle([0, 1, 1]), "kanaal_email": _cycle([1, 0]),
                      "kanaal_telefoon": _cycle([0, 0, 1]), "nieuwsbrief": _cycle([0, 1])})
    columns = {c.name: c for c in infer_columns(table, {})}
    for name in ("kanaal_app", "kanaal_email", "kanaal_telefoon"):
        assert columns[name].role == R.MULTISELECT
        assert columns[name].group == "kanaal"
    assert columns["kanaal_email"].options == ["email"]
    assert columns["nieuwsbrief"].role == R.BOOLEAN


def test_key_is_identifier_and_overrides_win() -> None:
    table = pa.table({"code": _cycle(["A", "B"]), "x": list(range(60))})
    columns = infer_columns(table, {}, key="x", roles={"code": "ignore"})
    assert columns[0].role == R.IGNORE and columns[0].inferred_role == R.CATEGORICAL
    assert columns[1].role == R.IDENTIFIER


@pytest.mark.parametrize(("values", "expected"), [
    (["Eens", "Oneens", "Neutraal"], ["Oneens", "Neutraal", "Eens"]),
    (["Very satisfied", "Dissatisfied"], ["Dissatisfied", "Very satisfied"]),
    (["Rarely", "Always", "Never"], ["Never", "Rarely", "Always"]),
    (["Ja", "Nee"], None),
    (["Amsterdam", "Neutraal"], None),
])
def test_match_scale(values: list[str], expected: list[str] | None) -> None:
    assert match_scale(values) == expected


@pytest.mark.parametrize(("name", "expected"), [
    ("E-mailadres", R.PII_EMAIL), ("Tel. nr", R.PII_PHONE), ("IBAN", R.PII_IBAN),
    ("postcode", R.PII_POSTCODE), ("straatnaam", R.PII_ADDRESS), ("first_name", R.PII_NAME),
    ("plaatsnaam", None), ("leeftijd", None),
])
def test_name_hints(name: str, expected: ColumnRole | None) -> None:
    assert name_hint(name) == expected
