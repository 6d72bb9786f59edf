"""SMS segment counting (GSM-7 and UCS-2) and keeping reminders to one segment."""

from __future__ import annotations

from dialog_notifications.domain.sms import count_segments, fit_one_segment


def test_gsm7_fits_160_then_153_per_part():
    assert count_segments("a" * 160).count == 1
    assert count_segments("a" * 161).count == 2
    assert count_segments("a" * 306).count == 2
    assert count_segments("a" * 307).count == 3
    assert count_segments("Größe über Straße").encoding == "GSM-7"


def test_extension_characters_count_twice():
    text = "€" * 80
    segments = count_segments(text)
    assert (segments.encoding, segments.units, segments.count) == ("GSM-7", 160, 1)
    assert count_segments("€" * 81).count == 2


def test_turkish_and_arabic_need_ucs2():
    assert count_segments("Hatırlatma").encoding == "UCS-2"
    assert count_segments("ş" * 70).count == 1
    assert count_segments("ş" * 71).count == 2
    assert count_segments("ت" * 134).count == 2
    assert count_segments("😀" * 35).units == 70  # outside the BMP: two code units each


def test_fit_one_segment_shortens_with_an_ellipsis():
    assert fit_one_segment("short") == "short"
    long_german = "Erinnerung: " + "Gesprächsabend " * 20
    fitted = fit_one_segment(long_german)
    assert count_segments(fitted).count == 1 and fitted.endswith("...")
    long_turkish = "Hatırlatma: " + "ş" * 100
    fitted = fit_one_segment(long_turkish)
    assert count_segments(fitted).count == 1 and len(fitted) == 70
