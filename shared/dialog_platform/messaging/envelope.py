"""The envelope every domain message travels in (DESIGN.md, "Messages")."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any


class EnvelopeError(ValueError):
    """A message body that is not a well-formed envelope."""


@dataclass(frozen=True)
class Envelope:
    type: str
    version: int
    producer: str
    data: dict[str, Any]
    correlation_id: str
    id: str = field(default_factory=lambda: str(uuid.uuid4()))
    occurred_at: str = field(
        default_factory=lambda: datetime.now(UTC).isoformat(timespec="microseconds")
    )

    def to_json(self) -> str:
        return json.dumps(
            {
                "id": self.id,
                "type": self.type,
                "version": self.version,
                "occurred_at": self.occurred_at,
                "producer": self.producer,
                "correlation_id": self.correlation_id,
                "data": self.data,
            },
            separators=(",", ":"),
            ensure_ascii=False,
        )

    @classmethod
    def from_json(cls, body: str | bytes) -> Envelope:
        try:
            raw = json.loads(body)
        except (TypeError, ValueError) as exc:
            raise EnvelopeError(f"body is not JSON: {exc}") from exc
        if not isinstance(raw, dict):
            raise EnvelopeError("body is not a JSON object")
        missing = [
            key
            for key in ("id", "type", "version", "occurred_at", "producer", "data")
            if key not in raw
        ]
        if missing:
            raise EnvelopeError(f"envelope lacks {', '.join(missing)}")
        version, data = raw["version"], raw["data"]
        if not isinstance(data, dict) or isinstance(version, bool) or not isinstance(version, int):
            raise EnvelopeError("envelope 'data' must be an object and 'version' an integer")
        try:  # canonical form: the inbox keys on it, and a copy must match its original
            message_id = str(uuid.UUID(str(raw["id"])))
        except ValueError:
            shown = str(raw["id"])[:60]
            raise EnvelopeError(f"envelope 'id' must be a UUID, got {shown!r}") from None
        return cls(
            id=message_id,
            type=str(raw["type"]),
            version=version,
            occurred_at=str(raw["occurred_at"]),
            producer=str(raw["producer"]),
            correlation_id=str(raw.get("correlation_id") or message_id),
            data=data,
        )
