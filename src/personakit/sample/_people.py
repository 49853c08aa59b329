"""Personal data, drawn vectorised from fixed pools (Faker ``nl_NL`` lists plus our own).

Faker is only read for its name lists, once; all per-row work is numpy, so a million members
take seconds, and the same seed gives the same people whatever Faker's random state.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache

import numpy as np
import numpy.typing as npt
from faker.providers.person.nl_NL import Provider as FakerPerson

from personakit.sample._places import (
    CITIES,
    COMMON_SURNAMES,
    EXTRA_SURNAMES,
    MIDDLE_FIRST_NAMES,
    OLDER_FIRST_NAMES,
    STREETS,
)

IntArray = npt.NDArray[np.int64]
StrArray = npt.NDArray[np.object_]

TUSSENVOEGSELS = ("van der", "van den", "van de", "van 't", "op 't", "van", "de", "ter", "ten",
                  "den", "het", "'t")
# Bank codes by rough market share; elfproef accounts as Dutch banks issued them.
BANKS = np.array(["INGB", "RABO", "ABNA", "SNSB", "ASNB", "KNAB", "BUNQ", "TRIO"])
BANK_P = np.array([0.35, 0.29, 0.20, 0.07, 0.03, 0.02, 0.03, 0.01])
EMAIL_DOMAINS = np.array(["gmail.com", "hotmail.com", "outlook.com", "ziggo.nl", "kpnmail.nl",
                          "live.nl", "icloud.com", "planet.nl", "home.nl", "xs4all.nl"])
EMAIL_DOMAIN_P = np.array([0.30, 0.18, 0.10, 0.10, 0.08, 0.05, 0.07, 0.05, 0.04, 0.03])
POSTCODE_LETTERS = np.array(list("ABCDEGHJKLMNPRSTVWXZ"))


def _cp1252(text: str) -> bool:
    try:
        text.encode("cp1252")
    except UnicodeEncodeError:
        return False
    return True


def ascii_fold(text: str) -> str:
    """``"Çelik"`` → ``"celik"``, ``"van 't Hof"`` → ``"vanthof"``: for e-mail addresses."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if c.isascii() and c.isalnum()).lower()


@dataclass(frozen=True)
class NamePools:
    """Names to draw from: first names per generation and sex, surnames with tussenvoegsel."""

    first: dict[tuple[str, str], tuple[str, ...]]  # (generation, sex) -> names
    tussen: tuple[str, ...]
    surname: tuple[str, ...]
    surname_p: npt.NDArray[np.float64]


def _split_surname(full: str) -> tuple[str, str] | None:
    if not full or "," in full or not _cp1252(full):
        return None
    for prefix in TUSSENVOEGSELS:
        if full.startswith(prefix + " "):
            rest = full[len(prefix) + 1:]
            return (prefix, rest) if rest and " " not in rest else None
    return ("", full) if " " not in full and full[0].isupper() else None


@cache
def name_pools() -> NamePools:
    """Build the pools once (sorted, so their order never depends on Faker's internals)."""
    faker_surnames = sorted({s for s in (_split_surname(n) for n in FakerPerson.last_names) if s})
    common = list(COMMON_SURNAMES)
    extra = [s for s in EXTRA_SURNAMES if _cp1252(s[1])]
    surnames = common + extra + [s for s in faker_surnames if s not in common]
    # Common names weigh 6x, migrant and foreign names 2x, Faker's long tail 1x.
    weights = np.array([6.0] * len(common) + [2.0] * len(extra)
                       + [1.0] * (len(surnames) - len(common) - len(extra)))
    young_m = sorted(n for n in FakerPerson.first_names_male if _cp1252(n))
    young_v = sorted(n for n in FakerPerson.first_names_female if _cp1252(n))
    first = {
        ("young", "M"): tuple(young_m), ("young", "V"): tuple(young_v),
        ("middle", "M"): tuple(n for s, n in MIDDLE_FIRST_NAMES if s == "M"),
        ("middle", "V"): tuple(n for s, n in MIDDLE_FIRST_NAMES if s == "V"),
        ("older", "M"): tuple(n for s, n in OLDER_FIRST_NAMES if s == "M"),
        ("older", "V"): tuple(n for s, n in OLDER_FIRST_NAMES if s == "V"),
    }
    return NamePools(first=first, tussen=tuple(s[0] for s in surnames),
                     surname=tuple(s[1] for s in surnames), surname_p=weights / weights.sum())


