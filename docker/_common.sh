# shellcheck shell=bash
# Shared by start.sh and stop.sh (sourced, not run): checks that Docker and Compose v2 are
# there and that docker/.env holds real passwords, so a failure says what to do next.
# Needs: set -euo pipefail in the caller, and the current directory = docker/.

MIN_COMPOSE_MAJOR=2
MIN_COMPOSE_MINOR=24

die() {
    printf 'error: %s\n' "$*" >&2
    exit 1
}

require_docker() {
    command -v docker >/dev/null 2>&1 \
        || die "docker is not installed: get Docker Desktop (macOS) or Docker Engine (Linux) from https://docs.docker.com/get-docker/"
    local version
    version="$(docker compose version --short 2>/dev/null)" \
        || die "'docker compose' (Compose v2) is missing: install the Docker Compose plugin (docker-compose v1 is not supported)"
    version="${version#v}"
    local major="${version%%.*}" rest="${version#*.}"
    local minor="${rest%%.*}"
    if ! [[ "$major" =~ ^[0-9]+$ && "$minor" =~ ^[0-9]+$ ]]; then
        die "could not read the Docker Compose version from '$version'"
    fi
    if (( major < MIN_COMPOSE_MAJOR || (major == MIN_COMPOSE_MAJOR && minor < MIN_COMPOSE_MINOR) )); then
        die "Docker Compose $version is too old: $MIN_COMPOSE_MAJOR.$MIN_COMPOSE_MINOR or newer is needed (update Docker)"
    fi
    docker info >/dev/null 2>&1 \
        || die "the Docker engine is not running (or you may not use it): start Docker Desktop, or 'sudo systemctl start docker'"
}

# env_value NAME: the last NAME=... line of .env, without surrounding quotes.
env_value() {
    local line value=""
    while IFS= read -r line || [ -n "$line" ]; do
        line="${line%$'\r'}"
        case "$line" in
            "$1="*) value="${line#*=}" ;;
        esac
    done < .env
    value="${value%\"}"; value="${value#\"}"
    value="${value%\'}"; value="${value#\'}"
    printf '%s' "$value"
}

require_env_file() {
    if [ ! -f .env ]; then
        cp .env.example .env
        chmod 600 .env
        die "created docker/.env from .env.example: open it, set POSTGRES_PASSWORD and ODOO_MASTER_PASSWORD to long random values, then run this again"
    fi
    local name value
    for name in POSTGRES_PASSWORD ODOO_MASTER_PASSWORD; do
        value="$(env_value "$name")"
        case "$value" in
            "" | change-me*) die "$name in docker/.env is empty or still the example value: set a real password" ;;
        esac
    done
}
