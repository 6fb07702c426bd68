"""The lean path: the commands people run mid-incident, against a server, on the stdlib.

`warroom incident list|show --json|ack`, `timeline add` and `oncall who` are answered
here, before Typer, pydantic, SQLAlchemy or Rich load, when a server context is active
(docs/benchmarks.md, "CLI start, remote mode"). They print exactly what the full
commands print, through the same `plain` renderers and the same `RemoteBackend`. Any
argument this parser does not know (`--help`, a typo, a rarely used option) returns
None and the full Typer command takes over, with its help and its error messages.
"""

from __future__ import annotations

import json
import sys

from warroom.errors import WarroomError

# `typing` stays unimported at run time: the lean CLI path counts its start-up
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from warroom.cli.contexts import Remote

    Opts = dict[str, Any]

# command -> (positional arguments, options taking a value, repeatable ones, flags)
SPECS: dict[tuple[str, str], tuple[int, dict[str, str], frozenset[str], dict[str, str]]] = {
    ("incident", "list"): (
        0,
        {
            "--state": "state",
            "--severity": "severity",
            "-S": "severity",
            "--service": "service",
            "--limit": "limit",
            "--offset": "offset",
            "--tz": "tz",
        },
        frozenset({"state", "severity"}),
        {"--active": "active", "--json": "json"},
    ),
    ("incident", "show"): (1, {"--tz": "tz"}, frozenset(), {"--json": "json"}),
    ("incident", "ack"): (1, {"--note": "note", "-n": "note"}, frozenset(), {}),
    ("timeline", "add"): (
        3,
        {"--at": "at", "--corrects": "corrects"},
        frozenset(),
        {"--key": "key", "--no-key": "no_key"},
    ),
    ("oncall", "who"): (1, {"--at": "at", "--tz": "tz"}, frozenset(), {"--json": "json"}),
}


def parse(
    args: list[str], spec: tuple[int, dict[str, str], frozenset[str], dict[str, str]]
) -> tuple[list[str], Opts] | None:
    """Positionals and options, or None when anything is not plainly understood."""
    count, valued, repeated, flags = spec
    positional: list[str] = []
    opts: Opts = {}
    rest = list(args)
    while rest:
        arg = rest.pop(0)
        if arg == "--":
            positional += rest
            break
        name, eq, inline = arg.partition("=")
        if name in valued:
            if not eq:
                if not rest:
                    return None
                inline = rest.pop(0)
            key = valued[name]
            if key in repeated:
                opts.setdefault(key, []).append(inline)
            elif key in opts:
                return None
            else:
                opts[key] = inline
        elif arg in flags:
            opts[flags[arg]] = True
        elif arg.startswith("-") and arg != "-":
            return None
        else:
            positional.append(arg)
    return (positional, opts) if len(positional) == count else None


def fail(error: WarroomError) -> int:
    print(f"error: {error.message}", file=sys.stderr)  # noqa: T201 - the CLI's own output
    if error.hint:
        print(f"hint: {error.hint}", file=sys.stderr)  # noqa: T201
    return error.exit_code


def emit(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2, default=str))  # noqa: T201


def run(server: Remote, args: list[str]) -> int | None:
    """Exit code of the command, or None to leave it to the full CLI."""
    spec = SPECS.get((args[0], args[1])) if len(args) > 1 else None
    parsed = parse(args[2:], spec) if spec else None
    if parsed is None:
        return None
    positional, opts = parsed
    if args[1] == "show" and not opts.get("json"):
        return None  # the detail panel is Rich's: the full command draws it
    for number in ("limit", "offset", "corrects"):
        if number in opts and not opts[number].isdigit():
            return None  # Typer says what is wrong with it
    try:
        _answer(server, args[0], args[1], positional, opts)
    except WarroomError as error:
        return fail(error)
    except BrokenPipeError:
        return 0
    return 0


def _answer(server: Remote, group: str, command: str, positional: list[str], opts: Opts) -> None:
    from warroom.cli import plain, prefs
    from warroom.cli.remote_backend import RemoteBackend
    from warroom.core.timefmt import zone
    from warroom.i18n import translator

    source = RemoteBackend(server)
    _ = translator(prefs.language()).gettext
    tz = zone(opts.get("tz") or prefs.setting("timezone"))
    if (group, command) == ("incident", "list"):
        page = source.incidents(list_filters(opts))
        emit(page) if opts.get("json") else print(plain.incident_list(page, tz, _))  # noqa: T201
    elif (group, command) == ("incident", "show"):
        emit(source.incident(positional[0]))
    elif (group, command) == ("incident", "ack"):
        moved = source.transition(positional[0], "acknowledged", opts.get("note", ""), None)
        detail = source.incident(moved["id"])
        print(plain.incident_report(detail, "acknowledged", tz, _))  # noqa: T201
    elif group == "timeline":
        _add_entry(source, positional, opts, _)
    else:
        _who(source, positional[0], opts, _)


def list_filters(opts: Opts) -> Opts:
    return {
        "states": opts.get("state", []),
        "severities": opts.get("severity", []),
        "service": opts.get("service"),
        "active": opts.get("active", False),
        "limit": int(opts.get("limit", 50)),
        "offset": int(opts.get("offset", 0)),
    }


def run_local(args: list[str]) -> int | None:
    """`incident list` on the local SQLite database (`lean_local`), or None."""
    if args[:2] != ["incident", "list"]:
        return None
    parsed = parse(args[2:], SPECS[("incident", "list")])
    if parsed is None:
        return None
    opts = parsed[1]
    if "service" in opts or not all(opts.get(n, "0").isdigit() for n in ("limit", "offset")):
        return None
    try:
        from warroom.cli import lean_local, plain, prefs
        from warroom.core.timefmt import zone
        from warroom.i18n import translator

        page = lean_local.incidents(list_filters(opts))
        if page is None:
            return None
        if opts.get("json"):
            emit(page)
            return 0
        tz = zone(opts.get("tz") or prefs.setting("timezone"))
        print(plain.incident_list(page, tz, translator(prefs.language()).gettext))  # noqa: T201
    except WarroomError as error:
        return fail(error)
    except BrokenPipeError:
        return 0
    return 0


def _add_entry(source: Any, positional: list[str], opts: Opts, _: Any) -> None:
    from warroom.cli import plain
    from warroom.core.ids import normalize_incident_id

    incident_id, kind, text = positional
    incident_id = normalize_incident_id(incident_id)
    if "corrects" in opts:
        entry = {"body": text, "occurred_at": opts.get("at")}
        event = source.correct_entry(incident_id, int(opts["corrects"]), entry)
    else:
        key = True if opts.get("key") else False if opts.get("no_key") else None
        entry = {"kind": kind, "body": text, "occurred_at": opts.get("at"), "key": key}
        event = source.add_entry(incident_id, entry)
    print(plain.entry_added(event, incident_id, _))  # noqa: T201


def _who(source: Any, schedule: str, opts: Opts, _: Any) -> None:
    from datetime import UTC, datetime

    from warroom.cli import plain
    from warroom.core.timefmt import zone
    from warroom.core.when import parse_when

    tz = zone(opts.get("tz") or source.schedule_zone(schedule))
    now = datetime.now(UTC)
    instant = parse_when(opts.get("at"), tz=tz, now=now) or now
    found = source.who(schedule, instant)
    if opts.get("json"):
        emit(found)
    else:
        print(plain.on_call(schedule, instant, tz, found, _))  # noqa: T201
