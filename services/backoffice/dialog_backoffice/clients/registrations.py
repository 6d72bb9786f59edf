"""The registrations service's staff API: participants, check-in, export, invitations to
round-table meetings, privacy requests."""

from __future__ import annotations

from typing import Any

from .base import ServiceClient


class RegistrationsClient(ServiceClient):
    service = "registrations"

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

    def cancel(self, registration_id: str, reason: str) -> dict:
        return self.call(
            "POST", f"/api/v1/registrations/{registration_id}/cancel", json={"reason": reason}
        )

    def check_in(self, registration_id: str, status: str) -> dict:
        """``attended`` or ``no_show``."""
        return self.call(
            "POST", f"/api/v1/registrations/{registration_id}/check-in", json={"status": status}
        )

    def undo_check_in(self, registration_id: str) -> dict:
        """The person is confirmed (expected) again."""
        return self.call("POST", f"/api/v1/registrations/{registration_id}/check-in/undo")

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

    def erasures(self) -> list[dict]:
        return self.call("GET", "/api/v1/privacy/erasures")

    def request_erasure(self, person: dict[str, str]) -> dict:
        return self.call("POST", "/api/v1/privacy/erasures", json=person)

    def erasure(self, request_id: str) -> dict:
        return self.call("GET", f"/api/v1/privacy/erasures/{request_id}")

    def exports(self) -> list[dict]:
        """The access exports (Art. 15) of the last day, newest first, without documents."""
        return self.call("GET", "/api/v1/privacy/exports")

    def request_export(self, person: dict[str, str]) -> dict:
        return self.call("POST", "/api/v1/privacy/exports", json=person)

    def export_request(self, request_id: str) -> dict:
        """The request; ``document`` holds every service's records once all have answered."""
        return self.call("GET", f"/api/v1/privacy/exports/{request_id}")

    def yearly_report(self, year: int) -> dict:
        """The funder's figures of ``year`` (admins)."""
        return self.call("GET", "/api/v1/reports/yearly", params={"year": year})
