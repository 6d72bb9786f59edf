"""Serving a service's WSGI app with gunicorn, configured from the environment."""

from __future__ import annotations

import importlib
import os

from gunicorn.app.base import BaseApplication


class _Gunicorn(BaseApplication):
    def __init__(self, wsgi_path: str, options: dict) -> None:
        self.wsgi_path = wsgi_path
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        module, _, attribute = self.wsgi_path.partition(":")
        return getattr(importlib.import_module(module), attribute)


def gunicorn_options(port: int) -> dict:
    """The production settings: ``WEB_CONCURRENCY`` workers, ``WEB_THREADS`` threads each."""
    workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
    threads = int(os.environ.get("WEB_THREADS", "4"))
    return {
        "bind": f"0.0.0.0:{int(os.environ.get('PORT', port))}",
        "workers": workers,
        "threads": threads,
        "worker_class": "gthread" if threads > 1 else "sync",
        "timeout": 30,
        "graceful_timeout": 20,
        "accesslog": None,  # the app logs each request as JSON with its ids
        # One control socket path per user would be shared by every service's master here.
        "control_socket_disable": True,
        "forwarded_allow_ips": os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1"),
    }


def serve(wsgi_path: str, port: int) -> None:
    _Gunicorn(wsgi_path, gunicorn_options(port)).run()
