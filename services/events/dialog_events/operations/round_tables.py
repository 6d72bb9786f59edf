"""Round tables: create and edit, members joining and leaving, meetings and their minutes.

Every change of a round table, its members or their delegates is a new version of it, told to
the others (``events.round_table.updated``, the current delegates sealed): registrations
invites a delegate added late to the upcoming meetings and cancels a removed one's invitation."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.orm import Session

from dialog_platform.clock import utc_now

from ..domain.errors import AlreadyMember, Archived, InvalidEvent, RoundTableNotFound
from ..domain.lifecycle import EventStatus
from ..messaging import publications
from ..models import Delegate, Event, Membership, RoundTable
from ..queries.events import get_event
from ..queries.organisations import get_organisation
from ..queries.round_tables import current_membership, get_round_table
from .events import new_event
from .lists import rows_as_sent


def create_round_table(session: Session, **values: Any) -> RoundTable:
    round_table = RoundTable(id=uuid.uuid4(), version=1, **values)
    session.add(round_table)
    session.flush()
    return round_table


def changed(session: Session, round_table: RoundTable) -> None:
    """A new version of the round table, told with its current delegates."""
    round_table.version += 1
    session.flush()
    session.refresh(round_table)
    publications.round_table_updated(session, round_table, invitees_of(round_table))


def update_round_table(session: Session, round_table_id: uuid.UUID, values: dict) -> RoundTable:
    round_table = get_round_table(session, round_table_id, lock=True)
    if all(getattr(round_table, name) == value for name, value in values.items()):
        return round_table
    for name, value in values.items():
        setattr(round_table, name, value)
    changed(session, round_table)
    return round_table


def _delegates(membership: Membership | None, entries: list[dict]) -> list[Delegate]:
    """The delegates as ``entries`` say, in the order staff gave them: an entry with the ``id``
    of one of the membership's delegates changes that delegate in place (so their invitations
    stay theirs), one without is a new delegate, those left out are removed."""

    def fill(row: Delegate, entry: dict) -> None:
        for name, value in entry.items():
            if name != "id":
                setattr(row, name, value)

    return rows_as_sent(
        {} if membership is None else {d.id: d for d in membership.delegates},
        entries,
        lambda: Delegate(id=uuid.uuid4()),
        fill,
        "There is no other delegate with this id at this member organisation.",
        "delegates",
    )


def add_member(
    session: Session, round_table_id: uuid.UUID, organisation_id: uuid.UUID, delegates: list[dict]
) -> Membership:
    round_table = get_round_table(session, round_table_id, lock=True)
    organisation = get_organisation(session, organisation_id)
    if organisation.archived_at is not None:
        raise Archived(f"{organisation.name} is archived; restore it before it joins.")
    if any(
        m.organisation_id == organisation.id and m.left_at is None for m in round_table.memberships
    ):
        raise AlreadyMember(f"{organisation.name} is already a member of this round table.")
    membership = Membership(
        id=uuid.uuid4(),
        round_table_id=round_table.id,
        organisation_id=organisation.id,
        joined_at=utc_now(),
        delegates=_delegates(None, delegates),
        delegated_since=utc_now() if delegates else None,
    )
    session.add(membership)
    session.flush()
    changed(session, round_table)
    return membership


def remove_member(session: Session, round_table_id: uuid.UUID, membership_id: uuid.UUID):
    """The organisation leaves; its membership stays in the history with the date."""
    round_table = get_round_table(session, round_table_id, lock=True)
    membership = current_membership(session, round_table_id, membership_id)
    membership.left_at = utc_now()
    changed(session, round_table)
    return membership


def replace_delegates(
    session: Session, round_table_id: uuid.UUID, membership_id: uuid.UUID, delegates: list[dict]
) -> Membership:
    round_table = get_round_table(session, round_table_id, lock=True)
    membership = current_membership(session, round_table_id, membership_id)
    membership.delegates = _delegates(membership, delegates)
    if delegates and membership.delegated_since is None:
        membership.delegated_since = utc_now()
    changed(session, round_table)
    return membership


def invitees_of(round_table: RoundTable) -> list[dict]:
    """Every delegate of every current member organisation."""
    return [
        {
            "delegate_id": delegate.id,
            "name": delegate.name,
            "email": delegate.email,
            "phone": delegate.phone,
            "language": delegate.language,
            "role": delegate.role,
            "organisation_id": membership.organisation_id,
            "organisation_name": membership.organisation.name,
        }
        for membership in round_table.memberships
        if membership.left_at is None
        for delegate in membership.delegates
    ]


def schedule_meeting(session: Session, round_table_id: uuid.UUID, values: dict) -> Event:
    """A meeting is a published round-table event; one message announces it with the
    delegates to invite (it carries the whole event, as ``events.event.published`` would)."""
    round_table = get_round_table(session, round_table_id, lock=True)
    values = {"type": "round_table_meeting", "title": round_table.name} | values
    if values["type"] != "round_table_meeting":
        raise InvalidEvent({"type": ["A round-table meeting has the type round_table_meeting."]})
    event = new_event(
        values,
        status=EventStatus.PUBLISHED,
        published_at=utc_now(),
        round_table_id=round_table.id,
    )
    session.add(event)
    session.flush()
    publications.meeting_scheduled(session, round_table, event, invitees_of(round_table))
    return event


def record_minutes(
    session: Session, round_table_id: uuid.UUID, event_id: uuid.UUID, minutes: str
) -> Event:
    event = get_event(session, event_id, lock=True)
    if event.round_table_id != round_table_id:
        raise RoundTableNotFound("This event is not a meeting of this round table.")
    event.minutes = minutes
    session.flush()
    return event
