"""Segmentation: customer profiles in mixed data, explained, tested and assigned.

``segment_workspace`` finds the profiles of a target group through a lens and stores them;
``assign_frame`` / ``assign_records`` put individuals in a profile with confidence and
reasons; ``test_hypotheses`` tests expert rules; ``value_curve`` shows the hard core (80/20).
The engine is :class:`MixedSegmenter` (scikit-learn estimator contract).
"""

from personakit.segment._assign import assign_frame, assign_records
from personakit.segment._hypotheses import HypothesisReport, RuleResult, test_hypotheses
from personakit.segment._segmenter import MixedSegmenter, SegmentInputError
from personakit.segment._settings import SegmentSettings, segment_settings
from personakit.segment._value import ValueCurve, hard_core_mask, pareto
from personakit.segment._workspace import (
    FrameData,
    LinkedLike,
    get_segmentation,
    list_segmentations,
    profile_members,
    rename_profile,
    segment_workspace,
    value_curve,
)

__all__ = [
    "FrameData",
    "HypothesisReport",
    "LinkedLike",
    "MixedSegmenter",
    "RuleResult",
    "SegmentInputError",
    "SegmentSettings",
    "ValueCurve",
    "assign_frame",
    "assign_records",
    "get_segmentation",
    "hard_core_mask",
    "list_segmentations",
    "pareto",
    "profile_members",
    "rename_profile",
    "segment_settings",
    "segment_workspace",
    "test_hypotheses",
    "value_curve",
]
