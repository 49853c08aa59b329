"""The sample's qualitative material (issue 11): interview notes and reviews, with their truth.

Drawn from its own random stream (``TEXTS_STREAM``), so adding texts changed none of the
other files of the same seed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from personakit.i18n import both
from personakit.sample._interviews import (
    FOLDER,
    Interview,
    interview_truth,
    write_interviews,
)
from personakit.sample._model import SampleFile
from personakit.sample._reviews import (
    CLUB_FILE,
    COMPETITOR_FILES,
    Review,
    club_reviews,
    competitor_reviews,
    review_truth,
    write_club,
    write_rijvrij,
    write_wegwijs,
)
from personakit.sample._text import PersonLookup

TEXTS_STREAM = 100  # a spawn key far from the generator's steps and the follow-up's
TRUTH_TEXTS = "texts.csv"
TRUTH_PII = "texts_pii.csv"
Digest = Callable[[Path], str]


def texts_rng(seed: int) -> np.random.Generator:
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(TEXTS_STREAM,)))


def folder_sha256(folder: Path, file_hash: Digest) -> str:
    """Names and contents of a folder's files (as ``personakit import FOLDER`` sees it)."""
    digest = hashlib.sha256()
    for path in sorted(folder.iterdir(), key=lambda p: p.name):
        if path.is_file():
            digest.update(f"{path.name}\0{file_hash(path)}\n".encode())
    return digest.hexdigest()


def _file(root: Path, relative: str, rows: int, source: str | None, customer: str | None,
          fmt: tuple[str, str | None, str], digest: str, kind: str | None = None,
          competitor: str | None = None) -> SampleFile:
    encoding, delimiter, line_ending = fmt
    return SampleFile(
        path=relative, source=source, key=None, customer_column=customer, rows=rows,
        encoding=encoding, delimiter=delimiter, decimal=None, line_ending=line_ending,
        sha256=digest, kind=kind, competitor=competitor,
        description=both(f"texts.import.sample_file.{Path(relative).stem}"),
    )


def write_texts(root: Path, truth_dir: str, seed: int, members: pd.DataFrame,
                people: PersonLookup, file_hash: Digest
                ) -> tuple[list[SampleFile], list[SampleFile]]:
    """Write the interviews and reviews; return their manifest entries and the truth's."""
    rng = texts_rng(seed)
    interviews = write_interviews(rng, members, people, root / FOLDER)
    club = club_reviews(rng, members, people)
    write_club(club, root / CLUB_FILE)
    rivals = {name: competitor_reviews(rng, name, members, people)
              for name in COMPETITOR_FILES}
    writers = {"Wegwijs Pechhulp": write_wegwijs, "RijVrij": write_rijvrij}
    for name, reviews in rivals.items():
        writers[name](reviews, root / COMPETITOR_FILES[name])
    parts = sum(len(i.answers()) for i in interviews)
    files = [
        _file(root, FOLDER, parts, "interviews", "key", ("utf-8", None, "LF"),
              folder_sha256(root / FOLDER, file_hash), kind="interview"),
        _file(root, CLUB_FILE, len(club), Path(CLUB_FILE).stem, "lidnummer", ("utf-8", ",", "LF"),
              file_hash(root / CLUB_FILE), kind="review"),
    ]
    for name, reviews in rivals.items():
        relative = COMPETITOR_FILES[name]
        fmt = ("cp1252", ";", "CRLF") if relative.endswith(".csv") else ("utf-8", None, "LF")
        files.append(_file(root, relative, len(reviews), Path(relative).stem, None, fmt,
                           file_hash(root / relative), kind="review", competitor=name))
    truth = pd.concat([
        interview_truth(interviews),
        review_truth(Path(CLUB_FILE).stem, club),
        *(review_truth(Path(COMPETITOR_FILES[n]).stem, r) for n, r in rivals.items()),
    ], ignore_index=True)
    truth["key"] = truth["key"].astype("Int64")
    truth_path = root / truth_dir / TRUTH_TEXTS
    truth.to_csv(truth_path, sep=";", index=False, encoding="utf-8", lineterminator="\n")
    pii = _pii_truth(interviews, club, rivals)
    pii.to_csv(root / truth_dir / TRUTH_PII, sep=";", index=False, encoding="utf-8",
               lineterminator="\n")
    fmt = ("utf-8", ";", "LF")
    return files, [
        _file(root, f"{truth_dir}/{TRUTH_TEXTS}", len(truth), None, None, fmt,
              file_hash(truth_path)),
        _file(root, f"{truth_dir}/{TRUTH_PII}", len(pii), None, None, fmt,
              file_hash(root / truth_dir / TRUTH_PII)),
    ]


def _pii_truth(interviews: list[Interview], club: list[Review],
               rivals: dict[str, list[Review]]) -> pd.DataFrame:
    rows = []
    for interview in interviews:
        for part, item in interview.planted:
            rows.append((f"{FOLDER}/{interview.name}", f"{interview.name}:{part}", item.kind,
                         item.value))
    for file, reviews in ((CLUB_FILE, club), *((COMPETITOR_FILES[n], r)
                                               for n, r in rivals.items())):
        for review in reviews:
            rows.extend((file, review.id, item.kind, item.value) for item in review.planted)
    return pd.DataFrame(rows, columns=["file", "record", "kind", "value"])
