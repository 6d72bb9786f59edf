"""Every environment variable the code reads is declared in ``config.VARIABLES`` and listed in
the README, so the README's configuration table stays true."""

import re
from pathlib import Path

from dialog_platform.config import SERVICES, VARIABLES

ROOT = Path(__file__).resolve().parents[1]
#: A variable read by name: os.environ, every ``env_*`` reader of dialog_platform.config, and a
#: settings field ``own(env_..., "NAME")``.
READS = re.compile(
    r"""(?:environ\.get\(|environ\[|getenv\(|\benv_[a-z_]+\(|\bown\(\s*env_[a-z_]+,)"""
    r"""\s*["']([A-Z][A-Z0-9_]+)["']"""
)


def _variables_read_by_code() -> set[str]:
    names: set[str] = set()
    for path in [
        *ROOT.glob("shared/dialog_platform/**/*.py"),
        *ROOT.glob("services/*/dialog_*/**/*.py"),
    ]:
        names |= set(READS.findall(path.read_text()))
    names |= {f"{service.upper()}_DATABASE_URL" for service in SERVICES}  # read by a pattern
    return names


def test_code_reads_only_declared_variables():
    declared = {variable.name for variable in VARIABLES}
    read = _variables_read_by_code()
    assert "AMQP_URL" in read and "JWT_SECRET" in read  # the scan finds what it should
    assert read - declared == set()


def test_every_declared_variable_is_read():
    """No setting is documented that nothing reads: each is read by name, or under a name the
    code composes (the back office's API URLs), or looked up from a table (the tests' servers)."""
    from dialog_backoffice.config import API_SERVICES

    composed = {f"BACKOFFICE_{service.upper()}_URL" for service in API_SERVICES}
    resources = (ROOT / "shared/dialog_platform/testing/resources.py").read_text()
    looked_up = set(re.findall(r"""\{\s*["'](DIALOG_TEST_[A-Z_]+)["']\s*:""", resources))
    unread = {v.name for v in VARIABLES} - _variables_read_by_code() - composed - looked_up
    assert unread == set()


def test_readme_lists_every_variable():
    readme = (ROOT / "README.md").read_text()
    missing = [variable.name for variable in VARIABLES if f"`{variable.name}`" not in readme]
    assert missing == []


def _row(variable) -> str:
    return f"| `{variable.name}` | {variable.documented_default} | {variable.help} |"


def test_readme_table_shows_the_declared_defaults():
    """The configuration table is VARIABLES, row by row: defaults are written once."""
    lines = (ROOT / "README.md").read_text().splitlines()
    rows = [line for line in lines if line.startswith("| `")]
    table = [row for row in rows if row.split("`")[1] in {v.name for v in VARIABLES}]
    assert table == [_row(variable) for variable in VARIABLES]


def test_readme_starts_with_the_two_commands():
    head = (ROOT / "README.md").read_text().split("```")[1]
    assert "make run" in head and "make test" in head
    assert (
        "make lint" in (ROOT / ".ci/run").read_text()
        and "make test" in (ROOT / ".ci/run").read_text()
    )
