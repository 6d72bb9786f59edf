"""Staff routes of the contact point's log ("lokale Anlaufstelle"): contacts with an
organisation, and what is due."""

from __future__ import annotations

import uuid

from flask.views import MethodView

from dialog_platform.auth import current_principal
from dialog_platform.clock import today
from dialog_platform.db import committed, request_session
from dialog_platform.web import api_blueprint

from ..operations import contact_log as operations
from ..queries import contact_log as queries
from .organisations import NO_ORGANISATION
from .schemas.contact_log import (
    ContactLogEntryPatchSchema,
    ContactLogEntrySchema,
    DueQueryArgsSchema,
)
from .staff import PLANNERS, READERS

blp = api_blueprint(
    "contact_log",
    "",
    "The contact point's log: contacts with organisations and their follow-ups (staff).",
)


@blp.route("/organisations/<uuid:organisation_id>/contacts")
class Contacts(MethodView):
    @blp.operation(READERS, 200, ContactLogEntrySchema(many=True), not_found=NO_ORGANISATION)
    def get(self, organisation_id: uuid.UUID):
        """The organisation's contacts, latest first."""
        return queries.contacts_of(request_session(), organisation_id)

    @blp.operation(
        PLANNERS, 201, ContactLogEntrySchema, body=ContactLogEntrySchema, not_found=NO_ORGANISATION
    )
    def post(self, values, organisation_id: uuid.UUID):
        """Record a contact; who took it is the token's subject."""
        subject = current_principal().subject
        return committed(operations.record_contact, organisation_id, subject, values)


@blp.route("/organisations/<uuid:organisation_id>/contacts/<uuid:contact_id>")
class ContactById(MethodView):
    @blp.operation(
        PLANNERS,
        200,
        ContactLogEntrySchema,
        body=ContactLogEntryPatchSchema(partial=True),
        not_found="No such contact in this organisation's log.",
    )
    def patch(self, values, organisation_id: uuid.UUID, contact_id: uuid.UUID):
        """Change a contact; ``done`` marks its follow-up done (or open again)."""
        return committed(operations.change_contact, organisation_id, contact_id, values)


@blp.route("/contacts/due")
class DueContacts(MethodView):
    @blp.operation(READERS, 200, ContactLogEntrySchema(many=True), query=DueQueryArgsSchema)
    def get(self, args):
        """Open follow-ups due by ``until`` (default today), the most overdue first."""
        return queries.due(request_session(), args.get("until") or today())
