"""Shared pieces of the access and web tests: a demo workspace with users, and clients.

The demo workspace (real import, segmentation and personas of the sample organisation) is
built once per test session and copied for each module that needs one; users get cheap
argon2 parameters so that logging in does not dominate the run time.
"""

from __future__ import annotations

import re
import shutil
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from fastapi import FastAPI

from personakit.workspace import Workspace

with warnings.catch_warnings():
    # Starlette prefers httpx2 for its test client; httpx is what we have and it works.
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

__all__ = ["PASSWORD", "ROLES", "RoleClient", "TestClient", "a_customer_key", "app",
           "build_template", "cheap_hashing", "client_for", "copy_ws", "csrf_of", "login",
           "template", "web_ws"]

ROLES = ("admin", "analyst", "editor", "viewer", "caseworker")
PASSWORD = "correct horse battery"
CUSTOMERS = 800


@contextmanager
def cheap_hashing() -> Iterator[None]:
    """argon2 with tiny costs: the hashes still verify, a login costs a millisecond."""
    from personakit.access import _users

    saved = _users.HASHER
    _users.HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    try:
        yield
    finally:
        _users.HASHER = saved


def build_template(root: Path) -> Path:
    from personakit.access import add_user
    from personakit.pipeline import run_demo

    run_demo(root, customers=CUSTOMERS, seed=7, language="en", formats=())
    with Workspace.open(root) as ws:
        for role in ROLES:
            add_user(ws, role, PASSWORD, role, language="en")
    return root


def copy_ws(template: Path, target: Path) -> Workspace:
    shutil.copytree(template, target, ignore=shutil.ignore_patterns("sample-data"))
    return Workspace.open(target)


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "no CSRF field on the page"
    return found.group(1)


def login(client: TestClient, user: str, password: str = PASSWORD) -> str:
    """Log in; returns the session's CSRF token (from the page after login)."""
    page = client.get("/login")
    response = client.post("/login", data={"username": user, "password": password,
                                           "csrf": csrf_of(page.text)},
                           follow_redirects=False)
    assert response.status_code == 303, response.text
    return csrf_of(client.get("/").text)


_TEMPLATE: list[Path] = []


def template(factory: pytest.TempPathFactory) -> Path:
    """The demo workspace with users, built once per session."""
    if not _TEMPLATE:
        with cheap_hashing():
            _TEMPLATE.append(build_template(factory.mktemp("web-template") / "ws"))
    return _TEMPLATE[0]


@pytest.fixture(scope="module")
def web_ws(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    """A private copy of the demo workspace for one test module."""
    with cheap_hashing():
        ws = copy_ws(template(tmp_path_factory), tmp_path_factory.mktemp("web") / "ws")
        yield ws
        ws.close()


@pytest.fixture(scope="module")
def app(web_ws: Workspace) -> FastAPI:
    from personakit.web import create_app

    return create_app(web_ws)


class RoleClient(TestClient):
    """A test client logged in as one role; ``csrf`` is its session's token."""

    csrf: str = ""


def client_for(app: FastAPI, role: str | None = None) -> RoleClient:
    client = RoleClient(app, raise_server_exceptions=False)
    if role is not None:
        client.csrf = login(client, role)
    return client


def a_customer_key(ws: Workspace, index: int = 0) -> str:
    """The key of a real customer of the demo workspace's CRM."""
    from personakit.ingest import load_source

    return str(load_source(ws, "crm")["klantnummer"].iloc[index])
