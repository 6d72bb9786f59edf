"""Input no view can be trusted to survive, refused before any view runs, on every route of
every service: a NUL character anywhere (path, query, form, JSON: PostgreSQL cannot store one),
a lone surrogate in a JSON string (``"\\ud800"``: valid JSON, but no text UTF-8 can encode),
JSON nested deeper than any schema of the platform (the parser would exhaust the stack), and a
JSON number of more digits than Python converts (thousands). Numbers beyond a column's range
are answered by the error handlers (web/errors.py)."""

from __future__ import annotations

import json
from typing import Any

from flask import Flask, request

from .errors import ApiError

#: Deeper than any request schema of the platform nests (an object in a list in an object...).
MAX_DEPTH = 32
NUL = "\x00"


def _too_deep() -> ApiError:
    return ApiError(
        400,
        "too_deeply_nested",
        f"The JSON is nested more than {MAX_DEPTH} levels deep; no request needs that.",
    )


def _refuse_nul(where: str) -> None:
    raise ApiError(
        400,
        "invalid_character",
        f"The request holds a NUL character (in {where}), which no field may contain. "
        "Please remove it and send it again.",
    )


def _refuse_surrogate() -> None:
    raise ApiError(
        400,
        "invalid_character",
        "The JSON body holds a character that is not text (a lone surrogate such as \\ud800). "
        "Please remove it and send it again.",
    )


def _check_text(value: str) -> None:
    if NUL in value:
        _refuse_nul("the JSON body")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        _refuse_surrogate()


def _check_json(value: Any) -> None:
    """Walk the parsed JSON without recursion: depth, and NUL or a lone surrogate in keys and
    strings."""
    pending = [(value, 1)]
    while pending:
        item, depth = pending.pop()
        if depth > MAX_DEPTH:
            raise _too_deep()
        if isinstance(item, str):
            _check_text(item)
        elif isinstance(item, dict):
            for key, child in item.items():
                _check_text(key)
                pending.append((child, depth + 1))
        elif isinstance(item, list):
            pending.extend((child, depth + 1) for child in item)


def check_input() -> None:
    if NUL in request.path:
        _refuse_nul("the address")
    for source, name in ((request.args, "the query"), (request.form, "the form")):
        for key, values in source.lists():
            if NUL in key or any(NUL in value for value in values):
                _refuse_nul(name)
    data = request.get_data(cache=True) if request.is_json else b""
    if data:
        try:
            body = json.loads(data)
        except (json.JSONDecodeError, UnicodeDecodeError):
            return  # malformed JSON: the schema's 400 later
        except RecursionError:
            raise _too_deep() from None
        except ValueError:  # a number of more digits than Python converts
            raise ApiError(
                400,
                "number_too_long",
                "The JSON holds a number with thousands of digits; no field takes one that long.",
            ) from None
        _check_json(body)


def register_input_guard(app: Flask) -> None:
    app.before_request(check_input)
