"""``--every`` is a pause: 0 or less would run the role in a tight loop against the database, so
it is refused with a sentence before anything runs."""

import pytest
from click.testing import CliRunner

from dialog_mediation.cli import main as mediation
from dialog_registrations.cli import main as registrations


@pytest.mark.parametrize(
    "cli, role, every",
    [
        (registrations, "expire-holds", "0"),
        (registrations, "retain", "-1"),
        (mediation, "retain", "0"),
    ],
)
def test_a_pause_of_nothing_is_refused(cli, role, every):
    done = CliRunner().invoke(cli, [role, "--every", every])
    assert done.exit_code == 2
    assert "Invalid value for '--every'" in done.output and "x>0" in done.output
