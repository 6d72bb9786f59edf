"""Public JSON routes of the registrations service (no login: participants and other
front-ends use them). The same rules as the web form."""

from __future__ import annotations

import uuid

from flask.views import MethodView
from flask_smorest import abort

from dialog_platform.auth import public
from dialog_platform.db import committed, request_session
from dialog_platform.web import api_blueprint, current_settings

from .. import links, queries
from ..operations.links import perform
from ..operations.signup import Applicant, sign_up
from ..ratelimit import check_signup_rate
from ..results import link_body, signup_body
from .answers import register_answers
from .schemas import (
    LinkActionSchema,
    LinkResultSchema,
    PublicEventSchema,
    RegistrationResultSchema,
    SignUpSchema,
)

blp = api_blueprint(
    "public_events", "/public", "Events open for sign-up, and signing up (no login)."
)
register_answers(blp)
#: One instance each for every request: given the class, webargs would build (and deep-copy
#: the fields of) a new one per request.
SIGN_UP_FIELDS, LINK_FIELDS = SignUpSchema(), LinkActionSchema()


@blp.route("/events/<uuid:event_id>")
class OpenEvent(MethodView):
    @blp.operation(public, 200, PublicEventSchema)
    def get(self, event_id: uuid.UUID):
        """An event open for sign-up, from this service's own copy."""
        event = queries.open_event(request_session(), event_id)
        if event is None:
            abort(404, message="This event is not open for sign-up.")
        return event


@blp.route("/events/<uuid:event_id>/registrations")
class SignUp(MethodView):
    @blp.operation(
        public, 201, RegistrationResultSchema, body=SIGN_UP_FIELDS, existing="Already registered."
    )
    def post(self, fields, event_id: uuid.UUID):
        """Sign up: a seat, a held seat to confirm by email, or a place on the waiting list.
        The same email address for the same event returns the existing registration (200)."""
        check_signup_rate()
        result = committed(sign_up, event_id, Applicant(**fields), source="api")
        return signup_body(result), 201 if result.created else 200


#: The mailed links' actions the API takes with a link's token: action → (endpoint, summary).
LINK_ACTIONS = {
    "confirm": (
        "ConfirmEmail",
        "Confirm the email address of a pending sign-up with the token of its link.",
    ),
    "cancel": ("CancelOwn", "Cancel one's own registration with the token of its cancel link."),
}


def _route_link_action(action: str, endpoint: str, summary: str) -> None:
    """``POST /registrations/<action>``: the action of a mailed link, given its token."""

    @blp.operation(public, 200, LinkResultSchema, body=LINK_FIELDS)
    def link_action(fields):
        registration_id = links.read_token(current_settings(), action, fields["token"])
        registration, already = committed(perform, action, registration_id)
        return link_body(action, registration, already)

    link_action.__doc__ = summary
    blp.route(f"/registrations/{action}", methods=["POST"], endpoint=endpoint)(link_action)


for _action, (_endpoint, _summary) in LINK_ACTIONS.items():
    _route_link_action(_action, _endpoint, _summary)
