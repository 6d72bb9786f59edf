"""Contact data at rest and on the wire: encrypted with Fernet (AES-128-CBC with HMAC-SHA256, an
authenticated cipher from the ``cryptography`` package), found again by keyed hashes.

The keys come from ``DIALOG_DATA_KEYS`` (comma-separated Fernet keys, the first one encrypts,
every one decrypts), the same for every service: a person's keyed hash is the same everywhere,
so one erasure request finds them in every service without naming them. Rotating a key: put
the new key first and keep the old one behind it (every process now writes with the new key and
reads both), run ``dialog-<service> rotate-keys`` for every service (re-encrypts every row and
recomputes every hash), then drop the old key.

The process's keyring is set once at start (``use_keys``), as logging is.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from collections.abc import Sequence
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import Text, TypeDecorator


class DataKeyError(ValueError):
    """A data key is malformed or missing."""


class Keyring:
    """The data keys of this process: Fernet for contents, HMAC keys (derived from each data
    key) for lookups."""

    def __init__(self, keys: Sequence[str]) -> None:
        if not keys:
            raise DataKeyError("At least one data key is needed (DIALOG_DATA_KEYS).")
        try:
            self._fernets = [Fernet(key.strip().encode()) for key in keys]
        except (ValueError, TypeError) as exc:
            raise DataKeyError(
                "DIALOG_DATA_KEYS must hold Fernet keys (32 url-safe base64 bytes each, "
                "e.g. from `dialog keys new`)."
            ) from exc
        self._all = MultiFernet(self._fernets)
        self._lookup_keys = [_derive(key.strip().encode()) for key in keys]

    def encrypt(self, text: str) -> str:
        return self._all.encrypt(text.encode()).decode()

    def decrypt(self, token: str) -> str:
        try:
            return self._all.decrypt(token.encode()).decode()
        except InvalidToken:
            raise DataKeyError(
                "A value could not be decrypted with any of the data keys."
            ) from None

    def rotate(self, token: str) -> str:
        """The same value, encrypted with the current (first) key."""
        return self._all.rotate(token.encode()).decode()

    def lookup_hash(self, value: str) -> str:
        """The keyed hash of a normalised value under the current key (stored beside it)."""
        return _hmac(self._lookup_keys[0], value)

    def lookup_hashes(self, value: str) -> list[str]:
        """Its hash under every key, current first: what to look for while a rotation runs."""
        return [_hmac(key, value) for key in self._lookup_keys]


def _derive(key: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"dialog-lookup").derive(
        base64.urlsafe_b64decode(key)
    )


def _hmac(key: bytes, value: str) -> str:
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()


def new_key() -> str:
    return Fernet.generate_key().decode()


_keyring: Keyring | None = None


def use_keys(keys: Sequence[str]) -> Keyring:
    """Set this process's keyring (at start, from its settings); returns it."""
    global _keyring
    _keyring = Keyring(keys)
    return _keyring


def keyring() -> Keyring:
    if _keyring is None:
        raise RuntimeError("no data keys in this process: call crypto.use_keys at start")
    return _keyring


class Encrypted(TypeDecorator):
    """A text column stored as a Fernet token, read back as the text (None stays None)."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect) -> str | None:
        return None if value is None else keyring().encrypt(value)

    def process_result_value(self, value: str | None, dialect) -> str | None:
        return None if value is None else keyring().decrypt(value)


class EncryptedJSON(TypeDecorator):
    """A JSON value (lists, dicts) stored as one Fernet token."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: Any, dialect) -> str | None:
        if value is None:
            return None
        return keyring().encrypt(json.dumps(value, ensure_ascii=False, separators=(",", ":")))

    def process_result_value(self, value: str | None, dialect) -> Any:
        return None if value is None else json.loads(keyring().decrypt(value))
