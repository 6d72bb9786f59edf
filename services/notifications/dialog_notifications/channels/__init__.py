"""Channels: how a rendered message leaves (SMTP or .eml files; an SMS provider or a log).

A channel's ``send`` returns the provider's answer, or raises ``TemporaryFailure`` (try again
later) or ``PermanentFailure`` (the address or number is refused: never retry).
"""

from __future__ import annotations


class DeliveryFailure(Exception):
    """The channel could not deliver; ``answer`` is what the provider said."""

    permanent = False

    def __init__(self, answer: str) -> None:
        super().__init__(answer)
        self.answer = answer


class TemporaryFailure(DeliveryFailure):
    """Worth another try later: server down, busy, rate-limited, greylisted."""


class PermanentFailure(DeliveryFailure):
    """Retrying cannot help: the address or number is refused."""

    permanent = True
