"""Learning from incidents: MTTx figures, SLA shares and full-text search (docs/analytics.md).

Reads incidents, their timelines, postmortems and action items; writes nothing but the
search index, which the database's own triggers keep in step with every write.
"""
