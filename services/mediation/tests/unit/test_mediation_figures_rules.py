"""Suppression of small counts in the funder's figures, and the median."""

from datetime import date

from dialog_mediation.domain.figures import median_days, quarter_of
from dialog_platform.figures import safe_total, suppress


def test_counts_below_the_threshold_are_hidden_and_zero_is_shown():
    cells = suppress({"a": 7, "b": 3, "c": 0, "d": 12, "e": 1}, min_cell=5)
    shown = {cell["key"]: cell["count"] for cell in cells}
    assert shown == {"a": 7, "b": None, "c": 0, "d": 12, "e": None}
    assert [cell["suppressed"] for cell in cells] == [False, True, False, False, True]


def test_a_lone_hidden_cell_takes_the_smallest_other_with_it():
    cells = suppress({"a": 9, "b": 2, "c": 6, "d": 0}, min_cell=5)
    assert {cell["key"] for cell in cells if cell["suppressed"]} == {"b", "c"}
    assert all(cell["count"] is None for cell in cells if cell["suppressed"])


def test_nothing_hidden_when_all_counts_are_large_enough():
    assert not any(cell["suppressed"] for cell in suppress({"a": 5, "b": 6}, min_cell=5))


def test_total_and_median_respect_the_threshold():
    assert safe_total(4, 5) is None
    assert safe_total(0, 5) == 0
    assert safe_total(5, 5) == 5
    assert median_days([10, 20, 30, 40], min_cell=5) is None
    assert median_days([10, 20, 30, 40, 100], min_cell=5) == 30.0
    assert median_days([1, 3], min_cell=1) == 2.0


def test_quarter_of_a_date():
    assert quarter_of(date(2027, 3, 31)) == "2027-Q1"
    assert quarter_of(date(2027, 4, 1)) == "2027-Q2"
    assert quarter_of(date(2027, 12, 1)) == "2027-Q4"
