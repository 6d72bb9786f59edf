"""What the services' codes are called on the pages: one table per vocabulary, code -> label
(German and English through the catalogues). A code a table lacks is shown as it is."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

#: A registration's state, as the participants' list shows it.
REGISTRATION_STATUSES = {
    "confirmed": _l("Confirmed"),
    "pending": _l("Waiting for email confirmation"),
    "waitlisted": _l("On the waiting list"),
    "attended": _l("Attended"),
    "no_show": _l("Did not come"),
    "cancelled": _l("Cancelled"),
    "expired": _l("Hold expired"),
}

#: Case files.
CASE_STATUSES = {
    "new": _l("New"),
    "in_progress": _l("In progress"),
    "on_hold": _l("On hold"),
    "resolved": _l("Resolved"),
    "closed": _l("Closed"),
}
CASE_CATEGORIES = {
    "cooperation_between_organisations": _l("Cooperation between organisations"),
    "rooms_and_resources": _l("Rooms and resources"),
    "recognition_and_funding": _l("Recognition and funding"),
    "conflict_within_organisation": _l("Conflict within an organisation"),
    "intercultural_or_interreligious_misunderstanding": _l(
        "Intercultural or interreligious misunderstanding"
    ),
    "other": _l("Other"),
}
ENTRY_KINDS = {
    "note": _l("Note"),
    "phone_call": _l("Phone call"),
    "meeting": _l("Meeting"),
    "email": _l("Email"),
    "letter": _l("Letter"),
    "other_activity": _l("Other activity"),
}

#: The organisations directory.
ORGANISATION_KINDS = {
    "mosque_congregation": _l("Mosque congregation"),
    "alevi_congregation": _l("Alevi congregation (Cemevi)"),
    "association": _l("Association"),
    "initiative": _l("Initiative"),
    "welfare_organisation": _l("Welfare organisation"),
    "public_body": _l("Public body"),
    "other": _l("Other"),
}
ACTIVITIES = {
    "youth_work": _l("Youth work"),
    "counselling": _l("Counselling"),
    "womens_group": _l("Women's group"),
    "girls_group": _l("Girls' group"),
    "education": _l("Education"),
    "homework_help": _l("Homework help"),
    "language_course": _l("Language course"),
    "elderly_care": _l("Care for the elderly"),
    "refugee_help": _l("Help for refugees"),
    "family_support": _l("Family support"),
    "culture": _l("Culture"),
    "sport": _l("Sport"),
    "religious_life": _l("Religious life"),
    "other": _l("Something else"),
}
NEED_CATEGORIES = {
    "premises": _l("Premises"),
    "funding": _l("Funding"),
    "qualification": _l("Qualification"),
    "volunteers": _l("Volunteers"),
    "youth_work_concept": _l("A concept for youth work"),
    "child_protection": _l("Child protection"),
    "recognition": _l("Recognition (§ 75 SGB VIII)"),
    "networking": _l("Networking"),
    "other": _l("Something else"),
}
#: Recognition as a provider of youth welfare (§ 75 SGB VIII).
RECOGNITION_STATUSES = {
    "none": _l("Not recognised"),
    "applied": _l("Applied for"),
    "recognised": _l("Recognised"),
}
NEED_STATUSES = {"open": _l("Open"), "in_progress": _l("Being worked on"), "met": _l("Met")}
#: Recognition as a provider of youth welfare (§ 75 SGB VIII).
RECOGNITION_STATUSES = {
    "none": _l("Not recognised"),
    "applied": _l("Applied for"),
    "recognised": _l("Recognised"),
}
#: How a contact of the contact point happened.
CONTACT_CHANNELS = {
    "phone": _l("Phone"),
    "email": _l("Email"),
    "visit": _l("Visit"),
    "meeting": _l("Meeting"),
    "video": _l("Video call"),
    "letter": _l("Letter"),
    "other": _l("Other"),
}

#: An invitation to a round-table meeting: its state (a withdrawn one with why, after a dot).
INVITATION_STATES = {
    "invited": _l("Invited, no answer yet"),
    "accepted": _l("Accepted"),
    "declined": _l("Declined"),
    "cancelled": _l("Withdrawn"),
    "cancelled.delegate_removed": _l("Withdrawn: no longer a delegate"),
    "cancelled.meeting_cancelled": _l("Withdrawn: the meeting was cancelled"),
    "cancelled.staff": _l("Withdrawn by the team"),
}

#: The services' names as staff know them.
SERVICE_NAMES = {
    "events": _l("Events and directory"),
    "registrations": _l("Registrations"),
    "notifications": _l("Mails and text messages"),
    "mediation": _l("Case files"),
}

#: How a case file ended.
OUTCOMES = {
    "agreement_reached": _l("Agreement reached"),
    "partial_agreement": _l("Partial agreement"),
    "no_agreement": _l("No agreement"),
    "referred_elsewhere": _l("Referred elsewhere"),
}

#: Mails and text messages: a delivery's state, what an attempt came to, the kinds of message.
DELIVERY_STATUSES = {
    "failed": _l("Could not be delivered"),
    "retrying": _l("Another try is planned"),
    "queued": _l("Waiting to be sent"),
    "sent": _l("Sent"),
    "dropped": _l("No longer needed"),
}
#: What an entry of the log says happened (an attempt's outcome).
DELIVERY_OUTCOMES = DELIVERY_STATUSES | {"queued": _l("Queued")}
MESSAGE_KINDS = {
    "confirm_email": _l("Please confirm your email address"),
    "seat_confirmed": _l("Seat confirmed"),
    "waitlisted": _l("On the waiting list"),
    "promoted": _l("Moved up from the waiting list"),
    "cancelled": _l("Registration cancelled"),
    "event_changed": _l("Event changed"),
    "reminder": _l("Reminder"),
    "invitation": _l("Invitation to a round table"),
    "invitation_cancelled": _l("Invitation withdrawn"),
    "announcement": _l("Announcement of new events"),
    "subscription_confirm": _l("Please confirm the subscription"),
    "mediation_invitation": _l("Invitation to a mediation session"),
    "mediation_changed": _l("Mediation session changed"),
    "mediation_cancelled": _l("Mediation session called off"),
}

#: What the case files' audit trail says a person did.
AUDIT_ACTIONS = {
    "case.opened": _l("opened the case"),
    "case.edited": _l("changed the case's details"),
    "case.details_read": _l("read the case's details"),
    "case.mediators_set": _l("assigned the mediators"),
    "case.status_changed": _l("changed the status"),
    "case.redacted": _l("blacked out the case's details"),
    "case.file_redacted": _l("blacked out the case file"),
    "parties.read": _l("read the parties"),
    "party.added": _l("added a party"),
    "party.erased": _l("erased a party's details"),
    "notes.read": _l("read the notes"),
    "note.added": _l("added a note"),
    "note.corrected": _l("corrected a note"),
    "note.redacted": _l("blacked out a note"),
    "session.scheduled": _l("planned a session"),
    "session.rescheduled": _l("moved a session"),
    "session.cancelled": _l("called off a session"),
}
