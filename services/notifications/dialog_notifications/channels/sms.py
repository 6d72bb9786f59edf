"""SMS channels behind one small interface: ``send(to, text) -> answer``.

``TwilioChannel`` follows Twilio's Programmable Messaging REST API, version 2010-04-01:
``POST {base}/2010-04-01/Accounts/{AccountSid}/Messages.json`` with HTTP Basic authentication
(Account SID : Auth Token) and a form-encoded body ``To``, ``From``, ``Body``. A success is
``201`` with a JSON message resource (``sid``, ``status`` "queued"). Errors are JSON
``{"code", "message", "more_info", "status"}``: ``429`` and ``5xx`` are temporary; ``400`` with
codes such as 21211 (invalid 'To' number), 21614 (not a mobile number), 21610 (recipient
unsubscribed) or 21408 (region not enabled) are permanent for that number; ``401`` (20003,
authentication) is our configuration and retried until fixed or exhausted.
"""

from __future__ import annotations

import base64
import fcntl
import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

from dialog_platform.clock import utc_now

from . import PermanentFailure, TemporaryFailure

API_VERSION = "2010-04-01"
TEMPORARY_STATUSES = {401, 403, 408, 429}


class TwilioChannel:
    def __init__(
        self, base_url: str, account_sid: str, auth_token: str, sender: str, timeout: float = 15
    ) -> None:
        self.url = f"{base_url.rstrip('/')}/{API_VERSION}/Accounts/{account_sid}/Messages.json"
        credentials = base64.b64encode(f"{account_sid}:{auth_token}".encode()).decode()
        self.authorization = f"Basic {credentials}"
        self.sender, self.timeout = sender, timeout

    def open(self) -> None:
        pass

    def close(self) -> None:
        pass

    def send(self, to: str, text: str) -> str:
        body = urllib.parse.urlencode({"To": to, "From": self.sender, "Body": text}).encode()
        request = urllib.request.Request(
            self.url,
            data=body,
            method="POST",
            headers={
                "Authorization": self.authorization,
                "Content-Type": "application/x-www-form-urlencoded",
                "Accept": "application/json",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                resource = json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as exc:
            raise _failure(exc.code, exc.read()) from exc
        except (OSError, ValueError) as exc:
            raise TemporaryFailure(f"SMS provider unreachable: {exc}") from exc
        return f"{resource.get('status', 'accepted')} {resource.get('sid', '')}".strip()


def _failure(status: int, body: bytes):
    try:
        error = json.loads(body)
        answer = f"{status} {error.get('code')}: {error.get('message')}"
    except ValueError:
        answer = f"{status} {body[:200].decode(errors='replace')}"
    if status >= 500 or status in TEMPORARY_STATUSES:
        return TemporaryFailure(answer)
    return PermanentFailure(answer)


class SmsLogChannel:
    """Appends each SMS as one JSON line (``at``, ``to``, ``text``) to a log file (the embedded
    default). Writers take turns on the file (``flock``): erasure and retention rewrite it in
    place while the scheduler may be appending."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    def open(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)

    def close(self) -> None:
        pass

    def send(self, to: str, text: str) -> str:
        self.open()
        line = json.dumps(
            {"at": utc_now().isoformat(), "to": to, "text": text}, ensure_ascii=False
        )  # readable UTF-8: Arabic and Turkish as they are
        with self.path.open("a", encoding="utf-8") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            handle.write(line + "\n")
        return f"logged to {self.path}"

    def remove_lines(self, matches: Callable[[dict[str, Any]], bool], dry_run: bool = False) -> int:
        """Remove the SMS whose line ``matches``; how many there were. A line that is not JSON
        is removed too: nothing says whose it is."""
        if not self.path.exists():
            return 0
        with self.path.open("r+", encoding="utf-8") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            lines = [line for line in handle.read().splitlines() if line.strip()]
            kept = [line for line in lines if not _matches(line, matches)]
            removed = len(lines) - len(kept)
            if removed and not dry_run:
                handle.seek(0)
                handle.write("".join(line + "\n" for line in kept))
                handle.truncate()
        return removed


def _matches(line: str, matches: Callable[[dict[str, Any]], bool]) -> bool:
    try:
        sms = json.loads(line)
    except ValueError:
        return True
    return not isinstance(sms, dict) or matches(sms)
