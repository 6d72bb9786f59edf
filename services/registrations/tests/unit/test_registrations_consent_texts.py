"""The consent texts state the real retention period in every language, in the grammatical
form the number needs, and the version of the texts shown names that period."""

import pytest

from dialog_registrations.domain.consent import CONSENT_TEXT_VERSION, purposes_of, text_version
from dialog_registrations.texts import consent_text


@pytest.mark.parametrize(
    ("language", "days", "expected"),
    [
        ("de", 30, "Sie werden 30 Tage nach der Veranstaltung gelöscht."),
        ("de", 1, "Sie werden 1 Tag nach der Veranstaltung gelöscht."),
        ("en", 30, "They are deleted 30 days after the event."),
        ("en", 1, "They are deleted 1 day after the event."),
        ("tr", 14, "Bilgiler etkinlikten 14 gün sonra silinir."),
        ("ar", 30, "بعد 30 يومًا من انتهاء الفعالية."),
        ("ar", 7, "بعد 7 أيام من انتهاء الفعالية."),
        ("ar", 2, "بعد يومين من انتهاء الفعالية."),
    ],
)
def test_the_registration_consent_states_the_retention_period(language, days, expected):
    assert consent_text("registration", language, days).endswith(expected)


def test_sms_consent_text_and_the_version_of_the_texts():
    assert consent_text("sms_reminders", "tr", 30).startswith("Lütfen bana SMS ile")
    assert text_version(30) == f"{CONSENT_TEXT_VERSION}-30d" != text_version(31)
    assert purposes_of(sms_consent=True) == ["registration", "sms_reminders"]
    assert purposes_of(sms_consent=False) == ["registration"]
    with pytest.raises(ValueError):
        consent_text("newsletter", "de", 30)
