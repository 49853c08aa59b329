"""Built-in recognisers of numbers and addresses: e-mail, phone, IBAN, BSN, postcode, street."""

from __future__ import annotations

import re
from collections.abc import Iterator

import phonenumbers
from stdnum import iban
from stdnum.nl import bsn

# An apostrophe is a letter of the local part too: ``w.van.'t.wel@ziggo.nl``.
# Runs are bounded (a local part has at most 64 characters, RFC 5321): a long run of
# letters in a text must not cost a scan per letter.
EMAIL = re.compile(r"[\w.+%'-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){0,8}\.[a-z]{2,24}",
                   re.IGNORECASE)


def find_emails(text: str) -> Iterator[tuple[int, int]]:
    for match in EMAIL.finditer(text):
        yield match.span()


# A run that starts like an IBAN (country + check digits); the exact end is found by
# validating ever shorter prefixes, because the text after an IBAN may look like more of it.
IBAN_START = re.compile(r"\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]){8,32}", re.IGNORECASE)


def find_ibans(text: str) -> Iterator[tuple[int, int]]:
    for match in IBAN_START.finditer(text):
        start, end = match.span()
        while end - start >= 12:
            candidate = text[start:end]
            if not candidate.endswith(" ") and _iban_like(candidate.upper()):
                yield start, end
                break
            end -= 1


def _iban_like(candidate: str) -> bool:
    """The IBAN check digits and the country's length hold. The national check digits are
    not asked for: an account number with a slip in them is still someone's account
    (issue 11: ``BE68 5390 0754 7034`` passes mod 97 but not Belgium's own check)."""
    try:
        iban.validate(candidate, check_country=False)
    except ValueError:
        return False
    return True


# Nine digits, bare or grouped (123456782, 1234.56.782, 123 456 782, 123-45-6782).
BSN = re.compile(r"(?<![\d.,+-])(?:\d{9}|\d{4}\.\d{2}\.\d{3}|\d{3}[ .-]\d{3}[ .-]\d{3}"
                 r"|\d{3}[ .-]\d{2}[ .-]\d{4})(?![\d]|[.,]\d)")


def find_bsns(text: str) -> Iterator[tuple[int, int]]:
    # Only numbers that pass the 11-check count: a nine-digit order number does not.
    for match in BSN.finditer(text):
        if bsn.is_valid(re.sub(r"\D", "", match.group())):
            yield match.span()


def find_phones(text: str) -> Iterator[tuple[int, int]]:
    # A match must start with 0, + or ( as Dutch numbers are written; a bare nine-digit run
    # is left to the BSN check (phonenumbers would read 612345678 as a mobile number).
    for match in phonenumbers.PhoneNumberMatcher(text, "NL", leniency=phonenumbers.Leniency.VALID):
        if match.raw_string[:1] in "0+(":
            yield match.start, match.end
    for loose in LOOSE_PHONE.finditer(text):
        digits = re.sub(r"\D", "", loose.group())
        if 10 <= len(digits) <= 13:
            yield loose.span()


# Numbers phonenumbers does not accept as valid (new or unassigned ranges) but that are
# written like Dutch phone numbers: 06-12345678, +31 (0)6 1234 5678, 010 - 123 45 67,
# 06.12345678, 06 - 12345678 (issue 11: dots and spaced hyphens were missed).
_SEP = r"(?:[ ]?[-.][ ]?|[ ])"
LOOSE_PHONE = re.compile(rf"(?<![\w+.,])(?:\+31|0031|0){_SEP}?(?:\(0\)[ ]?)?\d(?:{_SEP}?\d){{7,9}}"
                         r"(?![\d]|[.,]\d)")

_HOUSE = (r"(?:[ ,]{1,3}(?:nr\.?[ ]?|nummer[ ])?\d{1,5}"
          r"(?:[ -]?[a-zA-Z]\b|-\d{1,4}\b|[ ](?:bis|hs|huis|boven|[IV]{1,3})\b)?)")
