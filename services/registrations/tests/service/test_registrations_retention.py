"""Retention with the platform clock standing still: ``dialog-registrations retain`` takes every
personal detail from registrations and invitations of events that ended more than
REGISTRATIONS_RETENTION_DAYS ago (every figure stays), keeps those within the period, deletes
export requests older than a day; ``--dry-run`` says the same and changes nothing; messages
about an erased person that the relay sent after the erasure are swept too."""

from __future__ import annotations

import uuid
from datetime import timedelta

from click.testing import CliRunner

from dialog_registrations.cli import main as registrations_cli
from dialog_registrations.models import ExportRequest

from ..conftest import AYSE, event_data
from .test_registrations_erasure import _relay_everything, _rows_as_text


def _event(start, **overrides) -> dict:
    return event_data(
        starts_at=start.isoformat(), ends_at=(start + timedelta(hours=2)).isoformat(), **overrides
    )


def test_retention_past_the_period_within_it_and_dry(
    registrations_app, deliver_message, staff_headers, clock
):
    client, staff = registrations_app.test_client(), staff_headers("staff")
    past, kept = _event(clock.now + timedelta(days=1)), _event(clock.now + timedelta(days=10))
    for event in (past, kept):
        deliver_message("events.event.published", event)
        for person in (AYSE | {"sms_consent": True}, {"name": "Cem", "email": "cem@example.org"}):
            answer = client.post(
                f"/api/v1/public/events/{event['event_id']}/registrations",
                json=person | {"consent": True},
            )
            assert answer.status_code == 201
    deliver_message(
        "events.round_table.meeting_scheduled",
        {
            "round_table_id": uuid.uuid4(),
            "round_table_name": "Runder Tisch",
            "event": past | {"type": "round_table_meeting"},
            "invitees": [
                {
                    "delegate_id": uuid.uuid4(),
                    "name": "Derya",
                    "email": "derya@example.org",
                    "organisation_id": uuid.uuid4(),
                    "organisation_name": "Cemevi",
                }
            ],
        },
    )
    export = client.post(
        "/api/v1/privacy/exports", json={"email": "cem@example.org"}, headers=staff_headers("admin")
    )
    assert export.status_code == 201

    def rows(event):
        url = f"/api/v1/events/{event['event_id']}/registrations"
        return [(r["name"], r["email"], r["status"]) for r in client.get(url, headers=staff).json]

    def counts(event):
        url = f"/api/v1/events/{event['event_id']}/registrations/counts"
        return client.get(url, headers=staff).json

    before = {"past": rows(past), "kept": rows(kept)}
    figures = [counts(past), counts(kept)]
    # The first event ended 30 days and an hour ago; the second 21 days ago.
    clock.advance(days=31, hours=3)
    runner = CliRunner()

    dry = runner.invoke(registrations_cli, ["retain", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert (
        "retention (dry run): of 1 event(s) that ended more than 30 days ago, 2 registration(s) and "
        "1 invitation(s) would be pseudonymised; 1 export request(s) older than a day, "
        "0 dead letter(s) about such events and 0 sent message(s) naming an erased person "
        "would be deleted"
    ) in dry.output
    assert {"past": rows(past), "kept": rows(kept)} == before
    with registrations_app.extensions["dialog_db"].transaction() as session:
        assert session.query(ExportRequest).count() == 1

    done = runner.invoke(registrations_cli, ["retain"])
    assert done.exit_code == 0, done.output
    assert "2 registration(s) and 1 invitation(s) were pseudonymised" in done.output
    assert "1 export request(s) older than a day" in done.output
    assert rows(past) == [(None, None, status) for _name, _email, status in before["past"]]
    assert rows(kept) == before["kept"]
    assert [counts(past), counts(kept)] == figures
    tables = _rows_as_text(registrations_app.extensions["dialog_db"])
    assert "derya" not in " ".join(tables["invitation"]).lower()
    assert tables["export_request"] == [] and tables["export_part"] == []

    again = runner.invoke(registrations_cli, ["retain"])
    assert "0 registration(s) and 0 invitation(s) were pseudonymised" in again.output


def test_messages_sent_after_an_erasure_are_swept_by_the_next_run(
    registrations_app, published_event, staff_headers
):
    client = registrations_app.test_client()
    event_id = published_event()
    answer = client.post(
        f"/api/v1/public/events/{event_id}/registrations", json=AYSE | {"consent": True}
    )
    assert answer.status_code == 201
    erased = client.post(
        "/api/v1/privacy/erasures", json={"email": AYSE["email"]}, headers=staff_headers("admin")
    )
    assert erased.json["services"][0]["erased"]["outbox"] == 0  # not sent yet: not swept
    _relay_everything(registrations_app)  # her sign-up went out after the erasure
    outbox = _rows_as_text(registrations_app.extensions["dialog_db"])["outbox"]
    assert any(AYSE["email"].lower() in row.lower() for row in outbox)

    done = CliRunner().invoke(registrations_cli, ["retain"])
    assert done.exit_code == 0, done.output
    assert "and 2 sent message(s) naming an erased person were deleted" in done.output
    outbox = _rows_as_text(registrations_app.extensions["dialog_db"])["outbox"]
    assert not any(AYSE["email"].lower() in row.lower() for row in outbox)
