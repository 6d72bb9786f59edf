"""Staff routes of round-table invitations: who was invited and how they answered, sending
one again, inviting one more person (authenticated: admin and staff)."""

from __future__ import annotations

import uuid

from flask.views import MethodView

from dialog_platform.db import committed, request_session
from dialog_platform.web import api_blueprint

from .. import queries
from ..operations.invitations import invite_person, resend_invitation
from .invitation_schemas import InvitationSchema, InviteSchema
from .staff import STAFF

blp = api_blueprint(
    "staff_invitations",
    "",
    "Invitations to round-table meetings: list, resend, invite (staff).",
)


@blp.route("/events/<uuid:event_id>/invitations")
class EventInvitations(MethodView):
    @blp.operation(STAFF, 200, InvitationSchema(many=True))
    def get(self, event_id: uuid.UUID):
        """The meeting's invitations in the order they were sent, with their answers."""
        return queries.invitations_of(request_session(), event_id)

    @blp.operation(STAFF, 201, InvitationSchema, body=InviteSchema, existing="Already invited.")
    def post(self, fields, event_id: uuid.UUID):
        """Invite one more person; the same address or number again returns their invitation."""
        invitation, created = committed(invite_person, event_id, fields)
        return invitation, 201 if created else 200


@blp.route("/events/<uuid:event_id>/invitations/<uuid:invitation_id>/resend")
class ResendInvitation(MethodView):
    @blp.operation(STAFF, 200, InvitationSchema)
    def post(self, event_id: uuid.UUID, invitation_id: uuid.UUID):
        """Send an open invitation again by every channel the person has."""
        return committed(resend_invitation, event_id, invitation_id)
