"""CSRF protection for every form: a random token kept in the (encrypted) session, written into
each form as a hidden field, and compared on every POST before the view runs."""

from __future__ import annotations

import secrets

from flask import abort, request, session

FIELD = "csrf_token"


def csrf_token() -> str:
    """This session's token (made on first use)."""
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(32)
    return session["csrf"]


def check_csrf() -> None:
    """before_request: a POST without this session's token is refused with 400."""
    if request.method != "POST":
        return
    sent = request.form.get(FIELD, "")
    expected = session.get("csrf", "")
    if not sent or not expected or not secrets.compare_digest(sent, expected):
        abort(400, description="csrf")
