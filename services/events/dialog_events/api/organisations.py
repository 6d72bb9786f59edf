"""Staff routes of the organisations directory: never public; mediators may read it."""

from __future__ import annotations

import uuid

from flask.views import MethodView

from dialog_platform.auth import roles_required
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


@blp.route("")
class Organisations(MethodView):
    @roles_required(*READERS)
    @blp.arguments(OrganisationQueryArgsSchema, location="query")
    @blp.response(200, OrganisationSchema(many=True))
    def get(self, args):
        """Search by name (part of it), kind, city, tag and recognition status."""
        return queries.search_organisations(request_session(), **args)

    @roles_required(*PLANNERS)
    @blp.arguments(OrganisationSchema)
    @blp.response(201, OrganisationSchema)
    def post(self, values):
        """Add an organisation to the directory."""
        return committed(operations.create_organisation, **values)


@blp.route("/<uuid:organisation_id>/archive")
class ArchiveOrganisation(MethodView):
    @roles_required(*PLANNERS)
    @blp.response(200, OrganisationSchema)
    @blp.alt_response(404, description="There is no organisation with this id.")
    def post(self, organisation_id: uuid.UUID):
        """Archive instead of delete: it leaves lists and announcements, its history stays."""
        return committed(operations.archive_organisation, organisation_id)


@blp.route("/<uuid:organisation_id>/restore")
class RestoreOrganisation(MethodView):
    @roles_required(*PLANNERS)
    @blp.response(200, OrganisationSchema)
    @blp.alt_response(404, description="There is no organisation with this id.")
    def post(self, organisation_id: uuid.UUID):
        """Bring an archived organisation back into the directory."""
        return committed(operations.restore_organisation, organisation_id)


@blp.route("/<uuid:organisation_id>")
class OrganisationById(MethodView):
    @roles_required(*READERS)
    @blp.response(200, OrganisationSchema)
    def get(self, organisation_id: uuid.UUID):
        """One organisation with its contact persons and notes."""
        return queries.get_organisation(request_session(), organisation_id)

    @roles_required(*PLANNERS)
    @blp.arguments(OrganisationPatchSchema(partial=True))
    @blp.response(200, OrganisationSchema)
    def patch(self, values, organisation_id: uuid.UUID):
        """Change an organisation (a new name, kind or city is told to other services)."""
        return committed(operations.update_organisation, organisation_id, values)
