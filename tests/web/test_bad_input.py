"""Bad input is a 4xx problem, never a 500: ids, offsets and cursors past 64 bits, unknown
states, report windows past the calendar, and any Last-Event-ID a client sends back."""

from __future__ import annotations

import json
import typing

import pytest
from fastapi.dependencies.models import Dependant
from fastapi.routing import iter_route_contexts

from tests.support.web import Web
from warroom.core.bounds import ID_MAX, INT64_MAX, MAX_OFFSET

BIG = 36893488147419103231  # 2**65 - 1
PAST_64_BITS = 18446744073709551616  # 2**64


def _is_problem(response: object, status: int = 422, code: str = "invalid_input") -> None:
    assert response.status_code == status, response.text  # type: ignore[attr-defined]
    assert response.headers["content-type"] == "application/problem+json"  # type: ignore[attr-defined]
    body = response.json()  # type: ignore[attr-defined]
    assert body["status"] == status
    assert body["code"] == code
    assert body["detail"]


@pytest.mark.parametrize(
    "url",
    [
        "/incidents?page=999999999999999999",
        f"/api/v1/incidents?offset={BIG}",
        f"/api/v1/incidents?limit={BIG}",
        f"/api/v1/action-items?offset={BIG}",
        f"/api/v1/action-items?limit={BIG}",
        f"/api/v1/postmortems?offset={BIG}",
        "/api/v1/action-items-report?since_days=800000",
        "/api/v1/action-items-report?since_days=0",
        f"/api/v1/incidents/updates-due?limit={BIG}",
        "/api/v1/incidents/{incident}/timeline?offset=" + str(BIG),
        "/api/v1/incidents/{incident}/timeline?after=" + str(PAST_64_BITS),
        "/api/v1/incidents/{incident}/events?follow=false&after=" + str(PAST_64_BITS),
    ],
)
def test_numbers_past_their_range_are_a_422_problem(web: Web, url: str) -> None:
    incident = web.declare()
    response = web.client.get(url.format(incident=incident), headers=web.auth("viewer"))
    _is_problem(response)


@pytest.mark.parametrize(
    ("url", "payload"),
    [
        ("/api/v1/incidents/{incident}/timeline/{event}/corrections", {"json": {"body": "x"}}),
        ("/incidents/{incident}/timeline/{event}/correct", {"data": {"body": "x"}}),
        ("/admin/tokens/{event}/revoke", {}),
    ],
)
@pytest.mark.parametrize("number", [PAST_64_BITS, ID_MAX + 1])
def test_ids_past_their_range_in_paths_are_a_422_problem(
    web: Web, url: str, payload: dict[str, object], number: int
) -> None:
    # ids are 32-bit INTEGER keys on PostgreSQL: 2**31 overflowed there (found by schemathesis)
    incident = web.declare()
    target = url.format(incident=incident, event=number)
    response = web.client.post(target, headers=web.auth("admin"), **payload)  # type: ignore[arg-type]
    _is_problem(response)
    assert web.client.get("/api/v1/me", headers=web.auth("admin")).status_code == 200


def test_the_largest_offset_still_answers_an_empty_page(web: Web) -> None:
    web.declare()
    for url in (
        f"/api/v1/incidents?offset={MAX_OFFSET}&limit=500",
        f"/api/v1/action-items?offset={MAX_OFFSET}&limit=500",
    ):
        response = web.client.get(url, headers=web.auth("viewer"))
        assert response.status_code == 200, response.text
        assert response.json()["items"] == []
    response = web.client.get(
        f"/api/v1/incidents?offset={MAX_OFFSET + 1}", headers=web.auth("viewer")
    )
    _is_problem(response)


def test_an_unknown_state_on_the_transition_form_is_a_problem_for_scripts(web: Web) -> None:
    incident = web.declare()
    response = web.client.post(
        f"/incidents/{incident}/transition", data={"to": "bogus"}, headers=web.auth("responder")
    )
    _is_problem(response)
    assert "bogus" in response.json()["detail"]
    state = web.client.get(f"/api/v1/incidents/{incident}", headers=web.auth("viewer"))
    assert state.json()["state"] == "detected"


