from datetime import timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import RoutingCase


@tagged("post_install", "-at_install")
class TestRoutingReports(RoutingCase):
    def _figures(self, order):
        groups = self.env["coop.allocation.report"]._read_group(
            [("order_id", "=", order.id)],
            ["partner_id"],
            ["acceptance_rate:avg", "answer_delay:avg", "rerouted_qty:sum", "qty:sum"],
        )
        return {
            partner: (rate, delay, rerouted, qty) for partner, rate, delay, rerouted, qty in groups
        }

    def test_acceptance_rate_answer_delay_rerouted(self):
        order, po_a, po_b = self._route(available_a=6)
        now = self._now()
        po_a.coop_sent_at = now - timedelta(hours=2)
        po_b.coop_sent_at = now - timedelta(hours=5)
        # A accepts 3 of her 6: the other 3 go to B on a second order
        po_a._coop_answer("partial", channel="staff", quantities={po_a.order_line.id: 3.0})
        self.env["purchase.order"]._cron_coop_dispatch()  # the job sending new orders
        po_b2 = self._po(order, self.coop_b) - po_b
        self.assertEqual(po_b2.order_line.product_qty, 3.0)
        # B refuses her first order (4) a minute later: nobody else can take it, it stays
        # to route
        with freeze_time(now + timedelta(minutes=1)):
            po_b._coop_answer("refuse", channel="staff", reason="no stock")
        self.assertEqual(order.order_line.coop_to_route_qty, 4.0)
        figures = self._figures(order)
        rate_a, delay_a, rerouted_a, _qty = figures[self.coop_a]
        self.assertAlmostEqual(rate_a, 50.0)  # 3 accepted of 6
        self.assertAlmostEqual(delay_a, 2.0, delta=0.05)
        self.assertEqual(rerouted_a, 3.0)  # given to B
        # B's waiting order counts neither in her rate nor in her answer delay; what she
        # refused was given to nobody: it is not re-routed (though her first order was
        # made before A's refused part)
        rate_b, delay_b, rerouted_b, qty_b = figures[self.coop_b]
        self.assertAlmostEqual(rate_b, 0.0)
        self.assertAlmostEqual(delay_b, 5.0, delta=0.05)
        self.assertEqual((rerouted_b, qty_b), (0.0, 7.0))
        # B accepts the second order an hour after it was sent: 3 accepted of 7 decided,
        # weighted by quantity (a plain average of her two answers would say 50%)
        po_b2.coop_sent_at = now - timedelta(hours=1)
        self.assertTrue(po_b2._coop_answer("accept", channel="staff"))
        rate_b, delay_b, rerouted_b, _qty = self._figures(order)[self.coop_b]
        self.assertAlmostEqual(rate_b, 300.0 / 7.0)
        self.assertAlmostEqual(delay_b, 3.0, delta=0.05)  # answers after 5 h and 1 h
        self.assertEqual(rerouted_b, 0.0)
        # the whole order: 6 accepted of 13 decided
        [(rate,)] = self.env["coop.allocation.report"]._read_group(
            [("order_id", "=", order.id)], [], ["acceptance_rate:avg"]
        )
        self.assertAlmostEqual(rate, 600.0 / 13.0)

    def test_rerouted_quantity_is_what_others_took(self):
        """A refuses her 6, routing gives them to B, who accepts 2 and refuses 4 that nobody
        can take: A's 6 were re-routed (B was asked them all), B's 4 were not."""
        order, po_a, po_b = self._route(available_a=6)
        po_a._coop_answer("refuse", channel="staff", reason="no stock")
        self.env["purchase.order"]._cron_coop_dispatch()  # the job sending new orders
        po_b2 = self._po(order, self.coop_b) - po_b
        self.assertEqual(po_b2.order_line.product_qty, 6.0)
        with freeze_time(self._now() + timedelta(minutes=1)):
            po_b2._coop_answer("partial", channel="staff", quantities={po_b2.order_line.id: 2.0})
        self.assertEqual(order.order_line.coop_to_route_qty, 4.0)
        figures = self._figures(order)
        self.assertEqual(figures[self.coop_a][2], 6.0)
        self.assertEqual(figures[self.coop_b][2], 0.0)

    def test_rerouted_quantity_leaves_out_what_was_never_refused(self):
        """Of a line of 10, A is given 6 and 4 stay to route (nobody else has any). A
        accepts 4 and refuses 2; B, who has some now, is given the 6 left and refuses them
        all: A's 2 were re-routed, B's 6 were not (nobody took them)."""
        self._available(self.coop_b, self.product, 0)
        order, po_a, _po_b = self._route(available_a=6)
        self.assertEqual(order.order_line.coop_to_route_qty, 4.0)
        self._available(self.coop_b, self.product, 6)
        po_a._coop_answer("partial", channel="staff", quantities={po_a.order_line.id: 4.0})
        self.env["purchase.order"]._cron_coop_dispatch()  # the job sending new orders
        po_b = self._po(order, self.coop_b)
        self.assertEqual(po_b.order_line.product_qty, 6.0)
        with freeze_time(self._now() + timedelta(minutes=1)):
            po_b._coop_answer("refuse", channel="staff", reason="no stock")
        self.assertEqual(order.order_line.coop_to_route_qty, 6.0)
        figures = self._figures(order)
        self.assertEqual(figures[self.coop_a][2], 2.0)
        self.assertEqual(figures[self.coop_b][2], 0.0)

    def test_routed_volume_and_value_against_target_share(self):
        """Central staff read, per cooperative, what was routed (quantity and value at her
        price) next to her target share, as the pivot view of the routing analysis does."""
        self._available(self.coop_a, self.product, 6)
        order = self._order([(self.product, 10)])
        order.action_confirm()
        self.env["purchase.order"]._cron_coop_dispatch()  # the job sending new orders
        Report = self.env["coop.allocation.report"].with_user(self.user_staff)
        groups = Report._read_group(
            [("order_id", "=", order.id)],
            ["partner_id"],
            ["qty:sum", "amount:sum", "target_share:avg", "accepted_qty:sum"],
        )
        figures = {partner: values for partner, *values in groups}
        # balanced over 10: A can take her 6 at 80.0, B the rest at 75.0; nothing accepted yet
        self.assertEqual(figures[self.coop_a], [6.0, 480.0, 50.0, 0.0])
        self.assertEqual(figures[self.coop_b], [4.0, 300.0, 50.0, 0.0])
        self.assertTrue(self._po(order, self.coop_a)._coop_answer("accept", channel="staff"))
        [(accepted,)] = Report._read_group(
            [("order_id", "=", order.id), ("partner_id", "=", self.coop_a.id)],
            [],
            ["accepted_qty:sum"],
        )
        self.assertEqual(accepted, 6.0)
        # a cooperative manager does not read the central's analysis
        with self.assertRaises(AccessError):
            Report.with_user(self.user_coop_a).search([])

    def test_routed_share_and_answers_kept_when_the_order_is_lowered(self):
        Report = self.env["coop.allocation.report"].with_user(self.user_staff)

        def figures(order, groupby=("partner_id",)):
            groups = Report._read_group(
                [("order_id", "=", order.id)],
                list(groupby),
                [
                    "routed_qty:sum",
                    "amount:sum",
                    "routed_share:sum",
                    "qty:sum",
                    "acceptance_rate:avg",
                    "answer_delay:avg",
                ],
            )
            return {group[0]: tuple(group[len(groupby) :]) for group in groups}

        order, po_a, po_b = self._route(available_a=6)
        po_a.coop_sent_at = po_b.coop_sent_at = self._now() - timedelta(hours=2)
        # routed 6 and 4: grouped by product, her share of the routed quantity, next to her
        # target share (50)
        by_product = figures(order, ("partner_id", "product_id"))
        self.assertEqual(by_product[self.coop_a][:3], (6.0, 480.0, 60.0))
        self.assertEqual(by_product[self.coop_b][:3], (4.0, 300.0, 40.0))
        # by cooperative only, her share of the routed value (across products, quantities
        # do not add up): 480 of 780
        routed, amount, share, *_rest = figures(order)[self.coop_a]
        self.assertEqual((routed, amount), (6.0, 480.0))
        self.assertAlmostEqual(share, 48000.0 / 780.0)
        # A accepts, B refuses: B's 4 stay to route (A has no more), B no longer has a share
        # of what is routed, though she was asked 4
        po_a._coop_answer("accept", channel="staff")
        po_b._coop_answer("refuse", channel="staff", reason="no stock")
        self.assertEqual(figures(order)[self.coop_b][:4], (0.0, 0.0, 0.0, 4.0))
        self.assertEqual(figures(order)[self.coop_a][:3], (6.0, 480.0, 100.0))
        # the customer lowers the order to 3: A delivers 3, but she did accept 6, 2 hours
        # after she was asked: her acceptance rate and answer delay stay
        order.order_line.product_uom_qty = 3
        routed, amount, share, asked, rate, delay = figures(order)[self.coop_a]
        self.assertEqual((routed, amount, share, asked), (3.0, 240.0, 100.0, 6.0))
        self.assertAlmostEqual(rate, 100.0)
        self.assertAlmostEqual(delay, 2.0, delta=0.05)

        # the order: A accepted 6, B refused 4
        [(rate,)] = Report._read_group([("order_id", "=", order.id)], [], ["acceptance_rate:avg"])
        self.assertAlmostEqual(rate, 60.0)
        # lowered to nothing: every part A accepted is cancelled, her answer still counts
        order.order_line.product_uom_qty = 0
        routed, _amount, _share, asked, rate, delay = figures(order)[self.coop_a]
        self.assertEqual((routed, asked), (0.0, 6.0))
        self.assertAlmostEqual(rate, 100.0)
        self.assertAlmostEqual(delay, 2.0, delta=0.05)

    def test_answer_delay_of_a_date_proposal_is_hers(self):
        _order, po_a, _po_b = self._route()
        po_a.coop_sent_at = self._now() - timedelta(hours=3)
        with freeze_time(self._now() - timedelta(hours=1)):
            po_a.with_user(self.user_coop_a)._coop_answer(
                "propose_date", channel="mobile", date=self._now() + timedelta(days=9)
            )
        # staff agree an hour later: she answered 2 hours after she was asked
        po_a.with_user(self.user_staff).action_coop_accept_proposed_date()
        [(delay,)] = self.env["coop.allocation.report"]._read_group(
            [("purchase_id", "=", po_a.id)], [], ["answer_delay:avg"]
        )
        self.assertAlmostEqual(delay, 2.0, delta=0.05)

    def test_parts_closed_later_stay_in_the_routing_month(self):
        """Routed on the last day of a month, partly accepted (or lowered) the next month:
        both parts are in the month she was asked, and in its "Routed On" filters."""
        order, po_a, _po_b = self._route(available_a=6)
        allocation = po_a.coop_allocation_ids
        # routed last month (the test runs in one transaction: creation dates are alike)
        this_month = self._now().replace(day=1, hour=0, minute=0, second=0, microsecond=0)
        routed_on = this_month - timedelta(hours=14)
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE coop_allocation SET create_date = %s, routed_at = %s WHERE id = %s",
            [routed_on, routed_on, allocation.id],
        )
        self.env.invalidate_all()
        # she answers this month: the refused part is a new allocation
        po_a._coop_answer("partial", channel="staff", quantities={po_a.order_line.id: 4.0})
        refused = order.coop_allocation_ids.filtered(
            lambda a: a.partner_id == self.coop_a and a.state == "refused"
        )
        self.assertEqual(refused.qty, 2.0)
        self.assertEqual(refused.routed_at, routed_on)
        Report = self.env["coop.allocation.report"]
        domain = [("order_id", "=", order.id), ("partner_id", "=", self.coop_a.id)]
        groups = Report._read_group(domain, ["date:month"], ["qty:sum", "acceptance_rate:avg"])
        [(month, qty, rate)] = groups
        self.assertEqual(month, routed_on.replace(day=1, hour=0))
        self.assertEqual(qty, 6.0)
        self.assertAlmostEqual(rate, 400.0 / 6.0)
        last_month = Report.search([*domain, ("date", "<", this_month)])
        self.assertEqual(sorted(last_month.mapped("qty")), [2.0, 4.0])

    def test_mixed_units_never_add_up(self):
        """A is routed 6 units of one product and 2.5 kg of another: her routed quantity has
        no total, and her share across products is of the value."""
        kg = self.env.ref("uom.product_uom_kgm")
        self.product2.write({"uom_id": kg.id, "uom_po_id": kg.id})
        self._available(self.coop_a, self.product, 6)
        self._available(self.coop_b, self.product2, 0)
        order = self._order([(self.product, 10), (self.product2, 2.5)])
        order.action_confirm()
        self.env["purchase.order"]._cron_coop_dispatch()  # the job sending new orders
        Report = self.env["coop.allocation.report"].with_user(self.user_staff)

        def figures(groupby):
            return {
                tuple(group[: len(groupby)]): group[len(groupby) :]
                for group in Report._read_group(
                    [("order_id", "=", order.id)],
                    groupby,
                    ["routed_qty:sum", "qty:sum", "amount:sum", "routed_share:sum"],
                )
            }

        by_coop = figures(["partner_id"])
        # A: 6 x 80 + 2.5 x 80, B: 4 x 75; of 980
        routed, asked, amount, share = by_coop[(self.coop_a,)]
        self.assertEqual((routed, asked, amount), (False, False, 680.0))
        self.assertAlmostEqual(share, 68000.0 / 980.0)
        routed, asked, amount, share = by_coop[(self.coop_b,)]
        self.assertEqual((routed, asked, amount), (4.0, 4.0, 300.0))
        self.assertAlmostEqual(share, 30000.0 / 980.0)
        # grouped by product, quantities add up, and shares are of the quantity
        by_product = figures(["partner_id", "product_id"])
        self.assertEqual(by_product[(self.coop_a, self.product)], (6.0, 6.0, 480.0, 60.0))
        self.assertEqual(by_product[(self.coop_a, self.product2)], (2.5, 2.5, 200.0, 100.0))
        self.assertEqual(by_product[(self.coop_b, self.product)], (4.0, 4.0, 300.0, 40.0))

    def test_accepted_quantity_counts_what_the_order_no_longer_needs(self):
        """A accepts her 6, the customer then lowers the order: she accepted 6, as her
        acceptance rate says."""
        order, po_a, po_b = self._route(available_a=6)
        self.assertTrue(po_a._coop_answer("accept", channel="staff"))
        po_b._coop_answer("refuse", channel="staff", reason="no stock")
        order.order_line.product_uom_qty = 3
        self.assertEqual(
            sorted(po_a.coop_allocation_ids.mapped(lambda a: (a.state, a.qty))),
            [("accepted", 3.0), ("cancelled", 3.0)],
        )
        [(accepted, decided, rate)] = self.env["coop.allocation.report"]._read_group(
            [("order_id", "=", order.id), ("partner_id", "=", self.coop_a.id)],
            [],
            ["accepted_qty:sum", "decided_qty:sum", "acceptance_rate:avg"],
        )
        self.assertEqual((accepted, decided), (6.0, 6.0))
        self.assertAlmostEqual(rate, 100.0)

    def test_routed_value_in_the_company_currency(self):
        """A cooperative's price in another currency (her purchase order's): her routed
        value is in the company's."""
        company = self.env.company
        currency = self.env.ref("base.EUR")
        if currency == company.currency_id:
            currency = self.env.ref("base.USD")
        currency.active = True
        self.env["res.currency.rate"].create(
            {"currency_id": currency.id, "company_id": company.id, "rate": 0.1}
        )
        self.sellers[(self.product, self.coop_a)].write({"currency_id": currency.id, "price": 8.0})
        order, po_a, _po_b = self._route(available_a=6)
        self.assertEqual(po_a.currency_id, currency)
        self.assertAlmostEqual(po_a.order_line.price_unit, 8.0)
        # at the rate of the order's date
        self.assertNotAlmostEqual(po_a.currency_rate, 1.0)
        value = 6 * 8.0 / po_a.currency_rate
        self.assertAlmostEqual(po_a.coop_allocation_ids.amount, value, places=2)
        [(amount,)] = self.env["coop.allocation.report"]._read_group(
            [("order_id", "=", order.id), ("partner_id", "=", self.coop_a.id)],
            [],
            ["amount:sum"],
        )
        self.assertAlmostEqual(amount, value)
