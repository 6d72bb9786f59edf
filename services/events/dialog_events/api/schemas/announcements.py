"""Schemas of announcements of an event to the directory (staff only)."""

from marshmallow import fields, validate

from dialog_platform.web.schemas import StrictSchema, text

from ...models.organisations import ACTIVITIES


class AnnouncementSchema(StrictSchema):
    """Pick organisations of the directory (not archived) by tags, cities and activities:
    each list given must match (any of its values). ``announcement_id`` is made by the client:
    sending the same one again returns the announcement without sending it twice."""

    announcement_id = fields.UUID(required=True, attribute="id")
    event_id = fields.UUID(dump_only=True)
    tags = fields.List(
        text(100),
        load_default=list,
        validate=validate.Length(max=30),
    )
    cities = fields.List(
        text(200),
        load_default=list,
        validate=validate.Length(max=30),
    )
    activities = fields.List(fields.String(validate=validate.OneOf(ACTIVITIES)), load_default=list)
    #: How many organisations were picked, and how many of their contact persons (who agreed
    #: to announcements) were written to.
    organisations_count = fields.Integer(dump_only=True)
    recipients_count = fields.Integer(dump_only=True)
    staff_subject = fields.String(dump_only=True)
    announced_at = fields.AwareDateTime(dump_only=True)
