"""MEDIATION_MIN_CELL: default 5, a whole number of at least 1, else a clear refusal."""

import pytest

from dialog_mediation.config import MediationSettings
from dialog_platform.config import ConfigurationError


@pytest.fixture(autouse=True)
def _embedded(monkeypatch, tmp_path):
    monkeypatch.setenv("DIALOG_ENV", "embedded")
    monkeypatch.setenv("DIALOG_DATA_DIR", str(tmp_path))


def load_min_cell() -> int:
    return MediationSettings.from_env().min_cell


def test_default_is_five(monkeypatch):
    monkeypatch.delenv("MEDIATION_MIN_CELL", raising=False)
    assert load_min_cell() == 5


def test_value_is_read(monkeypatch):
    monkeypatch.setenv("MEDIATION_MIN_CELL", "10")
    assert load_min_cell() == 10


@pytest.mark.parametrize("raw", ["0", "-2", "five"])
def test_bad_values_are_refused_with_the_name(monkeypatch, raw):
    monkeypatch.setenv("MEDIATION_MIN_CELL", raw)
    with pytest.raises(ConfigurationError, match="MEDIATION_MIN_CELL"):
        load_min_cell()
