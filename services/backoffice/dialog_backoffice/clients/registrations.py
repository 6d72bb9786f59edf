"""The registrations service's staff API: participants, check-in, export, invitations to
round-table meetings, privacy requests."""

from __future__ import annotations

from typing import Any

from .base import Records, ServiceClient


class RegistrationsClient(ServiceClient):
    service = "registrations"

    #: Erasures of a person asked for, each with every service's confirmation.
    erasures = Records("/api/v1/privacy/erasures")
    #: Access exports (Art. 15) of the last day, listed newest first without their documents;
    #: one holds every service's records in ``document`` once all have answered.
    exports = Records("/api/v1/privacy/exports")
    #: A registration by its id, for its steps: ``cancel`` (with the ``reason``), ``check-in``
    #: (with the ``status`` ``attended`` or ``no_show``) and ``check-in/undo`` (the person is
    #: expected again).
    registration = Records("/api/v1/registrations")

    def registrations(self, event_id: str, status: str | None = None) -> list[dict]:
        """The event's registrations in sign-up order."""
        return self.call(
            "GET", f"/api/v1/events/{event_id}/registrations", params={"status": status}
        )

    def counts(self, event_id: str) -> dict:
        return self.call("GET", f"/api/v1/events/{event_id}/registrations/counts")

    def register(self, event_id: str, person: dict[str, Any]) -> dict:
        """Register someone on their behalf (e.g. by phone)."""
        return self.call("POST", f"/api/v1/events/{event_id}/registrations", json=person)

    def export(self, event_id: str, variant: str = "excel") -> tuple[bytes, str]:
        """The CSV file and its content type."""
        response = self.raw(
            "GET",
            f"/api/v1/events/{event_id}/registrations/export",
            params={"variant": variant},
        )
        return response.content, response.headers.get("Content-Type", "text/csv")

    def invitations(self, event_id: str) -> list[dict]:
        """A meeting's invitations in the order they were sent, with their answers."""
        return self.call("GET", f"/api/v1/events/{event_id}/invitations")

    def invite(self, event_id: str, person: dict[str, Any]) -> dict:
        """Invite one more person (the same address or number again: their invitation)."""
        return self.call("POST", f"/api/v1/events/{event_id}/invitations", json=person)

    def resend_invitation(self, event_id: str, invitation_id: str) -> dict:
        path = f"/api/v1/events/{event_id}/invitations/{invitation_id}/resend"
        return self.call("POST", path)

    def yearly_report(self, year: int) -> dict:
        """The funder's figures of ``year`` (admins)."""
        return self.call("GET", "/api/v1/reports/yearly", params={"year": year})
