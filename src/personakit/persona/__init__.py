"""Persona synthesis: names, avatars, evidence-backed statements, narrative and quotes."""

from personakit.persona._avatar import Shape, avatar_png, avatar_shapes, avatar_svg
from personakit.persona._build import (
    PersonaInputs,
    build_personas,
    carry_over,
    gather_inputs,
    persona_id,
    synthesize,
)
from personakit.persona._semantics import concept_of, label, section_of
from personakit.persona._statements import (
    SECTION_ORDER,
    PersonaSettings,
    clears_threshold,
    profile_statements,
)

__all__ = [
    "PersonaInputs",
    "PersonaSettings",
    "SECTION_ORDER",
    "Shape",
    "avatar_png",
    "avatar_shapes",
    "avatar_svg",
    "build_personas",
    "carry_over",
    "clears_threshold",
    "concept_of",
    "gather_inputs",
    "label",
    "persona_id",
    "profile_statements",
    "section_of",
    "synthesize",
]
