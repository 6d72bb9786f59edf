"""Sessions in one cookie, signed and encrypted (Fernet: AES-CBC + HMAC, with a timestamp).

The cookie holds who is signed in (subject, name, roles; with OpenID Connect also the access
token forwarded to the APIs), the CSRF token and when the person was last seen. A cookie that
was changed, made with another key or is older than ``MAX_AGE`` is refused: the visitor starts
with an empty session. A session idle longer than BACKOFFICE_IDLE_MINUTES starts empty too,
marked ``expired`` so the sign-in page can say why. HttpOnly, SameSite=Lax, Secure over HTTPS.
"""

from __future__ import annotations

import base64
import json
import time

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import Flask, Request, Response, request
from flask.sessions import SecureCookieSession, SessionInterface

COOKIE = "dialog_backoffice"
#: The longest a session lasts, however active (a working day).
MAX_AGE = 12 * 3600


def _fernet(secret: str) -> Fernet:
    key = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"dialog-backoffice-session"
    ).derive(secret.encode())
    return Fernet(base64.urlsafe_b64encode(key))


class BackofficeSession(SecureCookieSession):
    #: True when the visitor's session ended for being idle (shown on the sign-in page).
    expired = False


class EncryptedCookieSessions(SessionInterface):
    session_class = BackofficeSession

    def __init__(self, secret: str, idle_seconds: int) -> None:
        self.fernet = _fernet(secret)
        self.idle_seconds = idle_seconds

    def open_session(self, app: Flask, request: Request) -> BackofficeSession:
        raw = request.cookies.get(COOKIE)
        if not raw:
            return self.session_class()
        try:
            data = json.loads(self.fernet.decrypt(raw.encode(), ttl=MAX_AGE))
        except (InvalidToken, ValueError):
            return self.session_class()  # forged, from another key, or too old
        if time.time() - data.get("seen", 0) > self.idle_seconds:
            session = self.session_class()
            session.expired = "person" in data
            return session
        return self.session_class(data)

    def save_session(self, app: Flask, session: BackofficeSession, response: Response) -> None:
        secure = request.is_secure
        if not session:
            if session.modified or session.expired:
                response.delete_cookie(COOKIE, httponly=True, samesite="Lax", secure=secure)
            return
        session["seen"] = int(time.time())  # every answer renews the idle time
        value = self.fernet.encrypt(json.dumps(dict(session)).encode()).decode()
        response.set_cookie(
            COOKIE, value, max_age=MAX_AGE, httponly=True, samesite="Lax", secure=secure, path="/"
        )
        response.vary.add("Cookie")
