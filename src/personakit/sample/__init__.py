"""The sample organisation: a seeded, realistic Dutch mobility club to try personakit on.

``generate_sample(out_dir)`` writes a CRM export, a survey, support chats, web analytics and
monthly KPIs, plus the hidden truth (segments, planted personal data) for tests only.
"""

from personakit.sample._generate import ProgressCallback, generate_sample
from personakit.sample._model import SampleFile, SampleManifest, SampleSegment

__all__ = [
    "ProgressCallback",
    "SampleFile",
    "SampleManifest",
    "SampleSegment",
    "generate_sample",
]
