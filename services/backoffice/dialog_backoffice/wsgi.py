"""The WSGI entry point for gunicorn: ``dialog_backoffice.wsgi:app``."""

from .app import create_app

app = create_app()
