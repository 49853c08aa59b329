"""Interview notes with members: ~30 documents in Markdown, plain text and Word (.docx).

Six members per hidden segment were interviewed about their goals, frustrations,
barriers, objections and drivers. About half of the notes carry the member number in
their header; for the others the analyst must say which profile the interviewee is, or
the content decides. The notes come as transcripts (``I:``/``R:``), as Markdown with the
questions as headings, as ``**Vraag:**``/``**Antwoord:**`` notes and as Word documents
(written with zipfile, no Word needed); one is in Windows-1252 and one in UTF-16, as
Notepad saves them. Personal data slips into the answers as it does in conversation.
"""

from __future__ import annotations

import random
import re
import textwrap
import zipfile
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from xml.sax.saxutils import escape

import numpy as np
import pandas as pd

from personakit.sample import _interview_phrases as ip
from personakit.sample import _segments as sg
from personakit.sample._people import bsns
from personakit.sample._text import PersonLookup, Planted, pii_value

FOLDER = "interviews"
PER_SEGMENT = 6
KEYED_SHARE = 0.5
# Per ten interviews: three transcripts, five Markdown notes, two Word documents.
FORMATS = ("transcript", "md_headings", "md_labels", "transcript", "md_headings",
           "docx_headings", "md_labels", "transcript", "md_headings", "docx_labels")
PROMPTS = ("En toen?", "Hoe bedoelt u?", "Kunt u daar iets meer over vertellen?", "Hm-hm.",
           "Wat deed u toen?", "Waarom vindt u dat zo belangrijk?")
_MONTHS_NL = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
              "september", "oktober", "november", "december")
_SLOT = re.compile(r"\{(\w+)\}")
FIRST_DAY = date(2026, 1, 12)


@dataclass
class Answer:
    """One part of the notes: what the member said, what it is about, who asked what."""

    text: str
    aspect: str
    topic: str
    prompt: str | None = None  # an interviewer's follow-up before it (not the question)


@dataclass
class Exchange:
    question: str
    answers: list[Answer]


@dataclass
class Interview:
    name: str
    fmt: str
    segment: str
    key: int | None
    day: date
    interviewer: str
    exchanges: list[Exchange] = field(default_factory=list)
    planted: list[tuple[int, Planted]] = field(default_factory=list)  # (part, item)

    def answers(self) -> list[Answer]:
        return [a for e in self.exchanges for a in e.answers]


def _fill(rnd: random.Random, text: str, city: str) -> str:
    def one(match: re.Match[str]) -> str:
        slot = match.group(1)
        if slot == "stad":
            return city
        return _fill(rnd, rnd.choice(ip.SLOTS[slot]), city)

    return _SLOT.sub(one, text)


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _speak(rnd: random.Random, sentences: list[str]) -> str:
    """Sentences as someone says them: an opener, an aside, a hesitation."""
    out = list(sentences)
    if rnd.random() < 0.45:
        opener = rnd.choice(ip.OPENERS)
        first = out[0] if opener.endswith(". ") else _lower_first(out[0])
        out[0] = opener + first
    if len(out) > 1 and rnd.random() < 0.3:
        out.insert(rnd.randrange(1, len(out)), rnd.choice(ip.ASIDES))
    text = " ".join(out)
    if rnd.random() < 0.2 and ", " in text:
        head, tail = text.split(", ", 1)
        text = f"{head}, eh, {tail}"
    return text


class _Composer:
    """Builds one member's interview: questions, varied answers, personal data."""

    def __init__(self, rnd: random.Random, segment: str, city: str) -> None:
        self.rnd = rnd
        self.segment = segment
        self.city = city
        others = [s.code for s in sg.SEGMENTS if s.code != segment]
        self.other = rnd.choice(others)

    def sentences(self, aspect: str, count: int) -> tuple[list[str], str]:
        rnd = self.rnd
        segment = self.segment
        if aspect in ip.ASPECTS and rnd.random() < 0.08:  # people are more than their segment
            segment = self.other
        bank = ip.ANSWERS[segment][aspect]
        chosen = rnd.sample(list(bank), min(count, len(bank)))
        topic = ip.TOPICS[segment][aspect] if aspect in ip.ASPECTS else aspect
        return [_fill(rnd, s, self.city) for s in chosen], topic

    def exchange(self, aspect: str, asked: set[str]) -> Exchange:
        rnd = self.rnd
        options = [q for q in ip.QUESTIONS[aspect] if q not in asked] or list(
            ip.QUESTIONS[aspect])
        question = rnd.choice(options)
        asked.add(question)
        if aspect == "close":
            return Exchange(question, [Answer(rnd.choice(ip.CLOSINGS), "close", "close")])
        count = rnd.choices((1, 2, 3, 4), weights=(0.25, 0.4, 0.25, 0.1))[0]
        sentences, topic = self.sentences(aspect, count)
        answers = [Answer(_speak(rnd, sentences), aspect, topic)]
        if aspect != "intro" and rnd.random() < 0.25:  # a follow-up question, more answer
            more, more_topic = self.sentences(aspect, rnd.choice((1, 2)))
            fresh = [s for s in more if s not in sentences] or more
            answers.append(Answer(_speak(rnd, fresh), aspect, more_topic,
                                  prompt=rnd.choice(PROMPTS)))
        return Exchange(question, answers)


