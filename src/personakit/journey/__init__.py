"""Customer journeys per persona (issue 12): model, funnels from analytics, where to act."""

from personakit.journey._act import where_to_act
from personakit.journey._approach import (
    approaches,
    approaches_csv,
    approaches_json,
    export_approaches,
)
from personakit.journey._define import (
    configured_journeys,
    define_journeys,
    dump_journeys,
    get_journey,
    parse_journeys,
    read_journey_file,
)
from personakit.journey._draft import draft_journey
from personakit.journey._events import EventColumns, describe_repair, event_source
from personakit.journey._fill import fill_journey
from personakit.journey._funnel import SessionPersonas, funnel_report, session_personas
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
from personakit.journey._settings import JourneySettings, journey_settings
from personakit.journey._store import (
    EntryChange,
    JourneyConflictError,
    JourneyDiff,
    JourneyRevision,
    TouchpointChange,
    diff_journeys,
    journey_history,
    list_journeys,
    load_journey,
    save_journey,
)

__all__ = [
    "ActionPoint",
    "Approach",
    "EVERYONE",
    "EntryChange",
    "EventColumns",
    "FunnelReport",
    "Journey",
    "JourneyConflictError",
    "JourneyDiff",
    "JourneyRevision",
    "JourneySettings",
    "PersonaFunnel",
    "PersonaTouchpoint",
    "Repair",
    "SessionAssignment",
    "SessionPersonas",
    "Share",
    "Stage",
    "StepStat",
    "Touchpoint",
    "TouchpointChange",
    "UNASSIGNED",
    "approaches",
    "approaches_csv",
    "approaches_json",
    "configured_journeys",
    "define_journeys",
    "describe_repair",
    "diff_journeys",
    "draft_journey",
    "dump_journeys",
    "event_source",
    "export_approaches",
    "fill_journey",
    "funnel_report",
    "get_journey",
    "journey_history",
    "journey_settings",
    "list_journeys",
    "load_journey",
    "parse_journeys",
    "read_journey_file",
    "save_journey",
    "session_personas",
    "where_to_act",
]
