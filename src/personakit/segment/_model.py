"""What a stored segmentation keeps beside its records: the fitted model for assignment."""

from __future__ import annotations

import copy
import pickle
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from personakit.segment._segmenter import MixedSegmenter

MODEL_FORMAT = 1


@dataclass
class StoredModel:
    """The fitted segmenter plus what assignment needs to explain itself.

    ``profile_means`` holds per numeric column the profile means in the data's own units
    (for reasons such as "age 34, profile average 31").
    """

    segmenter: MixedSegmenter
    segmentation_id: str
    key: str
    profile_ids: list[str]
    profile_means: dict[str, list[float]] = field(default_factory=dict)
    format: int = MODEL_FORMAT
    # Derived age column -> (date-of-birth column, reference day since 1970), issue 9.
    derived: dict[str, tuple[str, float]] = field(default_factory=dict)

    def slim(self) -> StoredModel:
        """A copy without the per-row training arrays (they live in the assignments file)."""
        segmenter = copy.copy(self.segmenter)
        for name in ("labels_", "train_scores_"):
            segmenter.__dict__.pop(name, None)
        return StoredModel(segmenter, self.segmentation_id, self.key, self.profile_ids,
                           self.profile_means, self.format, self.derived)


def dump_model(model: StoredModel, path: Path) -> None:
    with path.open("wb") as handle:
        pickle.dump(model.slim(), handle, protocol=pickle.HIGHEST_PROTOCOL)


_cache: dict[str, tuple[float, StoredModel]] = {}


def load_model(path: Path) -> StoredModel:
    """The stored model, cached per file (and reloaded when the file changes).

    The file is the workspace's own (written by ``segment``); like any pickle it must come
    from a trusted workspace.
    """
    key = str(path)
    mtime = path.stat().st_mtime
    hit = _cache.get(key)
    if hit is not None and hit[0] == mtime:
        return hit[1]
    with path.open("rb") as handle:
        model: Any = pickle.load(handle)  # noqa: S301 - the workspace's own model file
    if not isinstance(model, StoredModel):
        raise TypeError(f"{path} does not hold a personakit segmentation model")
    _cache[key] = (mtime, model)
    return model


def numeric_profile_means(values: dict[str, np.ndarray], labels: np.ndarray,
                          k: int) -> dict[str, list[float]]:
    out: dict[str, list[float]] = {}
    for name, column in values.items():
        ok = np.isfinite(column)
        sums = np.bincount(labels[ok], weights=column[ok], minlength=k)
        counts = np.bincount(labels[ok], minlength=k)
        out[name] = [float(s / c) if c else float("nan") for s, c in zip(sums, counts,
                                                                         strict=True)]
    return out
