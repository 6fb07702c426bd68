"""Pure log and metrics analysis: read, split headers, mine patterns, summarise.

No database and no transport: every function here takes data and returns data, so the
CLI, the web app and scripts can use the same code as a library.
"""
