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
        """With every membership, past and present (current members first)."""
        return self.call("GET", f"/api/v1/round-tables/{round_table_id}")

    def create_round_table(self, fields: dict[str, Any]) -> dict:
        return self.call("POST", "/api/v1/round-tables", json=fields)

    def update_round_table(self, round_table_id: str, changes: dict[str, Any]) -> dict:
        return self.call("PATCH", f"/api/v1/round-tables/{round_table_id}", json=changes)

    def add_member(self, round_table_id: str, organisation_id: str, delegates: list[dict]) -> dict:
        body = {"organisation_id": organisation_id, "delegates": delegates}
        return self.call("POST", f"/api/v1/round-tables/{round_table_id}/members", json=body)

    def remove_member(self, round_table_id: str, membership_id: str) -> dict:
        """The organisation leaves (its membership stays in the history)."""
        return self.call("DELETE", f"/api/v1/round-tables/{round_table_id}/members/{membership_id}")

    def replace_delegates(
        self, round_table_id: str, membership_id: str, delegates: list[dict]
    ) -> dict:
        path = f"/api/v1/round-tables/{round_table_id}/members/{membership_id}/delegates"
        return self.call("PUT", path, json={"delegates": delegates})

    def meetings(self, round_table_id: str) -> dict:
        """``past`` and ``upcoming`` meetings, each by start."""
        return self.call("GET", f"/api/v1/round-tables/{round_table_id}/meetings")

    def schedule_meeting(self, round_table_id: str, fields: dict[str, Any]) -> dict:
        """A published meeting; the current delegates are invited."""
        return self.call("POST", f"/api/v1/round-tables/{round_table_id}/meetings", json=fields)

    def minutes(self, round_table_id: str, event_id: str) -> dict:
        """``minutes`` as written and ``minutes_html``, rendered and made safe by the service."""
        return self.call(
            "GET", f"/api/v1/round-tables/{round_table_id}/meetings/{event_id}/minutes"
        )

    def record_minutes(self, round_table_id: str, event_id: str, minutes: str) -> dict:
        path = f"/api/v1/round-tables/{round_table_id}/meetings/{event_id}/minutes"
        return self.call("PUT", path, json={"minutes": minutes})

    def organisations(self, **filters: Any) -> list[dict]:
        """Search by ``name`` (part), ``kind``, ``city``, ``tag``, ``recognition``,
        ``activity``; ``archived=True`` includes archived ones."""
        return self.call("GET", "/api/v1/organisations", params=filters)

    def organisation(self, organisation_id: str) -> dict:
        return self.call("GET", f"/api/v1/organisations/{organisation_id}")

    def create_organisation(self, fields: dict[str, Any]) -> dict:
        return self.call("POST", "/api/v1/organisations", json=fields)

    def update_organisation(self, organisation_id: str, changes: dict[str, Any]) -> dict:
        return self.call("PATCH", f"/api/v1/organisations/{organisation_id}", json=changes)

    def organisation_step(self, organisation_id: str, step: str) -> dict:
        """``archive`` (it leaves lists and announcements, its history stays) or ``restore``."""
        return self.call("POST", f"/api/v1/organisations/{organisation_id}/{step}")

    def contacts(self, organisation_id: str) -> list[dict]:
        """The contact point's log of the organisation, latest first."""
        return self.call("GET", f"/api/v1/organisations/{organisation_id}/contacts")

    def record_contact(self, organisation_id: str, fields: dict[str, Any]) -> dict:
        path = f"/api/v1/organisations/{organisation_id}/contacts"
        return self.call("POST", path, json=fields)

    def change_contact(self, organisation_id: str, contact_id: str, changes: dict) -> dict:
        path = f"/api/v1/organisations/{organisation_id}/contacts/{contact_id}"
        return self.call("PATCH", path, json=changes)

    def due_contacts(self, until: str | None = None) -> list[dict]:
        """Open follow-ups due by ``until`` (default: today), the most overdue first."""
        return self.call("GET", "/api/v1/contacts/due", params={"until": until})

    def yearly_report(self, year: int) -> dict:
        """The funder's figures of ``year`` (admins)."""
        return self.call("GET", "/api/v1/reports/yearly", params={"year": year})
