"""Finding a person in free text and taking them out of it (pure rules, no I/O).

A person is named in a text by one of their names (a whole word sequence, in any case) or by an
email address or phone number that is theirs; whether a token is theirs the caller decides
(``is_theirs``: by the keyed hashes of an erasure request), so no address needs to be known.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

#: What stands where a name or a channel was taken out, and a party's name once erased.
ERASED = "(erased)"
#: What a redacted note says instead of its text.
REDACTED = "(This entry was redacted.)"

EMAIL_LIKE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE_LIKE = re.compile(r"\+?\d[\d ()/.-]{4,}\d")


@dataclass(frozen=True)
class Traces:
    """What names one person: ``names``, and the email- or phone-like tokens ``is_theirs``."""

    names: frozenset[str]
    is_theirs: Callable[[str], bool]

    def _spans(self, text: str) -> list[tuple[int, int]]:
        spans = [
            match.span()
            for name in self.names
            if name and name != ERASED
            for match in _name_pattern(name).finditer(text)
        ]
        for pattern in (EMAIL_LIKE, PHONE_LIKE):
            spans += [m.span() for m in pattern.finditer(text) if self.is_theirs(m.group())]
        return sorted(spans)

    def found_in(self, text: str | None) -> bool:
        return bool(text) and bool(self._spans(text))

    def taken_out_of(self, text: str) -> str:
        """``text`` with each of the person's names, addresses and numbers replaced."""
        parts, end = [], 0
        for start, stop in self._spans(text):
            if start >= end:
                parts += [text[end:start], ERASED]
                end = stop
            else:
                end = max(end, stop)
        return "".join(parts) + text[end:]


def _name_pattern(name: str) -> re.Pattern[str]:
    words = (re.escape(word) for word in name.split())
    return re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)", re.IGNORECASE)


def traces_of(names: Iterable[str], is_theirs: Callable[[str], bool]) -> Traces:
    return Traces(frozenset(name.strip() for name in names if name.strip()), is_theirs)
