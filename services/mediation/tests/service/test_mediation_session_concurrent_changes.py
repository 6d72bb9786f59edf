"""Two staff members change one session at the same time: both read it scheduled, the first
cancels it, the second's reschedule finds it changed (409 Conflict) and writes nothing."""

import uuid

import pytest

from dialog_mediation import queries
from dialog_mediation.domain.errors import Conflict
from dialog_mediation.operations import sessions
from dialog_platform.auth import Principal
from dialog_platform.testing.messages import outbox_messages


def test_of_two_changes_from_one_reading_only_the_first_applies(
    mediation_app, client, as_, make_case, samples
):
    ids = make_case()
    url = f"/api/v1/cases/{ids['case_id']}/sessions"
    body = samples["session"] | {"party_ids": [ids["party_id"]]}
    scheduled = client.post(url, json=body, headers=as_("admin"))
    assert scheduled.status_code == 201, scheduled.json
    case_id, session_id = uuid.UUID(ids["case_id"]), uuid.UUID(scheduled.json["id"])
    actor = Principal("adm-1", "Admin", frozenset({"admin"}))
    db = mediation_app.extensions["dialog_db"]

    first, second = db.sessions(), db.sessions()
    try:
        # Both have read the session (their copies are kept: scheduled, version 1).
        read = [queries.get_session(unit, case_id, session_id) for unit in (first, second)]
        assert [(s.status, s.version) for s in read] == [("scheduled", 1)] * 2
        sessions.cancel_session(first, actor, case_id, session_id)
        first.commit()
        with pytest.raises(Conflict, match="changed at the same time"):
            sessions.reschedule_session(second, actor, case_id, session_id, place="Rathaus")
        second.rollback()
    finally:
        first.close()
        second.close()

    listed = client.get(url, headers=as_("admin")).json
    assert [(s["status"], s["version"], s["place"]) for s in listed] == [
        ("cancelled", 2, "Begegnungsstätte, Raum 2")
    ]
    assert [
        m["type"] for m in outbox_messages(db) if m["type"].startswith("mediation.session")
    ] == [
        "mediation.session.scheduled",
        "mediation.session.cancelled",
    ]
