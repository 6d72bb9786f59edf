"""Contracts of the messages the mediation service publishes.

Mediation is confidential: messages carry no case title, description, notes or category; only
what an invitation needs (when, where, who is invited, a neutral case reference).
"""

from marshmallow import Schema, fields, validate

from . import contract
from .people import Person
from .sealed import Sealed


class SessionParty(Person):
    """A party invited to a session, with the channels to reach them."""

    party_id = fields.UUID(required=True)


class SessionSnapshot(Schema):
    """A mediation session as notifications needs it."""

    session_id = fields.UUID(required=True)
    #: Neutral reference such as "M-2027-014", never the case title.
    case_reference = fields.String(required=True, validate=validate.Length(min=1, max=40))
    #: Grows with every change of the session.
    version = fields.Integer(required=True, validate=validate.Range(min=1))
    starts_at = fields.AwareDateTime(required=True)
    ends_at = fields.AwareDateTime(required=True)
    place = fields.String(required=True, validate=validate.Length(min=1, max=500))
    parties = Sealed(SessionParty, many=True, required=True)


@contract("mediation.session.scheduled", 1)
class SessionScheduled(SessionSnapshot):
    """Published when a mediator schedules a session; notifications invites each party."""


@contract("mediation.session.rescheduled", 1)
class SessionRescheduled(SessionSnapshot):
    """Published when a session's time or place changes; ``previous_starts_at`` and
    ``previous_place`` hold the old values, so the parties can be told what changed."""

    previous_starts_at = fields.AwareDateTime(required=True)
    previous_place = fields.String(required=True)


@contract("mediation.session.cancelled", 1)
class SessionCancelled(SessionSnapshot):
    """Published when a session is called off; the parties are told."""


@contract("mediation.case.opened", 1)
class CaseOpened(Schema):
    """Published when a case is opened: for figures only, no personal data."""

    case_id = fields.UUID(required=True)
    case_reference = fields.String(required=True)
    opened_on = fields.Date(required=True)


@contract("mediation.case.closed", 1)
class CaseClosed(Schema):
    """Published when a case is closed: for figures only, no personal data."""

    case_id = fields.UUID(required=True)
    case_reference = fields.String(required=True)
    closed_on = fields.Date(required=True)
