"""What the b2b and citizen samples (issue 14) share: a register of people with their hidden
group, a survey of the ones who answered, and the manifest the demo reads.

The employee sample (``_employees.py``) set the shape: a register file, a survey file keyed
on the same number, ``_truth/<name>.csv`` for tests and ``sample.json`` with a
``template`` field, so ``run_demo`` knows the sample belongs to that template.
"""

from __future__ import annotations

import json
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pandas as pd

from personakit.sample._employees import LIKERT, _file, _open
from personakit.sample._model import SampleManifest, SampleSegment

REFERENCE_DATE = "2026-03-01"
AGREEMENT_SPREAD = 0.8  # sd of the latent agreement around a group's mean (as employees)
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class SampleSpec:
    """The files of one template's sample: the register (one row per person) and the survey."""

    template: str
    organisation: str
    version: int
    register: str  # file name; its stem is the key of its description in the catalogue
    register_source: str
    key: str  # the register's key column
    survey: str
    survey_source: str
    survey_key: str
    truth: str  # stem of the truth file under _truth/ (also its description key)


def group_of_each(rng: np.random.Generator, shares: Sequence[float], n: int) -> IntArray:
    """The hidden group of each of *n* people."""
    return np.asarray(rng.choice(len(shares), size=n, p=list(shares)), dtype=np.int64)


def pick_each(rng: np.random.Generator, groups: IntArray, options: Sequence[str],
              probabilities: Sequence[Sequence[float]]) -> list[str]:
    """One option per person, drawn with the chances of the person's group."""
    return [str(options[rng.choice(len(options), p=probabilities[g])]) for g in groups]


def tick_each(rng: np.random.Generator, groups: IntArray, options: Sequence[str],
              chances: Sequence[Sequence[float]]) -> list[str]:
    """A multiple-choice answer per person: the ticked options joined by ``;``."""
    return [";".join(o for o, p in zip(options, chances[g], strict=True) if rng.random() < p)
            for g in groups]


def agree_each(rng: np.random.Generator, groups: IntArray, means: Sequence[float]
               ) -> npt.NDArray[np.object_]:
    """A five-point agreement answer per person around the group's mean (-2..2)."""
    labels = np.array(LIKERT, dtype=object)
    latent = rng.normal([means[g] for g in groups], AGREEMENT_SPREAD)
    return np.asarray(labels[np.clip(np.rint(latent), -2, 2).astype(int) + 2])


def answer_each(rng: np.random.Generator, groups: IntArray,
                bank: tuple[tuple[str, ...], ...]) -> list[str]:
    """An open answer per person from the own group's sentences (about 15 % leave it empty)."""
    rnd = random.Random(int(rng.integers(2**62)))
    return [_open(rnd, bank, int(g)) for g in groups]


def responded(rng: np.random.Generator, n: int, rate: float) -> IntArray:
    """The rows of the people who answered the survey."""
    return np.asarray(np.flatnonzero(rng.random(n) < rate), dtype=np.int64)


def write_sample(root: Path, spec: SampleSpec, register: pd.DataFrame, survey: pd.DataFrame,
                 segments: list[SampleSegment], *, seed: int,
                 labels: Mapping[str, Mapping[str, Mapping[str, str]]] | None = None
                 ) -> SampleManifest:
    """Write *register* (with its hidden ``_group`` column dropped), *survey*, the truth and
    ``sample.json``; *segments* are the groups in the order of their numbers, *labels* the
    column labels per source that the demo puts in ``[sources.NAME.labels]``."""
    (root / "_truth").mkdir(parents=True, exist_ok=True)
    register.drop(columns="_group").to_csv(root / spec.register, sep=";", decimal=",",
                                           index=False, encoding="utf-8-sig",
                                           lineterminator="\r\n")
    survey.to_csv(root / spec.survey, sep=";", index=False, encoding="utf-8-sig",
                  lineterminator="\r\n")
    codes = np.array([s.code for s in segments], dtype=object)
    truth_path = f"_truth/{spec.truth}.csv"
    pd.DataFrame({spec.key: register[spec.key], "groep": codes[register["_group"].to_numpy()]}
                 ).to_csv(root / truth_path, sep=";", index=False, encoding="utf-8",
                          lineterminator="\r\n")
    fmt = ("utf-8-sig", ";", ",")
    manifest = SampleManifest(
        organisation=spec.organisation, seed=seed, customers=len(register),
        generator_version=spec.version, reference_date=REFERENCE_DATE,
        files=[_file(root, spec.register, len(register), spec.register_source, spec.key, fmt),
               _file(root, spec.survey, len(survey), spec.survey_source, spec.survey_key, fmt)],
        truth=[_file(root, truth_path, len(register), None, spec.key, ("utf-8", ";", None))],
        segments=segments,
    )
    (root / "sample.json").write_text(
        json.dumps({**manifest.model_dump(mode="json"), "template": spec.template,
                    "labels": labels or {}},
                   ensure_ascii=False, indent=2) + "\n", encoding="utf-8", newline="\n")
    return manifest


def segments_of(groups: Sequence[tuple[str, str, str]], members: IntArray) -> list[SampleSegment]:
    """The manifest's segments from (code, Dutch name, English name) and each person's group."""
    sizes = np.bincount(members, minlength=len(groups))
    return [SampleSegment(code=code, name={"nl": nl, "en": en}, size=int(n))
            for (code, nl, en), n in zip(groups, sizes, strict=True)]
