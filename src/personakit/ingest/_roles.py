"""Column roles from column names (Dutch and English) and value patterns together.

Inference looks at a sample of each column (``ROLE_SAMPLE`` rows, spread over the file), never
the whole column: roles of a 1,000,000-row file are decided in milliseconds.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import phonenumbers
from stdnum import iban as stdnum_iban
from stdnum.nl import bsn as stdnum_bsn

from personakit.ingest._scales import match_scale
from personakit.model import ColumnInfo, ColumnRole

ROLE_SAMPLE = 5000
# A value pattern must hold for this share of the sampled values to decide a role.
PATTERN_SHARE = 0.9
# Values a pattern is tried on (phone numbers are parsed, which is slow).
PROBE = 300
# Free text: long answers, or answers of several words that rarely repeat.
TEXT_MIN_MEAN_LENGTH = 40
TEXT_MIN_WORDS = 5
MULTISELECT_MAX_OPTIONS = 40
NUMERIC_SCALES = (5, 7, 10)
_BOOL_VALUES = {"ja", "nee", "j", "n", "yes", "no", "y", "true", "false", "waar", "onwaar",
                "t", "f", "0", "1", "wel", "niet"}
_EMAIL = re.compile(r"^[\w.+'-]+@[\w-]+(\.[\w-]+)+$")
_POSTCODE = re.compile(r"^[1-9]\d{3}\s?[A-Za-z]{2}$")
_STREET = re.compile(
    r"^[A-Z][\w'.\- ]*(straat|weg|laan|plein|singel|gracht|kade|dijk|pad|hof|dreef|park|"
    r"steeg|markt|plantsoen|boulevard|street|road|avenue|lane)\b.*\d", re.IGNORECASE)
_PHONE_CHARS = re.compile(r"^[+(]?[\d\s()./-]{8,20}$")
_NAME_WORD = re.compile(r"^[A-ZÀ-Ý][a-zà-ÿ'-]+$")
_PARTICLES = {"van", "de", "der", "den", "ter", "ten", "te", "het", "'t", "la", "le", "du",
              "van der", "van den", "van de", "in 't", "op de"}

Hint = tuple[ColumnRole, re.Pattern[str]]
# Column-name hints, checked on the lower-cased name with separators as spaces.
_NAME_HINTS: list[Hint] = [
    (ColumnRole.PII_EMAIL, re.compile(r"\b(e ?mail|emailadres|mailadres|email address)\b")),
    (ColumnRole.PII_PHONE, re.compile(
        r"\b(telefoon|telefoonnummer|tel|mobiel|mobile|phone|gsm|fax|telefoonnr)\b")),
    (ColumnRole.PII_BSN, re.compile(r"\b(bsn|burgerservicenummer|sofinummer|sofi)\b")),
    (ColumnRole.PII_IBAN, re.compile(r"\b(iban|rekeningnummer|bankrekening|bank account)\b")),
    (ColumnRole.PII_POSTCODE, re.compile(r"\b(postcode|zip|zipcode|postal code|post code)\b")),
    (ColumnRole.PII_BIRTHDATE, re.compile(
        r"\b(geboorte ?datum|geboortedag|geb ?datum|geboren|date of birth|birth ?date|"
        r"birthday|dob|d o b)\b")),
    (ColumnRole.PII_ADDRESS, re.compile(
        r"\b(adres|straat|straatnaam|huisnummer|address|street|house number|huisnr)\b")),
    (ColumnRole.PII_NAME, re.compile(
        r"\b(naam|voornaam|achternaam|tussenvoegsel|voorletters|roepnaam|name|first name|"
        r"last name|surname|given name|full name|contactpersoon|klantnaam)\b")),
]
# Names that look like personal data but are not ("productnaam", "plaatsnaam").
_NOT_PERSONAL = re.compile(
    r"(product|plaats|stad|city|gemeente|bedrijf|company|organisatie|file|bestand|campagne|"
    r"campaign|pakket|merk|brand|kanaal|channel)")
_ID_HINT = re.compile(r"(^id$|\bid\b|_id$|^id_|nummer$|\bnr\b|number$|\bno\b|\bkey\b|uuid|"
                      r"klantnr|respondent)")
_COUNT_HINT = re.compile(r"(aantal|count|number of|\bn\b|grootte|size|jaren|years|leeftijd|"
                         r"\bage\b|bezoeken|visits|per maand|per month)")
# Whole numbers that name a kind, not an amount: "klanttype", "MOSTYPE", "sector_code".
# Their mean says nothing (customer type 30.7), so they are categories.
_CODE_HINT = re.compile(r"(type|soort|code|categorie|category|klasse|class|groep|group|"
                        r"segment|sector|branche|regio|region)$")
CODE_MAX_LEVELS = 100
# A review's stars: reported as an average ("4.2 stars"), so a number, not an ordered answer.
_STARS_HINT = re.compile(r"(\brating\b|sterren|\bstars?\b|review ?score)")
_NAMED_RANGE = re.compile(r"\b([01]) ?(-|–|tot|to| ) ?(5|7|10)\b")
_SCALE_HINT = re.compile(r"(\b[01] ?(-|–|tot|to| ) ?(5|7|10)\b|score|cijfer|rating|tevreden|satisf|"
                         r"aanbevel|aanbeveelt|aanraden|recommend|likely|waarschijnlijk|nps|"
                         r"schaal|scale|waardering|likert|mate van)")


@dataclass
class Sampled:
    """A column's sample as Python values (missing values left out)."""

    name: str
    kind: str  # "int" | "float" | "bool" | "date" | "string" | "other"
    values: list[object]
    rows: int  # rows in the sample, missing included