def first_names(rng: np.random.Generator, birth_year: IntArray, female: npt.NDArray[np.bool_]
                ) -> StrArray:
    """A first name per person that fits their generation and sex."""
    pools = name_pools().first
    n = len(birth_year)
    # Generation with some mixing: names drift across cohorts.
    shift = rng.normal(0.0, 6.0, size=n)
    generation = np.where(birth_year + shift < 1965, 0, np.where(birth_year + shift < 1990, 1, 2))
    out = np.empty(n, dtype=object)
    for g, gname in enumerate(("older", "middle", "young")):
        for sex, mask_sex in (("V", female), ("M", ~female)):
            mask = (generation == g) & mask_sex
            pool = np.array(pools[(gname, sex)], dtype=object)
            out[mask] = pool[rng.integers(0, pool.shape[0], size=int(mask.sum()))]
    return out


def surnames(rng: np.random.Generator, n: int) -> tuple[StrArray, StrArray]:
    """(tussenvoegsel, achternaam) per person."""
    pools = name_pools()
    idx = rng.choice(len(pools.surname), size=n, p=pools.surname_p)
    return (np.array(pools.tussen, dtype=object)[idx], np.array(pools.surname, dtype=object)[idx])


def full_names(first: StrArray, tussen: StrArray, last: StrArray) -> list[str]:
    return [f"{f} {t} {s}" if t else f"{f} {s}" for f, t, s in zip(first, tussen, last,
                                                                   strict=True)]


def emails(rng: np.random.Generator, first: StrArray, tussen: StrArray, last: StrArray,
           birth_year: IntArray) -> list[str]:
    """Addresses people really have: ``voornaam.achternaam@``, initials, a birth year."""
    n = len(first)
    style = rng.integers(0, 5, size=n)
    domain = EMAIL_DOMAINS[rng.choice(EMAIL_DOMAINS.shape[0], size=n, p=EMAIL_DOMAIN_P)]
    suffix = rng.integers(1, 99, size=n)
    fold_cache: dict[str, str] = {}

    def fold(text: str) -> str:
        if text not in fold_cache:
            fold_cache[text] = ascii_fold(text)
        return fold_cache[text]

    out = []
    for i in range(n):
        f, s = fold(first[i]), fold(f"{tussen[i]}{last[i]}")
        st = style[i]
        if st == 0:
            local = f"{f}.{s}"
        elif st == 1:
            local = f"{f[0]}.{s}"
        elif st == 2:
            local = f"{f}{s}{birth_year[i] % 100:02d}"
        elif st == 3:
            local = f"{f}_{s}{suffix[i]}"
        else:
            local = f"{f}{s[0]}{suffix[i]}"
        out.append(f"{local}@{domain[i]}")
    return out


def _digits(rng: np.random.Generator, n: int, width: int) -> list[str]:
    return [f"{v:0{width}d}" for v in rng.integers(0, 10**width, size=n)]


def phones(rng: np.random.Generator, area_code: StrArray, landline_p: npt.NDArray[np.float64]
           ) -> list[str]:
    """Dutch numbers as people type them: ``06-12345678``, ``0612345678``, ``010-1234567``."""
    n = len(area_code)
    landline = rng.random(n) < landline_p
    style = rng.integers(0, 10, size=n)
    mobile = _digits(rng, n, 8)
    local = rng.integers(2_000_000, 9_999_999, size=n)
    out = []
    for i in range(n):
        if landline[i]:
            area = area_code[i]
            rest = f"{local[i]}"[: 10 - len(area)]
            out.append(f"{area}-{rest}" if style[i] < 8 else f"{area} {rest}")
        elif style[i] < 5:
            out.append(f"06-{mobile[i]}")
        elif style[i] < 8:
            out.append(f"06{mobile[i]}")
        else:
            out.append(f"+31 6 {mobile[i]}")
    return out


