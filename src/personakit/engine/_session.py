"""The Spark session: started from ``[settings.engine]``, with a clear message when it cannot."""

from __future__ import annotations

import os
import socket
import sys
from typing import TYPE_CHECKING
from urllib.parse import urlparse

from personakit.engine._settings import EngineSettings
from personakit.errors import ConfigError

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

# A standalone master that does not answer is retried by Spark for about a minute before it
# gives up; a TCP probe first turns that into a message within seconds.
PROBE_SECONDS = 5.0


def spark_session(settings: EngineSettings) -> SparkSession:
    """The active session, or a new one on ``settings.master``."""
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:
        raise ConfigError("engine.error.no_pyspark") from exc
    active = SparkSession.getActiveSession()
    if active is not None:
        return active
    master = settings.master.strip()
    if master:
        probe_master(master)
    # Executors in local mode must run this interpreter (it has personakit installed).
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = SparkSession.builder.appName(settings.app_name)
    if master:
        builder = builder.master(master)
    conf = {
        "spark.sql.execution.arrow.pyspark.enabled": "true",
        "spark.sql.execution.arrow.maxRecordsPerBatch": str(settings.batch_rows),
        "spark.sql.session.timeZone": "UTC",
        "spark.ui.showConsoleProgress": "false",
        **settings.spark_conf,
    }
    for name, value in conf.items():
        builder = builder.config(name, value)
    try:
        session = builder.getOrCreate()
    except Exception as exc:  # pyspark raises several unrelated types (Java, Py4J, runtime)
        raise ConfigError("engine.error.master", master=master or "-",
                          detail=_first_line(exc)) from exc
    session.sparkContext.setLogLevel("ERROR")
    return session


def probe_master(master: str) -> None:
    """Fail fast when a ``spark://host:port`` master cannot be reached."""
    if not master.startswith("spark://"):
        return
    for address in master[len("spark://"):].split(","):
        parsed = urlparse(f"//{address}")
        try:
            with socket.create_connection((parsed.hostname or "", parsed.port or 7077),
                                          timeout=PROBE_SECONDS):
                return
        except OSError as exc:
            last = exc
    raise ConfigError("engine.error.master", master=master, detail=_first_line(last))


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
