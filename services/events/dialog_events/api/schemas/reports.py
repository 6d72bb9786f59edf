"""Schemas of the yearly report (admin only): counts, never a name."""

from marshmallow import Schema, fields, validate

from dialog_platform.web.schemas import StrictSchema


class YearArgsSchema(StrictSchema):
    year = fields.Integer(
        required=True,
        validate=validate.Range(min=2000, max=2100, error="Please give a year from 2000 to 2100."),
    )


def _cell(key: str) -> type[Schema]:
    return Schema.from_dict(
        {
            key: fields.String(),
            #: Null when suppressed.
            "count": fields.Integer(allow_none=True),
            "suppressed": fields.Boolean(),
        },
        name=f"Report{key.title()}Cell",
    )


class EventsHeldSchema(Schema):
    total = fields.Integer()
    by_type = fields.List(fields.Nested(_cell("type")))
    by_month = fields.List(fields.Nested(_cell("month")))


class OrganisationsReachedSchema(Schema):
    #: Distinct organisations (null when suppressed).
    total = fields.Integer(allow_none=True)
    #: round_table_delegate (a member with a delegate that year), recorded_contact.
    by_way = fields.List(fields.Nested(_cell("way")))


class ContactsSchema(Schema):
    total = fields.Integer(allow_none=True)
    by_channel = fields.List(fields.Nested(_cell("channel")))


class YearlyReportSchema(Schema):
    year = fields.Integer()
    min_cell = fields.Integer()
    events_held = fields.Nested(EventsHeldSchema)
    #: Seats of the events held that had a limit.
    places_offered = fields.Integer()
    events_without_seat_limit = fields.Integer()
    round_table_meetings_held = fields.Integer()
    organisations_reached = fields.Nested(OrganisationsReachedSchema)
    contacts = fields.Nested(ContactsSchema)
