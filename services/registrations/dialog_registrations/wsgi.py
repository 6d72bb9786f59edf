"""The WSGI entry point for gunicorn: ``dialog_registrations.wsgi:app``."""

from .app import create_app

app = create_app()
