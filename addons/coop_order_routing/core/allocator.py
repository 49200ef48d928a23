"""Share one demand (an order line) among candidate cooperatives.

Pure Python: dataclasses in, an :class:`AllocationResult` out, no Odoo import. The ORM layer
gathers the candidates in batch, calls :func:`allocate` and writes the result.

Quantities are handled internally as whole numbers of ``step`` (the unit of measure's
rounding), so that conservation is exact: for every demand,
``sum(allocation.qty) + result.unrouted_qty == demand.qty`` (in steps).

Constraints that always hold, whatever the policy:

* only eligible, non-excluded candidates holding every required certification and able to
  deliver before the deadline receive anything;
* nobody receives more than ``Candidate.limit`` (available quantity and what is left of the
  weekly capacity);
* a candidate receives either nothing or at least its minimum quantity.

Policies:

``priority``
    fill the preferred candidate first (lowest ``preferred_rank``), then the next one.
``balanced``
    keep each candidate's share of the routed volume over the rolling window close to its
    target share: the line goes to the candidate furthest below its target share (after this
    line), and is split only when her capacity is short. Lines are not cut into small pieces
    (one purchase line, one delivery), and, without binding capacities, every cooperative's
    routed volume stays within the largest single order of ``target share x total volume``
    (see the property tests).
``capacity``
    proportional to declared weekly capacity (or to the available quantity when no weekly
    capacity is declared).
"""

import math
from dataclasses import dataclass, field
from datetime import date

PRIORITY = "priority"
BALANCED = "balanced"
CAPACITY = "capacity"
POLICIES = (PRIORITY, BALANCED, CAPACITY)

# Decision codes: the ORM layer turns them into translated sentences.
ALLOCATED = "allocated"
INELIGIBLE = "ineligible"
EXCLUDED = "excluded"
MISSING_CERTIFICATION = "missing_certification"
TOO_LATE = "too_late"
NO_CAPACITY = "no_capacity"
BELOW_MIN_QTY = "below_min_qty"
NOT_NEEDED = "not_needed"
# Codes of the quantity left to route.
NO_CANDIDATE = "no_candidate"
NOT_ENOUGH_CAPACITY = "not_enough_capacity"


@dataclass(frozen=True)
class Candidate:
    """A cooperative able (in principle) to supply the product."""

    coop_id: int
    eligible: bool = True
    certifications: frozenset = frozenset()
    available_qty: float = 0.0
    weekly_capacity: float | None = None  # None: no weekly limit declared
    routed_week: float = 0.0  # volume routed to it over the last 7 days
    min_qty: float = 0.0
    lead_time_days: int = 0
    target_share: float | None = None  # 0..1; None: equal share with the others
    routed_window: float = 0.0  # volume routed over the balancing window
    preferred_rank: int = 0  # lower is preferred

    @property
    def limit(self):
        """Most this candidate can take for this demand."""
        limit = max(self.available_qty, 0.0)
        if self.weekly_capacity is not None:
            limit = min(limit, max(self.weekly_capacity - self.routed_week, 0.0))
        return limit

    @property
    def week_binds(self):
        """Whether what is left of the weekly capacity, not the stock, bounds ``limit``."""
        return (
            self.weekly_capacity is not None
            and self.weekly_capacity - self.routed_week < self.available_qty
        )

    @property
    def weight(self):
        """Weight of the ``capacity`` policy: declared capacity, else available quantity."""
        if self.weekly_capacity is not None:
            return max(self.weekly_capacity, 0.0)
        return max(self.available_qty, 0.0)


@dataclass(frozen=True)
class Demand:
    qty: float
    required_certifications: frozenset = frozenset()
    deadline: date | None = None
    today: date | None = None
    excluded_ids: frozenset = frozenset()  # e.g. cooperatives that refused this line
    step: float = 1.0  # rounding of the unit of measure


