"""Blameful language in English and Korean, one line at a time.

Each check returns `Hit`s with a 1-based column. Quoted text, inline code, links and
HTML comments are masked first (same length, so columns stay right): quoting a
requirement ("pods should have 2 replicas") or the phrase "human error" is not blame.
A failure verb only counts when its subject is a person; "the health check failed
to detect" is a system failing, which is what a postmortem should say.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from warroom.postmortems.lint import lexicon_en as en
from warroom.postmortems.lint import lexicon_ko as ko
from warroom.postmortems.lint import persons


@dataclass(frozen=True, slots=True)
class Hit:
    rule_id: str
    column: int
    message: str
    hint: str


MESSAGES = {
    "PM030": "'{0}' makes a person the cause or the failing subject",
    "PM031": "'{0}' blames human error",
    "PM032": "'{0}' is a hindsight counterfactual about people",
    "PM033": "'{0}' judges a person",
    "PM034": "'{0}' asks people to try harder instead of changing the system",
    "PM035": "action item '{0}' has a vague verb and no verifiable detail",
}

_MASKS = (
    re.compile(r"`[^`]*`"),
    re.compile(r'"[^"\n]*"'),
    re.compile(r"“[^”\n]*”|‘[^’\n]*’|「[^」\n]*」|『[^』\n]*』"),
    re.compile(r"\]\([^)]*\)|https?://\S+"),
    re.compile(r"<!--.*?-->"),
)
_HANGUL = re.compile(r"[가-힣]")
_CLAUSE_BOUNDARY = re.compile(
    r"[.;:!?|,(\[]|—|\b(?:and|but|so|because|since|although|though|while|when|if|then|yet|or)\b",
    re.IGNORECASE,
)
_KO_SUBJECT = re.compile(r"(?<!\S)(\S{1,40}?)(께서|이|가|은|는)(?=\s|$|[,.])")
_KO_NOT_SUBJECT_STEMS = re.compile(
    r"(?:하|되|있|없|않|같|많|높|낮|적|된|한|했|였|었|았|던|받|좋|싶|깊|찍|굳|끗|추|증|평|휴|"
    r"전문|대|단|부|참|때문|경우|사이|길|나|차|아)$"
)
_KO_SENTENCE_END = re.compile(r"[.!?。|]")
_KO_HUMAN_ONLY = re.compile(r"실수|잊|깜빡|착각|놓쳤|놓치|빠뜨|빼먹")
_ACTION_METADATA = re.compile(
    r"\((?:[^)]*(?:owner|due|담당|기한|priority|우선순위)[^)]*)\)|@\S+|\b\d{4}-\d{2}-\d{2}\b|"
    r"\b[Pp][0-4]\b|\bSEV-?[0-4]\b",
    re.IGNORECASE,
)


def mask(text: str) -> str:
    """Blank out quoted spans, inline code, links and comments, keeping columns."""
    for pattern in _MASKS:
        text = pattern.sub(lambda match: " " * len(match.group(0)), text)
    return text


class Scanner:
    """Compiled patterns for one document (its owner and author names are persons)."""

    def __init__(self, names: tuple[str, ...] = ()) -> None:
        person = persons.person_pattern_en(n for n in names if not _HANGUL.search(n))
        self.subject_en_cs = re.compile(
            rf"(?P<p>{person}|{en.CAPITALISED_SUBJECT}){_ci(en.ADVERBS)}\s+(?i:(?P<v>{en.FAILURE_VERBS}))"
        )
        self.bare_role_en = re.compile(
            rf"{persons.BARE_ROLE_EN}{_ci(en.ADVERBS)}\s+(?i:(?P<v>{en.FAILURE_VERBS}))"
        )
        objects = rf"(?:{person}|\b(?i:him|her|them|us|me)\b)"
        self.cause_en = re.compile(
            rf"(?i:{en.CAUSE_PREFIX})\s+(?P<p>{objects})|(?P<q>{person})['’]s\s+"
            rf"(?i:(?:\w+\s+)?{en.MISTAKE_NOUNS}|(?:\w+\s+)?{en.CHANGE_NOUNS}\s+{en.CHANGE_BLAME_VERBS})"
        )
        self.person_end_en = re.compile(
            rf"(?:{person}|(?i:\bthey))(?:\s+who)?{_ci(en.ADVERBS)}\s*$"
        )
        self.had_en = re.compile(en.HAD_CLAUSE.format(person=person))
        ko_person = persons.person_pattern_ko(n for n in names if _HANGUL.search(n))
        self.person_end_ko = re.compile(rf"(?:{ko_person})\s?$")
        self.cause_ko = re.compile(
            rf"(?P<p>{ko_person})\s?(?:의\s?(?:\S+\s)?(?:실수|잘못|과실|부주의|착오|실책|오판|책임)|\s?(?:때문|탓))"
        )
        self.ko_names = frozenset(n for n in names if _HANGUL.search(n))

    def scan(self, line: str, *, action_item: str | None = None) -> list[Hit]:
        """Return the blameful-language hits on one line, sorted by column."""
        text = mask(line)
        hits = [*self._english(text), *self._korean(text)]
        if action_item is not None:
            hits.extend(_vague(line, action_item))
        first: dict[str, Hit] = {}
        for hit in sorted(hits, key=lambda hit: hit.column):
            first.setdefault(hit.rule_id, hit)
        return sorted(first.values(), key=lambda hit: (hit.column, hit.rule_id))

    def _english(self, text: str) -> list[Hit]:
        hits = []
        for pattern in (self.subject_en_cs, self.cause_en, self.bare_role_en):
            hits += [_hit("PM030", m) for m in pattern.finditer(text) if _is_person(m)]
        hits += [_hit("PM031", m) for m in en.HUMAN_ERROR.finditer(text)]
        counterfactuals = en.COUNTERFACTUAL.finditer(text)
        hits += [_hit("PM032", m) for m in counterfactuals if self._people_en(text, m)]
        hits += [_hit("PM032", m) for m in self.had_en.finditer(text)]
        hits += [_hit("PM033", m) for m in en.JUDGEMENT.finditer(text)]
        hits += [_hit("PM034", m) for m in en.FIX_AIMED_AT_PEOPLE.finditer(text)]
        return hits

    def _people_en(self, text: str, match: re.Match[str]) -> bool:
        """Return whether a counterfactual's subject is a person or left implicit."""
        if match.group(0).lower().startswith("if only"):
            return True
        before = text[: match.start()]
        boundaries = list(_CLAUSE_BOUNDARY.finditer(before))
        clause = before[boundaries[-1].end() :] if boundaries else before
        clause = re.sub(r"^[\s*_>\-\d.]+", "", clause)
        return not clause.strip() or bool(self.person_end_en.search(clause))

    def _korean(self, text: str) -> list[Hit]:
        if not _HANGUL.search(text):
            return []
        hits = [_hit("PM030", m) for m in self.cause_ko.finditer(text) if _ko_cause_ok(m)]
        for match in ko.FAILURE_VERBS.finditer(text):
            kind, start = self._ko_subject(text, match.start(), match.group(0))
            if kind == "person":
                hits.append(_span("PM030", text, start, match.end()))
        hits += [_hit("PM031", m) for m in ko.HUMAN_ERROR.finditer(text)]
        for match in ko.COUNTERFACTUAL.finditer(text):
            if self._ko_subject(text, match.start(), match.group(0))[0] != "system":
                hits.append(_hit("PM032", match))
        hits += [_hit("PM033", m) for m in ko.JUDGEMENT.finditer(text)]
        hits += [_hit("PM034", m) for m in ko.FIX_AIMED_AT_PEOPLE.finditer(text)]
        return hits

    def _ko_subject(self, text: str, position: int, verb: str) -> tuple[str, int]:
        """Classify the nearest subject before `position` (person, system or none)."""
        before = text[:position]
        ends = list(_KO_SENTENCE_END.finditer(before))
        start = ends[-1].end() if ends else 0
        for match in reversed(list(_KO_SUBJECT.finditer(before, start))):
            stem = match.group(1)
            if self._not_a_subject(stem, match.group(0)):
                continue
            head = before[: match.end(1)]
            return self._classify_ko(head, stem, match.group(0), verb) or ("system", match.start())
        return "none", position

    def _not_a_subject(self, stem: str, token: str) -> bool:
        """Return whether a token ending in 이/가/은/는 is a verb form or adverb ("많이")."""
        if re.fullmatch(persons.PRONOUN_SUBJECT_KO, token) or self.person_end_ko.search(stem):
            return False
        return bool(_KO_NOT_SUBJECT_STEMS.search(stem))

    def _classify_ko(self, head: str, stem: str, token: str, verb: str) -> tuple[str, int] | None:
        """Return ("person", where the person starts) when the subject is a person."""
        start = len(head) - len(stem)
        if re.fullmatch(persons.PRONOUN_SUBJECT_KO, token):
            return "person", start
        pronoun = re.search(rf"{persons.PRONOUN_SUBJECT_KO}$", head + token[len(stem) :])
        if pronoun:
            return "person", pronoun.start()
        found = self.person_end_ko.search(head)
        if found and not persons.is_excluded_ko(found.group(0)):
            return "person", found.start()
        bare = re.sub(r"^\W+", "", stem)
        if bare in self.ko_names or (persons.name_like_ko(bare) and _KO_HUMAN_ONLY.match(verb)):
            return "person", start
        return None