POSTCODE = re.compile(
    rf"\b[1-9]\d{{3}}(?:[ ]?(?!SA|SD|SS)[A-Z]{{2}}|(?!sa|sd|ss)[a-z]{{2}})\b{_HOUSE}?"
)
# "4588 lm 11": lower-case letters after a space only with a house number, and never a
# short word ("in 2019 en 2020", "tot 1500 de 3").
_WORDS = ("de|en|te|ze|we|je|na|ja|al|er|zo|nu|om|op|in|is|of|an|at|to|on|or|be|by|"
          "km|kg|cm|mm|ml|nr|pk|st|ca|la|le|et|as|so|no|ok|ik|uw|eh|hm|da|di|do|vr|za|zo")
POSTCODE_LOWER = re.compile(
    rf"\b[1-9]\d{{3}}[ ](?!(?:{_WORDS}|sa|sd|ss)\b)[a-eg-hj-npr-tv-xz]{{2}}\b"
    rf"(?=[ ,]{{1,3}}(?:nr\.?[ ]?|nummer[ ])?\d){_HOUSE}"
)


# After "postcode", "adres" or "woonachtig" any two letters are the postcode's.
POSTCODE_CUED = re.compile(
    rf"(?i:postcode|adres|woonachtig|wonend)[:]?[ ]+(?P<code>[1-9]\d{{3}}[ ]?[a-zA-Z]{{2}}\b"
    rf"{_HOUSE}?)")


def find_postcodes(text: str) -> Iterator[tuple[int, int]]:
    for match in POSTCODE_CUED.finditer(text):
        yield match.span("code")
    for pattern in (POSTCODE, POSTCODE_LOWER):
        for match in pattern.finditer(text):
            yield match.span()


STREET_SUFFIXES = (
    "straat", "straatweg", "weg", "laan", "plein", "gracht", "kade", "singel", "dijk", "dreef",
    "hof", "park", "pad", "steeg", "markt", "baan", "plantsoen", "boulevard", "wal", "veld",
    "ring", "haven", "allee", "erf", "plaats", "dam", "burgwal", "kanaal", "oord", "hoven",
    "weide", "akker", "berg", "zijde", "schans", "vaart", "wijk", "poort", "laantje",
    "straatje", "hage", "horst", "lei", "weteringweg",
)
_SUFFIX = "|".join(sorted(STREET_SUFFIXES, key=len, reverse=True))
_NUMBER = r"\d{1,5}(?:[ -]?[a-zA-Z](?![a-zA-Z])|[ -]\d{1,4}\b|[ ]?(?:bis|hs|huis|boven)\b)?"
# "Oude Binnenweg 12a", "van Heemstralaan 3", "Laan van Meerdervoort 120", "Korte
# Lijnbaan 4-2"; the street word is capitalised or follows a capitalised word or particle.
DUTCH_STREET = re.compile(
    rf"(?:\b(?:[A-Z][\w'-]*|van|de|der|den|het|ter|ten|'t)[ ]){{0,3}}"
    rf"\b[A-Z][\w'-]{{0,40}}?(?:{_SUFFIX})[ ]{_NUMBER}"
    rf"|\b(?:Laan|Plein|Kade|Singel|Hof|Weg)[ ](?:van|de|der|den|het|ter|op)[ ]"
    rf"(?:[A-Za-z'-]+[ ]){{0,2}}[A-Z][\w'-]+[ ]{_NUMBER}"
)
EN_STREET = re.compile(
    r"\b\d{1,5}[a-zA-Z]?,?[ ](?:[A-Z][\w'-]+[ ]){1,3}"
    r"(?:Street|St|Road|Rd|Lane|Avenue|Ave|Drive|Close|Way|Court|Place|Square|Gardens|"
    r"Crescent|Terrace|Grove|Hill|Row|Mews|Walk|Park)\b\.?"
)


def find_addresses(text: str) -> Iterator[tuple[int, int]]:
    for pattern in (DUTCH_STREET, EN_STREET):
        for match in pattern.finditer(text):
            yield match.span()
