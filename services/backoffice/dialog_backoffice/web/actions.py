"""Changes made from a page, the one way every screen makes them: the service's refusal (400,
404, 409, 422) comes back as a sentence, on the page the person came from or next to the
form's fields, never as a raw answer."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import flash, redirect
from werkzeug.wrappers import Response

from ..clients.base import ApiError, Conflict, Invalid, NotFound
from .api_texts import field_sentence
from .errors import sentence

#: The refusals a page shows as a sentence (503 and 403 have their own pages, 401 signs out).
REFUSALS = (Invalid, Conflict, NotFound)


def by_row(errors: dict[str, list[str]], lists: tuple[str, ...]) -> dict[str, list[str]]:
    """Errors of the inner fields of these lists' entries at their row, for a form whose rows
    have other fields than the API's (``reminder_plan.0.minutes_before`` at
    ``reminder_plan.0``)."""
    shown: dict[str, list[str]] = {}
    for key, sentences in errors.items():
        parts = key.split(".")
        if len(parts) > 2 and parts[0] in lists and parts[1].isdigit():
            key = ".".join(parts[:2])
        shown.setdefault(key, []).extend(sentences)
    return shown


def refused_fields(error: ApiError) -> dict[str, list[str]]:
    """A refusal as sentences by field, as the API names them (``contact_persons.0.email``);
    one that names no field, for the whole form (``_schema``). The field sentences in the page's
    language."""
    if not error.errors:
        return {"_schema": [sentence(error)]}
    return {
        field: [field_sentence(told) for told in sentences]
        for field, sentences in error.errors.items()
    }


def attempt(
    back: str, action: Callable[[], Any], done: str, lacking: str | None = None
) -> Response:
    """Run ``action`` and go back to the page ``back``, telling the person it is ``done`` or
    why the service refused; ``lacking``: what the form lacks (then nothing is run)."""
    if lacking:
        flash(lacking, "error")
        return redirect(back)
    try:
        action()
    except REFUSALS as error:
        flash(sentence(error), "error")
    else:
        flash(done, "success")
    return redirect(back)


def saved(
    action: Callable[[], Any],
    done: str | Callable[[Any], str],
    shown_at: Callable[[Any], str],
    again: Callable[[dict[str, list[str]]], Any],
):
    """Send a form's fields: when the service takes them, tell the person ``done`` (or
    ``done(result)``) and go to ``shown_at(result)``; else show the form ``again`` with the
    service's refusal next to its fields."""
    try:
        result = action()
    except REFUSALS as error:
        return again(refused_fields(error))
    flash(done(result) if callable(done) else done, "success")
    return redirect(shown_at(result))


def form_sent(read, again, send, done, shown_at, refused=None):
    """A form as sent: ``read`` is (the API's fields, what could not even be read); shown
    ``again`` with those errors, else ``send(fields)`` as ``saved`` does (its refusal shown by
    ``refused``, default ``again``)."""
    fields, errors = read
    if errors:
        return again(errors)
    return saved(lambda: send(fields), done, shown_at, refused or again)
