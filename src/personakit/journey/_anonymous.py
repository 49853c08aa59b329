"""Who each session is: a persona for logged-in and for anonymous sessions.

1. A session with a customer key gets the customer's persona (:func:`persona_of_keys`).
2. An anonymous session from a browser that was logged in on another visit (same visitor
   id) gets that customer's persona; a browser shared by several customers counts as the
   one it was logged in with most often (ties: the lowest key).
3. The other anonymous sessions get the persona their behaviour resembles most: a
   multinomial logistic regression on entry source, device, hour of day, weekday, depth
   reached, number of events and duration, learnt from the logged-in sessions. Before it
   assigns anything it is tested on a seeded fifth of those sessions it did not learn
   from (``holdout_accuracy``, beside the share a guess of the largest persona gets
   right). A session whose best probability stays below ``min_posterior`` is left
   unassigned: better no persona than a coin toss.

The sessions live in the DuckDB table ``_sessions`` (see :mod:`personakit.journey._funnel`);
this module fills in its columns ``persona``, ``how`` (``key``, ``visitor``, ``behaviour``
or ``""``), ``customer`` and ``posterior``. Which logged-in sessions train and which test
the model is decided by a hash of the session id and the workspace's seed, so neither the
order of the export nor the machine changes the result.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from personakit.errors import WorkspaceError
from personakit.journey._model import SessionAssignment
from personakit.journey._settings import JourneySettings
from personakit.workspace import Workspace

CATEGORIES = ("entry", "device", "hour", "weekday", "depth")
NUMBERS = ("log_events", "log_seconds")
FEATURES = 'session, entry, device, start, "end", events, depth'
SECONDS_PER_DAY = 86_400
EPOCH_WEEKDAY = 3  # 1970-01-01 was a Thursday: weekday 0 is Monday
HASH_BUCKETS = 1_000_000


def personas_of(ws: Workspace, keys: pd.Series, build_id: int | None
                ) -> tuple[pd.DataFrame, dict[str, str], int]:
    """Persona per key (``key, persona``; keys without one left out), persona names and
    the build id. No personas yet and no build asked for: nobody has one (build 0)."""
    from personakit.steer import persona_of_keys

    try:
        wanted = assignable(ws, keys, build_id)
        persona, names, build = persona_of_keys(ws, wanted, build_id)
    except WorkspaceError as exc:
        if build_id is None and exc.key == "track.error.unknown_version":
            return pd.DataFrame({"key": [], "persona": []}, dtype=object), {}, 0
        raise
    table = pd.DataFrame({"key": wanted.to_numpy(dtype=object),
                          "persona": persona.to_numpy(dtype=object)})
    return table[table["persona"].notna()].astype(str), names, build


def assignable(ws: Workspace, keys: pd.Series, build_id: int | None) -> pd.Series:
    """The keys a persona can be found for: members of the build's segmentation, and
    customers of the base source (the CRM) who joined since.

    Any other key (a customer no longer in the CRM, a typing error) would make
    :func:`persona_of_keys` link every source, this event export included, to find
    nothing: 35 s and 3 GB on a 10-million-event export for one stale key.
    """
    import pyarrow.parquet as pq

    from personakit.ingest._link import _choose_base, _key_text, _Sources
    from personakit.ingest._sources import source_names
    from personakit.segment import profile_members
    from personakit.track import get_version

    version = get_version(ws, build_id)
    known = set(_key_text(profile_members(ws, version.segmentation_id)["key"]).dropna())
    src = _Sources(ws, source_names(ws))
    base = _choose_base(src, None)
    column = src.key(base) if base is not None else None
    if base is not None and column is not None:
        table = pq.read_table(ws.root / src.snapshots[base].path, columns=[column])
        known |= set(_key_text(pd.Series(table.column(0).to_pandas())).dropna())
    text = _key_text(keys)
    return pd.Series(keys[text.isin(known).to_numpy()].to_numpy(dtype=object), dtype=object)


def _register(con: duckdb.DuckDBPyConnection, name: str, frame: pd.DataFrame) -> None:
    con.register(f"{name}_frame", frame)
    con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT * FROM {name}_frame")
    con.unregister(f"{name}_frame")


def by_key_and_visitor(con: duckdb.DuckDBPyConnection, of_key: pd.DataFrame) -> None:
    """Steps 1 and 2: the customer's persona, for their sessions and their browser's."""
    _register(con, "_key_persona", of_key)
    # A browser seen logged in: the customer it was logged in with most often.
    con.execute(
        "CREATE OR REPLACE TEMP TABLE _browser AS SELECT visitor, "
        "arg_min(key, {'n': -n, 'k': key}) AS customer FROM (SELECT visitor, key, "
        "count(*) AS n FROM _sessions WHERE key IS NOT NULL AND visitor IS NOT NULL "
        "GROUP BY visitor, key) GROUP BY visitor")
    con.execute(
        "UPDATE _sessions SET persona = k.persona, how = 'key' FROM _key_persona k "
        "WHERE _sessions.key = k.key")
    con.execute(
        "UPDATE _sessions SET persona = k.persona, how = 'visitor', customer = b.customer "
        "FROM _browser b JOIN _key_persona k ON b.customer = k.key "
        "WHERE _sessions.key IS NULL AND _sessions.visitor = b.visitor")


def behaviour_features(sessions: pd.DataFrame) -> pd.DataFrame:
    """What the behaviour model sees of a session (``start``/``end`` in epoch seconds)."""
    start = sessions["start"].to_numpy(dtype=float)
    days = np.floor(start / SECONDS_PER_DAY)
    seconds = np.clip(sessions["end"].to_numpy(dtype=float) - start, 0, None)

    def text(name: str) -> np.ndarray:
        values = sessions[name].astype(object)
        return values.where(values.notna(), "").astype(str).to_numpy()

    return pd.DataFrame({
        "entry": text("entry"), "device": text("device"),
        "hour": ((start - days * SECONDS_PER_DAY) // 3600).astype(int).astype(str),
        "weekday": ((days + EPOCH_WEEKDAY) % 7).astype(int).astype(str),
        "depth": sessions["depth"].to_numpy(dtype=int).astype(str),
        "log_events": np.log1p(sessions["events"].to_numpy(dtype=float)),
        "log_seconds": np.log1p(seconds),
    })


def behaviour_model() -> Pipeline:
    encode = ColumnTransformer([
        ("categories", OneHotEncoder(handle_unknown="ignore"), list(CATEGORIES)),
        ("numbers", StandardScaler(), list(NUMBERS)),
    ])
    return Pipeline([("encode", encode), ("model", LogisticRegression(max_iter=1000))])


@dataclass
class BehaviourFit:
    """The behaviour model and how far to trust it."""

    model: Pipeline | None
    holdout_sessions: int = 0
    holdout_accuracy: float | None = None
    baseline_accuracy: float | None = None
    assigned_accuracy: float | None = None


def linked_sample(con: duckdb.DuckDBPyConnection, settings: JourneySettings
                  ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(training, holdout) logged-in sessions with a persona: the seeded hash of the
    session id (``bucket``) decides the side, each side capped (lowest hashes first)."""
    cut = int(round(settings.holdout_share * HASH_BUCKETS))
    share = settings.holdout_share / (1 - settings.holdout_share)
    limits = (settings.max_training_sessions,
              max(1, int(settings.max_training_sessions * share)))
    sides = []
    for test, limit in zip(("NOT", ""), limits, strict=True):
        sides.append(con.execute(
            f"SELECT {FEATURES}, persona, bucket FROM _sessions "
            f"WHERE how = 'key' AND {test} (bucket < {cut}) "
            f"ORDER BY bucket, session LIMIT {int(limit)}").df())
    return sides[0], sides[1]


