"""The WSGI entry point for gunicorn: ``dialog_notifications.wsgi:app``."""

from .app import create_app

app = create_app()
