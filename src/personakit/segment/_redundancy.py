"""Redundancy between columns: numbers that move together, categories that determine
each other, counts that are the parts of another count, and numbers still dependent inside
the profiles. The encoder leaves one of each such group out of the model.

Split from ``_encode.py`` (issue 16). The functions read a fitted encoder's variables; they
are called by :class:`~personakit.segment._encode.MixedEncoder` and the segmenter.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from personakit.segment._variables import NUMBER_LIKE, CategoricalVar, NumericVar

if TYPE_CHECKING:
    from personakit.segment._encode import MixedEncoder

# Two columns carrying the same information (a date and a duration; a city and its
# province) break the model's independence assumption and pull profiles apart along them:
# one of them is left out as redundant.
REDUNDANT_CORRELATION = 0.8
LOCAL_DEPENDENCE = 0.5
REDUNDANT_ENTROPY = 0.05
REDUNDANCY_SAMPLE = 20_000


def _redundant_numeric(encoder: MixedEncoder, sample: pd.DataFrame) -> list[tuple[str, str]]:
    """(dropped, kept) within groups of numbers that move together (|Spearman| >= 0.8,
    linked in a chain): a date and a duration, or the counts a web log is summarised into
    (sessions, page views, funnel steps). The most central member of a group is kept."""
    variables: list[NumericVar | CategoricalVar] = [
        v for v in encoder.numeric_ if v.kind != "text"]
    variables += [v for v in encoder.categorical_ if v.kind in NUMBER_LIKE]
    if len(variables) < 2:
        return []
    frame = pd.DataFrame({v.column: encoder.numbers(sample[v.column], v) for v in variables})
    corr = np.nan_to_num(frame.corr(method="spearman", min_periods=30).abs().to_numpy())
    linked = corr >= REDUNDANT_CORRELATION
    pairs: list[tuple[str, str]] = []
    for group in _components(linked):
        if len(group) < 2:
            continue
        centrality = corr[np.ix_(group, group)].mean(axis=1)
        dates = [isinstance(variables[i], NumericVar) and variables[i].kind == "date"
                 for i in group]
        order = sorted(range(len(group)), key=lambda j: (dates[j], -centrality[j], group[j]))
        kept = variables[group[order[0]]].column
        pairs += [(variables[group[j]].column, kept) for j in order[1:]]
    return pairs


# Counts that add up to another count on (nearly) every row are its parts.
PARTS_MATCH = 0.95


def _group_of(column: str) -> str | None:
    """The name a column shares with its siblings: ``web__bron`` of ``web__bron__direct``,
    ``calls`` of ``calls_weekend``."""
    for separator in ("__", "_"):
        head, found, _ = column.rpartition(separator)
        if found and head:
            return head
    return None


def parts_of_totals(encoder: MixedEncoder, sample: pd.DataFrame) -> list[tuple[str, str]]:
    """(part, total) for counts that are the parts of another count: siblings (one name
    before the last separator) whose sum is that count on at least 95 % of the rows and
    never more. An event source summarised per customer gives such parts: visits per entry
    source or device add up to the visits. Within a profile the parts rise and fall with the
    total, which a model of independent parts reads as extra profiles (the sample
    organisation's web log: 7 profiles with them, the true 5 without); so the total is
    modelled and the parts are described, not modelled."""
    variables: list[NumericVar | CategoricalVar] = [
        v for v in encoder.numeric_ if v.kind != "text"]
    variables += [v for v in encoder.categorical_ if v.kind in NUMBER_LIKE]
    values = {v.column: encoder.numbers(sample[v.column], v) for v in variables}
    counts = {c: x for c, x in values.items()
              if np.isfinite(x).any() and np.nanmin(x) >= 0
              and np.allclose(x[np.isfinite(x)], np.round(x[np.isfinite(x)]))}
    groups: dict[str, list[str]] = {}
    for column in counts:
        group = _group_of(column)
        if group is not None:
            groups.setdefault(group, []).append(column)
    pairs: list[tuple[str, str]] = []
    for members in groups.values():
        if len(members) < 2:
            continue
        summed = np.nansum(np.column_stack([counts[c] for c in members]), axis=1)
        for total, x in counts.items():
            if total in members:
                continue
            known = np.isfinite(x)
            if not known.any() or (summed[known] > x[known] + 1e-9).any():
                continue
            if np.mean(np.isclose(summed[known], x[known])) >= PARTS_MATCH:
                pairs += [(c, total) for c in members]
                break
    return pairs


def dependent_within(encoder: MixedEncoder, sample: pd.DataFrame,
                     labels: np.ndarray) -> list[tuple[str, str]]:
    """(dropped, kept) within groups of numbers still correlated inside the profiles
    (pooled within-profile |Spearman| >= 0.5): local dependence, which the model reads as
    extra profiles (a web log's visits, devices and checkouts all zero for non-visitors)."""
    variables: list[NumericVar | CategoricalVar] = [
        v for v in encoder.numeric_ if v.kind != "text"]
    variables += [v for v in encoder.categorical_ if v.kind in NUMBER_LIKE]
    if len(variables) < 2:
        return []
    frame = pd.DataFrame({v.column: encoder.numbers(sample[v.column], v) for v in variables})
    pooled = np.zeros((len(variables), len(variables)))
    total = 0
    for label in np.unique(labels):
        part = frame[labels == label]
        if len(part) < 30:
            continue
        pooled += np.nan_to_num(part.corr(method="spearman", min_periods=30).to_numpy()) * len(
            part)
        total += len(part)
    if total == 0:
        return []
    within = np.abs(pooled / total)
    pairs: list[tuple[str, str]] = []
    for group in _components(within >= LOCAL_DEPENDENCE):
        if len(group) < 2:
            continue
        centrality = within[np.ix_(group, group)].mean(axis=1)
        order = sorted(range(len(group)), key=lambda j: (-centrality[j], group[j]))
        kept = variables[group[order[0]]].column
        pairs += [(variables[group[j]].column, kept) for j in order[1:]]
    return pairs


def _components(adjacent: np.ndarray) -> list[list[int]]:
    seen: set[int] = set()
    groups = []
    for start in range(adjacent.shape[0]):
        if start in seen:
            continue
        stack, group = [start], []
        seen.add(start)
        while stack:
            node = stack.pop()
            group.append(node)
            for other in np.flatnonzero(adjacent[node]):
                if int(other) not in seen:
                    seen.add(int(other))
                    stack.append(int(other))
        groups.append(sorted(group))
    return groups


def _redundant_categorical(encoder: MixedEncoder,
                           sample: pd.DataFrame) -> list[tuple[str, str]]:
    """(dropped, kept) where one categorical variable nearly determines another
    (conditional entropy under 5 % of its entropy): the determined one adds nothing."""
    variables = [v for v in encoder.categorical_ if v.kind in ("categorical", "boolean", "count")]
    # Raw values, not the model's levels: lumping rare cities into "other" would hide that
    # the city determines the province.
    codes, sizes = {}, {}
    for v in variables:
        codes[v.column], uniques = pd.factorize(sample[v.column], use_na_sentinel=True)
        sizes[v.column] = max(len(uniques), 1)
    pairs = []
    for a in variables:
        for b in variables:
            if a is b or sizes[a.column] < sizes[b.column]:
                continue
            ok = (codes[a.column] >= 0) & (codes[b.column] >= 0)
            if ok.sum() < 30:
                continue
            share = _conditional_entropy_share(codes[a.column][ok], codes[b.column][ok],
                                               sizes[a.column], sizes[b.column])
            if share < REDUNDANT_ENTROPY:
                pairs.append((b.column, a.column))
    return pairs


def _conditional_entropy_share(a: np.ndarray, b: np.ndarray, la: int, lb: int) -> float:
    """H(B | A) / H(B): 0 when A determines B, 1 when A says nothing about B."""
    joint = np.bincount(a * lb + b, minlength=la * lb).reshape(la, lb).astype(np.float64)
    total = joint.sum()
    pb = joint.sum(axis=0) / total
    h_b = -float(np.sum(pb[pb > 0] * np.log(pb[pb > 0])))
    if h_b <= 0:
        return 1.0
    pa = joint.sum(axis=1, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        cond = np.where(joint > 0, joint / pa, 1.0)
    h_ba = -float(np.sum(joint / total * np.log(cond)))
    return h_ba / h_b
