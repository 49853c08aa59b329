"""A folder of text documents imported as one source: one snapshot, rows from every
document, all or nothing (one bad document fails the whole import)."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Mapping
from pathlib import Path

import pyarrow as pa

from personakit.errors import InputError
from personakit.ingest._documents import (
    DOCUMENT_SUFFIXES,
    is_tabular,
    loaded_documents,
    parse_file,
)
from personakit.ingest._registry import Loaded, Reader
from personakit.ingest._snapshot import file_sha256

# Files an editor or the system leaves beside documents: never data.
_LEFTOVERS = ("~$", ".~lock", "._")


def document_files(folder: Path) -> tuple[list[Path], list[str]]:
    """The supported documents directly in *folder* (sorted by name), and the names of the
    other files, which are left out (sub-folders are not searched)."""
    documents: list[Path] = []
    skipped: list[str] = []
    for path in sorted(folder.iterdir(), key=lambda p: p.name):
        if path.name.startswith(".") or path.name.startswith(_LEFTOVERS) or not path.is_file():
            continue
        if path.suffix.lower() in DOCUMENT_SUFFIXES:
            documents.append(path)
        else:
            skipped.append(path.name)
    return documents, skipped


def folder_sha256(folder: Path) -> str:
    """A hash of the folder's documents (names and contents): the same folder again is a
    no-op import, a changed or added document a new snapshot."""
    digest = hashlib.sha256()
    for path in document_files(folder)[0]:
        digest.update(f"{path.name}\0{file_sha256(path)}\n".encode())
    return digest.hexdigest()


def read_folder(folder: Path, lenient: bool) -> Loaded:
    """Every document of *folder*, parsed; the first bad one is the error."""
    files, skipped = document_files(folder)
    if not files:
        raise InputError("texts.import.error.no_documents", file=str(folder),
                         supported=", ".join(DOCUMENT_SUFFIXES))
    parsed = []
    encodings: Counter[str] = Counter()
    for path in files:
        document, doc = parse_file(path)
        parsed.append(document)
        encodings[doc.encoding] += 1
    dialect = {"format": "folder", "encoding": encodings.most_common(1)[0][0],
               "skipped": skipped}
    return loaded_documents(parsed, dialect)


FOLDER_READER = Reader("text", (), read_folder)


def reader_kind(path: Path, reader: Reader) -> str:
    """What ``[sources.NAME] kind`` records: ``csv`` for a ``.txt`` that holds a table."""
    if path.is_file() and path.suffix.lower() == ".txt" and is_tabular(path):
        return "csv"
    return reader.kind


def load_folder(folder: Path, *, lenient: bool = False,
                roles: Mapping[str, str] | None = None) -> tuple[Loaded, pa.Table]:
    """The folder read and typed, as :func:`personakit.ingest._read.load_typed` does a file."""
    from personakit.ingest._read import _typed

    loaded = read_folder(folder, lenient)
    return loaded, _typed(folder, loaded, dict(roles or {}))
