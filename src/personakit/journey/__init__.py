"""Customer journeys per persona (issue 12): model, funnels from analytics, where to act."""

from personakit.journey._model import (
    EVERYONE,
    UNASSIGNED,
    ActionPoint,
    Approach,
    FunnelReport,
    Journey,
    PersonaFunnel,
    PersonaTouchpoint,
    Repair,
    SessionAssignment,
    Share,
    Stage,
    StepStat,
    Touchpoint,
)

__all__ = [
    "EVERYONE",
    "UNASSIGNED",
    "ActionPoint",
    "Approach",
    "FunnelReport",
    "Journey",
    "PersonaFunnel",
    "PersonaTouchpoint",
    "Repair",
    "SessionAssignment",
    "Share",
    "Stage",
    "StepStat",
    "Touchpoint",
]
