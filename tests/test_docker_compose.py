"""docker/: the Compose file, the Odoo config renderer and the start/stop scripts, without Docker.

The Compose file is validated against the Compose Specification JSON schema (vendored in
tests/data, see compose-spec.SOURCE.md), then checked for what the project relies on. Each
check is a function returning the problems it finds, run on the real file (no problems) and on
a broken copy (the problem is found), so none of them can pass vacuously.
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
DOCKER = ROOT / "docker"
COMPOSE_FILE = DOCKER / "compose.yaml"
SCHEMA_FILE = Path(__file__).parent / "data" / "compose-spec.json"
SCHEMA_SHA256 = "46b7d35f19dd93a05f8fea530291bf84d881c1791ec167ecf0e6fb94e639d496"

SAMPLE_ENV = {
    "POSTGRES_PASSWORD": "pg-secret-for-tests",
    "ODOO_MASTER_PASSWORD": "master-secret-for-tests",
}
SECRET_NAME = re.compile(r"PASSWORD|PASSWD|SECRET|TOKEN|API_KEY", re.IGNORECASE)
REQUIRED_REF = re.compile(r"^\$\{(?P<name>[A-Za-z_][A-Za-z0-9_]*):\?[^}]+\}$")


# --- helpers ---------------------------------------------------------------------------------


def load_compose() -> dict[str, Any]:
    return yaml.safe_load(COMPOSE_FILE.read_text(encoding="utf-8"))


def schema_validator() -> jsonschema.Draft7Validator:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema)


def schema_errors(document: Any) -> list[str]:
    return [
        f"{'/'.join(map(str, error.absolute_path)) or '<root>'}: {error.message}"
        for error in schema_validator().iter_errors(document)
    ]


class InterpolationError(Exception):
    pass


_TOKEN = re.compile(r"\$\$|\$\{(?P<braced>[^}]+)\}|\$(?P<plain>[A-Za-z_][A-Za-z0-9_]*)")
_BRACED = re.compile(r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?:(?P<op>:-|-|:\?|\?)(?P<arg>.*))?$", re.S)


def interpolate_text(text: str, env: dict[str, str]) -> str:
    """Compose's variable substitution for the forms used in compose.yaml."""

    def replace(match: re.Match[str]) -> str:
        if match.group(0) == "$$":
            return "$"
        if match.group("plain"):
            return env.get(match.group("plain"), "")
        parts = _BRACED.match(match.group("braced"))
        if not parts:
            raise InterpolationError(f"invalid reference {match.group(0)!r}")
        name, op, arg = parts.group("name", "op", "arg")
        value = env.get(name)
        if op in (":-", ":?") and value == "":
            value = None
        if value is not None:
            return value
        if op in (":-", "-"):
            return arg
        if op in (":?", "?"):
            raise InterpolationError(f"{name}: {arg}")
        return ""

    return _TOKEN.sub(replace, text)


def interpolate(node: Any, env: dict[str, str]) -> Any:
    if isinstance(node, str):
        return interpolate_text(node, env)
    if isinstance(node, list):
        return [interpolate(item, env) for item in node]
    if isinstance(node, dict):
        return {key: interpolate(value, env) for key, value in node.items()}
    return node


