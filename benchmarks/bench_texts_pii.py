"""PII recall in free-flowing Dutch text (issue 11), beside a plain-regex baseline; and the
language detector's accuracy on the sample organisation's texts.

The texts are paragraphs of what members say in interviews, reviews and chats (the sample
organisation's phrase banks), with personal data let slip at a random place: inside a
sentence after a comma, at its start or end, in brackets, after a colon, with or without a
lead-in ("bel me op", "mijn mail:"), in the spelling variants people use (``NL91 ABNA 0417
1643 00``, ``06-12345678``, ``+31 6 1234 5678``, ``j.de.vries@voorbeeld.nl``, BSNs that
pass the 11-check written bare, dotted or spaced). At least 500 items per kind. Printed
per kind: recall (the item fully removed), typed recall (removed as that kind), precision
(findings of that kind that are planted items of that kind), and the same for the
baseline; then false findings on clean paragraphs full of look-alikes (amounts, dates,
order numbers failing the 11-check, licence plates, times).

    .venv/bin/python benchmarks/bench_texts_pii.py [--items 600] [--seed 11]
"""

from __future__ import annotations

import argparse
import random
import re
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from faker import Faker

from personakit.privacy import find_pii
from personakit.sample import _interview_phrases as ip
from personakit.sample import _phrases as ph
from personakit.sample import _review_phrases as rp

KINDS = ("name", "email", "phone", "iban", "bsn", "postcode", "address")
TARGET = {"bsn", "iban", "email", "phone"}
SURNAMES = ["de Vries", "Jansen", "van den Berg", "Bakker", "Visser", "Smit", "de Jong",
            "Meijer", "van Dijk", "Mulder", "de Boer", "Bos", "Vos", "Peters", "Hendriks",
            "van Leeuwen", "Dekker", "Brouwer", "de Wit", "Dijkstra", "Yilmaz", "El Amrani",
            "van der Heijden", "Kok", "Schouten", "Kaya", "Vermeulen", "ter Horst"]
DOMAINS = ["gmail.com", "hotmail.com", "outlook.com", "ziggo.nl", "kpnmail.nl", "live.nl",
           "icloud.com", "voorbeeld.nl", "planet.nl", "xs4all.nl", "home.nl", "yahoo.co.uk"]


@dataclass
class Text:
    text: str = ""
    spans: list[tuple[str, int, int]] = field(default_factory=list)


# -- values, as people type them -----------------------------------------------------------
def _digits(rng: random.Random, n: int) -> str:
    return "".join(str(rng.randint(0, 9)) for _ in range(n))


def bsn(rng: random.Random) -> str:
    while True:
        digits = [rng.randint(1, 9)] + [rng.randint(0, 9) for _ in range(7)]
        check = sum(d * w for d, w in zip(digits, range(9, 1, -1), strict=True)) % 11
        if check < 10:
            value = "".join(map(str, digits + [check]))
            style = rng.randrange(5)
            if style == 1:
                return f"{value[:4]}.{value[4:6]}.{value[6:]}"
            if style == 2:
                return f"{value[:3]} {value[3:6]} {value[6:]}"
            if style == 3:
                return f"{value[:3]}.{value[3:6]}.{value[6:]}"
            return value


def not_a_bsn(rng: random.Random) -> str:
    while True:
        value = str(rng.randint(100_000_000, 999_999_999))
        total = sum(int(d) * w for d, w in zip(value[:8], range(9, 1, -1), strict=True))
        if (total - int(value[8])) % 11:
            return value


def phone(rng: random.Random) -> str:
    mobile = str(rng.randint(1, 9)) + _digits(rng, 7)
    area = rng.choice(["10", "20", "30", "40", "50", "70", "13", "15", "24", "26", "35",
                       "38", "43", "45", "53", "58", "71", "72", "73", "74", "76", "77"])
    local = str(rng.randint(2, 9)) + _digits(rng, 9 - len(area) - 1)  # ten digits in all
    formats = [
        f"06-{mobile}", f"06 {mobile}", f"06{mobile}", f"06 {mobile[:4]} {mobile[4:]}",
        f"06-{mobile[:4]} {mobile[4:]}", f"+31 6 {mobile[:4]} {mobile[4:]}", f"+31 6 {mobile}",
        f"+316{mobile}", f"+31 (0)6 {mobile}", f"0031 6 {mobile}", f"06 - {mobile}",
        f"06.{mobile}", f"06 {mobile[:2]} {mobile[2:4]} {mobile[4:6]} {mobile[6:]}",
        f"0{area}-{local}", f"0{area} {local}", f"(0{area}) {local}", f"+31 {area} {local}",
        f"0{area}-{local[:3]} {local[3:]}", f"0{area} {local[:3]} {local[3:5]} {local[5:]}",
    ]
    return rng.choice(formats)


