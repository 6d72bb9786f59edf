"""The notifications service's staff API: the delivery log, resend, template previews."""

from __future__ import annotations

from .base import ServiceClient


class NotificationsClient(ServiceClient):
    service = "notifications"

    def deliveries(
        self,
        event_id: str | None = None,
        recipient_id: str | None = None,
        status: str | None = None,
    ) -> list[dict]:
        """Entries ``{"delivery": ..., "attempts": [...]}``; give at least one filter."""
        params = {"event_id": event_id, "recipient_id": recipient_id, "status": status}
        return self.call("GET", "/api/v1/deliveries", params=params)

    def resend(self, delivery_id: str) -> dict:
        return self.call("POST", f"/api/v1/deliveries/{delivery_id}/resend")

    def preview(self, kind: str, language: str) -> dict:
        """The template of ``kind`` in ``language`` with sample data: subject, text, html, sms."""
        return self.call("GET", f"/api/v1/templates/{kind}/{language}/preview")
