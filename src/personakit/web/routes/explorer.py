"""The segment explorer: profiles, what sets them apart, k-selection and stability."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from personakit.access import Permission
from personakit.errors import PersonakitError
from personakit.web._charts import share_bar_svg
from personakit.web._context import Viewer, needs, workspace
from personakit.web._render import render

router = APIRouter(include_in_schema=False)
TOP_EFFECTS = 8


@router.get("/explorer")
def explorer(request: Request,
             viewer: Annotated[Viewer, Depends(needs(Permission.VIEW_EXPLORER))],
             segmentation: str | None = None) -> Response:
    from personakit.segment import get_segmentation, list_segmentations

    ws = workspace(request)
    try:
        seg = get_segmentation(ws, segmentation)
    except PersonakitError:
        return render(request, "explorer.html", {"seg": None, "all": []}, viewer=viewer)
    profiles = [{"profile": p, "effects": p.effects[:TOP_EFFECTS],
                 "bar": share_bar_svg(p.share, f"{p.share:.0%}")} for p in seg.profiles]
    return render(request, "explorer.html", {
        "seg": seg, "profiles": profiles, "all": list_segmentations(ws)}, viewer=viewer)
