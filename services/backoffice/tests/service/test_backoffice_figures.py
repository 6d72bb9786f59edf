"""The funder's figures in the back office: the three services' yearly figures side by side,
as a page with charts and as CSV and JSON, for admins only; a service that is down is named."""

from __future__ import annotations

import csv
import io
import json

import requests

from dialog_platform.auth import mint_token
from dialog_platform.testing.plugin import TEST_JWT_SECRET

from ..conftest import signed_in


def _admin_headers() -> dict[str, str]:
    return {"Authorization": f"Bearer {mint_token(TEST_JWT_SECRET, 'auditor', ('admin',))}"}


def test_figures_side_by_side_as_page_csv_and_json(backoffice, platform):
    amira = signed_in(backoffice, "amira")
    page = amira.get("/office/figures?year=2027&lang=en")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    for title in ("Events held by month", "Places and people", "Mediation cases by category"):
        assert title in html
    assert html.count("<svg") >= 4 and "<title>" in html and "{" not in html.split("<main")[1]

    document = json.loads(amira.get("/office/figures.json?year=2027").get_data(as_text=True))
    own = {
        "events": "/api/v1/reports/yearly",
        "registrations": "/api/v1/reports/yearly",
        "mediation": "/api/v1/figures",
    }
    for service, path in own.items():  # the same figures as each service gives an admin
        answer = requests.get(
            f"{platform.url(service)}{path}",
            params={"year": 2027},
            headers=_admin_headers(),
            timeout=10,
        )
        assert document[service] == answer.json(), service
    assert document["unavailable"] == [] and document["year"] == 2027

    download = amira.get("/office/figures.csv?year=2027&lang=de")
    assert download.headers["Content-Type"].startswith("text/csv")
    assert 'filename="dialog-figures-2027.csv"' in download.headers["Content-Disposition"]
    table = list(csv.reader(io.StringIO(download.get_data().decode("utf-8-sig")), delimiter=";"))
    assert table[0] == ["Dienst", "Kennzahl", "Aufschlüsselung", "Wert", "Unterdrückt"]
    figures = {(row[0], row[1], row[2]) for row in table[1:]}
    assert ("events", "events_held.by_month", "2027-03") in figures
    assert ("registrations", "places_offered", "") in figures
    assert any(service == "mediation" for service, _, _ in figures)


def test_only_admins_see_the_figures(backoffice):
    sven = signed_in(backoffice, "sven")
    assert sven.get("/office/figures").status_code == 403
    assert sven.get("/office/figures.csv").status_code == 403


def test_a_service_that_is_down_is_named_and_the_rest_is_shown(lone_backoffice):
    amira = signed_in(lone_backoffice, "amira")
    page = amira.get("/office/figures?year=2027&lang=en")
    assert page.status_code == 200
    assert 'class="unavailable"' in page.get_data(as_text=True)
    document = json.loads(amira.get("/office/figures.json?year=2027").get_data(as_text=True))
    assert document["unavailable"] == ["events", "registrations", "mediation"]
