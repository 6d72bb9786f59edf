"""The access rules, route by route: for every route of the API and every kind of staff member,
the answer is allowed (its success status) or refused (403). The expected matrix is written out
here by hand, independently of the table in domain/access.py, so that a change of who may do what
is a change made twice, on purpose."""

import pytest

ADMIN, STAFF, ASSIGNED, OTHER = "admin", "staff", "assigned mediator", "other mediator"
WHO = {
    ADMIN: ("admin", "adm-1"),
    STAFF: ("staff", "staff-1"),
    ASSIGNED: ("mediator", "med-1"),
    OTHER: ("mediator", "med-2"),
}
EVERYONE = {ADMIN, STAFF, ASSIGNED, OTHER}
CASE_WORKERS = {ADMIN, ASSIGNED}


def _session(ids, samples):
    return samples["session"] | {"party_ids": [ids["party_id"]]}


#: (method, URL rule, path maker, body maker, success status, who is allowed)
MATRIX = [
    ("GET", "/api/v1/cases", lambda i: "/api/v1/cases", None, 200, EVERYONE),
    ("POST", "/api/v1/cases", lambda i: "/api/v1/cases", lambda i, s: s["case"], 201, EVERYONE),
    (
        "GET",
        "/api/v1/cases/<uuid:case_id>",
        lambda i: f"/api/v1/cases/{i['case_id']}",
        None,
        200,
        {ADMIN, STAFF, ASSIGNED},
    ),
    (
        "PATCH",
        "/api/v1/cases/<uuid:case_id>",
        lambda i: f"/api/v1/cases/{i['case_id']}",
        lambda i, s: {"priority": "urgent"},
        200,
        CASE_WORKERS,
    ),
    (
        "GET",
        "/api/v1/cases/<uuid:case_id>/details",
        lambda i: f"/api/v1/cases/{i['case_id']}/details",
        None,
        200,
        CASE_WORKERS,
    ),
    (
        "PUT",
        "/api/v1/cases/<uuid:case_id>/mediators",
        lambda i: f"/api/v1/cases/{i['case_id']}/mediators",
        lambda i, s: {"mediators": [{"subject": "med-1", "name": "M"}]},
        200,
        {ADMIN},
    ),
    (
        "POST",
        "/api/v1/cases/<uuid:case_id>/status",
        lambda i: f"/api/v1/cases/{i['case_id']}/status",
        lambda i, s: {"status": "in_progress"},
        200,
        CASE_WORKERS,
    ),
    (
        "GET",
        "/api/v1/cases/<uuid:case_id>/parties",
        lambda i: f"/api/v1/cases/{i['case_id']}/parties",
        None,
        200,
        CASE_WORKERS,
    ),
    (
        "POST",
        "/api/v1/cases/<uuid:case_id>/parties",
        lambda i: f"/api/v1/cases/{i['case_id']}/parties",
        lambda i, s: s["party"],
        201,
        CASE_WORKERS,
    ),
    (
        "GET",
        "/api/v1/cases/<uuid:case_id>/notes",
        lambda i: f"/api/v1/cases/{i['case_id']}/notes",
        None,
        200,
        CASE_WORKERS,
    ),
    (
        "POST",
        "/api/v1/cases/<uuid:case_id>/notes",
        lambda i: f"/api/v1/cases/{i['case_id']}/notes",
        lambda i, s: {"kind": "note", "body": "Gespräch."},
        201,
        CASE_WORKERS,
    ),
    (
        "GET",
        "/api/v1/cases/<uuid:case_id>/sessions",
        lambda i: f"/api/v1/cases/{i['case_id']}/sessions",
        None,
        200,
        CASE_WORKERS,
    ),
    (
        "POST",
        "/api/v1/cases/<uuid:case_id>/sessions",
        lambda i: f"/api/v1/cases/{i['case_id']}/sessions",
        _session,
        201,
        CASE_WORKERS,
    ),
    (
        "PUT",
        "/api/v1/cases/<uuid:case_id>/sessions/<uuid:session_id>",
        lambda i: f"/api/v1/cases/{i['case_id']}/sessions/{i['session_id']}",
        lambda i, s: _session(i, s) | {"place": "Rathaus"},
        200,
        CASE_WORKERS,
    ),
    (
        "POST",
        "/api/v1/cases/<uuid:case_id>/sessions/<uuid:session_id>/cancel",
        lambda i: f"/api/v1/cases/{i['case_id']}/sessions/{i['session_id']}/cancel",
        None,
        200,
        CASE_WORKERS,
    ),
    ("GET", "/api/v1/audit", lambda i: "/api/v1/audit", None, 200, {ADMIN}),
    ("GET", "/api/v1/figures", lambda i: "/api/v1/figures", None, 200, {ADMIN, STAFF}),
    ("GET", "/api/v1/organisations", lambda i: "/api/v1/organisations", None, 200, EVERYONE),
]


