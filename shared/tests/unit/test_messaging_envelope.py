"""The envelope: what goes out comes back the same; anything else is refused by name."""

import json
import uuid
from datetime import datetime

import pytest

from dialog_platform.messaging.envelope import Envelope, EnvelopeError


def _envelope() -> Envelope:
    return Envelope(
        type="events.event.published",
        version=1,
        producer="events",
        data={"title": "Gesprächskreis mit der Cami Derneği Köln", "capacity": 12},
        correlation_id="corr-1",
    )


def test_round_trip_keeps_every_field():
    envelope = _envelope()
    assert Envelope.from_json(envelope.to_json()) == envelope
    assert Envelope.from_json(envelope.to_json().encode()) == envelope


def test_new_envelope_has_a_uuid_and_an_aware_utc_time():
    envelope = _envelope()
    assert str(uuid.UUID(envelope.id)) == envelope.id
    assert datetime.fromisoformat(envelope.occurred_at).utcoffset().total_seconds() == 0
    assert _envelope().id != envelope.id


def test_json_carries_the_documented_keys_and_readable_text():
    body = _envelope().to_json()
    assert set(json.loads(body)) == {
        "id",
        "type",
        "version",
        "occurred_at",
        "producer",
        "correlation_id",
        "data",
    }
    assert "Gesprächskreis mit der Cami Derneği Köln" in body  # not \\u-escaped


def test_missing_correlation_id_falls_back_to_the_message_id():
    raw = json.loads(_envelope().to_json())
    del raw["correlation_id"]
    assert Envelope.from_json(json.dumps(raw)).correlation_id == raw["id"]


def test_id_is_read_in_canonical_form_so_a_copy_matches_its_original():
    envelope = _envelope()
    shouting = Envelope.from_json(_with(id="{" + envelope.id.upper() + "}"))
    assert shouting.id == envelope.id


def _with(**changes) -> str:
    raw = json.loads(_envelope().to_json()) | changes  # ... removes a key
    return json.dumps({k: v for k, v in raw.items() if v is not ...})


@pytest.mark.parametrize(
    ("body", "complaint"),
    [
        ("{not json", "not JSON"),
        (b"\xff\xfe", "not JSON"),
        ("[1, 2]", "not a JSON object"),
        ("null", "not a JSON object"),
        (_with(type=..., data=...), "lacks type, data"),
        (_with(id=...), "lacks id"),
        (_with(data=[1]), "'data' must be an object"),
        (_with(version="1"), "'version' an integer"),
        (_with(version=True), "'version' an integer"),
        (_with(id="42"), "'id' must be a UUID"),
        (_with(id="x" * 40), "'id' must be a UUID"),
    ],
)
def test_malformed_body_is_refused_with_envelope_error(body, complaint):
    with pytest.raises(EnvelopeError, match=complaint):
        Envelope.from_json(body)
