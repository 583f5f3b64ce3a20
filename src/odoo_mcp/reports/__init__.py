"""The vault's generated reports: the monthly accounting files, Needs_Action events and the
Monday briefing. Plain Python over `AccountingService` and the vault; no MCP, no CLI.

One job per module:
- `models`      the figures a report holds (snapshots, rows), as pydantic models;
- `markdown`    tables, money formatting and the owned-region convention (front matter: `vault.front_matter`);
- `snapshot`    gathers a month's figures and the open items from `AccountingService`;
- `month_file`  renders `Accounting/YYYY-MM.md` (view + data line), reads it back by its data, marks it stale;
- `data_block`  the one inert line of JSON a generated file carries its data in;
- `events`      detects events, dedupes them by a stable key, writes `Needs_Action/` files;
- `goals`       reads targets and thresholds from `Business_Goals.md`;
- `vault_items` reads completed (`Done/`) and waiting (`Pending_Approval/`) approval files;
- `briefing_data` the briefing's facts, live from Odoo or from the last synced month files;
- `insights`    the judgements: target pace, recurring vendor costs that rose;
- `briefing`    renders `Briefings/YYYY-MM-DD_Monday_Briefing.md`;
- `briefing_job` picks live or offline facts and writes the briefing (CLI, tool and prompt share it).

The sync itself (gathering, writing, repairing, the loop) is the package `odoo_mcp.sync`.
"""
