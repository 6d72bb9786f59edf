"""``dialog run`` starts the whole platform with no servers: every service answers /readyz, a
message crosses from events to registrations over the broker-less bus between OS processes, and
stopping the command stops every process it started."""

import json
import signal
import subprocess
import sys
import urllib.error
import urllib.request

from dialog_platform.testing import wait_for
from dialog_platform.testing.embedded import embedded_env, start_dialog_run
from dialog_platform.testing.ports import free_port_base

SERVICES = ("events", "registrations", "notifications", "mediation")


def _http(method: str, url: str, body: dict | None = None, token: str | None = None):
    request = urllib.request.Request(
        url, method=method, data=json.dumps(body).encode() if body else None
    )
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")
    except OSError:
        return None, None


def test_embedded_platform_runs_and_routes_messages(tmp_path):
    env = embedded_env()
    base = free_port_base()
    data = tmp_path / "data"
    launcher = start_dialog_run(data, base, env)
    urls = {service: f"http://127.0.0.1:{base + i}" for i, service in enumerate(SERVICES)}
    try:
        for service, url in urls.items():

            def ready(url=url):
                assert launcher.poll() is None, f"dialog run exited: {launcher.stdout.read()}"
                return _http("GET", f"{url}/readyz")[0] == 200

            wait_for(ready, timeout=180, interval=0.5, what=f"{service} ready")
        assert (data / "events.sqlite").exists() and (data / "bus.sqlite").exists()
        office = f"http://127.0.0.1:{base + 4}"
        wait_for(lambda: _http("GET", f"{office}/readyz")[0] == 200, timeout=60, what="back office")

        token = subprocess.run(
            [sys.executable, "-m", "dialog_platform.cli", "token", "--role", "staff"],
            env=env | {"DIALOG_DATA_DIR": str(data)},
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        status, event = _http(
            "POST",
            f"{urls['events']}/api/v1/events",
            {
                "type": "qualification_workshop",
                "title": "Antragswerkstatt Jugendhilfe",
                "starts_at": "2027-09-01T10:00:00+02:00",
                "ends_at": "2027-09-01T16:00:00+02:00",
            },
            token,
        )
        assert status == 201, event
        assert (
            _http("POST", f"{urls['events']}/api/v1/events/{event['id']}/publish", None, token)[0]
            == 200
        )
        status, shown = wait_for(
            lambda: (
                (r := _http("GET", f"{urls['registrations']}/api/v1/public/events/{event['id']}"))[
                    0
                ]
                == 200
                and r
            ),
            timeout=60,
            what="the event to cross the embedded bus",
        )
        assert shown["title"] == "Antragswerkstatt Jugendhilfe"
    finally:
        launcher.send_signal(signal.SIGINT)
        output, _ = launcher.communicate(timeout=60)
    assert "Dialog platform is running" in output
    assert f"The staff back office: http://127.0.0.1:{base + 4}/" in output
    assert "sign in as admin with the password" in output  # the first run made the account
    assert all(_http("GET", f"{url}/healthz")[0] is None for url in urls.values()), (
        "a web process outlived the launcher"
    )
