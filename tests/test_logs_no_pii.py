"""Issue 16, point 5: logs hold no personal data.

One person's e-mail address, phone number, BSN, IBAN and name are planted in a CRM export
and in their chat line; the whole path runs with every logger at DEBUG — import, linking,
segmentation, themes, personas, a report, the web app (a login, a lookup of that person
by a caseworker's token, a refused call) and their erasure — and no log record, message or
traceback, holds any of them.
"""

from __future__ import annotations

import logging
import random
from pathlib import Path

import pytest

from personakit.access import add_user, create_token
from personakit.erasure import erase_person
from personakit.ingest import import_file
from personakit.persona import build_personas
from personakit.report import render
from personakit.segment import segment_workspace
from personakit.texts import refresh_themes
from personakit.workspace import Workspace
from tests._webapp import cheap_hashing, client_for, login

KEY = "7700123"
MARKERS = ("planted.marker@voorbeeld.nl", "0612345678", "111222333",
           "NL91ABNA0417164300", "Gerrit Plantinga")
CHANNELS = ("app", "telefoon", "balie")
SAID = ("De app werkt prima en snel.", "Lang gewacht aan de telefoon.",
        "Fijn geholpen aan de balie.")


def _export(tmp: Path) -> tuple[Path, Path]:
    rng = random.Random(5)
    rows = ["klantnummer;naam;email;telefoon;bsn;iban;leeftijd;app_gebruik;kanaal"]
    for i in range(300):
        group = i % 3
        age = 25 + 20 * group + rng.randint(0, 9)
        use = [20, 6, 1][group] + rng.randint(0, 3)
        rows.append(f"{1000 + i};Klant {i};k{i}@voorbeeld.nl;;;;{age};{use};{CHANNELS[group]}")
    rows.append(f"{KEY};Gerrit Plantinga;planted.marker@voorbeeld.nl;0612345678;111222333;"
                "NL91ABNA0417164300;44;7;app")
    crm = tmp / "crm.csv"
    crm.write_text("\n".join(rows) + "\n", encoding="utf-8")
    lines = ["klantnummer;bericht"]
    lines += [f"{1000 + i};{SAID[i % 3]}" for i in range(300)]
    lines.append(f"{KEY};Ik ben Gerrit Plantinga, mail me op planted.marker@voorbeeld.nl of "
                 "bel 0612345678, BSN 111222333, rekening NL91ABNA0417164300.")
    chats = tmp / "chats.csv"
    chats.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return crm, chats


def test_no_log_record_holds_personal_data(tmp_path: Path,
                                           caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)  # the root logger: every library's records too
    crm, chats = _export(tmp_path)
    ws = Workspace.init(tmp_path / "ws", language="nl")
    import_file(ws, crm, key="klantnummer")
    import_file(ws, chats, link="klantnummer", kind="chat")
    segmentation = segment_workspace(ws, k=3)
    refresh_themes(ws, segmentation=segmentation)
    build_personas(ws, segmentation)
    render(ws, "md", lang="nl", out=tmp_path / "report.md")
    from personakit.web import create_app

    with cheap_hashing():
        add_user(ws, "admin", "correct horse battery", "admin", language="nl")
        client = client_for(create_app(ws))
        login(client, "admin", "correct horse battery")
    secret, _ = create_token(ws, "desk", "caseworker")
    looked = client.get(f"/api/v1/people/{KEY}", headers={"Authorization": f"Bearer {secret}"})
    assert looked.status_code == 200 and "Plantinga" in looked.text  # the lookup did run
    refused = client.get(f"/api/v1/people/{KEY}", headers={"Authorization": "Bearer nope"})
    assert refused.status_code == 401
    erase_person(ws, KEY, actor="admin")
    ws.close()
    # The test client's own request log (httpx) is the caller's side, not the app's.
    records = [r for r in caplog.records if not r.name.startswith("httpx")]
    assert records
    logged = "\n".join(f"{r.name} {r.getMessage()} {r.exc_text or ''}" for r in records)
    for marker in (*MARKERS, KEY):
        assert marker not in logged, marker


def test_the_server_access_log_names_no_one() -> None:
    # What uvicorn's access logger writes for the two lookups, through the filter that
    # `personakit serve` puts on every handler: the key is gone, the rest of the line stays.
    from personakit.web._logging import RedactPeople, log_config

    config = log_config()
    assert config["filters"]["redact_people"]["()"] == "personakit.web._logging.RedactPeople"
    assert all("redact_people" in h["filters"] for h in config["handlers"].values())
    lines = []
    for path in (f"/api/v1/people/{KEY}", f"/lookup?key={KEY}&lang=nl", "/personas/default-1"):
        record = logging.LogRecord("uvicorn.access", logging.INFO, __file__, 1,
                                   '%s - "%s %s HTTP/%s" %d',
                                   ("127.0.0.1:5000", "GET", path, "1.1", 200), None)
        assert RedactPeople().filter(record)
        lines.append(record.getMessage())
    assert lines == ['127.0.0.1:5000 - "GET /api/v1/people/… HTTP/1.1" 200',
                     '127.0.0.1:5000 - "GET /lookup?key=…&lang=nl HTTP/1.1" 200',
                     '127.0.0.1:5000 - "GET /personas/default-1 HTTP/1.1" 200']
