"""What the demo's responders wrote into their postmortems before review.

A draft only holds what the incident knows; the demo fills in what people write (root
cause, 5 Whys, factors, lessons) and imports it through the real import action, so the
postmortems that reach review and publication pass the linter like a team's would.
Text is our own, modelled on the seeds' example incidents.
"""

from __future__ import annotations

from typing import Any

from warroom.postmortems.document import Why


def _whys(pairs: list[tuple[str, str]]) -> list[Why]:
    return [Why(question=q, answer=a) for q, a in pairs]


WRITEUPS: dict[str, dict[str, Any]] = {
    "pool-exhaustion-v2.3.4": {
        "impact_users": "~50,000 (100% of API users)",
        "impact_failed_requests": "~125,000",
        "impact_revenue": "~$15,000 (estimate)",
        "impact_data_loss": "No",
        "root_cause_direct": "The user-profile endpoint's new cache path in v2.3.4 took a "
        "database connection from the pool and never released it.",
        "root_cause_technical": "Each profile request that missed the cache leaked one "
        "connection. With 20 connections per instance the pool was exhausted 17 minutes after "
        "the deploy; every request then waited for a connection and timed out with 5xx.",
        "five_whys": _whys(
            [
                ("Why did every API request fail?", "The connection pool stayed at its limit"),
                ("Why did the pool stay full?", "Connections were not returned to it"),
                ("Why were they not returned?", "The new cache path had no finally/release"),
                ("Why did review not flag it?", "No checklist item covers connection handling"),
                ("Why did tests not catch it?", "Load tests ran 5 minutes, below the leak's time"),
            ]
        ),
        "root_cause_summary": "Nothing in review, tests or monitoring checked that "
        "connections are released.",
        "detection_delay": "No alert watched pool utilisation; the first alarm was the error "
        "rate, 17 minutes after the deploy.",
        "resolution_mitigation": "Rollback to v2.3.3 at 14:45 UTC; connections drained and the "
        "error rate fell under 0.5% by 14:50.",
        "resolution_root_fix": "PR #1235 releases the connection in a finally block.",
        "contributing_factors": [
            "Load tests ran for 5 minutes with too few concurrent users to exhaust the pool",
            "No alert on connection pool utilisation, only on query latency",
            "The PR checklist has no item for resource handling",
            "The release went to 100% of instances at once, without a canary",
        ],
        "went_well": [
            "The error-rate alarm fired within 3 minutes of the first failures",
            "The DBA runbook had the exact steps to inspect the pool",
            "Rollback took under 2 minutes",
        ],
        "went_wrong": [
            "17 minutes between the deploy and the first alert",
            "Killing long-running queries was tried first and did not help",
        ],
        "lessons_technical": ["Connection leaks only show under sustained load"],
        "lessons_process": ["A 10% canary would have limited the impact to a tenth of users"],
        "lessons_prevention": ["Alert on pool utilisation before latency degrades"],
    },
    "llm-oom-circuit-breaker": {
        "tldr": "On 2025-10-14 the creative-mode inference service ran out of memory after a "
        "slow leak in the attention cache introduced in v2.1.3; p95 latency reached 15 s for "
        "about 25% of creative requests for 47 minutes. The circuit breaker moved traffic to "
        "balanced mode while the service was restarted with more memory.",
        "impact_users": "~25% of creative-mode users (~5,000 requests)",
        "impact_degradation": "creative p95 latency 3.8 s → 15 s",
        "impact_failed_requests": "~1,200 timed out before the breaker opened",
        "impact_revenue": "none (no billing affected)",
        "impact_data_loss": "No",
        "impact_slo": "creative p95 < 4.5 s violated (15 s)",
        "impact_error_budget": "82% → 95% consumed",
        "root_cause_direct": "The attention cache did not release buffers after sequences "
        "longer than 2,048 tokens.",
        "root_cause_technical": "A refactoring in v2.1.3 changed reference counting in the "
        "cache; entries for long sequences kept one reference too many. Memory grew from 8 GB "
        "to 15 GB over 48 hours until the process was killed for lack of memory.",
        "five_whys": _whys(
            [
                (
                    "Why did creative mode stop answering?",
                    "The inference process ran out of memory",
                ),
                ("Why did it run out of memory?", "The attention cache kept growing"),
                ("Why did the cache keep growing?", "Long-sequence entries were never released"),
                ("Why were they never released?", "Reference counting changed in v2.1.3"),
                (
                    "Why was it not found before production?",
                    "Load tests only used prompts under 1,024 tokens",
                ),
            ]
        ),
        "root_cause_summary": "Load tests did not exercise long sequences, and no alert "
        "watched memory growth, so a slow leak reached production unnoticed.",
        "detection_delay": "Memory stayed inside the normal range until the last 30 minutes; "
        "no alert existed for gradual growth.",
        "resolution_mitigation": "The circuit breaker downshifted creative traffic to balanced "
        "mode at 10:22; the service was restarted with a 24 GB limit at 10:40.",
        "resolution_root_fix": "Hotfix v2.1.4 corrects the reference counting (deployed 14:00).",
        "contributing_factors": [
            "Load tests used prompts under 1,024 tokens",
            "Memory alerts watched the absolute level, not its growth rate",
            "The 16 GB limit left little headroom for production traffic",
        ],
        "went_well": [
            "The circuit breaker limited the impact to a quarter of creative requests",
            "The health-check alert fired 5 minutes after the service stopped answering",
            "The runbook gave the on-call engineer a clear restart procedure",
        ],
        "went_wrong": [
            "A gradual leak was invisible to the existing monitors",
            "The status page was updated 15 minutes after the breaker opened",
        ],
        "lucky": ["The breaker's balanced mode had spare capacity that afternoon"],
        "lessons_technical": [
            "Gradual degradation needs rate-of-change alerts, not only thresholds",
            "Circuit breakers contain the blast radius of a failing model backend",
        ],
        "lessons_process": ["Load-test scenarios should mirror production prompt lengths"],
        "lessons_prevention": ["Soak tests with long prompts before each release"],
        "appendix_code_fix": "v2.1.4: release cache entries when their last reader finishes.",
    },
}


def writeup(key: str) -> dict[str, Any]:
    """The fields the responders wrote for scenario `key` (none for a draft left as is)."""
    return WRITEUPS.get(key, {})
