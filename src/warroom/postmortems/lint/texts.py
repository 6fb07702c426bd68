"""The linter's messages and hints, in the document's language (gettext catalogs).

English msgids live here; the Korean text is in the `ko` catalog. A Korean document
gets Korean messages and hints whatever language the offending phrase is in.
"""

from __future__ import annotations

from warroom.i18n import N_, translator
from warroom.postmortems.lint.hits import Hit

MESSAGES = {
    "PM030": N_("'{quote}' makes a person the cause or the failing subject"),
    "PM031": N_("'{quote}' blames human error"),
    "PM032": N_("'{quote}' is a hindsight counterfactual about people"),
    "PM033": N_("'{quote}' judges a person"),
    "PM034": N_("'{quote}' asks people to try harder instead of changing the system"),
    "PM035": N_("action item '{quote}' has a vague verb and no verifiable detail"),
}
# Collective or vague self-criticism: the same rules, graded as warnings.
COLLECTIVE_MESSAGES = {
    "PM030": N_("'{quote}' is collective self-criticism without the system cause"),
    "PM032": N_("'{quote}' is hindsight about the team"),
    "PM034": N_("'{quote}' asks the team to try harder"),
}
HINTS = {
    "PM030": N_(
        "Make the system the subject: say what allowed the change or gap (e.g. 'the deploy "
        "pipeline let an unreviewed config change reach production'), not who did it."
    ),
    "PM031": N_(
        "Name the missing safeguard instead of 'human error' (e.g. 'the CLI ran the "
        "migration against production without a confirmation step')."
    ),
    "PM032": N_(
        "Drop the hindsight: state what people knew at the time and turn the gap into a "
        "system fix (e.g. 'no alert existed for pool saturation')."
    ),
    "PM033": N_(
        "Remove the judgement; describe the conditions (time pressure, missing guard, "
        "unclear runbook) that made the action look reasonable at the time."
    ),
    "PM034": N_(
        "Replace the appeal to attention with a mechanism: a check, guard rail, automation "
        "or runbook step that works when people are tired."
    ),
    "PM035": N_(
        "Make the action verifiable: the concrete change and a done criterion (e.g. "
        "'Alert when pool usage stays over 80%, 5 min' instead of 'Improve monitoring')."
    ),
}
COLLECTIVE_HINTS = {
    "PM030": N_(
        "Say what let it through instead of what the team missed (e.g. 'staging has no "
        "accounts older than 2019, so the migration path was never exercised')."
    ),
    "PM032": N_(
        "Turn the hindsight into the missing mechanism and an action item (e.g. 'no canary "
        "step existed' -> 'add a canary step with an error-rate gate')."
    ),
    "PM034": N_(
        "Replace 'be more careful / aware / better at' with a mechanism that works when "
        "people are tired: a check, a guard rail, an alert, a runbook step."
    ),
}


def language_text(hit: Hit, lang: str) -> tuple[str, str]:
    """Return the message and hint of a language hit in `lang`."""
    _ = translator(lang).gettext
    collective = hit.grade == "warning" and hit.rule_id in COLLECTIVE_MESSAGES
    message = (COLLECTIVE_MESSAGES if collective else MESSAGES)[hit.rule_id]
    hint = (COLLECTIVE_HINTS if collective else HINTS)[hit.rule_id]
    return _(message).format(quote=hit.quote), _(hint)


def line_language(text: str) -> str:
    """The language of a lone line (a Hangul line is Korean), for `scan_line` callers."""
    return "ko" if any("가" <= char <= "힣" for char in text) else "en"


def say(lang: str, msgid: str, **values: object) -> str:
    """Translate `msgid` into `lang` and fill in its fields."""
    return translator(lang).gettext(msgid).format(**values)
