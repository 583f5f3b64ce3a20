"""odoo-mcp: Odoo 19 accounting for an AI assistant, with every write approved by a person."""

__version__ = "0.1.0"
