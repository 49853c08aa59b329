"""The review gate after drift: rebuild, then accept the rebuilt version or keep the old one.

``rebuild`` segments the current data again (same name and seed as the judged
segmentation) and builds a candidate persona version; ``review_drift`` shows its diff and
records the analyst's decision. *Keep* makes the judged personas the newest version again
(a new build with their content, so history is never rewritten).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Literal

from pydantic import BaseModel
from sqlalchemy import update

from personakit.access import audit
from personakit.errors import InputError, WorkspaceError
from personakit.steer._drift import DriftReport, get_drift_check
from personakit.steer._tables import drift_checks
from personakit.workspace import Workspace

Decision = Literal["accept", "keep"]


class ReviewResult(BaseModel):
    check_id: int
    decision: Decision
    judged_build: int
    candidate_build: int | None
    current_build: int
    changed_personas: int = 0


def rebuild(ws: Workspace, check_id: int, *, actor: str = "cli") -> int:
    """Segment again and build a candidate version for drift check *check_id*; its id."""
    from personakit.persona import build_personas
    from personakit.segment import get_segmentation, segment_workspace

    check = get_drift_check(ws, check_id)
    if check.decision is not None:  # a rebuild nobody will review
        raise WorkspaceError("steer.error.decided", check=check_id, decision=check.decision)
    old = get_segmentation(ws, check.segmentation_id)
    # The default lens of the data as it is now; for a lens of your own run
    # `personakit segment` yourself and then review (the newest build is the candidate).
    seg = segment_workspace(ws, name=old.name, seed=old.seed)
    version = build_personas(ws, seg, author=actor)
    report = {**check.model_dump(mode="json", exclude={"id", "decision", "decided_by",
                                                       "decision_build"}),
              "candidate_build": version.id}
    with ws.transaction() as st:  # the check remembers its candidate for the review gate
        st.connection.execute(update(drift_checks).where(drift_checks.c.id == check_id)
                              .values(report=report))
        audit(ws, actor, "drift.rebuild", str(check_id), {"build": version.id},
              connection=st.connection)
    return version.id


def candidate_of(ws: Workspace, check: DriftReport) -> int | None:
    """The version a review of *check* would accept: the one `rebuild` made for it, else
    the newest version if it is newer than the judged one and was built on another
    segmentation (the analyst segmented again by hand). A build that only repeats the
    judged personas (a "keep" on another check) is no candidate."""
    from personakit.track import get_version

    if check.candidate_build is not None:
        return check.candidate_build
    judged = check.build_id or 0
    newest = get_version(ws)
    if newest.id > judged and newest.segmentation_id != check.segmentation_id:
        return newest.id
    return None


def review_drift(ws: Workspace, check_id: int, decision: str, *,
                 actor: str = "cli") -> ReviewResult:
    """Record *decision*: ``accept`` the candidate (:func:`candidate_of`) or ``keep`` the
    judged version (made the newest again when a candidate was built since)."""
    from personakit.track import diff_versions, get_version, record_build

    if decision not in ("accept", "keep"):
        raise InputError("steer.error.decision", value=decision)
    check = get_drift_check(ws, check_id)
    if check.decision is not None:
        raise WorkspaceError("steer.error.decided", check=check_id, decision=check.decision)
    judged = check.build_id or 0
    candidate = candidate_of(ws, check)
    if decision == "accept" and candidate is None:
        raise WorkspaceError("steer.error.no_candidate", check=check_id)
    changed = 0
    if candidate is not None:
        changed = sum(1 for p in diff_versions(ws, judged, candidate).personas
                      if p.status != "same")
    current = candidate if decision == "accept" else judged
    if decision == "keep" and candidate is not None:
        kept = get_version(ws, judged)
        current = record_build(ws, kept.personas, segmentation_id=kept.segmentation_id,
                               inputs=kept.inputs, settings={**kept.settings, "kept_from": judged},
                               seed=kept.seed, author=actor).id
    with ws.transaction() as st:
        st.connection.execute(update(drift_checks).where(drift_checks.c.id == check_id).values(
            decision=decision, decided_by=actor, decided_at=datetime.now(UTC),
            decision_build=current))
        audit(ws, actor, f"drift.{decision}", str(check_id),
              {"judged": judged, "candidate": candidate, "current": current},
              connection=st.connection)
    return ReviewResult(check_id=check_id, decision=decision,  # type: ignore[arg-type]
                        judged_build=judged, candidate_build=candidate, current_build=current,
                        changed_personas=changed)
