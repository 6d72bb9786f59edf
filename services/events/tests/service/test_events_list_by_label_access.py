"""The public list by a topic or a language reads the labels' copy of an event's access: a
meeting by invitation is neither listed nor counted under its topic or language until staff
open it, and is again once they close it."""

LIST = "/api/v1/public/events"
MEETING = {"starts_at": "2031-06-12T17:30:00+02:00", "ends_at": "2031-06-12T19:30:00+02:00"}
LABELS = {"languages": ["tr"], "topics": ["Jugendhilfe"]}


def _listed(client, query: dict) -> tuple[list[str], int]:
    answer = client.get(LIST, query_string=query)
    assert answer.status_code == 200, answer.json
    return [item["id"] for item in answer.json["items"]], answer.json["total"]


def test_a_meeting_counts_under_its_labels_only_while_open(client, staff_headers, new_round_table):
    headers = staff_headers("staff")
    table = new_round_table(name="Runder Tisch Hochfeld")
    made = client.post(
        f"/api/v1/round-tables/{table['id']}/meetings", json=MEETING, headers=headers
    )
    assert made.status_code == 201, made.json
    meeting = made.json["id"]
    labelled = client.patch(f"/api/v1/events/{meeting}", json=LABELS, headers=headers)
    assert labelled.status_code == 200, labelled.json
    queries = (
        {"topic": "jugendhilfe"},
        {"language": "tr"},
        {"topic": "jugendhilfe", "language": "tr"},
    )

    for query in queries:
        assert _listed(client, query) == ([], 0), query

    for access, expected in (("public", ([meeting], 1)), ("invitation", ([], 0))):
        changed = client.patch(
            f"/api/v1/events/{meeting}", json={"access": access}, headers=headers
        )
        assert changed.status_code == 200, changed.json
        for query in queries:
            assert _listed(client, query) == expected, (access, query)
