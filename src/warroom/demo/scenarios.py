"""Demo incidents modelled on the example incidents in the user's seed documents.

Each scenario is a script of steps replayed through the real actions, so the demo
exercises the same write path as a real incident. Text is our own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any


@dataclass(frozen=True)
class Step:
    """One thing that happened: `at` is minutes after the scenario's origin."""

    at: float
    do: str
    actor: str
    args: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Scenario:
    key: str
    origin: datetime | None  # None: relative to "now" (an incident still running)
    declare: dict[str, Any]
    steps: tuple[Step, ...]


def _dt(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


POOL_EXHAUSTION = Scenario(
    key="pool-exhaustion-v2.3.4",
    origin=_dt("2024-01-15T14:32:00"),
    declare={
        "title": "API outage: database connection pool exhausted after v2.3.4",
        "user_impact": "all",
        "business_impact": "revenue",
        "services": ["api", "user-profile", "postgres"],
        "detection_source": "monitoring",
        "deploy_version": "v2.3.4",
        "summary": "Every API request failed with 5xx while the database connection pool "
        "stayed at its limit; the profile endpoint's new cache path leaked connections.",
        "started_offset": -2,
        "declared_offset": 1,
    },
    steps=(
        Step(
            -17,
            "timeline",
            "deploy-bot",
            {"kind": "deploy", "body": "v2.3.4 rolled out to all instances"},
        ),
        Step(
            0,
            "timeline",
            "cloudwatch",
            {"kind": "alert", "body": "HighErrorRate alarm: 5xx above 20 %"},
        ),
        Step(3, "ack", "jane"),
        Step(3, "assign", "jane", {"role": "incident_commander", "handle": "jane"}),
        Step(3.5, "assign", "jane", {"role": "dba", "handle": "john"}),
        Step(
            4, "update", "jane", {"body": "All API calls failing. Investigating the database tier."}
        ),
        Step(5, "investigate", "jane"),
        Step(
            6,
            "timeline",
            "john",
            {
                "kind": "evidence",
                "body": "Connection pool at 100 % (max 20); most connections idle in transaction",
            },
        ),
        Step(
            8,
            "timeline",
            "john",
            {
                "kind": "action",
                "body": "Terminated long-running queries: no change, pool refilled within seconds",
            },
        ),
        Step(
            9,
            "update",
            "jane",
            {"body": "Pool exhausted; v2.3.4 (deployed 17 min before the alarm) is the suspect."},
        ),
        Step(11, "timeline", "jane", {"kind": "decision", "body": "Roll back to v2.3.3"}),
        Step(13, "timeline", "jane", {"kind": "action", "body": "Rollback to v2.3.3 started"}),
        Step(14, "update", "jane", {"body": "Rolling back to v2.3.3."}),
        Step(
            15,
            "mitigate",
            "jane",
            {"note": "Rollback complete; connections draining, error rate falling"},
        ),
        Step(18, "timeline", "jane", {"kind": "note", "body": "Error rate back under 0.5 %"}),
        Step(25, "resolve", "jane", {"note": "All checks green; watching for 30 minutes"}),
        Step(58, "close", "jane"),
    ),
)

LLM_OOM = Scenario(
    key="llm-oom-circuit-breaker",
    origin=_dt("2025-10-14T10:15:00"),
    declare={
        "title": "Creative-mode LLM unresponsive: out of memory, breaker downshifted traffic",
        "severity": "P2",
        "user_impact": "some",
        "business_impact": "work",
        "services": ["llm-gateway", "qwen-inference"],
        "detection_source": "monitoring",
        "deploy_version": "v2.1.3",
        "summary": "The inference process ran out of memory after a slow leak in the attention "
        "cache; the circuit breaker moved creative requests to balanced mode.",
        "started_offset": -5,
        "declared_offset": 1,
    },
    steps=(
        Step(
            0,
            "timeline",
            "prometheus",
            {"kind": "alert", "body": "LLMHealthCheckFailing: creative backend not answering"},
        ),
        Step(3, "ack", "alice"),
        Step(3, "assign", "alice", {"role": "incident_commander", "handle": "alice"}),
        Step(
            7,
            "timeline",
            "llm-gateway",
            {"kind": "action", "body": "Circuit breaker opened: creative → balanced downshift"},
        ),
        Step(
            8,
            "update",
            "alice",
            {"body": "Creative mode degraded; requests served by balanced mode."},
        ),
        Step(10, "investigate", "alice", {"note": "Memory at 15.8 GB on the inference host: OOM"}),
        Step(
            10.5,
            "timeline",
            "alice",
            {"kind": "evidence", "body": "Memory grew from 8 GB to 15 GB over 48 h since v2.1.3"},
        ),
        Step(
            20,
            "timeline",
            "alice",
            {
                "kind": "decision",
                "body": "Restart inference with more memory; fix the cache release separately",
            },
        ),
        Step(23, "update", "alice", {"body": "Restarting the inference service with more memory."}),
        Step(25, "mitigate", "alice", {"note": "Service restarted; creative traffic restored"}),
        Step(40, "timeline", "alice", {"kind": "note", "body": "Creative p95 back to 3.9 s"}),
        Step(47, "resolve", "alice"),
        Step(80, "close", "alice"),
    ),
)

CANARY_N_PLUS_ONE = Scenario(
    key="canary-n-plus-one",
    origin=_dt("2025-10-22T14:35:00"),
    declare={
        "title": "Canary rollout: recommendation latency tripled (N+1 queries)",
        "severity": "P2",
        "user_impact": "very_few",
        "business_impact": "revenue",
        "services": ["recommendations", "api"],
        "detection_source": "apm",
        "deploy_version": "phase-4 canary",
        "summary": "The canary's recommendation engine issued one query per item (about 400 per "
        "request); p95 rose from 150 ms to 450 ms and errors to 9 % for canary users.",
        "started_offset": -20,
        "declared_offset": 0,
    },
    steps=(
        Step(
            -35,
            "timeline",
            "sena",
            {"kind": "deploy", "body": "Phase 4 canary deployment started (10 % of traffic)"},
        ),
        Step(
            -30, "timeline", "lemun", {"kind": "note", "body": "First canary metrics look normal"}
        ),
        Step(-20, "timeline", "apm", {"kind": "alert", "body": "Canary p95 latency rising"}),
        Step(
            0,
            "ack",
            "lemun",
            {"note": "Anomaly confirmed by a person 20 min after the first signal"},
        ),
        Step(0.5, "assign", "lemun", {"role": "incident_commander", "handle": "sena"}),
        Step(2, "timeline", "sena", {"kind": "decision", "body": "Roll the canary back to legacy"}),
        Step(
            3, "mitigate", "gitco", {"note": "Rollback complete; 100 % on legacy, metrics normal"}
        ),
        Step(10, "resolve", "sena"),
        Step(45, "close", "sena"),
    ),
)

DISK_FULL_NOW = Scenario(
    key="disk-full-log-volume",
    origin=None,
    declare={
        "title": "api-3 log volume full: uploads failing",
        "severity": "P2",
        "user_impact": "some",
        "business_impact": "work",
        "services": ["api", "uploads"],
        "detection_source": "monitoring",
        "summary": "No space left on device on api-3's /var/log volume; uploads and request "
        "logging fail on that instance.",
        "started_offset": -4,
        "declared_offset": 0,
    },
    steps=(
        Step(
            0,
            "timeline",
            "prometheus",
            {"kind": "alert", "body": "NodeFilesystemAlmostOutOfSpace on api-3:/var/log"},
        ),
        Step(2, "ack", "minsu"),
        Step(2, "assign", "minsu", {"role": "incident_commander", "handle": "minsu"}),
        Step(
            3,
            "update",
            "minsu",
            {"body": "Uploads failing on api-3; removing it from the load balancer."},
        ),
        Step(4, "investigate", "minsu"),
        Step(
            5, "timeline", "minsu", {"kind": "runbook_step", "body": "df -h: /var/log 100 % used"}
        ),
        Step(
            7,
            "timeline",
            "minsu",
            {
                "kind": "runbook_step",
                "body": "du: rotated logs of the last 30 days, logrotate not running",
            },
        ),
    ),
)

SCENARIOS = (POOL_EXHAUSTION, LLM_OOM, CANARY_N_PLUS_ONE, DISK_FULL_NOW)
