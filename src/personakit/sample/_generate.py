"""``generate_sample``: the whole sample organisation, seeded and byte-for-byte reproducible."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from personakit.errors import InputError
from personakit.i18n import both, t
from personakit.sample import _segments as sg
from personakit.sample._chats import write_chats
from personakit.sample._crm import REFERENCE_DATE, build_members, crm_frame, write_crm
from personakit.sample._kpi import kpi_frame, write_kpi
from personakit.sample._model import SampleFile, SampleManifest, SampleSegment
from personakit.sample._phrases import ORGANISATION
from personakit.sample._places import CITIES
from personakit.sample._survey import (
    respondents,
    survey_frame,
    unknown_respondents,
    write_survey,
)
from personakit.sample._text import PersonLookup, Planted
from personakit.sample._texts import write_texts
from personakit.sample._web import web_events, write_web, write_web_truth

ProgressCallback = Callable[[str, int, int], None]
"""Called as ``progress(step_description, steps_done, steps_total)``."""

GENERATOR_VERSION = 2  # 2: interview notes and reviews (issue 11)
MIN_CUSTOMERS = 100  # fewer gives segments too small to mean anything
MAX_CUSTOMERS = 5_000_000  # the benchmarks use 1,000,000; beyond this memory runs out
STEPS = ("members", "crm", "survey", "chats", "web", "kpi", "truth")
# What progress reports: the steps, and the texts (drawn from their own random stream, so
# STEPS, which seeds the other files and the follow-up, stays as it was).
PROGRESS_STEPS = ("members", "crm", "survey", "chats", "web", "kpi", "texts", "truth")
_STEP_KEYS = {"texts": "texts.import.sample_step"}
MANIFEST_NAME = "sample.json"
TRUTH_DIR = "_truth"


def _check(customers: int, seed: int) -> None:
    if not MIN_CUSTOMERS <= customers <= MAX_CUSTOMERS:
        raise InputError("sample.error.customers", value=customers, minimum=MIN_CUSTOMERS,
                         maximum=MAX_CUSTOMERS)
    if seed < 0:
        raise InputError("sample.error.seed", value=seed)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _entry(root: Path, relative: str, rows: int, source: str | None, key: str | None,
           customer: str | None, fmt: tuple[str, str | None, str | None, str]) -> SampleFile:
    encoding, delimiter, decimal, line_ending = fmt
    return SampleFile(
        path=relative, source=source, key=key, customer_column=customer, rows=rows,
        encoding=encoding, delimiter=delimiter, decimal=decimal, line_ending=line_ending,
        sha256=_sha256(root / relative),
        description=both(f"sample.file.{Path(relative).stem}"),
    )


class _Steps:
    def __init__(self, progress: ProgressCallback | None) -> None:
        self._progress = progress
        self._done = 0

    def __call__(self, name: str) -> None:
        if self._progress is not None:
            key = _STEP_KEYS.get(name, f"sample.step.{name}")
            self._progress(t(key), self._done, len(PROGRESS_STEPS))
        self._done += 1

    def finish(self) -> None:
        if self._progress is not None:
            self._progress(t("sample.step.done"), len(PROGRESS_STEPS), len(PROGRESS_STEPS))


def generate_sample(out_dir: str | Path, *, customers: int = 20_000, seed: int = 42,
                    progress: ProgressCallback | None = None) -> SampleManifest:
    """Write the sample organisation (a Dutch mobility club) to *out_dir*.

    The same *seed* and *customers* give byte-identical files. The hidden truth goes to
    ``_truth/`` for tests and benchmarks; the pipeline never reads it. Returns the manifest,
    also written as ``sample.json``.
    """
    _check(customers, seed)
    root = Path(out_dir)
    (root / TRUTH_DIR).mkdir(parents=True, exist_ok=True)
    rngs = [np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(len(STEPS))]
    step = _Steps(progress)

    step("members")
    members = build_members(rngs[0], customers)
    people = PersonLookup(members, [c[0] for c in CITIES])
    files: list[SampleFile] = []

    step("crm")
    write_crm(crm_frame(members, rngs[1]), root / "crm_export.csv")
    files.append(_entry(root, "crm_export.csv", customers, "crm", "klantnummer", "klantnummer",
                        ("cp1252", ";", ",", "CRLF")))

    step("survey")
    rows = respondents(rngs[2], members["segment"].to_numpy())
    survey, planted = survey_frame(rngs[2], members, rows, people)
    survey = unknown_respondents(rngs[2], survey, int(members["klantnummer"].max()))
    write_survey(survey, root / "enquete_2026.csv")
    files.append(_entry(root, "enquete_2026.csv", len(survey), "enquete", "Klantnummer",
                        "Klantnummer", ("utf-8-sig", ",", None, "CRLF")))

    step("chats")
    messages, chat_planted = write_chats(rngs[3], members, people, root / "chats.jsonl")
    planted += chat_planted
    files.append(_entry(root, "chats.jsonl", messages, "chats", None, "klantnummer",
                        ("utf-8", None, None, "LF")))

    step("web")
    web, web_truth = web_events(rngs[4], members)
    write_web(web, root / "web_analytics.csv")
    write_web_truth(web_truth, root / TRUTH_DIR / "web_sessions.csv")
    files.append(_entry(root, "web_analytics.csv", len(web), "web", None, "klant_id",
                        ("utf-8", ",", ".", "LF")))

    step("kpi")
    kpi = kpi_frame(rngs[5], members)
    write_kpi(kpi, root / "kpi_maandelijks.csv")
    files.append(_entry(root, "kpi_maandelijks.csv", len(kpi), "kpi", None, None,
                        ("utf-8-sig", ";", ",", "CRLF")))

    step("texts")
    text_files, text_truth = write_texts(root, TRUTH_DIR, seed, members, people, _sha256)
    files += text_files

    step("truth")
    truth = _write_truth(root, members, planted)
    truth += text_truth
    truth.append(_entry(root, f"{TRUTH_DIR}/web_sessions.csv", len(web_truth), None, None,
                        None, ("utf-8", ";", None, "LF")))
    manifest = SampleManifest(
        organisation=ORGANISATION, seed=seed, customers=customers,
        generator_version=GENERATOR_VERSION, reference_date=str(REFERENCE_DATE),
        files=files, truth=truth, segments=_segments(members),
    )
    (root / MANIFEST_NAME).write_text(
        json.dumps(manifest.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n",
        encoding="utf-8", newline="\n",
    )
    step.finish()
    return manifest


def _segments(members: pd.DataFrame) -> list[SampleSegment]:
    sizes = np.bincount(members["segment"].to_numpy(), minlength=len(sg.SEGMENTS))
    return [SampleSegment(code=s.code, name={"nl": s.name_nl, "en": s.name_en},
                          size=int(size)) for s, size in zip(sg.SEGMENTS, sizes, strict=True)]


def _write_truth(root: Path, members: pd.DataFrame,
                 planted: list[tuple[str, str, str, Planted]]) -> list[SampleFile]:
    codes = np.array([s.code for s in sg.SEGMENTS], dtype=object)
    segments = pd.DataFrame({"klantnummer": members["klantnummer"],
                             "segment": codes[members["segment"].to_numpy()]})
    segments.to_csv(root / TRUTH_DIR / "segments.csv", sep=";", index=False, encoding="utf-8",
                    lineterminator="\n")
    pii = pd.DataFrame([(f, r, c, p.kind, p.value) for f, r, c, p in planted],
                       columns=["file", "record", "column", "kind", "value"])
    pii.to_csv(root / TRUTH_DIR / "pii_planted.csv", sep=";", index=False, encoding="utf-8",
               lineterminator="\n")
    fmt = ("utf-8", ";", None, "LF")
    return [
        _entry(root, f"{TRUTH_DIR}/segments.csv", len(segments), None, "klantnummer",
               "klantnummer", fmt),
        _entry(root, f"{TRUTH_DIR}/pii_planted.csv", len(pii), None, None, None, fmt),
    ]


FOLLOWUP_CRM = "crm_export_2026-07.csv"
FOLLOWUP_KPI = "kpi_klanten_2026.csv"


def generate_followup(sample_dir: str | Path, out_dir: str | Path | None = None, *,
                      change: float = 1.0) -> dict[str, Path]:
    """A later export of the sample organisation in *sample_dir* (issue 13): the CRM six
    months on, and monthly KPIs per customer. *change* 0..1 sets how much the club changed
    (0: natural turnover only, for false-alarm checks; 1: the demo's drift). Seeded by the
    sample's own seed, so the same sample gives the same follow-up."""
    from personakit.sample._kpi import customer_kpi_frame, followup_members, write_customer_kpi

    root = Path(sample_dir)
    manifest = json.loads((root / MANIFEST_NAME).read_text(encoding="utf-8"))
    if not 0.0 <= change <= 1.0:
        raise InputError("sample.error.change", value=change)
    rngs = [np.random.default_rng(s) for s in
            np.random.SeedSequence(int(manifest["seed"])).spawn(len(STEPS) + 3)]
    members = build_members(rngs[0], int(manifest["customers"]))  # the same club as before
    later, left = followup_members(rngs[len(STEPS)], members, change)
    out = Path(out_dir) if out_dir is not None else root
    out.mkdir(parents=True, exist_ok=True)
    write_crm(crm_frame(later, rngs[len(STEPS) + 1]), out / FOLLOWUP_CRM)
    kpi = customer_kpi_frame(rngs[len(STEPS) + 2], later, left)
    write_customer_kpi(kpi, out / FOLLOWUP_KPI)
    return {"crm": out / FOLLOWUP_CRM, "kpi": out / FOLLOWUP_KPI}
