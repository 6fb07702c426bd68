"""Who is on call, computed from the rules: `shifts` over a range, `on_call` at an instant.

Pure functions over a `SchedulePlan`. For each role the layers are stacked (a higher
layer wins wherever it has someone), then overrides apply in the order they were
made. `assignments_at` answers the same question for one instant by a separate,
direct evaluation; the property tests check the two against each other minute by minute.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from warroom.oncall.spec import (
    OverrideKind,
    OverrideSpec,
    RotationSpec,
    SchedulePlan,
    role_rank,
)
from warroom.oncall.wallclock import to_local, to_utc

_DAY = timedelta(days=1)
_WINDOW = timedelta(days=8)
_MAX_WINDOW = timedelta(days=800)


@dataclass(frozen=True, slots=True)
class Span:
    start: datetime
    end: datetime
    person: str


@dataclass(frozen=True, slots=True)
class Shift:
    """One person's contiguous time on call in one role; `overridden`: an override placed them."""

    role: str
    person: str
    start: datetime
    end: datetime
    overridden: bool = False


class Converter:
    """`wallclock.to_utc` with the zone offset cached per local day (the hot path)."""

    def __init__(self, tz: ZoneInfo) -> None:
        self.tz = tz
        self._offsets: dict[date, timedelta | None] = {}

    def __call__(self, local: datetime) -> datetime:
        day = local.date()
        offset = self._offsets.get(day, _MISSING)
        if offset is _MISSING:
            offset = self._steady_offset(day)
            self._offsets[day] = offset
        if offset is None:
            return to_utc(local, self.tz)
        return (local - offset).replace(tzinfo=UTC)

    def _steady_offset(self, day: date) -> timedelta | None:
        """The day's offset when it does not change between this midnight and the next."""
        first = datetime.combine(day, time()).replace(tzinfo=self.tz).utcoffset()
        last = datetime.combine(day + _DAY, time()).replace(tzinfo=self.tz).utcoffset()
        return first if first == last else None


_MISSING = timedelta(days=-999)


def turns(
    rotation: RotationSpec, convert: Converter, start: datetime, end: datetime
) -> list[tuple[int, datetime, datetime]]:
    """The rotation's turns (number, start, end) cut to [start, end); none before its anchor."""
    if rotation.until is not None:
        end = min(end, convert(rotation.until))
    start = max(start, convert(rotation.anchor))
    if start >= end:
        return []
    step = rotation.step
    turn = max(0, (to_local(start, convert.tz) - rotation.anchor) // step - 1)
    boundary = convert(rotation.anchor + turn * step)
    found: list[tuple[int, datetime, datetime]] = []
    while boundary < end:
        following = convert(rotation.anchor + (turn + 1) * step)
        lo, hi = max(boundary, start), min(following, end)
        if lo < hi:
            found.append((turn, lo, hi))
        turn, boundary = turn + 1, following
    return found


def coverage(
    rotation: RotationSpec, plan: SchedulePlan, convert: Converter, start: datetime, end: datetime
) -> list[tuple[datetime, datetime]] | None:
    """When the rotation's windows (and holidays) are open in [start, end); None: always."""
    if not rotation.windows:
        return None
    pieces: list[tuple[datetime, datetime]] = []
    day = to_local(start, plan.tz).date() - _DAY
    last = to_local(end, plan.tz).date()
    windows = [(w.days, w.start, w.length) for w in rotation.windows]
    while day <= last:
        weekday = day.weekday()
        for days, opening, length in windows:
            if weekday in days:
                opens = datetime.combine(day, opening)
                pieces.append((convert(opens), convert(opens + length)))
        if rotation.holidays and plan.holidays.contains(day):
            midnight = datetime.combine(day, time())
            pieces.append((convert(midnight), convert(midnight + _DAY)))
        day += _DAY
    return _merge((max(lo, start), min(hi, end)) for lo, hi in pieces if hi > start and lo < end)


def _merge(pieces: Iterable[tuple[datetime, datetime]]) -> list[tuple[datetime, datetime]]:
    merged: list[tuple[datetime, datetime]] = []
    for lo, hi in sorted(pieces):
        if lo >= hi:
            continue
        if merged and lo <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], hi))
        else:
            merged.append((lo, hi))
    return merged


