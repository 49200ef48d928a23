"""Allocator properties (pure core, hypothesis) collected by Odoo's test runner."""

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from odoo.addons.coop_gie.tests.common import property_settings
from odoo.tests import BaseCase, tagged

from ..core import allocator as al

STEP = 1.0
EPS = 1e-6


def candidates_strategy(max_size=6):
    candidate = st.builds(
        al.Candidate,
        coop_id=st.integers(1, 10_000),
        eligible=st.booleans(),
        certifications=st.frozensets(st.sampled_from(["ONSSA", "ORGANIC", "IGP"]), max_size=3),
        available_qty=st.integers(0, 300).map(float),
        weekly_capacity=st.one_of(st.none(), st.integers(0, 300).map(float)),
        routed_week=st.integers(0, 200).map(float),
        min_qty=st.integers(0, 60).map(float),
        lead_time_days=st.integers(0, 20),
        target_share=st.one_of(st.none(), st.floats(0.05, 1.0)),
        routed_window=st.integers(0, 2000).map(float),
        preferred_rank=st.integers(0, 5),
    )
    return st.lists(candidate, max_size=max_size, unique_by=lambda c: c.coop_id)


def demand_strategy():
    today = date(2026, 1, 15)
    return st.builds(
        al.Demand,
        qty=st.integers(0, 800).map(float),
        required_certifications=st.frozensets(st.sampled_from(["ONSSA", "ORGANIC"]), max_size=2),
        deadline=st.one_of(st.none(), st.integers(0, 30).map(lambda d: today + timedelta(d))),
        today=st.just(today),
        excluded_ids=st.frozensets(st.integers(1, 10_000), max_size=2),
    )


