"""Issue 16, point 3: every limit is a named setting, tested at and just past it.

``[settings.web]`` max_body_bytes (with and without a Content-Length: a chunked body is
counted as it arrives), max_upload_bytes (a persona picture), max_assign_records (one API
assign call) and session_hours (a session ends); login attempts are tested in
test_web_lockout.py, the text-import limits in test_texts_import.py.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import tomlkit
from fastapi import FastAPI

from personakit.access import create_token
from personakit.track import current_personas, get_persona
from personakit.workspace import Workspace
from tests._webapp import RoleClient, a_customer_key, cheap_hashing, client_for, copy_ws, template

BODY = 40_000
UPLOAD = 5_000
RECORDS = 3
SESSION_SECONDS = 2.0
PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def limited(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    """The demo workspace with small limits in its personakit.toml."""
    with cheap_hashing():
        ws = copy_ws(template(tmp_path_factory), tmp_path_factory.mktemp("limits") / "ws")
        ws.close()
        doc = tomlkit.parse(ws.config_path.read_text(encoding="utf-8"))
        settings = doc.setdefault("settings", tomlkit.table())
        settings["web"] = {"max_body_bytes": BODY, "max_upload_bytes": UPLOAD,
                           "max_assign_records": RECORDS,
                           "session_hours": SESSION_SECONDS / 3600}
        ws.config_path.write_text(tomlkit.dumps(doc), encoding="utf-8")
        opened = Workspace.open(Path(ws.root))
        yield opened
        opened.close()


@pytest.fixture(scope="module")
def limited_app(limited: Workspace) -> FastAPI:
    from personakit.web import create_app

    return create_app(limited)


@pytest.fixture(scope="module")
def token(limited: Workspace) -> str:
    secret, _ = create_token(limited, "crm-limits", "api")
    return secret


def _assign(client: RoleClient, token: str, body: bytes | Iterator[bytes]) -> int:
    response = client.post("/api/v1/assign", content=body,
                           headers={"Authorization": f"Bearer {token}",
                                    "Content-Type": "application/json"})
    return int(response.status_code)


def _records(ws: Workspace, n: int, pad: int = 0) -> bytes:
    keys = [a_customer_key(ws, i) for i in range(n)]
    records = ",".join(f'{{"klantnummer": "{k}"}}' for k in keys)
    return (f'{{"records": [{records}]' + " " * pad + "}").encode()


def test_a_body_at_the_limit_is_read_and_one_byte_more_is_413(limited_app: FastAPI,
                                                               limited: Workspace,
                                                               token: str) -> None:
    client = client_for(limited_app)
    small = _records(limited, 1)
    at_limit = _records(limited, 1, pad=BODY - len(small))
    assert len(at_limit) == BODY
    assert _assign(client, token, at_limit) == 200
    assert _assign(client, token, at_limit + b" ") == 413


def test_a_chunked_body_without_length_is_counted_as_it_arrives(limited_app: FastAPI,
                                                                 limited: Workspace,
                                                                 token: str) -> None:
    client = client_for(limited_app)
    small = _records(limited, 1)

    def chunks(total: int) -> Iterator[bytes]:
        body = _records(limited, 1, pad=total - len(small))
        for start in range(0, len(body), 4096):
            yield body[start:start + 4096]

    assert _assign(client, token, chunks(BODY)) == 200
    response = client.post("/api/v1/assign", content=chunks(BODY + 10_000),
                           headers={"Authorization": f"Bearer {token}",
                                    "Content-Type": "application/json"})
    assert "content-length" not in response.request.headers  # really sent in chunks
    assert response.status_code == 413
    assert response.json()["error"] == 413


def test_records_per_assign_call_at_and_past_the_limit(limited_app: FastAPI,
                                                       limited: Workspace, token: str) -> None:
    client = client_for(limited_app)
    assert _assign(client, token, _records(limited, RECORDS)) == 200
    assert _assign(client, token, _records(limited, RECORDS + 1)) == 413


def test_a_picture_at_the_limit_is_kept_and_one_byte_more_refused(limited_app: FastAPI,
                                                                  limited: Workspace) -> None:
    with cheap_hashing():
        editor = client_for(limited_app, "editor")
    persona = current_personas(limited)[0]

    def upload(data: bytes, base: int) -> int:
        response = editor.post(f"/personas/{persona.id}/picture",
                               data={"csrf": editor.csrf, "base_revision": str(base)},
                               files={"picture": ("p.png", data, "image/png")},
                               follow_redirects=False)
        return int(response.status_code)

    too_big = PNG + b"0" * (UPLOAD + 1 - len(PNG))
    assert upload(too_big, persona.revision) == 400
    assert get_persona(limited, persona.id).revision == persona.revision
    at_limit = PNG + b"0" * (UPLOAD - len(PNG))
    assert upload(at_limit, persona.revision) == 303
    saved = get_persona(limited, persona.id)
    assert saved.revision == persona.revision + 1 and saved.picture is not None


def test_a_session_ends_after_session_hours(limited_app: FastAPI) -> None:
    with cheap_hashing():
        viewer = client_for(limited_app, "viewer")
    assert viewer.get("/", follow_redirects=False).status_code == 200
    time.sleep(SESSION_SECONDS + 0.5)
    response = viewer.get("/", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/login"
