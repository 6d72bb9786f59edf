"""The privacy requests (admin only): erasure of a person in every service and the export of
everything the platform holds about them. Requests name the person by keyed hashes only."""

from __future__ import annotations

import uuid

from flask.views import MethodView

from dialog_platform.auth import current_principal, roles_required
from dialog_platform.db import committed, request_session
from dialog_platform.privacy import PersonKeys
from dialog_platform.web import api_blueprint

from ..operations.requests import request_erasure, request_export
from ..queries_privacy import (
    describe_erasure,
    describe_export,
    erasure_requests,
    export_requests,
    find_erasure,
    find_export,
)
from .schemas import ErasureSchema, ExportSchema, PersonSchema

blp = api_blueprint(
    "privacy",
    "/privacy",
    "Erasure (Art. 17 GDPR) and access export (Art. 15) of a person's data in every service "
    "(admin).",
)
#: Admits admins only: a privacy request reaches every service.
ADMINS = roles_required("admin")


def _asked(request_about, describe, person: dict):
    """Ask for ``request_about`` the person (``request_erasure`` or ``request_export``): the
    new request (201), or the person's open one (200), as ``describe`` shows it."""
    request, created = committed(
        request_about, PersonKeys.of(**person), current_principal().subject
    )
    return describe(request), 201 if created else 200


@blp.route("/erasures")
class Erasures(MethodView):
    @blp.operation(ADMINS, 200, ErasureSchema(many=True))
    def get(self):
        """The erasure ledger, newest first, each request with its confirmations."""
        return [describe_erasure(request) for request in erasure_requests(request_session())]

    @blp.operation(
        ADMINS, 201, ErasureSchema, body=PersonSchema, existing="This person's open request."
    )
    def post(self, person):
        """Erase a person everywhere: here at once (their registrations and invitations keep
        only the figures), then in every other service, each confirming. Asking again while
        the request is open returns it (200)."""
        return _asked(request_erasure, describe_erasure, person)


@blp.route("/erasures/<uuid:request_id>")
class Erasure(MethodView):
    @blp.operation(ADMINS, 200, ErasureSchema)
    def get(self, request_id: uuid.UUID):
        """Which services have confirmed the erasure, and when; complete or not."""
        return describe_erasure(find_erasure(request_session(), request_id))


@blp.route("/exports")
class Exports(MethodView):
    @blp.operation(ADMINS, 200, ExportSchema(many=True))
    def get(self):
        """The export requests of the last day, newest first (documents left out)."""
        return [
            describe_export(request) | {"document": None}
            for request in export_requests(request_session())
        ]

    @blp.operation(
        ADMINS, 201, ExportSchema, body=PersonSchema, existing="This person's open request."
    )
    def post(self, person):
        """Gather what every service holds about a person: this service's part at once, the
        others' as they answer. Kept for a day. Asking again while open returns it (200)."""
        return _asked(request_export, describe_export, person)


@blp.route("/exports/<uuid:request_id>")
class Export(MethodView):
    @blp.operation(ADMINS, 200, ExportSchema)
    def get(self, request_id: uuid.UUID):
        """The request; once every service has answered, ``document`` holds everything."""
        return describe_export(find_export(request_session(), request_id))
