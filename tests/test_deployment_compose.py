"""docker-compose.yml for one host: valid for the Compose Specification (its JSON schema, as
check-jsonschema ships it; no Docker engine here), every process role of every service in a
container running exactly its command, healthchecks and restart policies everywhere, every
variable a service reads in production set for its containers, nothing required left to a
default, and the broker users, databases and Caddy routes consistent with what they point at."""

import importlib.resources
import importlib.util
import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import jsonschema
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location(
    "dialog_deployment_expectations", Path(__file__).with_name("deployment_expectations.py")
)
expect = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(expect)
_setup_spec = importlib.util.spec_from_file_location(
    "dialog_deploy_setup", ROOT / "deploy" / "rabbitmq" / "setup.py"
)
broker_setup = importlib.util.module_from_spec(_setup_spec)
_setup_spec.loader.exec_module(broker_setup)

VARIABLE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}")
ONE_SHOT = {"rabbitmq-setup", *(f"{service}-migrate" for service in expect.SERVICES)}


class MissingSetting(Exception):
    pass


def interpolate(value, env: dict[str, str]):
    """Compose's variable substitution: ${X}, ${X:-default}, ${X-default}, ${X:?error}."""
    if isinstance(value, dict):
        return {key: interpolate(item, env) for key, item in value.items()}
    if isinstance(value, list):
        return [interpolate(item, env) for item in value]
    if not isinstance(value, str):
        return value

    def substitute(match: re.Match) -> str:
        name, operator, argument = match.groups()
        present = env.get(name)
        empty = present is None or (present == "" and operator and operator.startswith(":"))
        if operator and operator.endswith("?") and empty:
            raise MissingSetting(name)
        if operator and operator.endswith("-") and empty:
            return argument
        return present or ""

    return VARIABLE.sub(substitute, value).replace("$$", "$")


def env_example() -> dict[str, str]:
    lines = (ROOT / "deploy" / "env.example").read_text().splitlines()
    pairs = [line.split("=", 1) for line in lines if re.match(r"^[A-Z_]+=", line)]
    return {key: value for key, value in pairs}


def load(env: dict[str, str]) -> dict:
    raw = yaml.safe_load((ROOT / "docker-compose.yml").read_text())  # merges the << keys
    return interpolate({k: v for k, v in raw.items() if not k.startswith("x-")}, env)


@pytest.fixture(scope="module")
def filled() -> dict[str, str]:
    """env.example as an operator fills it in: every empty setting given a value."""
    return {key: value or f"value-of-{key.lower()}" for key, value in env_example().items()}


@pytest.fixture(scope="module")
def compose(filled) -> dict:
    return load(filled)


def containers_of(compose: dict, service: str) -> dict[str, dict]:
    return {
        name: spec
        for name, spec in compose["services"].items()
        if spec.get("image", "").startswith(f"dialog-{service}:") and name != "rabbitmq-setup"
    }


def command(spec: dict) -> list[str]:
    value = spec.get("command", [])
    return [value] if isinstance(value, str) else value


def test_the_file_is_valid_for_the_compose_specification(compose):
    schema_file = importlib.resources.files("check_jsonschema.builtin_schemas.vendor")
    schema = json.loads((schema_file / "compose-spec.json").read_text())
    validator = jsonschema.validators.validator_for(schema)(schema)
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(compose)]
    assert errors == []
    for spec in compose["services"].values():
        for mount in spec.get("volumes", []):
            source = mount.split(":", 1)[0]
            if source.startswith("./"):
                assert (ROOT / source).exists(), source
            else:
                assert source in compose["volumes"], source


def test_it_refuses_to_start_without_the_required_settings():
    """Nothing a production run needs falls back to a default: public URL, mail, secrets."""
    required = (
        *("DIALOG_PUBLIC_URL", "SMTP_HOST", "MAIL_FROM", "JWT_SECRET", "DIALOG_DATA_KEYS"),
        *("BACKOFFICE_SECRET_KEY", "BACKOFFICE_OIDC_ISSUER", "BACKOFFICE_OIDC_CLIENT_ID"),
        "OIDC_JWKS_URL",  # the services verify the tokens the back office forwards
    )
    for name in required:
        env = {key: value or "x" for key, value in env_example().items()} | {name: ""}
        with pytest.raises(MissingSetting, match=name):
            load(env)


