"""Local accounts of the embedded mode: a small JSON file of names, display names, roles and
Argon2 hashes (argon2-cffi), readable by its owner only. Nothing else is stored in it.

Production signs staff in through the OpenID Connect provider instead (see oidc.py)."""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import asdict, dataclass
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from dialog_platform.auth import ROLES

_hasher = PasswordHasher()
#: Verified against when the name is unknown, so a wrong name takes as long as a wrong password.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


@dataclass(frozen=True)
class Account:
    """One person who may sign in: ``name`` is also the subject of their tokens."""

    name: str
    display_name: str
    roles: tuple[str, ...]
    password_hash: str


class AccountError(ValueError):
    """An account cannot be added as asked (the message says why)."""


class Accounts:
    def __init__(self, path: Path) -> None:
        self.path = path

    def _read(self) -> dict[str, Account]:
        if not self.path.exists():
            return {}
        raw = json.loads(self.path.read_text(encoding="utf-8"))
        return {
            item["name"]: Account(
                item["name"], item["display_name"], tuple(item["roles"]), item["password_hash"]
            )
            for item in raw["accounts"]
        }

    def _write(self, accounts: dict[str, Account]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        draft = self.path.with_name(f".{self.path.name}.{os.getpid()}")
        fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump({"accounts": [asdict(a) for a in accounts.values()]}, handle, indent=1)
        os.replace(draft, self.path)  # atomic: a reader sees the old file or the new one

    def names(self) -> list[str]:
        return sorted(self._read())

    def add(
        self,
        name: str,
        roles: tuple[str, ...],
        password: str | None = None,
        display_name: str | None = None,
        replace: bool = False,
    ) -> str:
        """Add (or with ``replace`` reset) an account; returns its password (made if not given)."""
        name = name.strip()
        if not name or any(ch.isspace() for ch in name):
            raise AccountError("An account name needs at least one character and no spaces.")
        unknown = set(roles) - ROLES
        if not roles or unknown:
            raise AccountError("Give one or more of the roles admin, staff and mediator.")
        accounts = self._read()
        if name in accounts and not replace:
            raise AccountError(f"There is already an account named {name!r}.")
        password = password or secrets.token_urlsafe(12)
        if len(password) < 10:
            raise AccountError("A password needs at least 10 characters.")
        accounts[name] = Account(
            name, display_name or name, tuple(sorted(roles)), _hasher.hash(password)
        )
        self._write(accounts)
        return password

    def verify(self, name: str, password: str) -> Account | None:
        """The account if ``password`` is its password, else None."""
        account = self._read().get(name.strip())
        try:
            _hasher.verify(account.password_hash if account else _DUMMY_HASH, password)
        except (VerificationError, InvalidHashError):
            return None
        return account
