"""Concurrent changes of one published event take turns (row lock on PostgreSQL): each gets
its own version and its own ``events.event.updated`` message; none is lost."""

import threading

from dialog_platform.testing.messages import outbox_messages


def test_parallel_changes_get_distinct_versions(events_app, staff_headers, new_event):
    event = new_event(publish=True)
    path = f"/api/v1/events/{event['id']}"
    changes = [{"title": f"Titel {n}"} for n in range(4)] + [{"capacity": 40}]
    barrier = threading.Barrier(len(changes))
    answers = []

    def change(body):
        client = events_app.test_client()
        barrier.wait(timeout=30)
        answers.append(client.patch(path, json=body, headers=staff_headers("staff")))

    threads = [threading.Thread(target=change, args=(body,)) for body in changes]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert [a.status_code for a in answers] == [200] * len(changes)

    db = events_app.extensions["dialog_db"]
    updates = [m["data"] for m in outbox_messages(db, "events.event.updated")]
    assert sorted(u["version"] for u in updates) == [3, 4, 5, 6, 7]
    assert sorted(a.json["version"] for a in answers) == [3, 4, 5, 6, 7]
    capacity_change = next(u for u in updates if "capacity" in u["changed_fields"])
    assert capacity_change["changed_fields"] == ["capacity"]
    assert capacity_change["previous"] == {"capacity": 25}
