"""Steering in the web app: the out-of-date banner, drift checks and their review gate,
KPI trends per persona, the PDCA log and the five-mistakes lint panel."""

from __future__ import annotations

import re

import pytest
from fastapi import FastAPI

from personakit.i18n import t
from personakit.steer import DriftReport, drift_status, get_drift_check, list_actions, parse_target
from personakit.track import current_personas
from personakit.workspace import Workspace
from tests._webapp import RoleClient, app, client_for, template, web_ws

__all__ = ["app", "web_ws"]

RULES = ("stale", "assumptions", "too_general", "too_demographic", "one_for_all")


@pytest.fixture(scope="module")
def drifted(web_ws: Workspace, tmp_path_factory: pytest.TempPathFactory) -> DriftReport:
    """The demo club six months on (the demo's drift), with monthly KPIs per customer."""
    from personakit.ingest import import_file
    from personakit.sample._generate import generate_followup
    from personakit.steer import check_drift

    sample = template(tmp_path_factory) / "sample-data"
    files = generate_followup(sample, tmp_path_factory.mktemp("followup"), change=1.0)
    import_file(web_ws, files["crm"], name="crm", key="klantnummer")
    import_file(web_ws, files["kpi"], name="kpi_klanten", link="klantnummer", kpi=True)
    report = check_drift(web_ws, actor="test")
    assert report.out_of_date and report.id is not None
    return report


@pytest.fixture(scope="module")
def clients(app: FastAPI) -> dict[str, RoleClient]:
    return {role: client_for(app, role) for role in ("analyst", "viewer", "caseworker")}


def test_banner_on_every_logged_in_page_links_to_the_check(
        clients: dict[str, RoleClient], drifted: DriftReport) -> None:
    banner = t("web.steer.banner", "en")
    link = f'href="/steer/drift/{drifted.id}"'
    for path in ("/", "/versions", "/steer/kpi"):
        page = clients["viewer"].get(path).text
        assert banner in page and link in page, path
    caseworker = clients["caseworker"].get("/").text
    assert banner in caseworker and link not in caseworker  # may not open /steer
    assert banner not in clients["analyst"].get("/login").text


def test_navigation_offers_validate_and_steer_only_to_who_may_use_them(
        clients: dict[str, RoleClient]) -> None:
    analyst, viewer = clients["analyst"].get("/").text, clients["viewer"].get("/").text
    caseworker = clients["caseworker"].get("/").text
    assert 'href="/validate"' in analyst and 'href="/steer"' in analyst
    assert 'href="/validate"' not in viewer and 'href="/steer"' in viewer
    assert 'href="/validate"' not in caseworker and 'href="/steer"' not in caseworker


def test_overview_shows_drift_checks_and_all_five_lint_rules(
        clients: dict[str, RoleClient], drifted: DriftReport) -> None:
    page = clients["viewer"].get("/steer")
    assert page.status_code == 200
    assert t("web.steer.out_of_date", "en") in page.text
    for reason in drifted.reasons:
        assert t(f"web.steer.reason.{reason}", "en") in page.text
    for rule in RULES:
        assert t(f"web.steer.lint.{rule}.title", "en") in page.text
        assert t(f"web.steer.lint.{rule}.why", "en") in page.text
    assert page.text.count('class="lint-rule') == 5
    assert "days since the last data check" in page.text
    assert 'action="/steer/drift"' not in page.text  # a viewer cannot run a check
    assert 'action="/steer/drift"' in clients["analyst"].get("/steer").text


def test_drift_report_shows_psi_profiles_and_the_review_gate(
        clients: dict[str, RoleClient], drifted: DriftReport) -> None:
    page = clients["analyst"].get(f"/steer/drift/{drifted.id}")
    assert page.status_code == 200
    for variable in drifted.variables[:3]:
        assert f"<code>{variable.variable}</code>" in page.text
    for profile in drifted.profiles:
        assert profile.name["en"] in page.text
    rebuild = f'action="/steer/drift/{drifted.id}/rebuild"'
    assert rebuild in page.text and t("web.steer.keep", "en") in page.text
    assert 'value="accept"' not in page.text  # nothing rebuilt yet
    viewer = clients["viewer"].get(f"/steer/drift/{drifted.id}").text
    assert rebuild not in viewer and 'value="keep"' not in viewer
    assert clients["viewer"].get("/steer/drift/99999").status_code == 404


def test_kpi_page_draws_one_trend_chart_per_kpi(clients: dict[str, RoleClient],
                                               web_ws: Workspace, drifted: DriftReport) -> None:
    page = clients["viewer"].get("/steer/kpi")
    assert page.status_code == 200
    # satisfaction, NPS, revenue, churn and conversion
    assert page.text.count('class="chart trend"') == 5
    for persona in current_personas(web_ws):
        assert f'href="/steer/kpi/{persona.id}"' in page.text


