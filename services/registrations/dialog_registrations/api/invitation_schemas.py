"""Request and response schemas of the staff's invitations routes."""

from __future__ import annotations

from marshmallow import (
    ValidationError,
    fields,
    validate,
    validates_schema,
)

from dialog_platform.locale import LANGUAGES
from dialog_platform.web.schemas import ReadOnlySchema

from .schemas import TypedInputSchema, personal_detail

#: What staff see of an invitation's state (``sent`` is shown as ``invited``).
STAFF_STATUSES = {"sent": "invited", "accepted": "accepted", "declined": "declined"}


class InvitationSchema(ReadOnlySchema):
    """An invitation as staff follow it: who, by which channels (not the address or number),
    and how it stands."""

    id = fields.UUID()
    event_id = fields.UUID()
    round_table_name = fields.String()
    name = personal_detail()
    organisation_name = personal_detail()
    language = fields.String()
    #: email and/or sms: how the invitation reaches the person.
    channels = fields.Method("_channels")
    #: invited, accepted, declined or cancelled.
    status = fields.Method("_status")
    #: round_table (a delegate) or staff (invited by hand).
    source = fields.String()
    sent_at = fields.AwareDateTime()
    resent_at = fields.AwareDateTime(allow_none=True)
    answered_at = fields.AwareDateTime(allow_none=True)
    cancelled_at = fields.AwareDateTime(allow_none=True)
    #: delegate_removed, meeting_cancelled or staff, when cancelled.
    cancel_reason = fields.String(allow_none=True)
    registration_id = fields.UUID(allow_none=True)
    erased = fields.Method("_erased")

    def _channels(self, invitation) -> list[str]:
        return [c for c, v in (("email", invitation.email), ("sms", invitation.phone)) if v]

    def _status(self, invitation) -> str:
        return STAFF_STATUSES.get(invitation.status, invitation.status)

    def _erased(self, invitation) -> bool:
        return invitation.erased_at is not None


class InviteSchema(TypedInputSchema):
    """One more person to invite: a name, an address and/or a number, their language."""

    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    email = fields.Email(load_default=None, allow_none=True, validate=validate.Length(max=254))
    phone = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=40))
    language = fields.String(load_default="de", validate=validate.OneOf(LANGUAGES))
    organisation_name = fields.String(load_default="", validate=validate.Length(max=200))

    blank_is_missing = ("email", "phone")

    @validates_schema
    def reachable(self, data, **_kwargs) -> None:
        if not data.get("email") and not data.get("phone"):
            raise ValidationError("Please give an email address, a phone number or both.")
