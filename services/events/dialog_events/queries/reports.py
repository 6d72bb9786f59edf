"""The funder's yearly report of the events service: only fixed vocabularies and counts, from
rows that keep no personal data (events, memberships with the date they first sent a delegate,
the contact log's dates and channels), so an erasure changes none of the figures.

The programme's events are public facts and are counted as they are; counts of organisations
and of contacts are suppressed below ``min_cell`` (``dialog_platform.figures``).
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from dialog_platform.clock import utc_now
from dialog_platform.figures import safe_total, suppress
from dialog_platform.locale import BERLIN
from dialog_platform.messaging.contracts.events import EVENT_TYPES

from ..domain.lifecycle import EventStatus
from ..models import Event, Membership, OrganisationContact
from ..models.contact_log import CONTACT_CHANNELS


def _cells(name: str, counts: dict[str, int], min_cell: int | None) -> list[dict]:
    if min_cell is None:
        return [{name: key, "count": n, "suppressed": False} for key, n in counts.items()]
    return [
        {name: cell["key"], "count": cell["count"], "suppressed": cell["suppressed"]}
        for cell in suppress(counts, min_cell)
    ]


def yearly(session: Session, year: int, min_cell: int) -> dict:
    start = datetime(year, 1, 1, tzinfo=BERLIN)
    end = datetime(year + 1, 1, 1, tzinfo=BERLIN)
    held = session.execute(
        select(Event.type, Event.starts_at, Event.capacity).where(
            Event.published_at.is_not(None),
            Event.status.in_((EventStatus.PUBLISHED, EventStatus.COMPLETED)),
            Event.starts_at >= start,
            Event.starts_at < end,
            Event.ends_at <= utc_now(),
        )
    ).all()
    by_type = Counter(row.type for row in held)
    by_month = Counter(f"{row.starts_at.astimezone(BERLIN):%Y-%m}" for row in held)
    months = [f"{year}-{month:02d}" for month in range(1, 13)]

    members = set(
        session.scalars(
            select(Membership.organisation_id).where(
                Membership.delegated_since < end,
                Membership.joined_at < end,
                or_(Membership.left_at.is_(None), Membership.left_at >= start),
            )
        )
    )
    contacts = session.execute(
        select(OrganisationContact.organisation_id, OrganisationContact.channel).where(
            and_(
                OrganisationContact.happened_on >= date(year, 1, 1),
                OrganisationContact.happened_on < date(year + 1, 1, 1),
            )
        )
    ).all()
    contacted = {row.organisation_id for row in contacts}
    by_channel = Counter(row.channel for row in contacts)
    return {
        "year": year,
        "min_cell": min_cell,
        "events_held": {
            "total": len(held),
            "by_type": _cells("type", {t: by_type.get(t, 0) for t in EVENT_TYPES}, None),
            "by_month": _cells("month", {m: by_month.get(m, 0) for m in months}, None),
        },
        "places_offered": sum(row.capacity for row in held if row.capacity is not None),
        "events_without_seat_limit": sum(1 for row in held if row.capacity is None),
        "round_table_meetings_held": by_type.get("round_table_meeting", 0),
        "organisations_reached": {
            "total": safe_total(len(members | contacted), min_cell),
            "by_way": _cells(
                "way",
                {"round_table_delegate": len(members), "recorded_contact": len(contacted)},
                min_cell,
            ),
        },
        "contacts": {
            "total": safe_total(len(contacts), min_cell),
            "by_channel": _cells(
                "channel", {c: by_channel.get(c, 0) for c in CONTACT_CHANNELS}, min_cell
            ),
        },
    }
