"""The erasure register: which people were erased, without their keys (issue 16).

``erase_person`` records the salted SHA-256 of the erased key (the salt is the workspace's
own, random, kept in ``workspace_meta``), never the key. A backup carries the register;
``restore`` applies it, and the register of the workspace being replaced, to the restored
data: anyone whose key hashes to a registered digest is erased again, so an erasure made
after a backup also reaches what restoring that backup brings back.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime

from pydantic import BaseModel, Field
from sqlalchemy import Connection, insert, select

from personakit.store.tables import erasures, workspace_meta
from personakit.workspace import Workspace

SALT = "erasure_salt"


class ErasureRegister(BaseModel):
    salt: str
    digests: dict[str, str] = Field(default_factory=dict)  # digest -> erasure reference


def _salt(con: Connection) -> str:
    found = con.execute(select(workspace_meta.c.value)
                        .where(workspace_meta.c.name == SALT)).scalar()
    if found is not None:
        return str(found)
    salt = secrets.token_hex(16)
    con.execute(insert(workspace_meta).values(name=SALT, value=salt))
    return salt


def key_digest(salt: str, key: str) -> str:
    return hashlib.sha256(f"{salt}:{key.strip()}".encode()).hexdigest()


def record_erasure(con: Connection, key: str, reference: str) -> None:
    """Register the erasure of *key* inside the erasure's own transaction."""
    con.execute(insert(erasures).values(reference=reference,
                                        digest=key_digest(_salt(con), key),
                                        at=datetime.now(UTC)))


def erasure_register(ws: Workspace) -> ErasureRegister:
    with ws.engine.begin() as con:
        salt = _salt(con)
        rows = con.execute(select(erasures.c.digest, erasures.c.reference)).all()
    return ErasureRegister(salt=salt, digests={r.digest: r.reference for r in rows})


def _keys(ws: Workspace) -> set[str]:
    from personakit.ingest import load_source
    from personakit.ingest._link import _key_text, link_columns

    found: set[str] = set()
    for source, column in link_columns(ws).items():
        frame = load_source(ws, source)
        if column in frame.columns:
            found |= set(_key_text(frame[column]).dropna())
    return found


def apply_register(ws: Workspace, register: ErasureRegister, *, actor: str) -> list[str]:
    """Erase everyone in *ws* whose key is in *register*; the references applied."""
    from personakit.erasure import erase_person
    from personakit.errors import InputError

    if not register.digests:
        return []
    applied = []
    for key in sorted(_keys(ws)):
        reference = register.digests.get(key_digest(register.salt, key))
        if reference is None:
            continue
        try:
            erase_person(ws, key, actor=actor)
        except InputError:  # nothing left of them here
            continue
        applied.append(reference)
    return applied
