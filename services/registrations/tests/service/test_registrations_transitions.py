"""Every status change the service makes is one its tables allow, and every change its tables
allow is one the service makes: each use case runs against the real database while every
status set on a registration or an invitation is recorded."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import event

from dialog_registrations.domain.states import (
    INVITATION_TRANSITIONS,
    REGISTRATION_TRANSITIONS,
    SIGN_UP_TRANSITIONS,
    SUBSCRIPTION_TRANSITIONS,
)
from dialog_registrations.models import Invitation, Registration, Subscription
from dialog_registrations.operations.cancel import cancel_registration
from dialog_registrations.operations.checkin import check_in
from dialog_registrations.operations.invitations import answer_invitation
from dialog_registrations.operations.seats import expire_holds
from dialog_registrations.operations.signup import Applicant, confirm_email, sign_up
from dialog_registrations.operations.subscriptions import (
    confirm_subscription,
    find_topic,
    subscribe,
    unsubscribe,
)


def _edges(*tables) -> set[tuple]:
    return {
        (None if current is None else str(current), str(target))
        for table in tables
        for current, targets in table.items()
        for target in targets
    }


@pytest.fixture
def performed():
    """(previous status, new status) of every status assignment while the test runs."""
    seen: set[tuple] = set()

    def record(_target, value, old, _initiator):
        seen.add((old if isinstance(old, str) else None, str(value)))

    for model in (Registration, Invitation, Subscription):
        event.listen(model.status, "set", record)
    yield seen
    for model in (Registration, Invitation, Subscription):
        event.remove(model.status, "set", record)


def test_the_code_performs_exactly_the_transitions_of_its_tables(
    registrations_app, published_event, deliver_message, event_snapshot, performed
):
    db = registrations_app.extensions["dialog_db"]
    now = datetime.now(UTC)
    later = now + timedelta(hours=49)  # past every hold of a seat

    def do(operation, *args, **kwargs):
        with db.transaction() as session:
            return operation(session, *args, **kwargs)

    def join(event_id, email, at=now):
        person = Applicant(name=email.split("@")[0], email=email, language="de", consent=True)
        return do(sign_up, event_id, person, source="api", now=at).registration.id

    # A full event that asks to confirm the address.
    full = published_event(capacity=2, requires_email_confirmation=True)
    a, _b, c = join(full, "a@example.org"), join(full, "b@example.org"), join(full, "c@example.org")
    do(confirm_email, a, now=now)
    do(cancel_registration, c, by="participant")
    join(full, "c@example.org")  # cancelled -> waitlisted
    do(expire_holds, later)  # b expires, c is promoted to a held seat
    join(full, "b@example.org", at=later)  # expired -> waitlisted
    do(cancel_registration, a, by="staff", reason="Doppelt angemeldet", now=later)
    join(full, "a@example.org", at=later)  # cancelled -> waitlisted
    do(confirm_email, a, now=later)  # a confirms while waiting (no change of status)
    do(cancel_registration, c, by="participant", now=later)  # c's held seat -> a, seated

    # An event with room, first with and then without confirmation by email.
    roomy = event_snapshot(capacity=10, requires_email_confirmation=True)
    deliver_message("events.event.published", roomy)
    d, _g = join(roomy["event_id"], "d@example.org"), join(roomy["event_id"], "g@example.org")
    do(cancel_registration, d, by="participant")
    join(roomy["event_id"], "d@example.org")  # cancelled -> pending
    do(expire_holds, later)
    join(roomy["event_id"], "d@example.org", at=later)  # expired -> pending
    deliver_message(
        "events.event.updated",
        roomy
        | {
            "version": 3,
            "requires_email_confirmation": False,
            "changed_fields": [],
            "material": False,
        },
    )
    join(roomy["event_id"], "g@example.org", at=later)  # expired -> confirmed

    # An event without confirmation: seats at once, and the door.
    open_event = published_event(capacity=10, requires_email_confirmation=False)
    e, f = join(open_event, "e@example.org"), join(open_event, "f@example.org")
    do(cancel_registration, e, by="participant")
    e = join(open_event, "e@example.org")  # cancelled -> confirmed
    at_the_door = datetime.fromisoformat(event_snapshot()["starts_at"])  # the events' start
    for status in ("attended", "no_show", "attended", "confirmed", "no_show", "confirmed"):
        do(check_in, e, status, now=at_the_door)  # ... and undone (confirmed again)
    do(check_in, f, "no_show", now=at_the_door)

    # A round-table meeting: one delegate accepts, one declines, the third leaves and
    # comes back.
    round_table = uuid.uuid4()
    meeting = event_snapshot(type="round_table_meeting", capacity=5, round_table_id=round_table)
    invitees = [
        {
            "delegate_id": uuid.uuid4(),
            "name": name,
            "email": f"{name}@example.org",
            "organisation_id": uuid.uuid4(),
            "organisation_name": "Cemevi",
        }
        for name in ("cem", "derya", "emre")
    ]
    deliver_message(
        "events.round_table.meeting_scheduled",
        {
            "round_table_id": round_table,
            "round_table_name": "Runder Tisch",
            "event": meeting,
            "invitees": invitees,
        },
    )
    with db.transaction() as session:
        sent = session.query(Invitation).order_by(Invitation.name).all()
    do(answer_invitation, sent[0].id, "accepted", consent=True, shown_in="de")
    do(answer_invitation, sent[1].id, "declined")
    staying = [i for i in invitees if i["delegate_id"] != sent[2].delegate_id]
    for version, members in ((2, staying), (3, invitees)):  # the open one removed, then back
        deliver_message(
            "events.round_table.updated",
            {
                "round_table_id": round_table,
                "version": version,
                "round_table_name": "Runder Tisch",
                "invitees": members,
            },
        )

    # Subscriptions: one confirmed and ended, one ended before it was confirmed.
    def subscription(email):
        with db.transaction() as session:
            topic = find_topic(session, "event_type", "evening_lecture")
            return subscribe(session, topic, "Name", email, "de", "de")[0].id

    confirmed, unconfirmed = subscription("s1@example.org"), subscription("s2@example.org")
    do(confirm_subscription, confirmed)
    do(unsubscribe, confirmed)
    do(unsubscribe, unconfirmed)

    allowed = _edges(
        REGISTRATION_TRANSITIONS,
        SIGN_UP_TRANSITIONS,
        INVITATION_TRANSITIONS,
        SUBSCRIPTION_TRANSITIONS,
    )
    assert performed - allowed == set(), "the code made a change its tables do not allow"
    assert allowed - performed == set(), "the tables allow a change the code never makes"
