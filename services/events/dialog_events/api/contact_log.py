"""Staff routes of the contact point's log ("lokale Anlaufstelle"): contacts with an
organisation, and what is due."""

from __future__ import annotations

import uuid

from flask.views import MethodView

from dialog_platform.auth import current_principal, roles_required
from dialog_platform.clock import today
from dialog_platform.db import committed, request_session
from dialog_platform.web import api_blueprint

from ..operations import contact_log as operations
from ..queries import contact_log as queries
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
    @roles_required(*READERS)
    @blp.response(200, ContactLogEntrySchema(many=True))
    @blp.alt_response(404, description="There is no organisation with this id.")
    def get(self, organisation_id: uuid.UUID):
        """The organisation's contacts, latest first."""
        return queries.contacts_of(request_session(), organisation_id)

    @roles_required(*PLANNERS)
    @blp.arguments(ContactLogEntrySchema)
    @blp.response(201, ContactLogEntrySchema)
    @blp.alt_response(404, description="There is no organisation with this id.")
    def post(self, values, organisation_id: uuid.UUID):
        """Record a contact; who took it is the token's subject."""
        subject = current_principal().subject
        return committed(operations.record_contact, organisation_id, subject, values)


@blp.route("/organisations/<uuid:organisation_id>/contacts/<uuid:contact_id>")
class ContactById(MethodView):
    @roles_required(*PLANNERS)
    @blp.arguments(ContactLogEntryPatchSchema(partial=True))
    @blp.response(200, ContactLogEntrySchema)
    @blp.alt_response(404, description="No such contact in this organisation's log.")
    def patch(self, values, organisation_id: uuid.UUID, contact_id: uuid.UUID):
        """Change a contact; ``done`` marks its follow-up done (or open again)."""
        return committed(operations.change_contact, organisation_id, contact_id, values)


@blp.route("/contacts/due")
class DueContacts(MethodView):
    @roles_required(*READERS)
    @blp.arguments(DueQueryArgsSchema, location="query")
    @blp.response(200, ContactLogEntrySchema(many=True))
    def get(self, args):
        """Open follow-ups due by ``until`` (default today), the most overdue first."""
        return queries.due(request_session(), args.get("until") or today())
