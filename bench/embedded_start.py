"""Embedded start: ``dialog run`` until every service answers ``/readyz`` ÷ one service's web
process alone until it answers (BENCHMARKS.md, target ≤ 3), warm install, same run.

    uv run python bench/embedded_start.py [--rounds 3] [--service events]

Each round, in a fresh data folder migrated beforehand (untimed, so both sides start warm:
bytecode compiled, files in the page cache): first ``python -m dialog_<service>.cli web``
alone, timed from the spawn until its ``/readyz`` answers 200, then stopped; then
``python -m dialog_platform.cli run`` (the migrations, the topology, every role of every
service), timed from the spawn until all four ``/readyz`` answer 200, then stopped (SIGINT, as
Ctrl-C). Embedded settings: no ``AMQP_URL`` or ``*_DATABASE_URL`` in the environment. One round
before the timed ones warms the install. Printed: medians, spreads, the ratio, the load.
"""

from __future__ import annotations

import argparse
import http.client
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

from dialog_platform.testing.ports import free_port_base

SERVICES = ("events", "registrations", "notifications", "mediation")
STRIPPED = ("AMQP_URL", "DIALOG_ENV", "JWT_SECRET", "OIDC_JWKS_URL", "DIALOG_QUEUE_PREFIX")
BOUND = 600.0


def _env(data_dir: str) -> dict[str, str]:
    env = {
        k: v for k, v in os.environ.items() if k not in STRIPPED and not k.endswith("_DATABASE_URL")
    }
    return env | {"DIALOG_DATA_DIR": data_dir, "LOG_LEVEL": "WARNING"}


def _ready(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=2) as answer:
            return answer.status == 200
    except (OSError, http.client.HTTPException):  # a garbled answer is "not yet" too
        return False


def _until_ready(process: subprocess.Popen, ports: list[int], started: float) -> float:
    waiting = set(ports)
    while waiting:
        if process.poll() is not None:
            raise RuntimeError(f"exited with {process.returncode} before it was ready")
        if time.monotonic() - started > BOUND:
            raise RuntimeError(f"not ready within {BOUND:.0f} s")
        waiting = {port for port in waiting if not _ready(port)}
        if waiting:
            time.sleep(0.05)
    return time.monotonic() - started


def _stop(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def one_web(service: str, data_dir: str) -> float:
    port = free_port_base(1)  # below the ephemeral range: a probe never meets itself
    env = _env(data_dir) | {"PORT": str(port), "WEB_CONCURRENCY": "1", "WEB_THREADS": "4"}
    started = time.monotonic()
    process = subprocess.Popen(
        [sys.executable, "-m", f"dialog_{service}.cli", "web"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        return _until_ready(process, [port], started)
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=60)


def whole_platform(data_dir: str) -> float:
    base = free_port_base(5)
    started = time.monotonic()
    process = subprocess.Popen(
        [sys.executable, "-m", "dialog_platform.cli", "run", "--port-base", str(base)],
        env=_env(data_dir),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        return _until_ready(process, [base + n for n in range(4)], started)
    finally:
        _stop(process)


def _migrate(data_dir: str) -> None:
    for service in SERVICES:
        subprocess.run(
            [sys.executable, "-m", f"dialog_{service}.cli", "migrate"],
            env=_env(data_dir),
            check=True,
            stdout=subprocess.DEVNULL,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--service", default="events", choices=SERVICES)
    args = parser.parse_args()
    load_before = os.getloadavg()
    alone, platform = [], []
    for round_ in range(args.rounds + 1):  # the first warms the install
        with tempfile.TemporaryDirectory() as data_dir:
            _migrate(data_dir)
            single, whole = one_web(args.service, data_dir), whole_platform(data_dir)
        if round_:
            alone.append(single)
            platform.append(whole)
        print(f"round {round_}: one web {single:.1f} s, dialog run {whole:.1f} s", flush=True)
    load_after = os.getloadavg()
    ratio = statistics.median(platform) / statistics.median(alone)
    print(
        f"\nsettings: embedded (SQLite, broker-less bus), {args.rounds} rounds after one to warm "
        f"up; web: 1 worker x 4 threads; load average {load_before[0]:.1f} before, "
        f"{load_after[0]:.1f} after, {os.cpu_count()} CPUs"
    )
    print(
        f"one {args.service} web process to ready  {statistics.median(alone):6.1f} s"
        f"  (spread {min(alone):.1f} to {max(alone):.1f})"
    )
    print(
        f"dialog run to every /readyz         {statistics.median(platform):6.1f} s"
        f"  (spread {min(platform):.1f} to {max(platform):.1f})"
    )
    print(f"ratio dialog run ÷ one web process   {ratio:.2f}   (target ≤ 3)")


if __name__ == "__main__":
    main()