def iban(fake: Faker, rng: random.Random) -> str:
    value = fake.iban() if rng.random() < 0.85 else rng.choice(
        ["DE89370400440532013000", "BE68539007547034", "FR1420041010050500013M02606",
         "BE71096123456769", "GB82WEST12345698765432"])
    style = rng.randrange(4)
    if style == 1:
        value = " ".join(value[i:i + 4] for i in range(0, len(value), 4))
    elif style == 2:
        value = value.lower()
    return value


def email(rng: random.Random, first: str, last: str) -> str:
    import unicodedata

    def ascii_only(text: str) -> str:
        folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
        return folded.replace(",", "")

    first, last = ascii_only(first), ascii_only(last)
    plain = last.lower().replace(" ", "").replace("'", "")
    local = rng.choice([
        f"{first.lower()}.{plain}", f"{first[0].lower()}.{last.lower().replace(' ', '.')}",
        f"{first.lower()}{rng.randint(60, 99)}", f"{first.lower()}_{plain}",
        f"{first[0].lower()}{plain}", f"{first.lower()}+club", f"{plain}.{first.lower()}",
    ])
    address = f"{local}@{rng.choice(DOMAINS)}"
    return address.upper() if rng.random() < 0.05 else address


def postcode(rng: random.Random) -> str:
    letters = "".join(rng.choice("ABCDEGHJKLMNPRTVWXZ") for _ in range(2))
    number = rng.randint(1011, 9999)
    house = f"{rng.randint(1, 240)}{rng.choice(['', '', '', 'a', 'B', '-2', ' bis'])}"
    return rng.choice([f"{number} {letters} {house}", f"{number}{letters} {house}",
                       f"{number} {letters}, {house}", f"{number} {letters.lower()} {house}",
                       f"{number}{letters}, nr. {house}"])


def address(fake: Faker, rng: random.Random) -> str:
    return f"{fake.street_name()} {rng.randint(1, 350)}{rng.choice(['', '', 'a', '-2', 'B'])}"


def name(fake: Faker, rng: random.Random) -> tuple[str, str, str]:
    first = fake.first_name()
    last = rng.choice(SURNAMES) if rng.random() < 0.7 else fake.last_name()
    shown = rng.choice([f"{first} {last}", f"{first} {last}", first,
                        f"{first[0]}. {last[0].upper()}{last[1:]}"])
    return shown, first, last


# -- free-flowing text ---------------------------------------------------------------------
def _sentences() -> list[str]:
    """Everything the sample organisation's members say, slots filled plainly."""
    pool: list[str] = []
    for banks in ip.ANSWERS.values():
        for bank in banks.values():
            pool.extend(bank)
    for bank in rp.CLUB.values():
        pool.extend(bank)
    for bank in (*ph.IMPORTANT, *ph.IMPROVE):
        pool.extend(bank)
    fill = {"weg": "A12", "land": "Frankrijk", "stad": "Utrecht", "auto": "auto",
            "jaren": "tien", "minuten": "vijftig", "bedrag": "95", "kind": "dochter"}
    out = []
    for sentence in pool:
        text = re.sub(r"\{(\w+)\}", lambda m: fill.get(m.group(1), "iets"), sentence)
        if "{" not in text:
            out.append(text)
    return out


# How a value is let slip: the text before it (a lead-in, or nothing) and after it.
LEADS: dict[str, list[str]] = {
    "email": ["mail naar ", "mijn mail is ", "mailen kan via ", "", "e-mail: ", "via ",
              "stuur het naar ", "(", "mijn adres: ", "antwoord graag aan "],
    "phone": ["bel me op ", "mijn nummer is ", "", "tel. ", "bereikbaar op ", "(", "via ",
              "mobiel: ", "ik belde vanaf ", "nummer "],
    "iban": ["graag terug op ", "rekening ", "", "op rekeningnummer ", "van ", "IBAN: ",
             "het bedrag ging van ", "("],
    "bsn": ["mijn BSN is ", "burgerservicenummer ", "", "bsn: ", "sofinummer ", "(",
            "ze vroegen om ", "nummer "],
    "postcode": ["postcode ", "", "adres: ", "op ", "naar ", "(", "woonachtig "],
    "address": ["ik woon op ", "", "adres: ", "naar ", "aan de ", "op ", "(", "bij "],
    "name": ["mijn buurman ", "", "monteur ", "mevrouw ", "mijn dochter ", "collega ",
             "mijn naam is ", "groet, ", "met ", "ik sprak "],
}
TAILS = ["", "", ".", ",", ")", " ", "!", ";", ":", "?"]


