"""Which columns carried no signal: the user's answer when a persona has few statements.

A file of many coded columns (an insurer's 86 census codes, issue 9) can leave a profile
with only a handful of differences that clear the evidence threshold. The persona then
says so, and names the columns that set no profile apart, so the analyst knows whether to
add labels, other sources or drop the columns, instead of guessing why the card is thin.
"""

from __future__ import annotations

from collections.abc import Iterable

from personakit.model import CustomerProfile, PersonaVersion, Segmentation, Statement
from personakit.persona._semantics import is_time_variable
from personakit.persona._statements import PersonaSettings, clears_threshold
from personakit.workspace import Workspace


def loud_columns(profile: CustomerProfile, settings: PersonaSettings) -> set[str]:
    """Columns with at least one difference for *profile* that clears the threshold."""
    return {e.variable for e in profile.effects if clears_threshold(e, settings)}


def silent_columns(segmentation: Segmentation, settings: PersonaSettings,
                   excluded: Iterable[str] = ()) -> list[str]:
    """Described columns that set no profile apart (no difference clears the evidence
    threshold in any profile): they carried no signal for this segmentation."""
    skip = set(excluded)
    described = {e.variable for p in segmentation.profiles for e in p.effects
                 if e.variable not in skip and not is_time_variable(e.variable)}
    loud: set[str] = set()
    for profile in segmentation.profiles:
        loud |= loud_columns(profile, settings)
    return sorted(described - loud)


def evidence_count(statements: Iterable[Statement]) -> int:
    """Statements backed by evidence (a persona's own words without figures do not count)."""
    return sum(1 for s in statements if s.evidence)


def shortfall(profile: CustomerProfile, statements: list[Statement],
              settings: PersonaSettings, excluded: Iterable[str] = ()) -> dict[str, object]:
    """When a persona has fewer evidence-backed statements than the minimum: how many it
    has and which described columns set this profile apart in no way. Empty otherwise."""
    count = evidence_count(statements)
    if count >= settings.min_statements:
        return {}
    skip = set(excluded)
    described = {e.variable for e in profile.effects
                 if e.variable not in skip and not is_time_variable(e.variable)}
    quiet = sorted(described - loud_columns(profile, settings))
    return {"statements": count, "minimum": settings.min_statements, "silent": quiet}


def build_silence(ws: Workspace, version: PersonaVersion) -> tuple[list[str], int]:
    """The silent columns of the segmentation *version* was built from, with the settings
    it was built with, and how many columns that segmentation describes."""
    from personakit.segment import get_segmentation

    segmentation = get_segmentation(ws, version.segmentation_id)
    recorded = dict(version.settings)
    settings = PersonaSettings.from_config(recorded, int(recorded.get("min_group_size", 10)))
    described = {e.variable for p in segmentation.profiles for e in p.effects
                 if not is_time_variable(e.variable)}
    return silent_columns(segmentation, settings), len(described)
