"""``dialog run``: the whole platform on one machine with no servers to install.

Each service gets a SQLite file in the data folder; messages travel over kombu's SQLAlchemy
transport in ``bus.sqlite`` (every relay and consumer declares the platform's whole topology,
which that transport needs because it keeps bindings in the publishing process). Every process
role runs as its own OS process, exactly the commands production runs; only the URLs differ.
Set ``AMQP_URL`` and the ``*_DATABASE_URL`` variables and the same command uses RabbitMQ and
PostgreSQL instead.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import signal
import subprocess
import sys
import time
import urllib.request
from datetime import timedelta
from pathlib import Path

from .auth import mint_token
from .config import SERVICES, Settings
from .messaging.connection import connect, topology_for
from .messaging.topology import SUBSCRIPTIONS

#: The staff back office: one web process, no database of its own, no worker.
BACKOFFICE = "backoffice"

#: Commands beyond relay and consume that a service runs, each as its own process.
EXTRA_ROLES: dict[str, tuple[tuple[str, ...], ...]] = {
    "registrations": (("expire-holds", "--every", "60"), ("retain", "--every", "3600")),
    "notifications": (("schedule",), ("retain", "--every", "3600")),
    "mediation": (("retain", "--every", "3600"),),
}

#: The worker commands of each service, besides ``web``.
WORKER_ROLES: dict[str, tuple[tuple[str, ...], ...]] = {
    service: (
        ("relay",),
        *((("consume",),) if SUBSCRIPTIONS[service] else ()),
        *EXTRA_ROLES.get(service, ()),
    )
    for service in SERVICES
}


def _die_with_parent() -> None:
    """In the child, before exec: ask Linux to send SIGTERM when the launcher dies, so no
    orphan keeps a port or the bus open after ``dialog run`` was killed."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass  # not Linux: Ctrl-C still reaches the whole process group


def _signal_group(process: subprocess.Popen, signum: int) -> None:
    with contextlib.suppress(ProcessLookupError):  # the group is gone already
        os.killpg(process.pid, signum)


def _command(service: str, *args: str) -> list[str]:
    return [sys.executable, "-m", f"dialog_{service}.cli", *args]


#: How long ``dialog run`` waits for every web process to answer ``/readyz``: a bound for a
#: loaded machine, not an expectation (a warm start takes seconds).
READY_WITHIN = 300.0


def _ready(url: str) -> bool:
    """``url`` answers 200. Anything else is "not yet", a garbled answer too: while nothing
    listens, a probe may connect to itself and read its own request back."""
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except (OSError, http.client.HTTPException):
        return False


def wait_until_ready(
    urls: dict[str, str], alive, timeout: float = READY_WITHIN, stopped=lambda: False
) -> dict[str, str]:
    """Ask every ``/readyz`` of ``urls`` (service -> url) until each answers 200, its web
    process has exited (``alive(service)`` false), ``timeout`` has passed or ``stopped()``
    (Ctrl-C meanwhile). Returns the services that did not become ready, each with why."""
    deadline, waiting, failed = time.monotonic() + timeout, dict(urls), {}
    while waiting and not stopped():
        for service, url in list(waiting.items()):
            if _ready(url):
                del waiting[service]
            elif not alive(service):
                failed[service] = "its web process exited"
                del waiting[service]
        if waiting and time.monotonic() >= deadline:
            return failed | {s: f"no answer within {timeout:.0f} s" for s in waiting}
        if waiting:
            time.sleep(0.1)
    return failed


def _wait_ready(url: str, timeout: float = READY_WITHIN) -> bool:
    """One ``/readyz`` answering 200 within ``timeout``."""
    return not wait_until_ready({url: url}, lambda _url: True, timeout)


class Platform:
    """Starts, watches and stops the processes of every service."""

    def __init__(self, env: dict[str, str], port_base: int, log_dir: Path) -> None:
        self.env = env
        self.port_base = port_base
        self.log_dir = log_dir
        self.processes: dict[tuple[str, str], subprocess.Popen] = {}

    def port(self, service: str) -> int:
        return self.port_base + (*SERVICES, BACKOFFICE).index(service)

    def migrate(self) -> None:
        """Every service's migrations at once (each its own database file)."""
        running = {s: subprocess.Popen(_command(s, "migrate"), env=self.env) for s in SERVICES}
        failed = [s for s, process in running.items() if process.wait() != 0]
        if failed:
            raise SystemExit(f"migrations failed: {', '.join(failed)}")

    def web_alive(self, service: str) -> bool:
        return self.processes[(service, ("web",))].poll() is None

    def start(self, service: str, command: tuple[str, ...]) -> None:
        env = dict(self.env, PORT=str(self.port(service)))
        role = command[0]
        log = open(self.log_dir / f"{service}-{role}.log", "ab")  # noqa: SIM115 - owned by the child
        self.processes[(service, command)] = subprocess.Popen(
            _command(service, *command),
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            preexec_fn=_die_with_parent,  # only calls prctl: safe between fork and exec
            start_new_session=True,  # its own process group: gunicorn's workers stop with it
        )

    def start_all(self) -> None:
        for service in SERVICES:
            for command in (("web",), *WORKER_ROLES[service]):
                self.start(service, command)
        self.start(BACKOFFICE, ("web",))

    def restart_dead(self) -> None:
        for (service, command), process in list(self.processes.items()):
            if process.poll() is not None:
                print(
                    f"{service} {command[0]} exited ({process.returncode}); restarting", flush=True
                )
                self.start(service, command)

    def stop(self) -> None:
        """SIGTERM to every process group, then SIGKILL to whatever is left of them."""
        for process in self.processes.values():
            _signal_group(process, signal.SIGTERM)
        for process in self.processes.values():
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=15)
            _signal_group(process, signal.SIGKILL)  # workers a master left behind, if any
            process.wait()


