"""What a deployment of the platform must provide, derived from the code: each service's process
roles and the environment variables its production processes read. Loaded by path by the
deployment tests (tests run with --import-mode=importlib)."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

from dialog_platform.config import SERVICES, VARIABLES
from dialog_platform.embedded import WORKER_ROLES

ROOT = Path(__file__).resolve().parents[1]
#: A variable read by name: os.environ, every ``env_*`` reader of dialog_platform.config, and a
#: settings field ``own(env_..., "NAME")``.
READS = re.compile(
    r"""(?:environ\.get\(|environ\[|getenv\(|\benv_[a-z_]+\(|\bown\(\s*env_[a-z_]+,)"""
    r"""\s*["']([A-Z][A-Z0-9_]+)["']"""
)

#: Variables the code reads that a production deployment does not set, and why.
NOT_SET_IN_PRODUCTION = {
    "PROMETHEUS_MULTIPROC_DIR": "set by the image (deploy/Dockerfile)",
    "MAIL_DIR": "used only without SMTP_HOST, which production requires",
}

#: Variables whose values are secrets (passwords, keys, URLs with credentials).
SECRET = re.compile(r"(^AMQP_URL|_DATABASE_URL|_SECRET|_PASSWORD|_TOKEN|_KEYS|_USERNAME|_SID)$")


#: Components that run only a web process: no database, no broker, no migration.
WEB_ONLY = ("backoffice",)
#: Everything deployed: the four services and the web-only components.
COMPONENTS = (*SERVICES, *WEB_ONLY)


def roles(service: str) -> list[tuple[str, ...]]:
    """Every process role of ``service`` as its command line: web and its worker roles."""
    return [("web",), *WORKER_ROLES.get(service, ())]


def role_name(command: tuple[str, ...]) -> str:
    return command[0]


def cli_commands(service: str) -> set[str]:
    return set(importlib.import_module(f"dialog_{service}.cli").main.commands)


def _read_in(paths) -> set[str]:
    names: set[str] = set()
    for path in paths:
        names |= set(READS.findall(path.read_text()))
    return names


def production_variables(service: str) -> set[str]:
    """Every variable a production process of ``service`` reads: the shared library's (not its
    test plugin's), the service's own code's, and the settings declared under its prefix."""
    shared = [
        path
        for path in ROOT.glob("shared/dialog_platform/**/*.py")
        if "testing" not in path.relative_to(ROOT / "shared/dialog_platform").parts
    ]
    own = ROOT.glob(f"services/{service}/dialog_{service}/**/*.py")
    names = _read_in(shared) | _read_in(own) | {f"{service.upper()}_DATABASE_URL"}
    names |= {v.name for v in VARIABLES if v.name.startswith(f"{service.upper()}_")}
    declared = {v.name for v in VARIABLES}
    assert names <= declared, names - declared  # the scan found real names
    return names - set(NOT_SET_IN_PRODUCTION)


__all__ = [
    "COMPONENTS",
    "SECRET",
    "SERVICES",
    "WEB_ONLY",
    "production_variables",
    "roles",
]
