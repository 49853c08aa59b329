"""PII removal on a labelled Dutch test set: recall and precision per kind.

Generates (seeded) realistic Dutch customer sentences with planted names, e-mail addresses,
phone numbers, IBANs, BSNs, postcodes and street addresses, plus distractors: nine-digit
order numbers that fail the 11-check, amounts, dates, ordinary capitalised words. Prints per
kind: planted items, recall (the item is fully removed), typed recall (removed as the right
kind) and precision, and the number of false BSN hits (must be 0).

    .venv/bin/python benchmarks/bench_privacy.py [--items 1400] [--seed 7]
"""

from __future__ import annotations

import argparse
import random
import time
from collections import Counter
from dataclasses import dataclass, field

from faker import Faker

from personakit.privacy import find_pii

PARTICLES = ["", "", "", "de ", "van ", "van der ", "van den ", "van de ", "ter ", "den "]
STEMS = ["Jong", "Vries", "Berg", "Dijk", "Bakker", "Visser", "Smit", "Meijer", "Boer",
         "Mulder", "Groot", "Bos", "Vos", "Peters", "Hendriks", "Leeuwen", "Dekker", "Brouwer",
         "Wit", "Dijkstra", "Graaf", "Meer", "Linden", "Kok", "Haan", "Heuvel", "Veen",
         "Broek", "Bruijn", "Heijden", "Schouten", "Beek", "Vliet", "Yilmaz", "Kaya", "Maas"]
CITIES = ["Rotterdam", "Amsterdam", "Utrecht", "Den Haag", "Zwolle", "Tilburg", "Groningen"]
PHONE_FORMATS = ["06-{m}", "06 {m4} {m44}", "+31 6 {m}", "+31 (0)6 {m4} {m44}", "0031 6 {m}",
                 "010-{l7}", "020 {l3} {l4}", "(030) {l7}", "+31 10 {l3} {l4}", "0{a}-{l7}",
                 "06{m}"]


@dataclass
class Sample:
    text: str
    spans: list[tuple[str, int, int]] = field(default_factory=list)  # planted (kind, start, end)
    negatives: list[tuple[int, int]] = field(default_factory=list)  # failing 9-digit numbers


