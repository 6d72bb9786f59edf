"""``dialog run`` as the tests of the embedded mode start it: no server URL in its environment,
its own data folder and ports, its output on a pipe."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

#: What would point ``dialog run`` at real servers or production rules instead of local files.
NOT_EMBEDDED = ("AMQP_URL", "DIALOG_ENV", "JWT_SECRET", "OIDC_JWKS_URL", "DIALOG_QUEUE_PREFIX")


def embedded_env(*prefixes: str) -> dict[str, str]:
    """This process's environment without ``NOT_EMBEDDED``, any ``*_DATABASE_URL`` and any
    variable starting with one of ``prefixes``."""
    return {
        k: v
        for k, v in os.environ.items()
        if k not in NOT_EMBEDDED
        and not k.endswith("_DATABASE_URL")
        and not any(k.startswith(prefix) for prefix in prefixes)
    }


def start_dialog_run(data: Path, port_base: int, env: dict[str, str]) -> subprocess.Popen:
    """``dialog run --data-dir data --port-base port_base``, its output (text) on ``stdout``."""
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "dialog_platform.cli",
            "run",
            "--data-dir",
            str(data),
            "--port-base",
            str(port_base),
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
