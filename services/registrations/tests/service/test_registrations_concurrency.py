"""Against PostgreSQL, through the HTTP API: 200 simultaneous sign-ups for 20 seats end with
exactly 20 seated and 180 waitlisted in order, none lost; cancellations that race promote the
first waiting, each exactly once."""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

SIGN_UPS = 200
SEATS = 20


def _post(url: str, body: dict) -> tuple[int, dict]:
    request = urllib.request.Request(
        url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def _all_at_once(calls) -> list:
    """Run the calls in as many threads, released together by a barrier."""
    barrier = threading.Barrier(len(calls))

    def run(call):
        barrier.wait()
        return call()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(run, calls))


def test_flash_crowd_fills_seats_exactly_and_queues_the_rest(
    registrations_app, published_event, live_server, staff_headers, sent_messages
):
    event_id = published_event(capacity=SEATS)
    url = f"{live_server}/api/v1/public/events/{event_id}/registrations"
    bodies = [
        {"name": f"Person {n}", "email": f"person{n}@example.org", "consent": True}
        for n in range(SIGN_UPS)
    ]
    answers = _all_at_once([lambda b=b: _post(url, b) for b in bodies])

    assert [status for status, _ in answers] == [201] * SIGN_UPS
    statuses = Counter(body["status"] for _, body in answers)
    assert statuses == {"confirmed": SEATS, "waitlisted": SIGN_UPS - SEATS}
    positions = sorted(b["waitlist_position"] for _, b in answers if b["status"] == "waitlisted")
    assert positions == list(range(1, SIGN_UPS - SEATS + 1))

    client = registrations_app.test_client()
    listed = client.get(
        f"/api/v1/events/{event_id}/registrations?status=waitlisted", headers=staff_headers("staff")
    ).json
    by_position = sorted(listed, key=lambda r: r["waitlist_position"])
    assert [r["waitlist_position"] for r in by_position] == positions
    assert [r["created_at"] for r in by_position] == sorted(r["created_at"] for r in listed)
    counts = client.get(
        f"/api/v1/events/{event_id}/registrations/counts", headers=staff_headers("staff")
    ).json
    assert counts["seated"] == SEATS and counts["counts"]["waitlisted"] == SIGN_UPS - SEATS
    assert len(sent_messages("registrations.registration.created")) == SIGN_UPS

    # Five seated people cancel at the same moment through their links.
    created = sent_messages("registrations.registration.created")
    cancel_urls = [m["data"]["links"]["cancel_url"] for m in created]
    seated_urls = [
        u for u, m in zip(cancel_urls, created, strict=True) if m["data"]["status"] == "confirmed"
    ][:5]
    tokens = [u.rsplit("/", 1)[1] for u in seated_urls]
    cancel = f"{live_server}/api/v1/public/registrations/cancel"
    # Each link is clicked twice at once: the second click must change nothing.
    results = _all_at_once([lambda t=t: _post(cancel, {"token": t}) for t in tokens + tokens])
    assert all(status == 200 for status, _ in results)
    assert sorted(body["already_done"] for _, body in results) == [False] * 5 + [True] * 5

    promoted = sent_messages("registrations.registration.promoted")
    first_five = [r["id"] for r in by_position[:5]]
    assert sorted(m["data"]["registration_id"] for m in promoted) == sorted(first_five)
    assert all(m["data"]["status"] == "confirmed" for m in promoted)
    after = client.get(
        f"/api/v1/events/{event_id}/registrations/counts", headers=staff_headers("staff")
    ).json
    assert after["seated"] == SEATS
    assert after["counts"]["cancelled"] == 5
    assert after["counts"]["waitlisted"] == SIGN_UPS - SEATS - 5
    still_waiting = client.get(
        f"/api/v1/events/{event_id}/registrations?status=waitlisted", headers=staff_headers("staff")
    ).json
    assert sorted(r["waitlist_position"] for r in still_waiting) == list(range(1, 176))
    assert {r["id"] for r in still_waiting} == {r["id"] for r in by_position[5:]}