def _words(name: str) -> str:
    return " ".join(re.sub(r"[_\-./]+", " ", name.lower()).split())


def name_hint(name: str) -> ColumnRole | None:
    """The personal-data role a column name suggests."""
    words = _words(name)
    if _NOT_PERSONAL.search(words):
        return None
    for role, pattern in _NAME_HINTS:
        if pattern.search(words):
            return role
    return None


def infer_role(col: Sampled, *, delimiter: str | None = None) -> ColumnInfo:
    """The role of one sampled column, with levels/options where they apply."""
    info = ColumnInfo(name=col.name, role=ColumnRole.CATEGORICAL, dtype=col.kind)
    role = _personal(col) or _structural(col)
    if role is not None:
        info.role = role
        return info
    if col.kind in ("int", "float"):
        return _numeric(col, info)
    texts = [str(v) for v in col.values]
    levels = match_scale(texts)
    if levels is not None:
        info.role, info.levels = ColumnRole.ORDINAL, levels
        return info
    if _is_boolean(texts):
        info.role = ColumnRole.BOOLEAN
        return info
    multi = _multiselect(texts, delimiter)
    if multi is not None:
        info.role, info.separator, info.options = ColumnRole.MULTISELECT, multi[0], multi[1]
        return info
    info.role = ColumnRole.TEXT if _is_text(texts) else ColumnRole.CATEGORICAL
    return info


def _structural(col: Sampled) -> ColumnRole | None:
    if not col.values:
        return ColumnRole.IGNORE
    if col.kind == "date":
        return ColumnRole.DATE
    if col.kind == "bool":
        return ColumnRole.BOOLEAN
    if _is_identifier(col):
        return ColumnRole.IDENTIFIER
    return None


def _is_identifier(col: Sampled) -> bool:
    if col.kind not in ("int", "string"):
        return False
    texts = [str(v) for v in col.values]
    if col.kind == "string" and any(" " in t.strip() or len(t) > 40 for t in texts[:500]):
        return False
    distinct = len(set(texts))
    hinted = bool(_ID_HINT.search(_words(col.name)))
    if hinted and distinct >= min(20, len(texts)) and distinct >= 0.05 * len(texts):
        return True
    # Unnamed ids: every value different, on enough rows to tell, and code-like (numbers
    # only when ascending, as exports list them; a unique amount is not an id).
    if len(texts) < 50 or distinct != len(texts) or col.rows != len(texts):
        return False
    if col.kind == "int":
        numbers = [int(str(v)) for v in col.values]
        return all(a < b for a, b in zip(numbers, numbers[1:], strict=False))
    return _code_like(texts)


