"""The analytics event export: which source and columns it is, and its events made fit
for a funnel, with every repair counted (issue 12, "Bad input").

The events are read with DuckDB straight from the source's Parquet snapshot; nothing is
loaded into pandas row by row. What is wrong with them either stops the funnel with an
:class:`~personakit.errors.InputError` naming the file, row and column, or is repaired in
a documented way and reported as a :class:`~personakit.journey.Repair`:

==============================  ==============================================  ==========
problem                         what happens                                    error/repair
==============================  ==============================================  ==========
no session, step or time column error naming the columns found                  error
an empty session id or step     error naming the first row                      error
a timestamp that is not a time  error naming the first row and its value        error
no event has a timestamp        error naming the column                         error
an event without a timestamp    left out, counted                               repair
events listed out of time order put in time order, counted                      repair
a step not in the journey       kept outside the journey, counted               repair
timestamps in several zones     all converted to UTC, counted                   repair
exact duplicate rows            merged into one event, counted                  repair
==============================  ==============================================  ==========
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from pydantic import BaseModel, Field

from personakit.errors import InputError, WorkspaceError
from personakit.i18n import t
from personakit.journey._model import Repair
from personakit.journey._settings import JourneySettings, journey_settings
from personakit.model import ColumnInfo, ColumnRole, SnapshotInfo
from personakit.workspace import Workspace

# Column names by what they hold, Dutch and English, most telling first. A name matches
# when one of its words, or the whole name without separators, is in the list.
HINTS: dict[str, tuple[str, ...]] = {
    "timestamp": ("tijdstip", "timestamp", "eventtimestamp", "eventtime", "datetime",
                  "tijd", "time", "datum", "date", "moment", "ts"),
    "session": ("sessie", "sessieid", "session", "sessionid", "visitid", "bezoekid",
                "sessies", "sessions"),
    "visitor": ("bezoeker", "bezoekerid", "visitor", "visitorid", "fullvisitorid", "cookie",
                "cookieid", "clientid", "anonymousid", "userpseudoid", "browser", "browserid",
                "deviceid"),
    "step": ("stap", "step", "pagina", "page", "pagename", "pagepath", "pagetitle", "event",
             "eventname", "gebeurtenis", "screen", "scherm", "url", "path"),
    "device": ("apparaat", "device", "devicecategory", "devicetype", "toestel", "platform"),
    "entry": ("bron", "source", "utmsource", "trafficsource", "herkomst", "kanaal",
              "channel", "medium", "utmmedium", "referrer", "verwijzer"),
}
# Roles a column may have to hold each kind of value (a step is never an id or a date).
ROLES: dict[str, frozenset[ColumnRole]] = {
    # A column named as a time is one, even empty or unreadable: its rows then get the
    # message that says so, not "no timestamp column".
    "timestamp": frozenset(r for r in ColumnRole if not r.is_personal),
    "session": frozenset({ColumnRole.IDENTIFIER, ColumnRole.CATEGORICAL, ColumnRole.NUMERIC,
                          ColumnRole.TEXT}),
    "visitor": frozenset({ColumnRole.IDENTIFIER, ColumnRole.CATEGORICAL, ColumnRole.TEXT,
                          ColumnRole.NUMERIC}),
    "step": frozenset({ColumnRole.CATEGORICAL, ColumnRole.TEXT, ColumnRole.ORDINAL}),
    "device": frozenset({ColumnRole.CATEGORICAL, ColumnRole.TEXT, ColumnRole.BOOLEAN}),
    "entry": frozenset({ColumnRole.CATEGORICAL, ColumnRole.TEXT}),
}
ORDER = ("timestamp", "session", "visitor", "step", "device", "entry")
# A time with a zone at its end: Z, +01, +0100, +01:00.
ZONE_RE = r"\d\d:\d\d(:\d\d(\.\d+)?)?\s*([Zz]|[+-]\d\d(:?\d\d)?)$"
ZONE_PART_RE = r"([Zz]|[+-]\d\d(:?\d\d)?)$"
UTC_FORMS = frozenset({"Z", "z", "+00", "+0000", "+00:00", "-00", "-0000", "-00:00"})
# Day-first local formats seen in Dutch exports, tried when ISO 8601 does not parse.
LOCAL_FORMATS = ("%d-%m-%Y %H:%M:%S", "%d-%m-%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M")
EXAMPLES = 3  # step names shown in the unknown-step repair
# Epoch numbers: above these magnitudes a timestamp is in micro- or milliseconds.
EPOCH_US, EPOCH_MS = 10 ** 14, 10 ** 11


class EventColumns(BaseModel):
    """The event source and what each of its columns holds.

    Parameters
    ----------
    source, snapshot
        Source name and the id of the snapshot read (the newest).
    path
        Absolute path of the snapshot's Parquet file.
    file
        The file the snapshot was imported from (named in messages).
    rows
        Rows of the snapshot.
    session, timestamp, step
        The session id, the time of the event and the step (page, event name): required.
    key
        The customer key of logged-in events (the source's link column), if any.
    visitor, device, entry
        Browser id, device and entry source, where the export has them.
    columns
        Every column of the snapshot, in order.
    """

    source: str
    snapshot: str
    path: str
    file: str
    rows: int = 0
    session: str
    timestamp: str
    step: str
    key: str | None = None
    visitor: str | None = None
    device: str | None = None
    entry: str | None = None
    columns: list[str] = Field(default_factory=list)


# -- finding the source and its columns ----------------------------------------------------

def _words(name: str) -> list[str]:
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", name)
    return [w for w in re.split(r"[^a-z0-9]+", spaced.lower()) if w]


def hint_rank(name: str, kind: str) -> int | None:
    """Where *name* stands in the hints of *kind* (0: most telling), or ``None``."""
    words = _words(name)
    compact = "".join(words)
    ranks = [i for i, hint in enumerate(HINTS[kind]) if hint == compact or hint in words]
    return min(ranks) if ranks else None


def _by_name(kind: str, columns: Sequence[ColumnInfo], used: set[str]) -> str | None:
    found = [(rank, i, c.name) for i, c in enumerate(columns)
             if c.name not in used and c.role in ROLES[kind]
             and (rank := hint_rank(c.name, kind)) is not None
             and not (kind == "step" and "id" in _words(c.name))]
    return min(found)[2] if found else None


def _by_role(kind: str, columns: Sequence[ColumnInfo], used: set[str]) -> str | None:
    if kind != "timestamp":
        return None  # guessing a session or step from its values alone builds nonsense
    return next((c.name for c in columns if c.role == ColumnRole.DATE and c.name not in used),
                None)


def find_columns(columns: Sequence[ColumnInfo], *, key: str | None = None,
                 chosen: dict[str, str | None] | None = None) -> dict[str, str | None]:
    """What each column holds: the user's choice, else by name, else by role."""
    picked = dict(chosen or {})
    used = {v for v in picked.values() if v} | ({key} if key else set())
    found: dict[str, str | None] = {}
    for kind in ORDER:
        name = picked.get(kind) or _by_name(kind, columns, used) or \
            _by_role(kind, columns, used)
        found[kind] = name
        if name:
            used.add(name)
    return found


def _source_file(ws: Workspace, snapshot: SnapshotInfo) -> str:
    config = ws.config.sources.get(snapshot.source)
    return config.file if config and config.file else snapshot.original_path


def link_column_of(ws: Workspace, source: str) -> str | None:
    """The column of *source* holding the customer key, as the linking finds it (declared
    link, own key, or a column holding the base source's keys); only *source* is read."""
    from personakit.ingest._link import _choose_base, _Sources, link_column
    from personakit.ingest._sources import source_names

    src = _Sources(ws, source_names(ws))
    base = _choose_base(src, None)
    return link_column(src, source, base) if base is not None else None


def _columns_of(ws: Workspace, source: str, settings: JourneySettings) -> EventColumns:
    from personakit.ingest import latest_snapshot

    snapshot = latest_snapshot(ws, source)
    names = [c.name for c in snapshot.columns]
    file = _source_file(ws, snapshot)
    chosen = {k: getattr(settings, k) for k in (*ORDER, "key")}
    for kind, column in chosen.items():
        if column and column not in names:
            raise InputError("journey.error.unknown_column", file=file, source=source,
                             column=column, role=kind, columns=", ".join(names))
    key = settings.key or link_column_of(ws, source)
    found = find_columns(snapshot.columns, key=key, chosen=chosen)
    for kind in ("session", "step", "timestamp"):
        if not found[kind]:
            raise InputError(f"journey.error.no_{kind}_column", file=file, source=source,
                             columns=", ".join(names))
    return EventColumns(
        source=source, snapshot=snapshot.id, path=str(ws.root / snapshot.path), file=file,
        rows=snapshot.rows, session=str(found["session"]), timestamp=str(found["timestamp"]),
        step=str(found["step"]), key=key if key in names else None, visitor=found["visitor"],
        device=found["device"], entry=found["entry"], columns=names)


def _looks_like_events(ws: Workspace, source: str) -> bool:
    from personakit.ingest import latest_snapshot

    found = find_columns(latest_snapshot(ws, source).columns)
    return all(found[k] for k in ("session", "step", "timestamp"))


def event_source(ws: Workspace, source: str | None = None) -> EventColumns:
    """The analytics event export and its columns.

    *source*, else ``[settings.journey] source``, else the source with a session, a step
    and a timestamp column (the one with the most rows when several have them). Columns
    are found by name (Dutch and English) and role, ``[settings.journey]`` first. A source
    without a session, step or timestamp column is an :class:`InputError` naming the
    columns it has.
    """
    from personakit.ingest import latest_snapshot
    from personakit.ingest._sources import source_names

    settings = journey_settings(ws)
    name = source or settings.source
    if name is None:
        names = source_names(ws)
        found = [n for n in names if _looks_like_events(ws, n)]
        if not found:
            raise WorkspaceError("journey.error.no_source", sources=", ".join(names) or "-")
        name = max(found, key=lambda n: (latest_snapshot(ws, n).rows, n))
    return _columns_of(ws, name, settings)


# -- reading the events --------------------------------------------------------------------

def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def as_text(expression: str, kind: pa.DataType, *, trim: bool = True) -> str:
    """SQL turning *expression* (of Arrow type *kind*) into text, empty as NULL (and
    trimmed, with *trim*); a whole number read as float because of empty cells loses its
    ``.0``."""
    if pa.types.is_string(kind) or pa.types.is_large_string(kind) or \
            pa.types.is_dictionary(kind):
        text = expression if pa.types.is_string(kind) or pa.types.is_large_string(kind) \
            else f"CAST({expression} AS VARCHAR)"
        return f"NULLIF(trim({text}), '')" if trim else f"NULLIF({text}, '')"
    if pa.types.is_floating(kind):
        return (f"CASE WHEN {expression} = round({expression}) "
                f"THEN CAST(CAST({expression} AS BIGINT) AS VARCHAR) "
                f"ELSE CAST({expression} AS VARCHAR) END")
    return f"CAST({expression} AS VARCHAR)"


class EventScan:
    """The events of one export in DuckDB, as the view ``_ev``:
    ``_row`` (1-based row of the export), ``session``, ``ts`` (UTC, without zone; NULL
    when missing), ``step`` (as written), ``key``, ``visitor``, ``device``, ``entry``.

    Use as a context manager; :meth:`check` raises on what cannot be repaired and returns
    the repairs of everything else but unknown steps (see :meth:`use_steps`).
    """

    def __init__(self, columns: EventColumns, settings: JourneySettings) -> None:
        self.columns = columns
        self.settings = settings
        self.schema = pq.read_schema(columns.path)
        self.con = duckdb.connect()
        self.con.execute("SET TimeZone = 'UTC'")
        if settings.threads:
            self.con.execute(f"SET threads = {int(settings.threads)}")
        if settings.memory_limit:
            self.con.execute(f"SET memory_limit = {literal(settings.memory_limit)}")
        self.ts_is_text = self._type(columns.timestamp) in (pa.string(), pa.large_string())
        self.sessions_estimate = 0  # known after validate()
        self.has_ties = True  # two events of a session at one time; known after check()
        self.con.execute(
            "CREATE TEMP VIEW _raw AS SELECT * EXCLUDE (file_row_number), "
            f"file_row_number + 1 AS _row FROM read_parquet({literal(columns.path)}, "
            "file_row_number = true)")
        self.con.execute(f"CREATE TEMP VIEW _ev AS SELECT {self._select()} FROM _raw")

    def __enter__(self) -> EventScan:
        return self

    def __exit__(self, *exc: object) -> None:
        self.con.close()

    def _type(self, column: str) -> pa.DataType:
        kind = self.schema.field(column).type
        return kind.value_type if pa.types.is_dictionary(kind) else kind

    def text_of(self, column: str | None, expression: str | None = None, *,
                trim: bool = True) -> str:
        """SQL giving *column* (or *expression* over it) as text; NULL without a column."""
        if column is None:
            return "NULL::VARCHAR"
        return as_text(expression or quote(column), self.schema.field(column).type,
                       trim=trim)

    def key_text(self, expression: str) -> str:
        """SQL giving the customer key *expression* (over ``_ev.key``) as text."""
        return self.text_of(self.columns.key, expression)

    def _select(self) -> str:
        # Ids are trimmed here (" S1 " is session S1); steps, devices and entry sources
        # are few distinct values, trimmed where they are looked at (a fifth of the time
        # of this view on 10 million events).
        c = self.columns
        key = quote(c.key) if c.key else "NULL::VARCHAR"
        return ", ".join([
            "_row", f"{self.text_of(c.session)} AS session", f"{self.ts_expression()} AS ts",
            f"{self.text_of(c.step, trim=False)} AS step", f"{key} AS key",
            f"{self.text_of(c.visitor)} AS visitor",
            f"{self.text_of(c.device, trim=False)} AS device",
            f"{self.text_of(c.entry, trim=False)} AS entry"])

    def ts_expression(self) -> str:
        """SQL giving the event's time in UTC without zone (NULL when missing or bad)."""
        column, kind = quote(self.columns.timestamp), self._type(self.columns.timestamp)
        naive = literal(self.settings.naive_time_zone)
        if pa.types.is_timestamp(kind):
            return f"timezone('UTC', {column})" if kind.tz else f"CAST({column} AS TIMESTAMP)"
        if pa.types.is_date(kind):
            return f"CAST({column} AS TIMESTAMP)"
        if pa.types.is_integer(kind) or pa.types.is_floating(kind):
            return self._epoch(column)
        text = f"NULLIF(trim(CAST({column} AS VARCHAR)), '')"
        formats = "[" + ", ".join(literal(f) for f in LOCAL_FORMATS) + "]"
        local = f"COALESCE(try_cast({text} AS TIMESTAMP), try_strptime({text}, {formats}))"
        return (f"CASE WHEN regexp_matches({text}, {literal(ZONE_RE)}) "
                f"THEN timezone('UTC', try_cast({text} AS TIMESTAMPTZ)) "
                f"ELSE timezone('UTC', timezone({naive}, {local})) END")

    def _epoch(self, column: str) -> str:
        """Seconds, milliseconds or microseconds since 1970, by their size (GA4 exports
        microseconds)."""
        biggest = self.con.execute(
            f"SELECT max(abs({column})) FROM read_parquet({literal(self.columns.path)})"
        ).fetchone()
        size = float(biggest[0]) if biggest and biggest[0] is not None else 0.0
        divisor = 1_000_000 if size >= EPOCH_US else 1_000 if size >= EPOCH_MS else 1
        return f"timezone('UTC', to_timestamp(CAST({column} AS DOUBLE) / {divisor}))"

    def one(self, sql: str) -> tuple[Any, ...]:
        row = self.con.execute(sql).fetchone()
        assert row is not None  # aggregates always give a row
        return tuple(row)

    # -- checks ----------------------------------------------------------------------------

    def validate(self) -> None:
        """Raise on what cannot be repaired: empty session ids or steps, bad times."""
        self._required()
        if self.ts_is_text:
            self._parse_errors()

    def check(self) -> list[Repair]:
        """:meth:`validate`, then the repairs of the rest (unknown steps aside)."""
        self.validate()
        repairs = [self._missing_times(), self._zones(), self._out_of_order(),
                   self._duplicates()]
        return [r for r in repairs if r is not None]

    def _error(self, key: str, column: str, row: int, count: int, **extra: Any) -> InputError:
        return InputError(key, file=self.columns.file, source=self.columns.source, row=row,
                          column=column, count=count, **extra)

    def _required(self) -> None:
        sessions, session_row, steps, step_row, rows, timed, distinct = self.one(
            "SELECT count(*) FILTER (WHERE session IS NULL), "
            "min(_row) FILTER (WHERE session IS NULL), count(*) FILTER (WHERE step IS NULL), "
            "min(_row) FILTER (WHERE step IS NULL), count(*), count(ts), "
            "approx_count_distinct(session) FROM _ev")
        self.sessions_estimate = int(distinct or 0)
        if sessions:
            raise self._error("journey.error.no_session", self.columns.session, session_row,
                              sessions)
        if steps:
            raise self._error("journey.error.no_step", self.columns.step, step_row, steps)
        if not rows:
            raise InputError("journey.error.no_events", file=self.columns.file,
                             source=self.columns.source)
        if not timed and not self.ts_is_text:
            raise self._error("journey.error.no_timestamps", self.columns.timestamp, 1, rows)

    def _parse_errors(self) -> None:
        text = f"NULLIF(trim(CAST({quote(self.columns.timestamp)} AS VARCHAR)), '')"
        count, row, value = self.one(
            f"SELECT count(*), min(_row), arg_min(raw, _row) FROM (SELECT _row, {text} AS raw, "
            f"{self.ts_expression()} AS ts FROM _raw) WHERE ts IS NULL AND raw IS NOT NULL")
        if count:
            raise self._error("journey.error.bad_timestamp", self.columns.timestamp, row,
                              count, value=value)
        if not self.one("SELECT count(ts) FROM _ev")[0]:
            raise self._error("journey.error.no_timestamps", self.columns.timestamp, 1,
                              self.columns.rows)

    def _missing_times(self) -> Repair | None:
        count, row, session = self.one(
            "SELECT count(*), min(_row), arg_min(session, _row) FROM _ev WHERE ts IS NULL")
        if not count:
            return None
        return Repair(kind="no_timestamp", rows=count, action="dropped",
                      example=f"#{row} {self.columns.session}={session}")

    def _zones(self) -> Repair | None:
        if not self.ts_is_text:
            return None
        text = f"NULLIF(trim(CAST({quote(self.columns.timestamp)} AS VARCHAR)), '')"
        forms = self.con.execute(
            f"SELECT CASE WHEN regexp_matches({text}, {literal(ZONE_RE)}) "
            f"THEN regexp_extract({text}, {literal(ZONE_PART_RE)}) ELSE '' END AS form, "
            f"count(*), arg_min({text}, _row) FROM _raw WHERE {text} IS NOT NULL "
            "GROUP BY form ORDER BY form").fetchall()
        kinds = {"Z" if form in UTC_FORMS else form for form, _, _ in forms}
        if len(kinds) < 2:
            return None
        converted = sum(n for form, n, _ in forms if form not in UTC_FORMS)
        example = " | ".join(str(value) for _, _, value in forms[:4])
        return Repair(kind="time_zone", rows=int(converted), action="converted_to_utc",
                      example=example)

    def _order_flags(self) -> None:
        """One window over each session's events in time order (ties: file order), kept
        in ``_flags`` for the rows it flags: ``late``, listed after a later event of the
        session (an event with a smaller row number comes after it in time), and
        ``tie``, at the same time as the event before it (where duplicates can be)."""
        self.con.execute(
            "CREATE OR REPLACE TEMP TABLE _flags AS SELECT session, _row, late, tie FROM ("
            "SELECT session, _row, _row > min(_row) OVER (w ROWS BETWEEN 1 FOLLOWING AND "
            "UNBOUNDED FOLLOWING) AS late, ts = lag(ts) OVER w AS tie FROM _ev "
            "WHERE ts IS NOT NULL WINDOW w AS (PARTITION BY session ORDER BY ts, _row)) "
            "WHERE late OR tie")

    def _out_of_order(self) -> Repair | None:
        # Every event listed after a later one counts, not only the one right after it:
        # times 1, 5, 2, 3 have two events out of place.
        self._order_flags()
        count, session, ties = self.one(
            "SELECT count(*) FILTER (WHERE late), min(session) FILTER (WHERE late), "
            "count(*) FILTER (WHERE tie) FROM _flags")
        self.has_ties = bool(ties)
        if not count:
            return None
        return Repair(kind="out_of_order", rows=count, action="reordered",
                      example=f"{self.columns.session}={session}")

    def duplicate_sql(self) -> str:
        """Per session: extra copies of exactly repeated rows (``session, extra, row``).

        Exact duplicates share their session and time, so only sessions with two events
        at one time (``_flags.tie``) are compared value by value: on a clean export of
        10 million events that is nothing, where grouping every row by its values took
        3.5 s of CPU."""
        every = ", ".join(quote(c) for c in self.columns.columns)
        session = self.text_of(self.columns.session)
        return (
            f"WITH same AS (SELECT {every}, count(*) AS n, min(_row) AS first FROM _raw "
            f"WHERE ({self.ts_expression()}) IS NOT NULL AND {session} IN "
            "(SELECT session FROM _flags WHERE tie) "
            f"GROUP BY {every} HAVING count(*) > 1) "
            f"SELECT {session} AS session, sum(n - 1) AS extra, min(first) AS row "
            "FROM same GROUP BY 1")

    def _duplicates(self) -> Repair | None:
        self.con.execute(f"CREATE OR REPLACE TEMP TABLE _dups AS {self.duplicate_sql()}")
        count, row, session = self.one(
            "SELECT sum(extra), min(row), arg_min(session, row) FROM _dups")
        if not count:
            return None
        return Repair(kind="duplicate_event", rows=int(count), action="merged",
                      example=f"#{row} {self.columns.session}={session}")

    # -- steps -----------------------------------------------------------------------------

    def step_counts(self) -> pd.DataFrame:
        """Events per step as written (``step, events, first_row``), timed events only."""
        frame: pd.DataFrame = self.con.execute(
            "SELECT step, count(*) AS events, min(_row) AS first_row FROM _ev "
            "WHERE ts IS NOT NULL GROUP BY step ORDER BY step").df()
        return frame

    def use_steps(self, steps: Sequence[str]) -> Repair | None:
        """Number the journey's steps (table ``_steps``: ``step, pos`` from 1) and count
        the events whose step is not one of them: kept, outside the journey."""
        counts = self.step_counts()
        position = {normal_step(s): i + 1 for i, s in enumerate(steps)}
        pos = [position.get(normal_step(str(s))) for s in counts["step"]]
        table = pd.DataFrame({"step": counts["step"].astype(str),
                              "pos": pd.array(pos, dtype="Int32")})
        self.con.register("_steps_frame", table)
        self.con.execute("CREATE OR REPLACE TEMP TABLE _steps AS SELECT * FROM _steps_frame")
        self.con.unregister("_steps_frame")
        unknown = counts.loc[table["pos"].isna().to_numpy()]
        if unknown.empty:
            return None
        top = unknown.sort_values(["events", "step"], ascending=[False, True]).head(EXAMPLES)
        example = ", ".join(f"{s} ({n})" for s, n in zip(top["step"], top["events"],
                                                          strict=True))
        return Repair(kind="unknown_step", rows=int(unknown["events"].sum()),
                      action="kept_outside_journey", example=example)


def normal_step(step: str) -> str:
    """Steps compare without case and surrounding spaces (``Product `` is ``product``)."""
    return step.strip().lower()


def describe_repair(repair: Repair, lang: str | None = None) -> str:
    """One sentence saying what was repaired and how, in *lang*."""
    return t(f"journey.repair.{repair.kind}", lang, rows=repair.rows,
             example=repair.example or "-")


def sorted_repairs(repairs: Iterable[Repair | None]) -> list[Repair]:
    order = ("no_timestamp", "time_zone", "duplicate_event", "out_of_order", "unknown_step")
    return sorted((r for r in repairs if r is not None), key=lambda r: order.index(r.kind))