@dataclass(frozen=True)
class Allocation:
    coop_id: int
    qty: float


@dataclass(frozen=True)
class Decision:
    """Why a candidate received what it received (``qty`` is 0 unless ``allocated``)."""

    coop_id: int
    code: str
    qty: float = 0.0
    detail: dict = field(default_factory=dict)


@dataclass(frozen=True)
class AllocationResult:
    allocations: tuple
    decisions: tuple
    unrouted_qty: float
    unrouted_reason: str | None  # None when everything was allocated

    @property
    def allocated_qty(self):
        return sum(a.qty for a in self.allocations)


def _steps(qty, step):
    """Whole steps in ``qty``, rounding down (a tiny tolerance absorbs float noise)."""
    return max(math.floor(qty / step + 1e-9), 0)


def _steps_up(qty, step):
    return max(math.ceil(qty / step - 1e-9), 0)


def missing_certifications(required, held):
    """Codes of the ``required`` certifications that ``held`` (the codes a cooperative
    holds for the product) lacks, sorted: routing gives her nothing while there are any."""
    return sorted(set(required) - set(held))


def _screen(candidate, demand):
    """Return the code excluding ``candidate`` from ``demand``, or None if it may supply."""
    if candidate.coop_id in demand.excluded_ids:
        return EXCLUDED, {}
    if not candidate.eligible:
        return INELIGIBLE, {}
    missing = missing_certifications(demand.required_certifications, candidate.certifications)
    if missing:
        return MISSING_CERTIFICATION, {"missing": missing}
    if demand.deadline and demand.today:
        days_left = (demand.deadline - demand.today).days
        if candidate.lead_time_days > days_left:
            return TOO_LATE, {"lead_time": candidate.lead_time_days, "days_left": days_left}
    return None, {}


def _largest_remainder(ideal, caps, total):
    """Integer split of ``total`` close to the real ``ideal`` values, within ``caps``."""
    alloc = {cid: min(math.floor(max(x, 0.0)), caps[cid]) for cid, x in ideal.items()}
    left = total - sum(alloc.values())
    order = sorted(ideal, key=lambda cid: (-(ideal[cid] - math.floor(max(ideal[cid], 0.0))), cid))
    while left > 0:
        progressed = False
        for cid in order:
            if left <= 0:
                break
            if alloc[cid] < caps[cid] and ideal[cid] > alloc[cid]:
                alloc[cid] += 1
                left -= 1
                progressed = True
        if not progressed:
            break
    return alloc


def _water_fill(levels, weights, caps, total):
    """Real split of ``total``: x_i = clamp(w_i * L - level_i, 0, cap_i), sum x_i = total.

    ``levels`` are what each candidate already has (in the weights' unit); bisection on L.
    """
    if total <= 0 or not weights:
        return dict.fromkeys(weights, 0.0)

    def fill(level):
        return {
            cid: min(max(weights[cid] * level - levels[cid], 0.0), caps[cid]) for cid in weights
        }

    reachable = {cid: cap for cid, cap in caps.items() if weights[cid] > 0}
    if sum(reachable.values()) <= total:
        return {cid: float(reachable.get(cid, 0)) for cid in weights}
    low, high = 0.0, 1.0
    while sum(fill(high).values()) < total:
        high *= 2
    for _i in range(60):
        mid = (low + high) / 2
        if sum(fill(mid).values()) < total:
            low = mid
        else:
            high = mid
    return fill(high)


