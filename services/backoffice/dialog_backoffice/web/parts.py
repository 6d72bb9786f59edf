"""Parts of a page that come from one service each: a part whose service does not answer is
shown as unavailable (with a sentence naming it) while the rest of the page is shown."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from ..clients.base import Unavailable
from ..log import log
from .errors import unavailable_sentence

T = TypeVar("T")


@dataclass
class Part(Generic[T]):
    value: T | None
    #: The sentence shown instead of the part, or None when it is there.
    problem: str | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None


def part(load: Callable[[], T], default: Any = None) -> Part[T]:
    try:
        return Part(load())
    except Unavailable as error:
        log.warning("part unavailable", service=error.service, status=error.status)
        return Part(default, unavailable_sentence(error.service))