def run_platform(data_dir: str | None = None, port_base: int = 8001) -> None:
    env = dict(os.environ)
    env["DIALOG_DATA_DIR"] = str(Path(data_dir or env.get("DIALOG_DATA_DIR") or "data").resolve())
    env.setdefault("WEB_CONCURRENCY", "1")
    env.setdefault("WEB_THREADS", "4")
    env.setdefault("DIALOG_POLL_SECONDS", "0.05")
    # Links in mails must point at where this run serves the pages.
    env.setdefault("REGISTRATIONS_PUBLIC_URL", f"http://127.0.0.1:{port_base + 1}")
    env.setdefault("NOTIFICATIONS_PUBLIC_URL", f"http://127.0.0.1:{port_base + 2}")
    for offset, service in enumerate(SERVICES):  # the back office calls this run's services
        env.setdefault(
            f"BACKOFFICE_{service.upper()}_URL", f"http://127.0.0.1:{port_base + offset}"
        )
    log_dir = Path(env["DIALOG_DATA_DIR"]) / "logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    os.environ.update(env)
    settings = Settings.from_env("events")

    platform = Platform(env, port_base, log_dir)
    stopping = False

    def _stop(_signum, _frame):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    platform.migrate()
    admin_password = _backoffice_admin(env)
    _declare_topology(settings)
    platform.start_all()
    try:
        urls = {s: f"http://127.0.0.1:{platform.port(s)}/readyz" for s in SERVICES}
        not_ready = wait_until_ready(urls, platform.web_alive, stopped=lambda: stopping)
        for service, why in not_ready.items():
            print(
                f"{service} did not become ready ({why}); see {log_dir}/{service}-web.log",
                flush=True,
            )
        if not stopping:
            _print_welcome(platform, settings, log_dir)
            _print_backoffice(platform, admin_password)
        while not stopping:
            time.sleep(0.5)
            platform.restart_dead()
    finally:
        print("stopping ...", flush=True)
        platform.stop()


def _declare_topology(settings: Settings) -> None:
    """Declare exchange and queues once before any process starts: kombu's SQLite transport
    creates its tables on first use, and processes starting together would race for that."""
    with connect(settings.amqp_url, settings.poll_seconds) as connection:
        topology_for(settings).declare(connection.default_channel)


def _print_welcome(platform: Platform, settings: Settings, log_dir: Path) -> None:
    mode = "embedded (SQLite + broker-less bus)" if settings.embedded else "production URLs"
    lines = [f"Dialog platform is running: {mode}, data in {settings.data_dir}", ""]
    for service in SERVICES:
        base = f"http://127.0.0.1:{platform.port(service)}"
        lines.append(
            f"  {service:<14} {base}/docs   (API: {base}/openapi.json, health: {base}/readyz)"
        )
    if settings.jwt_secret:
        token = mint_token(
            settings.jwt_secret, "local-admin", ["admin"], expires_in=timedelta(hours=12)
        )
        lines += [
            "",
            "A staff token (admin, 12 hours) for the API docs' Authorize button:",
            f"  {token}",
        ]
    registrations = f"http://127.0.0.1:{platform.port('registrations')}"
    lines += [
        "",
        f"The public sign-up form of a published event: {registrations}/events/<event id>",
        f"Mails (without SMTP_HOST): {settings.data_dir / 'mail'}/   SMS: {settings.data_dir / 'sms.log'}",
        f"Logs: {log_dir}/   Stop with Ctrl-C.",
    ]
    print("\n".join(lines), flush=True)


def _backoffice_admin(env: dict[str, str]) -> str | None:
    """The back office's first admin account, made on the first run: its password (shown once),
    or None when it exists already (or OIDC sign-in is configured)."""
    if env.get("BACKOFFICE_OIDC_ISSUER"):
        return None
    made = subprocess.run(
        [*_command(BACKOFFICE, "add-account", "admin", "--role", "admin", "--if-missing")],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return made.stdout.strip() or None


def _print_backoffice(platform: Platform, admin_password: str | None) -> None:
    url = f"http://127.0.0.1:{platform.port(BACKOFFICE)}"
    if not _wait_ready(f"{url}/readyz"):
        print(f"backoffice did not become ready; see {platform.log_dir}/backoffice-web.log")
    lines = ["", f"The staff back office: {url}/"]
    if admin_password:
        lines.append(f"  sign in as admin with the password {admin_password} (shown only now)")
    else:
        lines.append(
            "  sign in with your account (the admin's password was shown on the first run)"
        )
    lines.append("  more accounts: dialog-backoffice add-account NAME --role staff|mediator|admin")
    print("\n".join(lines), flush=True)
