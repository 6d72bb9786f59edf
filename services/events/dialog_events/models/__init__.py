"""The events service's tables: events, round tables, the organisations directory."""

from .base import Base
from .events import Event, EventLanguage, EventTopic, RegistrationTally
from .organisations import Organisation, OrganisationTag
from .round_tables import Delegate, Membership, RoundTable

__all__ = [
    "Base",
    "Delegate",
    "Event",
    "EventLanguage",
    "EventTopic",
    "Membership",
    "Organisation",
    "OrganisationTag",
    "RegistrationTally",
    "RoundTable",
]
