"""Round tables and the organisations directory on the real services: an organisation added
with every field (errors next to their fields first), its recognition changed with the day and
kept in the history, a contact logged and its follow-up seen as due and done, archived and
brought back; a round table with a member and a phone-only delegate, a meeting scheduled, the
invitations with their answers, one sent again, one more person invited, minutes written and
shown rendered; refusals (409) as sentences; a mediator reads but does not change; a service
that is down is named."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from dialog_events.messaging.handlers import HANDLERS
from dialog_platform.testing.messages import deliver

from ..conftest import csrf_of, post_form, signed_in

ORGANISATION = {
    "name": "DITIB Moschee Marxloh",
    "kind": "mosque_congregation",
    "address": "Warbruckstraße 51",
    "city": "Duisburg",
    "tags": "Marxloh, Jugend",
    "activities": ["youth_work", "homework_help", "womens_group"],
    "volunteers_count": "25",
    "paid_staff_count": "2",
    "premises": "Saal für 200 Personen, zwei Gruppenräume",
    "languages": ["de", "tr"],
    "more_languages": "ro",
    "recognition": "none",
    "needs.0.category": "premises",
    "needs.0.description": "Ein Raum für die Jugendgruppe",
    "needs.0.status": "open",
    "needs.1.category": "",
    "needs_notes": "Bedarf beim Vorstand erfragt.",
    "contact_persons.0.name": "Ayşe Yılmaz",
    "contact_persons.0.role": "Vorsitzende",
    "contact_persons.0.email": "ayse@example.org",
    "contact_persons.0.phone": "0203 123456",
    "contact_persons.0.language": "tr",
    "contact_persons.0.announcements_consent": "on",
    "contact_persons.1.name": "",
}


def _text(answer) -> str:
    return html.unescape(re.sub(r"\s+", " ", answer.get_data(as_text=True)))


def _id_of(answer) -> str:
    assert answer.status_code == 302, _text(answer)
    return re.search(r"/([0-9a-f-]{36})(?:[/#?]|$)", answer.headers["Location"]).group(1)


def _add_organisation(client, **changes) -> str:
    url = "/office/directory/new"
    return _id_of(post_form(client, url, url, **(ORGANISATION | changes)))


def _berlin(days: int, hour: int) -> str:
    moment = datetime.now(ZoneInfo("Europe/Berlin")) + timedelta(days=days)
    return f"{moment:%Y-%m-%d}T{hour:02d}:00"


def test_a_contact_person_who_unsubscribed_is_shown_so(backoffice, platform):
    """The unsubscribe link of an announcement (as notifications tells events): staff see the
    consent gone and when the person ended it, and the form's box unticked."""
    sven = signed_in(backoffice, "sven")
    organisation_id = _add_organisation(sven)
    form = sven.get(f"/office/directory/{organisation_id}/edit?lang=en").get_data(as_text=True)
    person_id = re.search(r'name="contact_persons.0.id" value="([^"]+)"', form).group(1)
    stopped = {"contact_person_id": person_id, "stopped_at": datetime.now(UTC).isoformat()}
    events_db = platform.apps["events"].extensions["dialog_db"]
    deliver(events_db, HANDLERS, "notifications.announcements.stopped", stopped, consumer="events")
    page = _text(sven.get(f"/office/directory/{organisation_id}?lang=de"))
    assert (
        "keine Ankündigungen (am " in page and "über den Link einer Ankündigung abbestellt)" in page
    )
    assert "bekommt Ankündigungen" not in page
    form = sven.get(f"/office/directory/{organisation_id}/edit?lang=en").get_data(as_text=True)
    assert 'name="contact_persons.0.announcements_consent" checked' not in form


