"""Signing in and out: local accounts (embedded mode) or the OpenID Connect provider."""

from __future__ import annotations

from urllib.parse import urlencode

import jwt
import requests
from authlib.integrations.base_client.errors import OAuthError
from flask import Blueprint, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from joserfc.errors import JoseError

from ..accounts import Accounts
from ..log import log
from . import oidc
from .identity import current_person, settings, sign_in

blueprint = Blueprint("signin", __name__)


def _next_page() -> str:
    """Where to go after signing in: a path of this site only (never another host)."""
    target = request.values.get("next", "")
    if target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return url_for("home.index")


@blueprint.route("/signin", methods=["GET", "POST"])
def login():
    if current_person() is not None and request.method == "GET":
        return redirect(_next_page())
    config = settings()
    error = None
    if request.method == "POST" and not config.uses_oidc:
        account = Accounts(config.accounts_file).verify(
            request.form.get("name", ""), request.form.get("password", "")
        )
        if account is not None:
            sign_in(account.name, account.display_name, account.roles)
            log.info("signed in", subject=account.name, method="local")
            return redirect(_next_page())
        error = _("The name or the password is not right. Please try again.")
    expired = session.expired or request.args.get("expired")  # type: ignore[attr-defined]
    status = 401 if error else 200
    return render_template(
        "backoffice/signin.html",
        error=error,
        expired=expired,
        uses_oidc=config.uses_oidc,
        next_page=request.values.get("next", ""),
    ), status


def _provider_problem(message: str, status: int, after: str):
    """The sign-in page with a sentence instead of the provider's error."""
    session.clear()
    return render_template(
        "backoffice/signin.html", error=message, uses_oidc=True, next_page=after
    ), status


def _provider_down(after: str):
    log.warning("oidc provider unavailable")
    return _provider_problem(
        _(
            "The sign-in service of your organisation does not answer at the moment. Please try again in a few minutes."
        ),
        503,
        after,
    )


@blueprint.get("/signin/provider")
def oidc_login():
    session["after_signin"] = _next_page()
    try:
        return oidc.client().authorize_redirect(url_for("signin.oidc_callback", _external=True))
    except requests.RequestException:
        return _provider_down(session["after_signin"])


@blueprint.get("/signin/callback")
def oidc_callback():
    config = settings()
    after = session.get("after_signin") or url_for("home.index")
    try:  # checks state, PKCE, the ID token and nonce
        token = oidc.client().authorize_access_token()
    except requests.RequestException:
        return _provider_down(after)
    except (OAuthError, JoseError) as error:  # declined, replayed or forged, a bad ID token
        log.warning("oidc sign-in refused", error=getattr(error, "error", type(error).__name__))
        return _provider_problem(
            _(
                "Signing in at your organisation did not work, or it was cancelled. Please try again."
            ),
            401,
            after,
        )
    userinfo = token.get("userinfo") or {}
    claims = dict(userinfo)
    # Keycloak puts the roles into the access token; it is the provider's, read for the roles.
    claims |= jwt.decode(token["access_token"], options={"verify_signature": False})
    roles = oidc.platform_roles(
        oidc.provider_roles(claims, config.oidc_client_id), config.oidc_roles
    )
    if not roles:
        session.clear()
        return render_template(
            "backoffice/refused.html",
            message=_(
                "You are signed in at the provider, but your account has none of the roles admin, staff or mediator. Please ask an administrator to give you one."
            ),
        ), 403
    name = str(claims.get("name") or claims.get("preferred_username") or claims["sub"])
    sign_in(str(claims["sub"]), name, roles, access_token=token["access_token"])
    log.info("signed in", subject=str(claims["sub"]), method="oidc")
    return redirect(after)


@blueprint.post("/signout")
def logout():
    config = settings()
    session.clear()
    if config.uses_oidc:
        end = oidc.client().load_server_metadata().get("end_session_endpoint")
        if end:
            back = url_for("signin.login", signed_out=1, _external=True)
            query = urlencode(
                {"client_id": config.oidc_client_id, "post_logout_redirect_uri": back}
            )
            return redirect(f"{end}?{query}")
    return redirect(url_for("signin.login", signed_out=1))
