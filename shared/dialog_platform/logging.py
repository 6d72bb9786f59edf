"""Structured logs: one JSON object per line, carrying the request and correlation ids.

The correlation id is set from the incoming request (``X-Correlation-ID``) or message envelope and
written into every message the process publishes meanwhile, so one sign-up can be followed from
the web form through the outbox to the mail it caused.
"""

from __future__ import annotations

import logging
import re
import sys
import uuid
from typing import Any

import structlog
from structlog.contextvars import bind_contextvars, clear_contextvars, get_contextvars

_configured = False

#: A path segment after a link's action word: the link's token, a credential. Replaced in every
#: log line, whatever logged it.
TOKEN_IN_PATH = re.compile(
    r"(/(?:confirm|cancel|accept|decline|stop|unsubscribe|subscriptions|result|reminders/stop)/)"
    r"[A-Za-z0-9_.~%-]{12,}"
)
REDACTED = "[redacted]"


def redact(text: str) -> str:
    """``text`` with every link token in it replaced."""
    return TOKEN_IN_PATH.sub(rf"\1{REDACTED}", text)


def _redact_event(_logger, _method, event: dict[str, Any]) -> dict[str, Any]:
    return {key: redact(value) if isinstance(value, str) else value for key, value in event.items()}


class _CurrentStderr:
    """Writes to whatever ``sys.stderr`` is at the time (test runners swap it)."""

    def write(self, text: str) -> int:
        return sys.stderr.write(text)

    def flush(self) -> None:
        sys.stderr.flush()


class RedactingFilter(logging.Filter):
    """The same for the standard library's loggers (gunicorn's, libraries')."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact(record.getMessage())
        record.args = ()
        return True


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
            _redact_event,
            renderer,
        ],
        wrapper_class=structlog.make_filtering_bound_logger(logging.getLevelName(level)),
        logger_factory=structlog.PrintLoggerFactory(file=_CurrentStderr()),
        cache_logger_on_first_use=True,
    )
    structlog.contextvars.bind_contextvars(service=service)
    logging.basicConfig(level=level, stream=sys.stderr, format="%(levelname)s %(name)s %(message)s")
    for handler in (*logging.getLogger().handlers, *logging.getLogger("gunicorn.error").handlers):
        handler.addFilter(RedactingFilter())


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
