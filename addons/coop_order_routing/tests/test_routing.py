import ast
from datetime import timedelta
from unittest.mock import patch

from freezegun import freeze_time
from lxml import etree

from odoo import Command, fields
from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import mute_logger
from odoo.tools.translate import code_translations

from ..models.coop_allocation import KEPT, NO_STOCK, note
from .common import RoutingCase

# the source of the SMS asking a cooperative to answer a new order
SMS_REQUEST = (
    "GIE order %(code)s: %(summary)s. Delivery %(date)s. "
    "Reply OK %(code)s to accept or NON %(code)s to refuse before %(deadline)s."
)


@tagged("post_install", "-at_install")
class TestRouting(RoutingCase):
    def test_confirm_makes_one_po_per_cooperative(self):
        self._available(self.coop_a, self.product, 6)
        order = self._order([(self.product, 10), (self.product2, 4)])
        order.action_confirm()
        self.env["purchase.order"]._cron_coop_dispatch()  # the job sending new orders
        self.assertConserved(order)
        po_a, po_b = self._po(order, self.coop_a), self._po(order, self.coop_b)
        self.assertEqual(len(po_a), 1)
        self.assertEqual(len(po_b), 1)
        self.assertEqual(order.coop_purchase_ids, po_a | po_b)
        # balanced, equal targets, nothing routed yet: a line goes whole to A (preferred on
        # a tie) unless she is short: she has only 6 of the first product, B takes 4
        self.assertEqual(
            sorted((ln.product_id.name, ln.product_qty) for ln in po_a.order_line),
            sorted([(self.product.name, 6.0), (self.product2.name, 4.0)]),
        )
        self.assertEqual(po_b.order_line.mapped("product_qty"), [4.0])
        # the forced vendor line gives each cooperative her own price
        self.assertEqual(set(po_a.order_line.mapped("price_unit")), {80.0})
        self.assertEqual(set(po_b.order_line.mapped("price_unit")), {75.0})
        # sent to the cooperative, waiting for her answer, with an SMS code and a deadline
        for po in po_a | po_b:
            self.assertEqual((po.state, po.coop_answer_state), ("sent", "waiting"))
            self.assertRegex(po.coop_sms_code, r"^\d{6}$")
            self.assertGreater(po.coop_answer_deadline, po.coop_sent_at)
            # she is asked to deliver no sooner than she can: her time to answer (24 hours),
            # then her lead time (2 days)
            self.assertGreaterEqual(po.date_planned, order.date_order + timedelta(days=3))
            self.assertGreater(po.date_planned, po.coop_answer_deadline)
        # audit trail: every allocation points at its PO line, with a reason
        for alloc in order.coop_allocation_ids:
            self.assertEqual(alloc.purchase_line_id.order_id, alloc.purchase_id)
            self.assertIn("allocated", alloc.reason)
        # ... and each cooperative order shows its allocations, line by line, at once
        self.assertEqual((po_a | po_b).coop_allocation_ids, order.coop_allocation_ids)
        for po_line in (po_a | po_b).order_line:
            self.assertEqual(len(po_line.coop_allocation_ids), 1)
            self.assertEqual(po_line.coop_allocation_ids.qty, po_line.product_qty)
        # MTO chain: the customer delivery waits for the cooperatives' receipts
        delivery_move = order.order_line[0].move_ids
        self.assertEqual(len(order.order_line[0].coop_allocation_ids), 2, "split: A was short")
        self.assertEqual(delivery_move.procure_method, "make_to_order")
        self.assertEqual(
            delivery_move.created_purchase_line_ids,
            order.order_line[0].coop_allocation_ids.purchase_line_id,
        )
        # ... and is not planned before their goods arrive (Odoo kept the order's date)
        feeding = delivery_move.created_purchase_line_ids
        self.assertEqual(delivery_move.date, max(feeding.mapped("date_planned")))
        self.assertEqual(delivery_move.picking_id.scheduled_date, delivery_move.date)
        # declared supply is consumed
        self.assertEqual(self._sourcing(self.coop_a, self.product).qty_available, 0.0)
        self.assertEqual(self._sourcing(self.coop_b, self.product).qty_available, 996.0)

    def test_routing_consumes_supply_without_burying_the_declarations_chatter(self):
        env = self.env(context=dict(self.env.context, tracking_disable=False))
        env.cr.flush()  # the fixture is committed: changes of its records are tracked
        declared = self._sourcing(self.coop_a, self.product).with_env(env)
        declared.qty_available = 6
        env.cr.flush()  # committed before the order comes: the declaration is tracked
        messages = declared.message_ids
        self.assertEqual(messages[:1].tracking_value_ids.mapped("new_value_float"), [6.0])
        order = self._order([(self.product, 10)]).with_env(env)
        order.action_confirm()
        env.cr.flush()  # what the commit runs, tracking messages included
        self.assertEqual(declared.qty_available, 0.0)
        # what routing took is in the allocations, not one more message per declaration
        self.assertEqual(declared.message_ids, messages)
        taken = order.coop_allocation_ids.filtered(lambda a: a.partner_id == self.coop_a)
        self.assertEqual(taken.qty, 6.0)

    def test_new_declaration_is_titled_by_what_is_picked(self):
        """A declaration being typed is titled by what is picked so far, never "False"."""
        Sourcing = self.env["coop.sourcing"]
        self.assertEqual(
            Sourcing.new({"partner_id": self.coop_a.id}).display_name, self.coop_a.display_name
        )
        self.assertEqual(
            Sourcing.new({"product_tmpl_id": self.product.product_tmpl_id.id}).display_name,
            self.product.product_tmpl_id.display_name,
        )
        self.assertEqual(
            self._sourcing(self.coop_a, self.product).display_name,
            f"{self.coop_a.display_name} - {self.product.product_tmpl_id.display_name}",
        )

    def test_routing_is_idempotent(self):
        order = self._order([(self.product, 10)])
        order.action_confirm()
        self.env["purchase.order"]._cron_coop_dispatch()  # the job sending new orders
        allocations = order.coop_allocation_ids
        pos = order.coop_purchase_ids
        # relaunching the procurement, the retry cron and the button never double anything
        order.order_line._action_launch_stock_rule()
        self.env["sale.order"]._cron_coop_route_pending()
        order.action_coop_route_again()
        self.assertEqual(order.coop_allocation_ids, allocations)
        self.assertEqual(order.coop_purchase_ids, pos)
        self.assertEqual(sum(pos.order_line.mapped("product_qty")), 10.0)

    def _rfq_filter(self, name):
        """Purchase orders the filter ``name`` of the RFQ search view shows."""
        view = self.env.ref("purchase.view_purchase_order_filter")
        arch = etree.fromstring(self.env["purchase.order"].get_view(view.id, "search")["arch"])
        [node] = arch.xpath(f"//filter[@name='{name}']")
        return self.env["purchase.order"].search(ast.literal_eval(node.get("domain")))

    def test_an_order_that_cannot_be_sent_does_not_hold_the_others(self):
        # a release ships a broken French translation of the order SMS (a placeholder the
        # message does not have): the French-speaking cooperative's order cannot be sent
        self.env["res.lang"]._activate_lang("fr_FR")
        self.coop_b.lang = "fr_FR"
        self._available(self.coop_a, self.product, 6)
        # the staff member who follows up the order reads Arabic
        self.user_staff.lang = "ar_001"
        order = self._order([(self.product, 10)], user_id=self.user_staff.id)
        order.action_confirm()
        po_a, po_b = self._po(order, self.coop_a), self._po(order, self.coop_b)
        key = ("coop_order_routing", "fr_FR")
        broken = dict(code_translations.get_python_translations(*key))
        broken[SMS_REQUEST] = "Commande %(code)s pour %(cooperative)s"
        job = self.env["purchase.order"]._cron_coop_dispatch
        not_sent = self.env.ref("coop_order_routing.mail_activity_type_not_sent")
        with (
            patch.dict(code_translations.python_translations, {key: broken}),
            mute_logger("odoo.addons.coop_order_routing.models.purchase_order"),
        ):
            job()
            # the other cooperative's order went out; this one waits, shown to staff
            self.assertEqual((po_a.state, po_a.coop_answer_state), ("sent", "waiting"))
            self.assertEqual((po_b.state, po_b.coop_answer_state), ("draft", False))
            self.assertFalse(po_b.coop_sms_code)
            activity = po_b.activity_ids.filtered(lambda a: a.activity_type_id == not_sent)
            self.assertEqual(len(activity), 1)
            self.assertEqual(activity.user_id, order._coop_staff_user())
            # staff find it with the RFQ search's filter
            self.assertEqual(self._rfq_filter("coop_not_sent") & order.coop_purchase_ids, po_b)
            self.assertEqual(self._rfq_filter("coop_waiting") & order.coop_purchase_ids, po_a)
            self.assertIn("KeyError: 'cooperative'", str(activity.note))
            # in her language, not the job's
            self.assertIn("تعذّر إرسال هذه الطلبية إلى التعاونية", str(activity.note))
            # the next run tries it again alone, without a second activity; it no longer
            # fails the batch of the new orders
            self._available(self.coop_b, self.product2, 0)
            fresh = self._order([(self.product2, 3)])
            fresh.action_confirm()
            PurchaseOrder = type(self.env["purchase.order"])
            dispatch_alone = PurchaseOrder._coop_dispatch_alone
            with patch.object(
                PurchaseOrder, "_coop_dispatch_alone", autospec=True, side_effect=dispatch_alone
            ) as alone:
                job()
            self.assertEqual([call.args[0] for call in alone.call_args_list], [po_b])
            self.assertEqual(fresh.coop_purchase_ids.coop_answer_state, "waiting")
            self.assertEqual(po_b.state, "draft")
            self.assertEqual(
                po_b.activity_ids.filtered(lambda a: a.activity_type_id == not_sent), activity
            )
            # an unsent order cancelled with its sales order leaves no activity behind
            self._available(self.coop_a, self.product2, 0)
            self._available(self.coop_b, self.product2, 10)
            other = self._order([(self.product2, 4)])
            other.action_confirm()
            job()
            other_b = self._po(other, self.coop_b)
            self.assertEqual(other_b.activity_ids.activity_type_id, not_sent)
            other._action_cancel()
            self.assertEqual(other_b.state, "cancel")
            self.assertNotIn(not_sent, other_b.activity_ids.activity_type_id)
        # translation mended: the next run sends it and closes the activity
        job()
        self.assertEqual((po_b.state, po_b.coop_answer_state), ("sent", "waiting"))
        self.assertTrue(po_b.coop_sms_code)
        self.assertFalse(activity.exists())
        # the word closing it is in her language too, not the job's
        done = po_b.message_ids.filtered(lambda m: m.mail_activity_type_id == not_sent)
        self.assertIn("أُرسل إلى التعاونية.", str(done.body))
        self.assertEqual(po_a.coop_answer_state, "waiting")

    def test_new_orders_are_sent_by_a_job_after_the_confirmation(self):
        cron = self.env.ref("coop_order_routing.ir_cron_coop_dispatch")
        Trigger = self.env["ir.cron.trigger"]
        triggers = Trigger.search([("cron_id", "=", cron.id)])
        order = self._order([(self.product, 10)])
        order.action_confirm()
        pos = order.coop_purchase_ids
        self.assertTrue(pos)
        # the confirmation does not wait for the cooperatives' SMS: the job is woken for it
        self.assertEqual(set(pos.mapped("state")), {"draft"})
        self.assertEqual(set(pos.mapped("coop_answer_state")), {False})
        self.assertFalse(any(pos.mapped("coop_sms_code")))
        self.assertTrue(Trigger.search([("cron_id", "=", cron.id)]) - triggers)
        # an order cancelled before the job ran is never sent
        cancelled = self._order([(self.product2, 4)])
        cancelled.action_confirm()
        cancelled._action_cancel()
        self.env["purchase.order"]._cron_coop_dispatch()
        self.assertEqual(set(pos.mapped("state")), {"sent"})
        self.assertEqual(set(pos.mapped("coop_answer_state")), {"waiting"})
        self.assertTrue(all(pos.mapped("coop_sms_code")))
        self.assertEqual(set(cancelled.coop_purchase_ids.mapped("state")), {"cancel"})
        self.assertFalse(any(cancelled.coop_purchase_ids.mapped("coop_sms_code")))
        # running the job again sends nothing twice
        sent = {po: (po.coop_sms_code, po.coop_sent_at, len(po.message_ids)) for po in pos}
        self.env["purchase.order"]._cron_coop_dispatch()
        self.assertEqual(
            {po: (po.coop_sms_code, po.coop_sent_at, len(po.message_ids)) for po in pos}, sent
        )

    def test_quantity_to_route_is_visible_with_reason_and_activity(self):
        self._sourcing(self.coop_a, self.product).qty_available = 3
        self._sourcing(self.coop_b, self.product).qty_available = 2
        # a shop order: no salesperson, confirmed by the public user (in sudo, as the shop)
        order = self._order([(self.product, 10)], user_id=False, team_id=False)
        public_order = order.with_user(self.env.ref("base.public_user"))
        public_order.sudo().action_confirm()  # sudo: as the website does for a visitor
        self.env["purchase.order"]._cron_coop_dispatch()  # the job sending new orders
        line = order.order_line
        self.assertEqual(line.coop_to_route_qty, 5.0)
        self.assertTrue(order.coop_to_route)
        self.assertConserved(order)
        self.assertIn("cannot supply more", line.coop_route_note)
        activity_type = self.env.ref("coop_order_routing.mail_activity_type_to_route")
        self.assertEqual(order.activity_ids.activity_type_id, activity_type)
        self.assertEqual(order.activity_ids.user_id, self.env.ref("base.user_admin"))
        # a cooperative declares more: the retry routes the rest and closes the activity
        self._sourcing(self.coop_b, self.product).qty_available = 50
        self.env["sale.order"]._cron_coop_route_pending()
        self.assertEqual(line.coop_to_route_qty, 0.0)
        self.assertFalse(order.coop_to_route)
        self.assertFalse(order.activity_ids.filtered(lambda a: a.activity_type_id == activity_type))
        self.assertEqual(sum(self._po(order, self.coop_b).order_line.mapped("product_qty")), 7.0)
        self.assertConserved(order)

    def test_her_buyer_gets_no_mail_per_cooperative_order(self):
        """A shop order split over two cooperatives: the staff member following it up buys
        from them, without an e-mail "you have been assigned" per purchase order."""
        self._available(self.coop_a, self.product, 6)
        order = self._order([(self.product, 10)], user_id=self.user_staff.id)
        # with the chatter of production (the tests run without it)
        order.with_user(self.env.ref("base.user_admin")).with_context(
            tracking_disable=False
        ).action_confirm()
        purchases = order.coop_purchase_ids
        self.assertEqual(len(purchases), 2)
        self.assertEqual(purchases.user_id, self.user_staff)
        assigned = self.env["mail.message"].search(
            [
                ("model", "=", "purchase.order"),
                ("res_id", "in", purchases.ids),
                ("message_type", "=", "user_notification"),
            ]
        )
        self.assertFalse(assigned)
        # she follows them (their messages reach her), and their history records no change
        # of buyer: she was the buyer from the start
        for purchase in purchases:
            self.assertIn(self.user_staff.partner_id, purchase.message_partner_ids)
        buyer_changes = self.env["mail.tracking.value"].search(
            [
                ("mail_message_id.model", "=", "purchase.order"),
                ("mail_message_id.res_id", "in", purchases.ids),
                ("field_id.name", "=", "user_id"),
            ]
        )
        self.assertFalse(buyer_changes)

    def test_routing_to_dos_go_to_a_person(self):
        """An order made by a job or by data (OdooBot as its salesperson) gives its to-dos
        to its team's leader, else to the administrator: someone who sees them."""
        team = self.env["crm.team"].create({"name": "Shop", "user_id": self.user_staff.id})
        order = self._order(
            [(self.product, 1)], user_id=self.env.ref("base.user_root").id, team_id=team.id
        )
        self.assertEqual(order._coop_staff_user(), self.user_staff)
        order.team_id = False
        self.assertEqual(order._coop_staff_user(), self.env.ref("base.user_admin"))
        order.user_id = self.user_staff
        self.assertEqual(order._coop_staff_user(), self.user_staff)
        self.user_staff.active = False
        self.assertEqual(order._coop_staff_user(), self.env.ref("base.user_admin"))

    def test_no_capacity_says_whether_stock_or_the_week_is_missing(self):
        self._available(self.coop_a, self.product, 0)
        supply_b = self._sourcing(self.coop_b, self.product)
        supply_b.write({"qty_available": 100, "weekly_capacity": 4})
        unit = self.product.uom_id.name
        first = self._order([(self.product, 10)])
        first.action_confirm()
        self.assertIn(
            f"{self.coop_a.display_name}: not enough declared stock: 0 {unit} left, "
            f"her minimum is 1 {unit}",
            first.order_line.coop_route_note,
        )
        self.assertEqual(first.coop_allocation_ids.mapped("qty"), [4.0])
        second = self._order([(self.product, 3)])
        second.action_confirm()
        self.assertIn(
            f"{self.coop_b.display_name}: weekly capacity used up: 0 {unit} left this week, "
            f"her minimum is 1 {unit}",
            second.order_line.coop_route_note,
        )

    def test_missing_certification_is_named_in_the_readers_language(self):
        """Staff read which certification a cooperative lacks by its name, in their own
        language ("Biologique"), not by its code (ORGANIC)."""
        organic = self.env.ref("coop_gie.cert_type_organic")
        self.product.coop_required_certification_type_ids = [Command.set(organic.ids)]
        self._add_certification(self.coop_b, cert_type=organic)
        order = self._order([(self.product, 6)])
        order.action_confirm()
        note = order.order_line.with_context(lang="fr_FR").coop_route_note
        self.assertIn(f"{self.coop_a.display_name} : certification manquante Biologique", note)
        self.assertNotIn("ORGANIC", note)

    def test_constraints_eligibility_certification_lead_time(self):
        organic = self.env["coop.certification.type"].create(
            {"name": "Organic (test)", "code": "ORGANIC_T"}
        )
        self.product.coop_required_certification_type_ids = [Command.link(organic.id)]
        self._add_certification(self.coop_b, cert_type=organic)
        order = self._order([(self.product, 6)])
        order.action_confirm()
        self.env["purchase.order"]._cron_coop_dispatch()  # the job sending new orders
        self.assertEqual(order.coop_purchase_ids.partner_id, self.coop_b)
        self.assertIn(
            f"{self.coop_a.display_name}: missing certification Organic (test)",
            order.order_line.coop_route_note,
        )
        # a cooperative that is not eligible gets nothing
        self.cert_b.write({"state": "refused"})
        self.assertFalse(self.coop_b.coop_eligible)
        order2 = self._order([(self.product, 6)])
        order2.action_confirm()
        self.env["purchase.order"]._cron_coop_dispatch()  # the job sending new orders
        self.assertFalse(order2.coop_purchase_ids)
        self.assertEqual(order2.order_line.coop_to_route_qty, 6.0)
        self.assertIn("not eligible", order2.order_line.coop_route_note)
        # lead time longer than the time left before the promised date
        order3 = self._order(
            [(self.product2, 4)], commitment_date=fields.Datetime.now() + timedelta(days=1)
        )
        order3.action_confirm()
        self.env["purchase.order"]._cron_coop_dispatch()  # the job sending new orders
        self.assertEqual(order3.order_line.coop_to_route_qty, 4.0)
        self.assertIn("lead time 2 days", order3.order_line.coop_route_note)
        # read in Arabic, why she was not eligible when it was routed, though she is now
        why = self.coop_b.with_context(lang="ar_001").coop_ineligible_reason
        self.cert_b.write({"state": "valid"})
        self.assertTrue(self.coop_b.coop_eligible)
        note = order2.order_line.with_context(lang="ar_001").coop_route_note
        self.assertIn(f"{self.coop_b.display_name}: غير مؤهلة: {why}", note)

    def test_price_breaks_keep_the_cooperative_minimum(self):
        """A cooperative selling cheaper from 50 units still takes small orders; the
        purchase line gets the price of the quantity ordered."""
        self.env.ref("coop_order_routing.policy_default").policy = "priority"
        self.env["product.supplierinfo"].create(
            {
                "partner_id": self.coop_a.id,
                "product_tmpl_id": self.product.product_tmpl_id.id,
                "price": 70.0,
                "min_qty": 50.0,
                "delay": 2,
                "sequence": 1,
            }
        )
        small = self._order([(self.product, 10)])
        small.action_confirm()
        self.env["purchase.order"]._cron_coop_dispatch()  # the job sending new orders
        self.assertEqual(small.order_line.coop_allocation_ids.partner_id, self.coop_a)
        self.assertEqual(self._po(small, self.coop_a).order_line.price_unit, 80.0)
        large = self._order([(self.product, 60)])
        large.action_confirm()
        self.env["purchase.order"]._cron_coop_dispatch()  # the job sending new orders
        self.assertEqual(large.order_line.coop_allocation_ids.partner_id, self.coop_a)
        self.assertEqual(self._po(large, self.coop_a).order_line.price_unit, 70.0)
        self.assertEqual(large.order_line.coop_allocation_ids.amount, 60 * 70.0)

    def test_priority_policy_per_category(self):
        categ = self.env["product.category"].create({"name": "Priority products"})
        self.product.categ_id = categ
        self.env["coop.routing.policy"].create(
            {"name": "Preferred first", "policy": "priority", "categ_id": categ.id}
        )
        self.env.ref("coop_order_routing.policy_default").policy = "capacity"
        self._available(self.coop_b, self.product2, 3000)
        order = self._order([(self.product, 10), (self.product2, 8)])
        order.action_confirm()
        self.env["purchase.order"]._cron_coop_dispatch()  # the job sending new orders
        line1, line2 = order.order_line
        self.assertEqual(line1.coop_allocation_ids.partner_id, self.coop_a)  # sequence 1
        # global "capacity" policy: in proportion to what each can supply (1000 / 3000)
        self.assertEqual(
            sorted((a.partner_id.id, a.qty) for a in line2.coop_allocation_ids),
            sorted([(self.coop_a.id, 2.0), (self.coop_b.id, 6.0)]),
        )

    def test_balanced_window_is_each_policys_own(self):
        """A category balanced over 7 days ignores volume older than that, whatever else
        is routed with it (the global policy looks back 30 days)."""
        categ = self.env["product.category"].create({"name": "Herbs"})
        self.product.categ_id = categ
        self.env["coop.routing.policy"].create(
            {"name": "Herbs, weekly", "policy": "balanced", "categ_id": categ.id, "window_days": 7}
        )
        # 20 days ago, A was routed 10 of the product
        old = self._order([(self.product, 10)])
        self._available(self.coop_b, self.product, 0)
        old.action_confirm()
        self.assertEqual(old.coop_allocation_ids.partner_id, self.coop_a)
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE coop_allocation SET create_date = %s WHERE order_id = %s",
            (self._now() - timedelta(days=20), old.id),
        )
        self._available(self.coop_b, self.product, 1000)
        # outside the week: the shares start afresh, the line goes whole to A (preferred
        # on a tie), even when a product of the global policy is routed with it
        order = self._order([(self.product, 10), (self.product2, 4)])
        order.action_confirm()
        line, line2 = order.order_line
        self.assertEqual(line.coop_allocation_ids.partner_id, self.coop_a)
        self.assertEqual(line2.coop_allocation_ids.partner_id, self.coop_a)
        # the global policy, over 30 days, still counts A's old volume: B gets the next
        self.product.categ_id = self.env.ref("product.product_category_all")
        order = self._order([(self.product, 10)])
        order.action_confirm()
        self.assertEqual(order.coop_allocation_ids.partner_id, self.coop_b)

    def test_order_change_adjusts_and_cancel_cancels(self):
        order, po_a, po_b = self._route(available_a=6)
        self.assertTrue(po_a._coop_answer("accept", channel="staff"))
        # lower: the waiting cooperative order shrinks first
        order.order_line.product_uom_qty = 7
        self.assertEqual(po_b.order_line.product_qty, 1.0)
        self.assertEqual(po_a.order_line.product_qty, 6.0)
        self.assertConserved(order)
        # raise: the extra quantity is routed
        order.order_line.product_uom_qty = 12
        self.assertConserved(order)
        self.assertEqual(order.order_line.coop_to_route_qty, 0.0)
        active = order.coop_allocation_ids.filtered(lambda a: a.state in ("waiting", "accepted"))
        self.assertEqual(sum(active.mapped("qty")), 12.0)
        # cancel: every cooperative order is cancelled, allocations closed
        order._action_cancel()
        self.assertEqual(set(order.coop_purchase_ids.mapped("state")), {"cancel"})
        self.assertEqual(
            set(order.coop_allocation_ids.mapped("state")) - {"cancelled"}, set(), "all closed"
        )

    def test_lowering_the_order_tells_the_cooperative_order_without_following_it(self):
        order = self._order([(self.product, 10)])
        order.action_confirm()
        self.env["purchase.order"]._cron_coop_dispatch()  # the job sending new orders
        pos = order.coop_purchase_ids
        order.with_user(self.user_staff).order_line.product_uom_qty = 8
        self.assertEqual(sum(pos.order_line.mapped("product_qty")), 8.0)
        self.assertEqual(
            len(
                pos.message_ids.filtered(
                    lambda m: f"{self.product.display_name} lowered by 2 " in m.body
                )
            ),
            1,
            "the cooperative order that shrank says why",
        )
        self.assertFalse(
            pos.message_follower_ids.filtered(lambda f: f.partner_id == self.user_staff.partner_id),
            "staff changing the sale does not follow every cooperative order",
        )

    def test_dropship_product_goes_to_the_customer(self):
        dropship = self.env.ref("stock_dropshipping.route_drop_shipping")
        self.product2.route_ids = [Command.set(dropship.ids)]
        self._available(self.coop_a, self.product2, 2)
        order = self._order([(self.product2, 4)])
        order.action_confirm()
        self.env["purchase.order"]._cron_coop_dispatch()  # the job sending new orders
        pos = order.coop_purchase_ids
        self.assertEqual(len(pos), 2)
        self.assertEqual(pos.dest_address_id, self.customer)
        self.assertTrue(all(pos.mapped("coop_is_dropship")))
        self._available(pos[1].partner_id, self.product2, 10)
        pos[0]._coop_answer("refuse", channel="staff", reason="no stock")
        # re-routed to the other cooperative, still shipped to the customer
        new_po = order.coop_purchase_ids.filtered(lambda po: po.state != "cancel" and po != pos[1])
        self.assertEqual(new_po.partner_id, pos[1].partner_id)
        self.assertEqual(new_po.dest_address_id, self.customer)
        self.assertConserved(order)

    def test_dropship_slip_names_the_customer_order(self):
        """The slip B prints and ships with the goods gives the customer's order, not the
        central's purchase order to B."""
        self.coop_b.coop_dropship = True
        order, _po_a, po_b = self._route(available_a=6)
        self.assertTrue(po_b._coop_answer("accept", channel="staff"))
        html, _format = self.env["ir.actions.report"]._render_qweb_html(
            "stock.report_deliveryslip", po_b.picking_ids.ids
        )
        self.assertIn(order.name, html.decode())
        self.assertNotIn(po_b.name, html.decode())

    def test_dropship_cooperative_ships_to_the_customer(self):
        """B ships straight to the customer, A through the central warehouse (MTO): the
        customer delivery only carries A's part, whatever the answers and re-routings."""
        self.coop_b.coop_dropship = True
        order, po_a, po_b = self._route(available_a=6)
        self.assertEqual((po_a.order_line.product_qty, po_b.order_line.product_qty), (6.0, 4.0))
        self.assertEqual(po_b.dest_address_id, self.customer)
        self.assertEqual(po_b.picking_type_id.default_location_dest_id.usage, "customer")
        self.assertTrue(po_b.coop_is_dropship)
        self.assertFalse(po_a.dest_address_id)
        self.assertEqual(po_a.picking_type_id, self.warehouse.in_type_id)
        delivery = self._deliveries(order)
        self.assertEqual(delivery.move_ids.product_uom_qty, 6.0, "only A's part goes through")
        self.assertEqual(delivery.move_ids.created_purchase_line_ids, po_a.order_line)
        self.assertConserved(order)
        # A accepts 2 of her 6: the 4 others go to B, shipped direct; the delivery shrinks
        po_a._coop_answer("partial", channel="staff", quantities={po_a.order_line.id: 2.0})
        self.env["purchase.order"]._cron_coop_dispatch()  # the job sending new orders
        po_b2 = self._po(order, self.coop_b) - po_b
        self.assertEqual(po_b2.order_line.product_qty, 4.0)
        self.assertEqual(po_b2.dest_address_id, self.customer)
        self.assertEqual(delivery.move_ids.product_uom_qty, 2.0)
        self.assertConserved(order)
        for po in po_b | po_b2:
            self.assertTrue(po._coop_answer("accept", channel="staff"))
        # A's 2 units through the warehouse, B's 8 straight to the customer
        self._receive(po_a)
        self.assertEqual(delivery.state, "assigned")
        for picking in delivery | (po_b | po_b2).picking_ids:
            for move in picking.move_ids:
                move.quantity = move.product_uom_qty
            picking.move_ids.picked = True
            picking.button_validate()
        self.assertTrue(all(p.is_dropship for p in (po_b | po_b2).picking_ids))
        self.assertEqual(order.order_line.qty_delivered, 10.0)

    def test_lowering_a_line_shipped_direct_makes_no_return(self):
        """B shipped 3 of 5 straight to the customer; lowered to 3, her backorder goes, and
        no receipt from the customer appears for goods the customer never had."""
        self.coop_b.coop_dropship = True
        self._available(self.coop_a, self.product2, 0)
        order = self._order([(self.product2, 5)])
        order.action_confirm()
        self.env["purchase.order"]._cron_coop_dispatch()  # the job sending new orders
        po_b = self._po(order, self.coop_b)
        self.assertTrue(po_b._coop_answer("accept", channel="staff"))
        shipping = po_b.picking_ids
        shipping.move_ids.quantity = 3
        shipping.move_ids.picked = True
        shipping.with_context(cancel_backorder=False)._action_done()
        self.assertEqual(order.order_line.qty_delivered, 3.0)
        order.order_line.product_uom_qty = 3
        self.assertEqual(set((po_b.picking_ids - shipping).mapped("state")), {"cancel"})
        self.assertFalse(
            order.order_line.move_ids.filtered(
                lambda m: m.state != "cancel" and m.location_id.usage == "customer"
            ),
            "no return from the customer",
        )
        self.assertFalse(
            order.picking_ids.filtered(
                lambda p: p.picking_type_code == "incoming" and p.state != "cancel"
            )
        )
        self.assertEqual(order.order_line.qty_delivered, 3.0)
        self.assertConserved(order)

    def test_dropship_cooperative_refusal_comes_back_through_the_warehouse(self):
        self.coop_b.coop_dropship = True
        self._available(self.coop_a, self.product2, 0)
        order = self._order([(self.product2, 4)])
        order.action_confirm()
        self.env["purchase.order"]._cron_coop_dispatch()  # the job sending new orders
        po_b = self._po(order, self.coop_b)
        self.assertEqual(po_b.dest_address_id, self.customer)
        self.assertFalse(self._deliveries(order), "everything ships direct: no delivery")
        # B refuses; A now has some: her part comes through the warehouse again
        self._available(self.coop_a, self.product2, 10)
        po_b._coop_answer("refuse", channel="staff", reason="no stock")
        self.env["purchase.order"]._cron_coop_dispatch()  # the job sending new orders
        po_a = self._po(order, self.coop_a)
        self.assertEqual(po_a.order_line.product_qty, 4.0)
        self.assertFalse(po_a.dest_address_id)
        move = self._deliveries(order).move_ids
        self.assertEqual((move.product_uom_qty, move.procure_method), (4.0, "make_to_order"))
        self.assertEqual(move.created_purchase_line_ids, po_a.order_line)
        self.assertConserved(order)
        self.assertTrue(po_a._coop_answer("accept", channel="staff"))
        self._receive(po_a)
        self.assertEqual(move.state, "assigned")

    def test_explanations_are_in_the_language_of_central_staff(self):
        """Read without a language (a job, a script), why routing decided what it did is in
        the company's language, whoever confirmed the order: here a customer of the Arabic
        shop (the website confirms her order as superuser, in her language)."""
        to_route = self.env.ref("coop_order_routing.mail_activity_type_to_route")
        for lang, allocated, left in (
            (
                "fr_FR",
                " : attribué %s %s (politique Équilibrée), tout son stock déclaré",
                "5 %s à router",
            ),
            (
                "en_US",
                ": allocated %s %s (Balanced policy), all her declared stock",
                "5 %s to route",
            ),
        ):
            self.env.company.partner_id.lang = lang
            self.user_staff.lang = lang  # the to-do's, in her language
            self._available(self.coop_a, self.product, 2)
            self._available(self.coop_b, self.product, 3)
            order = self._order([(self.product, 10)], user_id=self.user_staff.id)
            arabic = order.with_context(lang="ar_001").sudo()  # sudo: test: an Arabic checkout
            arabic.action_confirm()
            unit = self.product.uom_id.with_context(lang=lang).name
            # quantities as people write them ("2"), not as Python floats ("2.0")
            self.assertEqual(
                {alloc.partner_id: alloc.reason for alloc in order.coop_allocation_ids},
                {
                    self.coop_a: f"{self.coop_a.display_name}{allocated % (2, unit)}",
                    self.coop_b: f"{self.coop_b.display_name}{allocated % (3, unit)}",
                },
            )
            self.assertIn(left % unit, order.order_line.coop_route_note)
            activity = order.activity_ids.filtered(lambda a, t=to_route: a.activity_type_id == t)
            self.assertIn(left % unit, str(activity.note))
            self.assertEqual(activity.summary, to_route.with_context(lang=lang).summary)

    def test_explanations_are_written_in_the_readers_language(self):
        """Routing runs for a French company; staff reading Odoo in Arabic read why in
        Arabic, those reading it in French in French; the reason a cooperative typed stays
        as she typed it."""
        self.env.company.partner_id.lang = "fr_FR"
        order, _po_a, po_b = self._route()
        allocation_b = po_b.coop_allocation_ids
        line = order.order_line
        unit = self.product.uom_id
        arabic = f"{self.coop_b.display_name}: خُصّص لها 5 وحدات (سياسة متوازنة)"
        french = f"{self.coop_b.display_name} : attribué 5 %s (politique Équilibrée)" % (
            unit.with_context(lang="fr_FR").name
        )
        self.assertIn(arabic, line.with_context(lang="ar_001").coop_route_note)
        self.assertIn(french, line.with_context(lang="fr_FR").coop_route_note)
        po_b._coop_answer("refuse", channel="staff", reason="Pas de stock, désolée!")
        self.assertEqual(
            allocation_b.with_context(lang="ar_001").reason,
            f"{arabic}\nمرفوضة: Pas de stock, désolée!",
        )
        self.assertEqual(
            allocation_b.with_context(lang="fr_FR").reason,
            f"{french}\nRefusée : Pas de stock, désolée!",
        )

    def test_explanations_count_units_as_arabic_does(self):
        """Each quantity of an explanation has its unit in the form its number wants in
        Arabic: "4 وحدات" (plural from 3 to 10), "11 وحدة" (singular from 11 on)."""
        unit = self.env.ref("uom.product_uom_unit")
        arabic = self.env["coop.allocation"].with_context(lang="ar_001")
        entries = [
            note(NO_STOCK, limit=4, min=11, uom=unit.id),
            note(KEPT, kept=11, qty=12, uom=unit.id),
            note(KEPT, kept=1, qty=4, uom=unit.id),
        ]
        [text] = arabic._coop_reason_texts([(entries, self.env.company)])
        self.assertEqual(
            text.splitlines(),
            [
                "المخزون المصرّح به غير كافٍ: يتبقى 4 وحدات، والحد الأدنى لها 11 وحدة",
                "تم الإبقاء على 11 من 12 وحدة.",
                "تم الإبقاء على 1 من 4 وحدات.",
            ],
        )

    def test_quantities_with_the_readers_decimal_point(self):
        kg = self.env.ref("uom.product_uom_kgm")
        Allocation = self.env["coop.allocation"]
        self.assertEqual(Allocation.with_context(lang="fr_FR")._coop_qty_text(2.5, kg), "2,5")
        self.assertEqual(Allocation.with_context(lang="en_US")._coop_qty_text(2.5, kg), "2.5")

    def test_route_note_time_in_the_readers_zone_and_format(self):
        """The note says when routing ran in the reader's time zone and date format, the
        GIE's (Casablanca) when she set none, never in UTC."""
        with freeze_time("2026-06-02 09:30:00"):
            order, _po_a, _po_b = self._route()
        line = order.order_line
        self.user_staff.tz = False
        french = line.with_user(self.user_staff).with_context(lang="fr_FR", tz=False)
        self.assertEqual(french.coop_route_note.splitlines()[0], "02/06/2026 10:30")
        # the language's date format (month first in English) and its 24-hour clock
        english = line.with_context(lang="en_US", tz="Europe/Brussels")
        self.assertEqual(english.coop_route_note.splitlines()[0], "06/02/2026 11:30")
        # the GIE's Arabic date format, as in SMS, not Babel's "2/6/2026, 10:30 ص"
        arabic = line.with_context(lang="ar_001", tz="Africa/Casablanca")
        self.assertEqual(arabic.coop_route_note.splitlines()[0], "02 يونيو 2026 10:30 ص")

    def test_query_count_routing_20_lines(self):
        """Routing cost does not grow with the number of lines (beyond a constant)."""
        products = [self._make_coop_product(f"Bench {i}") for i in range(20)]
        for product in products:
            for coop in (self.coop_a, self.coop_b):
                self.env["product.supplierinfo"].create(
                    {
                        "partner_id": coop.id,
                        "product_tmpl_id": product.product_tmpl_id.id,
                        "price": 10,
                    }
                )
                self.env["coop.sourcing"].create(
                    {
                        "partner_id": coop.id,
                        "product_tmpl_id": product.product_tmpl_id.id,
                        "qty_available": 100,
                    }
                )
        order5 = self._order([(p, 4) for p in products[:5]])
        order20 = self._order([(p, 4) for p in products])
        (order5 | order20).order_line.mapped("product_id.product_tmpl_id.seller_ids")
        # committed, as in production: what routing changes is tracked where it is tracked
        env = self.env(context=dict(self.env.context, tracking_disable=False))
        env.cr.flush()
        self.env.invalidate_all()
        Allocation = env["coop.allocation"]
        # the routing and what the commit then runs (pending writes, tracking messages)
        with self.assertQueryCount(34):
            Allocation._coop_route([(line.with_env(env), 4.0) for line in order5.order_line])
            env.cr.flush()
        self.env.invalidate_all()
        # fewer than for 5 lines: the first call filled the registry's caches
        with self.assertQueryCount(29):
            Allocation._coop_route([(line.with_env(env), 4.0) for line in order20.order_line])
            env.cr.flush()
        self.assertEqual(order20.order_line.mapped("coop_to_route_qty"), [0.0] * 20)
        # reading why, in another language than routing's: no more for 20 lines than for 5
        # (once the registry's caches are warm: which test ran before does not count)
        order5.with_context(lang="ar_001").order_line.mapped("coop_route_note")
        for order in (order5, order20):
            self.env.invalidate_all()
            arabic = order.with_context(lang="ar_001")
            with self.assertQueryCount(9):
                arabic.order_line.mapped("coop_route_note")
                arabic.coop_allocation_ids.mapped("reason")

    def test_customer_date_comes_back_when_the_late_part_is_refused(self):
        """B needs 10 days, A 2: the customer waits for B. B refuses and A takes her part:
        the customer is planned for A's date again, not kept waiting for B."""
        self.product.seller_ids.filtered(lambda s: s.partner_id == self.coop_b).delay = 10
        order, po_a, po_b = self._route(available_a=6)
        delivery_move = order.order_line.move_ids
        self.assertEqual(delivery_move.date, po_b.order_line.date_planned)
        self.assertGreater(po_b.order_line.date_planned, po_a.order_line.date_planned)
        self._available(self.coop_a, self.product, 4)
        po_b._coop_answer("refuse", channel="staff", reason="no stock")
        po_a2 = self._po(order, self.coop_a) - po_a
        self.assertEqual(po_a2.order_line.product_qty, 4.0)
        feeding = delivery_move.created_purchase_line_ids.filtered(lambda ln: ln.state != "cancel")
        self.assertEqual(feeding, (po_a | po_a2).order_line)
        self.assertEqual(delivery_move.date, max(feeding.mapped("date_planned")))
        self.assertLess(delivery_move.date, po_b.order_line.date_planned)
        self.assertEqual(delivery_move.picking_id.scheduled_date, delivery_move.date)

    def test_customer_date_stays_when_nobody_takes_the_refused_part(self):
        """B (10 days) refuses her part of the second product, which nobody else can take:
        its delivery keeps B's date, and the delivery does not show the order's date."""
        self.product2.seller_ids.filtered(lambda s: s.partner_id == self.coop_b).delay = 10
        self._available(self.coop_a, self.product, 10)
        self._available(self.coop_a, self.product2, 0)
        with freeze_time(self._now()):
            order = self._order([(self.product, 10), (self.product2, 4)])
            order.action_confirm()
            self.env["purchase.order"]._cron_coop_dispatch()  # the job sending new orders
            po_b = self._po(order, self.coop_b)
            line2 = order.order_line.filtered(lambda ln: ln.product_id == self.product2)
            late = line2.move_ids.date
            self.assertEqual(late, po_b.order_line.date_planned)
            po_b._coop_answer("refuse", channel="staff", reason="no stock")
        self.assertEqual(line2.coop_to_route_qty, 4.0)
        self.assertEqual(line2.move_ids.date, late)
        delivery = self._deliveries(order)
        self.assertEqual(delivery.scheduled_date, min(delivery.move_ids.mapped("date")))
        self.assertGreater(delivery.scheduled_date, order.date_order)

    def test_customer_date_waits_for_the_late_part_she_accepted(self):
        """B needs 10 days and accepts; A refuses her part, which nobody else can take: the
        customer still waits for B's goods."""
        self.product.seller_ids.filtered(lambda s: s.partner_id == self.coop_b).delay = 10
        self._available(self.coop_b, self.product, 4)
        with freeze_time(self._now()):  # dates to the second, whenever the test runs
            order, po_a, po_b = self._route(available_a=6)
            delivery_move = order.order_line.move_ids
            self.assertTrue(po_b._coop_answer("accept", channel="staff"))
            late = po_b.picking_ids.move_ids.date
            self.assertGreater(late, po_a.order_line.date_planned)
            self.assertEqual(delivery_move.date, late)
            po_a._coop_answer("refuse", channel="staff", reason="no stock")
        self.assertEqual(po_a.state, "cancel")
        self.assertEqual(order.order_line.coop_to_route_qty, 6.0)
        self.assertEqual(delivery_move.date, late)

    def test_full_path_accept_part_refuse_reroute_receive_deliver(self):
        self._available(self.coop_a, self.product, 5)
        self._available(self.coop_a, self.product2, 3)
        order = self._order([(self.product, 10), (self.product2, 6)])
        order.action_confirm()
        self.env["purchase.order"]._cron_coop_dispatch()  # the job sending new orders
        line1, line2 = order.order_line
        po_a, po_b = self._po(order, self.coop_a), self._po(order, self.coop_b)
        # A accepts 1 of the 3 units of the second product
        line_a2 = po_a.order_line.filtered(lambda ln: ln.product_id == self.product2)
        self.assertTrue(
            po_a._coop_answer(
                "partial", channel="staff", quantities={line_a2.id: 1.0}, reason="short"
            )
        )
        self.assertEqual((po_a.state, po_a.coop_answer_state), ("purchase", "partial"))
        self.env["purchase.order"]._cron_coop_dispatch()  # the job sending new orders
        # the 2 refused units went to B, on a new order (the first one is already sent)
        po_b2 = self._po(order, self.coop_b) - po_b
        self.assertEqual(po_b2.order_line.product_qty, 2.0)
        # only line 2 was routed again: line 1 keeps the explanation of its own routing
        self.assertIn(f"{self.coop_b.name}: allocated 5", line1.coop_route_note)
        self.assertIn(f"{self.coop_b.name}: allocated 2", line2.coop_route_note)
        # A finds more of the first product; B refuses its first order: line 1's 5 units go
        # to A; line 2's 3 units have nobody
        # (A said she has no more, B refused): they stay to route, with the reason
        self._available(self.coop_a, self.product, 5)
        po_b._coop_answer("refuse", channel="staff", reason="no stock")
        self.env["purchase.order"]._cron_coop_dispatch()  # the job sending new orders
        self.assertEqual(po_b.state, "cancel")
        po_a2 = self._po(order, self.coop_a) - po_a
        self.assertEqual(po_a2.order_line.product_qty, 5.0)
        self.assertEqual(line2.coop_to_route_qty, 3.0)
        self.assertIn("already refused", line2.coop_route_note)
        refused = order.coop_allocation_ids.filtered(lambda a: a.state == "refused")
        self.assertEqual(sum(refused.mapped("qty")), 10.0)
        self.assertIn(
            po_a2.coop_allocation_ids.rerouted_from_id, refused, "the audit trail links them"
        )
        self.assertConserved(order)
        # a third cooperative joins and declares supply: staff routes the rest to her
        coop_c = self._create_cooperative("Coopérative Test C", "CPC")
        self._add_certification(coop_c)
        self._activate_membership(coop_c)
        self.env["product.supplierinfo"].create(
            {
                "partner_id": coop_c.id,
                "product_tmpl_id": self.product2.product_tmpl_id.id,
                "price": 70,
            }
        )
        self.env["coop.sourcing"].create(
            {
                "partner_id": coop_c.id,
                "product_tmpl_id": self.product2.product_tmpl_id.id,
                "qty_available": 10,
            }
        )
        order.with_user(self.user_staff).action_coop_route_again()
        self.env["purchase.order"]._cron_coop_dispatch()  # the job sending new orders
        po_c = self._po(order, coop_c)
        self.assertEqual(po_c.order_line.product_qty, 3.0)
        self.assertEqual(line2.coop_to_route_qty, 0.0)
        self.assertConserved(order)
        for po in po_a2 | po_b2 | po_c:
            self.assertTrue(po._coop_answer("accept", channel="staff"))
        # receipts at the central warehouse, then the customer delivery is ready
        for po in po_a | po_a2 | po_b2 | po_c:
            self._receive(po)
        delivery = order.picking_ids.filtered(
            lambda p: p.picking_type_code == "outgoing" and p.state != "cancel"
        )
        # every unit received is reserved for the customer, whichever cooperative made it
        self.assertEqual(delivery.move_ids.mapped("state"), ["assigned", "assigned"])
        self.assertEqual(delivery.move_ids.mapped("quantity"), [10.0, 6.0])
        delivery.move_ids.picked = True
        delivery.button_validate()
        self.assertEqual(order.order_line.mapped("qty_delivered"), [10.0, 6.0])

    def test_a_line_split_between_cooperatives_reaches_the_customer_whole(self):
        order, po_a, po_b = self._route(available_a=6)
        self.assertEqual((po_a.order_line.product_qty, po_b.order_line.product_qty), (6.0, 4.0))
        delivery_move = order.order_line.move_ids
        for po in po_a | po_b:
            self.assertTrue(po._coop_answer("accept", channel="staff"))
        # each cooperative's receipt feeds the customer delivery with her part
        receipt_moves = (po_a | po_b).order_line.move_ids
        self.assertEqual(sorted(receipt_moves.mapped("product_uom_qty")), [4.0, 6.0])
        self.assertEqual(receipt_moves.move_dest_ids, delivery_move)
        self.assertEqual(delivery_move.move_orig_ids, receipt_moves)
        self._receive(po_a)
        self.assertEqual(
            (delivery_move.state, delivery_move.quantity), ("partially_available", 6.0)
        )
        self._receive(po_b)
        self.assertEqual((delivery_move.state, delivery_move.quantity), ("assigned", 10.0))
        delivery_move.picked = True
        delivery_move.picking_id.button_validate()
        self.assertEqual(order.order_line.qty_delivered, 10.0)

    def test_expiry_and_reminder(self):
        order, po_a, po_b = self._route()
        self._available(self.coop_a, self.product, 5)
        now = fields.Datetime.now()
        # the customer's date leaves her 3 hours to answer, less than the reminder's 4:
        # she is not reminded in the hour of the request
        po_a.write({"coop_sent_at": now, "coop_answer_deadline": now + timedelta(hours=3)})
        self.env["purchase.order"]._cron_coop_deadlines()
        self.assertFalse(po_a.coop_reminder_sent)
        po_a.write({"coop_sent_at": now - timedelta(hours=22)})
        po_b.coop_answer_deadline = now - timedelta(minutes=1)
        self.env["purchase.order"]._cron_coop_deadlines()
        self.assertTrue(po_a.coop_reminder_sent)
        self.assertEqual(po_a.coop_answer_state, "waiting")
        self.assertEqual((po_b.state, po_b.coop_answer_state), ("cancel", "expired"))
        # staff read what happened, not where it went (nobody else may take it)
        self.assertIn(
            "<p>No answer before the deadline: the quantity goes back to routing.</p>",
            po_b.message_ids.mapped("body"),
        )
        # B's 5 units went to A
        self.assertEqual(sum(self._po(order, self.coop_a).order_line.mapped("product_qty")), 10.0)
        self.assertEqual(
            order.coop_allocation_ids.filtered(lambda a: a.state == "expired").partner_id,
            self.coop_b,
        )
        self.assertConserved(order)

    def test_staff_route_again_asks_a_cooperative_that_let_her_order_expire(self):
        self._available(self.coop_a, self.product, 0)
        order, po_a, po_b = self._route(available_a=0)
        self.assertFalse(po_a)
        po_b.coop_answer_deadline = fields.Datetime.now() - timedelta(minutes=1)
        self.env["purchase.order"]._cron_coop_deadlines()
        line = order.order_line
        self.assertEqual((po_b.coop_answer_state, line.coop_to_route_qty), ("expired", 10.0))
        # nobody else can take it; the scheduled retry does not ask B again by itself
        self.env["sale.order"]._cron_coop_route_pending()
        self.assertEqual(line.coop_to_route_qty, 10.0)
        self.assertIn("let expire", line.coop_route_note)
        # when nothing moves, staff are told so
        self._available(self.coop_b, self.product, 0)
        action = order.with_user(self.user_staff).action_coop_route_again()
        self.assertEqual(action["params"]["type"], "warning")
        self.assertEqual(line.coop_to_route_qty, 10.0)
        # B declares supply again, staff (who may have called her) route it again: B is asked
        self._available(self.coop_b, self.product, 10)
        self.assertTrue(order.with_user(self.user_staff).action_coop_route_again() is True)
        self.env["purchase.order"]._cron_coop_dispatch()
        self.assertEqual(line.coop_to_route_qty, 0.0)
        new_po = self._po(order, self.coop_b)
        self.assertEqual(
            (new_po.coop_answer_state, new_po.order_line.product_qty), ("waiting", 10.0)
        )
        self.assertConserved(order)

    def test_propose_date(self):
        order = self._order([(self.product, 4)])
        order.action_confirm()
        self.env["purchase.order"]._cron_coop_dispatch()  # the job sending new orders
        po_a = self._po(order, self.coop_a)
        promised = order.order_line.move_ids.date_deadline
        later = fields.Datetime.now() + timedelta(days=9)
        po_a.with_user(self.user_coop_a)._coop_answer("propose_date", channel="mobile", date=later)
        self.assertEqual(po_a.coop_answer_state, "date_proposed")
        self.assertTrue(po_a.activity_ids)
        po_a.with_user(self.user_staff).action_coop_accept_proposed_date()
        self.assertEqual((po_a.state, po_a.coop_answer_state), ("purchase", "accepted"))
        self.assertEqual(po_a.order_line.date_planned, later)
        # the customer delivery waits for the date she gave, her receipt is planned then
        delivery = order.picking_ids.filtered(lambda p: p.picking_type_code == "outgoing")
        self.assertEqual(delivery.scheduled_date, later)
        self.assertEqual(po_a.picking_ids.scheduled_date, later)
        # ... but what was promised to the customer stays: the delivery shows it is late
        self.assertEqual(delivery.move_ids.date_deadline, promised)
        self.assertEqual(po_a.picking_ids.move_ids.date_deadline, later)
        # lowering the order lowers that delivery (Odoo merges the decrease into the move
        # of the same deadline; another deadline made a receipt "from the customer")
        order.order_line.product_uom_qty = 3
        self.assertEqual(order.picking_ids, delivery)
        self.assertEqual(delivery.move_ids.product_uom_qty, 3)

    def test_cooperative_with_purchase_orders_cannot_be_deleted(self):
        newcomer = self._create_cooperative("Coopérative Nouvelle", "NEW")
        self.env["purchase.order"].create(
            {
                "partner_id": newcomer.id,
                "order_line": [Command.create({"product_id": self.product.id, "product_qty": 1})],
            }
        )
        with self.assertRaisesRegex(UserError, "purchase orders"):
            newcomer.unlink()
        self.assertTrue(newcomer.exists())

    def test_cooperative_with_supply_declarations_cannot_be_deleted(self):
        newcomer = self._create_cooperative("Coopérative Déclarante", "DECL")
        self.product.seller_ids = self._vendor_lines(newcomer)
        self.env["coop.sourcing"].create(
            {
                "partner_id": newcomer.id,
                "product_tmpl_id": self.product.product_tmpl_id.id,
                "qty_available": 10,
            }
        )
        with self.assertRaisesRegex(UserError, "supply declarations"):
            newcomer.unlink()
        self.assertTrue(newcomer.exists())
