"""Double opt-in: who must confirm their email address before a seat is theirs (pure rules).

At an event that asks for it, a seat never goes to an unconfirmed address: a new sign-up gets
a held seat (pending) and a link; a person on the waiting list may confirm while waiting (then
a free seat is theirs at once), else a promotion holds the seat for the confirmation as a new
sign-up's. Staff (on the person's behalf) and invitations vouch for the address themselves.
"""

from __future__ import annotations

from datetime import datetime

#: Sources whose sign-ups need no email confirmation.
VOUCHED_SOURCES = frozenset({"staff", "invitation"})
#: How often a new sign-up with the same unconfirmed address sends the mail again.
MAX_CONFIRMATION_REQUESTS = 3


def must_confirm(requires_confirmation: bool, source: str, confirmed_at: datetime | None) -> bool:
    """Whether this registration has to confirm its address before it may hold a seat."""
    return requires_confirmation and source not in VOUCHED_SOURCES and confirmed_at is None


def may_request_again(requests_so_far: int) -> bool:
    return requests_so_far < MAX_CONFIRMATION_REQUESTS
