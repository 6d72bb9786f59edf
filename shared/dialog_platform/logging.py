"""Structured logs: one JSON object per line, carrying the request and correlation ids.

The correlation id is set from the incoming request (``X-Correlation-ID``) or message envelope and
written into every message the process publishes meanwhile, so one sign-up can be followed from
the web form through the outbox to the mail it caused.
"""

from __future__ import annotations

import logging
import sys
import uuid

import structlog
from structlog.contextvars import bind_contextvars, clear_contextvars, get_contextvars

_configured = False


def configure_logging(service: str, level: str = "INFO", fmt: str = "json") -> None:
    global _configured
    if _configured:
        return
    _configured = True
    renderer = (
        structlog.dev.ConsoleRenderer(colors=False)
        if fmt == "console"
        else structlog.processors.JSONRenderer()
    )
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            structlog.processors.format_exc_info,
            renderer,
        ],
        wrapper_class=structlog.make_filtering_bound_logger(logging.getLevelName(level)),
        logger_factory=structlog.PrintLoggerFactory(file=sys.stderr),
        cache_logger_on_first_use=True,
    )
    structlog.contextvars.bind_contextvars(service=service)
    logging.basicConfig(level=level, stream=sys.stderr, format="%(levelname)s %(name)s %(message)s")


def get_logger(name: str | None = None):
    return structlog.get_logger(name)


def current_correlation_id() -> str | None:
    return get_contextvars().get("correlation_id")


def bind_correlation(correlation_id: str | None = None, **more: str) -> str:
    """Start a unit of work (request or message) with this correlation id, or a new one."""
    service = get_contextvars().get("service")
    clear_contextvars()
    correlation_id = correlation_id or str(uuid.uuid4())
    bind_contextvars(
        correlation_id=correlation_id, **more, **({"service": service} if service else {})
    )
    return correlation_id
