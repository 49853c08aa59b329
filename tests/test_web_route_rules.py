"""Permissions at every door, generated from the route table (issue 16): every route names
its rule (a permission, or "logged in"), or is on the short public list below; a new
route without a rule fails here. For every page without path parameters, each role gets in
exactly when its permission allows it."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute

from personakit.access import Permission, can
from personakit.web._context import LOGGED_IN
from tests._webapp import ROLES, app, client_for, web_ws

__all__ = ["app", "web_ws"]

# Reachable without an account, on purpose: logging in, and the questionnaire links (a
# signed token in the path is their key), and the API's own description.
PUBLIC = {
    ("GET", "/login"), ("POST", "/login"), ("GET", "/login/language/{lang}"),
    ("GET", "/r/{token}"), ("POST", "/r/{token}"),
    ("GET", "/docs"),  # the API's documentation page: no data
}


def _rules(call: Any, dependencies: Any) -> set[str]:
    found: set[str] = set()
    rule = getattr(call, "permission", None)
    if rule is not None:
        found.add(rule.value if isinstance(rule, Permission) else str(rule))
    for dependency in dependencies:
        found |= _rules(dependency.call, dependency.dependencies)
    return found


def _routes(routes: list[Any]) -> list[APIRoute]:
    """Every API route, also inside included routers (FastAPI keeps those wrapped)."""
    found = []
    for route in routes:
        if isinstance(route, APIRoute):
            found.append(route)
        elif hasattr(route, "original_router"):
            found += _routes(route.original_router.routes)
    return found


def route_table(application: FastAPI) -> dict[tuple[str, str], set[str]]:
    """(method, path) -> the rules its dependencies name."""
    table = {}
    for route in _routes(application.routes):
        for method in route.methods or ():
            table[(method, route.path)] = _rules(route.endpoint, route.dependant.dependencies)
    return table


def test_every_route_names_its_rule(app: FastAPI) -> None:
    table = route_table(app)
    assert len(table) > 40
    missing = sorted(key for key, rules in table.items() if not rules and key not in PUBLIC)
    assert not missing, f"routes without a permission rule: {missing}"
    # The list stays honest: every entry is a route, and none has grown a rule.
    assert PUBLIC <= set(table)
    assert not [key for key in PUBLIC if table[key]]


def _pages(app: FastAPI) -> list[tuple[str, str]]:
    return sorted((path, next(iter(rules))) for (method, path), rules
                  in route_table(app).items()
                  if method == "GET" and "{" not in path and not path.startswith("/api/")
                  and len(rules) == 1)


@pytest.mark.parametrize("role", ROLES)
def test_each_role_reaches_exactly_the_pages_its_permissions_allow(app: FastAPI,
                                                                   role: str) -> None:
    client = client_for(app, role)
    wrong = []
    for path, rule in _pages(app):
        status = client.get(path, follow_redirects=False).status_code
        allowed = rule == LOGGED_IN or can(role, Permission(rule))
        if allowed and status in (401, 403) or not allowed and status != 403:
            wrong.append((path, rule, status))
    assert not wrong, wrong
