"""Staff routes of the registrations service (authenticated: admin and staff)."""

from __future__ import annotations

import uuid

from flask import Response, request
from flask.views import MethodView

from dialog_platform.auth import roles_required
from dialog_platform.db import committed, request_session
from dialog_platform.locale import LANGUAGES
from dialog_platform.web import api_blueprint

from .. import queries
from ..domain.consent import Withdrawal
from ..export import MEDIA_TYPES, registrations_file
from ..operations.cancel import cancel_registration
from ..operations.checkin import check_in, undo_check_in
from ..operations.consents import withdraw_consent
from ..operations.signup import Applicant, sign_up
from ..results import signup_body
from .schemas import (
    CheckInSchema,
    ConsentSchema,
    ConsentWithdrawalSchema,
    CountsSchema,
    ExportQueryArgsSchema,
    RegistrationQueryArgsSchema,
    RegistrationResultSchema,
    RegistrationSchema,
    SignUpSchema,
    StaffCancelSchema,
)

blp = api_blueprint(
    "staff_registrations",
    "",
    "Registrations of events: lists, counts, export, check-in, consents (staff).",
)
#: Admits the staff who run events: admin and staff.
STAFF = roles_required("admin", "staff")


@blp.route("/events/<uuid:event_id>/registrations")
class EventRegistrations(MethodView):
    @blp.operation(STAFF, 200, RegistrationSchema(many=True), query=RegistrationQueryArgsSchema)
    def get(self, args, event_id: uuid.UUID):
        """The event's registrations in sign-up order, optionally of one status."""
        return queries.registrations_of(request_session(), event_id, args["status"])

    @blp.operation(
        STAFF, 201, RegistrationResultSchema, body=SignUpSchema, existing="Already registered."
    )
    def post(self, fields, event_id: uuid.UUID):
        """Register someone on their behalf (e.g. by phone): no email confirmation needed."""
        result = committed(
            sign_up, event_id, Applicant(**fields), source="staff", skip_email_confirmation=True
        )
        return signup_body(result), 201 if result.created else 200


@blp.route("/events/<uuid:event_id>/registrations/counts")
class EventCounts(MethodView):
    @blp.operation(STAFF, 200, CountsSchema)
    def get(self, event_id: uuid.UUID):
        """How many registrations the event has in each status, and its seats."""
        return queries.counts_of(request_session(), event_id)


@blp.route("/events/<uuid:event_id>/registrations/export")
class EventExport(MethodView):
    @blp.operation(
        STAFF,
        200,
        description="The event's registrations as CSV or xlsx.",
        query=ExportQueryArgsSchema,
    )
    def get(self, args, event_id: uuid.UUID):
        """``variant=excel`` (CSV, UTF-8 with BOM, semicolons), ``comma`` (CSV) or ``xlsx``;
        headers in ``lang`` (else Accept-Language, else German), times in Berlin."""
        rows = queries.registrations_of(request_session(), event_id)
        variant = args["variant"]
        language = args["lang"] or request.accept_languages.best_match(LANGUAGES) or "de"
        suffix = "xlsx" if variant == "xlsx" else "csv"
        return Response(
            registrations_file(rows, variant, language),
            mimetype=MEDIA_TYPES[variant],
            headers={
                "Content-Disposition": f'attachment; filename="registrations-{event_id}.{suffix}"'
            },
        )


@blp.route("/registrations/<uuid:registration_id>/cancel")
class StaffCancel(MethodView):
    @blp.operation(STAFF, 200, RegistrationSchema, body=StaffCancelSchema)
    def post(self, fields, registration_id: uuid.UUID):
        """Cancel a registration, with a reason the participant is told."""
        registration, _already = committed(
            cancel_registration, registration_id, by="staff", reason=fields["reason"]
        )
        return registration


@blp.route("/registrations/<uuid:registration_id>/check-in")
class CheckIn(MethodView):
    @blp.operation(STAFF, 200, RegistrationSchema, body=CheckInSchema)
    def post(self, fields, registration_id: uuid.UUID):
        """Record attendance: ``attended`` or ``no_show``, from
        ``REGISTRATIONS_CHECKIN_BEFORE_MINUTES`` before the start to the end of the event's
        day (Berlin); outside it 409 with a sentence."""
        return committed(check_in, registration_id, fields["status"])


@blp.route("/registrations/<uuid:registration_id>/check-in/undo")
class UndoCheckIn(MethodView):
    @blp.operation(STAFF, 200, RegistrationSchema)
    def post(self, registration_id: uuid.UUID):
        """Undo a check-in made by mistake: the person is confirmed again (allowed in the
        check-in window, like the check-in)."""
        return committed(undo_check_in, registration_id)


@blp.route("/registrations/<uuid:registration_id>/consents")
class Consents(MethodView):
    @blp.operation(STAFF, 200, ConsentSchema(many=True))
    def get(self, registration_id: uuid.UUID):
        """The registration's consents, oldest first, each with the exact text shown."""
        return queries.find_registration(request_session(), registration_id).consents


@blp.route("/registrations/<uuid:registration_id>/consents/withdraw")
class WithdrawConsent(MethodView):
    @blp.operation(STAFF, 200, ConsentSchema(many=True), body=ConsentWithdrawalSchema)
    def post(self, fields, registration_id: uuid.UUID):
        """Withdraw a consent on the person's behalf (``sms_reminders``): notifications is told
        at once and sends no more SMS. Withdrawing again changes nothing."""
        registration, _already = committed(
            withdraw_consent, registration_id, fields["purpose"], Withdrawal.STAFF
        )
        return registration.consents
