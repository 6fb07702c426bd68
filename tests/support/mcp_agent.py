"""A scripted MCP client: it does what seed 000's agent does, using only warroom's tools.

No model is involved: the script plays the assistant, so the flow is the same on every
transport and every run. It takes the demo's open incident (the full log volume on
api-3) from its timeline to a postmortem draft that passes the linter.
"""

from __future__ import annotations

from typing import Any

from mcp import Client

OPEN_INCIDENT = "api-3 log volume full: uploads failing"


async def call(client: Client, tool: str, **arguments: Any) -> Any:
    result = await client.call_tool(tool, arguments)
    text = " ".join(getattr(block, "text", "") for block in result.content)
    assert not result.is_error, f"{tool}: {text}"
    return result.structured_content


async def refused(client: Client, tool: str, **arguments: Any) -> str:
    """Call a tool that must fail; return the error text the assistant would read."""
    result = await client.call_tool(tool, arguments)
    assert result.is_error, f"{tool} unexpectedly succeeded"
    return " ".join(getattr(block, "text", "") for block in result.content)


FILLED = {
    "en": {
        "tldr": "The /var/log volume on api-3 filled up; uploads and request logging failed "
        "on that instance for 35 minutes until it left the load balancer and logs rotated.",
        "impact_users": "About 4 % of upload requests (those routed to api-3)",
        "impact_failed_requests": "1,240 failed uploads",
        "root_cause_direct": "Log rotation on api-3 had stopped, so /var/log reached 100 %.",
        "root_cause_technical": "The logrotate timer was disabled by an image change and no "
        "alert watched the volume's growth rate.",
        "five_whys": [
            {"question": "Why did uploads fail?", "answer": "Writes to /var/log failed."},
            {"question": "Why did writes fail?", "answer": "The volume was 100 % full."},
            {"question": "Why was it full?", "answer": "Logs had not rotated for nine days."},
            {"question": "Why had they not rotated?", "answer": "The image disabled the timer."},
            {
                "question": "Why was that not noticed?",
                "answer": "No check covers rotation and no alert covers growth rate.",
            },
        ],
        "root_cause_summary": "The base image change disabled log rotation without a check.",
        "contributing_factors": ["No alert on disk growth rate", "Image changes lack a smoke test"],
        "went_well": ["Alert fired before users reported it"],
        "went_wrong": ["Rotation had been off for nine days"],
        "lessons_technical": ["Every stateful volume needs a growth-rate alert"],
        "lessons_process": ["Base image changes get a checklist item for timers"],
        "lessons_prevention": ["Smoke-test timers after each image build"],
    },
    "ko": {
        "tldr": "api-3의 /var/log 볼륨이 가득 차 해당 인스턴스에서 업로드와 요청 로그가 35분간 "
        "실패했고, 로드밸런서에서 제외한 뒤 로그를 순환해 복구했습니다.",
        "impact_users": "업로드 요청의 약 4 % (api-3로 라우팅된 요청)",
        "impact_failed_requests": "업로드 실패 1,240건",
        "root_cause_direct": "api-3의 로그 순환이 멈춰 /var/log가 100 %에 도달했습니다.",
        "root_cause_technical": "이미지 변경으로 logrotate 타이머가 비활성화되었고, 볼륨 증가 "
        "속도를 감시하는 알림이 없었습니다.",
        "five_whys": [
            {"question": "왜 업로드가 실패했나?", "answer": "/var/log 쓰기가 실패했다."},
            {"question": "왜 쓰기가 실패했나?", "answer": "볼륨이 100 % 찼다."},
            {"question": "왜 볼륨이 찼나?", "answer": "9일 동안 로그가 순환되지 않았다."},
            {"question": "왜 순환되지 않았나?", "answer": "이미지가 타이머를 비활성화했다."},
            {
                "question": "왜 알아차리지 못했나?",
                "answer": "순환을 확인하는 점검과 증가 속도 알림이 없었다.",
            },
        ],
        "root_cause_summary": "기본 이미지 변경이 점검 없이 로그 순환을 비활성화했다.",
        "contributing_factors": ["디스크 증가 속도 알림 없음", "이미지 변경에 스모크 테스트 없음"],
        "went_well": ["사용자 신고 전에 알림이 울렸다"],
        "went_wrong": ["9일 동안 순환이 꺼져 있었다"],
        "lessons_technical": ["상태를 가진 모든 볼륨에 증가 속도 알림이 필요하다"],
        "lessons_process": ["기본 이미지 변경 체크리스트에 타이머 항목을 추가한다"],
        "lessons_prevention": ["이미지 빌드마다 타이머 스모크 테스트를 한다"],
    },
}


async def write_postmortem(client: Client, lang: str = "en") -> dict[str, Any]:
    """Play seed 000's agent on the demo's open incident; return the final lint report."""
    listed = await call(client, "list_incidents", active_only=True)
    incident = next(i for i in listed["items"] if i["title"] == OPEN_INCIDENT)
    key = incident["id"]
    record = await call(client, "get_incident", incident_id=key)
    assert record["timeline"], "the incident's timeline is the agent's raw material"
    await call(
        client,
        "add_timeline_note",
        incident_id=key,
        text="Assistant: timeline reviewed, drafting the postmortem.",
    )
    for state in ("mitigated", "resolved"):
        await call(client, "change_incident_state", incident_id=key, to=state, confirm=True)
    for title, kind, owner in (
        ("Alert on /var/log growth rate above 5 %/h", "monitoring", "minsu"),
        ("Re-enable logrotate in the base image with a boot check", "code-fix", "jane"),
    ):
        await call(
            client,
            "create_action_item",
            incident_id=key,
            title=title,
            item_type=kind,
            priority="P1",
            owner=owner,
        )
    draft = await call(client, "draft_postmortem", incident_id=key, lang=lang)
    before = await call(client, "lint_postmortem", incident_id=key)
    assert before["errors"] > 0, "an unfilled draft must not pass the linter"
    await call(
        client,
        "update_postmortem",
        incident_id=key,
        revision=draft["revision"],
        sections=FILLED[lang],
    )
    report: dict[str, Any] = await call(client, "lint_postmortem", incident_id=key)
    report["incident_id"] = key
    return report