def services(doc: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return doc.get("services") or {}


def environment_of(service: dict[str, Any]) -> dict[str, Any]:
    env = service.get("environment") or {}
    if isinstance(env, list):
        return dict(item.split("=", 1) if "=" in item else (item, None) for item in env)
    return env


def published_ports(service: dict[str, Any]) -> list[tuple[str | None, str]]:
    """(host_ip or None, text) for each port mapping of a service."""
    result: list[tuple[str | None, str]] = []
    for port in service.get("ports") or []:
        if isinstance(port, dict):
            result.append((port.get("host_ip"), json.dumps(port)))
            continue
        # A ${VAR:-default} reference holds a colon of its own: read it as one opaque token.
        text = re.sub(r"\$\{[^}]*\}", "VAR", str(port)).split("/")[0]
        # host_ip:host:container, [ipv6]:host:container, host:container or container
        if text.startswith("["):
            host_ip = text[1 : text.index("]")]
        else:
            parts = text.split(":")
            host_ip = parts[0] if len(parts) == 3 else None
        result.append((host_ip, str(port)))
    return result


# --- the checks: each returns a list of problems ------------------------------------------------


def port_problems(doc: dict[str, Any]) -> list[str]:
    problems = []
    for name, service in services(doc).items():
        for host_ip, text in published_ports(service):
            if host_ip != "127.0.0.1":
                problems.append(f"{name}: port {text} is not bound to 127.0.0.1")
        for port in service.get("expose") or []:
            problems.append(f"{name}: 'expose: {port}' is not needed on the default network")
    return problems


def volume_problems(doc: dict[str, Any]) -> list[str]:
    declared = set((doc.get("volumes") or {}).keys())
    used: set[str] = set()
    problems = []
    for name, service in services(doc).items():
        for volume in service.get("volumes") or []:
            if isinstance(volume, dict):
                source, kind = volume.get("source", ""), volume.get("type")
            else:
                source = str(volume).split(":")[0]
                kind = "bind" if source.startswith((".", "/", "~", "$")) else "volume"
            if kind == "volume":
                used.add(source)
                if source not in declared:
                    problems.append(f"{name}: volume {source!r} is not declared under top-level volumes")
    for name in sorted(declared - used):
        problems.append(f"top-level volume {name!r} is declared but no service uses it")
    return problems


def healthcheck_problems(doc: dict[str, Any]) -> list[str]:
    problems = []
    for name in ("db", "odoo"):
        check = services(doc).get(name, {}).get("healthcheck") or {}
        test = check.get("test")
        if not test or check.get("disable") or (isinstance(test, list) and test[0] == "NONE"):
            problems.append(f"{name}: no healthcheck")
    db_test = json.dumps(services(doc).get("db", {}).get("healthcheck", {}).get("test"))
    if "pg_isready" not in db_test:
        problems.append("db: the healthcheck does not use pg_isready")
    odoo_test = json.dumps(services(doc).get("odoo", {}).get("healthcheck", {}).get("test"))
    if "http://localhost:8069/web/health" not in odoo_test:
        problems.append("odoo: the healthcheck does not ask http://localhost:8069/web/health")
    if "curl" in odoo_test or "wget" in odoo_test:
        problems.append("odoo: use the image's python3 for the healthcheck, not curl/wget")
    return problems


def depends_on_problems(doc: dict[str, Any]) -> list[str]:
    problems = []
    expected = {"odoo": "db", "sync": "odoo"}
    for name, service in services(doc).items():
        depends = service.get("depends_on") or {}
        if isinstance(depends, list):
            if depends:
                problems.append(f"{name}: depends_on is a list, so it does not wait for health")
            depends = {}
        for target, spec in depends.items():
            if (spec or {}).get("condition") != "service_healthy":
                problems.append(f"{name}: depends_on {target} without condition service_healthy")
            if not (services(doc).get(target, {}).get("healthcheck")):
                problems.append(f"{name}: waits for {target}, which has no healthcheck")
        if name in expected and expected[name] not in depends:
            problems.append(f"{name}: does not depend on {expected[name]}")
    return problems


def restart_problems(doc: dict[str, Any]) -> list[str]:
    return [
        f"{name}: restart is {service.get('restart')!r}, not 'unless-stopped'"
        for name, service in services(doc).items()
        if service.get("restart") != "unless-stopped"
    ]


def secret_problems(doc: dict[str, Any]) -> list[str]:
    """Every secret-looking setting is a required `${NAME:?message}` reference, nothing else."""
    problems = []
    for name, service in services(doc).items():
        for key, value in environment_of(service).items():
            if not SECRET_NAME.search(key):
                continue
            match = REQUIRED_REF.match(str(value))
            if not match:
                problems.append(f"{name}: {key} is not a required ${{VAR:?message}} reference")
            elif not SECRET_NAME.search(match.group("name")):
                problems.append(f"{name}: {key} comes from {match.group('name')}, not a secret variable")
    return problems


def profile_problems(doc: dict[str, Any]) -> list[str]:
    problems = []
    for name in ("db", "odoo"):
        if services(doc).get(name, {}).get("profiles"):
            problems.append(f"{name}: must start by default, without a profile")
    sync = services(doc).get("sync")
    if sync is None:
        return [*problems, "there is no sync service"]
    if sync.get("profiles") != ["sync"]:
        problems.append(f"sync: profiles is {sync.get('profiles')!r}, not ['sync']")
    return problems


CHECKS = [port_problems, volume_problems, healthcheck_problems, depends_on_problems,
          restart_problems, secret_problems, profile_problems]


# --- the schema ------------------------------------------------------------------------------


def test_vendored_schema_is_the_documented_copy():
    digest = hashlib.sha256(SCHEMA_FILE.read_bytes()).hexdigest()
    assert digest == SCHEMA_SHA256, "tests/data/compose-spec.json changed: update compose-spec.SOURCE.md"
    source_note = (SCHEMA_FILE.parent / "compose-spec.SOURCE.md").read_text(encoding="utf-8")
    assert SCHEMA_SHA256 in source_note
    assert "Apache License" in (SCHEMA_FILE.parent / "compose-spec.LICENSE").read_text(encoding="utf-8")


def test_compose_file_matches_the_compose_specification():
    assert schema_errors(load_compose()) == []


def test_compose_file_matches_the_specification_after_interpolation():
    assert schema_errors(interpolate(load_compose(), dict(SAMPLE_ENV))) == []


@pytest.mark.parametrize(
    "mutate",
    [
        lambda d: d["services"]["odoo"].__setitem__("restart_policy", "always"),  # unknown key
        lambda d: d["services"]["db"]["healthcheck"].__setitem__("interval", 10),  # not a duration
        lambda d: d["services"]["odoo"]["depends_on"]["db"].__setitem__("condition", "healthy"),
        lambda d: d.__setitem__("volumes", ["pg_data"]),  # a list, not a mapping
    ],
    ids=["unknown-key", "interval-number", "bad-condition", "volumes-list"],
)
def test_schema_rejects_a_broken_compose_file(mutate):
    doc = load_compose()
    mutate(doc)
    assert schema_errors(doc)


@pytest.mark.parametrize("missing", sorted(SAMPLE_ENV))
def test_a_missing_password_stops_compose_with_a_clear_message(missing):
    env = {key: value for key, value in SAMPLE_ENV.items() if key != missing}
    with pytest.raises(InterpolationError, match=rf"{missing}: set {missing} in docker/.env"):
        interpolate(load_compose(), env)
    with pytest.raises(InterpolationError):
        interpolate(load_compose(), {**env, missing: ""})


# --- what the project relies on ----------------------------------------------------------------


def test_images():
    svc = services(load_compose())
    assert svc["odoo"]["image"] == "odoo:19"
    assert svc["db"]["image"] in ("postgres:17", "postgres:16", "postgres:15")
    assert "build" not in svc["odoo"] and "build" not in svc["db"]


@pytest.mark.parametrize("check", CHECKS, ids=lambda check: check.__name__)
def test_compose_file_passes_check(check):
    assert check(load_compose()) == []


BREAKAGES = {
    port_problems: lambda d: d["services"]["odoo"].__setitem__("ports", ["8069:8069"]),
    volume_problems: lambda d: d["services"]["db"].__setitem__("volumes", ["pgdata:/var/lib/postgresql/data"]),
    healthcheck_problems: lambda d: d["services"]["odoo"].pop("healthcheck"),
    depends_on_problems: lambda d: d["services"]["odoo"].__setitem__("depends_on", ["db"]),
    restart_problems: lambda d: d["services"]["db"].__setitem__("restart", "always"),
    secret_problems: lambda d: d["services"]["db"]["environment"].__setitem__("POSTGRES_PASSWORD", "hunter2"),
    profile_problems: lambda d: d["services"]["sync"].pop("profiles"),
}


@pytest.mark.parametrize("check", CHECKS, ids=lambda check: check.__name__)
def test_check_finds_a_broken_compose_file(check):
    doc = copy.deepcopy(load_compose())
    BREAKAGES[check](doc)
    assert check(doc), f"{check.__name__} did not notice the breakage"


def test_port_check_reads_every_port_syntax():
    def ports(*entries):
        return {"services": {"s": {"ports": list(entries)}}}

    assert port_problems(ports("127.0.0.1:8069:8069", {"target": 80, "host_ip": "127.0.0.1"})) == []
    for bad in ("8069", "8069:8069", "0.0.0.0:8069:8069", "[::]:8069:8069", {"target": 80, "published": 80}):
        assert port_problems(ports(bad)), bad


def test_only_odoo_and_the_http_server_publish_a_port_and_only_on_loopback():
    svc = services(load_compose())
    assert svc["odoo"]["ports"] == ["127.0.0.1:${ODOO_PORT:-8069}:8069"]
    assert svc["mcp"]["ports"] == ["127.0.0.1:${MCP_HTTP_PORT:-8000}:8000"]
    assert not svc["db"].get("ports") and not svc["sync"].get("ports")


def test_http_server_serves_from_the_same_image_behind_its_profile():
    svc = services(load_compose())
    mcp, sync = svc["mcp"], svc["sync"]
    assert mcp["profiles"] == ["http"] and mcp["command"] == ["serve", "--http", "0.0.0.0:8000"]
    assert mcp["image"] == sync["image"] and mcp["build"] == sync["build"]
    assert "sync_state:/state" in mcp["volumes"], "tokens and approvals live in the state volume, outside the vault"


def test_data_lives_in_named_volumes():
    doc = load_compose()
    assert "pg_data:/var/lib/postgresql/data" in services(doc)["db"]["volumes"]
    assert "odoo_data:/var/lib/odoo" in services(doc)["odoo"]["volumes"]
    assert {"pg_data", "odoo_data"} <= set(doc["volumes"])


def test_no_plaintext_secret_anywhere_in_the_compose_text():
    text = COMPOSE_FILE.read_text(encoding="utf-8")
    for line in text.splitlines():
        code = line.split("#", 1)[0]
        match = re.search(r"(\w*(?:PASSWORD|PASSWD|SECRET|TOKEN|API_KEY)\w*)\s*[:=]\s*(\S.*)", code, re.I)
        if match:
            assert REQUIRED_REF.match(match.group(2).strip().strip("'\"")), line
    rendered = json.dumps(interpolate(load_compose(), dict(SAMPLE_ENV)))
    assert "admin_passwd" not in text and "admin_passwd" not in rendered


def test_odoo_gets_its_database_and_master_password_from_the_environment():
    odoo = services(load_compose())["odoo"]
    env = environment_of(odoo)
    assert env["HOST"] == "db" and str(env["PORT"]) == "5432"
    assert env["PASSWORD"].startswith("${POSTGRES_PASSWORD:?")
    assert env["USER"] == environment_of(services(load_compose())["db"])["POSTGRES_USER"]
    assert env["ODOO_MASTER_PASSWORD"].startswith("${ODOO_MASTER_PASSWORD:?")
    assert odoo["entrypoint"] == ["/bin/bash", "/opt/odoo-mcp/entrypoint.sh"]
    assert odoo["command"] == ["odoo"]
    assert "./odoo:/opt/odoo-mcp:ro" in odoo["volumes"]


def test_sync_service_runs_the_sync_from_our_image():
    sync = services(load_compose())["sync"]
    assert sync["command"] == ["sync", "--interval", "300"]
    assert sync["build"]["context"] == ".."
    assert (DOCKER.parent / sync["build"]["dockerfile"]) == DOCKER / "Dockerfile.sync"
    assert {"type": "bind", "source": "${VAULT_PATH:-../AI_Employee_Vault}", "target": "/vault"} in sync["volumes"]
    assert {"path": "../.env", "required": False} in sync["env_file"]
    env = environment_of(sync)
    assert env["ODOO_URL"] == "http://odoo:8069" and env["VAULT_PATH"] == "/vault"
    assert "user" not in sync, "the user id comes from the image's build args"


def test_sync_image_is_slim_non_root_and_keeps_secrets_out():
    dockerfile = (DOCKER / "Dockerfile.sync").read_text(encoding="utf-8")
    assert dockerfile.startswith("#"), "start with a comment saying why"
    instructions = [line.strip() for line in dockerfile.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    assert instructions[0] == "FROM python:3.11-slim"
    assert re.search(r"^RUN pip install /build\b", dockerfile, re.M)
    users = [line.split(None, 1)[1] for line in instructions if line.startswith("USER ")]
    assert users and users[-1] not in ("root", "0", "0:0")
    assert "ENTRYPOINT [\"odoo-mcp\"]" in dockerfile

    ignore = [line.strip() for line in (DOCKER / "Dockerfile.sync.dockerignore").read_text().splitlines()
              if line.strip() and not line.startswith("#")]
    assert ignore[0] == "*", "an allow-list: everything is excluded first"
    allowed = {line[1:].rstrip("/") for line in ignore if line.startswith("!")}
    assert {"pyproject.toml", "src"} <= allowed
    assert not any(name.startswith((".env", "AI_Employee_Vault", ".state", ".git")) for name in allowed)


def test_env_example_lists_every_setting_and_env_is_ignored():
    example = (DOCKER / ".env.example").read_text(encoding="utf-8")
    keys = {line.split("=", 1)[0] for line in example.splitlines() if re.match(r"^[A-Z_]+=", line)}
    assert {"POSTGRES_PASSWORD", "ODOO_MASTER_PASSWORD", "ODOO_PORT", "VAULT_PATH"} <= keys
    code = "\n".join(line.split("#", 1)[0] for line in COMPOSE_FILE.read_text(encoding="utf-8").splitlines())
    referenced = set(re.findall(r"\$\{([A-Z_]+)", code))
    # SYNC_UID/SYNC_GID are set by the start scripts, POSTGRES_USER is an expert override.
    assert referenced - keys <= {"SYNC_UID", "SYNC_GID", "POSTGRES_USER"}
    for line in example.splitlines():
        if line.startswith(("POSTGRES_PASSWORD=", "ODOO_MASTER_PASSWORD=")):
            assert line.split("=", 1)[1].startswith("change-me"), "the example holds placeholders only"
    assert ".env" in (DOCKER / ".gitignore").read_text(encoding="utf-8").split()
    if shutil.which("git") and (ROOT / ".git").exists():
        ignored = subprocess.run(["git", "check-ignore", "-q", "docker/.env"], cwd=ROOT)
        assert ignored.returncode == 0, "docker/.env must be git-ignored"


# --- scripts ---------------------------------------------------------------------------------

SHELL_SCRIPTS = ["start.sh", "stop.sh", "_common.sh", "odoo/entrypoint.sh"]


@pytest.mark.parametrize("name", SHELL_SCRIPTS)
def test_shell_script_syntax(name):
    path = DOCKER / name
    result = subprocess.run(["bash", "-n", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    text = path.read_text(encoding="utf-8")
    assert "\r" not in text, "CRLF line endings break bash"
    if name != "_common.sh":  # sourced by the others, which set the options
        assert "set -euo pipefail" in text
        assert text.startswith("#!")


def test_bash_syntax_check_can_fail(tmp_path):
    broken = tmp_path / "broken.sh"
    broken.write_text("#!/usr/bin/env bash\nset -euo pipefail\nif true; then echo\n")
    assert subprocess.run(["bash", "-n", str(broken)], capture_output=True).returncode != 0


@pytest.mark.parametrize("name", ["start.sh", "stop.sh"])
def test_entry_scripts_are_executable(name):
    assert (DOCKER / name).stat().st_mode & stat.S_IXUSR


@pytest.mark.parametrize("name", ["start.ps1", "stop.ps1", "_common.ps1"])
def test_powershell_scripts_mirror_the_shell_scripts(name):
    text = (DOCKER / name).read_text(encoding="utf-8")
    assert text.isascii(), "Windows PowerShell 5.1 reads a BOM-less file as ANSI: keep it ASCII"
    if name != "_common.ps1":
        assert "Set-StrictMode -Version Latest" in text and "$ErrorActionPreference = 'Stop'" in text
        assert ". (Join-Path $PSScriptRoot '_common.ps1')" in text
        assert "Assert-Docker" in text
    else:
        for needle in ("compose', 'version', '--short'", ".env.example", "POSTGRES_PASSWORD",
                       "ODOO_MASTER_PASSWORD", "[version]'2.24'"):
            assert needle in text
    if name == "start.ps1":
        assert "'up', '-d', '--wait'" in text and "Assert-EnvFile" in text
    if name == "stop.ps1":
        assert "compose --profile sync down" in text and "down -v" not in text


# --- the start/stop scripts, run against a stand-in `docker` ------------------------------------

FAKE_DOCKER = r"""#!/usr/bin/env bash
printf '%s|COMPOSE_PROFILES=%s|SYNC_UID=%s\n' "$*" "${COMPOSE_PROFILES:-}" "${SYNC_UID:-}" >> "$FAKE_DOCKER_LOG"
case "$*" in
  "compose version --short") echo "${FAKE_COMPOSE_VERSION:-2.29.1}" ;;
  "info") exit "${FAKE_INFO_STATUS:-0}" ;;
  "compose port odoo 8069") echo "127.0.0.1:18069" ;;
  "compose up"*) exit "${FAKE_UP_STATUS:-0}" ;;
esac
exit 0
"""


@pytest.fixture()
def scripted(tmp_path):
    """A copy of docker/ next to a fake project, with a stand-in `docker` first on PATH."""
    if not shutil.which("bash"):
        pytest.skip("bash is not available")
    project = tmp_path / "project"
    shutil.copytree(DOCKER, project / "docker", ignore=shutil.ignore_patterns(".env"))
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "docker"
    fake.write_text(FAKE_DOCKER)
    fake.chmod(0o755)
    log = tmp_path / "docker.log"
    log.touch()
    env = {
        "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
        "HOME": str(tmp_path),
        "FAKE_DOCKER_LOG": str(log),
    }

    def run(script: str, *args: str, **extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["bash", str(project / "docker" / script), *args],
            capture_output=True, text=True, env={**env, **extra}, timeout=60,
        )

    run.project = project  # type: ignore[attr-defined]
    run.log = log  # type: ignore[attr-defined]
    return run


def write_env(project: Path, **overrides: str) -> None:
    values = {"POSTGRES_PASSWORD": "real-pg-password", "ODOO_MASTER_PASSWORD": "real-master", "ODOO_PORT": "18069"}
    values.update(overrides)
    (project / "docker" / ".env").write_text("".join(f"{k}={v}\n" for k, v in values.items()))


def test_start_creates_env_from_example_and_stops(scripted):
    result = scripted("start.sh")
    assert result.returncode == 1
    env_file = scripted.project / "docker" / ".env"
    assert env_file.read_text() == (DOCKER / ".env.example").read_text()
    assert stat.S_IMODE(env_file.stat().st_mode) == 0o600
    assert "POSTGRES_PASSWORD" in result.stderr and "ODOO_MASTER_PASSWORD" in result.stderr
    assert "compose up" not in scripted.log.read_text()


def test_start_refuses_the_example_passwords(scripted):
    write_env(scripted.project, ODOO_MASTER_PASSWORD='"change-me-master-password"')
    result = scripted("start.sh")
    assert result.returncode == 1 and "ODOO_MASTER_PASSWORD" in result.stderr
    assert "compose up" not in scripted.log.read_text()


@pytest.mark.parametrize("version", ["2.20.3", "v2.23.0", "1.29.2"])
def test_start_refuses_an_old_compose(scripted, version):
    write_env(scripted.project)
    result = scripted("start.sh", FAKE_COMPOSE_VERSION=version)
    assert result.returncode == 1 and "too old" in result.stderr


def test_start_says_when_the_engine_is_not_running(scripted):
    write_env(scripted.project)
    result = scripted("start.sh", FAKE_INFO_STATUS="1")
    assert result.returncode == 1 and "not running" in result.stderr


def test_start_waits_for_health_and_prints_the_address(scripted):
    write_env(scripted.project)
    result = scripted("start.sh", FAKE_COMPOSE_VERSION="v2.24.0")
    assert result.returncode == 0, result.stderr
    assert "http://localhost:18069" in result.stdout
    calls = scripted.log.read_text().splitlines()
    up = [call for call in calls if call.startswith("compose up")]
    assert up and up[0].startswith("compose up -d --wait --wait-timeout 600|COMPOSE_PROFILES=|")
    if os.getuid() != 0:
        assert f"SYNC_UID={os.getuid()}" in up[0]


def test_start_reports_an_unhealthy_service(scripted):
    write_env(scripted.project)
    result = scripted("start.sh", FAKE_UP_STATUS="1")
    assert result.returncode == 1 and "healthy" in result.stderr
    assert any(call.startswith("compose ps") for call in scripted.log.read_text().splitlines())


def test_start_with_sync_needs_the_project_env_and_enables_the_profile(scripted):
    write_env(scripted.project)
    result = scripted("start.sh", "--sync")
    assert result.returncode == 1 and "project's .env" in result.stderr
    (scripted.project / ".env").write_text("ODOO_DB=odoo\n")
    result = scripted("start.sh", "--sync", "--build")
    assert result.returncode == 0, result.stderr
    up = [call for call in scripted.log.read_text().splitlines() if call.startswith("compose up")]
    assert up[-1].startswith("compose up -d --build --wait --wait-timeout 600|COMPOSE_PROFILES=sync|")


def test_start_rejects_unknown_options(scripted):
    write_env(scripted.project)
    result = scripted("start.sh", "--bogus")
    assert result.returncode == 1 and "unknown option" in result.stderr


def test_stop_brings_everything_down_and_keeps_volumes(scripted):
    assert scripted("stop.sh").returncode == 1
    write_env(scripted.project)
    result = scripted("stop.sh")
    assert result.returncode == 0, result.stderr
    calls = scripted.log.read_text().splitlines()
    assert any(call.startswith("compose --profile sync down|") for call in calls)
    assert not any(" -v" in call.split("|")[0] or "--volumes" in call for call in calls)


# --- the Odoo configuration renderer --------------------------------------------------------------

RENDERER = DOCKER / "odoo" / "render_odoo_conf.py"
TEMPLATE = DOCKER / "odoo" / "odoo.conf.template"


def load_renderer():
    import importlib.util

    spec = importlib.util.spec_from_file_location("render_odoo_conf", RENDERER)
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


def run_renderer(tmp_path: Path, env: dict[str, str]) -> tuple[subprocess.CompletedProcess[str], Path]:
    output = tmp_path / "odoo.conf"
    result = subprocess.run(
        [sys.executable, str(RENDERER), "--template", str(TEMPLATE), "--output", str(output)],
        capture_output=True, text=True, env={"PATH": os.environ.get("PATH", ""), **env}, timeout=60,
    )
    return result, output


def test_template_has_no_secret_and_sets_the_single_company_options():
    text = TEMPLATE.read_text(encoding="utf-8")
    assert text.startswith(";"), "start with a comment saying why"
    options = {}
    for line in text.splitlines():
        if "=" in line and not line.lstrip().startswith((";", "#")):
            key, value = (part.strip() for part in line.split("=", 1))
            options[key] = value
    assert options["admin_passwd"] == "${ODOO_ADMIN_PASSWD}"
    assert options["dbfilter"] == "${ODOO_DBFILTER}"
    assert options["list_db"] == "${ODOO_LIST_DB}"
    assert options["proxy_mode"] == "${ODOO_PROXY_MODE}"
    assert not any(key.startswith("db_password") for key in options)


def test_master_password_hash_matches_passlib_format():
    render = load_renderer()
    # Known answer computed with passlib.hash.pbkdf2_sha512.using(salt=bytes(range(16)), rounds=1000).
    expected = ("$pbkdf2-sha512$1000$AAECAwQFBgcICQoLDA0ODw$Xpx07WjVx4vCIvrmBRj8uOoVVtGqJqtUv2J5bhizSQs7"
                "osCteF7W4A61dZDqSIqQjO.dxO6p5FT/Uy7QRBXSXA")
    assert render.pbkdf2_sha512_hash("correct horse", salt=bytes(range(16)), rounds=1000) == expected


def test_renderer_writes_a_private_config_without_the_plaintext_password(tmp_path):
    password = "Master pass %with$ symbols"
    result, output = run_renderer(tmp_path, {
        "ODOO_MASTER_PASSWORD": password, "ODOO_DB_NAME": "acme.books",
        "ODOO_LIST_DB": "false", "ODOO_PROXY_MODE": "True",
    })
    assert result.returncode == 0, result.stderr
    text = output.read_text()
    assert password not in text and password not in result.stderr
    assert stat.S_IMODE(output.stat().st_mode) == 0o600
    import configparser

    parser = configparser.RawConfigParser()
    parser.read_string(text)
    options = parser["options"]
    stored = options["admin_passwd"]
    assert stored.startswith("$pbkdf2-sha512$600000$")
    _, _, rounds, salt, _checksum = stored.split("$")
    render = load_renderer()
    salt_bytes = __import__("base64").b64decode(salt.replace(".", "+") + "=" * (-len(salt) % 4))
    assert render.pbkdf2_sha512_hash(password, salt=salt_bytes, rounds=int(rounds)) == stored
    assert options["dbfilter"] == r"^acme\.books$"
    assert re.match(options["dbfilter"], "acme.books") and not re.match(options["dbfilter"], "acmeXbooks")
    assert options["list_db"] == "False" and options["proxy_mode"] == "True"
    assert options["data_dir"] == "/var/lib/odoo"


@pytest.mark.parametrize(
    "env, message",
    [
        ({"ODOO_DB_NAME": "odoo", "ODOO_LIST_DB": "True", "ODOO_PROXY_MODE": "False"}, "ODOO_MASTER_PASSWORD"),
        ({"ODOO_MASTER_PASSWORD": "x" * 16, "ODOO_DB_NAME": "my books", "ODOO_LIST_DB": "True",
          "ODOO_PROXY_MODE": "False"}, "ODOO_DB_NAME"),
        ({"ODOO_MASTER_PASSWORD": "x" * 16, "ODOO_DB_NAME": "odoo", "ODOO_LIST_DB": "maybe",
          "ODOO_PROXY_MODE": "False"}, "ODOO_LIST_DB"),
        ({"ODOO_MASTER_PASSWORD": "x" * 16, "ODOO_DB_NAME": "odoo", "ODOO_LIST_DB": "True"}, "ODOO_PROXY_MODE"),
        ({"ODOO_MASTER_PASSWORD": "two\nlines", "ODOO_DB_NAME": "odoo", "ODOO_LIST_DB": "True",
          "ODOO_PROXY_MODE": "False"}, None),
    ],
    ids=["no-master-password", "bad-db-name", "bad-bool", "unset-variable", "multiline"],
)
def test_renderer_refuses_bad_settings(tmp_path, env, message):
    result, output = run_renderer(tmp_path, env)
    if message is None:
        # A newline in the password is harmless once hashed: it must still render.
        assert result.returncode == 0, result.stderr
        assert "two\nlines" not in output.read_text()
        return
    assert result.returncode == 2
    assert message in result.stderr
    assert not output.exists()


def test_compose_passes_every_variable_the_template_needs():
    placeholders = set(re.findall(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}",
                                  "\n".join(line for line in TEMPLATE.read_text().splitlines()
                                            if not line.lstrip().startswith(";"))))
    derived = {"ODOO_ADMIN_PASSWD", "ODOO_DBFILTER"}
    given = set(environment_of(services(load_compose())["odoo"]))
    assert placeholders - derived <= given
    assert {"ODOO_MASTER_PASSWORD", "ODOO_DB_NAME"} <= given