def _ideal_split(policy, pool, total, step):
    """Real-valued split of ``total`` steps among ``pool`` (list of candidates) by policy."""
    caps = {c.coop_id: _steps(c.limit, step) for c in pool}
    if policy == PRIORITY:
        ideal, left = {}, total
        for cand in sorted(pool, key=lambda c: (c.preferred_rank, c.coop_id)):
            ideal[cand.coop_id] = float(min(caps[cand.coop_id], left))
            left -= ideal[cand.coop_id]
        return ideal, caps
    if policy == CAPACITY:
        weights = {c.coop_id: c.weight for c in pool}
        if not sum(weights.values()):
            weights = {c.coop_id: 1.0 for c in pool}
        levels = {c.coop_id: 0.0 for c in pool}
        return _water_fill(levels, weights, caps, total), caps
    # balanced: the most deficient candidate (share of window volume + this demand) first
    ideal, left = {}, total
    for cand in _fill_order(BALANCED, pool, dict.fromkeys(caps, 0), step, extra=total):
        ideal[cand.coop_id] = float(min(caps[cand.coop_id], left))
        left -= ideal[cand.coop_id]
    return ideal, caps


def _normalised_targets(pool):
    declared = {c.coop_id: c.target_share for c in pool if c.target_share}
    if not declared:
        return {c.coop_id: 1.0 / len(pool) for c in pool}
    # candidates without a target share get the average of the declared ones
    mean = sum(declared.values()) / len(declared)
    raw = {c.coop_id: declared.get(c.coop_id, mean) for c in pool}
    total = sum(raw.values())
    return {cid: share / total for cid, share in raw.items()}


def _fill_order(policy, pool, alloc, step, extra=0):
    """Order in which (leftover) steps are offered to candidates."""
    if policy == BALANCED:
        targets = _normalised_targets(pool)
        volume = sum(c.routed_window / step for c in pool) + sum(alloc.values()) + extra

        def deficit(cand):
            return targets[cand.coop_id] * volume - cand.routed_window / step - alloc[cand.coop_id]

        return sorted(pool, key=lambda c: (-deficit(c), c.preferred_rank, c.coop_id))
    if policy == CAPACITY:
        return sorted(pool, key=lambda c: (-c.weight, c.preferred_rank, c.coop_id))
    return sorted(pool, key=lambda c: (c.preferred_rank, c.coop_id))


def _repair_minimums(alloc, ideal, pool, mins, total):
    """Raise candidates below their minimum with free steps, then with others' surplus.

    A donor never goes below its own minimum; a candidate that cannot be raised is left as is
    (the caller drops it). The total never changes, so quantity is conserved.
    """
    alloc = dict(alloc)
    offenders = sorted(
        (c for c in pool if 0 < alloc[c.coop_id] < mins[c.coop_id]),
        key=lambda c: (-alloc[c.coop_id], c.preferred_rank, c.coop_id),
    )
    for cand in offenders:
        cid = cand.coop_id
        need = mins[cid] - alloc[cid]
        free = total - sum(alloc.values())
        donors = sorted(
            (c.coop_id for c in pool if c.coop_id != cid and alloc[c.coop_id] > mins[c.coop_id]),
            key=lambda d: (-(alloc[d] - ideal.get(d, 0.0)), -(alloc[d] - mins[d]), d),
        )
        surplus = free + sum(alloc[d] - mins[d] for d in donors)
        if surplus < need:
            continue
        take = min(need, free)
        alloc[cid] += take
        need -= take
        for donor in donors:
            if need <= 0:
                break
            give = min(need, alloc[donor] - mins[donor])
            alloc[donor] -= give
            alloc[cid] += give
            need -= give
    return alloc


