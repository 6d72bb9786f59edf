"""The events service's staff API: events, round tables, the organisations directory."""

from __future__ import annotations

from typing import Any

from .base import ServiceClient


class EventsClient(ServiceClient):
    service = "events"

    def events(self, status: str | None = None, page: int = 1, page_size: int = 50) -> list[dict]:
        """Events in any state, latest start first."""
        params = {"status": status, "page": page, "page_size": page_size}
        return self.call("GET", "/api/v1/events", params=params)

    def event(self, event_id: str) -> dict:
        return self.call("GET", f"/api/v1/events/{event_id}")

    def create_event(self, fields: dict[str, Any]) -> dict:
        return self.call("POST", "/api/v1/events", json=fields)

    def update_event(self, event_id: str, changes: dict[str, Any]) -> dict:
        return self.call("PATCH", f"/api/v1/events/{event_id}", json=changes)

    def publish_event(self, event_id: str) -> dict:
        return self.call("POST", f"/api/v1/events/{event_id}/publish")

    def cancel_event(self, event_id: str, reason: str) -> dict:
        return self.call("POST", f"/api/v1/events/{event_id}/cancel", json={"reason": reason})

    def complete_event(self, event_id: str) -> dict:
        return self.call("POST", f"/api/v1/events/{event_id}/complete")

    def round_tables(self) -> list[dict]:
        return self.call("GET", "/api/v1/round-tables")

    def round_table(self, round_table_id: str) -> dict:
        return self.call("GET", f"/api/v1/round-tables/{round_table_id}")

    def meetings(self, round_table_id: str) -> dict:
        return self.call("GET", f"/api/v1/round-tables/{round_table_id}/meetings")

    def organisations(self, **filters: Any) -> list[dict]:
        return self.call("GET", "/api/v1/organisations", params=filters)

    def organisation(self, organisation_id: str) -> dict:
        return self.call("GET", f"/api/v1/organisations/{organisation_id}")

    def yearly_report(self, year: int) -> dict:
        """The funder's figures of ``year`` (admins)."""
        return self.call("GET", "/api/v1/reports/yearly", params={"year": year})
