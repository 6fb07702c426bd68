"""Streaming log template miner: Drain-style clustering, no eviction, stable ids.

Each message is masked (`masking.mask`), split on whitespace and routed by token count
and first token, as in Drain (He et al., ICWS 2017); inside that group it joins the most
similar cluster when at least `similarity` of its tokens equal the cluster's template,
otherwise it starts a new cluster. A cluster's template turns differing positions into
`<*>`. Clusters are never evicted, so an index handed out once stays valid for the run.

Speed comes from a bounded cache keyed by the message with its digits read as 0 (and,
second, with digit runs squeezed to one 0): a line of a shape seen before costs one
`str.translate` and a dict lookup, with no masking and no search.

`finish()` merges clusters whose templates differ only where one of them already has a
variable, and clusters that differ at one position where three or more values were
seen; it names each pattern by a hash of its template, so the same event gets the same
id in every run and every file, whatever the order of lines.
"""

from __future__ import annotations

import hashlib
import operator
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from warroom.evidence.analysis.masking import WILDCARD, collapse, mask

CACHE_LIMIT = 200_000
CACHE_CHARS = 16_000_000  # characters of cache keys held at most (memory stays bounded)
MAX_CHARS = 4096  # a longer message is cut here for grouping (and counted)
_DIGITS = str.maketrans("123456789", "000000000")
_ZERO_RUNS = re.compile(r"0{2,}")


@dataclass
class Cluster:
    """`tokens` decide matching (digits read as 0); `shown` keeps the real text for people."""

    index: int
    tokens: list[str]
    shown: list[str]
    count: int = 0


@dataclass(frozen=True)
class Pattern:
    """A mined pattern: stable id, template, and the cluster indexes it absorbed."""

    id: str
    template: str
    count: int
    members: tuple[int, ...] = field(default=())


def pattern_id(template: str) -> str:
    """Name a template stably: the same text always gets the same id."""
    return "p" + hashlib.blake2b(template.encode(), digest_size=5).hexdigest()


