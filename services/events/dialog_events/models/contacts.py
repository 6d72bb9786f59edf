"""A person's name, role and channels as the events service keeps them (delegates, contact
persons): encrypted at rest, with keyed lookup hashes beside them (``dialog_platform.personal``)
by which an erasure or export request finds the person without naming them."""

from __future__ import annotations

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from dialog_platform import personal  # noqa: F401  (its flush listener keeps the hashes below)
from dialog_platform.crypto import Encrypted


class PersonColumns:
    """Columns every row about a person shares. The role is encrypted too: beside the
    organisation, a role such as "Imam" names one person."""

    __lookup_hashes__ = {"email_hash": ("email", "email"), "phone_hash": ("phone", "phone")}

    #: Order as staff entered them (the names are encrypted: the database cannot sort by them).
    position: Mapped[int] = mapped_column(Integer, default=0)
    #: Encrypted.
    name: Mapped[str] = mapped_column(Encrypted())
    #: Their role in the organisation, e.g. "chair", "youth work" (encrypted).
    role: Mapped[str] = mapped_column(Encrypted(), default="")
    #: Encrypted.
    email: Mapped[str | None] = mapped_column(Encrypted())
    #: E.164, encrypted.
    phone: Mapped[str | None] = mapped_column(Encrypted())
    #: Keyed hash of the normalised address (current data key), kept by a flush listener.
    email_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    #: Keyed hash of the number.
    phone_hash: Mapped[str | None] = mapped_column(String(64), index=True)
