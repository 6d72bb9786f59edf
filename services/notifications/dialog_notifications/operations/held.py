"""What a batch of registration messages finds held: their events, their recipients and those
recipients' deliveries, read in one statement each before the batch is handled and kept up to
date as it goes, so that each message in turn reads nothing more and the writes of all of them
go out together at the end."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from dialog_platform.messaging.copies import read_copies

from ..models import REMINDER, Delivery, EventCopy, Recipient


@dataclass
class Held:
    events: dict[uuid.UUID, EventCopy]
    recipients: dict[uuid.UUID, Recipient]
    #: recipient id -> their deliveries, by dedup key
    deliveries: dict[uuid.UUID, dict[str, Delivery]]

    @classmethod
    def read(
        cls, session: Session, event_ids: Iterable[uuid.UUID], recipient_ids: Iterable[uuid.UUID]
    ) -> Held:
        recipients = read_copies(session, Recipient, recipient_ids)
        deliveries: dict[uuid.UUID, dict[str, Delivery]] = {}
        if recipients:
            query = select(Delivery).where(Delivery.recipient_id.in_(list(recipients)))
            for delivery in session.scalars(query):
                deliveries.setdefault(delivery.recipient_id, {})[delivery.dedup_key] = delivery
        return cls(read_copies(session, EventCopy, event_ids), recipients, deliveries)

    def deliveries_of(self, recipient_id: uuid.UUID) -> dict[str, Delivery]:
        """The recipient's deliveries by dedup key; a delivery queued for them goes in here."""
        return self.deliveries.setdefault(recipient_id, {})

    def reminders_of(self, recipient_id: uuid.UUID, event_id: uuid.UUID) -> list[Delivery]:
        """As ``queries.reminders_of``: the recipient's reminders of the event, in every status."""
        return [
            delivery
            for delivery in self.deliveries_of(recipient_id).values()
            if delivery.event_id == event_id and delivery.kind == REMINDER
        ]
