"""English patterns for blameful language; persons come from `persons`."""

from __future__ import annotations

import re


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


ADVERBS = (
    r"(?:\s+(?:accidentally|inadvertently|mistakenly|unintentionally|simply|just|also|then|"
    r"again|unfortunately|apparently|clearly|obviously|completely|totally|later|initially|"
    r"somehow|probably|had|has|have|who|repeatedly|still|never|once|already|carelessly))*"
)

# Verbs that make the subject the failing party when the subject is a person.
FAILURE_VERBS = (
    r"(?:failed\s+to|forgot(?:ten)?|overlooked|neglected|ignored|broke|caused|"
    # "missed the page" is blame, "missed the SLO" is a result.
    r"missed(?!\s+(?:our\s+|the\s+|its\s+|their\s+)?(?:\S+\s+){0,3}(?:SLOs?|SLAs?|targets?|"
    r"objectives?|deadlines?|budgets?|goals?|window)\b)|"
    # Deleting is routine mitigation ("deleted the stuck pods") unless it hit the wrong thing.
    r"(?:deleted|dropped|wiped|truncated|overwrote)\s+(?:the\s+|a\s+|an\s+|all\s+)?"
    r"(?:wrong|production|prod|live|primary|customer|user|entire|whole)|"
    r"(?:accidentally|inadvertently|mistakenly|carelessly)\s+\w+|"
    r"misconfigured|misread|mistyped|fat-?fingered|botched|"
    r"messed\s+up|screwed\s+up|skipped|took\s+down|brought\s+down|"
    r"introduced\s+(?:a\s+|the\s+|this\s+)?(?:\w+\s+)?(?:bug|regression|leak|defect|typo|outage)|"
    r"(?:pushed|merged|deployed|shipped|applied|approved)\s+(?:a\s+|the\s+|an\s+)?"
    r"(?:bad|broken|faulty|wrong|untested|buggy|incorrect)|"
    r"ran\s+(?:the\s+)?wrong|"
    r"(?:did\s+not|didn't|didn’t|never|did\s+n't)\s+(?:bother|check|test|notice|verify|follow|read|"
    r"run|update|review|escalate|respond|acknowledge|ack|see|catch|monitor|validate|look|"
    r"realise|realize|confirm|communicate|report|double-?check|spot|flag|mention)|"
    r"made\s+(?:a|an|the)\s+(?:mistake|error|typo|blunder)|"
    r"(?:was|were|is|are)\s+(?:to\s+blame|at\s+fault|responsible\s+for\s+the\s+"
    r"(?:outage|incident|failure))|should\s+have\s+known|"
    # the wrong target: "typed the wrong command", "ran it on the wrong host"
    r"(?:typed|entered|used|chose|picked|selected|targeted|restarted|confused|mixed\s+up)\s+"
    r"(?:the|a|an)\s+(?:wrong|incorrect)|"
    # contractions and negated states only people are in
    r"(?:was|were)(?:\s+not|n't|n’t)\s+(?:watching|paying\s+attention|looking|monitoring|"
    r"checking|careful|aware|paying)|"
    r"(?:has|have|had)(?:\s+not|n't|n’t)\s+(?:checked|tested|read|reviewed|noticed|verified)|"
    r"rushed|hurried)\b"
)

# Verbs only people do: any capitalised subject before them is a person.
HUMAN_ONLY_VERBS = (
    r"(?:forgot|overlooked|neglected|mistyped|fat-?fingered|misread|"
    r"(?:did\s+not|didn't)\s+(?:notice|bother|realise|realize)|"
    r"made\s+(?:a|an)\s+(?:mistake|typo|blunder))\b"
)
CAPITALISED_SUBJECT = (
    r"\b(?!(?:The|This|That|It|A|An|Our|Its|No)\b)[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?"
    r"(?="
    + ADVERBS
    + r"\s+"
    + HUMAN_ONLY_VERBS
    + r"|\s+(?:accidentally|inadvertently|carelessly)\s+\w+ed\b)"
)