def _plan(rnd: random.Random) -> list[str]:
    aspects = list(ip.ASPECTS)
    rnd.shuffle(aspects)
    extra = rnd.sample(list(ip.ASPECTS), rnd.choice((0, 1, 2)))
    for aspect in extra:
        aspects.insert(rnd.randrange(2, len(aspects) + 1), aspect)
    plan = ["intro", *aspects]
    if rnd.random() < 0.5:
        plan.append("close")
    return plan


def _plant(rnd: random.Random, interview: Interview, people: PersonLookup, member: int,
           bsn_pool: list[str]) -> None:
    """One to three personal-data asides, at a random place in a random answer."""
    answers = [a for a in interview.answers() if a.aspect in ip.ASPECTS]
    person = people(member)
    for _ in range(rnd.choice((1, 1, 2, 3))):
        kind = rnd.choice(tuple(ip.PII_ASIDES))
        value = pii_value(rnd, kind, person, rnd.choice(bsn_pool))
        if kind == "name" and rnd.random() < 0.4:
            value = value.split(" ")[0]  # a first name alone, as people say it
        aside = rnd.choice(ip.PII_ASIDES[kind]).format(value=value)
        answer = rnd.choice(answers)
        sentences = re.split(r"(?<=[.!?]) ", answer.text)
        sentences.insert(rnd.randrange(0, len(sentences) + 1), aside)
        answer.text = " ".join(sentences)
        part = next(i for i, a in enumerate(interview.answers(), start=1) if a is answer)
        interview.planted.append((part, Planted(kind, value)))


def build_interviews(rng: np.random.Generator, members: pd.DataFrame,
                     people: PersonLookup) -> list[Interview]:
    """The interviews, seeded: six members per segment, formats and headers varied."""
    rnd = random.Random(int(rng.integers(2**62)))
    segments = members["segment"].to_numpy()
    keys = members["klantnummer"].to_numpy()
    bsn_pool = bsns(rng, 20)
    chosen: list[tuple[int, int]] = []
    for index in range(len(sg.SEGMENTS)):
        rows = np.flatnonzero(segments == index)
        picks = rng.choice(rows, size=min(PER_SEGMENT, len(rows)), replace=False)
        chosen.extend((index, int(r)) for r in picks)
    order = list(range(len(chosen)))
    rnd.shuffle(order)
    # The format follows the number, so every seed gives the same file names.
    formats = [FORMATS[i % len(FORMATS)] for i in range(len(chosen))]
    interviews = []
    for number, position in enumerate(order, start=1):
        index, member = chosen[position]
        fmt = formats[number - 1]
        segment = sg.SEGMENTS[index].code
        composer = _Composer(rnd, segment, people.city(member))
        asked: set[str] = set()
        interview = Interview(
            name=f"interview_{number:02d}{_suffix(fmt)}", fmt=fmt, segment=segment,
            key=int(keys[member]) if rnd.random() < KEYED_SHARE else None,
            day=FIRST_DAY + timedelta(days=rnd.randrange(0, 70)),
            interviewer=rnd.choice(ip.INTERVIEWERS),
            exchanges=[composer.exchange(a, asked) for a in _plan(rnd)])
        _plant(rnd, interview, people, member, bsn_pool)
        interviews.append(interview)
    return interviews


def _suffix(fmt: str) -> str:
    return ".docx" if fmt.startswith("docx") else ".md" if fmt.startswith("md") else ".txt"


# -- writing --------------------------------------------------------------------------------
def _date_text(rnd: random.Random, day: date) -> str:
    style = rnd.randrange(3)
    if style == 0:
        return day.isoformat()
    if style == 1:
        return f"{day.day}-{day.month}-{day.year}"
    return f"{day.day} {_MONTHS_NL[day.month - 1]} {day.year}"


def _header(rnd: random.Random, interview: Interview, bold: bool) -> list[str]:
    def line(label: str, value: str) -> str:
        return f"**{label}:** {value}" if bold else f"{label}: {value}"

    lines = []
    if interview.key is not None:
        lines.append(line(rnd.choice(("Klantnummer", "Lidnummer", "Klantnr")),
                          str(interview.key)))
    lines.append(line("Datum", _date_text(rnd, interview.day)))
    if rnd.random() < 0.7:
        lines.append(line("Interviewer", interview.interviewer))
    if rnd.random() < 0.3:
        lines.append(line("Locatie", rnd.choice(("bij het lid thuis", "telefonisch",
                                                 "videogesprek", "kantoor"))))
    rnd.shuffle(lines)
    return lines


