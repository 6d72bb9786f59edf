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


@pytest.mark.parametrize(
    ("language", "date", "time"),
    [
        ("de", "Donnerstag, 3. Juni 2027", "18:00"),
        ("en", "Thursday, June 3, 2027", "6:00"),
        ("tr", "3 Haziran 2027 Perşembe", "18:00"),
        ("ar", "الخميس، 3 يونيو 2027", "6:00"),
    ],
)
def test_dates_are_in_the_language_and_berlin_time(language, date, time):
    text = render("seat_confirmed", language, VALUES).text
    assert date in text and time in text


def test_links_become_anchors_with_escaped_ampersands():
    html = render("seat_confirmed", "de", VALUES).html
    assert '<a href="https://r.test/cancel?a=1&amp;b=2">' in html


def test_unknown_language_falls_back_to_german_and_unknown_kind_is_refused():
    assert render("reminder", "fr", VALUES).subject.startswith("Erinnerung")
    with pytest.raises(UnknownKind):
        render("party", "de", VALUES)


@pytest.mark.parametrize("language", ["de", "en"])
def test_reminder_sms_fits_one_segment(language):
    values = VALUES | {"title": "Ein sehr langer Titel einer Veranstaltung " * 3}
    assert count_segments(render("reminder", language, values).sms).count == 1


def test_the_stop_page_speaks_the_language_of_the_person():
    assert '<button type="submit">Erinnerungen abbestellen</button>' in stop_page("de")
    arabic = stop_page("ar", done=True)
    assert 'dir="rtl"' in arabic and "لن تصلك تذكيرات بعد الآن." in arabic
    assert "<form" not in arabic
    assert "Bu bağlantı (artık) geçerli değil." in stop_page("tr", known=False)
    assert "Diese Verknüpfung ist nicht (mehr) gültig." in stop_page(None, known=False)
