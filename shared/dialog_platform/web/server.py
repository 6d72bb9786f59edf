"""Serving a service's WSGI app with gunicorn, configured from the environment."""

from __future__ import annotations

import importlib

from gunicorn.app.base import BaseApplication

from ..config import env_int, env_str


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
    workers = env_int("WEB_CONCURRENCY", minimum=1)
    threads = env_int("WEB_THREADS", minimum=1)
    return {
        "bind": f"0.0.0.0:{env_int('PORT', minimum=1, default=str(port))}",
        "workers": workers,
        "threads": threads,
        "worker_class": "gthread" if threads > 1 else "sync",
        "timeout": 30,
        "graceful_timeout": 20,
        "accesslog": None,  # the app logs each request as JSON with its ids
        # One control socket path per user would be shared by every service's master here.
        "control_socket_disable": True,
        "forwarded_allow_ips": env_str("FORWARDED_ALLOW_IPS"),
    }


def serve(wsgi_path: str, port: int) -> None:
    _Gunicorn(wsgi_path, gunicorn_options(port)).run()
