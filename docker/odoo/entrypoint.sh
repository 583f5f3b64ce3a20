#!/bin/bash
# Entrypoint wrapper for the odoo service (compose.yaml mounts this folder at /opt/odoo-mcp).
# Why: the official odoo image reads /etc/odoo/odoo.conf, and the master password must come from
# the environment, never from a committed file. So: render the config, drop the plaintext
# password from the environment, then hand over to the image's own /entrypoint.sh unchanged.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
python3 "$here/render_odoo_conf.py" \
    --template "$here/odoo.conf.template" \
    --output "${ODOO_RC:-/etc/odoo/odoo.conf}"
unset ODOO_MASTER_PASSWORD

if [ "$#" -eq 0 ]; then
    set -- odoo
fi
exec /entrypoint.sh "$@"
