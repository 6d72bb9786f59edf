"""Sealed parts of a message: personal data (names, addresses, phone numbers) and link tokens
travel as one Fernet token (``crypto``), so the outbox, the broker's queues, dead letters and the
embedded bus never hold them in clear; only services holding the data keys open them.

``Sealed(Participant)`` or ``Sealed(Party, many=True)``: the publisher gives the value in
clear, the contract checks it (strictly) and seals it; the consumer's contract opens and checks
it (tolerantly), so handlers get the clear value as before.
"""

from __future__ import annotations

import functools
import json
from typing import Any

from marshmallow import EXCLUDE, RAISE, Schema, ValidationError, fields

from ...crypto import DataKeyError, keyring


class Sealed(fields.Field):
    def __init__(self, schema: type[Schema], many: bool = False, **kwargs) -> None:
        super().__init__(**kwargs)
        self.schema_class = schema
        self.many = many

    def _serialize(self, value: Any, attr, obj, **kwargs) -> str | None:
        if value is None:
            return None
        clear = _schema(self.schema_class, self.many, RAISE).dump(value)
        return keyring().encrypt(json.dumps(clear, ensure_ascii=False, separators=(",", ":")))

    def _deserialize(self, value: Any, attr, data, **kwargs) -> Any:
        sealed = isinstance(value, str)
        if sealed:  # as received: open it, then check it tolerantly
            value = open_token(value)
        return _schema(self.schema_class, self.many, EXCLUDE if sealed else RAISE).load(value)


@functools.cache
def _schema(schema: type[Schema], many: bool, unknown: str) -> Schema:
    """One instance per sealed schema and mode: building one deep-copies its fields, which
    cost more than the load or dump itself (loading and dumping keep no state on it)."""
    return schema(many=many, unknown=unknown)


def open_token(token: str) -> Any:
    try:
        return json.loads(keyring().decrypt(token))
    except DataKeyError:
        raise ValidationError("This sealed part cannot be opened with the data keys.") from None


def opened(schema: type[Schema], data: dict[str, Any]) -> dict[str, Any]:
    """``data`` as published (JSON) with its sealed parts opened, still as JSON: for reading
    a message's contents where they are kept (dead letters, tests), not for handling it."""
    result = dict(data)
    for name, field in schema._declared_fields.items():
        key = field.data_key or name
        if isinstance(field, Sealed) and isinstance(result.get(key), str):
            result[key] = open_token(result[key])
    return result
