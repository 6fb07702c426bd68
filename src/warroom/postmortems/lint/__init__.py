"""`warroom lint`: completeness and blameless-language checks for Markdown postmortems.

Pure code (no database, no transport): `runner.lint_paths` and `runner.lint_text` are
the entry points; `findings.RULES` is the catalogue of rule ids.
"""