def rotation_spans(
    rotation: RotationSpec, plan: SchedulePlan, convert: Converter, start: datetime, end: datetime
) -> list[Span]:
    """Who the rotation puts on call in [start, end), before layers and overrides."""
    if rotation.fixed is not None:
        return [
            Span(max(f.start, start), min(f.end, end), f.person)
            for f in rotation.fixed
            if f.end > start and f.start < end
        ]
    raw = turns(rotation, convert, start, end)
    allowed = coverage(rotation, plan, convert, start, end)
    if allowed is None:
        return [Span(lo, hi, rotation.person(turn)) for turn, lo, hi in raw]
    spans: list[Span] = []
    i = j = 0
    while i < len(raw) and j < len(allowed):
        turn, t_lo, t_hi = raw[i]
        a_lo, a_hi = allowed[j]
        lo, hi = max(t_lo, a_lo), min(t_hi, a_hi)
        if lo < hi:
            spans.append(Span(lo, hi, rotation.person(turn)))
        if t_hi <= a_hi:
            i += 1
        else:
            j += 1
    return spans


def shifts(plan: SchedulePlan, start: datetime, end: datetime) -> list[Shift]:
    """Every contiguous shift in [start, end), by role (paging order), then start."""
    convert = Converter(plan.tz)
    by_role: dict[str, dict[int, list[Span]]] = defaultdict(lambda: defaultdict(list))
    for rotation in plan.rotations:
        layer = by_role[rotation.role][rotation.layer]
        layer.extend(rotation_spans(rotation, plan, convert, start, end))
    overrides: dict[str, list[OverrideSpec]] = defaultdict(list)
    for override in plan.overrides:
        if override.end > start and override.start < end:
            overrides[override.role].append(override)
    result: list[Shift] = []
    for role in plan.roles():
        result.extend(_stack(role, by_role.get(role, {}), overrides.get(role, []), start, end))
    return result


@dataclass(slots=True)
class _Open:
    start: datetime
    overridden: bool


def _stack(
    role: str,
    layers: dict[int, list[Span]],
    overrides: list[OverrideSpec],
    start: datetime,
    end: datetime,
) -> list[Shift]:
    """Sweep the role's boundaries: top layer with someone, then overrides, then merge."""
    changes: dict[datetime, list[tuple[int, int, str]]] = defaultdict(list)
    for layer, spans in layers.items():
        for span in spans:
            changes[span.start].append((1, layer, span.person))
            changes[span.end].append((-1, layer, span.person))
    ov_changes: dict[datetime, list[tuple[int, OverrideSpec]]] = defaultdict(list)
    for override in overrides:
        ov_changes[max(override.start, start)].append((1, override))
        ov_changes[min(override.end, end)].append((-1, override))
    points = sorted(set(changes) | set(ov_changes) | {start, end})
    order = sorted(layers, reverse=True)
    active: dict[int, Counter[str]] = {layer: Counter() for layer in order}
    active_ov: dict[int, OverrideSpec] = {}
    running: dict[str, _Open] = {}
    done: list[Shift] = []
    previous: tuple[set[str], set[str]] = (set(), set())
    for here in points[:-1]:
        _move(changes.get(here, ()), ov_changes.get(here, ()), active, active_ov)
        people, placed = _resolved(order, active, active_ov)
        if people == previous[0] and placed == previous[1]:
            continue  # a change below the top layer, or none that shows
        previous = (people, placed)
        for person in [p for p in running if p not in people]:
            piece = running.pop(person)
            done.append(Shift(role, person, piece.start, here, piece.overridden))
        for person in people:
            piece = running.setdefault(person, _Open(here, False))
            piece.overridden = piece.overridden or person in placed
    for person, piece in running.items():
        done.append(Shift(role, person, piece.start, end, piece.overridden))
    return sorted(done, key=lambda s: (s.start, s.person))


def _move(
    changes: Iterable[tuple[int, int, str]],
    ov_changes: Iterable[tuple[int, OverrideSpec]],
    active: dict[int, Counter[str]],
    active_ov: dict[int, OverrideSpec],
) -> None:
    """Apply the spans and overrides that start or end at one boundary."""
    for sign, layer, person in changes:
        counter = active[layer]
        counter[person] += sign
        if not counter[person]:
            del counter[person]
    for sign, override in ov_changes:
        if sign > 0:
            active_ov[override.id] = override
        else:
            active_ov.pop(override.id, None)


