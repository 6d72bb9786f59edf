"""The contract registry: strict for the publisher, tolerant for the consumer, documented always."""

import json
import re
import uuid
from datetime import datetime, timedelta, timezone

import pytest
from marshmallow import Schema, fields

from dialog_platform.config import SERVICES
from dialog_platform.messaging import contracts
from dialog_platform.messaging.contracts import (
    ContractViolation,
    UnknownContract,
    contract,
    dump_for_publishing,
    load_received,
    schema_for,
)
from dialog_platform.testing.messages import published_event_data

PUBLISHED = "events.event.published"


@pytest.fixture(autouse=True)
def private_registry(monkeypatch):
    """Contracts registered by a test vanish with it."""
    contracts.registered()  # the built-in ones first
    monkeypatch.setattr(contracts, "_REGISTRY", dict(contracts._REGISTRY))


def _event(**changes) -> dict:
    starts = datetime(2030, 1, 15, 18, 0, tzinfo=timezone(timedelta(hours=1)))
    meeting = {"type": "round_table_meeting", "title": "Runder Tisch Duisburg", "capacity": None}
    return published_event_data(starts, version=3, **meeting) | changes


def test_publishing_returns_json_ready_data():
    data = _event()
    published = dump_for_publishing(PUBLISHED, 1, data)
    assert {name: published[name] for name in data} == data
    assert json.loads(json.dumps(published)) == published


def test_publishing_refuses_an_unknown_field():
    with pytest.raises(ContractViolation) as refused:
        dump_for_publishing(PUBLISHED, 1, _event(seats_left=4))
    assert refused.value.errors == {"seats_left": ["Unknown field."]}
    assert "events.event.published v1 violates its contract" in str(refused.value)


def test_publishing_refuses_invalid_values():
    with pytest.raises(ContractViolation) as refused:
        dump_for_publishing(PUBLISHED, 1, _event(capacity=-1, starts_at="2030-01-15T18:00:00"))
    assert set(refused.value.errors) == {"capacity", "starts_at"}


def test_receiving_drops_an_unknown_field_a_newer_producer_added():
    loaded = load_received(PUBLISHED, 1, _event(seats_left=4))
    assert "seats_left" not in loaded
    assert loaded["title"] == "Runder Tisch Duisburg"
    assert isinstance(loaded["event_id"], uuid.UUID)


def test_receiving_still_refuses_what_breaks_the_contract():
    data = _event()
    del data["title"]
    with pytest.raises(ContractViolation) as refused:
        load_received(PUBLISHED, 1, data)
    assert refused.value.errors == {"title": ["Missing data for required field."]}


def test_unknown_type_or_version_is_named():
    with pytest.raises(UnknownContract, match=r"events\.event\.published v2"):
        schema_for(PUBLISHED, 2)
    with pytest.raises(UnknownContract, match=r"nobody\.thing\.happened v1"):
        load_received("nobody.thing.happened", 1, {})


def test_a_contract_without_docstring_is_refused():
    class Undocumented(Schema):
        value = fields.Integer()

    with pytest.raises(ValueError, match=r"tests\.thing\.happened v1 needs a docstring"):
        contract("tests.thing.happened", 1)(Undocumented)
    with pytest.raises(UnknownContract):
        schema_for("tests.thing.happened", 1)


def test_a_new_version_registers_beside_the_old_but_never_twice():
    @contract("tests.thing.happened", 2)
    class ThingHappenedV2(Schema):
        """Published by the tests; ``data`` holds a count."""

        count = fields.Integer(required=True)

    assert schema_for("tests.thing.happened", 2) is ThingHappenedV2
    assert ("tests.thing.happened", 2) in contracts.registered()

    class Impostor(Schema):
        """Another schema claiming the same type and version."""

    with pytest.raises(ValueError, match="registered twice"):
        contract("tests.thing.happened", 2)(Impostor)


def test_every_builtin_contract_is_documented_and_past_tense():
    for message_type, version in contracts.registered():
        schema = schema_for(message_type, version)
        assert (schema.__doc__ or "").strip(), message_type
        producer, _aggregate, event = message_type.split(".")
        assert producer in SERVICES, message_type
        assert re.search(r"(ed|sent)(_|$)", event), message_type  # checked_in, meeting_scheduled
