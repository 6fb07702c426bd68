"""Related incidents in the CLI: after `incident declare`, and `incident related ID`."""

from __future__ import annotations

from warroom.cli.options import JSON, gettext
from warroom.cli.runtime import console, emit_json, runtime


def print_related(incident_id: str) -> None:
    """A short list under a declaration; nothing when nothing is related."""
    from warroom.analytics.related import reason_text, related_incidents

    rt = runtime()
    with rt.read() as session:
        found = related_incidents(session, incident_id)
    if not found:
        return
    _ = gettext()
    out = console()
    out.print(_("Related incidents:"))
    for r in found:
        out.print(f"  {r.incident_id} {r.severity} {r.title} ({reason_text(r.reasons, _)})")


def related(incident_id: str, as_json: JSON = False) -> None:
    """Incidents that share services, a similar title or the deploy, with the reasons."""
    from warroom.analytics.related import reason_text, related_incidents
    from warroom.core.ids import normalize_incident_id

    rt = runtime()
    with rt.read() as session:
        found = related_incidents(session, normalize_incident_id(incident_id))
    _ = gettext()
    if as_json:
        emit_json(
            [
                {
                    "incident_id": r.incident_id,
                    "title": r.title,
                    "severity": r.severity,
                    "state": r.state,
                    "score": r.score,
                    "reasons": [{"code": x.code, "value": x.value} for x in r.reasons],
                    "why": reason_text(r.reasons, _),
                }
                for r in found
            ]
        )
        return
    if not found:
        console().print(_("No related incidents."))
        return
    print_related(normalize_incident_id(incident_id))