def fit_behaviour(train: pd.DataFrame, holdout: pd.DataFrame, settings: JourneySettings,
                  minimum: int) -> BehaviourFit:
    """Learn persona from behaviour on *train*; test it on *holdout*."""
    labels = train["persona"].astype(str).to_numpy()
    if len(np.unique(labels)) < 2 or len(labels) < minimum:
        return BehaviourFit(model=None)
    model = behaviour_model().fit(behaviour_features(train), labels)
    test = holdout["persona"].astype(str).to_numpy()
    fit = BehaviourFit(model=model, holdout_sessions=len(test))
    if len(test) < minimum:
        return fit  # too few to say how far to trust it
    proba = model.predict_proba(behaviour_features(holdout))
    guess = model.classes_[proba.argmax(axis=1)]
    fit.holdout_accuracy = round(float((guess == test).mean()), 6)
    levels, counts = np.unique(labels, return_counts=True)
    fit.baseline_accuracy = round(float((test == levels[counts.argmax()]).mean()), 6)
    sure = proba.max(axis=1) >= settings.min_posterior
    if sure.sum() >= minimum:
        fit.assigned_accuracy = round(float((guess[sure] == test[sure]).mean()), 6)
    return fit


def by_behaviour(con: duckdb.DuckDBPyConnection, fit: BehaviourFit,
                 settings: JourneySettings) -> None:
    """Step 3: the anonymous sessions left get the persona their behaviour resembles."""
    if fit.model is None:
        return
    rest = con.execute(f"SELECT {FEATURES} FROM _sessions WHERE how = '' AND key IS NULL "
                       "ORDER BY session").df()
    if rest.empty:
        return
    proba = fit.model.predict_proba(behaviour_features(rest))
    best = proba.max(axis=1)
    chosen = fit.model.classes_[proba.argmax(axis=1)].astype(str)
    sure = best >= settings.min_posterior
    _register(con, "_behaviour", pd.DataFrame({
        "session": rest["session"].astype(str).to_numpy(),
        "persona": np.where(sure, chosen, None), "posterior": best.round(6),
        "how": np.where(sure, "behaviour", "")}))
    con.execute(
        "UPDATE _sessions SET persona = b.persona, how = b.how, posterior = b.posterior "
        "FROM _behaviour b WHERE _sessions.session = b.session")


def assign_sessions(ws: Workspace, con: duckdb.DuckDBPyConnection,
                    settings: JourneySettings, *, build_id: int | None = None
                    ) -> tuple[SessionAssignment, dict[str, str], int]:
    """Fill in the persona of every session of ``_sessions`` (see the module's
    docstring); the counts, the persona names and the build id."""
    keys = con.execute("SELECT DISTINCT key FROM _sessions WHERE key IS NOT NULL "
                       "ORDER BY key").df()["key"]
    of_key, names, build = personas_of(ws, keys.astype(object), build_id)
    by_key_and_visitor(con, of_key)
    train, holdout = linked_sample(con, settings)
    fit = fit_behaviour(train, holdout, settings, ws.config.workspace.min_group_size)
    by_behaviour(con, fit, settings)
    counts = dict(con.execute("SELECT how, count(*) FROM _sessions GROUP BY how").fetchall())
    assignment = SessionAssignment(
        by_key=counts.get("key", 0), by_visitor=counts.get("visitor", 0),
        by_behaviour=counts.get("behaviour", 0), unassigned=counts.get("", 0),
        holdout_accuracy=fit.holdout_accuracy, holdout_sessions=fit.holdout_sessions,
        baseline_accuracy=fit.baseline_accuracy, assigned_accuracy=fit.assigned_accuracy,
        min_posterior=settings.min_posterior)
    return assignment, names, build