def _transcript(rnd: random.Random, interview: Interview) -> str:
    labels = rnd.choice((("I", "R"), ("Interviewer", "Respondent")))
    wrap = rnd.random() < 0.4
    lines = [*_header(rnd, interview, bold=False), ""]
    for exchange in interview.exchanges:
        lines.append(f"{labels[0]}: {exchange.question}")
        for answer in exchange.answers:
            if answer.prompt:
                lines.append(f"{labels[0]}: {answer.prompt}")
            said = f"{labels[1]}: {answer.text}"
            lines.extend(textwrap.wrap(said, 78) if wrap else [said])
        lines.append("")
    return "\n".join(lines)


def _markdown(rnd: random.Random, interview: Interview, headings: bool) -> str:
    title = rnd.choice(("Interview", "Gespreksverslag", "Interviewnotities"))
    lines = [f"# {title} {interview.name.split('.')[0].split('_')[-1]}", "",
             *_header(rnd, interview, bold=rnd.random() < 0.6), ""]
    for exchange in interview.exchanges:
        if headings:
            lines += [f"## {exchange.question}", ""]
            lines += [line for a in exchange.answers for line in (a.text, "")]
            continue
        lines += [f"**Vraag:** {exchange.question}", ""]
        for answer in exchange.answers:
            if answer.prompt:
                lines += [f"**Vraag:** {answer.prompt}", ""]
            lines += [f"**Antwoord:** {answer.text}", ""]
    return "\n".join(lines)


def _docx_paragraphs(rnd: random.Random, interview: Interview,
                     headings: bool) -> list[tuple[str, str | None]]:
    paragraphs: list[tuple[str, str | None]] = [("Interviewverslag", "Heading1")]
    paragraphs += [(line, None) for line in _header(rnd, interview, bold=False)]
    for exchange in interview.exchanges:
        if headings:
            paragraphs.append((exchange.question, "Heading2"))
            paragraphs += [(a.text, None) for a in exchange.answers]
            continue
        paragraphs.append((f"Vraag: {exchange.question}", None))
        for answer in exchange.answers:
            if answer.prompt:
                paragraphs.append((f"Vraag: {answer.prompt}", None))
            paragraphs.append((f"Antwoord: {answer.text}", None))
    return paragraphs


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.'
    'openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>')


def docx_bytes(paragraphs: list[tuple[str, str | None]], path: Path) -> None:
    """A minimal Word document (.docx) with *paragraphs* ``(text, style)``, byte for byte
    the same for the same input (fixed zip dates)."""
    body = []
    for text, style in paragraphs:
        props = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
        runs = "".join(f'<w:r><w:t xml:space="preserve">{escape(piece)}</w:t></w:r>'
                       for piece in _runs(text))
        body.append(f"<w:p>{props}{runs}</w:p>")
    document = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                f'<w:document xmlns:w="{_W}"><w:body>{"".join(body)}</w:body></w:document>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in (("[Content_Types].xml", _CONTENT_TYPES),
                              ("_rels/.rels", _RELS), ("word/document.xml", document)):
            info = zipfile.ZipInfo(name, date_time=(2026, 3, 1, 12, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, content.encode("utf-8"))


def _runs(text: str) -> list[str]:
    """Word splits a paragraph's text over runs (at formatting changes); so do we."""
    if len(text) < 60:
        return [text]
    cut = text.find(" ", len(text) // 2)
    return [text] if cut < 0 else [text[:cut], text[cut:]]


def write_interviews(rng: np.random.Generator, members: pd.DataFrame, people: PersonLookup,
                     folder: Path) -> list[Interview]:
    """Write every interview into *folder*; return them (for the truth)."""
    interviews = build_interviews(rng, members, people)
    folder.mkdir(parents=True, exist_ok=True)
    rnd = random.Random(int(rng.integers(2**62)))
    transcripts = 0
    for interview in interviews:
        path = folder / interview.name
        if interview.fmt.startswith("docx"):
            docx_bytes(_docx_paragraphs(rnd, interview, interview.fmt == "docx_headings"),
                       path)
            continue
        text = _transcript(rnd, interview) if interview.fmt == "transcript" else _markdown(
            rnd, interview, headings=interview.fmt == "md_headings")
        encoding, newline = "utf-8", "\n"
        if interview.fmt == "transcript":
            transcripts += 1
            if transcripts == 2:
                encoding, newline = "cp1252", "\r\n"  # Notepad's "ANSI" on Dutch Windows
            elif transcripts == 3:
                encoding, newline = "utf-16", "\r\n"  # Notepad's "Unicode"
        path.write_bytes(text.replace("\n", newline).encode(encoding, errors="replace"))
    return interviews


def interview_truth(interviews: list[Interview]) -> pd.DataFrame:
    """Per part (as the importer numbers them): document, segment, member, aspect, topic."""
    rows = []
    for interview in interviews:
        for part, answer in enumerate(interview.answers(), start=1):
            rows.append((FOLDER, interview.name, part, interview.segment,
                         interview.key, answer.aspect, answer.topic, "nl", None))
    return pd.DataFrame(rows, columns=["source", "document", "part", "segment", "key",
                                       "aspect", "topic", "lang", "competitor"])
