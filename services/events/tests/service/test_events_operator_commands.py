"""An operator's mistakes with ``dialog-events``: a wrong setting, a migration that does not
exist, a database not migrated or not there, a broker out of reach, a dead letter's id that is
not there. Each ends in one sentence that names what to fix, exit status 1, no traceback and no
password."""

from click.testing import CliRunner
from sqlalchemy.engine import make_url

from dialog_events.cli import main


def run(*arguments: str):
    done = CliRunner().invoke(main, list(arguments))
    assert "Traceback" not in done.output
    return done


def test_a_migration_that_does_not_exist_is_named(service_env):
    service_env("events")
    done = run("migrate", "0099_nothing")
    assert done.exit_code == 1
    assert "Error: Migration: Can't locate revision identified by '0099_nothing'" in done.output


def test_a_database_not_migrated_says_how_to_migrate_it(service_env):
    service_env("events")
    done = run("rotate-keys")
    assert done.exit_code == 1
    assert "The database (EVENTS_DATABASE_URL) could not be used" in done.output
    assert "dialog-events migrate" in done.output
    assert run("migrate").exit_code == 0
    assert run("rotate-keys").exit_code == 0


def test_a_database_that_is_not_there_is_named_without_its_password(service_env, monkeypatch):
    url = make_url(service_env("events")).set(password="s3cret-pw", database="no_such_db")
    monkeypatch.setenv("EVENTS_DATABASE_URL", url.render_as_string(hide_password=False))
    done = run("migrate")
    assert done.exit_code == 1
    assert "EVENTS_DATABASE_URL" in done.output and "s3cret-pw" not in done.output


def test_a_malformed_database_url_and_a_missing_setting_are_sentences(service_env, monkeypatch):
    service_env("events")
    monkeypatch.setenv("EVENTS_DATABASE_URL", "events-db")
    assert "EVENTS_DATABASE_URL is not a database URL" in run("migrate").output
    monkeypatch.delenv("EVENTS_DATABASE_URL")
    done = run("migrate")
    assert done.exit_code == 1
    assert "DIALOG_ENV=production needs these settings: EVENTS_DATABASE_URL." in done.output


def test_a_broker_out_of_reach_is_named_without_its_password(service_env, monkeypatch):
    service_env("events")
    monkeypatch.setenv("AMQP_URL", "amqp://events:s3cret-pw@127.0.0.1:1/dialog")
    done = run("dead-letters", "list")
    assert done.exit_code == 1
    assert "The broker (AMQP_URL) could not be reached" in done.output
    assert "s3cret-pw" not in done.output


def test_replaying_a_dead_letter_that_is_not_there_says_so(service_env):
    service_env("events")
    assert run("dead-letters", "replay").output.strip() == "0 message(s) moved back to events"
    done = run("dead-letters", "replay", "--id", "no-such-message")
    assert done.exit_code == 1
    assert "No dead letter of events has the id 'no-such-message'" in done.output
