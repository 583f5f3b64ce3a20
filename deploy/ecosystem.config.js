// PM2 processes for odoo-mcp: the accounting sync, and the Monday briefing on a schedule.
//
//   npm install -g pm2
//   pm2 start deploy/ecosystem.config.js     (from the odoo-mcp checkout, where .env lives)
//   pm2 logs odoo-mcp-sync                    one summary line per run
//   pm2 save && pm2 startup                   start again after a reboot
//
// Settings come from the .env in the checkout (ODOO_URL, ODOO_DB, ODOO_API_KEY, VAULT_PATH ...).
// On Windows, use ".venv\\Scripts\\odoo-mcp.exe" as the script. See docs/sync.md.
const path = require("path");

const root = path.resolve(__dirname, "..");
const odooMcp = path.join(root, ".venv", "bin", "odoo-mcp");

module.exports = {
  apps: [
    {
      name: "odoo-mcp-sync",
      script: odooMcp,
      args: ["sync", "--interval", "300"],
      interpreter: "none",
      cwd: root,
      env: { PYTHONUNBUFFERED: "1" },
      // PM2 stops with SIGINT: the sync ends its current run cleanly and exits 0.
      kill_timeout: 30000,
      autorestart: true,
      // A wrong setting exits at once: wait between restarts, give up after 10.
      restart_delay: 30000,
      max_restarts: 10,
      min_uptime: 10000,
      time: true,
    },
    {
      name: "odoo-mcp-briefing",
      script: odooMcp,
      args: ["briefing"],
      interpreter: "none",
      cwd: root,
      env: { PYTHONUNBUFFERED: "1" },
      // Runs once when started, then every Monday at 07:00; it exits when the file is written.
      cron_restart: "0 7 * * 1",
      autorestart: false,
      time: true,
    },
  ],
};
