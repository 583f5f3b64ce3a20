#!/usr/bin/env bash
# Stop Odoo, PostgreSQL and the sync. Why a script: same checks as start.sh, and it includes
# the optional sync service. Data is kept: the named volumes are never removed here.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"
# shellcheck source=_common.sh
source ./_common.sh

require_docker
[ -f .env ] || die "docker/.env is missing: nothing was started from this folder"

# --profile sync so that a running sync container is stopped too; no -v: volumes stay.
docker compose --profile sync down
echo "Stopped. Your database and files are kept in Docker volumes; start again with docker/start.sh."