def _ci(pattern: str) -> str:
    return f"(?i:{pattern})"


def _is_person(match: re.Match[str]) -> bool:
    person = next((g for g in match.groups() if g), "")
    return person.lower() not in {"it", "this", "that"}


def _ko_cause_ok(match: re.Match[str]) -> bool:
    person = match.group("p").strip()
    return not persons.is_excluded_ko(person) and person not in {"그", "이", "저"}


def _hit(rule_id: str, match: re.Match[str]) -> Hit:
    """Build a hit; a match with a person group starts at the person, not the prefix."""
    start = match.start("p") if match.re.groupindex.get("p") and match.group("p") else match.start()
    return _span(rule_id, match.string, start, match.end())


def _span(rule_id: str, text: str, start: int, end: int) -> Hit:
    quoted = _shorten(text[start:end].strip())
    hint = (ko.HINTS if _HANGUL.search(quoted) else en.HINTS)[rule_id]
    return Hit(rule_id, start + 1, MESSAGES[rule_id].format(quoted), hint)


def _vague(line: str, action: str) -> list[Hit]:
    """Flag an action item whose verb is vague and which names nothing checkable."""
    core = _ACTION_METADATA.sub(" ", action).strip(" -*[]")
    vague = en.VAGUE_ACTION.search(core) or ko.VAGUE_ACTION.search(core)
    detail = en.CONCRETE_DETAIL.search(core) or ko.CONCRETE_DETAIL.search(core)
    if not vague or detail:
        return []
    column = max(line.find(action.strip()[:20]), 0) + 1
    hint = (ko.HINTS if _HANGUL.search(core) else en.HINTS)["PM035"]
    return [Hit("PM035", column, MESSAGES["PM035"].format(_shorten(core)), hint)]


def _shorten(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


@lru_cache(maxsize=32)
def scanner(names: tuple[str, ...] = ()) -> Scanner:
    """Return a cached scanner for a document's names."""
    return Scanner(names)


def scan_line(
    line: str, *, action_item: str | None = None, names: tuple[str, ...] = ()
) -> list[Hit]:
    """Scan one line; pass `action_item` (its action text) when the line is an action item."""
    return scanner(names).scan(line, action_item=action_item)
