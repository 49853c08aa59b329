"""Fuzzed API payloads (issue 16, point 2): the bodies of ``POST /api/v1/assign``.

Three layers, cheapest first: the request model parses any bytes into records or a
validation error; ``assign_records`` (what the route calls) takes any records it lets
through and gives assignments or a typed error; and the route itself answers every body
with a client error or a result, never a 500. Records start from real customers of the demo
workspace with values swapped for hostile ones (the rules are in ``tests/_fuzz.py``).
"""

from __future__ import annotations

import json
import math
from typing import Any

import pytest
from fastapi import FastAPI
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from personakit.access import create_token
from personakit.ingest import load_source
from personakit.segment import assign_records
from personakit.segment._encode import SMALL_BATCH
from personakit.web.routes.api import AssignRequest
from personakit.workspace import Workspace
from tests._fuzz import COUNTS, bounded_memory, fuzz_settings, ran, time_limit, typed_only
from tests._webapp import app, client_for, web_ws

__all__ = ["app", "web_ws"]

pytestmark = pytest.mark.slow

BODY_INPUTS = 2000
RECORD_INPUTS = 400
ROUTE_INPUTS = 200

_HOSTILE = st.one_of(
    st.none(), st.booleans(), st.integers(), st.integers(-(2**80), 2**80),
    st.floats(), st.text(max_size=12), st.sampled_from(["", " ", "NaN", "1,5", "-0", "∞"]),
    st.lists(st.integers(), max_size=3), st.dictionaries(st.text(max_size=3), st.none(),
                                                         max_size=2))


@pytest.fixture(scope="module")
def customers(web_ws: Workspace) -> list[dict[str, Any]]:
    frame = load_source(web_ws, "crm").head(40)
    return [{k: (None if isinstance(v, float) and math.isnan(v) else v)
             for k, v in row.items()} for row in frame.astype(object).to_dict("records")]


@st.composite
def records(draw: st.DrawFn, real: list[dict[str, Any]],
            batches: bool = True) -> list[dict[str, Any]]:
    """Real customers with some values replaced, columns dropped or invented; now and then
    more than ``SMALL_BATCH`` of them (the pandas path)."""
    many = batches and draw(st.integers(0, 9)) == 0
    count = draw(st.integers(SMALL_BATCH + 1, SMALL_BATCH + 8) if many else st.integers(1, 3))
    out = []
    for i in range(count):
        record = dict(real[(draw(st.integers(0, len(real) - 1)) + i) % len(real)])
        names = sorted(record)
        for name in draw(st.lists(st.sampled_from(names), max_size=4)):
            record[name] = draw(_HOSTILE)
        for name in draw(st.lists(st.sampled_from(names), max_size=2)):
            record.pop(name, None)
        record.update(draw(st.dictionaries(st.text(max_size=6), _HOSTILE, max_size=2)))
        out.append(record)
    return out


@st.composite
def bodies(draw: st.DrawFn, real: list[dict[str, Any]]) -> bytes:
    """Random bytes, any JSON, damaged and well-formed assign requests."""
    kind = draw(st.integers(0, 4))
    if kind == 0:
        return draw(st.binary(max_size=200))
    if kind == 1:
        value = draw(st.recursive(_HOSTILE, lambda c: st.lists(c, max_size=3)
                                  | st.dictionaries(st.text(max_size=8), c, max_size=3),
                                  max_leaves=8))
        return json.dumps({"records": value} if draw(st.booleans()) else value).encode()
    text = json.dumps({"records": draw(records(real, batches=False))}, default=str)
    if kind == 2:  # damaged JSON
        at = draw(st.integers(0, 10**6)) % len(text)
        return (text[:at] + draw(st.text(max_size=3)) + text[at + 1:]).encode(
            "utf-8", "surrogatepass")
    return text.encode("utf-8", "surrogatepass")


def test_any_body_parses_to_records_or_a_validation_error(
        customers: list[dict[str, Any]]) -> None:
    @fuzz_settings(BODY_INPUTS)
    @given(body=bodies(customers))
    def case(body: bytes) -> None:
        COUNTS["bodies"] += 1
        with time_limit():
            try:
                parsed = AssignRequest.model_validate_json(body)
            except ValidationError:
                return
        assert parsed.records and all(isinstance(r, dict) for r in parsed.records)

    with bounded_memory():
        case()
    ran("bodies", BODY_INPUTS)


def test_any_records_get_assignments_or_a_typed_error(
        web_ws: Workspace, customers: list[dict[str, Any]]) -> None:
    @fuzz_settings(RECORD_INPUTS)
    @given(batch=records(customers))
    def case(batch: list[dict[str, Any]]) -> None:
        def assign() -> None:
            assigned = assign_records(web_ws, batch, lang="nl")
            assert len(assigned) == len(batch)
            assert all(0.0 <= a.confidence <= 1.0 for a in assigned)

        typed_only("records", assign)

    with bounded_memory():
        case()
    ran("records", RECORD_INPUTS)


def test_the_assign_route_never_answers_a_body_with_a_server_error(
        app: FastAPI, web_ws: Workspace, customers: list[dict[str, Any]]) -> None:
    secret, _ = create_token(web_ws, "payload-fuzzer", "api")
    client = client_for(app)
    headers = {"authorization": f"Bearer {secret}", "content-type": "application/json"}
    statuses: set[int] = set()

    @fuzz_settings(ROUTE_INPUTS)
    @given(body=bodies(customers))
    def case(body: bytes) -> None:
        COUNTS["route"] += 1
        with time_limit():
            response = client.post("/api/v1/assign", content=body, headers=headers)
        statuses.add(response.status_code)
        assert response.status_code in (200, 400, 409, 413, 422), response.text[:300]

    case()
    ran("route", ROUTE_INPUTS)
    assert {200, 422} <= statuses  # both kinds of answer were reached


@pytest.mark.parametrize("count", [2, SMALL_BATCH + 1])
def test_records_with_lists_and_objects_are_assigned(
        web_ws: Workspace, customers: list[dict[str, Any]], count: int) -> None:
    # Was ValueError (pd.isna of a list) for a few records and TypeError (unhashable dict)
    # for a batch past SMALL_BATCH. A list reads as the JSON reader stores it: "a;b".
    names = sorted(customers[0])
    batch = [{**customers[i % len(customers)], names[1]: [], names[2]: {"x": None},
              names[3]: ["app", "mail"]} for i in range(count)]
    assigned = assign_records(web_ws, batch, lang="en")
    assert len(assigned) == count
