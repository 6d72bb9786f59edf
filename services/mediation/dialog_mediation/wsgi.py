"""The WSGI entry point for gunicorn: ``dialog_mediation.wsgi:app``."""

from .app import create_app

app = create_app()
