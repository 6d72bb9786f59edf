"""Request and response schemas of the events API, one module per resource: events,
organisations, round tables; ``StrictSchema`` is the base of every request schema."""

from marshmallow import RAISE, Schema


class StrictSchema(Schema):
    """Refuses fields it does not declare (a typo is a 422 naming it, never ignored)."""

    class Meta:
        unknown = RAISE
