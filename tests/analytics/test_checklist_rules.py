"""The deploy tag and how a lesson is printed on the checklist."""

from __future__ import annotations

import pytest

from warroom.analytics.checklist import TAG, _clean


@pytest.mark.parametrize(
    ("text", "tagged"),
    [
        ("Check staging data size #deploy", True),
        ("#배포 부하 테스트 실행", True),
        ("#Deployment: canary first", True),
        ("deploy on Fridays is fine", False),
        ("see issue#deployer", False),
    ],
)
def test_tag(text: str, tagged: bool) -> None:
    assert (TAG.search(text) is not None) is tagged


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("- [ ] Staging 데이터 크기 확인 #배포", "Staging 데이터 크기 확인"),
        ("[x] Run the load test  #deploy", "Run the load test"),
        ("Alert on pool utilisation", "Alert on pool utilisation"),
    ],
)
def test_clean(raw: str, shown: str) -> None:
    assert _clean(raw) == shown