def test_an_organisation_with_every_field_its_recognition_and_contact_log(backoffice):
    sven = signed_in(backoffice, "sven")
    url = "/office/directory/new?lang=en"
    wrong = post_form(sven, url, url, **(ORGANISATION | {"name": "", "volunteers_count": "viele"}))
    assert wrong.status_code == 422
    page = _text(wrong)
    assert 'id="error-name"' in page and 'aria-describedby="error-volunteers_count"' in page
    refused = post_form(sven, url, url, **(ORGANISATION | {"contact_persons.0.email": "nope"}))
    assert refused.status_code == 422  # the service's refusal, next to the person's field
    assert 'aria-describedby="error-contact_persons-0-email"' in _text(refused)

    organisation_id = _add_organisation(sven)
    page = _text(sven.get(f"/office/directory/{organisation_id}?lang=en"))
    for shown in (
        "DITIB Moschee Marxloh",
        "Mosque congregation",
        "Youth work",
        "Homework help",
        "Women's group",
        "Saal für 200 Personen",
        "German, Turkish, Romanian",
        "Premises",
        "Ein Raum für die Jugendgruppe",
        "Ayşe Yılmaz",
        "gets announcements",
    ):
        assert shown in page, shown
    german = _text(sven.get(f"/office/directory/{organisation_id}?lang=de"))
    assert "Deutsch, Türkisch, Rumänisch" in german and "Jugendarbeit" in german

    edit = f"/office/directory/{organisation_id}/edit"
    form = sven.get(f"{edit}?lang=en").get_data(as_text=True)
    assert 'value="Ayşe Yılmaz"' in form and "checked" in form
    changed = ORGANISATION | {
        "recognition": "applied",
        "recognition_since": "2026-09-01",
        "needs.0.id": re.search(r'name="needs.0.id" value="([^"]+)"', form).group(1),
        "needs.0.status": "in_progress",
        "contact_persons.0.id": re.search(
            r'name="contact_persons.0.id" value="([^"]+)"', form
        ).group(1),
    }
    assert post_form(sven, edit, edit, **changed).status_code == 302
    page = _text(sven.get(f"/office/directory/{organisation_id}?lang=en"))
    assert "Applied for" in page and "Tue 1 September 2026" in page and "Being worked on" in page

    today = datetime.now(ZoneInfo("Europe/Berlin")).date().isoformat()
    show = f"/office/directory/{organisation_id}"
    action = f"{show}/contacts"
    lacking = post_form(sven, show, action, happened_on=today, channel="phone", topic="")
    assert lacking.status_code == 422 and 'id="error-contact-topic"' in _text(lacking)
    logged = post_form(
        sven,
        show,
        action,
        happened_on=today,
        channel="visit",
        topic="Raum für die Jugendgruppe",
        notes="Vorstand zeigt den Keller.",
        follow_up_due=today,
    )
    assert logged.status_code == 302
    due = _text(sven.get("/office/directory/due?lang=en"))
    assert "Raum für die Jugendgruppe" in due and "DITIB Moschee Marxloh" in due
    page = sven.get(f"{show}?lang=en").get_data(as_text=True)
    contact_id = re.search(r"/contacts/([0-9a-f-]{36})/done", page).group(1)
    done = sven.post(
        f"{action}/{contact_id}/done", data={"csrf_token": csrf_of(page), "done": "yes"}
    )
    assert done.status_code == 302
    assert "Nothing is due" in _text(sven.get("/office/directory/due?lang=en"))

    found = _text(sven.get("/office/directory?lang=en&name=marxloh&activity=youth_work"))
    assert "DITIB Moschee Marxloh" in found
    assert post_form(sven, show, f"{show}/archive").status_code == 302
    assert "No organisation matches." in _text(sven.get("/office/directory?lang=en&name=ditib"))
    archived = _text(sven.get("/office/directory?lang=en&name=ditib&archived=on"))
    assert "DITIB Moschee Marxloh" in archived and "archived" in archived
    assert post_form(sven, show, f"{show}/restore").status_code == 302
    assert "DITIB Moschee Marxloh" in _text(sven.get("/office/directory?lang=en&name=ditib"))