def test_the_matrix_covers_every_api_route(mediation_app):
    routes = {
        (method, rule.rule)
        for rule in mediation_app.url_map.iter_rules()
        if rule.rule.startswith("/api/")
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    assert routes == {(method, rule) for method, rule, *_ in MATRIX}


@pytest.mark.parametrize(
    ("method", "path", "body", "success", "allowed"),
    [pytest.param(m, p, b, s, a, id=f"{m} {rule}") for m, rule, p, b, s, a in MATRIX],
)
def test_route_answers_each_kind_of_staff_member(
    client, as_, make_case, samples, method, path, body, success, allowed
):
    for who, (role, subject) in WHO.items():
        ids = make_case(mediators=("med-1",))
        scheduled = client.post(
            f"/api/v1/cases/{ids['case_id']}/sessions",
            json=_session(ids, samples),
            headers=as_("admin"),
        )
        ids["session_id"] = scheduled.json["id"]
        call = getattr(client, method.lower())
        kwargs = {"json": body(ids, samples)} if body else {}
        response = call(path(ids), headers=as_(role, subject), **kwargs)
        expected = success if who in allowed else 403
        assert response.status_code == expected, (who, response.json)
        if expected == 403:
            assert response.json["code"] == "forbidden"
            assert response.json["message"].endswith(".")


def test_a_mediator_lists_only_assigned_cases_and_staff_see_no_confidential_fields(
    client, as_, make_case
):
    mine = make_case(mediators=("med-1",))
    theirs = make_case(mediators=("med-2",))
    listed = client.get("/api/v1/cases", headers=as_("mediator", "med-1")).json
    assert [case["id"] for case in listed] == [mine["case_id"]]
    by_staff = client.get("/api/v1/cases", headers=as_("staff")).json
    assert {case["id"] for case in by_staff} == {mine["case_id"], theirs["case_id"]}
    for case in by_staff:
        assert {"description", "requester_name", "parties"} & set(case) == set()
        assert case["title"] is None  # a title can name the parties
        assert case["status"] == "new"
        assert case["reference"].startswith("M-2027-")
    assert listed[0]["title"] == "Raumvergabe Gemeindezentrum"
    one = client.get(f"/api/v1/cases/{theirs['case_id']}", headers=as_("staff")).json
    assert one["title"] is None and one["status"] == "new"


def test_a_mediator_who_opens_a_case_is_assigned_to_it(client, as_, samples):
    opened = client.post("/api/v1/cases", json=samples["case"], headers=as_("mediator", "med-9"))
    assert [m["subject"] for m in opened.json["mediators"]] == ["med-9"]
    notes = client.get(f"/api/v1/cases/{opened.json['id']}/notes", headers=as_("mediator", "med-9"))
    assert notes.status_code == 200


def test_unknown_case_is_not_found_for_everyone(client, as_):
    path = "/api/v1/cases/00000000-0000-4000-8000-000000000000/notes"
    assert client.get(path, headers=as_("admin")).status_code == 404
    assert client.get(path, headers=as_("mediator", "med-1")).status_code == 404
