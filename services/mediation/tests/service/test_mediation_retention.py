"""``dialog-mediation retain``: a case file closed more than MEDIATION_RETENTION_DAYS ago loses
its title, description, requester, notes (recorded redactions) and the parties' names and
channels; a file closed within the period, or still open, keeps everything; the funder's
figures stay the same; a dry run only counts."""

import pytest
from click.testing import CliRunner

from dialog_mediation.cli import main
from dialog_mediation.domain.redaction import ERASED, REDACTED


@pytest.fixture
def closed_case(client, as_, make_case):
    """``closed_case(**fields)``: a case with a note, closed today (by the test's clock)."""
    admin = as_("admin")

    def make(**fields) -> dict:
        ids = make_case(**fields)
        url = f"/api/v1/cases/{ids['case_id']}"
        note = {"kind": "note", "body": "Vertrauliches Gespräch im Vorstand."}
        assert client.post(f"{url}/notes", json=note, headers=admin).status_code == 201
        for body in (
            {"status": "in_progress"},
            {"status": "resolved", "outcome": "agreement_reached"},
            {"status": "closed"},
        ):
            assert client.post(f"{url}/status", json=body, headers=admin).status_code == 200
        return ids

    return make


def _file(client, as_, ids) -> dict:
    url, admin = f"/api/v1/cases/{ids['case_id']}", as_("admin")
    return {
        part: client.get(f"{url}/{part}", headers=admin).json
        for part in ("details", "parties", "notes")
    }


def test_files_past_the_period_are_redacted_the_others_kept(
    client, as_, make_case, closed_case, clock, monkeypatch
):
    monkeypatch.setenv("MEDIATION_RETENTION_DAYS", "1095")
    old = closed_case()
    clock.advance(days=10)
    recent = closed_case(opened_on="2027-03-05")
    still_open = make_case()
    clock.advance(days=1095 - 5)  # the old file closed 1100 days ago, the recent one 1090
    figures = client.get("/api/v1/figures", headers=as_("admin")).json
    before = {name: _file(client, as_, ids) for name, ids in [("old", old), ("recent", recent)]}

    dry = CliRunner().invoke(main, ["retain", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "case files due for redaction" in dry.output and '"cases": 1' in dry.output
    assert _file(client, as_, old)["details"] == before["old"]["details"]
    assert _file(client, as_, old)["parties"] == before["old"]["parties"]
    notes = _file(client, as_, old)["notes"]
    assert [n["body"] for n in notes] == [n["body"] for n in before["old"]["notes"]]

    done = CliRunner().invoke(main, ["retain"])
    assert done.exit_code == 0, done.output
    assert '"cases": 1' in done.output and '"parties": 1' in done.output

    redacted = _file(client, as_, old)
    details = redacted["details"]
    assert (details["title"], details["description"], details["requester_name"]) == (
        ERASED,
        "",
        ERASED,
    )
    assert details["status"] == "closed" and details["outcome"] == "agreement_reached"
    (party,) = redacted["parties"]
    assert (party["name"], party["email"], party["phone"]) == (ERASED, None, None)
    assert redacted["notes"] and all(n["body"] == REDACTED for n in redacted["notes"])
    assert all(n["redacted_at"] for n in redacted["notes"])
    for kept in (recent, still_open):
        shown = _file(client, as_, kept)
        assert shown["details"]["description"] == "Streit um die Nutzung des Saals am Freitagabend."
        assert shown["parties"][0]["email"] == "mehmet@example.org"
        assert REDACTED not in [n["body"] for n in shown["notes"]]
    assert client.get("/api/v1/figures", headers=as_("admin")).json == figures
    trail = client.get(f"/api/v1/audit?case_id={old['case_id']}", headers=as_("admin")).json
    actions = [(e["actor_subject"], e["action"]) for e in trail]
    assert ("system:retention", "case.file_redacted") in actions
    assert actions.count(("system:retention", "note.redacted")) == len(redacted["notes"])

    again = CliRunner().invoke(main, ["retain"])
    assert again.exit_code == 0 and '"cases": 0' in again.output