def _cut(message: str, limit: int) -> str:
    """Cut a message to `limit` characters, at a space when there is one in the last half."""
    space = message.rfind(" ", limit // 2, limit + 1)
    return message[: space if space > 0 else limit]


def _routing_token(token: str) -> str:
    return WILDCARD if WILDCARD in token or any(ch.isdigit() for ch in token) else token


def _squeeze(tokens: list[str]) -> list[str]:
    """Drop repeats of a variable token, so lists of any length share one template."""
    kept = tokens[:1]
    for token in tokens[1:]:
        if token != kept[-1] or WILDCARD not in token:
            kept.append(token)
    return kept


def _word_conflict(template: list[str], tokens: list[str]) -> bool:
    """Say whether a literal word of the template meets another plain word at one place.

    Two words in one slot (`stored as bytes` / `stored as values`, `Starting` /
    `Stopping`) are more often two events than a variable: they stay apart here, and
    the final fold merges them only when the slot shows `VARIABLE_VALUES` or more
    values, as Brain's downward tree splits a group on a position with few values.
    """
    return any(
        a != b and a.isalpha() and b.isalpha() for a, b in zip(template, tokens, strict=True)
    )


def _similarity(template: list[str], tokens: list[str]) -> int:
    return int(sum(map(operator.eq, template, tokens)))  # same length: routed by count


def _generalise(cluster: Cluster, tokens: list[str]) -> None:
    for position, (a, b) in enumerate(zip(cluster.tokens, tokens, strict=True)):
        if a != b:
            cluster.tokens[position] = cluster.shown[position] = WILDCARD


class TemplateMiner:
    """Cluster messages one at a time; `add` returns the message's cluster index."""

    def __init__(self, similarity: float = 0.8, max_chars: int = MAX_CHARS) -> None:
        self.similarity = similarity
        self.max_chars = max_chars
        self.truncated = 0
        self._cached_chars = 0
        self.clusters: list[Cluster] = []
        self._groups: dict[tuple[int, str], list[Cluster]] = {}
        self._seen: dict[str, Cluster] = {}
        self._masked: dict[str, Cluster] = {}

    def add(self, message: str) -> int:
        if len(message) > self.max_chars:
            message = _cut(message, self.max_chars) + " …"  # the template shows the cut
            self.truncated += 1
        skeleton = message.translate(_DIGITS)
        cluster = self._seen.get(skeleton)
        if cluster is None:
            # Numbers of another width: same shape once digit runs are squeezed.
            squeezed = _ZERO_RUNS.sub("0", skeleton)
            cluster = self._seen.get(squeezed)
            if cluster is None:
                cluster = self._lookup(skeleton, message)
                self._remember(squeezed, cluster)
            self._remember(skeleton, cluster)
        cluster.count += 1
        return cluster.index

    def _remember(self, key: str, cluster: Cluster) -> None:
        self._cached_chars += len(key)
        if len(self._seen) >= CACHE_LIMIT or self._cached_chars > CACHE_CHARS:
            self._seen.clear()
            self._masked.clear()
            self._cached_chars = len(key)
        self._seen[key] = cluster

    def add_all(self, messages: Iterable[str]) -> list[int]:
        return [self.add(message) for message in messages]

    def _lookup(self, skeleton: str, message: str) -> Cluster:
        masked = collapse(mask(skeleton))
        cluster = self._masked.get(masked)
        if cluster is None:
            cluster = self._place(_squeeze(masked.split()), message)
            self._cached_chars += len(masked)
            if len(self._masked) >= CACHE_LIMIT:
                self._masked.clear()
            self._masked[masked] = cluster
        return cluster

    def _place(self, tokens: list[str], message: str) -> Cluster:
        key = (len(tokens), _routing_token(tokens[0]) if tokens else "")
        group = self._groups.setdefault(key, [])
        best, best_score = None, -1
        for cluster in group:
            score = _similarity(cluster.tokens, tokens)
            if score > best_score:
                best, best_score = cluster, score
        if (
            best is not None
            and best_score >= self.similarity * len(tokens)
            and not _word_conflict(best.tokens, tokens)
        ):
            _generalise(best, tokens)
            return best
        shown = _squeeze(collapse(mask(message)).split())
        if len(shown) != len(tokens):
            shown = list(tokens)
        cluster = Cluster(len(self.clusters), list(tokens), shown)
        self.clusters.append(cluster)
        group.append(cluster)
        return cluster

    def finish(self) -> tuple[list[Pattern], list[int]]:
        """Return the final patterns and, per cluster index, the pattern it belongs to."""
        return merge_clusters(self.clusters)


def _covers(general: list[str], specific: list[str]) -> bool:
    """Say whether `general` matches `specific` and still says something (half literal)."""
    literal = len(general) - general.count(WILDCARD)
    return 2 * literal >= len(general) > 0 and all(
        a in (WILDCARD, b) for a, b in zip(general, specific, strict=True)
    )


VARIABLE_VALUES = 3


def merge_clusters(clusters: list[Cluster]) -> tuple[list[Pattern], list[int]]:
    """Merge clusters into patterns, then name each pattern by its template.

    Two rules, both about positions that turn out to be variables: a cluster folds into
    a more general one of the same shape that covers it, and clusters that differ at a
    single position where `VARIABLE_VALUES` or more values were seen become one (three
    user names are a variable; "begin" and "end" are two events).
    """
    parent = list(range(len(clusters)))
    _fold_siblings(clusters, parent)
    by_length: dict[int, list[Cluster]] = {}
    for cluster in sorted(clusters, key=lambda c: (-c.tokens.count(WILDCARD), -c.count)):
        if parent[cluster.index] != cluster.index:
            continue
        peers = by_length.setdefault(len(cluster.tokens), [])
        home = next((peer for peer in peers if _covers(peer.tokens, cluster.tokens)), None)
        if home is None:
            peers.append(cluster)
        else:
            parent[cluster.index] = home.index
    for index in range(len(parent)):
        parent[index] = _root(parent, index)
    return _name(clusters, parent)


def _root(parent: list[int], index: int) -> int:
    while parent[index] != index:
        index = parent[index]
    return index


def _chain_hashes(tokens: list[str]) -> list[int]:
    """Hash each prefix of `tokens`: `hashes[i]` stands for `tokens[:i]`.

    A template with one position blanked out is then named by (position, prefix hash,
    suffix hash) in constant space instead of a copy of the whole template, which keeps
    memory linear in the length of long lines. (A 64-bit collision is negligible here.)
    """
    hashes = [0]
    for token in tokens:
        hashes.append(hash((hashes[-1], token)))
    return hashes


def _fold_siblings(clusters: list[Cluster], parent: list[int]) -> None:
    first: dict[int, Cluster] = {}
    siblings: dict[int, tuple[int, list[Cluster]]] = {}
    for cluster in clusters:
        tokens = cluster.tokens
        before = _chain_hashes(tokens)
        after = _chain_hashes(tokens[::-1])[::-1]
        for position in range(1, len(tokens)):
            if tokens[position] != WILDCARD:
                key = hash((position, before[position], after[position + 1]))
                seen = first.setdefault(key, cluster)
                if seen is not cluster:
                    siblings.setdefault(key, (position, [seen]))[1].append(cluster)
    for position, family in siblings.values():
        if len(family) < VARIABLE_VALUES:
            continue
        home = _root(parent, family[0].index)
        for cluster in family[1:]:
            root = _root(parent, cluster.index)
            if root != home:
                parent[root] = home
        clusters[home].tokens[position] = clusters[home].shown[position] = WILDCARD


def _name(clusters: list[Cluster], parent: list[int]) -> tuple[list[Pattern], list[int]]:
    members: dict[int, list[int]] = {}
    for cluster in clusters:
        members.setdefault(parent[cluster.index], []).append(cluster.index)
    patterns: list[Pattern] = []
    slot: dict[int, int] = {}
    for root, indexes in members.items():
        template = " ".join(clusters[root].shown)
        # Named by the matching form with digit runs squeezed: the name does not depend
        # on which line of the pattern happened to come first.
        name = pattern_id(_ZERO_RUNS.sub("0", " ".join(clusters[root].tokens)))
        count = sum(clusters[i].count for i in indexes)
        slot[root] = len(patterns)
        patterns.append(Pattern(name, template, count, tuple(indexes)))
    return patterns, [slot[parent[cluster.index]] for cluster in clusters]
