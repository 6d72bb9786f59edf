"""Against PostgreSQL, through the HTTP API: after a storm of sign-ups, email confirmations,
cancellations (each promoting the first waiting), holds running out and sign-ups of an address
again after its cancellation, all racing, the event's seat counter equals counting its
registrations, and the waiting list is still in order."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from dialog_platform.clock import utc_now
from dialog_registrations.domain.states import SEATED, RegistrationStatus
from dialog_registrations.models import EventCopy, Registration
from dialog_registrations.operations.seats import expire_holds

from .test_registrations_concurrency import _all_at_once, _post  # the same race rig

SEATS = 8


def _counted(db, event_id) -> tuple[tuple[int, int], tuple[int, int], list[int]]:
    """(counter seats, counter waiting), (COUNT seats, COUNT waiting), the waiting's numbers."""
    r = Registration
    with db.transaction() as session:
        copy = session.get(EventCopy, event_id)
        counter = (copy.seats_taken, copy.waiting)
        counts = session.execute(
            select(
                func.count().filter(r.status.in_(SEATED)),
                func.count().filter(r.status == RegistrationStatus.WAITLISTED),
            ).where(r.event_id == event_id)
        ).one()
        numbers = session.scalars(
            select(r.waitlist_seq)
            .where(r.event_id == event_id, r.status == RegistrationStatus.WAITLISTED)
            .order_by(r.created_at)
        ).all()
        assert all(n <= copy.waitlist_tail for n in numbers)
    return counter, tuple(counts), list(numbers)


def test_the_counter_equals_the_count_after_a_mixed_storm(
    registrations_app, published_event, live_server, sent_messages
):
    event_id = published_event(capacity=SEATS, requires_email_confirmation=True)
    db = registrations_app.extensions["dialog_db"]
    sign_up = f"{live_server}/api/v1/public/events/{event_id}/registrations"
    links = f"{live_server}/api/v1/public/registrations"

    def person(n: int) -> dict:
        return {"name": f"Person {n}", "email": f"person{n}@example.org", "consent": True}

    first = _all_at_once([lambda n=n: _post(sign_up, person(n)) for n in range(30)])
    assert sorted(status for status, _ in first) == [201] * 30
    assert _counted(db, event_id)[:2] == ((SEATS, 22), (SEATS, 22))

    created = {
        m["data"]["participant"]["email"]: m
        for m in sent_messages("registrations.registration.created")
    }

    def token(n: int, link: str) -> str:
        return created[f"person{n}@example.org"]["data"]["links"][link].rsplit("/", 1)[1]

    pending = [
        n for n in range(30) if created[f"person{n}@example.org"]["data"]["status"] == "pending"
    ]
    waiting = [n for n in range(30) if n not in pending]
    storm = (
        [
            lambda n=n: _post(f"{links}/confirm", {"token": token(n, "confirm_url")})
            for n in pending[:3]
        ]
        + [
            lambda n=n: _post(f"{links}/cancel", {"token": token(n, "cancel_url")})
            for n in pending[3:5]
        ]
        + [
            lambda n=n: _post(f"{links}/cancel", {"token": token(n, "cancel_url")})
            for n in waiting[:6]
        ]
        + [lambda n=n: _post(sign_up, person(n)) for n in range(30, 45)]
    )
    answers = _all_at_once(storm)
    assert all(status in (200, 201) for status, _ in answers), answers
    counter, counts, _ = _counted(db, event_id)
    assert counter == counts

    # The holds not confirmed run out: the three of the first sign-ups, and the two the first
    # waiting got when two pending people cancelled (at this event a promoted seat is held
    # for the confirmation too). Their seats go to the next waiting, held again.
    with db.transaction() as session:
        assert expire_holds(session, utc_now() + timedelta(days=3)) == 5
    counter, counts, _ = _counted(db, event_id)
    assert counter == counts and counts[0] == SEATS

    # Cancelled people sign up again with the same address while others cancel and sign up.
    again = (
        [lambda n=n: _post(sign_up, person(n)) for n in pending[3:5] + waiting[:6]]
        + [
            lambda n=n: _post(f"{links}/cancel", {"token": token(n, "cancel_url")})
            for n in waiting[6:12]
        ]
        + [lambda n=n: _post(sign_up, person(n)) for n in range(45, 55)]
    )
    answers = _all_at_once(again)
    assert all(status in (200, 201) for status, _ in answers), answers
    counter, counts, numbers = _counted(db, event_id)
    assert counter == counts and counts[0] == SEATS
    assert numbers == sorted(numbers)  # the waiting list in the order they came


def test_one_address_signing_up_many_times_at_once_gets_one_registration(
    registrations_app, published_event, live_server
):
    event_id = published_event(capacity=SEATS)
    url = f"{live_server}/api/v1/public/events/{event_id}/registrations"
    body = {"name": "Ayşe", "email": "ayse@example.org", "consent": True}
    answers = _all_at_once([lambda: _post(url, body) for _ in range(12)])
    assert sorted(status for status, _ in answers) == [200] * 11 + [201]
    assert len({answer["registration_id"] for _, answer in answers}) == 1
    counter, counts, _ = _counted(registrations_app.extensions["dialog_db"], event_id)
    assert counter == counts == (1, 0)
