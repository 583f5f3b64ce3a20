"""Accounting in business terms: models, periods, money and the read service; no MCP, no files."""
