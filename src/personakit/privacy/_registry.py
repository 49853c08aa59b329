"""The recogniser registry: built-in recognisers register exactly as plugins do."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal, Protocol

PiiKind = Literal["name", "email", "phone", "iban", "bsn", "postcode", "address"]

# Order in which overlapping findings win: the kind most certain of its span first.
PRIORITY: tuple[str, ...] = ("email", "iban", "address", "postcode", "phone", "bsn", "name")


@dataclass(frozen=True)
class Finding:
    """One piece of personal data found in a text (the value itself is never kept)."""

    kind: str
    start: int
    end: int
    recognizer: str


class Recognizer(Protocol):
    """Finds one kind of personal data in a text."""

    name: str
    kind: str

    def find(self, text: str) -> Iterable[Finding]: ...


_REGISTRY: dict[str, Recognizer] = {}


def register_recognizer(recognizer: Recognizer, *, replace: bool = False) -> Recognizer:
    """Add *recognizer* to the registry used by :func:`scrub`; names are unique."""
    if recognizer.name in _REGISTRY and not replace:
        raise ValueError(f"recogniser {recognizer.name!r} is already registered")
    _REGISTRY[recognizer.name] = recognizer
    return recognizer


def unregister_recognizer(name: str) -> None:
    _REGISTRY.pop(name, None)


def recognizers() -> list[Recognizer]:
    """The registered recognisers, in registration order."""
    return list(_REGISTRY.values())


@dataclass
class FunctionRecognizer:
    """A recogniser from a plain function ``text -> [(start, end), ...]``."""

    name: str
    kind: str
    func: Callable[[str], Iterable[tuple[int, int]]]

    def find(self, text: str) -> Iterable[Finding]:
        for start, end in self.func(text):
            yield Finding(self.kind, start, end, self.name)
