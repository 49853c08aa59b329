"""``serve``, ``user add|list|remove|set-role`` and ``token create|list|revoke``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from personakit.cli import app
from personakit.cli._common import (
    JsonOpt,
    LangOpt,
    QuietOpt,
    WorkspaceOpt,
    h,
    handle_errors,
    open_workspace,
)
from personakit.errors import InputError
from personakit.i18n import t

user_app = typer.Typer(help=h("cli.user.help"), no_args_is_help=True)
token_app = typer.Typer(help=h("cli.token.help"), no_args_is_help=True)
app.add_typer(user_app, name="user")
app.add_typer(token_app, name="token")
RoleOpt = Annotated[str, typer.Option("--role", "-r", help=h("cli.user.opt.role"))]


@app.command("serve", help=h("cli.serve.help"))
@handle_errors
def serve_command(
    host: Annotated[str, typer.Option("--host", help=h("cli.serve.opt.host"))] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help=h("cli.serve.opt.port"))] = 8000,
    workspace: WorkspaceOpt = Path("."),
    lang: LangOpt = None,
    quiet: QuietOpt = False,
) -> None:
    import uvicorn

    from personakit.access import list_users
    from personakit.web import create_app
    from personakit.web._logging import log_config

    out, ws = open_workspace(lang, quiet, False, workspace)
    if not list_users(ws):
        out.say(t("cli.serve.no_users", workspace=ws.root))
    out.say(t("cli.serve.running", url=f"http://{host}:{port}", workspace=ws.root))
    uvicorn.run(create_app(ws), host=host, port=port, log_level="warning" if quiet else "info",
                proxy_headers=True, server_header=False, log_config=log_config())


def _password(from_stdin: bool) -> str:
    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise InputError("access.error.empty_password")
        return password
    first = typer.prompt(t("cli.user.prompt"), hide_input=True)
    if typer.prompt(t("cli.user.prompt_again"), hide_input=True) != first:
        raise InputError("access.error.passwords_differ")
    return str(first)


@user_app.command("add", help=h("cli.user.add.help"))
@handle_errors
def user_add(
    name: Annotated[str, typer.Argument(help=h("cli.user.arg.name"))],
    role: RoleOpt = "viewer",
    password_stdin: Annotated[bool, typer.Option(
        "--password-stdin", help=h("cli.user.opt.password_stdin"))] = False,
    language: Annotated[str | None, typer.Option(
        "--language", help=h("cli.user.opt.language"))] = None,
    workspace: WorkspaceOpt = Path("."),
    lang: LangOpt = None,
    quiet: QuietOpt = False,
    as_json: JsonOpt = False,
) -> None:
    from personakit.access import add_user, parse_role

    out, ws = open_workspace(lang, quiet, as_json, workspace)
    parse_role(role)  # before asking for a password
    with ws:
        user = add_user(ws, name, _password(password_stdin), role, language=language)
    out.result({"user": user.username, "role": user.role.value, "language": user.language},
               lambda: out.say(t("cli.user.added", name=user.username, role=user.role.value)))


@user_app.command("list", help=h("cli.user.list.help"))
@handle_errors
def user_list(workspace: WorkspaceOpt = Path("."), lang: LangOpt = None,
              quiet: QuietOpt = False, as_json: JsonOpt = False) -> None:
    from personakit.access import list_users

    out, ws = open_workspace(lang, quiet, as_json, workspace)
    with ws:
        users = list_users(ws)

    def render() -> None:
        table = Table(t("cli.user.col.name"), t("cli.user.col.role"), t("cli.user.col.language"),
                      t("cli.user.col.created"))
        for u in users:
            table.add_row(u.username, u.role.value, u.language, f"{u.created_at:%Y-%m-%d}")
        out.console.print(table)

    out.result([{"user": u.username, "role": u.role.value, "language": u.language,
                 "created_at": u.created_at.isoformat()} for u in users], render)


@user_app.command("remove", help=h("cli.user.remove.help"))
@handle_errors
def user_remove(name: Annotated[str, typer.Argument(help=h("cli.user.arg.name"))],
                workspace: WorkspaceOpt = Path("."), lang: LangOpt = None,
                quiet: QuietOpt = False, as_json: JsonOpt = False) -> None:
    from personakit.access import remove_user

    out, ws = open_workspace(lang, quiet, as_json, workspace)
    with ws:
        remove_user(ws, name)
    out.result({"removed": name}, lambda: out.say(t("cli.user.removed", name=name)))


@user_app.command("set-role", help=h("cli.user.set_role.help"))
@handle_errors
def user_set_role(name: Annotated[str, typer.Argument(help=h("cli.user.arg.name"))],
                  role: Annotated[str, typer.Argument(help=h("cli.user.opt.role"))],
                  workspace: WorkspaceOpt = Path("."), lang: LangOpt = None,
                  quiet: QuietOpt = False, as_json: JsonOpt = False) -> None:
    from personakit.access import set_role

    out, ws = open_workspace(lang, quiet, as_json, workspace)
    with ws:
        user = set_role(ws, name, role)
    out.result({"user": user.username, "role": user.role.value},
               lambda: out.say(t("cli.user.role_set", name=user.username,
                                 role=user.role.value)))


@token_app.command("create", help=h("cli.token.create.help"))
@handle_errors
def token_create(
    name: Annotated[str, typer.Argument(help=h("cli.token.arg.name"))],
    scope: Annotated[str, typer.Option("--scope", help=h("cli.token.opt.scope"))] = "api",
    workspace: WorkspaceOpt = Path("."),
    lang: LangOpt = None,
    quiet: QuietOpt = False,
    as_json: JsonOpt = False,
) -> None:
    from personakit.access import create_token

    out, ws = open_workspace(lang, quiet, as_json, workspace)
    with ws:
        secret, token = create_token(ws, name, scope)

    def render() -> None:
        out.say(t("cli.token.created", name=token.name, scope=token.scope.value))
        # The secret is the point of the command: printed even with --quiet.
        out.console.print(secret, markup=False, highlight=False)

    if quiet and not as_json:
        out.console.print(secret, markup=False, highlight=False)
    out.result({"name": token.name, "scope": token.scope.value, "token": secret}, render)


@token_app.command("list", help=h("cli.token.list.help"))
@handle_errors
def token_list(workspace: WorkspaceOpt = Path("."), lang: LangOpt = None,
               quiet: QuietOpt = False, as_json: JsonOpt = False) -> None:
    from personakit.access import list_tokens

    out, ws = open_workspace(lang, quiet, as_json, workspace)
    with ws:
        tokens = list_tokens(ws)

    def render() -> None:
        table = Table(t("cli.token.col.name"), t("cli.token.col.scope"),
                      t("cli.token.col.created"), t("cli.token.col.revoked"))
        for tk in tokens:
            table.add_row(tk.name, tk.scope.value, f"{tk.created_at:%Y-%m-%d %H:%M}",
                          f"{tk.revoked_at:%Y-%m-%d %H:%M}" if tk.revoked_at else "-")
        out.console.print(table)

    out.result([{"name": tk.name, "scope": tk.scope.value,
                 "created_at": tk.created_at.isoformat(),
                 "revoked_at": tk.revoked_at.isoformat() if tk.revoked_at else None}
                for tk in tokens], render)


@token_app.command("revoke", help=h("cli.token.revoke.help"))
@handle_errors
def token_revoke(name: Annotated[str, typer.Argument(help=h("cli.token.arg.name"))],
                 workspace: WorkspaceOpt = Path("."), lang: LangOpt = None,
                 quiet: QuietOpt = False, as_json: JsonOpt = False) -> None:
    from personakit.access import revoke_token

    out, ws = open_workspace(lang, quiet, as_json, workspace)
    with ws:
        token = revoke_token(ws, name)
    out.result({"name": token.name, "revoked_at": str(token.revoked_at)},
               lambda: out.say(t("cli.token.revoked", name=token.name)))