def allocate(demand, candidates, policy=BALANCED):
    """Share ``demand`` among ``candidates`` following ``policy``.

    Returns an :class:`AllocationResult` with one decision per candidate and the quantity
    left to route with its reason.
    """
    if policy not in POLICIES:
        raise ValueError(f"unknown routing policy {policy!r}")
    if demand.step <= 0:
        raise ValueError("step must be positive")
    step = demand.step
    total = _steps(demand.qty, step)
    decisions = {}
    pool = []
    for cand in candidates:
        code, detail = _screen(cand, demand)
        if code:
            decisions[cand.coop_id] = Decision(cand.coop_id, code, 0.0, detail)
            continue
        caps = _steps(cand.limit, step)
        mins = max(_steps_up(cand.min_qty, step), 1)
        if caps < mins:
            # what bounds her (stock, or the week's capacity) and the least she is given
            detail = {"limit": caps * step, "min_qty": mins * step, "weekly": cand.week_binds}
            decisions[cand.coop_id] = Decision(cand.coop_id, NO_CAPACITY, 0.0, detail)
            continue
        pool.append(cand)

    mins = {c.coop_id: max(_steps_up(c.min_qty, step), 1) for c in pool}
    below_min = set()
    alloc = {}
    active = list(pool)
    while True:
        ideal, caps = _ideal_split(policy, active, total, step)
        alloc = _largest_remainder(ideal, caps, total) if active else {}
        alloc = _repair_minimums(alloc, ideal, active, mins, total)
        # a candidate gets nothing or at least its minimum: drop the smallest offender
        offenders = [c for c in active if 0 < alloc[c.coop_id] < mins[c.coop_id]]
        if not offenders:
            break
        worst = min(offenders, key=lambda c: (alloc[c.coop_id], -c.preferred_rank, c.coop_id))
        below_min.add(worst.coop_id)
        active = [c for c in active if c.coop_id != worst.coop_id]

    # offer what is left (caps of others, rounding, dropped candidates) in policy order
    caps = {c.coop_id: _steps(c.limit, step) for c in pool}
    for cid in below_min:
        alloc[cid] = 0
    left = total - sum(alloc.values())
    for cand in _fill_order(policy, pool, alloc, step):
        if left <= 0:
            break
        cid = cand.coop_id
        room = caps[cid] - alloc[cid]
        give = min(room, left)
        if alloc[cid] == 0 and give < mins[cid]:
            continue
        if give > 0:
            alloc[cid] += give
            left -= give
            below_min.discard(cid)

    allocations = []
    for cand in pool:
        cid = cand.coop_id
        qty_steps = alloc.get(cid, 0)
        if qty_steps:
            allocations.append(Allocation(cid, qty_steps * step))
            # "full": she was given all she can take (her stock, or her week if "weekly")
            detail = {"policy": policy, "full": qty_steps >= caps[cid], "weekly": cand.week_binds}
            decisions[cid] = Decision(cid, ALLOCATED, qty_steps * step, detail)
        elif cid in below_min:
            decisions[cid] = Decision(cid, BELOW_MIN_QTY, 0.0, {"min_qty": cand.min_qty})
        else:
            decisions[cid] = Decision(cid, NOT_NEEDED, 0.0, {})
    unrouted_steps = total - sum(alloc.values())
    reason = None
    if unrouted_steps:
        reason = NOT_ENOUGH_CAPACITY if pool else NO_CANDIDATE
    # the sub-step remainder of the demand (if qty is not a multiple of step) is unrouted too
    unrouted_qty = demand.qty - sum(a.qty for a in allocations)
    if unrouted_qty > step * 1e-6 and reason is None:
        reason = NOT_ENOUGH_CAPACITY if pool else NO_CANDIDATE
    return AllocationResult(
        allocations=tuple(allocations),
        decisions=tuple(decisions[c.coop_id] for c in candidates if c.coop_id in decisions),
        unrouted_qty=max(unrouted_qty, 0.0) if unrouted_qty > step * 1e-6 else 0.0,
        unrouted_reason=reason,
    )


def spread_rerouted(given, open_qtys):
    """Credit ``given``, the quantity a re-routing gave other cooperatives, to the closed
    (refused or expired) allocations of a line, oldest first: ``open_qtys`` is what each
    has not yet seen re-routed. Returns what each is credited; what is left over covered
    quantity nobody refused (never routed, or added to the order) and is credited to none."""
    credited = []
    for open_qty in open_qtys:
        amount = max(min(given, open_qty), 0.0)
        credited.append(amount)
        given -= amount
    return credited