def _code_like(texts: Sequence[str]) -> bool:
    return all(any(c.isdigit() for c in t) and len(t) <= 40 for t in texts[:500])


def _numeric(col: Sampled, info: ColumnInfo) -> ColumnInfo:
    numbers = [float(v) for v in col.values if isinstance(v, int | float)]
    distinct = set(numbers)
    if distinct <= {0.0, 1.0} and len(distinct) == 2:
        info.role = ColumnRole.BOOLEAN
        return info
    if _is_code(col.name, distinct, col.kind):
        return info  # categorical (the default role)
    if _STARS_HINT.search(_words(col.name)):
        info.role = ColumnRole.NUMERIC
        return info
    scale = _numeric_scale(col.name, distinct, col.kind)
    if scale is not None:
        info.role, info.levels = ColumnRole.ORDINAL, scale
        return info
    info.role = ColumnRole.NUMERIC
    return info


def _is_code(name: str, distinct: set[float], kind: str) -> bool:
    words = _words(name)
    return (kind == "int" and 2 < len(distinct) <= CODE_MAX_LEVELS
            and bool(_CODE_HINT.search(words.replace(" ", "")))
            and not _COUNT_HINT.search(words))


def _numeric_scale(name: str, distinct: set[float], kind: str) -> list[str] | None:
    """1-5, 1-7, 1-10 (and 0-10) answer scales: few integer values and a scale-like name."""
    if kind != "int" or len(distinct) < 3 or not distinct:
        return None
    low, high = int(min(distinct)), int(max(distinct))
    words = _words(name)
    if low < 0 or high > 10 or _COUNT_HINT.search(words):
        return None
    top = next((s for s in NUMERIC_SCALES if high <= s), None)
    if top is None:
        return None
    named = _NAMED_RANGE.search(words)
    if named is not None and int(named.group(1)) <= low and high <= int(named.group(3)):
        return [str(i) for i in range(int(named.group(1)), int(named.group(3)) + 1)]
    hinted = bool(_SCALE_HINT.search(words))
    if not hinted and not (low == 1 and top in (5, 7) and high == top):
        return None
    start = 0 if low == 0 else 1
    return [str(i) for i in range(start, top + 1)]


def _is_boolean(texts: Sequence[str]) -> bool:
    lowered = {t.strip().lower() for t in texts}
    return 1 <= len(lowered) <= 2 and lowered <= _BOOL_VALUES and lowered != {"wel"}


