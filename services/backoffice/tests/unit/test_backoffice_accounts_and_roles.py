"""Local accounts keep Argon2 hashes only; the provider's roles map to the platform's."""

from __future__ import annotations

import pytest

from dialog_backoffice.accounts import AccountError, Accounts
from dialog_backoffice.web.oidc import platform_roles, provider_roles


def test_an_account_is_stored_as_a_hash_and_verified(tmp_path):
    accounts = Accounts(tmp_path / "accounts.json")
    password = accounts.add("mia", ("mediator",))
    stored = (tmp_path / "accounts.json").read_text()
    assert password not in stored and "$argon2id$" in stored
    assert (tmp_path / "accounts.json").stat().st_mode & 0o077 == 0
    assert accounts.verify("mia", password).roles == ("mediator",)
    assert accounts.verify("mia", password + "x") is None
    assert accounts.verify("nobody", password) is None


def test_an_account_needs_a_known_role_and_a_new_name(tmp_path):
    accounts = Accounts(tmp_path / "accounts.json")
    accounts.add("mia", ("mediator",), password="long-enough-password")
    with pytest.raises(AccountError):
        accounts.add("mia", ("staff",))
    with pytest.raises(AccountError):
        accounts.add("sven", ("janitor",))
    with pytest.raises(AccountError):
        accounts.add("sven", ("staff",), password="short")


def test_provider_roles_are_mapped_to_the_platforms_roles():
    claims = {
        "realm_access": {"roles": ["offline_access", "dialog-mediator"]},
        "resource_access": {"backoffice": {"roles": ["dialog-admin"]}},
    }
    mapping = {"dialog-mediator": "mediator", "dialog-admin": "admin"}
    found = provider_roles(claims, "backoffice")
    assert platform_roles(found, mapping) == {"mediator", "admin"}
    assert platform_roles({"offline_access"}, mapping) == frozenset()
