"""Personal-data recognisers: a table of (text, what must be removed) per kind."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.nl import bsn

from personakit.i18n import language
from personakit.privacy import (
    Finding,
    FunctionRecognizer,
    KnownValuesRecognizer,
    find_pii,
    placeholder,
    recognizers,
    register_recognizer,
    scrub,
    unregister_recognizer,
)

CASES = [
    # (text, kind, value that must disappear)
    ("Mail me op sanne.devries@gmail.com graag.", "email", "sanne.devries@gmail.com"),
    ("CONTACT: J.Jansen+klant@Ziggo.NL", "email", "J.Jansen+klant@Ziggo.NL"),
    ("Bel 06-12345678 na vijven.", "phone", "06-12345678"),
    ("Mijn nummer: +31 6 1234 5678.", "phone", "+31 6 1234 5678"),
    ("Vast: 010-1234567 (thuis)", "phone", "010-1234567"),
    ("Bereikbaar op +31 (0)20 123 4567", "phone", "+31 (0)20 123 4567"),
    ("of 0031 6 12345678", "phone", "0031 6 12345678"),
    ("Tel (030) 2345678", "phone", "(030) 2345678"),
    ("Rekening NL91 ABNA 0417 1643 00 graag.", "iban", "NL91 ABNA 0417 1643 00"),
    ("iban nl91abna0417164300.", "iban", "nl91abna0417164300"),
    ("Duits: DE89 3704 0044 0532 0130 00.", "iban", "DE89 3704 0044 0532 0130 00"),
    ("Mijn BSN is 111222333.", "bsn", "111222333"),
    ("bsn 1112.22.333 staat op de brief", "bsn", "1112.22.333"),
    ("sofinummer 111 222 333", "bsn", "111 222 333"),
    ("Postcode 3011 AB 12, Rotterdam", "postcode", "3011 AB 12"),
    ("naar 1234ab sturen", "postcode", "1234ab"),
    ("Ik woon aan de Kerkstraat 5.", "address", "Kerkstraat 5"),
    ("Adres: Van Heemstralaan 12a, Den Haag", "address", "Van Heemstralaan 12a"),
    ("Laan van Meerdervoort 120 is ons kantoor", "address", "Laan van Meerdervoort 120"),
    ("Oude Binnenweg 4-2 Rotterdam", "address", "Oude Binnenweg 4-2"),
    ("Keizersgracht 452 hs", "address", "Keizersgracht 452 hs"),
    ("I live at 12 Baker Street, London", "address", "12 Baker Street"),
    ("Hallo, ik ben Sanne de Vries.", "name", "Sanne de Vries"),
    ("Mijn naam is Ahmed Yilmaz en ik bel over", "name", "Ahmed Yilmaz"),
    ("Mevrouw Van der Berg belde.", "name", "Van der Berg"),
    ("Meneer van den Heuvel was behulpzaam", "name", "van den Heuvel"),
    ("Dhr. P.J. Jansen heeft geklaagd", "name", "P.J. Jansen"),
    ("Vorige week belde Fenna Bakker namens mij.", "name", "Fenna Bakker"),
    ("Met vriendelijke groet, Roos Visser", "name", "Roos Visser"),
    ("My name is Oliver Smith.", "name", "Oliver Smith"),
]


@pytest.mark.parametrize(("text", "kind", "value"), CASES, ids=[c[2] for c in CASES])
def test_recogniser_removes_value(text: str, kind: str, value: str) -> None:
    result = scrub(text, "nl")
    assert value not in result.text
    assert kind in result.kinds
    assert placeholder(kind, "nl") in result.text


CLEAN = [
    "Ik ben tevreden over de app, die werkt prima.",
    "De klant wil dat het snel gaat en belt liever niet.",
    "Bestelnummer 123456789 is nog niet geleverd.",  # fails the 11-check
    "Op 12 maart heb ik € 123,45 betaald; factuur 2024-118 klopt niet.",
    "In 2023 is de premie met 5 % gestegen.",
    "De Rabobank app werkt prima, de website van Eneco niet.",
    "Mark the date: I will call in May.",
]


@pytest.mark.parametrize("text", CLEAN)
def test_ordinary_text_stays_untouched(text: str) -> None:
    assert scrub(text, "nl").text == text


def _nine_digit_numbers() -> st.SearchStrategy[str]:
    return st.integers(min_value=100_000_000, max_value=999_999_999).map(str)


@settings(max_examples=300, deadline=None)
@given(_nine_digit_numbers())
def test_only_numbers_passing_the_11_check_are_bsn(number: str) -> None:
    findings = find_pii(f"Referentie {number} graag vermelden.")
    is_bsn = any(f.kind == "bsn" for f in findings)
    assert is_bsn == bsn.is_valid(number)


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet="abcdefghij klmnop.,", max_size=40),
       st.text(alphabet="abcdefghij klmnop.,", max_size=40))
def test_planted_email_never_survives(before: str, after: str) -> None:
    text = f"{before} x.marker_7@example.org {after}"
    assert "marker_7" not in scrub(text, "en").text


def test_placeholders_follow_the_language() -> None:
    text = "Ik ben Sanne de Vries, bel 06-12345678, Kerkstraat 5."
    assert scrub(text, "nl").text == "Ik ben [naam], bel [telefoon], [adres]."
    assert scrub(text, "en").text == "Ik ben [name], bel [phone], [address]."
    with language("nl"):
        assert scrub(text).text.startswith("Ik ben [naam]")


def test_overlapping_findings_are_merged_into_one_placeholder() -> None:
    result = scrub("Adres: Kerkstraat 5, 3011 AB 12 Rotterdam", "nl")
    assert result.text == "Adres: [adres], [postcode] Rotterdam"
    assert all(a.end <= b.start for a, b in zip(result.findings, result.findings[1:],
                                                 strict=False))


def test_plugins_register_like_the_builtins() -> None:
    names = [r.name for r in recognizers()]
    assert names[:7] == ["email", "iban", "address", "postcode", "phone", "bsn", "name"]

    def customer_numbers(text: str) -> list[tuple[int, int]]:
        return [m.span() for m in re.finditer(r"\bKL-\d{6}\b", text)]

    register_recognizer(FunctionRecognizer("customer-number", "name", customer_numbers))
    try:
        assert scrub("Klant KL-123456 belde", "en").text == "Klant [name] belde"
        with pytest.raises(ValueError, match="already registered"):
            register_recognizer(FunctionRecognizer("customer-number", "name", customer_numbers))
    finally:
        unregister_recognizer("customer-number")
    assert scrub("Klant KL-123456 belde", "en").text == "Klant KL-123456 belde"


def test_known_values_of_the_data_are_removed_whatever_the_patterns_miss() -> None:
    known = KnownValuesRecognizer({"Zqx Wobbleton": "name", "zqx@wobble.test": "email",
                                   "ab": "name"})
    text = "Groeten van zqx  WOBBLETON (zqx@wobble.test), ab."
    result = scrub(text, "en", extra=[known])
    assert result.text == "Groeten van [name] ([e-mail]), ab."
    assert Finding("name", 12, 26, "known-values") in result.findings
