"""Server-rendered pages (Jinja2, autoescaped) over the same queries and actions as the API."""
