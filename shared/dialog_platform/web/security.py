"""Security headers on every response of every service: a Content-Security-Policy (no scripts
at all on the service's own pages, Swagger UI's own files only on the docs page), no framing,
no sniffing, no referrer (links in mails carry tokens in their paths), and HSTS over HTTPS."""

from __future__ import annotations

from flask import Flask, Response, request

#: JSON, files and errors: nothing may load or run.
API_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'"
#: Server-rendered pages: their own styles and images, forms posting back to the service.
PAGE_POLICY = (
    "default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
#: The API docs: Swagger UI's scripts and styles, served by the service itself (no CDN).
DOCS_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'"
)
HSTS = "max-age=31536000; includeSubDomains"


def _policy(response: Response) -> str:
    if request.path == "/docs" or request.path.startswith("/docs/"):
        return DOCS_POLICY
    return PAGE_POLICY if response.mimetype == "text/html" else API_POLICY


def register_security_headers(app: Flask) -> None:
    @app.after_request
    def _secure(response: Response) -> Response:
        headers = response.headers
        headers.setdefault("Content-Security-Policy", _policy(response))
        headers["X-Content-Type-Options"] = "nosniff"
        headers["X-Frame-Options"] = "DENY"
        headers["Referrer-Policy"] = "no-referrer"
        headers["Cross-Origin-Opener-Policy"] = "same-origin"
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
        if request.is_secure:
            headers["Strict-Transport-Security"] = HSTS
        return response
