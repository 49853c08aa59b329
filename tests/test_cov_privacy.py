"""Recogniser and overlap branches: what looks like personal data but is not, and how
overlapping findings of different strength end up as one placeholder."""

from __future__ import annotations

import pytest

from personakit.privacy import FunctionRecognizer, placeholder, scrub
from personakit.privacy._names import find_names
from personakit.privacy._patterns import find_ibans, find_phones


@pytest.mark.parametrize("text", [
    "gesproken met Helaas",  # a cue, then a common word: not a name
    "met Het",
    "Het was J. Goed",  # an initial, then a common word
])
def test_cue_or_initial_before_a_common_word_is_no_name(text: str) -> None:
    assert list(find_names(text)) == []


@pytest.mark.parametrize(("text", "expected"), [
    ("gesproken met Joy Bakker", [(14, 24)]),
    ("brief van J. Jansen", [(10, 19)]),
])
def test_cue_or_initial_before_a_name_is_found(text: str,
                                               expected: list[tuple[int, int]]) -> None:
    assert sorted(set(find_names(text))) == expected


def test_iban_shaped_run_without_valid_check_digits_is_no_iban() -> None:
    assert list(find_ibans("rekening NL00 ABCD 0123 4567 89")) == []
    assert list(find_ibans("rekening NL91 ABNA 0417 1643 00.")) == [(9, 31)]


@pytest.mark.parametrize(("text", "expected"), [
    ("nummer 31201234567", []),  # valid to phonenumbers, but not written as in NL
    ("bel 06-1234567 aub", []),  # one digit short of a phone number
    ("bel 06-12345678 aub", [(4, 15)]),
])
def test_phone_numbers_only_as_written_in_the_netherlands(
        text: str, expected: list[tuple[int, int]]) -> None:
    assert sorted(set(find_phones(text))) == expected


def _fixed(name: str, kind: str, start: int, end: int) -> FunctionRecognizer:
    return FunctionRecognizer(name, kind, lambda _text: [(start, end)])


def test_a_weaker_finding_reaching_further_widens_the_winner() -> None:
    text = "xxxx@yy.nl Jansen rest"
    result = scrub(text, "en", extra=[_fixed("mail", "email", 0, 10),
                                      _fixed("who", "name", 5, 17)])
    assert [(f.kind, f.start, f.end) for f in result.findings] == [
        ("email", 0, 17)]
    assert result.text == placeholder("email", "en") + " rest"


def test_widened_winners_that_now_overlap_become_one() -> None:
    text = "aaaaa bbbbb ccccc tail"
    result = scrub(text, "en", extra=[_fixed("mail", "email", 0, 5),
                                      _fixed("tel", "phone", 12, 17),
                                      _fixed("who", "name", 3, 14)])
    spans = [(f.kind, f.start, f.end) for f in result.findings]
    assert spans == [("email", 0, 17)]
    assert result.text == placeholder("email", "en") + " tail"
