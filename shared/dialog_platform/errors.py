"""A service's error table: the HTTP status and the stable code each of its domain exceptions
is answered with (``web.errors.register_error_handlers`` answers them; the exception's own text
is the message). It lives apart from the web layer so that a service's domain module can build
its table without importing Flask."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

#: domain exception -> (HTTP status, code)
ErrorTable = dict[type[Exception], tuple[int, str]]

_WORD_START = re.compile(r"(?<!^)(?=[A-Z])")


def code_of(kind: type[Exception]) -> str:
    """An exception's name in snake case: ``EventNotFound`` is answered as ``event_not_found``."""
    return _WORD_START.sub("_", kind.__name__).lower()


def error_table(
    by_status: Mapping[int, Iterable[type[Exception]]],
    codes: Mapping[type[Exception], str] | None = None,
) -> ErrorTable:
    """The table of a service's exceptions, given by the status they are answered with; each
    one's code is its name in snake case (``code_of``) unless ``codes`` gives it another. A
    subclass not named is answered as the nearest class above it that is."""
    codes = codes or {}
    return {
        kind: (status, codes.get(kind) or code_of(kind))
        for status, kinds in by_status.items()
        for kind in kinds
    }
