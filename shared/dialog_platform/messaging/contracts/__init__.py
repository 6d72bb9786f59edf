"""The contract registry: one marshmallow schema per message type and version.

Publishers validate ``data`` strictly before it enters the outbox; consumers load it excluding
unknown fields, so a producer may add fields without breaking anyone. A breaking change is a new
version registered beside the old one.
"""

from __future__ import annotations

import functools
from typing import Any

from marshmallow import EXCLUDE, RAISE, Schema, ValidationError

_REGISTRY: dict[tuple[str, int], type[Schema]] = {}


class UnknownContract(LookupError):
    """No schema is registered for this message type and version."""


class ContractViolation(ValueError):
    """A message's data does not satisfy its contract; ``errors`` holds marshmallow's messages."""

    def __init__(self, message_type: str, version: int, errors: Any) -> None:
        super().__init__(f"{message_type} v{version} violates its contract: {errors}")
        self.errors = errors


def contract(message_type: str, version: int = 1):
    """Class decorator registering a schema as the contract of ``message_type`` at ``version``."""

    def register(schema: type[Schema]) -> type[Schema]:
        key = (message_type, version)
        if key in _REGISTRY and _REGISTRY[key] is not schema:
            raise ValueError(f"contract {message_type} v{version} is registered twice")
        if not (schema.__doc__ or "").strip():
            raise ValueError(f"contract {message_type} v{version} needs a docstring")
        _REGISTRY[key] = schema
        return schema

    return register


def schema_for(message_type: str, version: int) -> type[Schema]:
    _load_builtin_contracts()
    try:
        return _REGISTRY[(message_type, version)]
    except KeyError:
        raise UnknownContract(f"no contract for {message_type} v{version}") from None


@functools.cache
def _instance(message_type: str, version: int, unknown: str) -> Schema:
    """One schema object per contract and mode: building one per message deep-copies its
    fields, a tenth of a consumer's time. Loading keeps no state on the instance."""
    return schema_for(message_type, version)(unknown=unknown)


def dump_for_publishing(message_type: str, version: int, data: dict[str, Any]) -> dict[str, Any]:
    """Validate strictly (unknown fields refused) and return the JSON-ready ``data``."""
    schema = _instance(message_type, version, RAISE)
    try:
        loaded = schema.load(data)
    except ValidationError as exc:
        raise ContractViolation(message_type, version, exc.messages) from exc
    return schema.dump(loaded)


def load_received(message_type: str, version: int, data: dict[str, Any]) -> dict[str, Any]:
    """Validate tolerantly (unknown fields dropped) and return the loaded ``data``."""
    schema = _instance(message_type, version, EXCLUDE)
    try:
        return schema.load(data)
    except ValidationError as exc:
        raise ContractViolation(message_type, version, exc.messages) from exc


def opened_data(message_type: str, version: int, data: dict[str, Any]) -> dict[str, Any]:
    """A message's JSON ``data`` with its sealed parts opened (still JSON, not loaded)."""
    from .sealed import opened

    return opened(schema_for(message_type, version), data)


def registered() -> list[tuple[str, int]]:
    _load_builtin_contracts()
    return sorted(_REGISTRY)


def _load_builtin_contracts() -> None:
    # Importing a module registers its contracts.
    from . import events, mediation, notifications, privacy, registrations  # noqa: F401
