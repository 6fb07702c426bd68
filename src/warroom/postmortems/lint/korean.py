"""Korean blameful-language checks with a grade per hit.

People are recognised the way Korean writes them (see `persons`): full names, surname
plus title (`이 차장이`), given names with a particle before a mistake verb (`민준이가 …
잘못 넣었다`), role nouns (`담당자가`) and pronouns. The nearest subject (이/가/은/는/께서)
before the verb decides, so `서버가 응답하지 않았다` and `지수가 증가했다` stay quiet.
A named person is an error; `우리가`/`저희가` or a dropped subject is a warning.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from warroom.postmortems.lint import lexicon_ko as ko
from warroom.postmortems.lint import persons
from warroom.postmortems.lint.hits import ERROR, WARNING, Grade, Hit

_HANGUL = re.compile(r"[가-힣]")
_SUBJECT = re.compile(r"(?<!\S)(\S{1,40}?)(께서|이|가|은|는)(?=\s|$|[,.])")
_NOT_SUBJECT_STEMS = re.compile(
    r"(?:하|되|있|없|않|같|많|높|낮|적|된|한|했|였|었|았|던|받|좋|싶|깊|찍|굳|끗|추|증|평|휴|"
    r"전문|대|단|부|참|때문|경우|사이|길|나|차|아)$"
)
_SENTENCE_END = re.compile(r"[.!?。|]")
_COLLECTIVE = re.compile(r"^(?:우리|저희)(?:\s?팀)?(?:이|가|은|는)?$|^(?:우리|저희)")
# A collective "우리가 놓쳤다" that names the system cause before the verb.
_CAUSE_BEFORE = re.compile(r"때문에|탓에|(?:어|아|해|여|라|워|져)서\s|(?:로|으로)\s?인해")


class KoreanRules:
    """Compiled patterns for one document (its Korean names are persons)."""

    def __init__(self, names: tuple[str, ...] = ()) -> None:
        person = persons.person_pattern_ko(names)
        self.person_end = re.compile(rf"(?:{person})\s?$")
        self.cause = re.compile(
            rf"(?P<p>{person})\s?(?:의\s?(?:\S+\s)?(?:실수|잘못|과실|부주의|착오|실책|오판|책임)"
            r"|\s?(?:때문|탓))"
        )
        self.names = frozenset(names)

    def scan(self, text: str) -> list[Hit]:
        if not _HANGUL.search(text):
            return []
        hits = list(self._causes(text))
        hits += list(self._failures(text))
        hits += [Hit.of("PM031", m, ERROR) for m in ko.HUMAN_ERROR.finditer(text)]
        hits += list(self._counterfactuals(text))
        hits += [Hit.of("PM033", m, ERROR) for m in ko.JUDGEMENT.finditer(text)]
        hits += list(self._fixes(text))
        return hits

    def _causes(self, text: str) -> Iterator[Hit]:
        for match in self.cause.finditer(text):
            who = match.group("p").strip()
            if persons.is_excluded_ko(who) or who in {"그", "이", "저"}:
                continue
            yield Hit.of("PM030", match, WARNING if _COLLECTIVE.match(who) else ERROR)

    def _failures(self, text: str) -> Iterator[Hit]:
        for match in ko.FAILURE_VERBS.finditer(text):
            kind, start = self.subject(text, match.start(), match.group(0))
            if kind == "person":
                yield Hit.span("PM030", text, start, match.end(), ERROR)
            elif kind == "collective" and not _CAUSE_BEFORE.search(_sentence(text, match.start())):
                yield Hit.span("PM030", text, start, match.end(), WARNING)

    def _counterfactuals(self, text: str) -> Iterator[Hit]:
        for match in ko.COUNTERFACTUAL.finditer(text):
            kind, start = self.subject(text, match.start(), match.group(0))
            if kind == "system":
                continue
            grade: Grade = ERROR if kind == "person" else WARNING
            yield Hit.span(
                "PM032", text, start if kind == "person" else match.start(), match.end(), grade
            )

    def _fixes(self, text: str) -> Iterator[Hit]:
        for match in ko.FIX_AIMED_AT_PEOPLE.finditer(text):
            kind, start = self.subject(text, match.start(), match.group(0))
            named = kind == "person" and self._named(text[start : match.start()])
            grade: Grade = ERROR if named else WARNING
            yield Hit.span("PM034", text, start if named else match.start(), match.end(), grade)

    def _named(self, phrase: str) -> bool:
        """A person by name or title (an error), not a role or a group (a warning)."""
        return bool(re.match(persons.NAMED_PERSON_KO, phrase.strip())) or any(
            phrase.strip().startswith(name) for name in self.names
        )

    def subject(self, text: str, position: int, verb: str) -> tuple[str, int]:
        """Classify the nearest subject before `position`: person, collective, system or none."""
        before = text[:position]
        ends = list(_SENTENCE_END.finditer(before))
        start = ends[-1].end() if ends else 0
        for match in reversed(list(_SUBJECT.finditer(before, start))):
            stem, token = match.group(1), match.group(0)
            if self._not_a_subject(stem, token, verb):
                continue
            head = before[: match.end(1)]
            return self._classify(head, stem, token, verb) or ("system", match.start())
        return "none", position

    def _not_a_subject(self, stem: str, token: str, verb: str) -> bool:
        """Return whether a token ending in 이/가/은/는 is a verb form or adverb ("많이")."""
        if re.fullmatch(persons.PRONOUN_SUBJECT_KO, token) or self.person_end.search(stem):
            return False
        if persons.given_name_like(stem.removesuffix("이")) and ko.MISTAKE_VERB.match(verb):
            return False
        return bool(_NOT_SUBJECT_STEMS.search(stem))

    def _classify(self, head: str, stem: str, token: str, verb: str) -> tuple[str, int] | None:
        start = len(head) - len(stem)
        pronoun = re.search(rf"{persons.PRONOUN_SUBJECT_KO}$", head + token[len(stem) :])
        if pronoun:
            kind = "collective" if _COLLECTIVE.match(pronoun.group(0)) else "person"
            return kind, pronoun.start()
        found = self.person_end.search(head)
        if found and not persons.is_excluded_ko(found.group(0)):
            return "person", found.start()
        bare = re.sub(r"^\W+", "", stem)
        if bare in self.names:
            return "person", start
        if persons.name_like_ko(bare) and ko.HUMAN_ONLY.match(verb):
            return "person", start
        if ko.MISTAKE_VERB.match(verb) and self._given_name(head, bare):
            return "person", start
        return None

    @staticmethod
    def _given_name(head: str, bare: str) -> bool:
        """A bare given name, not the tail of a compound noun ("정합성 검사가")."""
        if not persons.given_name_like(bare):
            return False
        before = head[: len(head) - len(bare)].rstrip().split()
        return (
            not before
            or not re.fullmatch(r"[가-힣]+", before[-1])
            or bool(re.search(r"(?:이|가|은|는|을|를|에|의|도|서|고|며|데|면)$", before[-1]))
        )


def _sentence(text: str, position: int) -> str:
    """The sentence up to `position` (a system cause named anywhere before the verb)."""
    ends = list(_SENTENCE_END.finditer(text[:position]))
    return text[ends[-1].end() if ends else 0 : position]
