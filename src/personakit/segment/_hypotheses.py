"""Expert hypotheses (rule-based profiles) tested against the data and the data-driven profiles.

Each ``[hypotheses.NAME] where = "..."`` rule is run over the segmentation's target group.
Reported: coverage, overlap between rules, the share no rule covers, distinctiveness (the
same effects as for profiles: each rule's group against everyone else), and agreement with
the data-driven profiles (cross-table and adjusted Rand index, each person counted under
the first rule that covers them, or "unassigned").
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
from pydantic import BaseModel, Field
from sklearn.metrics import adjusted_rand_score

from personakit.errors import ConfigError
from personakit.model import Segmentation, VariableEffect
from personakit.segment._explain import group_effects
from personakit.segment._model import load_model
from personakit.segment._target import select_rows
from personakit.segment._workspace import (
    LinkedLike,
    _segmentation_row,
    get_segmentation,
    profile_members,
)
from personakit.workspace import Workspace

UNASSIGNED = "-"
TOP_EFFECTS = 10


class RuleResult(BaseModel):
    """One rule: who it covers and how they differ from everyone else.

    Parameters
    ----------
    coverage
        Share of the target group the rule covers (also counted when other rules do).
    exclusive
        Share covered by this rule only.
    best_profile, best_profile_share
        The data-driven profile most of the rule's people are in, and that share.
    """

    name: str
    where: str
    description: str = ""
    size: int
    coverage: float
    exclusive: float
    effects: list[VariableEffect] = Field(default_factory=list)
    best_profile: str | None = None
    best_profile_share: float | None = None


class HypothesisReport(BaseModel):
    """All rules against one segmentation.

    Parameters
    ----------
    overlap
        Rule to rule: number of people both cover.
    unassigned_share
        Share of the target group no rule covers; ``multiple_share`` covered by 2+ rules.
    crosstab
        First matching rule (or ``"-"``) to profile id to number of people.
    ari
        Adjusted Rand index between the rule partition and the profiles (1: the same
        grouping, 0: no better than chance).
    """

    segmentation_id: str
    n: int
    rules: list[RuleResult]
    overlap: dict[str, dict[str, int]]
    unassigned_share: float
    multiple_share: float
    crosstab: dict[str, dict[str, int]]
    ari: float | None


def test_hypotheses(ws: Workspace, segmentation: Segmentation | str | None = None,
                    rules: Mapping[str, str] | None = None, *,
                    data: LinkedLike | None = None) -> HypothesisReport:
    """Test the workspace's ``[hypotheses]`` (or *rules*) against a stored segmentation."""
    seg = segmentation if isinstance(segmentation, Segmentation) else get_segmentation(
        ws, segmentation)
    declared = {name: (h.where, h.description) for name, h in ws.config.hypotheses.items()}
    chosen = {n: (w, "") for n, w in rules.items()} if rules is not None else declared
    if not chosen:
        raise ConfigError("segment.error.no_hypotheses")
    members = profile_members(ws, seg.id)
    frame = _target_frame(ws, members, data)
    masks = {name: select_rows(frame, where, what=name) for name, (where, _) in chosen.items()}
    return _report(ws, seg, frame, members, chosen, masks)


test_hypotheses.__test__ = False  # type: ignore[attr-defined]  # not a pytest test


def _target_frame(ws: Workspace, members: pd.DataFrame,
                  data: LinkedLike | None) -> pd.DataFrame:
    """The linked data of the segmentation's members, in the order of the members file."""
    if data is None:
        from personakit.ingest import linked_frame

        data = linked_frame(ws)
    frame, key = data.frame, data.key
    keyed = frame.assign(**{key: frame[key].astype(str)}).drop_duplicates(key).set_index(key)
    return keyed.reindex(members["key"].astype(str)).reset_index()


def _report(ws: Workspace, seg: Segmentation, data: pd.DataFrame, members: pd.DataFrame,
            chosen: Mapping[str, tuple[str, str]],
            masks: dict[str, np.ndarray]) -> HypothesisReport:
    n = len(data)
    names = list(chosen)
    stack = np.column_stack([masks[r] for r in names])
    covered = stack.sum(axis=1)
    first = np.where(covered > 0, stack.argmax(axis=1), -1)
    encoder = load_model(ws.root / _segmentation_row(ws, seg.id).model_path).segmenter.encoder_
    effects = _rule_effects(data, encoder, stack, seg.seed)
    profile_ids = members["profile_id"].astype(str).to_numpy()
    rule_labels = np.array([names[i] if i >= 0 else UNASSIGNED for i in first], dtype=object)
    cross = pd.crosstab(rule_labels, profile_ids)
    results = []
    for j, name in enumerate(names):
        mask = stack[:, j]
        best, best_share = _best_profile(profile_ids[mask])
        results.append(RuleResult(
            name=name, where=chosen[name][0], description=chosen[name][1],
            size=int(mask.sum()), coverage=float(mask.mean()) if n else 0.0,
            exclusive=float((mask & (covered == 1)).mean()) if n else 0.0,
            effects=effects[j][:TOP_EFFECTS], best_profile=best, best_profile_share=best_share,
        ))
    overlap = {a: {b: int((stack[:, i] & stack[:, j]).sum()) for j, b in enumerate(names)}
               for i, a in enumerate(names)}
    return HypothesisReport(
        segmentation_id=seg.id, n=n, rules=results, overlap=overlap,
        unassigned_share=float((covered == 0).mean()) if n else 0.0,
        multiple_share=float((covered > 1).mean()) if n else 0.0,
        crosstab={str(r): {str(c): int(v) for c, v in row.items()}
                  for r, row in cross.iterrows()},
        ari=float(adjusted_rand_score(rule_labels, profile_ids)) if n else None,
    )


def _rule_effects(data: pd.DataFrame, encoder: object, stack: np.ndarray,
                  seed: int) -> list[list[VariableEffect]]:
    # Rules may overlap, so each is its own group-vs-rest comparison.
    out = []
    for j in range(stack.shape[1]):
        labels = np.where(stack[:, j], 0, -1)
        out.append(group_effects(data, encoder, labels, 1, seed)[0]  # type: ignore[arg-type]
                   if stack[:, j].any() and not stack[:, j].all() else [])
    return out


def _best_profile(ids: np.ndarray) -> tuple[str | None, float | None]:
    if ids.size == 0:
        return None, None
    values, counts = np.unique(ids, return_counts=True)
    i = int(counts.argmax())
    return str(values[i]), float(counts[i] / ids.size)
