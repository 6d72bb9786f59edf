"""The events service's staff API: events, round tables, the organisations directory."""

from __future__ import annotations

from typing import Any

from .base import Records, ServiceClient


class EventsClient(ServiceClient):
    service = "events"

    #: Events in any state, listed latest start first; their steps ``publish``, ``cancel`` (with
    #: the ``reason``), ``complete``.
    events = Records("/api/v1/events")
    #: Round tables; one comes with every membership, past and present (current members first).
    round_tables = Records("/api/v1/round-tables")
    #: The directory, searched by ``name`` (part), ``kind``, ``city``, ``tag``, ``recognition``,
    #: ``activity`` (``archived=True`` includes archived ones); the steps of an organisation:
    #: ``archive`` (it leaves lists and announcements, its history stays) and ``restore``.
    organisations = Records("/api/v1/organisations")

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
