"""Loads definitions.json into a RabbitMQ broker through its management HTTP API, each service
user's password taken from the environment (``<SERVICE>_AMQP_PASSWORD``) and hashed here, so no
password is ever written to a file. Safe to repeat: it creates what is missing, updates the users'
passwords and permissions, and leaves queues and their messages as they are.

    RABBITMQ_API=http://rabbitmq:15672 RABBITMQ_ADMIN_USER=admin RABBITMQ_ADMIN_PASSWORD=... \\
    EVENTS_AMQP_PASSWORD=... REGISTRATIONS_AMQP_PASSWORD=... NOTIFICATIONS_AMQP_PASSWORD=... \\
    MEDIATION_AMQP_PASSWORD=... python3 deploy/rabbitmq/setup.py

Python's standard library only: it runs in any service image (docker-compose.yml's
``rabbitmq-setup``) or on an operator's machine against an existing cluster.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

DEFINITIONS = Path(__file__).resolve().parent / "definitions.json"
#: How long to wait for the management API of a broker that is still starting.
PATIENCE_SECONDS = 120


def password_hash(password: str, salt: bytes | None = None) -> str:
    """RabbitMQ's ``rabbit_password_hashing_sha256``: base64(salt + sha256(salt + password))."""
    salt = os.urandom(4) if salt is None else salt
    return base64.b64encode(salt + hashlib.sha256(salt + password.encode()).digest()).decode()


def password_variable(user: str) -> str:
    return f"{user.upper().replace('-', '_')}_AMQP_PASSWORD"


def with_passwords(document: dict, passwords: dict[str, str]) -> dict:
    """The definitions with every user's password hash; ``passwords`` maps a user to its
    password. A user without one stops it, naming the variable."""
    missing = [
        password_variable(u["name"]) for u in document["users"] if not passwords.get(u["name"])
    ]
    if missing:
        raise SystemExit("setup.py needs these settings: " + ", ".join(missing) + ".")
    users = [
        dict(user, password_hash=password_hash(passwords[user["name"]]))
        for user in document["users"]
    ]
    return dict(document, users=users)


def _request(api: str, auth: str, method: str, path: str, body: dict | None = None):
    request = urllib.request.Request(
        api.rstrip("/") + path,
        method=method,
        data=None if body is None else json.dumps(body).encode(),
        headers={"Authorization": f"Basic {auth}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status


def load(api: str, admin: str, admin_password: str, document: dict) -> None:
    auth = base64.b64encode(f"{admin}:{admin_password}".encode()).decode()
    deadline = time.monotonic() + PATIENCE_SECONDS
    while True:
        try:
            _request(api, auth, "GET", "/api/overview")
            break
        except urllib.error.HTTPError as error:
            raise SystemExit(f"{api}: the management API refused {admin}: {error}") from None
        except OSError as error:
            if time.monotonic() > deadline:
                raise SystemExit(f"{api}: no answer from the management API: {error}") from None
            time.sleep(2)
    try:
        _request(api, auth, "POST", "/api/definitions", document)
    except urllib.error.HTTPError as error:
        raise SystemExit(f"{api}: definitions refused: {error.read().decode()}") from None


def main() -> None:
    document = json.loads(DEFINITIONS.read_text())
    passwords = {
        user["name"]: os.environ.get(password_variable(user["name"]), "")
        for user in document["users"]
    }
    api = os.environ.get("RABBITMQ_API", "http://127.0.0.1:15672")
    admin = os.environ.get("RABBITMQ_ADMIN_USER", "admin")
    admin_password = os.environ.get("RABBITMQ_ADMIN_PASSWORD", "")
    if not admin_password:
        raise SystemExit("setup.py needs RABBITMQ_ADMIN_PASSWORD.")
    load(api, admin, admin_password, with_passwords(document, passwords))
    names = ", ".join(user["name"] for user in document["users"])
    print(f"{api}: definitions loaded; users {names}", file=sys.stderr)


if __name__ == "__main__":
    main()
