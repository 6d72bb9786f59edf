"""The funder's figures: counts by category, status, outcome and quarter and the median days to
resolution, with no names or free text, and small counts suppressed."""

import json
from datetime import timedelta

from dialog_mediation.models import Case


def _resolve(client, as_, case_id, outcome="agreement_reached"):
    admin = as_("admin")
    for body in ({"status": "in_progress"}, {"status": "resolved", "outcome": outcome}):
        assert (
            client.post(f"/api/v1/cases/{case_id}/status", json=body, headers=admin).status_code
            == 200
        )


def test_figures_count_suppress_and_hold_no_personal_data(mediation_app, client, as_, make_case):
    resolved = []
    for n in range(6):  # six cases of one category in Q1 2027, five resolved with agreement
        ids = make_case(opened_on=f"2027-02-{n + 1:02d}", title=f"Fall Nummer {n}")
        if n < 5:
            _resolve(client, as_, ids["case_id"])
            resolved.append(ids["case_id"])
    make_case(category="conflict_within_organisation", opened_on="2027-05-01")
    make_case(category="other", opened_on="2027-08-01", requester_name="Fatma Kaya")
    with mediation_app.extensions["dialog_db"].transaction() as session:
        for days, case_id in zip((10, 20, 30, 40, 50), resolved, strict=True):
            case = session.get(Case, case_id)  # as if resolved that many days after opening
            case.resolved_on = case.opened_on + timedelta(days=days)

    figures = client.get("/api/v1/figures?year=2027", headers=as_("staff"))
    assert figures.status_code == 200
    data = figures.json
    assert data["min_cell"] == 5 and data["total"] == 8
    categories = {c["category"]: c for c in data["by_category"]}
    assert categories["rooms_and_resources"]["count"] == 6
    # two categories with one case each: both hidden
    assert categories["conflict_within_organisation"] == {
        "category": "conflict_within_organisation",
        "count": None,
        "suppressed": True,
    }
    assert categories["other"]["suppressed"] is True
    assert categories["recognition_and_funding"] == {
        "category": "recognition_and_funding",
        "count": 0,
        "suppressed": False,
    }
    quarters = {q["quarter"]: q for q in data["by_quarter"]}
    assert quarters["2027-Q1"]["count"] == 6
    assert quarters["2027-Q2"]["suppressed"] and quarters["2027-Q3"]["suppressed"]
    statuses = {s["status"]: s["count"] for s in data["by_status"]}
    # three new cases are below five; with the total shown, the resolved five would give them
    # away, so they are hidden too
    assert statuses == {"new": None, "in_progress": 0, "on_hold": 0, "resolved": None, "closed": 0}
    outcomes = {o["outcome"]: o["count"] for o in data["by_outcome"]}
    assert outcomes["agreement_reached"] == 5
    assert data["median_days_to_resolution"] == 30.0

    text = json.dumps(data, ensure_ascii=False)
    for personal in ("Fall Nummer", "Ayşe", "Fatma", "Mehmet", "Streit", "M-2027", "med-1"):
        assert personal not in text
    assert client.get("/api/v1/figures?year=2026", headers=as_("admin")).json["total"] == 0
    bad = client.get("/api/v1/figures?year=soon", headers=as_("admin"))
    assert bad.status_code == 422 and "year" in bad.json["errors"]


def test_the_threshold_comes_from_the_environment(service_env, monkeypatch):
    from dialog_mediation.app import create_app

    service_env("mediation")
    monkeypatch.setenv("MEDIATION_MIN_CELL", "3")
    app = create_app()
    assert app.config["DIALOG_SETTINGS"].min_cell == 3
    app.extensions["dialog_db"].dispose()
