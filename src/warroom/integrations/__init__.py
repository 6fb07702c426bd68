"""Integrations with outside systems; consumers of the domain, never imported by it."""
