"""Validation rounds in the web app: the public questionnaire (security first) and the
analyst's pages (start, links, results beside data checks, comments into edits, close)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from itertools import count
from pathlib import Path

import pytest
from fastapi import FastAPI
from sqlalchemy import update

from personakit.i18n import t
from personakit.track import get_persona
from personakit.validate import (
    QUESTIONS,
    RoundLink,
    ValidationRound,
    close_round,
    make_links,
    round_answers,
    simulate_round,
    start_round,
)
from personakit.validate._questions import SCORED
from personakit.validate._tables import validation_rounds
from personakit.web._ratelimit import SlidingWindow
from personakit.web.routes.validate import answers_of, distribution_svg
from personakit.workspace import Workspace
from tests._webapp import RoleClient, TestClient, app, client_for, web_ws

__all__ = ["app", "web_ws"]

TEMPLATES = Path(__file__).resolve().parents[1] / "src" / "personakit" / "web" / "templates"
_HOSTS = count(1)


def anonymous(app: FastAPI) -> TestClient:
    """A client without an account from an address of its own (the rate limit is per
    address, so tests never share a window)."""
    return TestClient(app, raise_server_exceptions=False,
                      client=(f"192.0.2.{next(_HOSTS)}", 50000))


@pytest.fixture(scope="module")
def analyst(app: FastAPI) -> RoleClient:
    return client_for(app, "analyst")


@pytest.fixture
def round_(web_ws: Workspace) -> ValidationRound:
    return start_round(web_ws, title="Round under test", actor="test")


def one_link(ws: Workspace, found: ValidationRound, **kwargs: object) -> RoundLink:
    return make_links(ws, found.id, 1, **kwargs)[0]  # type: ignore[arg-type]


def first_persona(found: ValidationRound) -> str:
    return found.personas[0].id


def answer(link: RoundLink, persona_id: str, **values: str) -> dict[str, str]:
    return {"token": link.token, **{f"a.{persona_id}.{q}": v for q, v in values.items()}}


def stored(ws: Workspace, found: ValidationRound) -> int:
    return len({r["submission"] for r in round_answers(ws, found.id)})


# -- the questionnaire --------------------------------------------------------------------

def test_questionnaire_shows_every_persona_and_question(app: FastAPI, web_ws: Workspace,
                                                        round_: ValidationRound) -> None:
    link = one_link(web_ws, round_)
    page = anonymous(app).get(link.path)
    assert page.status_code == 200
    for judged in round_.personas:
        assert judged.name in page.text
        for q in QUESTIONS:
            name = f'name="a.{judged.id}.{q.id}"'
            expected = q.points if q.kind == "scale" else len(q.options) or 1
            assert page.text.count(name) == expected, (judged.id, q.id)
    assert t("validate.q.recognise", "en") in page.text
    assert "<script" not in page.text  # nothing to run: CSP script-src 'self', and no need
    dutch = anonymous(app).get(f"{link.path}?lang=nl")
    assert t("validate.q.recognise", "nl") in dutch.text and 'lang="nl"' in dutch.text


def test_an_answer_is_stored_once_and_thanked(app: FastAPI, web_ws: Workspace,
                                              round_: ValidationRound) -> None:
    link = one_link(web_ws, round_)
    pid = first_persona(round_)
    response = anonymous(app).post(f"{link.path}?lang=nl", data=answer(
        link, pid, recognise="4", in_database="yes", missing="Meer over de prijs",
        pps_credibility_1="6"))
    assert response.status_code == 200
    assert t("web.validate.q.thanks", "nl") in response.text
    rows = round_answers(web_ws, round_.id)
    assert len(rows) == 1 and rows[0]["lang"] == "nl"
    assert rows[0]["answers"] == {"recognise": 4, "in_database": "yes",
                                  "missing": "Meer over de prijs", "pps_credibility_1": 6}


def _forged(token: str) -> list[str]:
    round_id, nonce, expiry, signature = token.split(".")
    flipped = ("B" if signature[0] != "B" else "C") + signature[1:]
    other_round = ("0" if round_id[0] != "0" else "1") + round_id[1:]
    longer = str(int(expiry, 36) * 2)  # a later expiry the signature does not cover
    return [f"{round_id}.{nonce}.{expiry}.{flipped}",
            f"{other_round}.{nonce}.{expiry}.{signature}",
            f"{round_id}.{nonce[::-1]}.{expiry}.{signature}",
            f"{round_id}.{nonce}.{longer}.{signature}",
            "not-a-token", token + "x", "a" * 5000]


def test_a_forged_or_altered_token_is_404_and_nothing_is_stored(
        app: FastAPI, web_ws: Workspace, round_: ValidationRound) -> None:
    link = one_link(web_ws, round_)
    pid = first_persona(round_)
    client = anonymous(app)
    for token in _forged(link.token):
        shown = client.get(f"/r/{token}")
        assert shown.status_code == 404, token
        assert t("validate.error.link_invalid", "en") in shown.text
        assert round_.title not in shown.text and round_.personas[0].name not in shown.text
        sent = client.post(f"/r/{token}", data={"token": token, f"a.{pid}.recognise": "5"})
        assert sent.status_code == 404, token
    assert stored(web_ws, round_) == 0
    assert client.get(link.path).status_code == 200  # the real link still works


def test_an_expired_link_is_410(app: FastAPI, web_ws: Workspace,
                                round_: ValidationRound) -> None:
    link = one_link(web_ws, round_)
    with web_ws.engine.begin() as con:
        con.execute(update(validation_rounds).where(validation_rounds.c.id == round_.id)
                    .values(expires_at=datetime.now(UTC) - timedelta(minutes=1)))
    client = anonymous(app)
    page = client.get(link.path)
    assert page.status_code == 410
    assert t("validate.error.link_expired", "en") in page.text
    sent = client.post(link.path, data=answer(link, first_persona(round_), recognise="3"))
    assert sent.status_code == 410
    assert stored(web_ws, round_) == 0


def test_a_one_answer_link_used_twice_is_refused_the_second_time(
        app: FastAPI, web_ws: Workspace, round_: ValidationRound) -> None:
    link = one_link(web_ws, round_)
    form = answer(link, first_persona(round_), recognise="5")
    client = anonymous(app)
    assert client.post(link.path, data=form).status_code == 200
    again = client.post(link.path, data=form)
    assert again.status_code == 409
    assert t("validate.error.link_used", "en") in again.text
    assert client.get(link.path).status_code == 409
    assert stored(web_ws, round_) == 1


def test_a_link_allowing_more_answers_takes_them(app: FastAPI, web_ws: Workspace,
                                                 round_: ValidationRound) -> None:
    link = one_link(web_ws, round_, max_answers=2)
    form = answer(link, first_persona(round_), recognise="2")
    client = anonymous(app)
    assert [client.post(link.path, data=form).status_code for _ in range(3)] == [200, 200, 409]
    assert stored(web_ws, round_) == 2


def test_a_closed_round_is_410(app: FastAPI, web_ws: Workspace,
                               round_: ValidationRound) -> None:
    link = one_link(web_ws, round_)
    close_round(web_ws, round_.id, actor="test")
    client = anonymous(app)
    page = client.get(link.path)
    assert page.status_code == 410
    assert t("validate.error.link_closed", "en") in page.text
    assert client.post(link.path, data=answer(link, first_persona(round_),
                                              recognise="4")).status_code == 410
    assert stored(web_ws, round_) == 0


def test_the_form_must_carry_the_token_of_its_path(app: FastAPI, web_ws: Workspace,
                                                   round_: ValidationRound) -> None:
    first, second = make_links(web_ws, round_.id, 2)
    pid = first_persona(round_)
    client = anonymous(app)
    crossed = client.post(first.path, data=answer(second, pid, recognise="4"))
    assert crossed.status_code == 403
    missing = client.post(first.path, data={f"a.{pid}.recognise": "4"})
    assert missing.status_code == 403
    assert stored(web_ws, round_) == 0
    assert client.get(first.path).status_code == 200 and client.get(second.path).status_code == 200


def test_a_bad_answer_shows_the_form_again_with_the_message(
        app: FastAPI, web_ws: Workspace, round_: ValidationRound) -> None:
    link = one_link(web_ws, round_)
    pid = first_persona(round_)
    response = anonymous(app).post(link.path, data=answer(
        link, pid, recognise="9", reach="Via de nieuwsbrief", pps_clarity_1="3"))
    assert response.status_code == 400
    assert 'role="alert"' in response.text and "recognise" in response.text
    assert "Via de nieuwsbrief" in response.text  # what was typed is kept
    assert re.search(rf'name="a\.{pid}\.pps_clarity_1" value="3" checked', response.text)
    empty = anonymous(app).post(link.path, data={"token": link.token})
    assert empty.status_code == 400
    assert t("validate.error.answer_empty", "en") in empty.text
    assert stored(web_ws, round_) == 0
    assert anonymous(app).get(link.path).status_code == 200


def test_the_questionnaire_is_rate_limited_per_address(app: FastAPI, web_ws: Workspace) -> None:
    from personakit.validate import validate_settings

    limit = validate_settings(web_ws).rate_limit_per_minute
    client = anonymous(app)
    assert all(client.get("/r/guess").status_code == 404 for _ in range(limit))
    refused = client.get("/r/guess?lang=nl")
    assert refused.status_code == 429
    assert t("validate.error.link_rate", "nl") in refused.text
    assert refused.headers["retry-after"] == "60"
    assert client.post("/r/guess", data={"token": "guess"}).status_code == 429
    assert anonymous(app).get("/r/guess").status_code == 404  # another address is not held up


def test_sliding_window_forgets_after_a_minute_and_stays_small() -> None:
    window = SlidingWindow(window=60, max_keys=3)
    assert [window.allow("a", 2, now=t) for t in (0, 1, 2)] == [True, True, False]
    assert window.allow("a", 2, now=61)  # the first hit has left the window
    for key in "bcde":
        assert window.allow(key, 2, now=100)
    assert len(window._hits) <= 3


def test_the_questionnaire_reveals_no_personal_data_and_is_not_cached(
        app: FastAPI, web_ws: Workspace, round_: ValidationRound) -> None:
    from personakit.ingest import load_source

    link = one_link(web_ws, round_)
    page = anonymous(app).get(link.path)
    assert page.headers["cache-control"] == "no-store"
    assert page.headers["referrer-policy"] == "no-referrer"
    # Pictures are data URIs (base64 may hold any digits) and the token is the link itself.
    text = re.sub(r'src="data:[^"]*"', "", page.text).replace(link.token, "")
    crm = load_source(web_ws, "crm")
    assert len(crm) > 100
    numbers = set(re.findall(r"(?<![\w.-])\d+(?![\w.-])", text))
    assert not numbers & set(crm["klantnummer"].astype(str))
    names = (crm["voornaam"].astype(str) + " " + crm["achternaam"].astype(str))
    for column in (names, crm["email"].dropna().astype(str), crm["telefoon"].dropna().astype(str),
                   crm["iban"].dropna().astype(str)):
        leaked = [value for value in column if value and value in text]
        assert not leaked, leaked[:3]


def test_answers_are_read_from_prefixed_fields_only() -> None:
    from starlette.datastructures import FormData

    form = FormData([("token", "x"), ("a.p-1.recognise", "4"), ("a.p.2.reach", "mail"),
                     ("csrf", "y"), ("a.nodot", "1")])
    assert answers_of(form) == {"p-1": {"recognise": "4"}, "p.2": {"reach": "mail"}}


# -- the analyst's pages ------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/validate", "/validate/abc", "/steer", "/steer/kpi",
                                  "/steer/drift/1", "/steer/kpi/x"])
def test_anonymous_cannot_reach_validate_or_steer(app: FastAPI, path: str) -> None:
    response = anonymous(app).get(path, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/login"


def test_anonymous_cannot_start_a_round(app: FastAPI, web_ws: Workspace) -> None:
    from personakit.validate import list_rounds

    before = len(list_rounds(web_ws))
    response = anonymous(app).post("/validate", data={"title": "sneaky"}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/login"
    assert len(list_rounds(web_ws)) == before


def test_analyst_starts_a_round_and_shares_links(analyst: RoleClient, app: FastAPI,
                                                 web_ws: Workspace) -> None:
    from personakit.track import current_personas

    chosen = [p.id for p in current_personas(web_ws)[:2]]
    response = analyst.post("/validate", data={
        "csrf": analyst.csrf, "title": "Team meeting", "audience": "staff",
        "expires_days": "7", "per_link": "1", "personas": chosen}, follow_redirects=False)
    assert response.status_code == 303
    round_id = response.headers["location"].rsplit("/", 1)[1]
    assert "Team meeting" in analyst.get("/validate").text
    made = analyst.post(f"/validate/{round_id}/links", data={
        "csrf": analyst.csrf, "count": "3", "role": "customer"})
    assert made.status_code == 200
    urls = sorted(set(re.findall(r"http://testserver/r/[A-Za-z0-9._-]+", made.text)))
    assert len(urls) == 3
    page = anonymous(app).get(urls[0].removeprefix("http://testserver"))
    assert page.status_code == 200 and page.text.count('class="q-persona') == 2
    assert not re.search(r"/r/[A-Za-z0-9._-]{80,}", analyst.get(f"/validate/{round_id}").text)


def test_a_bad_start_form_is_shown_again_with_the_message(analyst: RoleClient) -> None:
    response = analyst.post("/validate", data={"csrf": analyst.csrf, "expires_days": "999"})
    assert response.status_code == 400
    assert "365" in response.text and 'role="alert"' in response.text
    nonsense = analyst.post("/validate", data={"csrf": analyst.csrf, "per_link": "many"})
    assert nonsense.status_code == 400 and "many" in nonsense.text
    forged = analyst.post("/validate", data={"csrf": "wrong", "title": "x"})
    assert forged.status_code == 403


@pytest.fixture(scope="module")
def answered(web_ws: Workspace) -> Iterator[ValidationRound]:
    found = start_round(web_ws, title="Simulated round", actor="test")
    simulate_round(web_ws, found.id, respondents=30, seed=3)
    yield found


def test_results_show_scores_distributions_comments_and_data_checks(
        analyst: RoleClient, answered: ValidationRound) -> None:
    page = analyst.get(f"/validate/{answered.id}")
    assert page.status_code == 200
    text = page.text
    for construct in ("credibility", "willingness", "recognise"):
        assert t(f"validate.construct.{construct}", "en") in text
    assert text.count('class="dist-bar"') == len(SCORED) * len(answered.personas)
    assert t("web.validate.prevalence", "en") in text and "ARI" in text
    assert t("web.validate.holdout_run", "en") in text  # the slow check waits to be asked
    assert t("validate.q.do_differently", "en") in text  # comments grouped per question
    assert "<dd>30</dd>" in text  # submissions
    holdout = analyst.get(f"/validate/{answered.id}?holdout=1")
    assert holdout.status_code == 200
    assert t("web.validate.holdout_run", "en") not in holdout.text


def test_a_comment_becomes_an_assumption_on_the_next_revision(
        analyst: RoleClient, web_ws: Workspace, answered: ValidationRound) -> None:
    row = next(r for r in round_answers(web_ws, answered.id) if r["answers"].get("missing"))
    before = get_persona(web_ws, row["persona_id"]).revision
    link = f"/validate/{answered.id}/apply?answer_id={row['id']}&amp;question=missing"
    assert link in analyst.get(f"/validate/{answered.id}").text
    form = analyst.get(link.replace("&amp;", "&"))
    assert form.status_code == 200 and str(row["answers"]["missing"]) in form.text
    response = analyst.post(f"/validate/{answered.id}/apply", data={
        "csrf": analyst.csrf, "answer_id": str(row["id"]), "question": "missing",
        "kind": "assumption", "section": "notes", "text": "Wants clear prices"},
        follow_redirects=False)
    assert response.status_code == 303
    after = get_persona(web_ws, row["persona_id"])
    assert after.revision == before + 1
    added = [s for s in after.statements if s.text.get("en") == "Wants clear prices"]
    assert added and added[0].assumption
    page = analyst.get(f"/validate/{answered.id}").text
    assert t("web.validate.applied_assumption", "en", revision=after.revision) in page
    wrong = analyst.post(f"/validate/{answered.id}/apply", data={
        "csrf": analyst.csrf, "answer_id": str(row["id"]), "question": "missing",
        "kind": "edit", "statement_id": "no-such-statement"})
    assert wrong.status_code == 400 and "no-such-statement" in wrong.text
    assert 'value="edit" checked' in wrong.text  # the analyst's choices are kept
    unknown = f"/validate/{answered.id}/apply?answer_id=999999&question=missing"
    assert analyst.get(unknown).status_code == 404


def test_applying_a_comment_on_a_revision_someone_changed_since_is_a_conflict(
        analyst: RoleClient, web_ws: Workspace, answered: ValidationRound) -> None:
    from personakit.track import save_persona

    row = next(r for r in round_answers(web_ws, answered.id)
               if r["answers"].get("reach") and r["persona_id"] == answered.personas[-1].id)
    form = analyst.get(f"/validate/{answered.id}/apply?answer_id={row['id']}&question=reach")
    seen = re.search(r'name="base_revision" value="(\d+)"', form.text)
    assert seen
    newest = get_persona(web_ws, row["persona_id"])
    save_persona(web_ws, newest.model_copy(update={"name": newest.name + " Jr"}),
                 base_revision=newest.revision, author="someone else")
    late = analyst.post(f"/validate/{answered.id}/apply", data={
        "csrf": analyst.csrf, "answer_id": str(row["id"]), "question": "reach",
        "kind": "assumption", "base_revision": seen.group(1)})
    assert late.status_code == 400 and 'role="alert"' in late.text
    assert get_persona(web_ws, row["persona_id"]).revision == newest.revision + 1


def test_closing_a_round_archives_it_and_stops_new_links(
        analyst: RoleClient, web_ws: Workspace) -> None:
    found = start_round(web_ws, title="To be closed", actor="test")
    response = analyst.post(f"/validate/{found.id}/close", data={"csrf": analyst.csrf},
                            follow_redirects=False)
    assert response.status_code == 303
    page = analyst.get(f"/validate/{found.id}").text
    assert t("web.validate.archived", "en", version=found.build_id) in page
    assert f"/validate/{found.id}/links" not in page
    again = analyst.post(f"/validate/{found.id}/close", data={"csrf": analyst.csrf})
    assert again.status_code == 400
    assert analyst.get("/validate/000000000000").status_code == 404


def test_distribution_bar_has_one_segment_per_answered_point() -> None:
    from personakit.validate import ConstructScore

    score = ConstructScore(measures="recognise", group="seed", points=5, n=6,
                           distribution=[1, 0, 2, 0, 3])
    svg = distribution_svg(score, "en")
    assert svg.count("<rect") == 4 and 'aria-label="1: 1, 2: 0, 3: 2, 4: 0, 5: 3"' in svg


def test_every_translation_key_in_the_new_templates_exists() -> None:
    from personakit.i18n import catalogue

    keys = catalogue()
    names = ["_public.html", "questionnaire.html", "questionnaire_done.html",
             "questionnaire_error.html", "validate_list.html", "validate_round.html",
             "_steer_nav.html", "steer.html", "steer_drift.html", "steer_kpi.html",
             "steer_persona.html", "_kpi_empty.html", "base.html"]
    used = {key for name in names for key in re.findall(
        r"""_\(\s*["']([a-z0-9_.]+)["']\s*[,)]""", (TEMPLATES / name).read_text("utf-8"))}
    assert used and not sorted(used - set(keys))
    dynamic = {"web.steer.reason.": ("psi", "shares", "traits", "reassignment"),
               "web.steer.decided_": ("accept", "keep"),
               "web.steer.grade_": ("stable", "moderate", "major"),
               "web.steer.diff_": ("added", "dropped", "changed", "same"),
               "web.steer.kind_": ("rate", "nps", "mean"),
               "web.steer.state_": ("planned", "done", "checked"),
               "web.steer.verdict_": ("improved", "worse", "no_change", "too_few"),
               "web.validate.applied_": ("assumption", "edit")}
    missing = [p + v for p, values in dynamic.items() for v in values if p + v not in keys]
    assert not missing
