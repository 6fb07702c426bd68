"""`warroom` entry point: a tiny dispatcher that imports only the command group used.

Start-up time matters (an engineer at 3 a.m. types `warroom incident show` a lot), so
the root help is printed without importing Typer, SQLAlchemy or pydantic; each group
is a Typer app loaded on demand (see docs/benchmarks.md, "CLI start").
"""

from __future__ import annotations

import os
import sys
from importlib import import_module


def N_(message: str) -> str:  # noqa: N802 - gettext marker, kept local so start-up imports nothing
    return message


# name -> (module:attribute of a Typer app, one-line help marked for translation)
GROUPS: dict[str, tuple[str, str]] = {
    "init": (
        "warroom.cli.setup:init_app",
        N_("Create or upgrade the database and print where it is."),
    ),
    "db": ("warroom.cli.setup:db_app", N_("Database migrations (upgrade, current).")),
    "incident": ("warroom.cli.incident:app", N_("Declare and run incidents.")),
    "timeline": ("warroom.cli.timeline:app", N_("Add to and read an incident's timeline.")),
    "severity": ("warroom.cli.severity:app", N_("Severity levels, targets and the impact matrix.")),
    "evidence": (
        "warroom.cli.evidence:app",
        N_("Preserve logs, metrics and config for an incident."),
    ),
    "logs": ("warroom.cli.logs:app", N_("Mine error logs into top patterns around a deploy.")),
    "metrics": ("warroom.cli.metrics:app", N_("Compare metrics before, during and after.")),
    "lint": ("warroom.cli.lint:app", N_("Check postmortems for blameful language and gaps.")),
    "people": ("warroom.cli.people:app", N_("People who respond to incidents.")),
    "services": ("warroom.cli.people:services_app", N_("Services incidents can affect.")),
    "oncall": (
        "warroom.cli.oncall:app",
        N_("On-call schedules: who is on call, rotations, overrides, hand-over, iCal."),
    ),
    "action": ("warroom.cli.action:app", N_("Raise action items and follow them up.")),
    "board": ("warroom.cli.board:app", N_("Show the kanban board of incidents and follow-ups.")),
    "postmortem": (
        "warroom.cli.postmortem:app",
        N_("Draft, review, publish and export postmortems."),
    ),
    "demo": ("warroom.cli.demo:app", N_("Load the demo incidents from the seed documents.")),
    "serve": ("warroom.cli.serve:app", N_("Serve the web UI and the REST API.")),
    "integration": ("warroom.cli.integration:app", N_("Alert sources and their tokens.")),
    "alerts": ("warroom.cli.alerts:app", N_("Alert groups and the incidents they fed.")),
    "worker": ("warroom.cli.worker:app", N_("Run background jobs.")),
    "escalation": (
        "warroom.cli.escalation:app",
        N_("Escalation policies: who is paged when (003 §7.1)."),
    ),
    "notify": (
        "warroom.cli.notify:app",
        N_("Contact methods, channels, external contacts and the delivery log."),
    ),
    "runbook": (
        "warroom.cli.runbook:app",
        N_("Runbooks: the library, lint and sync, attach to incidents, check steps off."),
    ),
    "drill": (
        "warroom.cli.drill:app",
        N_("Drills: plan, start through the real incident path, finish, report (003 §8)."),
    ),
    "user": ("warroom.cli.user:app", N_("Local web accounts: add, list, change passwords.")),
    "token": ("warroom.cli.token:app", N_("API tokens: create (shown once), list, revoke.")),
    "stats": (
        "warroom.cli.stats:app",
        N_("MTTx figures and SLA shares by severity, service or month."),
    ),
    "checklist": (
        "warroom.cli.checklist:app",
        N_("Checklists learned from postmortems (deploy)."),
    ),
    "export": (
        "warroom.cli.export:app",
        N_("Export incidents for BI tools (CSV or JSON Lines)."),
    ),
    "search": (
        "warroom.cli.search:app",
        N_("Search incidents, timelines, postmortems and action items."),
    ),
    "mcp": (
        "warroom.cli.mcp:app",
        N_("Serve warroom's tools to an AI assistant over MCP (stdio)."),
    ),
    "login": ("warroom.cli.login:app", N_("Log in to a team's warroom server with an API token.")),
    "completion": (
        "warroom.cli.completion:app",
        N_("Print a shell completion script (bash, zsh or fish)."),
    ),
    "context": (
        "warroom.cli.login:context_app",
        N_("Use the local database or a server you logged in to (use, list, remove)."),
    ),
}

# Groups that always run on this machine: they set up, serve or administer the database
# the server itself uses, or they choose the server. Every other group follows the
# current context (docs/cli-remote.md).
ON_THIS_MACHINE = frozenset(
    {
        "init",
        "db",
        "demo",
        "serve",
        "worker",
        "user",
        "token",
        "mcp",
        "login",
        "context",
        "completion",
    }
)


def _language() -> str:
    lang = os.environ.get("WARROOM_LANGUAGE", "")
    return "ko" if lang.startswith("ko") else "en"


def root_help() -> str:
    from warroom.i18n import translator

    _ = translator(_language()).gettext
    width = max(len(name) for name in GROUPS) + 2
    lines = [
        _("Usage: warroom COMMAND [ARGS]..."),
        "",
        _("warroom: incident response and blameless postmortems, self-hosted."),
        "",
        _("Commands:"),
    ]
    lines += [f"  {name.ljust(width)}{_(text)}" for name, (_target, text) in GROUPS.items()]
    lines += ["", _("Run `warroom COMMAND --help` for a command's options.")]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if "warroom.cli.contexts" in sys.modules:  # a second call in one process (tests)
        sys.modules["warroom.cli.contexts"].dispatched_to.clear()
    if not args or args[0] in ("-h", "--help", "help"):
        print(root_help())  # noqa: T201 - the CLI's own output
        return 0
    if args[0] in ("--version", "-V"):
        from warroom import __version__

        print(f"warroom {__version__}")  # noqa: T201
        return 0
    target = GROUPS.get(args[0])
    if target is None:
        print(f"error: unknown command '{args[0]}'", file=sys.stderr)  # noqa: T201
        print("hint: run `warroom --help` to list commands", file=sys.stderr)  # noqa: T201
        return 2
    if args[0] not in ON_THIS_MACHINE:
        done = _lean(args)
        if done is not None:
            return done
    module_name, attribute = target[0].split(":")
    app = getattr(import_module(module_name), attribute)
    from warroom.cli.runtime import invoke

    return invoke(app, args[1:], prog_name=f"warroom {args[0]}")


def _lean(args: list[str]) -> int | None:
    """Answer from the lean path (`warroom.cli.lean`) when it knows the command.

    None means "go on with the full command". With a server context the runtime is
    then told which server is current, so commands not ported to the API refuse
    instead of reading local data.
    """
    from warroom.cli import contexts, lean
    from warroom.errors import WarroomError

    try:
        server = contexts.active()
    except WarroomError as error:
        return lean.fail(error)
    skip = os.environ.get("WARROOM_LEAN") == "0"
    if server is None:
        installed = sys.modules.get("warroom.cli.runtime")
        if skip or (installed and installed._runtime):
            return None
        return lean.run_local(args)
    done = None if skip else lean.run(server, args)
    if done is None:
        contexts.dispatched_to.append(server.name)
    return done