def _elfproef_accounts(rng: np.random.Generator, n: int) -> IntArray:
    """9-digit account numbers passing the Dutch elfproef (weights 9..1), as banks issued."""
    digits = rng.integers(0, 10, size=(n, 9))
    digits[:, 0] = rng.integers(1, 10, size=n)
    weights = np.arange(9, 0, -1)
    for _ in range(50):
        # Fix the last digit (weight 1) so the weighted sum is divisible by 11; a needed
        # "digit" of 10 is impossible, so those rows redraw another digit and try again.
        partial = (digits[:, :8] * weights[:8]).sum(axis=1)
        last = (-partial) % 11
        bad = last == 10
        digits[:, 8] = np.where(bad, 0, last)
        if not bad.any():
            break
        digits[bad, 7] = rng.integers(0, 10, size=int(bad.sum()))
    value: IntArray = (digits * (10 ** np.arange(8, -1, -1))).sum(axis=1).astype(np.int64)
    return value


def _letters_to_number(code: str) -> int:
    return int("".join(str(ord(c) - 55) for c in code))


def iban_check_digits(bank: StrArray, account: IntArray) -> IntArray:
    """ISO 13616 mod-97 check digits for ``NLkk BANK 0123456789``, vectorised in int64.

    The 24-digit number does not fit in int64, so it is reduced in pieces:
    bank letters (8 digits), account (10 digits), then ``NL00`` as ``232100``.
    """
    codes = {code: _letters_to_number(code) for code in set(bank)}
    bank_num = np.array([codes[b] for b in bank], dtype=np.int64)
    r = bank_num % 97
    r = (r * 10**10 + account) % 97
    r = (r * 10**6 + 232100) % 97
    check: IntArray = (98 - r).astype(np.int64)
    return check


def ibans(rng: np.random.Generator, n: int) -> list[str]:
    """Valid Dutch IBANs in compact form (``NL91ABNA0417164300``)."""
    bank = BANKS[rng.choice(len(BANKS), size=n, p=BANK_P)].astype(object)
    account = _elfproef_accounts(rng, n)
    check = iban_check_digits(bank, account)
    return [f"NL{c:02d}{b}{a:010d}" for c, b, a in zip(check, bank, account, strict=True)]


def spaced_iban(iban: str) -> str:
    """``NL91ABNA0417164300`` → ``NL91 ABNA 0417 1643 00`` (how people write it)."""
    return " ".join(iban[i:i + 4] for i in range(0, len(iban), 4))


def bsns(rng: np.random.Generator, n: int) -> list[str]:
    """Numbers passing the BSN 11-check: 9*d1 + 8*d2 + ... + 2*d8 - d9 divisible by 11."""
    out: list[str] = []
    weights = np.arange(9, 1, -1)
    while len(out) < n:
        head = rng.integers(0, 10, size=(2 * (n - len(out)) + 4, 8))
        head[:, 0] = rng.integers(1, 7, size=len(head))
        last = (head * weights).sum(axis=1) % 11
        for row, d9 in zip(head, last, strict=True):
            if d9 <= 9 and len(out) < n:
                out.append("".join(map(str, row)) + str(d9))
    return out


def addresses(rng: np.random.Generator, city_idx: IntArray) -> dict[str, list[str]]:
    """Street, house number, postcode (``1234 AB``) per person, matching their city."""
    n = len(city_idx)
    lo = np.array([c[3] for c in CITIES])[city_idx]
    hi = np.array([c[4] for c in CITIES])[city_idx]
    prefix = lo + (rng.random(n) * (hi - lo + 1)).astype(np.int64)
    digits = prefix * 100 + rng.integers(0, 100, size=n)
    digits = np.maximum(digits, 1000)
    letters = POSTCODE_LETTERS[rng.integers(0, POSTCODE_LETTERS.shape[0], size=(n, 2))]
    nospace = rng.random(n) < 0.04  # hand-typed postcodes without the space
    postcode = [f"{d}{a}{b}" if ns else f"{d} {a}{b}"
                for d, (a, b), ns in zip(digits, letters, nospace, strict=True)]
    number = np.minimum(rng.geometric(1 / 40, size=n), 350)
    addition = np.array(["", "a", "b", "-1", "-2", " II", " hs", "A"], dtype=object)
    add_idx = np.where(rng.random(n) < 0.08, rng.integers(1, addition.shape[0], size=n), 0)
    streets = np.array(STREETS, dtype=object)[rng.integers(0, len(STREETS), size=n)]
    return {
        "straat": list(streets),
        "huisnummer": [f"{h}{a}" for h, a in zip(number, addition[add_idx], strict=True)],
        "postcode": postcode,
    }
