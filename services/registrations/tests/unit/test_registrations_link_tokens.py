"""Link tokens: one that never expires comes out the same whenever it is made (a resent
invitation carries the links sent before), one that expires carries its time, and a token
made before either way still reads."""

from __future__ import annotations

import uuid
from datetime import timedelta
from types import SimpleNamespace

from itsdangerous import URLSafeTimedSerializer

from dialog_registrations import links

SETTINGS = SimpleNamespace(
    link_secret="a-link-secret-for-the-test", confirm_within=timedelta(hours=1)
)


def test_a_lasting_link_is_the_same_every_time_and_a_confirm_link_carries_its_time(monkeypatch):
    subject = uuid.uuid4()
    first = {
        action: links.make_token(SETTINGS, action, subject) for action in ("accept", "confirm")
    }
    monkeypatch.setattr("time.time", lambda: 4_102_444_800.0)  # years later
    assert links.make_token(SETTINGS, "accept", subject) == first["accept"]
    assert links.make_token(SETTINGS, "confirm", subject) != first["confirm"]
    monkeypatch.undo()
    for action, token in first.items():
        assert links.read_token(SETTINGS, action, token) == subject


def test_a_lasting_link_sent_with_its_time_before_still_reads():
    subject = uuid.uuid4()
    stamped = URLSafeTimedSerializer(SETTINGS.link_secret, salt="dialog-registrations")
    token = stamped.dumps({"a": "decline", "id": str(subject)})
    assert links.read_token(SETTINGS, "decline", token) == subject
