"""``scrub``: replace personal data in a text by placeholders in the output language."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from personakit.i18n import get_language, t
from personakit.privacy._registry import PRIORITY, Finding, Recognizer, recognizers


@dataclass(frozen=True)
class ScrubResult:
    """The text with personal data replaced, and what was found where (in the input)."""

    text: str
    findings: list[Finding] = field(default_factory=list)

    @property
    def kinds(self) -> set[str]:
        return {f.kind for f in self.findings}


def find_pii(text: str, *, extra: Sequence[Recognizer] = ()) -> list[Finding]:
    """Every finding of every registered recogniser (plus *extra*), overlaps resolved."""
    found: list[Finding] = []
    for recognizer in [*recognizers(), *extra]:
        found.extend(f for f in recognizer.find(text) if f.end > f.start)
    return _resolve(found)


def _rank(finding: Finding) -> tuple[int, int, int]:
    priority = PRIORITY.index(finding.kind) if finding.kind in PRIORITY else len(PRIORITY)
    return priority, -(finding.end - finding.start), finding.start


def _resolve(findings: Iterable[Finding]) -> list[Finding]:
    """Keep the strongest finding where spans overlap; a weaker one that reaches further
    widens the winner, so no part of a value stays visible."""
    kept: list[Finding] = []
    for finding in sorted(findings, key=_rank):
        overlapping = [k for k in kept if k.start < finding.end and finding.start < k.end]
        if not overlapping:
            kept.append(finding)
            continue
        for winner in overlapping:
            if finding.start < winner.start or finding.end > winner.end:
                kept.remove(winner)
                kept.append(Finding(winner.kind, min(winner.start, finding.start),
                                    max(winner.end, finding.end), winner.recognizer))
    return _merge_touching(sorted(kept, key=lambda f: f.start))


def _merge_touching(findings: list[Finding]) -> list[Finding]:
    merged: list[Finding] = []
    for finding in findings:
        if merged and merged[-1].end > finding.start:
            last = merged.pop()
            finding = Finding(last.kind, last.start, max(last.end, finding.end), last.recognizer)
        merged.append(finding)
    return merged


def placeholder(kind: str, lang: str | None = None) -> str:
    """The placeholder that stands in for *kind*: ``[naam]``, ``[name]``, ``[IBAN]``, ..."""
    return t(f"privacy.placeholder.{kind}", lang or get_language())


def scrub(text: str, lang: str | None = None, *, extra: Sequence[Recognizer] = ()) -> ScrubResult:
    """Replace names, e-mail, phone, IBAN, BSN, postcodes and addresses by placeholders.

    *lang* chooses the placeholders' language (default: the current one). *extra* adds
    recognisers for this call only, e.g. the known personal values of a workspace.
    """
    findings = find_pii(text, extra=extra)
    parts: list[str] = []
    position = 0
    for finding in findings:
        parts.append(text[position:finding.start])
        parts.append(placeholder(finding.kind, lang))
        position = finding.end
    parts.append(text[position:])
    return ScrubResult("".join(parts), findings)


_WORD = re.compile(r"\S+")
_EDGE = ".,;:!?()[]{}\"'«»“”‘’"


@dataclass
class KnownValuesRecognizer:
    """Finds given values (e.g. the workspace's own name and e-mail columns) in a text.

    A second line of defence: whatever the patterns miss, a value that stands in a
    personal-data column of the data is still removed. Runs of up to ``max_words`` words
    are looked up in a set, so tens of thousands of values cost no more than a few.
    """

    values: dict[str, str]  # value -> kind
    name: str = "known-values"
    kind: str = "name"  # each finding carries its value's own kind
    min_length: int = 3
    max_words: int = 5

    def __post_init__(self) -> None:
        self._kinds = {
            " ".join(v.casefold().split()): k
            for v, k in self.values.items()
            if len(v.strip()) >= self.min_length
        }

    def find(self, text: str) -> Iterable[Finding]:
        words = [(m.start(), m.end()) for m in _WORD.finditer(text)]
        for i in range(len(words)):
            for j in range(i, min(i + self.max_words, len(words))):
                start, end = words[i][0], words[j][1]
                while start < end and text[start] in _EDGE:
                    start += 1
                while end > start and text[end - 1] in _EDGE:
                    end -= 1
                kind = self._kinds.get(" ".join(text[start:end].casefold().split()))
                if kind is not None:
                    yield Finding(kind, start, end, self.name)