@tagged("post_install", "-at_install")
class TestAllocatorProperties(BaseCase):
    @property_settings(300)
    @given(demand_strategy(), candidates_strategy(), st.sampled_from(al.POLICIES))
    def test_quantity_conserved(self, demand, candidates, policy):
        result = al.allocate(demand, candidates, policy)
        self.assertAlmostEqual(result.allocated_qty + result.unrouted_qty, demand.qty, delta=EPS)
        self.assertEqual(result.unrouted_reason is None, result.unrouted_qty < EPS)
        # one explained decision per candidate
        self.assertEqual(
            sorted(d.coop_id for d in result.decisions), sorted(c.coop_id for c in candidates)
        )

    @property_settings(300)
    @given(demand_strategy(), candidates_strategy(), st.sampled_from(al.POLICIES))
    def test_constraints_never_violated(self, demand, candidates, policy):
        result = al.allocate(demand, candidates, policy)
        by_id = {c.coop_id: c for c in candidates}
        days_left = demand.deadline and (demand.deadline - demand.today).days
        for allocation in result.allocations:
            cand = by_id[allocation.coop_id]
            self.assertGreater(allocation.qty, 0)
            self.assertTrue(cand.eligible)
            self.assertNotIn(cand.coop_id, demand.excluded_ids)
            self.assertLessEqual(demand.required_certifications, cand.certifications)
            self.assertLessEqual(allocation.qty, cand.available_qty + EPS)
            if cand.weekly_capacity is not None:
                self.assertLessEqual(allocation.qty, cand.weekly_capacity - cand.routed_week + EPS)
            self.assertGreaterEqual(allocation.qty, cand.min_qty - EPS)
            if demand.deadline:
                self.assertLessEqual(cand.lead_time_days, days_left)
            self.assertAlmostEqual(allocation.qty % STEP, 0.0, delta=EPS)
        decisions = {d.coop_id: d for d in result.decisions}
        for cand in candidates:
            allocated = any(a.coop_id == cand.coop_id for a in result.allocations)
            self.assertEqual(decisions[cand.coop_id].code == al.ALLOCATED, allocated)

    @property_settings(200)
    @given(demand_strategy(), candidates_strategy(), st.sampled_from(al.POLICIES))
    def test_nothing_left_when_it_fits(self, demand, candidates, policy):
        """Without minimum quantities, quantity stays unrouted only if capacity is short."""
        candidates = [al.Candidate(**{**c.__dict__, "min_qty": 0.0}) for c in candidates]
        result = al.allocate(demand, candidates, policy)
        feasible = [
            c
            for c in candidates
            if al._screen(c, demand)[0] is None  # pylint: disable=protected-access
        ]
        room = sum(int(c.limit) for c in feasible)
        self.assertAlmostEqual(result.unrouted_qty, max(demand.qty - room, 0.0), delta=EPS)

    @property_settings(200)
    @given(st.integers(0, 500), candidates_strategy(max_size=5))
    def test_priority_fills_preferred_first(self, qty, candidates):
        candidates = [
            al.Candidate(**{**c.__dict__, "min_qty": 0.0, "eligible": True, "lead_time_days": 0})
            for c in candidates
        ]
        result = al.allocate(al.Demand(qty=float(qty)), candidates, al.PRIORITY)
        got = {a.coop_id: a.qty for a in result.allocations}
        ordered = sorted(candidates, key=lambda c: (c.preferred_rank, c.coop_id))
        for i, cand in enumerate(ordered):
            if got.get(cand.coop_id, 0.0) < int(cand.limit):
                # not full: nobody after it received anything
                self.assertFalse(any(got.get(c.coop_id) for c in ordered[i + 1 :]))

    @property_settings(60)
    @given(
        st.lists(st.floats(0.05, 1.0), min_size=2, max_size=5),
        st.lists(st.integers(1, 120), min_size=20, max_size=60),
    )
    def test_balanced_keeps_shares_within_bound(self, targets, orders):
        """Stated bound: with enough capacity and no minimum quantity, after every order each
        cooperative's routed volume is at most one order (the largest) ahead of target share x
        total volume, since she only gets an order when she is the furthest behind; and so at
        most (cooperatives - 1) largest orders behind, the volumes ahead making up for it.
        Shares converge to the targets as volume grows. (Exactly one largest order either
        way is not a bound: 3 targets of 0.53 and 2 of 0.0625 lag 1.02 orders behind.)"""
        total_target = sum(targets)
        routed = dict.fromkeys(range(1, len(targets) + 1), 0.0)
        volume = 0.0
        for qty in orders:
            candidates = [
                al.Candidate(
                    coop_id=cid,
                    available_qty=10_000.0,
                    weekly_capacity=None,
                    target_share=targets[cid - 1],
                    routed_window=routed[cid],
                )
                for cid in routed
            ]
            result = al.allocate(al.Demand(qty=float(qty)), candidates, al.BALANCED)
            self.assertEqual(result.unrouted_qty, 0.0)
            for allocation in result.allocations:
                routed[allocation.coop_id] += allocation.qty
            volume += qty
            for cid, qty_routed in routed.items():
                target = targets[cid - 1] / total_target
                self.assertLessEqual(qty_routed - target * volume, max(orders) + EPS)
                self.assertLessEqual(
                    target * volume - qty_routed, (len(targets) - 1) * max(orders) + EPS
                )
            # and no order is split when one cooperative can take it whole
            self.assertEqual(len(result.allocations), 1)

    @property_settings(40)
    @given(
        st.lists(st.floats(0.05, 1.0), min_size=2, max_size=4),
        st.lists(st.integers(1, 60), min_size=30, max_size=80),
        st.integers(5, 30),
    )
    def test_balanced_recovers_with_minimum_quantities(self, targets, orders, min_qty):
        """With minimum quantities, shares still converge: the gap to target stays bounded
        by the largest order plus the largest minimum quantity."""
        total_target = sum(targets)
        routed = dict.fromkeys(range(1, len(targets) + 1), 0.0)
        volume = 0.0
        for qty in orders:
            candidates = [
                al.Candidate(
                    coop_id=cid,
                    available_qty=10_000.0,
                    min_qty=float(min_qty),
                    target_share=targets[cid - 1],
                    routed_window=routed[cid],
                )
                for cid in routed
            ]
            result = al.allocate(al.Demand(qty=float(qty)), candidates, al.BALANCED)
            for allocation in result.allocations:
                routed[allocation.coop_id] += allocation.qty
            volume += qty - result.unrouted_qty
        bound = max(orders) + min_qty
        for cid, qty_routed in routed.items():
            self.assertLessEqual(abs(qty_routed - targets[cid - 1] / total_target * volume), bound)


@tagged("post_install", "-at_install")
class TestSpreadRerouted(BaseCase):
    @given(
        st.integers(0, 200).map(float),
        st.lists(st.integers(0, 50).map(float), max_size=6),
    )
    def test_oldest_refusals_first_never_more_than_refused(self, given_qty, open_qtys):
        credited = al.spread_rerouted(given_qty, open_qtys)
        self.assertEqual(len(credited), len(open_qtys))
        self.assertEqual(sum(credited), min(given_qty, sum(open_qtys)))
        for index, (amount, open_qty) in enumerate(zip(credited, open_qtys, strict=True)):
            self.assertTrue(0.0 <= amount <= open_qty)
            if amount < open_qty:  # not all of it: nothing was left for the later ones
                self.assertFalse(any(credited[index + 1 :]))

    def test_example(self):
        # 10 given: the first refusal (4) fully, the second (8) partly, the third nothing
        self.assertEqual(al.spread_rerouted(10.0, [4.0, 8.0, 3.0]), [4.0, 6.0, 0.0])


