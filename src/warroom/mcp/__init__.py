"""MCP: warroom's tools, prompts and resources for AI assistants (docs/mcp.md)."""