def paragraph(rng: random.Random, fake: Faker, sentences: list[str], kinds: Iterable[str]
              ) -> Text:
    """Two to six sentences with one value of each of *kinds* let slip somewhere."""
    parts = rng.sample(sentences, rng.randint(2, 6))
    out = Text()
    slips = {rng.randrange(len(parts)): k for k in kinds}
    pieces: list[tuple[str, str | None]] = []
    for i, sentence in enumerate(parts):
        kind = slips.get(i)
        if kind is None:
            pieces.append((sentence + " ", None))
            continue
        value = _value(rng, fake, kind)
        lead = rng.choice(LEADS[kind])
        tail = ")" if lead.endswith("(") else rng.choice(TAILS)
        words = sentence.rstrip(".!?").split(" ")
        cut = rng.randrange(len(words) + 1)
        before = " ".join(words[:cut])
        after = " ".join(words[cut:])
        joiner = rng.choice([", ", " ", " — ", ": "]) if before else ""
        lead = lead if before else lead[:1].upper() + lead[1:]
        pieces.append((f"{before}{joiner}{lead}", None))
        pieces.append((value, kind))
        pieces.append((f"{tail}{' ' if after and not tail.endswith(' ') else ''}{after}. "
                       if after else f"{tail}{'' if tail in '.!?' and tail else '.'} ", None))
    for text, kind in pieces:
        start = len(out.text)
        out.text += text
        if kind:
            out.spans.append((kind, start, start + len(text)))
    out.text = out.text.rstrip()
    return out


def _value(rng: random.Random, fake: Faker, kind: str) -> str:
    shown, first, last = name(fake, rng)
    makers: dict[str, Callable[[], str]] = {
        "name": lambda: shown, "email": lambda: email(rng, first, last),
        "phone": lambda: phone(rng), "iban": lambda: iban(fake, rng), "bsn": lambda: bsn(rng),
        "postcode": lambda: postcode(rng), "address": lambda: address(fake, rng),
    }
    return makers[kind]()


def clean_paragraph(rng: random.Random, sentences: list[str]) -> str:
    """Sentences with look-alikes only: none of these is personal data."""
    plate = f"{rng.choice(['AB', 'XK', 'GT'])}-{rng.randint(100, 999)}-{rng.choice('CZ')}"
    fakes = [f"€ {rng.randint(10, 400)},{rng.randint(10, 99)}",
             f"{rng.randint(1, 28)}-0{rng.randint(1, 9)}-2025", f"order {not_a_bsn(rng)}",
             f"om {rng.randint(7, 22)}:{rng.randint(10, 59)} uur", f"kenteken {plate}",
             f"{rng.randint(2, 99)} km", f"factuur 2025-{rng.randint(100, 999)}",
             f"klantnummer {rng.randint(1_000_000, 1_999_999)}",
             f"versie {rng.randint(1, 9)}.{rng.randint(0, 20)}", f"{rng.randint(10, 90)}%"]
    parts = rng.sample(sentences, rng.randint(2, 5))
    parts.insert(rng.randrange(len(parts) + 1), f"Het ging om {rng.choice(fakes)}.")
    return " ".join(parts)


# -- the baseline: what a quick regex would do ---------------------------------------------
BASELINE = {
    "email": re.compile(r"\S+@\S+\.\w+"),
    "phone": re.compile(r"(?:\+31|0)\d[\d -]{7,11}\d"),
    "iban": re.compile(r"\b[A-Z]{2}\d{2}[A-Z]{4}\d{10}\b"),
    "bsn": re.compile(r"\b\d{9}\b"),
    "postcode": re.compile(r"\b\d{4} ?[A-Z]{2}\b"),
    "address": re.compile(r"\b[A-Z][a-z]+(?:straat|weg|laan|plein|gracht|kade|singel) \d+"),
    "name": re.compile(r"\b[A-Z][a-z]+ (?:(?:van|de|der|den) )*[A-Z][a-z]+\b"),
}


def baseline(text: str) -> list[tuple[str, int, int]]:
    return [(k, m.start(), m.end()) for k, p in BASELINE.items() for m in p.finditer(text)]


def ours(text: str) -> list[tuple[str, int, int]]:
    return [(f.kind, f.start, f.end) for f in find_pii(text)]


def evaluate(texts: list[Text], clean: list[str],
             finder: Callable[[str], list[tuple[str, int, int]]]) -> dict[str, dict[str, float]]:
    planted: Counter[str] = Counter()
    removed: Counter[str] = Counter()
    typed: Counter[str] = Counter()
    found: Counter[str] = Counter()
    right: Counter[str] = Counter()
    false_clean: Counter[str] = Counter()
    for sample in texts:
        findings = finder(sample.text)
        for kind, start, end in sample.spans:
            planted[kind] += 1
            covered = _covered(findings, start, end)
            removed[kind] += covered
            typed[kind] += _covered([f for f in findings if f[0] == kind], start, end)
        for kind, start, end in findings:
            found[kind] += 1
            right[kind] += any(k == kind and start < e and s < end for k, s, e in sample.spans)
    for text in clean:
        false_clean.update(kind for kind, _, _ in finder(text))
    return {k: {"planted": planted[k], "recall": removed[k] / planted[k],
                "typed": typed[k] / planted[k],
                "precision": right[k] / found[k] if found[k] else 1.0,
                "false_clean": false_clean[k]} for k in KINDS}