MISTAKE_NOUNS = (
    r"(?:mistake|error|fault|typo|oversight|negligence|carelessness|slip|blunder|"
    r"misconfiguration|screw-?up)"
)
CHANGE_NOUNS = r"(?:change|commit|PR|pull\s+request|push|deploy(?:ment)?|merge|script|query)"
CHANGE_BLAME_VERBS = r"(?:caused|broke|took\s+down|brought\s+down|triggered|led\s+to)"
CAUSE_PREFIX = (
    r"(?:caused\s+by|triggered\s+by|due\s+to|because\s+of|blame\s+(?:on|lies\s+with)|fault\s+of)"
)

HUMAN_ERROR = re.compile(
    r"\b(?:human|operator|pilot|manual|engineer|developer)[\s-]+(?:error|mistake|failure)s?\b|"
    r"\bhuman\s+factors?\s+error\b|\bPEBKAC\b|\blayer[\s-]?8\b|\bby\s+mistake\b|\bmistakenly\b|"
    r"\bfat-?finger(?:ed)?\s+(?:mistake|error|typo|command)\b|\b(?:a|the)\s+fat-?finger\b",
    re.IGNORECASE,
)

COUNTERFACTUAL = re.compile(
    r"\b(?:should|could|would|must|might|ought\s+to)(?:\s+not|n't|n’t)?\s+(?:never\s+)?have\b"
    r"(?!\s+been\s+possible)|"
    r"\b(?:should|could|would|must|might)(?:'ve|’ve)\b|\bif\s+only\b|\bin\s+hindsight\b",
    re.IGNORECASE,
)
# What follows "should have" when it is possession or a plan, not hindsight:
# "we should have a talk", "workloads should have priority", "shouldn't have write access".
NOT_PARTICIPLES = frozenset(
    _words(
        "a an the some any no more fewer less better enough one two three this that these those "
        "our their its his her my your priority access privileges permission permissions write "
        "read admin alerts alerting monitoring tests coverage owners ownership"
    )
)
IRREGULAR_PARTICIPLES = frozenset(
    _words(
        "been had known seen done gone taken made run put set kept told left thought felt found "
        "got gotten caught spotted noticed written spoken given held sent built brought shut hit "
        "let read led lost met paid said spent stood understood paged rolled asked checked "
        "tested escalated followed stopped acted"
    )
)
# Hindsight and blame questions about people: "why didn't you catch this?"
WHY_VERBS = (
    r"(?:ignore|skip|miss|forget|test|check|run|catch|notice|follow|read|escalate|respond|"
    r"verify|review|see|look|spot|stop|page|ack(?:nowledge)?|roll\s+back)"
)
# "restarted the primary despite being aware of the replication lag"
DESPITE = re.compile(
    r"\bdespite\s+(?:being\s+(?:aware|warned|told)|knowing|(?:the\s+)?warnings?|"
    r"(?:the\s+)?known\s+risks?)\b",
    re.IGNORECASE,
)
# A collective "we missed it" that names the system cause after it...
CAUSE_AFTER = re.compile(
    r"\b(?:because|since|as(?!\s+(?:soon|well|much|long|far|early|late)\b)|due\s+to|given\s+that|"
    r"caused\s+by|owing\s+to)\b",
    re.IGNORECASE,
)
# ...or before it, as a relative clause: "this was a breaking change we did not catch".
RELATIVE_HEADS = frozenset(
    _words(
        "change changes bug bugs regression issue issues problem case cases condition error errors "
        "gap gaps behaviour behavior difference mismatch leak edge"
    )
)
# "if the engineer had run the tests" / "had we rolled back": hindsight about people.
HAD_CLAUSE = (
    r"(?:\b(?i:if)\s+(?P<p1>{person})\s+had(?:\s+not|n't)?\s+\w+"
    r"|\b(?i:had)\s+(?P<p2>{person})\s+\w+ed\b)"
)

