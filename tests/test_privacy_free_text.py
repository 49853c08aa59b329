"""Personal data as it slips into interviews and reviews (issue 11): each case a miss that
``benchmarks/bench_texts_pii.py`` found, and the look-alikes that must stay."""

from __future__ import annotations

import pytest

from personakit.privacy import find_pii, scrub

FOUND = [
    # (text, kind, value that must disappear)
    ("Ik belde vanaf 06.12345678 maar kreeg een bandje.", "phone", "06.12345678"),
    ("Tel. 06 - 73215471! Bel gerust.", "phone", "06 - 73215471"),
    ("Mijn nummer is 043-755 2771, na vijven.", "phone", "043-755 2771"),
    ("Op rekeningnummer BE68 5390 0754 7034 graag.", "iban", "BE68 5390 0754 7034"),
    ("graag terug op be68539007547034?", "iban", "be68539007547034"),
    ("Mail (w.van.'t.wel@ziggo.nl) mij.", "email", "w.van.'t.wel@ziggo.nl"),
    ("We wonen op 4588 lm 11 sinds maart.", "postcode", "4588 lm 11"),
    ("postcode 1780 je 162: klopt niet", "postcode", "1780 je 162"),
    ("Woonachtig 3406RR 63-2, eerste etage.", "postcode", "3406RR 63-2"),
    ("Naar 8339CD, nr. 208 bis verhuisd.", "postcode", "8339CD, nr. 208 bis"),
    ("Ik sprak L. Van Grinsven over de factuur.", "name", "L. Van Grinsven"),
    ("Ik sprak A. De Vries; die wist het niet.", "name", "A. De Vries"),
    ("Als Elisabeth Bakker: ik iets wil regelen", "name", "Elisabeth Bakker"),
    ("Speciale dank aan monteur Erik!", "name", "Erik"),
    ("Marieke aan de telefoon was heel behulpzaam.", "name", "Marieke"),
    ("C. El Amrani belde terug.", "name", "C. El Amrani"),
    ("Mijn buurvrouw Fatima el Amrani hielp.", "name", "Fatima el Amrani"),
    ("Joy van Dijk. De garage was dicht.", "name", "Joy van Dijk"),
    ("Mijn dochter Anna weet er alles van.", "name", "Anna"),
]


@pytest.mark.parametrize(("text", "kind", "value"), FOUND, ids=[c[2] for c in FOUND])
def test_found_in_free_text(text: str, kind: str, value: str) -> None:
    start = text.index(value)
    findings = find_pii(text)
    assert any(f.start <= start and f.end >= start + len(value) and f.kind == kind
               for f in findings), findings
    assert value not in scrub(text).text


LOOK_ALIKES = [
    "Het ging om kenteken AB-123-C. De monteur kwam snel.",
    "In 2019 en 2020 reden we naar Frankrijk.",
    "Tot 1500 de 3 mensen kwamen.",
    "Om 12.30 uur stond ik op de A12, 45 km van huis.",
    "Het bedrag was € 123,45 en de factuur 2025-118.",
    "Versie 6.12 van de app werkt beter.",
    "Bij 10.000 km kreeg ik een melding.",
    "Ben je al lid? Wil je overstappen?",
]


@pytest.mark.parametrize("text", LOOK_ALIKES)
def test_look_alikes_stay(text: str) -> None:
    assert find_pii(text) == []
