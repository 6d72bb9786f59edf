"""Contracts of the messages the notifications service publishes (one schema per type and version,
each with a docstring: who publishes it, when, what ``data`` holds).

No personal data: ids, the kind of message, the channel, the outcome. Who the recipient is stays
in the notifications service (its staff API shows the delivery log).
"""

from marshmallow import Schema, fields, validate

from . import contract

DELIVERY_CHANNELS = ("email", "sms")


class DeliveryOutcome(Schema):
    """One delivery's outcome."""

    delivery_id = fields.UUID(required=True)
    #: The registration, invitation or mediation party the message went to.
    recipient_id = fields.UUID(required=True)
    #: The event, or the mediation session.
    event_id = fields.UUID(required=True)
    #: The template kind, e.g. seat_confirmed, reminder, invitation.
    kind = fields.String(required=True, validate=validate.Length(min=1, max=40))
    channel = fields.String(required=True, validate=validate.OneOf(DELIVERY_CHANNELS))
    status = fields.String(required=True, validate=validate.OneOf(["sent", "failed"]))
    attempts = fields.Integer(required=True, validate=validate.Range(min=0))
    #: The provider's answer for a failure (no address in it); empty when sent.
    error = fields.String(load_default="", validate=validate.Length(max=1000))
    occurred_at = fields.AwareDateTime(required=True)


@contract("notifications.delivery.sent", 1)
class DeliverySent(DeliveryOutcome):
    """Published by notifications when a mail or SMS was accepted by the SMTP server or the SMS
    provider. ``status`` is "sent"."""


@contract("notifications.delivery.failed", 1)
class DeliveryFailed(DeliveryOutcome):
    """Published by notifications when a delivery failed for good: the address or number was
    refused, or every retry failed. ``status`` is "failed", ``error`` the provider's answer."""


@contract("notifications.reminders.stopped", 1)
class RemindersStopped(Schema):
    """Published by notifications when a person pressed "stop reminders" in a message: the
    registrations service records the withdrawal of their consent to reminders by SMS."""

    #: The registration (or invitation) the reminders were for.
    recipient_id = fields.UUID(required=True)
    stopped_at = fields.AwareDateTime(required=True)


@contract("notifications.announcements.stopped", 1)
class AnnouncementsStopped(Schema):
    """Published by notifications when a contact person of the directory used the unsubscribe
    link of an announcement (the page's button, or a mail program's one-click): the events
    service withdraws their consent to announcements, so the next ones leave them out."""

    #: The contact person (the events service's id) the announcement was written to.
    contact_person_id = fields.UUID(required=True)
    stopped_at = fields.AwareDateTime(required=True)