JUDGEMENT = re.compile(
    r"\b(?:careless(?:ly|ness)?|negligen(?:t|tly|ce)|sloppy|sloppiness|reckless(?:ly|ness)?|"
    r"lazy(?!\s+(?:load|loading|loaded|evaluation|eval|init|initiali[sz]ation|import|iterator|"
    r"expansion|deletion|sequence|val|static))|laziness|incompeten(?:t|ce)|"
    r"irresponsib(?:le|ly|ility)|inattentive|inattention|thoughtless(?:ly)?|"
    r"foolish(?:ly)?|stupid(?:ity)?|dumb(?!\s+(?:terminal|pipe))|clumsy|clumsily|"
    r"unprofessional|complacen(?:t|cy)|(?<=not |n't )careful\s+enough|"
    r"lack\s+of\s+(?:care|diligence|attention|ownership|"
    r"discipline|professionalism)|not\s+paying\s+attention|asleep\s+at\s+the\s+wheel)\b",
    re.IGNORECASE,
)

FIX_AIMED_AT_PEOPLE = re.compile(
    r"\b(?:be|being|to\s+be|are|remain)\s+(?:more\s+|extra\s+|very\s+|especially\s+)?"
    r"(?:careful|vigilant|cautious|diligent|attentive)\b|"
    r"\bmore\s+careful(?:ly)?\b|"
    r"\bpay(?:ing)?\s+(?:more|closer|extra|better|special)\s+attention\b|"
    r"\b(?:take|taking)\s+(?:more|extra|greater|special)\s+care\b|"
    r"\bremind(?:ed|ing|s)?\s+(?:everyone|engineers|developers|operators|the\s+team|staff|"
    r"people|all|the\s+on-?call|on-?call\s+engineers|reviewers)\b|"
    r"\bre-?train(?:ed|ing)?\b(?!\s+(?:the\s+|a\s+|our\s+)?(?:\w+\s+){0,3}(?:model|classifier|"
    r"detector|baseline))|"
    r"\breprimand\w*|\bdisciplinary\b|\bthink\s+twice\b|\btry\s+harder\b|"
    # "needs to learn", "has to be more careful", "we need to be more aware / better at"
    r"\b(?:needs?|has|have|had)\s+to\s+(?:learn\b|study\b|be\s+(?:more\s+)?(?:careful|aware|"
    r"vigilant|cautious|diligent|attentive|disciplined|thorough)\b|be\s+better\s+at\b|"
    r"pay\s+(?:more\s+)?attention\b)|"
    r"\bwill\s+be\s+more\s+(?:careful|vigilant|attentive)\b|"
    r"\b(?:engineers|developers|operators|everyone|we|people|the\s+team|staff|reviewers)\s+"
    r"(?:must|should|need\s+to|will|have\s+to)\s+(?:always\s+)?(?:remember|double[\s-]?check|"
    r"manually\s+(?:check|verify)|be\s+careful|pay\s+attention)",
    re.IGNORECASE,
)

VAGUE_ACTION = re.compile(
    r"^\W*(?:improve|improving|enhance|optimi[sz]e|strengthen|harden|better|look\s+into|"
    r"investigate|consider|revisit|review|address|work\s+on|ensure|make\s+sure|"
    r"increase\s+awareness|be\s+(?:more\s+)?proactive|follow\s+up\s+on|more|improved|"
    r"additional|further|continue(?:\s+to)?|keep\s+(?:an\s+eye|monitoring|trying)|try\s+to|"
    r"attempt\s+to|monitor\s+the\s+situation|discuss|think\s+about|communicate\s+better)\b",
    re.IGNORECASE,
)
CONCRETE_DETAIL = re.compile(
    r"\d|\bby\s+\w+ing\b|\bto\s+(?:include|cover|alert|page|block|reject|fail)\b|"
    r"\bso\s+that\b|\bwhen\b|\bbefore\b|\bafter\b",
    re.IGNORECASE,
)
