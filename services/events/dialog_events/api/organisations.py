"""Staff routes of the organisations directory: never public; mediators may read it."""

from __future__ import annotations

import uuid

from flask.views import MethodView

from dialog_platform.db import committed, request_session
from dialog_platform.web import api_blueprint

from ..operations import organisations as operations
from ..queries import organisations as queries
from .schemas.organisations import (
    OrganisationPatchSchema,
    OrganisationQueryArgsSchema,
    OrganisationSchema,
)
from .staff import PLANNERS, READERS

blp = api_blueprint("organisations", "/organisations", "The organisations directory (staff).")
#: What a 404 of a route about one organisation means.
NO_ORGANISATION = "There is no organisation with this id."


@blp.route("")
class Organisations(MethodView):
    @blp.operation(READERS, 200, OrganisationSchema(many=True), query=OrganisationQueryArgsSchema)
    def get(self, args):
        """Search by name (part of it), kind, city, tag and recognition status."""
        return queries.search_organisations(request_session(), **args)

    @blp.operation(PLANNERS, 201, OrganisationSchema, body=OrganisationSchema)
    def post(self, values):
        """Add an organisation to the directory."""
        return committed(operations.create_organisation, **values)


@blp.route("/<uuid:organisation_id>/archive")
class ArchiveOrganisation(MethodView):
    @blp.operation(PLANNERS, 200, OrganisationSchema, not_found=NO_ORGANISATION)
    def post(self, organisation_id: uuid.UUID):
        """Archive instead of delete: it leaves lists and announcements, its history stays."""
        return committed(operations.archive_organisation, organisation_id)


@blp.route("/<uuid:organisation_id>/restore")
class RestoreOrganisation(MethodView):
    @blp.operation(PLANNERS, 200, OrganisationSchema, not_found=NO_ORGANISATION)
    def post(self, organisation_id: uuid.UUID):
        """Bring an archived organisation back into the directory."""
        return committed(operations.restore_organisation, organisation_id)


@blp.route("/<uuid:organisation_id>")
class OrganisationById(MethodView):
    @blp.operation(READERS, 200, OrganisationSchema)
    def get(self, organisation_id: uuid.UUID):
        """One organisation with its contact persons and notes."""
        return queries.get_organisation(request_session(), organisation_id)

    @blp.operation(PLANNERS, 200, OrganisationSchema, body=OrganisationPatchSchema(partial=True))
    def patch(self, values, organisation_id: uuid.UUID):
        """Change an organisation (a new name, kind or city is told to other services)."""
        return committed(operations.update_organisation, organisation_id, values)
