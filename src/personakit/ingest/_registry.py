"""The reader registry: one reader per file type, built-ins registered like any other."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa

from personakit.errors import InputError
from personakit.ingest._model import Reject


@dataclass
class Loaded:
    """What a reader gives back: a table and how it was read.

    ``typed=False`` means the text columns still need typing (numbers with a decimal comma,
    dates); the CSV reader returns only text columns, a Parquet file is typed already.
    """

    table: pa.Table
    dialect: dict[str, Any]
    rejects: list[Reject] = field(default_factory=list)
    typed: bool = False
    lines: list[int] | None = None  # file line of each row, when the reader knows it
    # Roles the reader knows (a document's ``text`` is text), under the user's overrides.
    roles: dict[str, str] = field(default_factory=dict)
    # The column that links rows to customers, when the reader found one (a document's key).
    link: str | None = None

    def row_number(self, index: int) -> int:
        """The row as the user sees it: the line in the file, or the sheet row."""
        if self.lines is not None:
            return self.lines[index]
        return index + 1 + int(self.dialect.get("header_rows", 0))


@dataclass(frozen=True)
class Reader:
    """A file reader for some extensions.

    Parameters
    ----------
    kind
        Short name stored in ``personakit.toml`` (``csv``, ``xlsx``, ...).
    suffixes
        Lower-case extensions with the dot.
    read
        ``read(path, lenient) -> Loaded``.
    """

    kind: str
    suffixes: tuple[str, ...]
    read: Callable[[Path, bool], Loaded]


_READERS: dict[str, Reader] = {}


def register_reader(reader: Reader) -> Reader:
    """Register *reader* for its suffixes (a later registration wins)."""
    for suffix in reader.suffixes:
        _READERS[suffix.lower()] = reader
    return reader


def readers() -> list[Reader]:
    """Every registered reader, once each."""
    seen: dict[str, Reader] = {}
    for reader in _READERS.values():
        seen.setdefault(reader.kind, reader)
    return list(seen.values())


def supported_suffixes() -> list[str]:
    return sorted(_READERS)


def reader_for(path: Path) -> Reader:
    """The reader for *path*'s extension; an unknown type is a clear error."""
    suffix = path.suffix.lower()
    if suffix not in _READERS:
        raise InputError("ingest.error.unknown_type", file=str(path), suffix=suffix or "-",
                         supported=", ".join(supported_suffixes()))
    return _READERS[suffix]
