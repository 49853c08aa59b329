"""The web server's logs without personal data (issue 16, point 5).

uvicorn's access log writes every request line, and two of them name a person: the API
lookup ``/api/v1/people/KEY`` and the web lookup ``/lookup?key=KEY``. The filter here
replaces the key by "…" in every record of the server's loggers; who looked whom up is in
the audit log, which is where it belongs (sealed, erasable).
"""

from __future__ import annotations

import copy
import logging
import re
from typing import Any

PERSONAL = re.compile(r"(/api/v1/people/)[^/?#\s\"]+|([?&]key=)[^&#\s\"]*")


def redact_path(text: str) -> str:
    """*text* with the person's key of a lookup path replaced by "…"."""
    return PERSONAL.sub(lambda m: (m.group(1) or m.group(2)) + "…", text)


class RedactPeople(logging.Filter):
    """Removes lookup keys from a record's message and arguments (never drops a record)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = redact_path(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(redact_path(a) if isinstance(a, str) else a
                                for a in record.args)
        return True


def log_config() -> dict[str, Any]:
    """uvicorn's own logging configuration with :class:`RedactPeople` on every handler."""
    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config.setdefault("filters", {})["redact_people"] = {
        "()": "personakit.web._logging.RedactPeople"}
    for handler in config.get("handlers", {}).values():
        handler.setdefault("filters", []).append("redact_people")
    return config
