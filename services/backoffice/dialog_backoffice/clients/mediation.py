"""The mediation service's staff API: case files (the service decides who may see which)."""

from __future__ import annotations

from .base import ServiceClient


class MediationClient(ServiceClient):
    service = "mediation"

    def cases(self, status: str | None = None) -> list[dict]:
        """The cases the person may see (a mediator: their own), newest first."""
        return self.call("GET", "/api/v1/cases", params={"status": status})

    def case_details(self, case_id: str) -> dict:
        return self.call("GET", f"/api/v1/cases/{case_id}/details")

    def parties(self, case_id: str) -> list[dict]:
        return self.call("GET", f"/api/v1/cases/{case_id}/parties")

    def notes(self, case_id: str) -> list[dict]:
        return self.call("GET", f"/api/v1/cases/{case_id}/notes")

    def add_note(self, case_id: str, kind: str, body: str) -> dict:
        return self.call(
            "POST", f"/api/v1/cases/{case_id}/notes", json={"kind": kind, "body": body}
        )

    def sessions(self, case_id: str) -> list[dict]:
        return self.call("GET", f"/api/v1/cases/{case_id}/sessions")

    def change_status(self, case_id: str, transition: dict) -> dict:
        return self.call("POST", f"/api/v1/cases/{case_id}/status", json=transition)

    def audit(self, case_id: str | None = None) -> list[dict]:
        return self.call("GET", "/api/v1/audit", params={"case_id": case_id})

    def figures(self, year: int | None = None) -> dict:
        return self.call("GET", "/api/v1/figures", params={"year": year})
