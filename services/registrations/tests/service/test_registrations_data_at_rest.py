"""Contact data is encrypted at rest: a dump of the registrations database (pg_dump of the real
PostgreSQL database; the bytes of the embedded SQLite files) after sign-ups and an accepted
invitation holds no name, address (in any case) or phone number (in any format) in clear,
while staff still read them through the API and the CSV. On SQLite an erasure works too."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from sqlalchemy.engine import make_url

from dialog_platform.migrations import upgrade
from dialog_platform.testing.resources import libpq_url

from ..conftest import AYSE, AYSE_TRACES, event_data


def _clear_traces(dump: str) -> list[str]:
    text = dump.lower()
    return [trace for trace in AYSE_TRACES if trace.lower() in text]


def test_a_postgresql_dump_holds_no_contact_data_in_clear(
    registrations_app, ayse_everywhere, staff_headers
):
    url = registrations_app.config["DIALOG_SETTINGS"].database_url
    if shutil.which("pg_dump") is None:
        pytest.fail("pg_dump is needed for this test (apt-get install postgresql-client)")
    dump = subprocess.run(
        ["pg_dump", "--no-owner", libpq_url(url)], check=True, capture_output=True, text=True
    ).stdout
    assert "COPY public.registration" in dump and "COPY public.outbox" in dump
    assert "Infoabend Wohlfahrtspflege" in dump  # what is not personal stays readable
    assert _clear_traces(dump) == []

    client, headers = registrations_app.test_client(), staff_headers("staff")
    base = f"/api/v1/events/{ayse_everywhere['events'][1]}/registrations"
    rows = {r["name"]: r for r in client.get(base, headers=headers).json}
    assert rows[AYSE["name"]]["email"] == AYSE["email"]
    assert rows[AYSE["name"]]["phone"] == "+491701234567"
    assert rows[AYSE["name"]]["sms_consent"] is True
    csv = client.get(f"{base}/export?variant=comma", headers=headers).data.decode()
    # Decrypted, as people write it: text to a spreadsheet, without a visible apostrophe.
    assert f"{AYSE['name']},{AYSE['email']},+49 170 1234567" in csv


# kombu's SQLAlchemy transport (the embedded bus the erasure sweeps) maps its tables with
# ``lazy="noload"``, which SQLAlchemy 2.1 deprecates; the warning is kombu's to fix.
@pytest.mark.filterwarnings(
    "ignore:The ``noload`` loader strategy is deprecated:sqlalchemy.exc.SADeprecationWarning"
)
def test_the_embedded_sqlite_files_hold_no_contact_data_in_clear(
    monkeypatch, tmp_path, staff_headers
):
    from dialog_platform.testing.messages import deliver
    from dialog_platform.testing.plugin import TEST_DATA_KEY, TEST_JWT_SECRET
    from dialog_registrations.app import create_app
    from dialog_registrations.messaging.handlers import HANDLERS

    url = f"sqlite:///{tmp_path / 'registrations.sqlite'}"
    for name, value in {
        "DIALOG_ENV": "embedded",
        "DIALOG_DATA_DIR": str(tmp_path),
        "REGISTRATIONS_DATABASE_URL": url,
        "JWT_SECRET": TEST_JWT_SECRET,
        "DIALOG_DATA_KEYS": TEST_DATA_KEY,
    }.items():
        monkeypatch.setenv(name, value)
    upgrade("dialog_registrations", url)
    app = create_app()
    try:
        event = event_data()
        deliver(app.extensions["dialog_db"], HANDLERS, "events.event.published", event)
        answer = app.test_client().post(
            f"/api/v1/public/events/{event['event_id']}/registrations",
            json=AYSE | {"consent": True, "sms_consent": True},
        )
        assert answer.status_code == 201
        staff_list = f"/api/v1/events/{event['event_id']}/registrations"
        rows = app.test_client().get(staff_list, headers=staff_headers("admin"))
        assert rows.json[0]["email"] == AYSE["email"]
        erased = app.test_client().post(  # the embedded bus's dead letters are swept too
            "/api/v1/privacy/erasures",
            json={"phone": "+49 170 1234567"},
            headers=staff_headers("admin"),
        )
        assert erased.status_code == 201, erased.json
        assert erased.json["services"][0]["erased"]["registrations"] == 1
        rows = app.test_client().get(staff_list, headers=staff_headers("admin"))
        assert (rows.json[0]["name"], rows.json[0]["status"]) == (None, "confirmed")
    finally:
        app.extensions["dialog_db"].dispose()
    files = sorted(tmp_path.glob(f"{make_url(url).database.rsplit('/', 1)[1]}*"))
    assert files and files[0].name == "registrations.sqlite"
    stored = b"".join(path.read_bytes() for path in files)
    assert b"Infoabend Wohlfahrtspflege" in stored  # rows were read, not only tables
    assert _clear_traces(stored.decode("utf-8", errors="replace")) == []
