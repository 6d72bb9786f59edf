"""Templates: every kind in every language renders, HTML is escaped, dates follow the language."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from dialog_notifications.domain.sms import count_segments
from dialog_notifications.rendering import KINDS, UnknownKind, render, stop_page
from dialog_platform.locale import LANGUAGES

VALUES = {
    "name": "<script>alert(1)</script>",
    "title": "Tee & Gespräch",
    "starts_at": datetime(2027, 6, 3, 16, 0, tzinfo=UTC),  # 18:00 in Berlin (summer)
    "old_starts_at": datetime(2027, 6, 2, 16, 0, tzinfo=UTC),
    "old_place": "Alt",
    "place": "Haus",
    "position": 2,
    "reason": "Krank",
    "cancelled_by": "staff",
    "round_table_name": "Runder Tisch",
    "organisation_name": "Verein",
    "case_reference": "M-1",
    "confirm_url": "https://r.test/confirm",
    "cancel_url": "https://r.test/cancel?a=1&b=2",
    "accept_url": "https://r.test/accept",
    "decline_url": "https://r.test/decline",
    "stop_url": "https://n.test/stop/t",
    "signup_url": "https://r.test/events/e",
    "topic_title": "Abendvorträge",
    "withdrawn": "staff",
}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_renders_in_every_language(kind, language):
    rendered = render(kind, language, VALUES)
    assert rendered.subject and "{" not in rendered.text
    assert "<script>" not in rendered.html and "&lt;script&gt;" in rendered.html
    assert (
        "https://n.test/stop/t" in rendered.text and 'href="https://n.test/stop/t"' in rendered.html
    )


#: How each language writes 3 June 2027, 18:00 in Berlin: in a mail (date, time) and, shorter
#: but not to be misread, in an SMS (date, time with its zone).
SPELLED_OUT = {
    "de": ("Donnerstag, 3. Juni 2027", "18:00", "3. Juni 2027", "18:00 Uhr MESZ"),
    "en": ("Thursday, June 3, 2027", "6:00", "Jun 3, 2027", "6:00 PM UTC+2"),
    "tr": ("3 Haziran 2027 Perşembe", "18:00", "3 Haz 2027", "18:00 UTC+2"),
    "ar": ("الخميس، 3 يونيو 2027", "6:00", "3 يونيو 2027", "6:00 م UTC+2"),
}


@pytest.mark.parametrize("language", SPELLED_OUT)
def test_dates_are_in_the_language_and_berlin_time_and_short_ones_cannot_be_misread(language):
    date, time, short_date, short_time = SPELLED_OUT[language]
    text = render("seat_confirmed", language, VALUES).text
    assert date in text and time in text
    sms = render("reminder", language, VALUES).sms
    assert short_date in sms and short_time in sms


def test_links_become_anchors_with_escaped_ampersands():
    html = render("seat_confirmed", "de", VALUES).html
    assert '<a href="https://r.test/cancel?a=1&amp;b=2">' in html


def test_unknown_language_falls_back_to_german_and_unknown_kind_is_refused():
    assert render("reminder", "fr", VALUES).subject.startswith("Erinnerung")
    with pytest.raises(UnknownKind):
        render("party", "de", VALUES)


@pytest.mark.parametrize("language", LANGUAGES)
def test_reminder_sms_is_complete_in_every_language(language):
    values = VALUES | {"title": "Elternabend", "place": "Gemeindehaus, Hauptstraße 1, Duisburg"}
    sms = render("reminder", language, values).sms
    assert "Elternabend" in sms and "Gemeindehaus, Hauptstraße 1, Duisburg" in sms
    assert "18:00" in sms or "6:00" in sms
    assert not sms.endswith("...") and count_segments(sms).count <= 3


@pytest.mark.parametrize("language", ["de", "en"])
def test_a_reminder_sms_too_long_for_three_parts_is_cut(language):
    values = VALUES | {"title": "Ein sehr langer Titel einer Veranstaltung " * 12}
    sms = render("reminder", language, values).sms
    assert sms.endswith("...") and count_segments(sms).count == 3


def test_the_stop_page_speaks_the_language_of_the_person():
    assert '<button type="submit">Erinnerungen abbestellen</button>' in stop_page("de")
    arabic = stop_page("ar", done=True)
    assert 'dir="rtl"' in arabic and "لن تصلك تذكيرات بعد الآن." in arabic
    assert "<form" not in arabic
    assert "Bu bağlantı (artık) geçerli değil." in stop_page("tr", known=False)
    assert "Diese Verknüpfung ist nicht (mehr) gültig." in stop_page(None, known=False)
