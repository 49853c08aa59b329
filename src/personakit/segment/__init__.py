"""Segmentation: customer profiles in mixed data, explained, tested and assigned."""

from personakit.segment._segmenter import MixedSegmenter

__all__ = ["MixedSegmenter"]
