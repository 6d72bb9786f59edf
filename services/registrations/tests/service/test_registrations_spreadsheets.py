"""The export for German offices read back through a real spreadsheet program's import:
LibreOffice (headless) converts the CSV to xlsx and the xlsx to CSV; the results show German
headers, Berlin times, Ja/Nein and ``+49 …`` phone numbers as text, without an apostrophe."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from dialog_platform.locale import BERLIN
from dialog_registrations.models import Registration

OFFICE = shutil.which("libreoffice") or shutil.which("soffice")


def _convert(source: Path, target: str, out: Path, profile: Path, infilter: str | None = None):
    command = [OFFICE, f"-env:UserInstallation=file://{profile}", "--headless"]
    if infilter:
        command.append(f"--infilter={infilter}")
    command += ["--convert-to", target, "--outdir", str(out), str(source)]
    subprocess.run(command, check=True, capture_output=True, timeout=300)
    (converted,) = out.glob(f"{source.stem}.{target.split(':')[0]}")
    return converted


@pytest.fixture
def exported(registrations_app, published_event, staff_headers, tmp_path):
    event_id = published_event(capacity=10)
    client = registrations_app.test_client()
    headers = staff_headers("staff")
    for name, phone, sms in [("Ayşe Yılmaz", "0170 1234567", True), ("Jürgen", None, False)]:
        body = {"name": name, "email": f"{len(name)}@example.org", "consent": True}
        body |= {"phone": phone, "sms_consent": sms} if phone else {}
        assert (
            client.post(
                f"/api/v1/events/{event_id}/registrations", json=body, headers=headers
            ).status_code
            == 201
        )
    with registrations_app.extensions["dialog_db"].transaction() as session:
        signed_up = session.scalars(
            select(Registration.created_at).where(Registration.event_id == event_id)
        ).first()
    local = signed_up.astimezone(BERLIN).strftime("%Y-%m-%d %H:%M")
    base = f"/api/v1/events/{event_id}/registrations/export"
    files = {}
    for variant, suffix in (("excel", "csv"), ("xlsx", "xlsx")):
        answer = client.get(f"{base}?variant={variant}", headers=headers)
        assert answer.status_code == 200, answer.data[:200]
        files[variant] = tmp_path / f"registrations-{variant}.{suffix}"
        files[variant].write_bytes(answer.data)
    return files, local, client, base, headers


def test_the_files_as_written(exported):
    files, local, client, base, headers = exported
    text = files["excel"].read_bytes().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][:3] == ["Name", "E-Mail-Adresse", "Telefonnummer"]
    assert rows[1][2] == "+49 170 1234567" and "'" not in text.split("\r\n")[1]
    assert rows[1][8] == "Ja" and rows[2][8] == "Nein"
    assert rows[1][9] == local and rows[1][5] == "bestätigt"
    english = client.get(f"{base}?variant=comma&lang=en", headers=headers).data.decode()
    assert english.startswith("Participant's name,Email address,Phone number")
    sheet = load_workbook(files["xlsx"]).active
    assert sheet["C2"].value == "+49 170 1234567" and sheet["C2"].data_type == "s"
    assert sheet["J2"].value.strftime("%Y-%m-%d %H:%M") == local


@pytest.mark.skipif(
    OFFICE is None, reason="LibreOffice is not installed (apt-get install libreoffice-calc)"
)
def test_libreoffice_reads_german_headers_local_times_and_phone_numbers_as_text(exported, tmp_path):
    files, local, *_ = exported
    profile = tmp_path / "office-profile"
    # CSV -> xlsx through LibreOffice's CSV import (semicolons, quotes, UTF-8).
    workbook = _convert(files["excel"], "xlsx", tmp_path / "from-csv", profile, "CSV:59,34,76,1")
    sheet = load_workbook(workbook).active
    assert [sheet.cell(1, n).value for n in (1, 2, 3)] == [
        "Name",
        "E-Mail-Adresse",
        "Telefonnummer",
    ]
    phone = sheet["C2"]
    assert phone.value == "+49 170 1234567" and phone.data_type == "s"  # text, not a number
    assert sheet["I2"].value == "Ja" and sheet["I3"].value == "Nein"
    signed_up = sheet["J2"].value
    shown = signed_up.strftime("%Y-%m-%d %H:%M") if isinstance(signed_up, datetime) else signed_up
    assert shown == local  # Berlin time, not UTC

    # xlsx -> CSV through LibreOffice's xlsx import.
    text_file = _convert(
        files["xlsx"], "csv:Text - txt - csv (StarCalc):59,34,76,1", tmp_path / "from-xlsx", profile
    )
    rows = list(csv.reader(io.StringIO(text_file.read_text(encoding="utf-8")), delimiter=";"))
    assert rows[0][:3] == ["Name", "E-Mail-Adresse", "Telefonnummer"]
    assert rows[1][2] == "+49 170 1234567"
    assert rows[1][8] == "Ja" and rows[1][9] == local
