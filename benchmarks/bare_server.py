"""The baseline for cold start and memory: a bare `mcp` server with one trivial tool.

Started exactly like odoo-mcp (`python <this file>`, stdio), so the difference between the two
is what odoo-mcp adds on top of the SDK.
"""

from mcp.server.mcpserver import MCPServer

mcp = MCPServer("bare")


@mcp.tool()
async def echo(text: str) -> str:
    """Return the text unchanged."""
    return text


if __name__ == "__main__":
    mcp.run()