def _multiselect(texts: Sequence[str], delimiter: str | None) -> tuple[str, list[str]] | None:
    """``app;email;telefoon`` cells: few short options; the file's own delimiter is tried
    last (it can only appear in quoted cells)."""
    for sep in sorted((";", "|", ",", "/"), key=lambda s: s == delimiter):
        with_sep = sum(1 for t in texts if sep in t)
        if with_sep < 0.2 * len(texts) or with_sep < 2:
            continue
        counts: Counter[str] = Counter()
        for text in texts:
            counts.update(p.strip() for p in text.split(sep) if p.strip())
        options = [o for o, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
        longest = max((len(o) for o in options), default=0)
        if len(options) <= MULTISELECT_MAX_OPTIONS and longest <= 40 and \
                len(options) < len(set(texts)) + 2:
            return sep, options
    return None


def _is_text(texts: Sequence[str]) -> bool:
    if not texts:
        return False
    mean_length = sum(len(t) for t in texts) / len(texts)
    mean_words = sum(len(t.split()) for t in texts) / len(texts)
    distinct_share = len(set(texts)) / len(texts)
    return mean_length >= TEXT_MIN_MEAN_LENGTH or (
        mean_words >= TEXT_MIN_WORDS and distinct_share >= 0.5)


# -- personal data --------------------------------------------------------------------------
def _personal(col: Sampled) -> ColumnRole | None:
    texts = [s for s in (str(v).strip() for v in col.values[:PROBE]) if s]
    if not texts:
        return None
    hinted = name_hint(col.name)
    for role, check in _VALUE_CHECKS:
        if _share(texts, check) >= PATTERN_SHARE:
            return role
    if hinted == ColumnRole.PII_BIRTHDATE:
        # A date of birth is personal data whatever its type; age is derived from it at
        # segmentation (issue 9), so the profiles still see age.
        return hinted
    if hinted is not None and col.kind in ("string", "int"):
        return hinted
    if col.kind == "string" and _looks_like_names(texts):
        return ColumnRole.PII_NAME
    return None


def _share(texts: Sequence[str], check: Callable[[str], bool]) -> float:
    """Share of (up to ``PROBE``) values passing *check*; stops early when the head fails."""
    head = texts[:20]
    if sum(1 for t in head if check(t)) < 0.5 * len(head):
        return 0.0
    probe = texts[:PROBE]
    return sum(1 for t in probe if check(t)) / len(probe)


def _is_phone(text: str) -> bool:
    if not _PHONE_CHARS.match(text):
        return False
    # Plain digits that do not start with 0 are counts or ids, not Dutch phone numbers.
    if text.isdigit() and not text.startswith("0"):
        return False
    try:
        number = phonenumbers.parse(text, "NL")
    except phonenumbers.NumberParseException:
        return False
    return bool(phonenumbers.is_valid_number(number))


def _is_bsn(text: str) -> bool:
    digits = text.replace(".", "").replace(" ", "")
    return len(digits) in (8, 9) and digits.isdigit() and bool(stdnum_bsn.is_valid(digits))


def _is_iban(text: str) -> bool:
    return len(text) >= 15 and text[:2].isalpha() and bool(stdnum_iban.is_valid(text))


_VALUE_CHECKS: list[tuple[ColumnRole, Callable[[str], bool]]] = [
    (ColumnRole.PII_EMAIL, lambda t: bool(_EMAIL.match(t))),
    (ColumnRole.PII_IBAN, _is_iban),
    (ColumnRole.PII_POSTCODE, lambda t: bool(_POSTCODE.match(t))),
    (ColumnRole.PII_ADDRESS, lambda t: bool(_STREET.match(t))),
    (ColumnRole.PII_PHONE, _is_phone),
    (ColumnRole.PII_BSN, _is_bsn),
]


def _looks_like_names(texts: Sequence[str]) -> bool:
    """Full names ("Jan de Vries", "Fatima el Amrani"): capitalised words and particles."""
    probe = texts[:PROBE]
    if len(probe) < 20 or len(set(probe)) < 0.5 * len(probe):
        return False
    return _share(probe, _is_full_name) >= PATTERN_SHARE


def _is_full_name(text: str) -> bool:
    words = text.split()
    if not 2 <= len(words) <= 5:
        return False
    capitals = [w for w in words if w.lower() not in _PARTICLES and w.lower() != "el"]
    return len(capitals) >= 2 and all(_NAME_WORD.match(w) for w in capitals)


def multiselect_groups(columns: list[ColumnInfo], samples: dict[str, Sampled]) -> None:
    """Mark groups of 0/1 columns sharing a prefix (``kanaal_app``, ``kanaal_email``)."""
    by_prefix: dict[str, list[ColumnInfo]] = {}
    for info in columns:
        if info.role != ColumnRole.BOOLEAN or not _zero_one(samples[info.name]):
            continue
        prefix = _prefix(info.name)
        if prefix:
            by_prefix.setdefault(prefix, []).append(info)
    for prefix, members in by_prefix.items():
        if len(members) < 2:
            continue
        for info in members:
            info.role, info.group = ColumnRole.MULTISELECT, prefix
            info.options = [info.name[len(prefix):].lstrip("_-: ").strip() or info.name]


def _zero_one(col: Sampled) -> bool:
    return {str(v).strip().lower() for v in col.values} <= {"0", "1", "0.0", "1.0"}


def _prefix(name: str) -> str | None:
    for sep in (" - ", ": ", "_", "-", "."):
        if sep in name:
            return name.rsplit(sep, 1)[0].strip()
    return None
