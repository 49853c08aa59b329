"""Validation rounds: staff, suppliers and customers test a persona version (seed 002, step 6).

``start_round`` fixes the personas a round judges; ``make_links`` gives signed, expiring
links that need no account; ``submit_answers`` takes one answer per link (unless the round
allows more); ``summarise_round`` gives scores per persona and construct with intervals and
the comments grouped; ``apply_comment`` turns a comment into an edit or an assumption on
the next revision; ``close_round`` archives the results with the version judged;
``data_checks`` sets prevalence, holdout agreement and stability beside the opinions.
"""

from personakit.validate._apply import AppliedComment, applied_comments, apply_comment
from personakit.validate._checks import DataChecks, HoldoutCheck, PersonaCheck, data_checks
from personakit.validate._questions import (
    PPS_CONSTRUCTS,
    QUESTIONS,
    SEED_QUESTIONS,
    Question,
)
from personakit.validate._results import (
    CommentGroup,
    ConstructScore,
    PersonaResult,
    RoundSummary,
    summarise_round,
)
from personakit.validate._rounds import (
    LinkError,
    OpenLink,
    RoundLink,
    ValidationRound,
    close_round,
    get_round,
    list_rounds,
    make_links,
    open_link,
    round_answers,
    start_round,
    submit_answers,
)
from personakit.validate._settings import ValidateSettings, validate_settings
from personakit.validate._simulate import simulate_round

__all__ = [
    "AppliedComment",
    "CommentGroup",
    "ConstructScore",
    "DataChecks",
    "HoldoutCheck",
    "LinkError",
    "OpenLink",
    "PPS_CONSTRUCTS",
    "PersonaCheck",
    "PersonaResult",
    "QUESTIONS",
    "Question",
    "RoundLink",
    "RoundSummary",
    "SEED_QUESTIONS",
    "ValidateSettings",
    "ValidationRound",
    "applied_comments",
    "apply_comment",
    "close_round",
    "data_checks",
    "get_round",
    "list_rounds",
    "make_links",
    "open_link",
    "round_answers",
    "simulate_round",
    "start_round",
    "submit_answers",
    "summarise_round",
    "validate_settings",
]
