"""One source for who consumes what: every service handles exactly the message types it is
subscribed to, each has a contract, and the catalogue in docs/messages.md is what the
contracts and the subscriptions say."""

import importlib
from pathlib import Path

import pytest

from dialog_platform.config import SERVICES
from dialog_platform.messaging.catalogue import render
from dialog_platform.messaging.contracts import registered
from dialog_platform.messaging.topology import SUBSCRIPTIONS

ROOT = Path(__file__).resolve().parents[1]


def _handlers(service: str) -> dict:
    return importlib.import_module(f"dialog_{service}.messaging.handlers").HANDLERS


@pytest.mark.parametrize("service", SERVICES)
def test_a_service_handles_exactly_what_it_is_subscribed_to(service):
    assert set(_handlers(service)) == set(SUBSCRIPTIONS[service])
    assert len(SUBSCRIPTIONS[service]) == len(set(SUBSCRIPTIONS[service]))


def test_every_subscribed_type_has_a_contract_of_another_service():
    contracts = {message_type for message_type, _version in registered()}
    for service, types in SUBSCRIPTIONS.items():
        for message_type in types:
            assert message_type in contracts, message_type
            assert message_type.split(".")[0] in set(SERVICES) - {service}, message_type


def test_every_contract_names_its_producer_first():
    for message_type, _version in registered():
        producer, aggregate, event = message_type.split(".")
        assert producer in SERVICES and aggregate and event, message_type


def test_the_catalogue_is_generated_from_contracts_and_subscriptions():
    written = (ROOT / "docs/messages.md").read_text()
    assert written == render(), (
        "docs/messages.md is stale: python -m dialog_platform.messaging.catalogue > docs/messages.md"
    )
