"""Recognise postmortem section headings in English and Korean, with synonyms.

A heading maps to zero or more section keys: "근본 원인 분석 (5 Whys)" is both the
root cause and the 5 Whys. Exact synonyms win over prefix matches, so that
"근본 원인 해결 (Root Cause Fix)" is the resolution, not a second root cause.
"""

from __future__ import annotations

import re

SYNONYMS: dict[str, tuple[str, ...]] = {
    "summary": (
        "summary",
        "tl;dr",
        "tldr",
        "executive summary",
        "overview",
        "incident summary",
        "요약",
        "장애 요약",
        "개요",
        "인시던트 요약",
        "사건 요약",
        "장애 개요",
    ),
    "impact": (
        "impact",
        "user impact",
        "customer impact",
        "business impact",
        "technical impact",
        "impact analysis",
        "영향",
        "영향 분석",
        "영향 범위",
        "사용자 영향",
        "기술적 영향",
        "비즈니스 영향",
        "장애 영향",
    ),
    "timeline": (
        "timeline",
        "incident timeline",
        "chronology",
        "sequence of events",
        "타임라인",
        "장애 타임라인",
        "시간순 경과",
        "경과",
        "진행 경과",
        "타임 라인",
    ),
    "root_cause": (
        "root cause",
        "root causes",
        "root cause analysis",
        "rca",
        "cause",
        "causes",
        "what happened",
        "direct cause",
        "근본 원인",
        "근본 원인 분석",
        "원인 분석",
        "원인",
        "장애 원인",
        "직접 원인",
        "근본 원인 요약",
    ),
    "whys": (
        "5 whys",
        "five whys",
        "5 why",
        "5 why analysis",
        "5 whys analysis",
        "why it happened",
        "5 why 분석",
        "5 whys 분석",
        "5why",
        "5whys",
        "왜 발생했는가",
        "왜 발생했나",
    ),
    "contributing_factors": (
        "contributing factors",
        "contributing factor",
        "contributors",
        "contributing causes",
        "기여 요인",
        "기여요인",
        "영향 요인",
        "복합 요인",
        "부가 요인",
    ),
    "action_items": (
        "action items",
        "action item",
        "follow-ups",
        "follow-up actions",
        "follow ups",
        "corrective actions",
        "remediation items",
        "next steps",
        "action plan",
        "조치 항목",
        "재발 방지 대책",
        "후속 조치",
        "개선 조치",
        "액션 아이템",
        "조치 사항",
        "개선 과제",
        "후속 조치 항목",
    ),
    "lessons": (
        "lessons learned",
        "lessons",
        "lessons learnt",
        "learnings",
        "takeaways",
        "교훈",
        "배운 점",
        "얻은 교훈",
        "회고",
        "시사점",
    ),
    "went_well": ("what went well", "went well", "잘된 점", "잘 된 점"),
    "went_wrong": (
        "what went wrong",
        "what didn't go well",
        "went wrong",
        "개선이 필요한 점",
        "문제점",
        "아쉬운 점",
    ),
    "lucky": ("where we got lucky", "what we got lucky", "행운이었던 점", "운이 좋았던 점"),
    "detection": ("detection", "detection delay", "왜 감지가 늦었는가", "감지 지연", "탐지"),
    "resolution": (
        "resolution",
        "mitigation",
        "immediate mitigation",
        "root cause fix",
        "recovery",
        "해결",
        "조치 내용",
        "즉각적 완화 조치",
        "근본 원인 해결",
        "복구",
    ),
    "metadata": ("metadata", "basic information", "incident details", "기본 정보", "인시던트 개요"),
    "related": ("related incidents", "관련 장애", "관련 인시던트"),
    "supporting": ("supporting information", "references", "links", "참고 자료", "관련 링크"),
    "signoff": ("sign-off", "sign off", "approval", "승인", "검토 및 승인"),
    "appendix": ("appendix", "부록"),
}

_NUMBERING = re.compile(r"^(?:[0-9]+(?:\.[0-9]+)*\.?|[a-z]\.|[ivx]+\.)\s+")
_DECORATION = re.compile(r"[*_`#>\[\]]|[\U0001F000-\U0001FFFF\u2600-\u27BF\uFE0F]")
_PARENS = re.compile(r"\(([^)]*)\)")
_LABEL = re.compile(r"^(?:postmortem|post-mortem|포스트모템|사후 분석)\s*[:：-]\s*")


def normalize(text: str) -> str:
    """Lower-case, drop numbering, emphasis, emoji and surrounding punctuation."""
    text = _DECORATION.sub("", text).strip().lower()
    text = _NUMBERING.sub("", text)
    text = re.sub(r"\s+", " ", text)
    return text.strip(" :：-–—.?？")


def _parts(title: str) -> list[str]:
    """Split "근본 원인 분석 (5 Whys)" into its main part and parenthetical parts."""
    inner = [normalize(match) for match in _PARENS.findall(title)]
    main = normalize(_PARENS.sub(" ", title))
    return [part for part in [main, *inner] if part]


def _exact(part: str) -> set[str]:
    return {key for key, words in SYNONYMS.items() if part in words}


def _prefix(part: str) -> set[str]:
    return {
        key
        for key, words in SYNONYMS.items()
        if any(part.startswith((word + " ", word + ":")) for word in words)
    }


def classify(title: str) -> frozenset[str]:
    """Return the section keys a heading title stands for (empty when unknown)."""
    keys: set[str] = set()
    for raw in _parts(_LABEL.sub("", title.strip())):
        part = _LABEL.sub("", raw)
        keys |= _exact(part) or _prefix(part)
    if "whys" not in keys and re.search(r"\b5\s*whys?\b|\bfive whys\b", title, re.IGNORECASE):
        keys.add("whys")
    return frozenset(keys)
