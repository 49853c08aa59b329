"""The segment explorer: profiles, what sets them apart, k-selection and stability."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from personakit.access import Permission
from personakit.errors import PersonakitError
from personakit.i18n import (
    format_count,
    format_number,
    format_p,
    format_percent,
    format_year,
    is_year_variable,
)
from personakit.model import VariableEffect
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
    lang = viewer.lang
    profiles = [{"profile": p, "effects": [_effect_row(e, lang) for e in p.effects[:TOP_EFFECTS]],
                 "bar": share_bar_svg(p.share, format_percent(p.share, lang))}
                for p in seg.profiles]
    return render(request, "explorer.html", {
        "seg": seg, "profiles": profiles, "all": list_segmentations(ws)}, viewer=viewer)


def _effect_row(effect: VariableEffect, lang: str) -> dict[str, object]:
    """One row of a profile's table, as people read it: a share as a percentage, a year as a
    year, a mean with one decimal, q as ``< 0,001`` (it was ``2.7e-165``, issue 10)."""
    share = effect.kind == "share"
    year = not share and is_year_variable(effect.variable,
                                          (effect.profile_value, effect.rest_value))

    def value(v: float | None) -> str:
        if share:
            return format_percent(v, lang)
        return format_year(v, lang) if year else format_number(v, lang, 1)

    return {"effect": effect, "profile": value(effect.profile_value),
            "rest": value(effect.rest_value), "low": value(effect.ci_low),
            "high": value(effect.ci_high), "n": format_count(effect.n_profile, lang),
            "size": format_number(effect.effect, lang, 2),
            "q": format_p(effect.q_value, lang, symbol="")}
