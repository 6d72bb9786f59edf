"""Contracts of the privacy messages: erasure (Art. 17) and access export (Art. 15) requests,
published by registrations (which keeps the requests and the erasure ledger), and each other
service's answers. A request names the person only by keyed hashes of their email address and
phone number (one per data key), never in clear; an export's document travels sealed."""

from marshmallow import Schema, fields, validate

from . import contract
from .sealed import Sealed

ANSWERING_SERVICES = ("events", "notifications", "mediation")
_HASH = fields.String(validate=validate.Length(equal=64))


class PersonRequest(Schema):
    """Who a request is about, by keyed hashes (``dialog_platform.personal``)."""

    request_id = fields.UUID(required=True)
    email_hashes = fields.List(_HASH, load_default=list)
    phone_hashes = fields.List(_HASH, load_default=list)


@contract("registrations.erasure.requested", 1)
class ErasureRequested(PersonRequest):
    """Published by registrations when an admin requests the erasure of a person (or replays
    the erasure ledger after a restore): every other service erases or pseudonymises what it
    holds about them, in its database, outbox, dead letters and files, then confirms."""


@contract("registrations.export.requested", 1)
class ExportRequested(PersonRequest):
    """Published by registrations when an admin requests an access export of a person: every
    other service answers with what it holds about them."""


class ErasureDone(Schema):
    request_id = fields.UUID(required=True)
    #: What was erased, e.g. {"delegates": 1, "dead_letters": 0}: counts only.
    erased = fields.Dict(keys=fields.String(), values=fields.Integer(), load_default=dict)
    completed_at = fields.AwareDateTime(required=True)


class ExportDocument(Schema):
    """What one service holds about the person, by kind of record."""

    records = fields.Dict(keys=fields.String(), values=fields.Raw(), required=True)


class ExportDone(Schema):
    request_id = fields.UUID(required=True)
    document = Sealed(ExportDocument, required=True)


for _service in ANSWERING_SERVICES:
    contract(f"{_service}.erasure.completed", 1)(
        type(
            f"{_service.title()}ErasureCompleted",
            (ErasureDone,),
            {
                "__doc__": f"Published by {_service} when it has erased a person of an erasure "
                "request (``erased``: how many records of each kind)."
            },
        )
    )
    contract(f"{_service}.export.completed", 1)(
        type(
            f"{_service.title()}ExportCompleted",
            (ExportDone,),
            {
                "__doc__": f"Published by {_service} with what it holds about the person of an "
                "export request (sealed)."
            },
        )
    )