def test_an_unknown_state_on_the_transition_form_goes_back_with_the_message(web: Web) -> None:
    incident = web.declare()
    csrf = web.login()
    room = f"/incidents/{incident}"
    response = web.client.post(
        f"{room}/transition",
        data={"csrf_token": csrf, "to": "bogus"},
        headers={"referer": f"http://testserver{room}"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["location"] == room
    assert "unknown incident state" in web.client.get(room).text


def _events(text: str) -> list[int]:
    ids = []
    for block in text.split("\n\n"):
        lines = dict(line.split(": ", 1) for line in block.splitlines() if ": " in line)
        if lines.get("event") == "timeline":
            ids.append(int(json.loads(lines["data"])["id"]))
    return ids


@pytest.mark.parametrize(
    "last_event_id",
    ["abc", "9" * 5000, str(2**63), str(ID_MAX + 1), "-1", "١٢".encode(), " ", "1e3"],
)
def test_a_bad_last_event_id_streams_from_the_start(web: Web, last_event_id: str | bytes) -> None:
    incident = web.declare()
    web.client.post(
        f"/api/v1/incidents/{incident}/timeline",
        json={"kind": "note", "body": "still alive"},
        headers=web.auth("responder"),
    )
    url = f"/api/v1/incidents/{incident}/events?follow=false"
    headers = {**web.auth("viewer"), "Last-Event-ID": last_event_id}
    response = web.client.get(url, headers=headers)
    assert response.status_code == 200
    everything = _events(web.client.get(url, headers=web.auth("viewer")).text)
    assert len(everything) == 2
    assert _events(response.text) == everything
    after_first = web.client.get(f"{url}&after={everything[0]}", headers=headers)
    assert _events(after_first.text) == everything[1:]


def test_a_last_event_id_past_the_last_event_resumes_from_the_last_one(web: Web) -> None:
    incident = web.declare()
    url = f"/api/v1/incidents/{incident}/events?follow=false"
    headers = {**web.auth("viewer"), "Last-Event-ID": str(ID_MAX)}
    response = web.client.get(url, headers=headers)
    assert response.status_code == 200
    assert _events(response.text) == []


def _int_params(dependant: Dependant) -> typing.Iterator[tuple[str, object]]:
    fields = [
        *dependant.path_params,
        *dependant.query_params,
        *dependant.header_params,
        *dependant.cookie_params,
        *dependant.body_params,
    ]
    for field in fields:
        annotation = field.field_info.annotation
        if annotation is int or int in typing.get_args(annotation):
            yield field.name, field.field_info
    for child in dependant.dependencies:
        yield from _int_params(child)


def test_every_integer_parameter_of_every_route_is_bounded(web: Web) -> None:
    """New routes use warroom.web.params (RowId, Offset, ...), never a bare `int`."""
    unbounded = []
    for ctx in iter_route_contexts(web.client.app.routes):  # type: ignore[attr-defined]
        dependant = getattr(ctx, "dependant", None)
        if dependant is None:
            continue
        for name, info in _int_params(dependant):
            lower = [m.ge for m in info.metadata if hasattr(m, "ge")]  # type: ignore[attr-defined]
            upper = [m.le for m in info.metadata if hasattr(m, "le")]  # type: ignore[attr-defined]
            if not lower or not upper or max(upper) > INT64_MAX:
                unbounded.append(f"{ctx.path_format} {name}")
    assert unbounded == []


def test_a_nul_character_is_never_a_500(web: Web, backend: str) -> None:
    """PostgreSQL text cannot hold U+0000; SQLite stores it like any other character."""
    incident = web.declare()
    before = web.client.get("/api/v1/incidents", headers=web.auth("viewer")).json()["total"]
    answers = [
        web.client.post(
            "/api/v1/incidents",
            json={"title": "a\u0000b", "severity": "P2"},
            headers=web.auth("responder"),
        ),
        web.client.post(
            f"/api/v1/incidents/{incident}/timeline",
            json={"kind": "note", "body": "x\u0000y"},
            headers=web.auth("responder"),
        ),
        web.client.get("/api/v1/incidents?service=a%00b", headers=web.auth("viewer")),
    ]
    if backend == "postgres":
        for response in answers:
            _is_problem(response)
            assert "NUL" in response.json()["detail"]
        after = web.client.get("/api/v1/incidents", headers=web.auth("viewer")).json()["total"]
        assert after == before
    else:
        assert [r.status_code for r in answers] == [201, 201, 200]
