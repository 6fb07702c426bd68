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
    r"|ctos?|cios?|vps?|boss|bosses|directors?|heads?\s+of\s+\w+|guy|guys"
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
BARE_ROLE_EN = (
    r"(?:^[\s>*+\-\d.]*|[:;.!?,][*_]*\s+)(?P<p>(?i:(?:(?:tired|new|junior|senior|sleepy|same|"
    rf"another|the)\s+)?(?:on-?call\s+)?(?:{_ROLE_WORDS}))\b(?:\s+[A-Z0-9]\b)?)"
)
PRONOUN_EN = r"(?i:\b(?:he|she|we|I|you|someone|somebody|nobody|no one|everybody|everyone)\b)"
HANDLE = r"(?:(?<![\w.])@[A-Za-z0-9][\w.-]*[A-Za-z0-9_])"
# Anonymised people in public postmortems: "team-member-1", "engineer-2".
PLACEHOLDER_PERSON = r"(?:\b(?:team-?member|engineer|admin|operator|person)-\d+\b)"
HONORIFIC = r"(?:\b(?:Mr|Ms|Mrs|Dr)\.?\s+[A-Z][a-z]+)"
_SURNAME = r"(?:\s+[A-Z][a-z]+(?:-[A-Z][a-z]+)?)?"


def name_pattern(extra_names: Iterable[str] = ()) -> str:
    """Return a regex alternation of personal names (first names plus document names)."""
    names = sorted({*FIRST_NAMES, *extra_names}, key=len, reverse=True)
    listed = "|".join(re.escape(name) for name in names)
    return rf"(?:\b(?:{listed})\b{_SURNAME}|{HANDLE}|{HONORIFIC}|{PLACEHOLDER_PERSON})"


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
    r"(?:온콜\s?)?(?:담당자|담당|개발자|엔지니어|운영자|작업자|관리자|리뷰어|검토자|승인자|작성자|입사자"
    r"|배포자|당직자|온콜|신입(?:\s?사원|\s?개발자)?|인턴|팀원|직원|팀장|매니저|실무자|책임자"
    r"|누군가|아무도|DBA|SRE|QA|DevOps|[A-Za-z가-힣]{1,12}\s?팀|팀)"
)
PRONOUN_SUBJECT_KO = (
    r"(?:제가|내가|나는|저는|그가|그는|그녀가|그녀는|우리가|우리는|저희가|저희는"
    r"|우리\s?팀이|우리\s?팀은)"
)
TITLE_KO = (
    r"(?:님|씨|엔지니어|매니저|팀장|책임|선임|수석|대리|과장|차장|부장|사원|주임|리드|개발자"
    r"|실장|이사|본부장|파트장|센터장)"
)
# Titles that follow a bare surname: "이 차장이", "박 과장님이", "최 책임님".
_RANK_KO = (
    r"(?:대리|과장|차장|부장|선임|책임|수석|팀장|주임|사원|실장|이사|본부장|파트장|매니저|님|씨)"
)
NOT_NAMES_KO = frozenset({"고객", "회원", "사용자", "여러분", "손님", "이용자"})
_HANGUL_WORD = re.compile(r"^[가-힣]+$")


_SURNAME_CLASS = "[" + "".join(sorted(SURNAMES_KO)) + "]"
SURNAME_TITLE_KO = rf"(?<![가-힣]){_SURNAME_CLASS}\s?{_RANK_KO}(?:\s?님)?(?![가-힣]{{2}})"
# A person by name or title (an error when blamed), not a role or a team.
NAMED_PERSON_KO = rf"(?:{HANDLE}|{SURNAME_TITLE_KO}|[가-힣]{{2,4}}\s?(?:님|씨|{_RANK_KO}))"
# Two-syllable nouns of incident reports that look like given names ("지수", "지연").
NOT_GIVEN_NAMES_KO = frozenset(
    _words(
        "서버 지수 지연 지원 수정 정상 성능 용량 시간 기간 배포 장애 경보 알림 로그 지표 캐시 "
        "설정 변경 작업 검증 검토 리뷰 점검 절차 과정 요청 응답 연결 세션 인증 계정 권한 정책 "
        "규칙 코드 빌드 배치 서비스 고객 회원 운영 개발 인프라 보안 방화벽 도메인 레코드 디스크 "
        "메모리 백업 복구 롤백 승인 경고 이벤트 프록시 데몬 필터 노드 파드 큐 잡 트래픽 부하 "
        "결제 주문 상품 검색 추천 회선 전원 냉각 센서 장비 대시 화면 문서 공지 회의 결정 판단 "
        "확인 조치 대응 원인 결과 영향 범위 문제 오류 에러 버그 결함 실패 성공 상태 현상 증상 "
        "수치 비율 속도 대역 용도 기능 모듈 파일 테이블 인덱스 쿼리 스키마 트리거 토큰 키값 "
        "인증서 지난 이번 다음 당시 현재 최근 오늘 어제 내일 모두 전체 일부 각자 서로 자동 수동 "
        "이유 목적 방법 방식 기준 예상 계획 일정 담당 팀장 팀원 직원 이상 이하 미만 초과 정도 "
        "검사 도구 모니터 봇 스크립트 엔진 툴 앱 웹 서브 메인 단계 항목 대상 환경 버전"
    )
)


def given_name_like(word: str) -> bool:
    """Return whether a bare word could be a given name: two syllables (or `민준이`)."""
    word = word[:-1] if len(word) == 3 and word.endswith("이") else word
    return len(word) == 2 and bool(_HANGUL_WORD.match(word)) and word not in NOT_GIVEN_NAMES_KO


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
    return rf"(?:{HANDLE}|{SURNAME_TITLE_KO}|{titled}|{ROLE_KO}{listed})"


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