class Builder:
    """Assembles one sentence from literal parts and planted values, keeping offsets."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.sample = Sample("")

    def add(self, text: str, kind: str | None = None, negative: bool = False) -> Builder:
        start = sum(len(p) for p in self.parts)
        self.parts.append(text)
        if kind:
            self.sample.spans.append((kind, start, start + len(text)))
        if negative:
            self.sample.negatives.append((start, start + len(text)))
        return self

    def done(self) -> Sample:
        self.sample.text = "".join(self.parts)
        return self.sample


def valid_bsn(rng: random.Random) -> str:
    while True:
        digits = [rng.randint(1, 9)] + [rng.randint(0, 9) for _ in range(7)]
        total = sum(d * w for d, w in zip(digits, range(9, 1, -1), strict=True))
        check = total % 11
        if check < 10:
            return "".join(map(str, digits + [check]))


def invalid_nine_digits(rng: random.Random) -> str:
    while True:
        digits = [rng.randint(1, 9)] + [rng.randint(0, 9) for _ in range(8)]
        total = sum(d * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True))
        if (total - digits[8]) % 11 != 0:
            return "".join(map(str, digits))


def fmt_bsn(rng: random.Random, bsn: str) -> str:
    style = rng.randint(0, 3)
    if style == 1:
        return f"{bsn[:4]}.{bsn[4:6]}.{bsn[6:]}"
    if style == 2:
        return f"{bsn[:3]} {bsn[3:6]} {bsn[6:]}"
    return bsn


def phone(rng: random.Random) -> str:
    def digits(n: int) -> str:
        return "".join(str(rng.randint(0, 9)) for _ in range(n))

    m = str(rng.randint(1, 9)) + digits(7)
    return rng.choice(PHONE_FORMATS).format(
        m=m, m4=m[:4], m44=m[4:], l7=str(rng.randint(2, 9)) + digits(6),
        l3=str(rng.randint(2, 9)) + digits(2), l4=digits(4), a=rng.choice(["13", "40", "50"]),
    )


def person(fake: Faker, rng: random.Random) -> tuple[str, str]:
    first = fake.first_name()
    last = rng.choice(PARTICLES).capitalize() if rng.random() < 0.2 else rng.choice(PARTICLES)
    last = (last + rng.choice(STEMS)) if rng.random() < 0.7 else fake.last_name()
    return first, last.strip()


def iban(fake: Faker, rng: random.Random) -> str:
    value = fake.iban()
    if rng.random() < 0.5:
        value = " ".join(value[i:i + 4] for i in range(0, len(value), 4))
    return value if rng.random() < 0.9 else value.lower()


def postcode(rng: random.Random) -> str:
    letters = rng.choice("ABCDEGHJKLMNPRTVWXZ") + rng.choice("ABCDEGHJKLMNPRTVWXZ")
    number = rng.randint(1011, 9999)
    return f"{number} {letters}" if rng.random() < 0.7 else f"{number}{letters}"


def address(fake: Faker, rng: random.Random) -> str:
    extra = rng.choice(["", "", "a", "-2", " bis", "B"])
    return f"{fake.street_name()} {rng.randint(1, 350)}{extra}"


def sentences(fake: Faker, rng: random.Random) -> list[Sample]:
    first, last = person(fake, rng)
    full = f"{first} {last}"
    email = f"{first.lower()}.{last.lower().replace(' ', '')}@{fake.free_email_domain()}"
    city = rng.choice(CITIES)
    bad = invalid_nine_digits(rng)
    return [
        Builder().add("Goedemiddag, ik ben ").add(full, "name")
        .add(" en ik heb een vraag over mijn laatste factuur.").done(),
        Builder().add("Mijn naam is ").add(full, "name").add(", bestelnummer ")
        .add(bad, negative=True).add(" is nog steeds niet geleverd.").done(),
        Builder().add("U kunt mij bereiken op ").add(phone(rng), "phone").add(" of via ")
        .add(email, "email").add(".").done(),
        Builder().add("Wilt u het bedrag van € 45,95 terugstorten op ").add(iban(fake, rng), "iban")
        .add("? Alvast bedankt.").done(),
        Builder().add("Mijn BSN is ").add(fmt_bsn(rng, valid_bsn(rng)), "bsn")
        .add(", dat staat ook op de brief van 12-03-2024.").done(),
        Builder().add("Sinds de verhuizing woon ik op ").add(address(fake, rng), "address")
        .add(" in ").add(city).add(", maar de post komt nog op het oude adres.").done(),
        Builder().add("Nieuw adres: ").add(address(fake, rng), "address").add(", ")
        .add(postcode(rng), "postcode").add(f" {city}. Graag aanpassen.").done(),
        Builder().add("Gisteren sprak ik mevrouw ").add(last or first, "name")
        .add(" van de klantenservice, zij zou terugbellen maar dat is niet gebeurd.").done(),
        Builder().add("Klantnummer ").add(invalid_nine_digits(rng), negative=True)
        .add(". Bel me liever niet, mail naar ").add(fake.email(), "email").add(".").done(),
        Builder().add("Ik heb de app geprobeerd maar het inloggen lukt niet op mijn telefoon.")
        .done(),
        Builder().add("Met vriendelijke groet, ").add(full, "name").done(),
        Builder().add("Mijn man ").add(fake.first_name_male(), "name")
        .add(" belde vorige week al met nummer ").add(phone(rng), "phone").add(".").done(),
        Builder().add("Post graag naar postcode ").add(postcode(rng), "postcode")
        .add(", huisnummer staat in mijn dossier.").done(),
        Builder().add("Vorige week heeft ").add(full, "name")
        .add(" namens mij gebeld over de storing.").done(),
        Builder().add("Dhr. ").add(f"{first[0]}. {last}" if last else first, "name")
        .add(" heeft de klacht op 3 april ingediend.").done(),
        Builder().add("Op 12 maart heb ik € 123,45 betaald; factuur 2024-118 klopt niet, "
                      "en de Rabobank app werkt prima maar de website van Eneco niet.").done(),
        Builder().add("Het rekeningnummer ").add(iban(fake, rng), "iban")
        .add(" is van mijn dochter, en haar BSN is ").add(valid_bsn(rng), "bsn").add(".").done(),
    ]


def generate(items: int, seed: int) -> list[Sample]:
    fake = Faker("nl_NL")
    fake.seed_instance(seed)
    rng = random.Random(seed)
    samples: list[Sample] = []
    while sum(len(s.spans) for s in samples) < items:
        samples.extend(sentences(fake, rng))
    return samples


def evaluate(samples: list[Sample]) -> dict[str, dict[str, float]]:
    planted: Counter[str] = Counter()
    removed: Counter[str] = Counter()
    typed: Counter[str] = Counter()
    found: Counter[str] = Counter()
    correct: Counter[str] = Counter()
    false_bsn = 0
    for sample in samples:
        findings = find_pii(sample.text)
        for kind, start, end in sample.spans:
            planted[kind] += 1
            cover = [f for f in findings if f.start <= start and f.end >= end]
            removed[kind] += bool(cover)
            typed[kind] += any(f.kind == kind for f in cover)
        for finding in findings:
            found[finding.kind] += 1
            correct[finding.kind] += any(
                k == finding.kind and finding.start < e and s < finding.end
                for k, s, e in sample.spans)
            false_bsn += finding.kind == "bsn" and any(
                finding.start < e and s < finding.end for s, e in sample.negatives)
    table = {
        kind: {"planted": planted[kind], "recall": removed[kind] / planted[kind],
               "typed_recall": typed[kind] / planted[kind],
               "precision": correct[kind] / found[kind] if found[kind] else 1.0}
        for kind in sorted(planted)
    }
    table["_false_bsn"] = {"hits": false_bsn,
                           "negatives": sum(len(s.negatives) for s in samples)}
    return table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=1400)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    samples = generate(args.items, args.seed)
    started = time.perf_counter()
    table = evaluate(samples)
    seconds = time.perf_counter() - started
    false_bsn = table.pop("_false_bsn")
    total = sum(int(row["planted"]) for row in table.values())
    print(f"PII test set: {len(samples)} Dutch sentences, {total} planted items, "
          f"seed {args.seed}; scrubbed in {seconds:.2f} s "
          f"({1000 * seconds / len(samples):.2f} ms per text)")
    print(f"{'kind':<10}{'planted':>8}{'recall':>9}{'typed':>9}{'precision':>11}{'target':>9}")
    for kind, row in table.items():
        target = "≥ 0.99" if kind in {"bsn", "iban", "email", "phone"} else ""
        print(f"{kind:<10}{int(row['planted']):>8}{row['recall']:>9.3f}"
              f"{row['typed_recall']:>9.3f}{row['precision']:>11.3f}{target:>9}")
    print(f"false BSN hits on nine-digit numbers failing the 11-check: "
          f"{int(false_bsn['hits'])} of {int(false_bsn['negatives'])} (target 0)")


if __name__ == "__main__":
    main()