@tagged("post_install", "-at_install")
class TestAllocatorExamples(BaseCase):
    def test_split_when_preferred_is_short(self):
        result = al.allocate(
            al.Demand(qty=100.0),
            [
                al.Candidate(1, available_qty=60.0, preferred_rank=0),
                al.Candidate(2, available_qty=80.0, preferred_rank=1),
            ],
            al.PRIORITY,
        )
        self.assertEqual([(a.coop_id, a.qty) for a in result.allocations], [(1, 60.0), (2, 40.0)])
        self.assertIsNone(result.unrouted_reason)

    def test_every_refusal_is_explained(self):
        today = date(2026, 3, 1)
        result = al.allocate(
            al.Demand(
                qty=50.0,
                required_certifications=frozenset({"ORGANIC"}),
                deadline=today + timedelta(days=3),
                today=today,
                excluded_ids=frozenset({5}),
            ),
            [
                al.Candidate(1, eligible=False, available_qty=100, certifications={"ORGANIC"}),
                al.Candidate(2, available_qty=100),
                al.Candidate(3, available_qty=100, certifications={"ORGANIC"}, lead_time_days=7),
                al.Candidate(4, available_qty=10, certifications={"ORGANIC"}, min_qty=20),
                al.Candidate(5, available_qty=100, certifications={"ORGANIC"}),
                al.Candidate(6, available_qty=30, certifications={"ORGANIC"}),
            ],
        )
        codes = {d.coop_id: d.code for d in result.decisions}
        self.assertEqual(
            codes,
            {
                1: al.INELIGIBLE,
                2: al.MISSING_CERTIFICATION,
                3: al.TOO_LATE,
                4: al.NO_CAPACITY,
                5: al.EXCLUDED,
                6: al.ALLOCATED,
            },
        )
        self.assertEqual(result.unrouted_qty, 20.0)
        self.assertEqual(result.unrouted_reason, al.NOT_ENOUGH_CAPACITY)

    def test_no_capacity_says_what_bounds_her(self):
        result = al.allocate(
            al.Demand(qty=10.0),
            [
                al.Candidate(1, available_qty=0.0, weekly_capacity=150.0),  # no stock left
                al.Candidate(2, available_qty=80.0, weekly_capacity=100.0, routed_week=100.0),
                al.Candidate(3, available_qty=4.0, min_qty=5.0),  # less than her minimum
            ],
            al.PRIORITY,
        )
        details = {d.coop_id: (d.code, d.detail) for d in result.decisions}
        self.assertEqual(
            details,
            {
                1: (al.NO_CAPACITY, {"limit": 0.0, "min_qty": 1.0, "weekly": False}),
                2: (al.NO_CAPACITY, {"limit": 0.0, "min_qty": 1.0, "weekly": True}),
                3: (al.NO_CAPACITY, {"limit": 4.0, "min_qty": 5.0, "weekly": False}),
            },
        )

    def test_allocated_says_whether_she_was_given_all_she_can_take(self):
        result = al.allocate(
            al.Demand(qty=30.0),
            [
                al.Candidate(1, available_qty=8.0),  # all her stock
                al.Candidate(2, available_qty=80.0, weekly_capacity=10.0),  # all her week
                al.Candidate(3, available_qty=100.0, min_qty=50.0),  # below her minimum
            ],
            al.PRIORITY,
        )
        details = {d.coop_id: (d.code, d.qty, d.detail) for d in result.decisions}
        self.assertEqual(
            details[1], (al.ALLOCATED, 8.0, {"policy": al.PRIORITY, "full": True, "weekly": False})
        )
        self.assertEqual(
            details[2], (al.ALLOCATED, 10.0, {"policy": al.PRIORITY, "full": True, "weekly": True})
        )
        self.assertEqual(details[3][0], al.BELOW_MIN_QTY)
        # covered by one who could give more: not "full"
        result = al.allocate(al.Demand(qty=5.0), [al.Candidate(1, available_qty=8.0)], al.PRIORITY)
        self.assertFalse(result.decisions[0].detail["full"])

    def test_minimum_quantity_met_by_moving_surplus(self):
        result = al.allocate(
            al.Demand(qty=100.0),
            [al.Candidate(1, available_qty=95.0), al.Candidate(2, available_qty=50, min_qty=10)],
            al.PRIORITY,
        )
        self.assertEqual(sorted((a.coop_id, a.qty) for a in result.allocations), [(1, 90), (2, 10)])

    def test_capacity_policy_is_proportional(self):
        result = al.allocate(
            al.Demand(qty=90.0),
            [
                al.Candidate(1, available_qty=500.0, weekly_capacity=200.0),
                al.Candidate(2, available_qty=500.0, weekly_capacity=100.0),
            ],
            al.CAPACITY,
        )
        self.assertEqual(sorted((a.coop_id, a.qty) for a in result.allocations), [(1, 60), (2, 30)])

    def test_no_candidate(self):
        result = al.allocate(al.Demand(qty=12.0), [], al.BALANCED)
        self.assertEqual((result.unrouted_qty, result.unrouted_reason), (12.0, al.NO_CANDIDATE))

    def test_fractional_step(self):
        result = al.allocate(
            al.Demand(qty=1.0, step=0.01),
            [al.Candidate(1, available_qty=0.335), al.Candidate(2, available_qty=5)],
            al.BALANCED,
        )
        self.assertAlmostEqual(result.allocated_qty, 1.0)
        self.assertLessEqual(result.allocations[0].qty, 0.335)

    def test_unknown_policy(self):
        with self.assertRaises(ValueError):
            al.allocate(al.Demand(qty=1.0), [], "random")
