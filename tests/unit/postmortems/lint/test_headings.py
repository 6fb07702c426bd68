from __future__ import annotations

import pytest

from warroom.postmortems.lint.headings import classify, normalize


@pytest.mark.parametrize(
    ("title", "key"),
    [
        ("Summary", "summary"),
        ("TL;DR (Executive Summary)", "summary"),
        ("Executive Summary", "summary"),
        ("요약", "summary"),
        ("6.2 장애 요약", "summary"),
        ("개요", "summary"),
        ("1. Impact", "impact"),
        ("영향", "impact"),
        ("영향 분석", "impact"),
        ("사용자 영향", "impact"),
        ("Timeline (All times UTC)", "timeline"),
        ("타임라인 (KST)", "timeline"),
        ("3. Root Cause", "root_cause"),
        ("근본 원인", "root_cause"),
        ("원인 분석", "root_cause"),
        ("5 Whys", "whys"),
        ("5 Why 분석", "whys"),
        ("근본 원인 분석 (5 Whys)", "whys"),
        ("3.2 왜 발생했는가 (Why It Happened)", "whys"),
        ("Contributing Factors", "contributing_factors"),
        ("기여 요인", "contributing_factors"),
        ("Action Items", "action_items"),
        ("7. Action Items", "action_items"),
        ("조치 항목", "action_items"),
        ("6.5 재발 방지 대책", "action_items"),
        ("후속 조치", "action_items"),
        ("개선 조치 (Action Items)", "action_items"),
        ("Lessons Learned", "lessons"),
        ("6.7 교훈 (Lessons Learned)", "lessons"),
        ("배운 점", "lessons"),
        ("What Went Well", "went_well"),
        ("**잘된 점**", "went_well"),
        ("⚠️ Impact", "impact"),
    ],
)
def test_synonyms_map_to_section_keys(title: str, key: str) -> None:
    assert key in classify(title)


def test_heading_with_parenthetical_maps_to_both_sections() -> None:
    assert classify("근본 원인 분석 (5 Whys)") == {"root_cause", "whys"}


def test_exact_synonym_beats_prefix() -> None:
    assert classify("근본 원인 해결 (Root Cause Fix)") == {"resolution"}


@pytest.mark.parametrize("title", ["Appendix A. Monitoring Graphs", "Random notes", "코드 예시"])
def test_unrelated_headings_are_not_required_sections(title: str) -> None:
    assert not classify(title) & {"summary", "impact", "timeline", "root_cause", "lessons"}


def test_normalize_strips_numbering_emphasis_and_emoji() -> None:
    assert normalize("3.2 **Root Cause** ✅") == "root cause"
