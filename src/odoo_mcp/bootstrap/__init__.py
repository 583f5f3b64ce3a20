"""`odoo-mcp setup`: take a fresh Odoo 19 server to one odoo-mcp can use, and be safe to run again.

`odoo-mcp setup` walks these steps, each reporting `ok` (already right, left alone), `done`
(changed) or `skipped` (with the reason), and stops at the first `FAIL`:

1. `odoo`: `GET /web/version` (reachable, and which API it speaks).
2. `database`: Odoo's `db` service. An existing database is reused, never recreated; a missing
   one is created (master password, no demo data, admin login and password, language, country).
3. `login`: the admin login works on that database (JSON-RPC: there is no API key yet).
4. `accounting`: `ir.module.module.button_immediate_install` for `account`, unless installed.
5. `company` and `currency`: `res.company.write`, only for what differs. The currency is set
   AFTER the app: installing Accounting loads the chart of accounts, which resets the company
   currency to the fiscal country's.
6. `api key`: Odoo 19 refuses to create an API key over its external APIs (see
   `odoo.web_session`), so setup does what the browser does on My Preferences > Security >
   Add API Key: a web session with the admin password, the identity check with that same
   password, the key read once, the session destroyed. If that fails (two-factor login, a
   changed web client), it prints the steps to do it by hand and configures JSON-RPC with the
   password meanwhile.
7. `.env`: written atomically with mode 600, never over an existing file without `force`;
   with `force` only the lines setup owns change and every other line is kept.

Secrets (master password, admin password, the new key) are never printed. The master password
is asked for only when a database has to be created.

Modules: `options` (what was asked, validated), `steps` (steps 1-5 and `run_setup`),
`credentials` (steps 6-7), `env_file` (reading and merging `.env`), `console` (the step lines).
Odoo is reached only through `odoo_mcp.odoo`: `OdooClient` for models, `OdooServices` for the
database manager, `WebSession` for the API key.
"""
