"""Errors of the public JSON routes in the caller's language, as the pages answer them: the
domain's sentence translated (``?lang=``, the language cookie or Accept-Language; English when
none), each field's error as the form says it, all fields at once. Registered on the public
blueprint, so its handlers win over the platform's for these routes only."""

from __future__ import annotations

from flask_babel import gettext
from flask_smorest import Blueprint
from werkzeug.exceptions import UnprocessableEntity

from dialog_platform.errors import answer_of
from dialog_platform.web.errors import error_response

from ..domain.errors import ERROR_TABLE, RegistrationsError
from ..web.messages import FIELD_MESSAGES, NOT_AN_OBJECT, UNKNOWN_FIELD, describe_fields


def domain_error(exc: RegistrationsError):
    status, code = answer_of(ERROR_TABLE, exc)
    response = error_response(status, code, gettext(str(exc)))
    retry_after = getattr(exc, "retry_after", None)
    if retry_after is not None:
        response.headers["Retry-After"] = str(retry_after)
    return response


def invalid_fields(exc: UnprocessableEntity):
    """Every field's error at once, each as a sentence in the caller's language."""
    data = getattr(exc, "data", None) or {}
    fields: dict = {}
    for location in (data.get("messages") or {}).values():
        fields.update(location if isinstance(location, dict) else {"_schema": location})
    errors = {
        name: [str(FIELD_MESSAGES.get(name, UNKNOWN_FIELD))] for name in fields if name != "_schema"
    }
    message = describe_fields(errors) if errors else str(NOT_AN_OBJECT)
    return error_response(422, "unprocessable_entity", message, errors)


def register_answers(blp: Blueprint) -> None:
    blp.register_error_handler(RegistrationsError, domain_error)
    blp.register_error_handler(UnprocessableEntity, invalid_fields)
