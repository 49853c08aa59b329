"""Recogniser of person names: cues ("mijn naam is", "mevrouw"), known first names, particles.

Name lists come from Faker's ``nl_NL`` and ``en_GB`` providers (installed with personakit,
so nothing is downloaded). A capitalised known first name, optionally followed by surname
particles ("van der") and capitalised words, is a name; so is any capitalised run after a
cue or a title, and a capitalised particle plus a known surname ("De Vries").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

PARTICLES = ("van der", "van den", "van de", "van het", "van 't", "in 't", "in de", "op de",
             "uit den", "uit de", "van", "de", "den", "der", "ter", "ten", "te", "het", "'t",
             "le", "la", "du", "von", "d'", "el")
_PARTICLE = "|".join(re.escape(p) for p in sorted(PARTICLES, key=len, reverse=True))
_CAP = r"[A-ZÀ-Þ][a-zà-ÿ]+(?:-[A-ZÀ-Þ][a-zà-ÿ]+)?"
# A surname after a first name: particles (any case) then one or two capitalised words.
_SURNAME = rf"(?:[ ](?i:(?:{_PARTICLE})[ ])*{_CAP}){{0,2}}"
_INITIALS = r"(?:[A-Z]\.[ ]?){1,4}"

CUES = (
    r"ik ben", r"ik heet", r"mijn naam is", r"mijn naam:", r"naam:", r"met", r"namens",
    r"gesproken met", r"contact met", r"my name is", r"i am", r"i'm", r"this is",
    r"spoke to", r"spoke with", r"name:", r"groet(?:en|jes)?,?", r"regards,?",
    r"vriendelijke groet,?",
    r"mvg,?", r"gr\.?,?", r"cheers,?", r"thanks,?", r"bedankt,?",
)
TITLES = (
    r"meneer", r"mevrouw", r"mevr\.?", r"mw\.?", r"dhr\.?", r"de heer", r"mr\.?", r"mrs\.?",
    r"ms\.?", r"miss", r"dr\.?", r"drs\.?", r"ir\.?", r"mr", r"juffrouw", r"collega",
    # Roles that precede a name in reviews and interviews: "monteur Erik", "mijn dochter
    # Anna" (issue 11: first names alone were missed in free text).
    r"monteur", r"wegenwacht", r"medewerker", r"medewerkster", r"buurman", r"buurvrouw",
    r"dochter", r"zoon", r"kleinzoon", r"kleindochter", r"schoonzoon", r"schoondochter",
    r"partner", r"echtgenoot", r"echtgenote", r"vriendin", r"zus", r"broer", r"mechanic",
    r"agent", r"my wife", r"my husband", r"my daughter", r"my son",
)
CUE = re.compile(
    rf"(?:(?<=\W)|^)(?i:{'|'.join(CUES)})[ ]+(?P<name>(?:{_INITIALS})?{_CAP}{_SURNAME})"
)
TITLE = re.compile(
    rf"(?:(?<=\W)|^)(?i:{'|'.join(TITLES)})[ ]+"
    rf"(?P<name>(?:{_INITIALS})?(?i:(?:{_PARTICLE})[ ])*{_CAP}{_SURNAME})"
)
CAPITALISED = re.compile(rf"\b{_CAP}\b")
# Initials, then a surname (its particles in any case: "L. Van Grinsven"); not a licence
# plate's last letter before a sentence ("AB-123-C. De monteur ...").
INITIALS_NAME = re.compile(
    rf"(?<![\w-])(?P<initials>{_INITIALS})(?P<last>(?i:(?:{_PARTICLE})[ ])*{_CAP})")
PARTICLE_SURNAME = re.compile(
    rf"\b(?:Van der|Van den|Van de|Van|De|Ter|Ten|Den)[ ](?P<last>{_CAP})"
)

# First names that are also ordinary words: a name only after a cue or a title.
AMBIGUOUS_NAMES = frozenset({
    "Will", "May", "June", "April", "Mark", "Hope", "Grace", "Faith", "Joy", "Summer",
    "Bill", "Rose", "Roos", "Hoop", "Bas", "Sterre",
    "Ben", "Wil",  # "Ben je al lid?", "Wil je overstappen?" (issue 11)
})
# Capitalised words that never start a name (sentence starts, greetings, days, titles).
COMMON_WORDS = frozenset({
    "Ik", "Het", "Een", "Mijn", "Maar",
    "Dan", "Dus", "Ook", "Nog", "Wel", "Toen", "Daarna", "Goed", "Fijn", "Prima",
    "Helaas", "Graag", "Dank", "Hallo", "Hoi", "Beste", "Geachte", "Geen", "Alles",
    "Iets", "Niet", "Waarom", "Wanneer", "Hoe", "Wat", "Wie", "Waar", "De", "Dit", "Dat",
    "Als", "Bij", "Per", "Via", "Na", "Om", "Op", "In", "Uit", "Aan", "Voor", "Door",
    "Over", "Tot", "Zonder", "Sinds", "Klant", "Klantenservice", "Service", "Ja", "Nee",
    "Hey", "Hi", "Hello", "Thanks", "The", "This", "That", "And", "But", "Very", "Not",
    "Customer", "App", "Website", "Chat", "Telefoon", "Phone", "Email", "Mail", "Storing",
    "Nieuw", "Kerst", "Pasen", "Euro", "Online", "Verder", "Eerst", "Nu",
    "Morgen", "Gisteren", "Vandaag", "Maandag", "Dinsdag", "Woensdag", "Donderdag",
    "Vrijdag", "Zaterdag", "Zondag", "Mr", "Mrs", "Ms", "Dr", "Meneer", "Mevrouw", "Dhr",
    "Mw", "Mevr", "Heer",
})
NOT_NAMES = AMBIGUOUS_NAMES | COMMON_WORDS

# Dutch first names of the generations born 1930-1995 (Meertens Voornamenbank, CBS), which
# Faker's list of today's baby names lacks: a first name alone ("Marieke aan de telefoon
# was behulpzaam") is recognised by these (issue 11, bench_texts_pii).
COMMON_FIRST_NAMES = frozenset("""
Ad Adrie Agnes Agnès Albert Alex Alexander Alie Andre André Angela Anita Anja Anke Ankie
Anna Anne Anneke Annelies Anneloes Annemarie Annemieke Annet Annette Annie Anouk Ans
Anton Antoon Arie Arjan Arjen Arnold Astrid Ayse Barbara Bart Bea Bep Bernard Bert Bertus
Bianca Bram Carla Carin Caroline Cees Chantal Chris Christa Cindy Claudia Cor Coen
Cornelia Cornelis Corrie Daan Danielle Daniëlle Dennis Desiree Diana Dick Dirk Dirkje
Dolf Dorien Ed Edwin Eef Eelco Egbert Eline Ellen Els Elly Elsbeth Emma Erik Erna Ernst
Esther Evert Ewout Fatima Femke Fenna Fien Frank Frans Freek Frits Gerard Gerda
Gerrit Gert Gerrie Gijs Greet Greetje Guus Hanneke Hannie Hans Harm Harrie Harry Hein
Hendrik Henk Hennie Henny Herman Hetty Hilde Hélène Ilse Ina Ineke Inge Ingrid Irene
Iris Jaap Jacob Jacqueline Jan Janneke Jannie Jans Jasper Jeanette Jelle Jenny Jeroen
Jesse Jet Jolanda Joop Joost Jopie Joris Jos José Joyce Judith Jurgen Jurriaan Karel
Karin Kees Kim Klaas Koen Koos Kors Lammert Leen Leendert Leo Lex Lia Lida Lies Lieke
Lisa Lotte Louis Luc Lucas Maaike Maarten Margreet Margriet Maria Marian Marianne Marieke
Marijke Marijn Marinus Mariska Marjan Marjolein Marleen Marloes Martijn Martin Martine
Mehmet Menno Michel Michiel Mieke Mien Mirjam Mohamed Moniek Monique Nel Nelleke Niels
Nienke Paul Paula Peter Petra Piet Pieter Pim Rachid Rein Remco René Renée Ria Richard
Riek Riet Rik Rinus Rob Robert Roel Ronald Rudi Ruud Saskia Sander Sandra Sanne Sjaak
Sjoerd Stefan Stijn Suzanne Teun Thea Theo Thijs Thomas Tiny Tjeerd Tom Ton Toos
Truus Vincent Wendy Wies Wilhelmina Willem Willemien Willy Wim Wout Yvonne
""".split())

# The commonest Dutch surnames (CBS), whose stems Faker's historical list lacks.
COMMON_SURNAMES = frozenset("""
Jong Jansen Vries Berg Dijk Bakker Janssen Visser Smit Meijer Boer Mulder Groot Bos Vos
Peters Hendriks Leeuwen Dekker Brouwer Wit Dijkstra Smits Graaf Meer Linden Kok Jacobs Haan
Vermeulen Heuvel Veen Broek Bruijn Bruin Heijden Schouten Beek Willems Vliet Ven Hoekstra Maas
Verhoeven Koster Dam Wal Prins Blom Huisman Peeters Jonge Kuipers Post Kuiper Veenstra Kramer
Brink Scholten Wijk Postma Martens Vink Ruiter Timmermans Groen Gerritsen Jonker Loon Velde
Willemsen Smeets Lange Bosch Dongen Schipper Koning Laan Velden Driessen Doorn Hermans Evers
Bosman Wouters Sanders Hoogendoorn Rijn Zijlstra Verbeek Timmer Yilmaz Kaya Demir Bulut
""".split())


@cache
def first_names() -> frozenset[str]:
    from faker.providers.person.en_GB import Provider as English
    from faker.providers.person.nl_NL import Provider as Dutch

    names: set[str] = set()
    for provider in (Dutch, English):
        for attr in ("first_names_female", "first_names_male", "first_names"):
            names.update(str(n) for n in getattr(provider, attr, ()))
    names.update(COMMON_FIRST_NAMES)
    return frozenset(n for n in names if " " not in n) - NOT_NAMES


@cache
def last_names() -> frozenset[str]:
    from faker.providers.person.en_GB import Provider as English
    from faker.providers.person.nl_NL import Provider as Dutch

    names: set[str] = set()
    for provider in (Dutch, English):
        names.update(str(n) for n in provider.last_names)
    names.update(COMMON_SURNAMES)
    return frozenset(n for n in names if " " not in n and "," not in n) - NOT_NAMES


def find_names(text: str) -> Iterator[tuple[int, int]]:
    for pattern in (CUE, TITLE):
        for match in pattern.finditer(text):
            name = match.group("name")
            if name.split(" ")[0] not in COMMON_WORDS:
                yield match.span("name")
    yield from _known_first_names(text)
    for match in INITIALS_NAME.finditer(text):
        if match.group("last").split(" ")[-1] not in COMMON_WORDS:
            yield match.span()
    for match in NAME_PARTICLE_SURNAME.finditer(text):
        if match.group("first") not in COMMON_WORDS and match.group("last") in last_names():
            yield match.span()
    for match in PARTICLE_SURNAME.finditer(text):
        if match.group("last") in last_names():
            yield match.span()


FIRST_THEN_SURNAME = re.compile(rf"\b(?P<first>{_CAP}){_SURNAME}")
# A capitalised word, particles, a known surname: "Joy van Dijk" (a first name that is also
# a word is a name when a surname with its particle follows).
NAME_PARTICLE_SURNAME = re.compile(
    rf"\b(?P<first>{_CAP})[ ](?:(?:{_PARTICLE})[ ])+(?P<last>{_CAP})\b")


def _known_first_names(text: str) -> Iterator[tuple[int, int]]:
    known, surnames = first_names(), last_names()
    # Tried at every capitalised word: "Als Elisabeth Bakker" must not hide Elisabeth
    # behind the sentence's first word (issue 11).
    for word in CAPITALISED.finditer(text):
        match = FIRST_THEN_SURNAME.match(text, word.start())
        # Its surname part is optional, so it matches wherever a capitalised word starts.
        assert match is not None
        first = match.group("first")
        if first in known:
            yield match.span()
        elif first in surnames and match.end() > match.end("first"):
            # "Jansen van der Berg" without a first name: a known surname plus more name.
            rest = text[match.end("first"):match.end()].strip().split(" ")[-1]
            if rest in surnames:
                yield match.span()
