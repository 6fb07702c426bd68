"""warroom: incident response and blameless postmortems, self-hosted."""

__version__ = "0.1.0"
