"""Who is signed in, and the token the APIs are called with.

A person is kept in the session as their subject, display name and roles. With local accounts
the back office mints a short-lived HS256 token for each page with the person's own subject and
roles; with OpenID Connect it forwards the provider's access token. Either way the services
see the person, not the back office: a mediator's list of cases is their own."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from types import SimpleNamespace

from flask import abort, current_app, g, session

from dialog_platform.auth import mint_token

from ..clients.events import EventsClient
from ..clients.mediation import MediationClient
from ..clients.notifications import NotificationsClient
from ..clients.registrations import RegistrationsClient
from ..config import BackofficeSettings

#: Who plans events, round tables and the directory, and follows participants.
STAFF = ("admin", "staff")
#: Who works on case files.
CASEWORKERS = ("admin", "mediator")
#: How long a minted token is valid: one page's calls, with room to spare.
MINTED_FOR = timedelta(minutes=5)


@dataclass(frozen=True)
class Person:
    subject: str
    name: str
    roles: frozenset[str]

    def has_any(self, *roles: str) -> bool:
        return bool(self.roles & set(roles))


def settings() -> BackofficeSettings:
    return current_app.config["BACKOFFICE_SETTINGS"]


def sign_in(subject: str, name: str, roles, access_token: str | None = None) -> None:
    """Start a fresh session for this person (nothing of the visitor's session is kept)."""
    session.clear()
    session["person"] = {"subject": subject, "name": name, "roles": sorted(roles)}
    if access_token:
        session["access_token"] = access_token


def current_person() -> Person | None:
    raw = session.get("person")
    if not raw:
        return None
    return Person(raw["subject"], raw["name"], frozenset(raw["roles"]))


def api_token() -> str:
    forwarded = session.get("access_token")
    if forwarded:
        return forwarded
    person = current_person()
    config = settings()
    return mint_token(
        config.jwt_secret,
        person.subject,
        person.roles,
        name=person.name,
        expires_in=MINTED_FOR,
        issuer=config.jwt_issuer,
        audience=config.jwt_audience,
    )


def apis() -> SimpleNamespace:
    """The four services' clients, acting for the signed-in person (made once per request)."""
    if "apis" not in g:
        config = settings()
        urls, timeout = config.api_urls, config.api_timeout
        g.apis = SimpleNamespace(
            events=EventsClient(urls["events"], timeout, api_token),
            registrations=RegistrationsClient(urls["registrations"], timeout, api_token),
            notifications=NotificationsClient(urls["notifications"], timeout, api_token),
            mediation=MediationClient(urls["mediation"], timeout, api_token),
        )
    return g.apis


def roles_required(*roles: str) -> Callable[[Callable], Callable]:
    """A page only these roles may open; others get the refusal page (403)."""

    def wrap(view: Callable) -> Callable:
        @functools.wraps(view)
        def checked(*args, **kwargs):
            person = current_person()
            if person is None or not person.has_any(*roles):
                abort(403)
            return view(*args, **kwargs)

        return checked

    return wrap
