"""Every route of the mediation API met the way a careless client and an attacker meet it
(without a token, a forged or expired one, the wrong role; malformed ids, queries and bodies):
never a 5xx, always a sentence, nothing changed by a refused change (``testing.walk``)."""

from dialog_platform.testing.walk import walk


def test_every_route_survives_the_walk(mediation_app, client, make_case, samples, as_):
    ids = make_case()
    session = samples["session"] | {"party_ids": [ids["party_id"]]}
    made = client.post(
        f"/api/v1/cases/{ids['case_id']}/sessions", json=session, headers=as_("admin")
    )
    assert made.status_code == 201, made.json
    bodies = {
        "POST /api/v1/cases": samples["case"],
        "POST /api/v1/cases/{case_id}/parties": samples["party"],
        "POST /api/v1/cases/{case_id}/sessions": session,
        "PUT /api/v1/cases/{case_id}/sessions/{session_id}": session,
    }
    ids = {"case_id": ids["case_id"], "session_id": made.json["id"]}
    assert walk(mediation_app, client, ids, role="admin", bodies=bodies) == []
