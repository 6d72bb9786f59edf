"""The events service's tables: events, round tables, the organisations directory with its
contact persons."""

from .announcements import Announcement
from .base import Base
from .contact_log import OrganisationContact
from .events import Event, EventLanguage, EventTopic, RegistrationTally
from .organisations import ContactPerson, Organisation, OrganisationTag
from .round_tables import Delegate, Membership, RoundTable

__all__ = [
    "Announcement",
    "Base",
    "ContactPerson",
    "Delegate",
    "Event",
    "EventLanguage",
    "EventTopic",
    "Membership",
    "Organisation",
    "OrganisationContact",
    "OrganisationTag",
    "RegistrationTally",
    "RoundTable",
]
