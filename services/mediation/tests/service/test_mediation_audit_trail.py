"""The audit trail: every read of notes (and of other confidential parts) and every change is
recorded with who and what, in the same transaction; a refused change records nothing; the
trail can be read by admins only and changed by nobody, through the API or in the database."""

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError


def _trail(client, as_, case_id):
    entries = client.get(f"/api/v1/audit?case_id={case_id}", headers=as_("admin")).json
    return [(e["actor_subject"], e["action"], e["detail"]) for e in reversed(entries)]


def test_reads_and_changes_are_recorded_with_who_and_what(client, as_, make_case):
    ids = make_case()
    case_id, mediator = ids["case_id"], as_("mediator", "med-1")
    assert client.get(f"/api/v1/cases/{case_id}/notes", headers=mediator).status_code == 200
    note = client.post(
        f"/api/v1/cases/{case_id}/notes", json={"kind": "note", "body": "x"}, headers=mediator
    )
    client.get(f"/api/v1/cases/{case_id}/details", headers=as_("admin"))
    client.post(f"/api/v1/cases/{case_id}/status", json={"status": "in_progress"}, headers=mediator)

    trail = _trail(client, as_, case_id)
    assert trail[0][:2] == ("admin-1", "case.opened")
    assert [action for _who, action, _ in trail] == [
        "case.opened",
        "case.mediators_set",
        "party.added",
        "notes.read",
        "note.added",
        "case.details_read",
        "case.status_changed",
    ]
    assert trail[3][0] == "med-1"
    assert trail[-1] == ("med-1", "case.status_changed", "new -> in_progress")
    entries = client.get(f"/api/v1/audit?case_id={case_id}", headers=as_("admin")).json
    assert entries[0]["at"].endswith("+00:00")
    assert any(e["target_id"] == note.json["id"] for e in entries)


def test_refused_requests_leave_no_trace(client, as_, make_case):
    ids = make_case()
    case_id = ids["case_id"]
    before = _trail(client, as_, case_id)
    wrong = client.post(
        f"/api/v1/cases/{case_id}/status", json={"status": "closed"}, headers=as_("admin")
    )
    assert wrong.status_code == 409
    denied = client.get(f"/api/v1/cases/{case_id}/notes", headers=as_("mediator", "med-2"))
    assert denied.status_code == 403
    assert _trail(client, as_, case_id) == before


def test_the_audit_trail_cannot_be_altered_through_the_api(client, as_, make_case):
    ids = make_case()
    entries = client.get("/api/v1/audit", headers=as_("admin")).json
    assert entries
    for method in ("put", "patch", "delete", "post"):
        call = getattr(client, method)
        assert call("/api/v1/audit", headers=as_("admin"), json={}).status_code == 405
        one = call(f"/api/v1/audit/{entries[0]['id']}", headers=as_("admin"), json={})
        assert one.status_code == 404
    assert client.get("/api/v1/audit", headers=as_("admin")).json[: len(entries)] == entries
    assert (
        client.get(f"/api/v1/audit?case_id={ids['case_id']}", headers=as_("staff")).status_code
        == 403
    )


@pytest.mark.parametrize("table", ["audit_entry", "timeline_entry"])
@pytest.mark.parametrize("statement", ["UPDATE {t} SET case_id = NULL", "DELETE FROM {t}"])
def test_the_database_refuses_to_change_append_only_tables(
    mediation_app, client, as_, make_case, table, statement
):
    ids = make_case()
    client.post(
        f"/api/v1/cases/{ids['case_id']}/notes",
        json={"kind": "note", "body": "x"},
        headers=as_("admin"),
    )
    db = mediation_app.extensions["dialog_db"]
    with pytest.raises(DBAPIError, match="append-only"), db.transaction() as session:
        session.execute(text(statement.format(t=table)))
    with db.transaction() as session:
        assert session.execute(text(f"SELECT count(*) FROM {table}")).scalar_one() > 0
