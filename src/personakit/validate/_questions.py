"""The questionnaire of a validation round: seed 002's nine questions and the PPS constructs.

Seed 002, step 6 ("Toets de klantpersona") asks staff, suppliers and customers nine
questions; the Persona Perception Scale (Salminen et al., 2020) measures how people perceive
a persona on eight constructs. We use a short form of two items per construct (16 items), so
one persona's questionnaire stays answerable on a phone in a few minutes; the items are
adapted from the PPS, in Dutch and English (texts in the ``validate`` catalogue).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

from personakit.i18n import both

QuestionKind = Literal["scale", "choice", "text"]

SEED_SCALE = 5  # seed questions: 1 = not at all .. 5 = completely
PPS_SCALE = 7  # PPS items: 1 = strongly disagree .. 7 = strongly agree (as in the PPS)
MAX_TEXT = 2_000  # characters of one open answer


class Question(BaseModel):
    """One question of the questionnaire.

    Parameters
    ----------
    id
        Stable id, the key of the answer (``recognise``, ``pps_credibility_1``, ...).
    kind
        ``"scale"`` (1..``points``), ``"choice"`` (one of ``options``) or ``"text"``.
    measures
        What the answer measures: a seed question's own id, or a PPS construct.
    """

    id: str
    kind: QuestionKind
    measures: str
    points: int = 0
    options: tuple[str, ...] = ()
    group: Literal["seed", "pps"] = "seed"

    def text(self) -> dict[str, str]:
        return both(f"validate.q.{self.id}")


# Seed 002, step 6, in its order. "Do they want to do business with us, and we with them?"
# is two questions, so the nine bullet points are nine questions.
SEED_QUESTIONS: tuple[Question, ...] = (
    Question(id="recognise", kind="scale", measures="recognise", points=SEED_SCALE),
    Question(id="most_important", kind="scale", measures="most_important", points=SEED_SCALE),
    Question(id="description_right", kind="scale", measures="description_right",
             points=SEED_SCALE),
    Question(id="missing", kind="text", measures="missing"),
    Question(id="in_database", kind="choice", measures="in_database",
             options=("yes", "no", "unknown")),
    Question(id="they_want_us", kind="scale", measures="they_want_us", points=SEED_SCALE),
    Question(id="we_want_them", kind="scale", measures="we_want_them", points=SEED_SCALE),
    Question(id="reach", kind="text", measures="reach"),
    Question(id="do_differently", kind="text", measures="do_differently"),
)

PPS_CONSTRUCTS: tuple[str, ...] = (
    "credibility", "clarity", "completeness", "consistency", "likability", "empathy",
    "similarity", "willingness",
)
PPS_ITEMS = 2

PPS_QUESTIONS: tuple[Question, ...] = tuple(
    Question(id=f"pps_{construct}_{i}", kind="scale", measures=construct, points=PPS_SCALE,
             group="pps")
    for construct in PPS_CONSTRUCTS for i in range(1, PPS_ITEMS + 1)
)

QUESTIONS: tuple[Question, ...] = SEED_QUESTIONS + PPS_QUESTIONS
BY_ID: dict[str, Question] = {q.id: q for q in QUESTIONS}
TEXT_QUESTIONS: tuple[str, ...] = tuple(q.id for q in QUESTIONS if q.kind == "text")
# Constructs summarised as a score (the seed's scale questions and every PPS construct).
SCORED: tuple[str, ...] = tuple(dict.fromkeys(
    q.measures for q in QUESTIONS if q.kind == "scale"))


def question(question_id: str) -> Question:
    return BY_ID[question_id]