def test_plan_do_check_act_on_a_persona(clients: dict[str, RoleClient], web_ws: Workspace,
                                        drifted: DriftReport) -> None:
    analyst = clients["analyst"]
    pid = current_personas(web_ws)[0].id
    page = analyst.get(f"/steer/kpi/{pid}")
    assert page.status_code == 200
    assert "<polygon" in page.text  # the persona's interval band
    plan = analyst.post(f"/steer/kpi/{pid}/plan", data={
        "csrf": analyst.csrf, "kpi": "tevredenheid", "target": "8",
        "action": "Call back within a day", "start_period": "2026-03"}, follow_redirects=False)
    assert plan.status_code == 303
    action = list_actions(web_ws, pid)[-1]
    assert action.target == 8.0 and action.start_period == "2026-03"
    base = f"/steer/actions/{action.id}"
    assert analyst.post(f"{base}/done", data={"csrf": analyst.csrf, "period": "2026-05"},
                        follow_redirects=False).status_code == 303
    assert analyst.post(f"{base}/check", data={"csrf": analyst.csrf},
                        follow_redirects=False).status_code == 303
    assert analyst.post(f"{base}/act", data={"csrf": analyst.csrf, "note": "Keep doing it"},
                        follow_redirects=False).status_code == 303
    done = list_actions(web_ws, pid)[-1]
    assert done.done_period == "2026-05" and done.check is not None and done.note == "Keep doing it"
    shown = analyst.get(f"/steer/kpi/{pid}").text
    assert t(f"web.steer.verdict_{done.check.verdict}", "en") in shown
    assert "Keep doing it" in shown and t("web.steer.others", "en") in shown
    viewer = clients["viewer"].get(f"/steer/kpi/{pid}").text
    assert "Call back within a day" in viewer and f'action="{base}/check"' not in viewer


def test_a_bad_plan_is_shown_again_with_the_message(clients: dict[str, RoleClient],
                                                    web_ws: Workspace,
                                                    drifted: DriftReport) -> None:
    analyst = clients["analyst"]
    pid = current_personas(web_ws)[0].id
    before = len(list_actions(web_ws))
    bad = analyst.post(f"/steer/kpi/{pid}/plan", data={
        "csrf": analyst.csrf, "kpi": "tevredenheid", "target": "lots", "action": "x"})
    assert bad.status_code == 400 and "lots" in bad.text
    unknown = analyst.post(f"/steer/kpi/{pid}/plan", data={
        "csrf": analyst.csrf, "kpi": "no_such_kpi", "target": "1", "action": "x"})
    assert unknown.status_code == 400 and "no_such_kpi" in unknown.text
    assert len(list_actions(web_ws)) == before
    assert analyst.get("/steer/kpi/no-such-persona").status_code == 404
    assert analyst.post("/steer/actions/99999/check",
                        data={"csrf": analyst.csrf}).status_code == 404


@pytest.mark.parametrize(("text", "value"), [("8", 8.0), ("7,5", 7.5), ("7.5", 7.5),
                                             ("2 %", 0.02), ("2%", 0.02), ("-1", -1.0)])
def test_targets_are_read_as_numbers_or_percentages(text: str, value: float) -> None:
    assert parse_target(text)[0] == pytest.approx(value)


def test_review_gate_rebuild_then_keep_clears_the_banner(
        clients: dict[str, RoleClient], web_ws: Workspace, drifted: DriftReport) -> None:
    analyst = clients["analyst"]
    judged = drifted.build_id
    no_candidate = analyst.post(f"/steer/drift/{drifted.id}/review",
                                data={"csrf": analyst.csrf, "decision": "accept"})
    assert no_candidate.status_code == 400
    rebuilt = analyst.post(f"/steer/drift/{drifted.id}/rebuild", data={"csrf": analyst.csrf},
                           follow_redirects=False)
    assert rebuilt.status_code == 303
    page = analyst.get(f"/steer/drift/{drifted.id}").text
    candidate = re.search(r"/versions/diff\?a=(\d+)&amp;b=(\d+)", page)
    assert candidate and int(candidate.group(1)) == judged and int(candidate.group(2)) > judged
    assert 'value="accept"' in page
    kept = analyst.post(f"/steer/drift/{drifted.id}/review",
                        data={"csrf": analyst.csrf, "decision": "keep"}, follow_redirects=False)
    assert kept.status_code == 303
    assert get_drift_check(web_ws, drifted.id).decision == "keep"
    assert drift_status(web_ws) is None
    assert t("web.steer.banner", "en") not in analyst.get("/").text
    assert t("web.steer.decided_keep", "en") in analyst.get(f"/steer/drift/{drifted.id}").text


def test_without_kpi_source_or_drift_check_the_pages_say_so(
        clients: dict[str, RoleClient], web_ws: Workspace,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from personakit.errors import WorkspaceError
    from personakit.web.routes import steer as routes

    def no_source(*_args: object, **_kwargs: object) -> None:
        raise WorkspaceError("steer.error.kpi_no_source", sources="crm")

    monkeypatch.setattr(routes, "kpi_trends", no_source)
    monkeypatch.setattr(routes, "list_drift_checks", lambda *_a, **_k: [])
    monkeypatch.setattr(routes, "drift_status", lambda *_a, **_k: None)
    client = clients["analyst"]
    kpi = client.get("/steer/kpi")
    assert kpi.status_code == 200 and t("web.steer.kpi_empty", "en") in kpi.text
    persona = client.get(f"/steer/kpi/{current_personas(web_ws)[0].id}")
    assert persona.status_code == 200 and t("web.steer.kpi_empty", "en") in persona.text
    assert 'action="/steer/kpi/' not in persona.text  # nothing to plan against
    overview = client.get("/steer").text
    assert t("web.steer.no_checks", "en") in overview
    assert t("web.steer.banner", "en") not in overview
