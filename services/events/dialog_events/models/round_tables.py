"""Round tables: standing local bodies, their member organisations over time, and delegates."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dialog_platform.db import UtcDateTime

from .base import Base
from .contacts import PersonColumns


class RoundTable(Base):
    __tablename__ = "round_table"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    #: e.g. "Runder Tisch Duisburg-Marxloh".
    name: Mapped[str] = mapped_column(String(200))
    #: City or district it serves.
    city: Mapped[str] = mapped_column(String(200), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    #: Grows with every change of the round table itself.
    version: Mapped[int] = mapped_column(Integer, default=1)

    memberships: Mapped[list[Membership]] = relationship(
        back_populates="round_table", lazy="selectin", order_by="Membership.joined_at"
    )


class Membership(Base):
    """One organisation's membership of a round table, from joining to leaving (history: a
    new row each time it joins again)."""

    __tablename__ = "membership"
    __table_args__ = (
        Index("ix_membership_round_table_id_left_at", "round_table_id", "left_at"),
        #: An organisation is a current member of a round table at most once.
        Index(
            "uq_membership_current",
            "round_table_id",
            "organisation_id",
            unique=True,
            postgresql_where=text("left_at IS NULL"),
            sqlite_where=text("left_at IS NULL"),
        ),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    round_table_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("round_table.id", ondelete="CASCADE")
    )
    #: The member, from the organisations directory.
    organisation_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organisation.id", ondelete="RESTRICT"), index=True
    )
    joined_at: Mapped[datetime] = mapped_column(UtcDateTime())
    #: None while the organisation is a member.
    left_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    #: When it first sent a delegate (None: never). Kept when the delegates are erased, so the
    #: yearly report counts the organisation as reached all the same.
    delegated_since: Mapped[datetime | None] = mapped_column(UtcDateTime())

    round_table: Mapped[RoundTable] = relationship(back_populates="memberships")
    organisation = relationship("Organisation", lazy="joined")
    delegates: Mapped[list[Delegate]] = relationship(
        back_populates="membership",
        cascade="all, delete-orphan",
        lazy="selectin",
        order_by="Delegate.position",
    )


class Delegate(PersonColumns, Base):
    """A person an organisation sends to the round table; invited to its meetings while the
    membership lasts."""

    __tablename__ = "delegate"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    membership_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("membership.id", ondelete="CASCADE"), index=True
    )
    #: Preferred language for invitations (ISO 639-1).
    language: Mapped[str] = mapped_column(String(8), default="de")

    membership: Mapped[Membership] = relationship(back_populates="delegates")
