"""The fixed vocabularies of a case."""

CATEGORIES = (
    "cooperation_between_organisations",
    "rooms_and_resources",
    "recognition_and_funding",
    "conflict_within_organisation",
    "intercultural_or_interreligious_misunderstanding",
    "other",
)
PRIORITIES = ("low", "normal", "high", "urgent")
REQUESTER_CHANNELS = ("phone", "email", "in_person", "letter", "referral", "other")
PARTY_KINDS = ("organisation", "person")
#: Entries staff write; the service adds status_change and session entries itself.
ENTRY_KINDS = ("note", "phone_call", "meeting", "email", "letter", "other_activity")
