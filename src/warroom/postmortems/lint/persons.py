"""Recognise people (not systems) in English and Korean postmortem prose.

People are @handles, names (a list of common first names, "Mr./Dr. X", names the
document itself gives as owners or authors), role nouns ("the on-call engineer",
"담당자") and personal pronouns. Everything else, "the health check", "서버",
"모니터링", is a system, and a system failing is not blame.
"""

from __future__ import annotations

import re
from collections.abc import Iterable


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


FIRST_NAMES = _words(
    "Aaron Adam Adrian Ahmed Aiden Alex Alice Alicia Amanda Amir Amy Ana Andrea Andrew Angela "
    "Anna Anne Anthony Arjun Ben Benjamin Beth Bob Brian Carl Carlos Carol Caroline Chen "
    "Chris Christina Claire Daniel Dave David Diana Diego Dmitri Emily Emma Eric Eve Fatima "
    "Frank Gary George Hannah Hans Hiroshi Ian Igor Isabel Jacob James Jane Jason Jen "
    "Jennifer Jessica Jim Joe John Jonathan Jose Joseph Josh Juan Julia Karen Kate Kevin "
    "Kim Laura Lee Leo Linda Lisa Lucas Luis Maria Marie Matt Matthew Mei Michael Mike "
    "Min Mohammed Nadia Nathan Nick Nina Noah Olga Oliver Omar Paul Peter Priya Rachel "
    "Raj Ravi Rebecca Richard Robert Rosa Ryan Sam Sanjay Sara Sarah Scott Sean Sofia "
    "Sophie Steve Steven Susan Tom Tony Victor Wei Yuki Zoe Ji-hoon Min-su Seo-yeon"
)

_ROLE_WORDS = (
    r"engineers?|developers?|devs?|operators?|admins?|administrators?|sres?|dbas?|reviewers?"
    r"|interns?|hires?|contractors?|employees?|authors?|deployers?|managers?|responders?"
    r"|on-?callers?|on-?call|persons?|members?|humans?|leads?|commanders?|ics?|analysts?"
    r"|testers?|staff(?:ers?)?|teammates?|colleagues?|team|owners?|approvers?|assignees?"
)
_ROLE_MODIFIERS = (
    r"on-?call|oncall|new|junior|senior|primary|secondary|backup|responsible|same|other|"
    r"platform|backend|frontend|release|database|sre|devops|qa|duty|deploying|infra|"
    r"infrastructure|payments|\w+ team"
)
_DETERMINERS = r"the|a|an|our|one|their|his|her|that|this|some|another|two|both"

ROLE_EN = (
    rf"(?i:(?:\b(?:{_DETERMINERS})\s+)(?:(?:{_ROLE_MODIFIERS})\s+)*(?:{_ROLE_WORDS})\b"
    r"(?:\s+(?:on\s+duty|on\s+call|in\s+charge|of\s+the\s+day))?)"
)
# A role noun without a determiner counts only at the start of a clause or list item:
# "- Reviewer didn't spot the missing release()".
BARE_ROLE_EN = rf"(?:^[\s>*+\-\d.]*|[:;.!?][*_]*\s+)(?P<p>(?i:(?:on-?call\s+)?(?:{_ROLE_WORDS}))\b)"
PRONOUN_EN = r"(?i:\b(?:he|she|we|I|you|someone|somebody|nobody|no one|everybody|everyone)\b)"
HANDLE = r"(?:(?<![\w.])@[A-Za-z0-9][\w.-]*[A-Za-z0-9_])"
HONORIFIC = r"(?:\b(?:Mr|Ms|Mrs|Dr)\.?\s+[A-Z][a-z]+)"
_SURNAME = r"(?:\s+[A-Z][a-z]+(?:-[A-Z][a-z]+)?)?"


def name_pattern(extra_names: Iterable[str] = ()) -> str:
    """Return a regex alternation of personal names (first names plus document names)."""
    names = sorted({*FIRST_NAMES, *extra_names}, key=len, reverse=True)
    listed = "|".join(re.escape(name) for name in names)
    return rf"(?:\b(?:{listed})\b{_SURNAME}|{HANDLE}|{HONORIFIC})"


