#!/usr/bin/env bash
# Start Odoo 19 + PostgreSQL (and, with --sync, the accounting sync) and wait until healthy.
# Why a script: it checks Docker, Compose v2 and docker/.env first, so a new owner gets a
# clear next step instead of a Compose error, and it prints the address to open.
set -euo pipefail

usage() {
    cat <<'USAGE'
Usage: docker/start.sh [--sync] [--build]
  --sync    also run the accounting sync (odoo-mcp sync every 5 minutes); needs the project's .env
  --build   rebuild the sync image (after updating odoo-mcp)
USAGE
}

cd "$(dirname "${BASH_SOURCE[0]}")"
# shellcheck source=_common.sh
source ./_common.sh

with_sync=false
build=false
for arg in "$@"; do
    case "$arg" in
        --sync) with_sync=true ;;
        --build) build=true ;;
        -h | --help) usage; exit 0 ;;
        *) usage >&2; die "unknown option: $arg" ;;
    esac
done

require_docker
require_env_file

# COMPOSE_PROFILES=sync in docker/.env turns the sync on as well (Compose reads it itself).
if [[ "$(env_value COMPOSE_PROFILES)" == *sync* ]]; then
    with_sync=true
fi
if $with_sync; then
    export COMPOSE_PROFILES=sync
    [ -f ../.env ] || die "the sync needs the project's .env (ODOO_DB, ODOO_API_KEY ...) next to docker/: create it first"
fi

# The sync container writes into the vault as the owner: give it the owner's user id.
if [ "$(id -u)" != "0" ]; then
    export SYNC_UID="${SYNC_UID:-$(id -u)}" SYNC_GID="${SYNC_GID:-$(id -g)}"
fi

echo "Starting Odoo (the first start downloads about 1 GB of images and can take a few minutes)..."
up_status=0
if $build; then
    docker compose up -d --build --wait --wait-timeout 600 || up_status=$?
else
    docker compose up -d --wait --wait-timeout 600 || up_status=$?
fi
if [ "$up_status" -ne 0 ]; then
    docker compose ps >&2 || true
    die "not every service became healthy: see 'docker compose -f docker/compose.yaml logs odoo db'"
fi

address="$(docker compose port odoo 8069 2>/dev/null || true)"
port="${address##*:}"
[ -n "$port" ] || port="$(env_value ODOO_PORT)"
url="http://localhost:${port:-8069}"
db_name="$(env_value ODOO_DB_NAME)"

cat <<DONE

Odoo is running: $url
First time? Open it, and create the database named '${db_name:-odoo}' with the master password
from docker/.env (then set ODOO_LIST_DB=False in docker/.env and run this script again).
Stop it with docker/stop.sh; your data stays in Docker volumes.
DONE