def _covered(findings: list[tuple[str, int, int]], start: int, end: int) -> bool:
    """Every character of the value is inside some finding."""
    return all(any(s <= i < e for _, s, e in findings) for i in range(start, end)
               if not _edge(i))


def _edge(_: int) -> bool:
    return False


def generate(items: int, seed: int) -> tuple[list[Text], list[str]]:
    fake = Faker("nl_NL")
    fake.seed_instance(seed)
    rng = random.Random(seed)
    sentences = _sentences()
    texts: list[Text] = []
    counts: Counter[str] = Counter()
    while min(counts[k] for k in KINDS) < items:
        kinds = rng.sample(KINDS, rng.choice((1, 1, 2, 3)))
        texts.append(paragraph(rng, fake, sentences, kinds))
        counts.update(kinds)
    clean = [clean_paragraph(rng, sentences) for _ in range(len(texts) // 2)]
    return texts, clean


def language_accuracy(seed: int) -> tuple[int, float, Counter[tuple[str, str]]]:
    """The detector on the sample's reviews, interview notes and chats (truth: _truth/)."""
    import pandas as pd

    from personakit.sample import generate_sample
    from personakit.texts import detect_language
    from personakit.texts._items import scrub_text

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        generate_sample(root, customers=2000, seed=seed)
        truth = pd.read_csv(root / "_truth" / "texts.csv", sep=";", dtype=str)
        reviews = pd.read_csv(root / "recensies.csv", dtype=str).set_index("review_id")
        texts = [(reviews.at[d, "tekst"], lang) for d, lang in zip(
            truth.loc[truth["source"] == "recensies", "document"],
            truth.loc[truth["source"] == "recensies", "lang"], strict=True)]
        from personakit.ingest._folder import read_folder

        parts = read_folder(root / "interviews", lenient=False).table
        texts += [(t, "nl") for t in parts["text"].to_pylist()]
        chats = pd.read_json(root / "chats.jsonl", lines=True)
        texts += [(t, "nl") for t in chats["tekst"].head(2000)]
    confusion: Counter[tuple[str, str]] = Counter()
    for text, lang in texts:
        redacted = scrub_text(text, "nl")[0]
        confusion[(lang, detect_language(redacted))] += 1
    right = sum(n for (a, b), n in confusion.items() if a == b)
    return len(texts), right / len(texts), confusion


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=600)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    texts, clean = generate(args.items, args.seed)
    started = time.perf_counter()
    table = evaluate(texts, clean, ours)
    seconds = time.perf_counter() - started
    reference = evaluate(texts, clean, baseline)
    print(f"PII in free-flowing Dutch: {len(texts)} paragraphs with planted items, "
          f"{len(clean)} clean paragraphs with look-alikes, seed {args.seed}; personakit "
          f"took {seconds:.2f} s ({1000 * seconds / (len(texts) + len(clean)):.2f} ms per "
          "text)")
    print(f"{'':18}{'----------- personakit -----------':<45}{'---- regex baseline ----'}")
    print(f"{'kind':<10}{'planted':>8}{'recall':>8}{'typed':>7}{'precision':>10}"
          f"{'false':>7}{'target':>13}{'recall':>9}{'precision':>10}{'false':>7}")
    for kind in KINDS:
        row, base = table[kind], reference[kind]
        target = "" if kind not in TARGET else (
            "≥0.99 ok" if row["recall"] >= 0.99 else "≥0.99 MISSED")
        print(f"{kind:<10}{int(row['planted']):>8}{row['recall']:>8.3f}{row['typed']:>7.3f}"
              f"{row['precision']:>10.3f}{int(row['false_clean']):>7}{target:>13}"
              f"{base['recall']:>9.3f}{base['precision']:>10.3f}{int(base['false_clean']):>7}")
    print("recall: the value fully removed; typed: removed as its own kind; precision: "
          "findings of a kind that are planted items of it; false: findings in the clean "
          "paragraphs")
    count, accuracy, confusion = language_accuracy(args.seed)
    print(f"\nLanguage detection on the sample's texts ({count}: reviews, interview parts, "
          f"chat lines): accuracy {accuracy:.4f}")
    for (truth, guess), n in sorted(confusion.items()):
        print(f"  true {truth} -> detected {guess}: {n}")


if __name__ == "__main__":
    main()
