"""A service's command line run by a test as its own process: a worker role with its health
port (``DIALOG_HEALTH_PORT``) on this machine, or a one-off command whose output is read."""

from __future__ import annotations

import os
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

from .ports import free_port_base


def service_command(service: str, *args: str) -> list[str]:
    """``dialog-<service> args`` as this interpreter runs it."""
    return [sys.executable, "-m", f"dialog_{service}.cli", *args]


def run_command(service: str, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    """``dialog-<service> args`` to its end, in this process's environment, output as text."""
    return subprocess.run(
        service_command(service, *args),
        env=os.environ,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


class RoleProcess:
    """``dialog-<service> args`` (a worker role) in its own process, its output in
    ``log_path``, its health, readiness and metrics served on a free port of this machine."""

    def __init__(self, service: str, args: list[str], env: dict[str, str], log_path: Path) -> None:
        self.port, self.log_path = free_port_base(1), log_path
        env = env | {"DIALOG_HEALTH_PORT": str(self.port)}
        with open(log_path, "w") as log:
            self.process = subprocess.Popen(
                service_command(service, *args), env=env, stdout=log, stderr=subprocess.STDOUT
            )

    def get(self, path: str) -> tuple[int, str]:
        """Status and body of ``path`` on the health port; 0 while nothing answers."""
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}{path}", timeout=5) as r:
                return r.status, r.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()
        except OSError:
            return 0, ""

    def metric(self, line_start: str) -> float:
        """The sum of the ``/metrics`` samples whose line starts with ``line_start``."""
        lines = self.get("/metrics")[1].splitlines()
        return sum(float(line.rsplit(" ", 1)[1]) for line in lines if line.startswith(line_start))

    def stop(self, timeout: float = 30) -> int:
        """SIGTERM, then SIGKILL after ``timeout`` seconds: the exit code."""
        self.process.terminate()
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            return self.process.wait(timeout=10)