def test_the_web_only_components_have_their_web_container(compose):
    for component in expect.WEB_ONLY:
        containers = containers_of(compose, component)
        assert {name: command(spec) for name, spec in containers.items()} == {
            f"{component}-web": ["web"]
        }
        assert "web" in expect.cli_commands(component)


def test_every_process_role_of_every_service_has_a_container_running_its_command(compose):
    for service in expect.SERVICES:
        containers = containers_of(compose, service)
        expected = {
            f"{service}-{expect.role_name(role)}": list(role) for role in expect.roles(service)
        }
        expected[f"{service}-migrate"] = ["migrate"]
        assert {name: command(containers[name]) for name in containers} == expected, service
        for name, spec in containers.items():
            assert command(spec)[0] in expect.cli_commands(service), name
            if name in ONE_SHOT:
                continue
            assert spec["depends_on"][f"{service}-migrate"]["condition"] == (
                "service_completed_successfully"
            )
            assert spec["depends_on"]["rabbitmq-setup"]["condition"] == (
                "service_completed_successfully"
            )


def test_every_container_has_a_healthcheck_and_a_restart_policy(compose):
    for name, spec in compose["services"].items():
        assert spec["healthcheck"]["test"], name
        assert not spec["healthcheck"].get("disable"), name
        assert spec["restart"] == ("no" if name in ONE_SHOT else "unless-stopped"), name


def test_every_variable_a_service_reads_is_set_for_its_containers(compose):
    for service in expect.SERVICES:
        needed = expect.production_variables(service)
        for name, spec in containers_of(compose, service).items():
            assert needed - set(spec["environment"]) == set(), name


def test_only_caddy_is_reachable_from_outside_the_host(compose):
    for name, spec in compose["services"].items():
        for port in spec.get("ports", []):
            if name != "caddy":
                assert port.startswith("127.0.0.1:"), (name, port)


def test_each_service_logs_in_as_its_own_broker_user_and_database_role(compose):
    definitions = json.loads((ROOT / "deploy" / "rabbitmq" / "definitions.json").read_text())
    [vhost] = [v["name"] for v in definitions["vhosts"]]
    setup = compose["services"]["rabbitmq-setup"]
    assert "./deploy/rabbitmq:/setup:ro" in setup["volumes"]
    for user in definitions["users"]:
        assert setup["environment"][broker_setup.password_variable(user["name"])]
    init = (ROOT / "deploy" / "postgres" / "init-databases.sql").read_text()
    for service in expect.SERVICES:
        for spec in containers_of(compose, service).values():
            broker = urlsplit(spec["environment"]["AMQP_URL"])
            assert (broker.username, broker.path) == (service, f"/{vhost}")
            database = urlsplit(spec["environment"][f"{service.upper()}_DATABASE_URL"])
            assert (database.username, database.path) == (service, f"/{service}")
            assert "connect_timeout=" in database.query  # a lost database never hangs a loop
        assert f"CREATE DATABASE {service} OWNER {service};" in init


def test_caddy_sends_each_path_to_a_web_container_on_its_port(compose):
    caddyfile = (ROOT / "deploy" / "caddy" / "Caddyfile").read_text()
    targets = re.findall(r"^\s*reverse_proxy ([a-z-]+):(\d+)$", caddyfile, re.MULTILINE)
    assert {name for name, _ in targets} == {
        *(f"{service}-web" for service in expect.SERVICES),
        "backoffice-web",
    }
    for name, port in targets:
        assert compose["services"][name]["environment"]["PORT"] == port
    registrations = containers_of(compose, "registrations")["registrations-web"]
    notifications = containers_of(compose, "notifications")["notifications-web"]
    public = registrations["environment"]["REGISTRATIONS_PUBLIC_URL"]
    assert notifications["environment"]["NOTIFICATIONS_PUBLIC_URL"] == f"{public}/api/notifications"
    assert "handle_path /api/notifications/*" in caddyfile
