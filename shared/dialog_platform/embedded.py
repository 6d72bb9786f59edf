"""``dialog run``: the whole platform on one machine with no servers to install.

Each service gets a SQLite file in the data folder; messages travel over kombu's SQLAlchemy
transport in ``bus.sqlite`` (every relay and consumer declares the platform's whole topology,
which that transport needs because it keeps bindings in the publishing process). Each web is
its own OS process running the command production runs (``dialog-<service> web``); the light
worker roles (every service's relay, consumer and periodic roles) run as threads of one more
process (``dialog workers``), each the command production runs as a process of its own. The
launcher migrates every database and imports the shared stack once, then forks those six
processes, so that none imports it again: one interpreter's start instead of nineteen. Set
``AMQP_URL`` and the ``*_DATABASE_URL`` variables and the same command uses RabbitMQ and
PostgreSQL instead.
"""

from __future__ import annotations

import contextlib
import http.client
import importlib
import io
import os
import signal
import subprocess
import sys
import time
import traceback
import urllib.request
from datetime import timedelta
from pathlib import Path

from .config import SERVICES, Settings
from .messaging.connection import connect, topology_for
from .messaging.topology import SUBSCRIPTIONS
from .tokens import mint_token

#: The staff back office: one web process, no database of its own, no worker.
BACKOFFICE = "backoffice"

#: Commands beyond relay and consume that a service runs, each as its own process.
EXTRA_ROLES: dict[str, tuple[tuple[str, ...], ...]] = {
    "registrations": (("expire-holds", "--every", "60"), ("retain", "--every", "3600")),
    "notifications": (("schedule",), ("retain", "--every", "3600")),
    "mediation": (("retain", "--every", "3600"),),
}

#: The worker commands of each service, besides ``web`` (``dialog workers`` runs them all).
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


def _signal_group(process: Forked, signum: int) -> None:
    with contextlib.suppress(ProcessLookupError):  # the group is gone already
        os.killpg(process.pid, signum)


#: The process of every service's worker roles: ``dialog workers``.
WORKERS = "platform"


def _cli(service: str):
    """The command group of ``dialog-<service>`` (``dialog`` for ``WORKERS``)."""
    return importlib.import_module(f"dialog_{service}.cli").main


def _in_process(service: str, *args: str) -> str:
    """``dialog-<service> args`` run in this process (its imports shared with the other
    services'): what it printed."""
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        _cli(service).main(list(args), prog_name=f"dialog-{service}", standalone_mode=False)
    return printed.getvalue()


#: What the launcher imports once, before it forks the processes: everything the webs and the
#: worker roles share (Flask, SQLAlchemy, kombu, marshmallow, gunicorn, each service's app and
#: handlers), so that no process pays for those imports again.
PRELOADED = (
    "dialog_platform.web.server",
    "dialog_platform.workers",
    *(f"dialog_{service}.app" for service in (*SERVICES, BACKOFFICE)),
    *(f"dialog_{service}.messaging.handlers" for service in SERVICES if SUBSCRIPTIONS[service]),
)


def _after_fork(env: dict[str, str], log_path: Path) -> None:
    """In a forked child: a session of its own that dies with the launcher, output into its
    log, its own environment, default signals, and no database connection of the launcher's
    (kombu's SQLite transport keeps its engines in a class-wide cache)."""
    os.setsid()  # its own process group: gunicorn's workers stop with it
    _die_with_parent()
    log = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    os.dup2(log, 1)
    os.dup2(log, 2)
    os.close(log)
    nothing = os.open(os.devnull, os.O_RDONLY)
    os.dup2(nothing, 0)
    os.close(nothing)
    os.environ.clear()
    os.environ.update(env)
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, signal.SIG_DFL)
    from kombu.transport.sqlalchemy import Channel

    for engine, _sessions in Channel._engines.values():
        engine.dispose(close=False)  # the launcher's connections stay the launcher's
    Channel._engines.clear()


class Forked:
    """``dialog-<service> command`` in a child forked from the launcher, which imported the
    whole stack once (``PRELOADED``): the same code path as its own interpreter would run,
    without importing anything again. Answers ``pid``, ``poll``, ``wait`` as ``Popen`` does."""

    def __init__(self, service: str, command: tuple[str, ...], env: dict, log_path: Path) -> None:
        sys.stdout.flush()
        sys.stderr.flush()
        self.returncode: int | None = None
        self.pid = os.fork()
        if self.pid:
            return
        code = 1
        try:
            _after_fork(env, log_path)
            _cli(service).main(list(command), prog_name=f"dialog-{service}")
            code = 0
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else int(exit_.code is not None)
        except BaseException:
            traceback.print_exc()
        finally:
            with contextlib.suppress(Exception):
                sys.stdout.flush()
                sys.stderr.flush()
            os._exit(code)

    def poll(self) -> int | None:
        if self.returncode is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(f"dialog-{self.pid}", timeout)
            time.sleep(0.05)
        return self.returncode


def run_worker_roles(services: tuple[str, ...] = SERVICES) -> int:
    """Every worker role of ``services`` (``WORKER_ROLES``) as a thread of this process, each
    its production command (``dialog-<service> relay`` ...) until SIGTERM or Ctrl-C."""
    from .workers import run_together

    roles = {}
    for service in services:
        group = _cli(service)
        for command in WORKER_ROLES[service]:
            roles[f"{service} {' '.join(command)}"] = (
                service,
                lambda group=group, service=service, command=command: group.main(
                    list(command), prog_name=f"dialog-{service}", standalone_mode=False
                ),
            )
    return run_together(roles, log_to=lambda line: print(line, file=sys.stderr, flush=True))


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
        self.processes: dict[tuple[str, tuple[str, ...]], Forked] = {}

    def port(self, service: str) -> int:
        return self.port_base + (*SERVICES, BACKOFFICE).index(service)

    def migrate(self) -> None:
        """Every service's migrations, one after the other in this process (each its own
        database): one interpreter's imports instead of four."""
        failed = []
        for service in SERVICES:  # imports the services' models and the cli once
            try:
                print(_in_process(service, "migrate"), end="", flush=True)
            except Exception as exc:
                print(f"{service}: migration failed: {type(exc).__name__}: {exc}", flush=True)
                failed.append(service)
        if failed:
            raise SystemExit(f"migrations failed: {', '.join(failed)}")

    def web_alive(self, service: str) -> bool:
        return self.processes[(service, ("web",))].poll() is None

    def start(self, service: str, command: tuple[str, ...]) -> None:
        env = dict(self.env)
        if service != WORKERS:
            env["PORT"] = str(self.port(service))
        log_path = self.log_dir / f"{service}-{command[0]}.log"
        self.processes[(service, command)] = Forked(service, command, env, log_path)

    def start_all(self) -> None:
        """The webs, each its own process, and one process of every worker role, all forked
        once the launcher has imported what they share."""
        for module in PRELOADED:
            importlib.import_module(module)
        for service in (*SERVICES, BACKOFFICE):
            self.start(service, ("web",))
        self.start(WORKERS, ("workers",))

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
    _declare_topology(settings)
    platform.start_all()
    try:
        admin_password = _backoffice_admin(env)  # while the processes start
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
    made = _in_process(BACKOFFICE, "add-account", "admin", "--role", "admin", "--if-missing")
    return made.strip() or None


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