def _resolved(
    order: list[int], active: dict[int, Counter[str]], overrides: dict[int, OverrideSpec]
) -> tuple[set[str], set[str]]:
    """The top layer's people, then the overrides in force (in the order they were made)."""
    people: set[str] = next((set(active[layer]) for layer in order if active[layer]), set())
    if not overrides:
        return people, set()
    return apply_overrides(people, [overrides[key] for key in sorted(overrides)])


def apply_overrides(
    people: set[str], overrides: Iterable[OverrideSpec]
) -> tuple[set[str], set[str]]:
    """Apply overrides in order; return who is on call and who an override put there."""
    people = set(people)
    placed: set[str] = set()
    for override in overrides:
        if override.kind is OverrideKind.REMOVE:
            people.discard(override.person)
            placed.discard(override.person)
        elif override.kind is OverrideKind.ADD:
            people.add(override.person)
            placed.add(override.person)
        elif override.replaces is None:
            people, placed = {override.person}, {override.person}
        elif override.replaces in people:
            people.discard(override.replaces)
            placed.discard(override.replaces)
            people.add(override.person)
            placed.add(override.person)
    return people, placed


def on_call(
    plan: SchedulePlan, instant: datetime, *, max_reach: timedelta = _MAX_WINDOW
) -> list[Shift]:
    """The shifts containing `instant`, each whole (up to `max_reach` away), primary first."""
    reach = min(_WINDOW, max_reach)
    while True:
        found = [
            s for s in shifts(plan, instant - reach, instant + reach) if s.start <= instant < s.end
        ]
        clipped = any(s.start == instant - reach or s.end == instant + reach for s in found)
        if not clipped or reach >= max_reach:
            return sorted(found, key=lambda s: (role_rank(s.role), s.start, s.person))
        reach = min(reach * 4, max_reach)


def assignments_at(plan: SchedulePlan, instant: datetime) -> dict[str, set[str]]:
    """Who holds each role at one instant, evaluated directly from the rules."""
    result: dict[str, set[str]] = {}
    for role in plan.roles():
        layers: dict[int, set[str]] = defaultdict(set)
        for rotation in plan.rotations:
            if rotation.role == role:
                layers[rotation.layer] |= _rotation_at(rotation, plan, instant)
        people: set[str] = set()
        for layer in sorted(layers, reverse=True):
            if layers[layer]:
                people = layers[layer]
                break
        active = [
            o
            for o in sorted(plan.overrides, key=lambda o: o.id)
            if o.role == role and o.start <= instant < o.end
        ]
        people, _placed = apply_overrides(people, active)
        if people:
            result[role] = people
    return result


def _rotation_at(rotation: RotationSpec, plan: SchedulePlan, instant: datetime) -> set[str]:
    tz = plan.tz
    if rotation.fixed is not None:
        return {f.person for f in rotation.fixed if f.start <= instant < f.end}
    if instant < to_utc(rotation.anchor, tz):
        return set()
    if rotation.until is not None and instant >= to_utc(rotation.until, tz):
        return set()
    if not _window_open(rotation, plan, instant):
        return set()
    step = rotation.step
    turn = (to_local(instant, tz) - rotation.anchor) // step
    while to_utc(rotation.anchor + turn * step, tz) > instant:
        turn -= 1
    while to_utc(rotation.anchor + (turn + 1) * step, tz) <= instant:
        turn += 1
    return {rotation.person(turn)}


def _window_open(rotation: RotationSpec, plan: SchedulePlan, instant: datetime) -> bool:
    if not rotation.windows:
        return True
    tz = plan.tz
    today = to_local(instant, tz).date()
    for day in (today - _DAY, today):
        for window in rotation.windows:
            if day.weekday() in window.days:
                opens = datetime.combine(day, window.start)
                if to_utc(opens, tz) <= instant < to_utc(opens + window.length, tz):
                    return True
        if rotation.holidays and plan.holidays.contains(day):
            midnight = datetime.combine(day, time())
            if to_utc(midnight, tz) <= instant < to_utc(midnight + _DAY, tz):
                return True
    return False
