"""Roles and what each may do: one explicit permission table, checked everywhere."""

from __future__ import annotations

from enum import StrEnum

from personakit.errors import PersonakitError


class Role(StrEnum):
    """A user's role; the permission table below says what it allows."""

    ADMIN = "admin"
    ANALYST = "analyst"
    EDITOR = "editor"
    VIEWER = "viewer"
    CASEWORKER = "caseworker"


class Permission(StrEnum):
    VIEW_PERSONAS = "personas.view"
    VIEW_VERSIONS = "versions.view"
    EDIT_PERSONAS = "personas.edit"
    BUILD = "personas.build"
    VIEW_EXPLORER = "explorer.view"
    LOOKUP_PERSON = "person.lookup"
    ERASE_PERSON = "person.erase"
    MANAGE_USERS = "users.manage"
    MANAGE_TOKENS = "tokens.manage"
    VIEW_AUDIT = "audit.view"
    ASSIGN = "records.assign"
    # Issue 13: validation rounds (start, links, results, close, apply comments) ...
    VALIDATE = "validation.manage"
    # ... KPI trends, the PDCA log, drift status and the anti-pattern panel (read) ...
    VIEW_STEER = "steer.view"
    # ... and acting on them (drift checks, the review gate, planning and checking actions).
    STEER = "steer.manage"
    # Issue 11: the redacted texts and their themes (read), coding them and renaming or
    # merging tags and themes, and the original (unredacted) documents (admins only).
    VIEW_TEXTS = "texts.view"
    CODE_TEXTS = "texts.code"
    READ_ORIGINALS = "texts.originals"


P = Permission
# Personal data (LOOKUP_PERSON) is for case workers and admins only: a viewer sees personas,
# never an individual (issue 5). Analysts see aggregates (explorer), not individuals.
# Texts are shown redacted only; the original documents are for admins (issue 11).
PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.VIEWER: frozenset({P.VIEW_PERSONAS, P.VIEW_VERSIONS, P.VIEW_STEER, P.VIEW_TEXTS}),
    Role.CASEWORKER: frozenset({P.VIEW_PERSONAS, P.LOOKUP_PERSON}),
    Role.EDITOR: frozenset({P.VIEW_PERSONAS, P.VIEW_VERSIONS, P.EDIT_PERSONAS, P.VIEW_STEER,
                            P.VIEW_TEXTS, P.CODE_TEXTS}),
    Role.ANALYST: frozenset({P.VIEW_PERSONAS, P.VIEW_VERSIONS, P.EDIT_PERSONAS, P.BUILD,
                             P.VIEW_EXPLORER, P.ASSIGN, P.VALIDATE, P.VIEW_STEER, P.STEER,
                             P.VIEW_TEXTS, P.CODE_TEXTS}),
    Role.ADMIN: frozenset(Permission),
}


class AccessDenied(PersonakitError):
    """The actor's role does not allow the action."""


def parse_role(value: str) -> Role:
    """*value* as a role, or an error naming the roles there are."""
    try:
        return Role(value.strip().lower())
    except ValueError as exc:
        raise PersonakitError("access.error.unknown_role", role=value,
                              roles=", ".join(r.value for r in Role)) from exc


def can(role: Role | str, permission: Permission) -> bool:
    """Whether *role* may do *permission* (an unknown role may do nothing)."""
    try:
        return permission in PERMISSIONS[Role(role)]
    except ValueError:
        return False


def require(role: Role | str, permission: Permission, *, actor: str = "") -> None:
    """Raise :class:`AccessDenied` unless *role* may do *permission*."""
    if not can(role, permission):
        raise AccessDenied("access.error.denied", actor=actor, role=str(role),
                           permission=permission.value)
