"""The WSGI entry point for gunicorn: ``dialog_events.wsgi:app``."""

from .app import create_app

app = create_app()