def person_pattern_en(extra_names: Iterable[str] = ()) -> str:
    """Return the English person alternation: names, handles, roles, pronouns."""
    return rf"(?:{name_pattern(extra_names)}|{ROLE_EN}|{PRONOUN_EN})"


# Korean ------------------------------------------------------------------------------

SURNAMES_KO = frozenset(
    _words(
        "김 이 박 최 정 강 조 윤 장 임 한 오 서 신 권 황 안 송 류 유 전 "
        "홍 고 문 양 손 배 백 허 남 심 노 하 곽 성 차 주 우 구 민 진 "
        "지 엄 채 원 천 방 공 현 함 변 염 여 추 도 소 석 선 설 마 길 "
        "연 위 표 명 기 반 라 왕 금 옥 육 인 맹 제 모 탁 국 어 은 편 "
        "용 예 경 봉 사 부"
    )
)
ROLE_KO = (
    r"(?:온콜\s?)?(?:담당자|담당|개발자|엔지니어|운영자|작업자|관리자|리뷰어|검토자|승인자|작성자"
    r"|배포자|당직자|온콜|신입(?:\s?사원|\s?개발자)?|인턴|팀원|직원|팀장|매니저|실무자|책임자"
    r"|누군가|아무도|DBA|SRE|QA|DevOps|[A-Za-z가-힣]{1,12}\s?팀|팀)"
)
PRONOUN_SUBJECT_KO = (
    r"(?:제가|내가|나는|저는|그가|그는|그녀가|그녀는|우리가|우리는|저희가|저희는"
    r"|우리\s?팀이|우리\s?팀은)"
)
TITLE_KO = (
    r"(?:님|씨|엔지니어|매니저|팀장|책임|선임|수석|대리|과장|차장|부장|사원|주임|리드|개발자)"
)
NOT_NAMES_KO = frozenset({"고객", "회원", "사용자", "여러분", "손님", "이용자"})
_HANGUL_WORD = re.compile(r"^[가-힣]+$")


def name_like_ko(word: str) -> bool:
    """Return whether a bare Hangul word looks like a full Korean name (surname + 2)."""
    return (
        len(word) == 3 and bool(_HANGUL_WORD.match(word)) and word[0] in SURNAMES_KO
    ) or word in {"남궁", "황보", "제갈", "선우"}


def person_pattern_ko(extra_names: Iterable[str] = ()) -> str:
    """Return the Korean person alternation: titled names, roles, document names."""
    names = "|".join(re.escape(name) for name in sorted(set(extra_names), key=len, reverse=True))
    titled = rf"[가-힣]{{2,4}}\s?{TITLE_KO}"
    listed = rf"|(?:{names})(?:\s?{TITLE_KO})?" if names else ""
    return rf"(?:{HANDLE}|{titled}|{ROLE_KO}{listed})"


def is_excluded_ko(phrase: str) -> bool:
    """Return whether a titled phrase is a customer or user, not a responder."""
    stem = re.sub(r"\s?(?:님|씨)$", "", phrase.strip())
    return stem in NOT_NAMES_KO


_TEAM_WORDS = re.compile(r"team|ops|group|squad|crew|팀|파트|그룹|tbd|미정|n/a", re.IGNORECASE)


def names_from_owner(cell: str) -> list[str]:
    """Return personal names an owner cell or author line gives ("Jane Doe (On-call)")."""
    names = []
    for raw in re.split(r"[,/;&]|\band\b|및", re.sub(r"\([^)]*\)", "", cell)):
        part = raw.strip(" *[]")
        if not part or part.startswith("@") or _TEAM_WORDS.search(part) or part.isupper():
            continue
        if re.fullmatch(r"[A-Z][a-z]+\s+[A-Z][a-z]+", part):
            names.append(part.split()[0])
        elif re.fullmatch(r"[가-힣]{2,4}\s?(?:님|씨)", part):
            names.append(re.sub(r"\s?(?:님|씨)$", "", part))
        elif name_like_ko(part):
            names.append(part)
    return names
