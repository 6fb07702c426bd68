"""English blameful-language checks, clause-aware, with a grade per hit.

A hit is an error when a person is named as the cause (a name, a handle, a role such as
"the on-call", a pronoun such as "he"); it is a warning when the criticism is
collective or vague ("we should have caught this", "we need to be more aware").
Three real-text classes are not blame: future actions phrased with "should have"
("we should have a talk", "workloads should have priority"), hypotheticals about a
system ("the old topology could have allowed…"), and a collective "we missed it" in a
sentence that names the system cause ("…because staging has no old accounts").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from warroom.postmortems.lint import lexicon_en as en
from warroom.postmortems.lint import persons
from warroom.postmortems.lint.hits import ERROR, WARNING, Hit

_CLAUSE_BOUNDARY = re.compile(
    r"[.;:!?|,(\[]|—|--|\b(?:and|but|so|because|since|although|though|while|when|if|then|yet|or"
    r"|which|that|where)\b",
    re.IGNORECASE,
)
_COLLECTIVE = re.compile(
    r"^(?:we|us|our\s+team|the\s+team|everyone|everybody|nobody|no\s+one|people|the\s+teams?|"
    r"our\s+engineers|engineers|developers|operators|staff)$",
    re.IGNORECASE,
)
_REPORTED = re.compile(
    r"\b(?:telling|asking|tell|ask|told|asked|saying)\s+(?:people|engineers|someone|them|us|"
    r"everyone|the\s+team)\s+(?:to\s*)?$",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class _Subject:
    kind: str  # "person", "collective", "system" or "none"
    start: int


class EnglishRules:
    """Compiled patterns for one document (its owner and author names are persons)."""

    def __init__(self, names: tuple[str, ...] = ()) -> None:
        person = persons.person_pattern_en(names)
        self.person = person
        self.subject = re.compile(
            rf"(?P<p>{person}|{en.CAPITALISED_SUBJECT}){_ci(en.ADVERBS)}\s+"
            rf"(?i:(?P<v>{en.FAILURE_VERBS}))"
        )
        self.bare_role = re.compile(
            rf"{persons.BARE_ROLE_EN}{_ci(en.ADVERBS)}\s+(?i:(?P<v>{en.FAILURE_VERBS}))"
        )
        objects = rf"(?:{person}|\b(?i:him|her|them|us|me)\b)"
        self.cause = re.compile(
            rf"(?i:{en.CAUSE_PREFIX})\s+(?P<p>{objects})|(?P<q>{person})['’]s\s+"
            rf"(?i:(?:\w+\s+)?{en.MISTAKE_NOUNS}|(?:\w+\s+)?{en.CHANGE_NOUNS}\s+"
            rf"{en.CHANGE_BLAME_VERBS})|(?i:\bto\s+blame\s+(?:is|was|are|were))\s+(?P<r>{person})"
        )
        self.why = re.compile(
            rf"(?i:\bwhy\s+(?:did|didn't|did\s+not|would|wouldn't|was|wasn't|were|weren't)\s+)"
            rf"(?P<p>{person}|(?i:they|them))\s+(?i:(?:not\s+)?{en.WHY_VERBS})\b"
        )
        self.person_end = re.compile(
            rf"(?P<p>{person}|(?i:\bthey))(?:\s+who)?{_ci(en.ADVERBS)}\s*$"
        )
        self.had = re.compile(en.HAD_CLAUSE.format(person=person))

    def scan(self, text: str) -> list[Hit]:
        hits = [*self._people(text), *self._counterfactuals(text)]
        hits += [Hit.of("PM031", m, ERROR) for m in en.HUMAN_ERROR.finditer(text)]
        hits += [Hit.of("PM033", m, ERROR) for m in en.JUDGEMENT.finditer(text)]
        hits += list(self._fixes(text))
        return hits

    # PM030 ------------------------------------------------------------------------------

    def _people(self, text: str) -> Iterator[Hit]:
        for pattern in (self.subject, self.bare_role, self.why):
            for match in pattern.finditer(text):
                who = match.group("p")
                if who.lower() in {"it", "this", "that"}:
                    continue
                grade = WARNING if _COLLECTIVE.match(who.strip()) else ERROR
                if grade == WARNING and _names_system_cause(text, match):
                    continue
                yield Hit.of("PM030", match, grade)
        yield from (Hit.of("PM030", m, ERROR) for m in self.cause.finditer(text))
        for match in en.DESPITE.finditer(text):
            subject = self._actor(text, match.start())
            if subject.kind != "system":
                grade = ERROR if subject.kind == "person" else WARNING
                yield Hit.span("PM030", text, subject.start, match.end(), grade)

    # PM032 ------------------------------------------------------------------------------

    def _counterfactuals(self, text: str) -> Iterator[Hit]:
        for match in en.COUNTERFACTUAL.finditer(text):
            phrase = match.group(0).lower()
            if phrase.startswith(("if only", "in hindsight")):
                yield Hit.of("PM032", match, WARNING)
                continue
            if not _is_past(text, match.end()):
                continue  # "we should have a talk", "workloads should have priority"
            subject = self._subject(text, match.start())
            hypothetical = phrase.startswith(("could", "would", "might"))
            if subject.kind == "person":
                yield Hit.span("PM032", text, subject.start, match.end(), ERROR)
            elif subject.kind == "collective" or (subject.kind == "none" and not hypothetical):
                yield Hit.span("PM032", text, match.start(), match.end(), WARNING)
        for match in self.had.finditer(text):
            yield Hit.of("PM032", match, ERROR)

    def _subject(self, text: str, position: int) -> _Subject:
        """Classify the subject of the clause that ends at `position`."""
        before = text[:position]
        boundaries = list(_CLAUSE_BOUNDARY.finditer(before))
        start = boundaries[-1].end() if boundaries else 0
        clause = before[start:]
        lead = len(clause) - len(re.sub(r"^[\s*_>\-\d.]+", "", clause))
        clause, start = clause[lead:], start + lead
        if not clause.strip():
            return _Subject("none", position)
        found = self.person_end.search(clause)
        if found:
            who = found.group("p").strip()
            kind = "collective" if _COLLECTIVE.match(who) else "person"
            return _Subject(kind, start + found.start())
        words = clause.split()
        if len(words) <= 2 and _COLLECTIVE.match(" ".join(words)):
            return _Subject("collective", start)
        return _Subject("system", start)

    def _actor(self, text: str, position: int) -> _Subject:
        """Who acted in the clause ending at `position`: its first words, or a passive."""
        start = _clause_start(text, position)
        clause = text[start:position]
        found = re.match(rf"\s*(?P<p>{self.person}|(?i:they))\b", clause)
        if found:
            who = found.group("p")
            kind = "collective" if _COLLECTIVE.match(who) else "person"
            return _Subject(kind, start + found.start("p"))
        if re.search(r"\b(?:was|were|been|got)\s+\w+(?:ed|en)\b", clause, re.IGNORECASE):
            return _Subject("none", start + len(clause) - len(clause.lstrip()))
        return _Subject("system", start)

    # PM034 ------------------------------------------------------------------------------

    def _fixes(self, text: str) -> Iterator[Hit]:
        for match in en.FIX_AIMED_AT_PEOPLE.finditer(text):
            if _REPORTED.search(text[: match.start()]):
                continue  # "telling people to be more careful won't help": about the advice
            subject = self._subject(text, match.start())
            if subject.kind == "person":
                yield Hit.span("PM034", text, subject.start, match.end(), ERROR)
            else:
                yield Hit.of("PM034", match, WARNING)


def _clause_start(text: str, position: int) -> int:
    """Start of the sentence part before `position` (after the last ; : . ! ?)."""
    ends = list(re.finditer(r"[.;:!?]\s", text[:position]))
    return ends[-1].end() if ends else 0


def _ci(pattern: str) -> str:
    return f"(?i:{pattern})"


def _is_past(text: str, end: int) -> bool:
    """Return whether "should have" is followed by a past participle (hindsight)."""
    rest = text[end:].lstrip()
    word = re.match(r"[A-Za-z'-]+", rest)
    if word is None:
        return True  # "…, as we should have." ends the clause: hindsight
    token = word.group(0).lower()
    if token in en.NOT_PARTICIPLES:
        return False
    return token in en.IRREGULAR_PARTICIPLES or bool(re.search(r"(?:ed|en|wn|ne)$", token))


def _names_system_cause(text: str, match: re.Match[str]) -> bool:
    """A collective "we missed it" that names the system cause in the same sentence."""
    after = text[match.end() :]
    if en.CAUSE_AFTER.search(after):
        return True
    before = text[: match.start()].rstrip()
    last = re.search(r"(\w+)$", before)
    return bool(last) and last.group(1).lower() in en.RELATIVE_HEADS if last else False