def test_a_round_table_its_members_meeting_invitations_and_minutes(backoffice, platform):
    sven = signed_in(backoffice, "sven")
    mosque = _add_organisation(sven)
    cemevi = _add_organisation(sven, name="Cemevi Duisburg", kind="alevi_congregation")
    created = post_form(
        sven, "/office/round-tables", "/office/round-tables", name="RT Marxloh", city="Duisburg"
    )
    table = f"/office/round-tables/{_id_of(created)}"
    members = f"{table}/members"
    wrong = post_form(
        sven, table, members, organisation_id=mosque, **{"delegate.name": "Ayşe Yılmaz"}
    )
    assert wrong.status_code == 422  # no address, no number: no invitation could reach her
    assert 'id="error-member-delegate-email"' in _text(wrong)
    joined = post_form(
        sven,
        table,
        members,
        organisation_id=mosque,
        **{"delegate.name": "Ayşe Yılmaz", "delegate.phone": "0151 23456789"},
    )
    assert joined.status_code == 302
    twice = post_form(sven, table, members, organisation_id=mosque)
    assert twice.status_code == 422  # 409 of the service, as a sentence on the page
    assert "DITIB Moschee Marxloh is already a member of this round table." in _text(twice)
    assert post_form(sven, table, members, organisation_id=cemevi).status_code == 302

    page = _text(sven.get(f"{table}?lang=en"))
    assert "Ayşe Yılmaz" in page and "+4915123456789" in page and "Cemevi Duisburg" in page
    lacking = post_form(sven, table, f"{table}/meetings", title="Treffen")
    assert lacking.status_code == 422 and 'id="error-meeting-starts_at"' in _text(lacking)
    scheduled = post_form(
        sven,
        table,
        f"{table}/meetings",
        starts_at=_berlin(7, 18),
        ends_at=_berlin(7, 20),
        **{"venue.name": "Begegnungsstätte"},
    )
    meeting = scheduled.headers["Location"]
    assert scheduled.status_code == 302 and "/meetings/" in meeting
    platform.carry()  # the meeting and its invitees reach registrations

    page = _text(sven.get(f"{meeting}?lang=en"))
    assert "Ayşe Yılmaz" in page and "Text message (SMS)" in page
    assert (
        "Invited, no answer yet" in page and "0 accepted, 0 declined, 1 without an answer" in page
    )
    markup = sven.get(meeting).get_data(as_text=True)
    invitation = re.search(r"/invitations/([0-9a-f-]{36})/resend", markup).group(1)
    again = post_form(sven, meeting, f"{meeting}/invitations/{invitation}/resend")
    assert again.status_code == 302
    assert "The invitation was sent again." in _text(sven.get(f"{meeting}?lang=en"))

    nobody = post_form(sven, meeting, f"{meeting}/invitations", name="Gast")
    assert nobody.status_code == 422, _text(nobody)
    assert "Please give an email address, a phone number or both." in _text(nobody)
    guest = post_form(
        sven, meeting, f"{meeting}/invitations", name="Dr. Kemal Aydın", email="k@example.org"
    )
    assert guest.status_code == 302
    assert "Dr. Kemal Aydın" in _text(sven.get(meeting))

    minutes = "# Beschlüsse\n\n- **Fachtag** im Mai\n\n<script>alert(1)</script>"
    written = post_form(sven, meeting, f"{meeting}/minutes", minutes=minutes)
    assert written.status_code == 302
    markup = sven.get(meeting).get_data(as_text=True)
    assert "<strong>Fachtag</strong>" in markup and "<script>alert" not in markup

    page = sven.get(table).get_data(as_text=True)
    membership, delegate = re.search(
        r"/members/([0-9a-f-]{36})/delegates/([0-9a-f-]{36})/remove", page
    ).groups()
    removed = post_form(sven, table, f"{members}/{membership}/delegates/{delegate}/remove")
    assert removed.status_code == 302
    added = post_form(
        sven,
        table,
        f"{members}/{membership}/delegates",
        **{"delegate.name": "Mehmet Kaya", "delegate.email": "mehmet@example.org"},
    )
    assert added.status_code == 302
    left = post_form(sven, table, f"{members}/{membership}/leave")
    assert left.status_code == 302
    page = _text(sven.get(f"{table}?lang=en"))
    history = page.split('aria-labelledby="history-title"')[1].split("</section>")[0]
    assert "DITIB Moschee Marxloh" in history and "still a member" in history  # the Cemevi
    assert "DITIB Moschee Marxloh leaves" not in page  # no current member any more
    platform.carry()
    page = _text(sven.get(f"{meeting}?lang=en"))
    assert "Withdrawn: no longer a delegate" in page


def test_a_mediator_reads_round_tables_and_the_directory_but_changes_nothing(backoffice):
    sven = signed_in(backoffice, "sven")
    organisation_id = _add_organisation(sven)
    created = post_form(sven, "/office/round-tables", "/office/round-tables", name="RT Hochfeld")
    table = f"/office/round-tables/{_id_of(created)}"
    mia = signed_in(backoffice, "mia")
    page = _text(mia.get(f"{table}?lang=en"))
    assert "RT Hochfeld" in page and "Schedule a meeting" not in page
    assert "DITIB Moschee Marxloh" in _text(mia.get(f"/office/directory/{organisation_id}"))
    refused = post_form(mia, table, f"{table}/members", organisation_id=organisation_id)
    assert refused.status_code == 403


def test_a_service_that_is_down_is_named_on_the_network_screens(backoffice, platform):
    sven = signed_in(backoffice, "sven")
    created = post_form(sven, "/office/round-tables", "/office/round-tables", name="RT Ruhrort")
    table = f"/office/round-tables/{_id_of(created)}"
    scheduled = post_form(
        sven, table, f"{table}/meetings", starts_at=_berlin(3, 17), ends_at=_berlin(3, 19)
    )
    meeting = scheduled.headers["Location"]
    platform.served["registrations"].stop()
    page = sven.get(f"{meeting}?lang=en")
    assert page.status_code == 200  # the meeting and its minutes, without the invitations
    assert "The part “Registrations” is not available" in _text(page)
    platform.served["events"].stop()
    down = sven.get("/office/directory?lang=en")
    assert down.status_code == 503
    assert "The part “Events and directory” is not available" in _text(down)
