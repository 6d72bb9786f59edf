"""The blueprint of a part of a service's API, and the one way its routes declare an operation:
who may call it, what it reads and what it answers, in one decorator."""

from __future__ import annotations

from collections.abc import Callable

import marshmallow as ma
from flask_smorest import Blueprint
from webargs.flaskparser import FlaskParser, is_json_request

from .errors import DEFAULT_MESSAGES, ApiError

#: A decorator that admits the caller: ``roles_required(...)``, ``public``, or a service's own
#: check built on them (mediation's ``guarded``).
Access = Callable[[Callable], Callable]


class JsonBodyParser(FlaskParser):
    """Reads a body only as JSON: one sent as anything else (a form, plain text) is refused with
    the 415 the document promises, instead of being read as no fields at all (a change that
    changed nothing, answered 200)."""

    def _raw_load_json(self, req):
        sent = req.content_length or req.form or req.get_data(cache=True)  # a form: parsed
        if sent and not is_json_request(req):
            raise ApiError(415, *DEFAULT_MESSAGES[415])
        return super()._raw_load_json(req)


class ApiBlueprint(Blueprint):
    ARGUMENTS_PARSER = JsonBodyParser()

    def operation(
        self,
        access: Access,
        status: int,
        schema: ma.Schema | type[ma.Schema] | None = None,
        *,
        body: ma.Schema | type[ma.Schema] | None = None,
        query: ma.Schema | type[ma.Schema] | None = None,
        content_type: str | None = None,
        description: str | None = None,
        not_found: str | None = None,
        existing: str | None = None,
    ) -> Callable[[Callable], Callable]:
        """A view method as an operation: ``access`` admits the caller; ``body`` is the schema
        of the JSON it reads, ``query`` that of its query string; it answers ``status`` with
        ``schema`` (or, without one, what ``description`` says), as JSON unless ``content_type``
        names another type (then the view returns a ``Response`` and ``schema`` may be a dict
        that only documents it). ``not_found`` says what its
        404 means where that is more than the address's id being unknown; ``existing`` what its
        200 means where it answers that, with the same schema, instead of creating (a 201).
        Any other answer (``alt_response``) is declared below this decorator."""

        def declare(view: Callable) -> Callable:
            if not_found is not None:
                view = self.alt_response(404, description=not_found)(view)
            if existing is not None:
                view = self.alt_response(200, schema=schema, description=existing)(view)
            view = self.response(
                status, schema, content_type=content_type, description=description
            )(view)
            if body is not None:
                view = self.arguments(body)(view)
            if query is not None:
                view = self.arguments(query, location="query")(view)
            return access(view)

        return declare
