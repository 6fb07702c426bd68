"""Template mining: grouping, stable ids, no eviction."""

from __future__ import annotations

import random

import pytest

from warroom.evidence.analysis.miner import TemplateMiner, pattern_id


def mine(messages: list[str]) -> tuple[list[str], dict[str, str]]:
    miner = TemplateMiner()
    clusters = [miner.add(message) for message in messages]
    patterns, slot = miner.finish()
    ids = [patterns[slot[index]].id for index in clusters]
    return ids, {p.id: p.template for p in patterns}


@pytest.mark.parametrize(
    ("messages", "groups"),
    [
        (["took 12 ms", "took 7 ms", "took 1500 ms"], [0, 0, 0]),
        (
            ["user alice logged in", "user bob logged in", "user carol logged in", "disk full"],
            [0, 0, 0, 1],
        ),
        (["transfer begin now", "transfer end now"], [0, 1]),
        (["stored as bytes in memory", "stored as values in memory"] * 3, [0, 1] * 3),
        (
            [
                "Starting TrustedInstaller initialization.",
                "Ending TrustedInstaller initialization.",
            ],
            [0, 1],
        ),
        (
            [
                "Failed password for root from 1.2.3.4 port 22 ssh2",
                "Failed password for admin from 5.6.7.8 port 4242 ssh2",
                "Failed password for guest from 5.6.7.9 port 4243 ssh2",
                "Accepted password for root from 1.2.3.4 port 22 ssh2",
            ],
            [0, 0, 0, 1],
        ),
        (["delete blk_1 blk_2 blk_3", "delete blk_9", "delete blk_4 blk_5"], [0, 0, 0]),
        (["a b c", "a b c d"], [0, 1]),
    ],
)
def test_grouping_on_known_inputs(messages: list[str], groups: list[int]) -> None:
    ids, _ = mine(messages)
    first_index: dict[str, int] = {}
    normalised = [first_index.setdefault(i, len(first_index)) for i in ids]
    assert normalised == groups


def test_templates_show_variables_as_wildcards() -> None:
    _, templates = mine(
        [f"user {name} logged in from 10.0.0.{i}" for i, name in enumerate(("al", "bo", "cy"))]
    )
    assert list(templates.values()) == ["user <*> logged in from <*>"]


def test_two_words_in_one_slot_are_two_events_until_a_third_comes() -> None:
    ids, _ = mine(["job started now", "job stopped now"])
    assert len(set(ids)) == 2


def test_templates_keep_the_real_digits_of_identifiers() -> None:
    _, templates = mine(["eth1 link up after 5 s"])
    assert list(templates.values()) == ["eth1 link up after <*>"]


def test_ids_are_the_same_across_runs_and_orders() -> None:
    messages = [f"job {i} finished in {i * 3} ms" for i in range(50)]
    messages += [f"cache miss for key k{i}" for i in range(50)] + ["disk full"] * 5
    first, _ = mine(messages)
    shuffled = messages[:]
    random.Random(7).shuffle(shuffled)
    second, _ = mine(shuffled)
    assert dict(zip(messages, first, strict=True)) == dict(zip(shuffled, second, strict=True))


def test_id_is_a_function_of_the_template() -> None:
    assert pattern_id("disk full") == pattern_id("disk full")
    assert pattern_id("disk full") != pattern_id("disk empty")


def test_clusters_are_never_evicted() -> None:
    miner = TemplateMiner()
    words = [f"event{chr(97 + i % 26)}{chr(97 + i // 26 % 26)}" for i in range(3000)]
    first = [miner.add(f"{word} happened here now") for word in words]
    again = [miner.add(f"{word} happened here now") for word in words]
    assert first == again
    assert len(miner.clusters) >= 676


def test_a_general_pattern_absorbs_earlier_specific_ones() -> None:
    ids, templates = mine(
        [
            "session opened for user root",
            "session opened for user cyrus",
            "session opened for user news",
        ]
    )
    assert len(set(ids)) == 1
    assert list(templates.values()) == ["session opened for user <*>"]
