import ast
from datetime import datetime, timedelta

from lxml import etree

from odoo import Command, fields
from odoo.exceptions import UserError
from odoo.tests import Form, tagged
from odoo.tools import html2plaintext
from odoo.tools.translate import code_translations

from ..models.purchase_order import NOT_EXPIRED
from ..models.sale_order import SURPLUS
from .common import RoutingCase


@tagged("post_install", "-at_install")
class TestOrderFlow(RoutingCase):
    """What happens to supply, activities and answers as orders change and are answered."""

    def _confirmed(self, lines, **values):
        order = self._order(lines, **values)
        order.action_confirm()
        self.env["purchase.order"]._cron_coop_dispatch()  # the job sending new orders
        return order

    def _supply(self, coop, product=None):
        return self._sourcing(coop, product or self.product).qty_available

    def _to_route_activities(self, order):
        activity_type = self.env.ref("coop_order_routing.mail_activity_type_to_route")
        return order.activity_ids.filtered(lambda a: a.activity_type_id == activity_type)

    def _date_activities(self, po):
        activity_type = self.env.ref("coop_order_routing.mail_activity_type_date_proposed")
        return po.activity_ids.filtered(lambda a: a.activity_type_id == activity_type)

    def _answer(self, po, user, mode, quantities=None, **values):
        """The answer form, filled and sent by ``user`` as from the phone."""
        action = po.with_user(user).with_context(coop_answer_mode=mode).action_coop_open_answer()
        wizard = Form(self.env["coop.po.answer"].with_user(user).browse(action["res_id"]))
        for index, qty in enumerate(quantities or ()):
            with wizard.line_ids.edit(index) as line:
                line.accepted_qty = qty
        for fname, value in values.items():
            setattr(wizard, fname, value)
        return wizard.save().action_confirm()

    def _receive_part(self, po, qty):
        """``po``'s cooperative delivers ``qty`` of its open receipt, the rest on a backorder."""
        picking = po.picking_ids.filtered(lambda p: p.state not in ("done", "cancel"))
        picking.move_ids.quantity = qty
        picking.move_ids.picked = True
        picking.with_context(cancel_backorder=False)._action_done()

    def _customer_moves(self, order):
        return order.order_line.move_ids.filtered(
            lambda m: m.state != "cancel" and m.location_dest_id.usage == "customer"
        )

    # ------------------------------------------------------------------ declared supply

    def test_cancelled_order_gives_the_supply_back(self):
        self._available(self.coop_a, self.product, 6)
        order = self._confirmed([(self.product, 10)])
        self.assertTrue(self._po(order, self.coop_a)._coop_answer("accept", channel="staff"))
        self.assertEqual((self._supply(self.coop_a), self._supply(self.coop_b)), (0.0, 996.0))
        env = self.env(context=dict(self.env.context, tracking_disable=False))
        env.cr.flush()
        declarations = (
            self._sourcing(self.coop_a, self.product) | self._sourcing(self.coop_b, self.product)
        ).with_env(env)
        messages = declarations.message_ids
        order.with_env(env)._action_cancel()
        env.cr.flush()  # what the commit runs, tracking messages included
        # the cooperatives still have the goods, accepted or not: another order may take them
        self.assertEqual((self._supply(self.coop_a), self._supply(self.coop_b)), (6.0, 1000.0))
        self.assertEqual(declarations.message_ids, messages, "the allocations are the trail")
        again = self._confirmed([(self.product, 6)])
        self.assertEqual(again.coop_allocation_ids.partner_id, self.coop_a)
        self.assertConserved(again)

    def test_cancelled_order_cancels_her_orders_without_a_warning_to_follow_up(self):
        self._available(self.coop_a, self.product, 6)
        order = self._confirmed([(self.product, 10)], user_id=self.user_staff.id)
        purchases = order.coop_purchase_ids
        self.assertEqual(len(purchases), 2)
        # who follows the central order up is the cooperative orders' buyer
        self.assertEqual(purchases.user_id, self.user_staff)
        self.assertTrue(self._po(order, self.coop_a)._coop_answer("accept", channel="staff"))
        order.with_user(self.user_staff)._action_cancel()
        self.assertEqual(set(purchases.mapped("state")), {"cancel"})
        # Odoo warns the buyer of a purchase order a cancelled sale left open: ours are not
        warning = self.env.ref("mail.mail_activity_data_warning")
        self.assertFalse(purchases.activity_ids.filtered(lambda a: a.activity_type_id == warning))

    def test_cancelled_order_keeps_what_her_cooperatives_delivered(self):
        """Cancelled after A delivered part of her order: A's order keeps what she
        delivered (its backorder cancelled) and staff are told of the surplus, as when the
        order is lowered to nothing; B, who delivered nothing, has her order cancelled."""
        self._available(self.coop_a, self.product, 6)
        order = self._confirmed([(self.product, 10)])
        po_a, po_b = self._po(order, self.coop_a), self._po(order, self.coop_b)
        for po in po_a | po_b:
            self.assertTrue(po._coop_answer("accept", channel="staff"))
        self._receive_part(po_a, 4)
        order._coop_staff_user().lang = "en_US"
        order._action_cancel()
        self.assertEqual(order.state, "cancel")
        self.assertEqual((po_a.state, po_a.order_line.product_qty), ("purchase", 4.0))
        self.assertEqual(po_a.order_line.qty_received, 4.0)
        self.assertFalse(po_a.picking_ids.filtered(lambda p: p.state not in ("done", "cancel")))
        self.assertEqual(po_b.state, "cancel")
        self.assertFalse(
            order.coop_allocation_ids.filtered(lambda a: a.state in ("waiting", "accepted"))
        )
        self.assertIn("4 Units", order.activity_search([SURPLUS]).note)
        self.assertFalse(self._customer_moves(order).filtered(lambda m: m.state != "cancel"))

    def test_lowered_order_gives_the_supply_back(self):
        self.env.company.partner_id.lang = "en_US"  # staff's notes in the company's language
        self._available(self.coop_a, self.product, 6)
        order = self._confirmed([(self.product, 10)])
        po_a = self._po(order, self.coop_a)
        self.assertTrue(po_a._coop_answer("accept", channel="staff"))
        order.order_line.product_uom_qty = 7  # B's waiting order shrinks by 3
        self.assertEqual((self._supply(self.coop_a), self._supply(self.coop_b)), (0.0, 999.0))
        # staff reading B's order see which product changed, and by how much of what
        self.assertIn(
            f"The central order changed: {self.product.display_name} lowered by 3 "
            f"{self.product.uom_id.name}.",
            "".join(map(str, self._po(order, self.coop_b).message_ids.mapped("body"))),
        )
        order.order_line.product_uom_qty = 2  # B's 1 and 4 of A's accepted 6
        self.assertEqual((self._supply(self.coop_a), self._supply(self.coop_b)), (4.0, 1000.0))
        self.assertConserved(order)
        # what is left of A's allocation says so, under what routing gave her
        kept = order.coop_allocation_ids.filtered(
            lambda a: a.partner_id == self.coop_a and a.state == "accepted"
        )
        self.assertEqual(kept.qty, 2.0)
        self.assertTrue(kept.reason.endswith("\n2 of 6 Units kept."), kept.reason)

    def _warnings(self, records):
        warning = self.env.ref("mail.mail_activity_data_warning")
        return records.activity_ids.filtered(lambda a: a.activity_type_id == warning)

    def test_lowered_order_leaves_no_exception_on_her_orders(self):
        self._available(self.coop_a, self.product, 6)
        order = self._confirmed([(self.product, 10)], user_id=self.user_staff.id)
        purchases = order.coop_purchase_ids
        self.assertTrue(self._po(order, self.coop_a)._coop_answer("accept", channel="staff"))
        # the routing adjusts her orders and tells her: Odoo's "manual actions may be
        # needed" would stay open on them forever
        order.write({"order_line": [Command.update(order.order_line.id, {"product_uom_qty": 6})]})
        self.assertEqual(sum(purchases.order_line.mapped("product_qty")), 6.0)
        self.assertFalse(self._warnings(purchases))

    def test_lowered_order_of_another_product_keeps_odoo_exception(self):
        vendor = self.env["res.partner"].create({"name": "Grossiste"})
        product = self.env["product.product"].create(
            {
                "name": "Tajine",
                "is_storable": True,
                "route_ids": [
                    Command.link(self.env.ref("stock.route_warehouse0_mto").id),
                    Command.link(self.env.ref("purchase_stock.route_warehouse0_buy").id),
                ],
                "seller_ids": [Command.create({"partner_id": vendor.id, "price": 10.0})],
            }
        )
        order = self._confirmed([(product, 10)])
        purchase = self.env["purchase.order"].search([("partner_id", "=", vendor.id)])
        purchase.button_confirm()
        order.write({"order_line": [Command.update(order.order_line.id, {"product_uom_qty": 6})]})
        self.assertTrue(self._warnings(purchase))

    def test_raised_then_lowered_order_is_delivered_from_what_is_left(self):
        """The customer move the cancelled order fed goes; the one the accepted order feeds
        keeps the whole quantity, and gets it when her goods arrive."""
        self._available(self.coop_b, self.product, 0)
        order = self._confirmed([(self.product, 10)])
        po_1 = self._po(order, self.coop_a)
        self.assertTrue(po_1._coop_answer("accept", channel="staff"))
        order.order_line.product_uom_qty = 12  # 2 more on a second order, not sent yet
        po_2 = self._po(order, self.coop_a) - po_1
        self.assertEqual(po_2.order_line.product_qty, 2.0)
        order.order_line.product_uom_qty = 10
        self.assertEqual(po_2.state, "cancel")
        self.assertConserved(order)
        self._receive(po_1)
        move = self._customer_moves(order)
        self.assertEqual(
            (move.product_uom_qty, move.state, move.quantity), (10.0, "assigned", 10.0)
        )

    def test_lowered_after_a_partial_delivery_reserves_what_arrived(self):
        self._available(self.coop_b, self.product, 0)
        order = self._confirmed([(self.product, 10)])
        po_1 = self._po(order, self.coop_a)
        self.assertTrue(po_1._coop_answer("accept", channel="staff"))
        self._receive_part(po_1, 6)
        order.order_line.product_uom_qty = 16  # 6 more on a second order, not sent yet
        po_2 = self._po(order, self.coop_a) - po_1
        self.assertEqual(po_2.order_line.product_qty, 6.0)
        order._coop_staff_user().lang = "en_US"
        order.order_line.product_uom_qty = 4
        self.assertEqual(po_2.state, "cancel")
        self.assertEqual(po_1.order_line.product_qty, 6.0, "she keeps what she delivered")
        self.assertConserved(order)
        # the customer's 4 are reserved among the 6 received; the 2 others are the surplus
        moves = self._customer_moves(order)
        self.assertEqual(sum(moves.mapped("product_uom_qty")), 4.0)
        self.assertEqual(set(moves.mapped("state")), {"assigned"})
        self.assertEqual(sum(moves.mapped("quantity")), 4.0)
        self.assertIn("2 Units", order.activity_search([SURPLUS]).note)

    def _return_to_her(self, po, qty):
        """The central sends ``qty`` of what ``po`` brought back to her (quantities updated
        on the order: Odoo's default)."""
        receipt = po.picking_ids.filtered(
            lambda p: p.picking_type_code == "incoming" and p.state == "done"
        )
        wizard = self.env["stock.return.picking"].create({"picking_id": receipt.id})
        wizard.product_return_moves.quantity = qty
        returned = self.env["stock.picking"].browse(wizard.action_create_returns()["res_id"])
        returned.move_ids.quantity = qty
        returned.move_ids.picked = True
        # validated in the warehouse, by staff with no rights on the routing's records
        returned.with_user(self.user_staff).button_validate()
        return returned

    def test_goods_returned_to_her_are_routed_again(self):
        """A lot rejected at the central goes back to its cooperative: the customer still
        needs it, and gets it from another cooperative."""
        self._available(self.coop_b, self.product, 0)
        order = self._confirmed([(self.product, 10)])
        po_a = self._po(order, self.coop_a)
        self.assertTrue(po_a._coop_answer("accept", channel="staff"))
        self._receive(po_a)
        self._available(self.coop_b, self.product, 50)
        returned = self._return_to_her(po_a, 6)
        self.env["purchase.order"]._cron_coop_dispatch()
        self.assertEqual((po_a.order_line.product_qty, po_a.order_line.qty_received), (4.0, 4.0))
        closed = order.coop_allocation_ids.filtered(
            lambda a: a.partner_id == self.coop_a and a.state == "cancelled"
        )
        self.assertEqual(closed.qty, 6.0)
        self.assertIn(f"6 Units returned to the cooperative ({returned.name})", closed.reason)
        po_b = self._po(order, self.coop_b)
        self.assertEqual(po_b.order_line.product_qty, 6.0)
        self.assertConserved(order)
        self.assertTrue(po_b._coop_answer("accept", channel="staff"))
        self._receive(po_b)
        moves = self._customer_moves(order)
        self.assertEqual(sum(moves.mapped("quantity")), 10.0, "all of it reserved for her")

    def test_surplus_sent_back_to_her_is_not_routed_again(self):
        self._available(self.coop_b, self.product, 0)
        order = self._confirmed([(self.product, 10)], user_id=self.user_staff.id)
        po_a = self._po(order, self.coop_a)
        self.assertTrue(po_a._coop_answer("accept", channel="staff"))
        self._receive(po_a)
        order.order_line.product_uom_qty = 7  # 3 delivered too many: the surplus
        allocations = order.coop_allocation_ids
        self.assertTrue(order.activity_search([SURPLUS]))
        self._return_to_her(po_a, 3)
        self.assertEqual(order.coop_allocation_ids, allocations, "nothing routed again")
        self.assertEqual(order.order_line.coop_to_route_qty, 0.0)
        self.assertEqual(po_a.order_line.product_qty, 7.0, "the surplus is no longer bought")
        self.assertFalse(order.activity_search([SURPLUS]), "the surplus to-do is done")
        # the return took the customer's reserved goods: her 7 are reserved again
        moves = self._customer_moves(order).filtered(lambda m: m.state != "done")
        self.assertEqual(sum(moves.mapped("quantity")), 7.0)
        self.assertConserved(order)
        # then 2 of the 7 she delivered are rejected and sent back: 2 routed again, and her
        # order expects nothing more (the surplus is no longer bought)
        self._return_to_her(po_a, 2)
        self.assertEqual((po_a.order_line.product_qty, po_a.order_line.qty_received), (5.0, 5.0))
        self.assertFalse(
            po_a.picking_ids.filtered(lambda p: p.state not in ("done", "cancel")),
            "no receipt of goods nobody needs",
        )
        waiting = order.coop_allocation_ids.filtered(lambda a: a.state == "waiting")
        self.assertEqual(waiting.qty, 2.0, "asked again, on a new order")
        self.assertNotEqual(waiting.purchase_id, po_a)
        self.assertConserved(order)

    def test_goods_sent_back_after_the_order_was_cancelled_are_no_longer_bought(self):
        self._available(self.coop_b, self.product, 0)
        order = self._confirmed([(self.product, 5)])
        po_a = self._po(order, self.coop_a)
        self.assertTrue(po_a._coop_answer("accept", channel="staff"))
        self._receive(po_a)
        order._action_cancel()
        self.assertEqual(po_a.order_line.product_qty, 5.0, "she keeps what she delivered")
        self._return_to_her(po_a, 5)
        self.assertEqual((po_a.order_line.product_qty, po_a.order_line.qty_received), (0.0, 0.0))
        self.assertFalse(order.coop_allocation_ids.filtered(lambda a: a.state == "waiting"))

    def test_refused_or_expired_supply_is_not_given_back(self):
        self._available(self.coop_a, self.product, 6)
        order = self._confirmed([(self.product, 10)])
        po_a, po_b = self._po(order, self.coop_a), self._po(order, self.coop_b)
        # A says she cannot supply it: her declaration is not restored behind her back
        self.assertTrue(po_a._coop_answer("refuse", channel="staff", reason="Pas de stock"))
        self.assertEqual(self._supply(self.coop_a), 0.0)
        self.assertEqual(self._supply(self.coop_b), 990.0, "A's 6 re-routed to B")
        # B lets it expire: she did not confirm she has it
        po_b.coop_answer_deadline = fields.Datetime.now() - timedelta(minutes=1)
        self.env["purchase.order"]._cron_coop_deadlines()
        self.assertEqual(po_b.coop_answer_state, "expired")
        self.assertEqual(self._supply(self.coop_b), 990.0)
        self.assertConserved(order)

    def test_expiry_whose_rerouting_fails_changes_nothing(self):
        """Her quantity cannot be re-routed (no route to buy it): her order does not expire
        half-way (cancelled, told to her, re-routed to an order nobody gets); the next run
        expires it whole."""
        order, _po_a, po_b = self._route(2)
        self._available(self.coop_a, self.product, 5)
        routes = self.product.route_ids
        self.product.route_ids = [Command.clear()]
        po_b.coop_answer_deadline = fields.Datetime.now() - timedelta(minutes=1)
        sms = self.env["sms.sms"].search([])
        self.env["purchase.order"]._cron_coop_deadlines()
        self.assertEqual((po_b.state, po_b.coop_answer_state), ("sent", "waiting"))
        self.assertEqual(po_b.coop_allocation_ids.mapped("state"), ["waiting"])
        self.assertFalse(
            order.coop_allocation_ids.filtered(
                lambda a: a.state == "waiting" and not a.purchase_id
            ),
            "no quantity given to a cooperative without an order",
        )
        self.assertFalse(self.env["sms.sms"].search([]) - sms, "she is told nothing not done")
        self.assertConserved(order)
        self.product.route_ids = routes
        self.env["purchase.order"]._cron_coop_deadlines()
        self.assertEqual((po_b.state, po_b.coop_answer_state), ("cancel", "expired"))
        self.assertEqual(sum(self._po(order, self.coop_a).order_line.mapped("product_qty")), 2.0)
        self.assertConserved(order)

    def _expiry_failing(self):
        """B's order, past its deadline, whose quantity cannot be re-routed (no route to buy
        it), followed by ``user_staff``: (order, po_b, the product's routes to give back)."""
        order, _po_a, po_b = self._route(2)
        self._available(self.coop_a, self.product, 5)
        order.user_id = self.user_staff
        self.user_staff.lang = "en_US"
        routes = self.product.route_ids
        self.product.route_ids = [Command.clear()]
        po_b.coop_answer_deadline = fields.Datetime.now() - timedelta(minutes=1)
        return order, po_b, routes

    def _done_note(self, po):
        """What closing the "not expired" activity of ``po`` wrote."""
        activity_type = self.env.ref(NOT_EXPIRED)
        return str(po.message_ids.filtered(lambda m: m.mail_activity_type_id == activity_type).body)

    def test_expiry_whose_rerouting_fails_is_shown_to_staff_until_it_expires(self):
        """Staff follow an order that cannot expire: one activity, however many runs fail,
        saying why; done once the order finally expires."""
        order, po_b, routes = self._expiry_failing()
        # the error is written in the job's language
        job = self.env["purchase.order"].with_context(lang="en_US")._cron_coop_deadlines
        job()
        job()
        self.assertEqual(po_b.coop_answer_state, "waiting")
        activity = po_b.activity_search([NOT_EXPIRED])
        self.assertEqual(len(activity), 1, "one activity, however many runs fail")
        self.assertEqual(activity.user_id, self.user_staff)
        self.assertIn("No rule has been found to replenish", str(activity.note))
        self.assertIn("It is tried again at every run of the deadline job", str(activity.note))
        self.product.route_ids = routes
        job()
        self.assertEqual((po_b.state, po_b.coop_answer_state), ("cancel", "expired"))
        self.assertFalse(activity.exists())
        self.assertIn("The order is cancelled.", self._done_note(po_b))
        self.assertConserved(order)

    def test_expiry_failure_shown_to_staff_is_done_once_she_answers(self):
        _order, po_b, _routes = self._expiry_failing()
        self.env["purchase.order"]._cron_coop_deadlines()
        activity = po_b.activity_search([NOT_EXPIRED])
        self.assertEqual(len(activity), 1)
        # she answers after all (here by SMS): nothing is left to find
        self.assertTrue(po_b._coop_answer("accept", channel="sms"))
        self.assertEqual(po_b.coop_answer_state, "accepted")
        self.assertFalse(activity.exists())
        self.assertIn("The order no longer waits for her answer.", self._done_note(po_b))

    def test_expiry_failure_shown_to_staff_is_done_when_the_order_is_cancelled(self):
        order, po_b, _routes = self._expiry_failing()
        self.env["purchase.order"]._cron_coop_deadlines()
        activity = po_b.activity_search([NOT_EXPIRED])
        self.assertEqual(len(activity), 1)
        order._action_cancel()
        self.assertEqual(po_b.state, "cancel")
        self.assertFalse(activity.exists())
        self.assertIn("The order is cancelled.", self._done_note(po_b))

    def test_expiry_and_cancellation_are_explained_in_the_language_of_central_staff(self):
        """The deadline job and a customer of the Arabic shop close allocations: staff
        read why in the company's language."""
        self.env.company.partner_id.lang = "fr_FR"
        self._available(self.coop_a, self.product, 6)
        order = self._confirmed([(self.product, 10)])
        po_b = self._po(order, self.coop_b)
        allocation_b = po_b.coop_allocation_ids
        self._available(self.coop_a, self.product, 4)
        po_b.coop_answer_deadline = fields.Datetime.now() - timedelta(minutes=1)
        self.env["purchase.order"].with_context(lang="ar_001")._cron_coop_deadlines()
        self.assertEqual(allocation_b.state, "expired")
        self.assertIn("Pas de réponse avant l", allocation_b.reason)
        self.assertTrue(
            po_b.message_ids.filtered(lambda m: "la quantité retourne au routage" in m.body)
        )
        # re-routed to A, explained in French too
        rerouted = order.coop_allocation_ids.filtered(
            lambda a: a.rerouted_from_id and a.state == "waiting"
        )
        self.assertIn(f"{self.coop_a.display_name} : attribué 4 ", rerouted.reason)
        arabic = order.with_context(lang="ar_001").sudo()  # sudo: test: an Arabic job cancels
        arabic._action_cancel()
        for allocation in order.coop_allocation_ids - allocation_b:
            self.assertIn("La commande client a été annulée.", allocation.reason)

    def test_history_of_an_order_is_in_the_language_of_central_staff(self):
        """A customer of the Arabic shop confirming (her order is created), the job sending
        the order (without a language) and her answer in the app (in Arabic) write the
        order's history in the company's language, as staff read it."""
        self.env.company.partner_id.lang = "fr_FR"
        self.user_coop_a.lang = "ar_001"
        self._available(self.coop_a, self.product, 6)
        self._available(self.coop_b, self.product, 0)
        order = self._order([(self.product, 6)])
        context = dict(self.env.context, tracking_disable=False)
        order.with_context(context, lang="ar_001").action_confirm()
        context.pop("lang", None)
        env = self.env(context=context)
        env["purchase.order"]._cron_coop_dispatch()
        env.cr.flush()  # what the commit runs, tracking messages included
        po = self._po(order, self.coop_a).with_env(env)
        po.with_user(self.user_coop_a).with_context(lang="ar_001").action_coop_accept()
        env.cr.flush()
        self.assertEqual(po.state, "purchase")

        def labels(fname, lang):
            return dict(po._fields[fname]._description_selection(po.with_context(lang=lang).env))

        french = {fname: labels(fname, "fr_FR") for fname in ("state", "coop_answer_state")}
        english = labels("state", "en_US")
        self.assertNotEqual(french["state"]["sent"], english["sent"], "French is loaded")
        changes = {
            (value.field_id.name, value.old_value_char, value.new_value_char)
            for value in po.message_ids.tracking_value_ids
            if value.field_id.name in french
        }
        state, answer = french["state"], french["coop_answer_state"]
        self.assertEqual(
            changes,
            {
                ("state", state["draft"], state["sent"]),
                ("state", state["sent"], state["purchase"]),
                ("coop_answer_state", "", answer["waiting"]),
                ("coop_answer_state", answer["waiting"], answer["accepted"]),
            },
        )
        self.assertEqual(
            html2plaintext(po.message_ids[-1].body), self._french_created("purchase.order")
        )

    def _french_created(self, model):
        """The note of the creation of a record of ``model``, in French."""
        name = self.env["ir.model"].with_context(lang="fr_FR")._get(model).name
        return code_translations.get_python_translations("mail", "fr_FR")["%s created"] % name

    def test_history_of_a_supply_declaration_is_in_the_language_of_central_staff(self):
        """A manager in Arabic declaring her supply, then changing her capacity, leaves its
        history in the company's language, as staff read it: the note of its creation is
        written in it, the changes store no word of hers (their labels are read in the
        reader's)."""
        self.env.company.partner_id.lang = "fr_FR"
        self.user_coop_a.lang = "ar_001"
        thyme = self._make_coop_product("Test thyme", seller_ids=self._vendor_lines())
        Sourcing = self.env["coop.sourcing"].with_user(self.user_coop_a)
        declaration = Sourcing.with_context(tracking_disable=False, lang="ar_001").create(
            {"product_tmpl_id": thyme.product_tmpl_id.id, "qty_available": 5}
        )
        declaration.env.cr.flush()
        declaration.weekly_capacity = 40
        declaration.env.cr.flush()
        created, changed = declaration.sudo().message_ids.sorted("id")  # sudo: test check
        self.assertEqual(html2plaintext(created.body), self._french_created("coop.sourcing"))
        self.assertFalse(changed.body)
        tracking = changed.tracking_value_ids.with_context(lang="fr_FR")  # as staff read it
        self.assertEqual(
            [
                (value["changedField"], value["oldValue"]["value"], value["newValue"]["value"])
                for value in tracking._tracking_value_format()
            ],
            [("Capacité hebdomadaire", 0.0, 40.0)],
        )

    # ------------------------------------------------------------- archived cooperatives

    def test_archived_cooperative_gets_no_order(self):
        self.coop_a.action_archive()
        order = self._confirmed([(self.product, 10)])
        self.assertEqual(order.coop_allocation_ids.partner_id, self.coop_b)
        self.assertEqual(order.coop_purchase_ids.partner_id, self.coop_b)
        self.assertNotIn(self.coop_a.name, order.order_line.coop_route_note)
        self.assertEqual(self._supply(self.coop_a), 1000.0)
        self.assertConserved(order)

    # ------------------------------------------------------- quantity to route, activity

    def test_cancelled_order_has_nothing_to_route(self):
        self._available(self.coop_a, self.product, 3)
        self._available(self.coop_b, self.product, 2)
        order = self._confirmed([(self.product, 10)])
        self.assertTrue(order.coop_to_route)
        self.assertTrue(self._to_route_activities(order))
        order._action_cancel()
        self.assertFalse(order.coop_to_route)
        self.assertEqual(order.order_line.coop_to_route_qty, 0.0)
        self.assertFalse(self._to_route_activities(order), "the staff's to-do is closed")
        action = self.env.ref("coop_order_routing.action_coop_orders_to_route")
        self.assertNotIn(order, self.env["sale.order"].search(ast.literal_eval(action.domain)))

    def test_to_route_note_says_what_is_left_now_and_why(self):
        self.user_staff.lang = "en_US"  # she reads it in her language
        self._available(self.coop_a, self.product, 3)
        self._available(self.coop_b, self.product, 2)
        order = self._confirmed([(self.product, 10)], user_id=self.user_staff.id)
        activity = self._to_route_activities(order)
        unit = self.product.uom_id.name
        product = self.product.display_name
        self.assertIn(f"{product}: 5 {unit} to route", str(activity.note))
        self.assertIn("the eligible cooperatives cannot supply more", str(activity.note))
        # who took part, and why not more: all their declared stock
        self.assertIn(
            f"{self.coop_a.display_name}: allocated 3 {unit} (Balanced policy), "
            "all her declared stock",
            str(activity.note),
        )
        # one paragraph per product, one line per reason: not one run-on text
        self.assertIn("<br>", str(activity.note))
        # she refuses her 3, nobody else can take them: the same to-do, with the new figure
        self._answer(self._po(order, self.coop_a), self.user_coop_a, "refuse", reason="No jars")
        self.assertEqual(order.order_line.coop_to_route_qty, 8.0)
        self.assertEqual(self._to_route_activities(order), activity)
        self.assertIn(f"{product}: 8 {unit} to route", str(activity.note))
        self.assertIn("already refused or let expire this line", str(activity.note))
        # the customer lowers her order: 6 ordered, 2 placed
        order.order_line.product_uom_qty = 6
        self.assertEqual(order.order_line.coop_to_route_qty, 4.0)
        self.assertIn(f"{product}: 4 {unit} to route", str(activity.note))
        self.assertConserved(order)
        # then to what is placed: nothing is left, which closes the to-do, and says so
        order.order_line.product_uom_qty = 2
        self.assertFalse(self._to_route_activities(order))
        self.assertIn("Nothing left to route.", str(order.message_ids[:1].body))

    def test_to_route_todo_is_in_the_language_of_its_assignee(self):
        """The to-do of what is left to route is written for the staff member it is given
        to, in her language (Arabic), not in the company's (French)."""
        self.env.company.partner_id.lang = "fr_FR"
        self.user_staff.lang = "ar_001"
        self._available(self.coop_a, self.product, 3)
        self._available(self.coop_b, self.product, 2)
        order = self._confirmed([(self.product, 10)], user_id=self.user_staff.id)
        activity = self._to_route_activities(order)
        self.assertEqual(activity.user_id, self.user_staff)
        self.assertEqual(activity.summary, "إيجاد تعاونية للكمية المتبقية للتوجيه")
        self.assertIn("للتوجيه", str(activity.note))
        self.assertNotIn("à router", str(activity.note))
        # updated in her language too, whoever answers (a French-speaking cooperative)
        self.user_coop_a.lang = "fr_FR"
        self._answer(self._po(order, self.coop_a), self.user_coop_a, "refuse", reason="Pas de pots")
        self.assertEqual(self._to_route_activities(order), activity)
        self.assertNotIn("à router", str(activity.note))
        self.assertIn("8", str(activity.note))

    def test_staff_raise_the_supply_from_the_order_and_route_again(self):
        """From an order with quantity left to route, staff open the declared supply of its
        products left to route (no other), raise it, and route again: all is placed."""
        other = self.product2  # fully routed
        self._available(self.coop_a, self.product, 3)
        self._available(self.coop_b, self.product, 2)
        order = self._confirmed([(self.product, 10), (other, 1)], user_id=self.user_staff.id)
        self.assertEqual(order.order_line.mapped("coop_to_route_qty"), [5.0, 0.0])
        action = order.with_user(self.user_staff).action_coop_view_supply()
        self.assertEqual(action["res_model"], "coop.sourcing")
        Sourcing = self.env["coop.sourcing"].with_user(self.user_staff)
        supply = Sourcing.search(action["domain"])
        self.assertEqual(supply.partner_id, self.coop_a | self.coop_b)
        self.assertEqual(supply.product_tmpl_id, self.product.product_tmpl_id)
        self.assertEqual(
            action["context"], {"default_product_tmpl_id": self.product.product_tmpl_id.id}
        )
        supply.filtered(lambda s: s.partner_id == self.coop_a).qty_available = 8
        order.with_user(self.user_staff).action_coop_route_again()
        self.assertEqual(order.order_line.mapped("coop_to_route_qty"), [0.0, 0.0])
        self.assertFalse(self._to_route_activities(order))
        self.assertConserved(order)

    def test_lowering_to_what_is_routed_closes_the_activity(self):
        self._available(self.coop_a, self.product, 3)
        self._available(self.coop_b, self.product, 2)
        order = self._confirmed([(self.product, 10)])
        self.assertTrue(self._to_route_activities(order))
        order.order_line.product_uom_qty = 5
        self.assertEqual(order.order_line.coop_to_route_qty, 0.0)
        self.assertFalse(order.coop_to_route)
        self.assertFalse(self._to_route_activities(order))
        self.assertConserved(order)

    # ------------------------------------------------------------------ proposed dates

    def test_proposed_date_todo_is_for_staff_in_her_language_and_closes(self):
        self.user_coop_a.lang = "ar_001"
        self.user_coop_b.lang = "ar_001"
        self.user_staff.lang = "fr_FR"
        (self.user_staff | self.user_coop_a).tz = "Africa/Casablanca"
        self._available(self.coop_a, self.product, 6)
        order = self._confirmed([(self.product, 10)], user_id=self.user_staff.id)
        po_a, po_b = self._po(order, self.coop_a), self._po(order, self.coop_b)
        later = fields.Datetime.now() + timedelta(days=9)
        for po, manager in ((po_a, self.user_coop_a), (po_b, self.user_coop_b)):
            self._answer(po, manager, "propose_date", proposed_date=later)
        activity = self._date_activities(po_a)
        self.assertEqual(activity.user_id, self.user_staff)
        activity_type = activity.activity_type_id
        french = activity_type.with_context(lang="fr_FR").summary
        self.assertNotEqual(french, activity_type.with_context(lang="ar_001").summary)
        self.assertEqual(activity.summary, french)
        self.assertIn("La coopérative peut livrer le", str(activity.note))
        # the date as the reader's language writes one (as in her SMS), not Babel's default
        Allocation = self.env["coop.allocation"]
        self.assertIn(
            Allocation.with_context(lang="fr_FR")._coop_datetime_text(later, self.user_staff.tz),
            str(activity.note),
        )
        # the chatter note, in the company's language (English here), in the time zone of
        # whoever answered
        self.assertIn(
            Allocation.with_context(lang="en_US")._coop_datetime_text(later, "Africa/Casablanca"),
            " ".join(str(body) for body in po_a.message_ids.mapped("body")),
        )
        # staff answers: the to-do is done
        po_a.with_user(self.user_staff).action_coop_accept_proposed_date()
        self.assertEqual(po_a.coop_answer_state, "accepted")
        self.assertFalse(self._date_activities(po_a))
        po_b.with_user(self.user_staff).action_coop_refuse_proposed_date()
        self.assertEqual(po_b.coop_answer_state, "refused")
        # why, in the language of whoever reads the audit trail, not of the staff who refused
        refused = po_b.coop_allocation_ids.filtered(lambda a: a.state == "refused")
        self.assertTrue(refused)
        for lang, text in (
            ("en_US", "Refused: proposed date not suitable."),
            ("fr_FR", "Refusée : la date proposée ne convient pas."),
        ):
            for allocation in refused.with_context(lang=lang):
                self.assertIn(text, allocation.reason, lang)
        self.assertFalse(self._date_activities(po_b))
        # a proposal left when the customer cancels is closed with the order
        other = self._confirmed([(self.product2, 4)], user_id=self.user_staff.id)
        po = other.coop_purchase_ids
        po.with_user(self.user_coop_a)._coop_answer("propose_date", channel="mobile", date=later)
        self.assertTrue(self._date_activities(po))
        other._action_cancel()
        self.assertFalse(self._date_activities(po))

    # ---------------------------------------------------------------- answer validation

    def test_refusal_needs_a_real_reason(self):
        order = self._confirmed([(self.product, 4)])
        po = order.coop_purchase_ids
        with self.assertRaisesRegex(UserError, "why you refuse"):
            self._answer(po, self.user_coop_a, "refuse", reason="   ")
        self.assertEqual(po.coop_answer_state, "waiting")

    def test_accepting_nothing_is_a_refusal_with_its_reason(self):
        order = self._confirmed([(self.product, 4)])
        po = order.coop_purchase_ids
        with self.assertRaisesRegex(UserError, "why you refuse"):
            self._answer(po, self.user_coop_a, "partial", quantities=[0])
        self.assertEqual((po.coop_answer_state, po.order_line.product_qty), ("waiting", 4.0))
        self._answer(po, self.user_coop_a, "partial", quantities=[0], reason=" Récolte perdue ")
        self.assertEqual(
            (po.coop_answer_state, po.coop_refusal_reason), ("refused", "Récolte perdue")
        )
        # her cancelled order keeps what she was asked for, as a refusal does
        self.assertEqual((po.state, po.order_line.product_qty), ("cancel", 4.0))
        refused = order.coop_allocation_ids.filtered(lambda a: a.partner_id == self.coop_a)
        self.assertTrue(refused.reason.endswith("\nRefused: Récolte perdue"), refused.reason)

    def test_a_product_accepted_at_none_is_refused_and_leaves_her_order(self):
        order = self._confirmed([(self.product, 4), (self.product2, 3)])
        po = order.coop_purchase_ids
        self.assertEqual(po.partner_id, self.coop_a)
        line_1 = po.order_line.filtered(lambda ln: ln.product_id == self.product)
        # a product she declines whole is refused: staff are told why
        with self.assertRaisesRegex(UserError, "why you refuse"):
            self._answer(po, self.user_coop_a, "partial", quantities=[2, 0], reason=" ")
        self.assertEqual(po.coop_answer_state, "waiting")
        self._answer(po, self.user_coop_a, "partial", quantities=[2, 0], reason="No jars")
        self.assertEqual((po.state, po.coop_answer_state), ("purchase", "partial"))
        # her confirmed order lists what she delivers, at its price
        self.assertEqual(po.order_line, line_1)
        self.assertEqual((line_1.product_qty, line_1.price_unit), (2.0, 80.0))
        allocations = order.coop_allocation_ids.filtered(lambda a: a.partner_id == self.coop_a)
        amlou = allocations.filtered(lambda a: a.product_id == self.product2)
        self.assertEqual((amlou.state, amlou.qty), ("refused", 3.0))
        self.assertTrue(amlou.reason.endswith("\nRefused: No jars"), amlou.reason)
        # the refused part of the other product: what routing gave her, then why it closed
        argan = allocations.filtered(lambda a: a.product_id == self.product)
        part = argan.filtered(lambda a: a.state == "refused")
        self.assertEqual(part.qty, 2.0)
        self.assertIn(f"{self.coop_a.display_name}: allocated 4 ", part.reason)
        self.assertTrue(part.reason.endswith("\nPartly accepted: No jars"), part.reason)
        # both re-routed to the other cooperative, the customer waiting on order for them
        po_b = self._po(order, self.coop_b)
        self.assertEqual(
            {ln.product_id: ln.product_qty for ln in po_b.order_line},
            {self.product: 2.0, self.product2: 3.0},
        )
        moves = order.picking_ids.move_ids.filtered(lambda m: m.product_id == self.product2)
        self.assertEqual(moves.mapped("procure_method"), ["make_to_order"])
        self.assertEqual(
            moves.created_purchase_line_ids,
            po_b.order_line.filtered(lambda ln: ln.product_id == self.product2),
        )
        self.assertConserved(order)

    def test_proposed_date_reads_in_her_hours_in_history_and_todo(self):
        """She proposes 10:00 on her phone, an hour ahead of UTC: the order's history and
        staff's to-do say 10:00, not the hour in UTC, though neither she nor staff set a
        time zone (the company's then)."""
        manager, staff = self.user_coop_a, self.user_staff
        (manager | staff).write({"tz": False, "lang": "en_US"})
        # UTC+1 all year, as Morocco was in the QA finding (a fixed zone: the test does not
        # depend on Morocco's rules in the tz database)
        utc_plus_1 = "Etc/GMT-1"
        self.env.company.partner_id.write({"tz": utc_plus_1, "lang": "en_US"})
        order = self._confirmed([(self.product, 4)], user_id=staff.id)
        po = self._po(order, self.coop_a)
        # 10:00 her time, as her browser sends it to the server (in UTC)
        year = fields.Date.today().year + 1
        proposed = datetime(year, 12, 10, 9, 0)
        # what the web client sends with each request from her phone
        browser = {"tz": utc_plus_1, "lang": "en_US"}
        action = (
            po.with_user(manager)
            .with_context(**browser, coop_answer_mode="propose_date")
            .action_coop_open_answer()
        )
        wizard = Form(
            self.env["coop.po.answer"]
            .with_user(manager)
            .with_context(**browser)
            .browse(action["res_id"])
        )
        wizard.proposed_date = proposed
        wizard.save().action_confirm()
        self.assertEqual(po.coop_proposed_date, proposed)
        expected = f"12/10/{year} 10:00"
        history = " ".join(html2plaintext(body) for body in po.message_ids.mapped("body"))
        self.assertIn(f"proposes to deliver on {expected}.", history)
        todo = self._date_activities(po)
        self.assertEqual(todo.user_id, staff)
        self.assertIn(f"The cooperative can deliver on {expected}.", html2plaintext(todo.note))

    def test_proposed_date_must_be_to_come(self):
        order = self._confirmed([(self.product, 4)])
        po = order.coop_purchase_ids
        past = fields.Datetime.now() - timedelta(days=1)
        with self.assertRaisesRegex(UserError, "already past") as error:
            self._answer(po, self.user_coop_a, "propose_date", proposed_date=past)
        # the date as her language writes one (as in her SMS), not Babel's default
        self.assertIn(
            self.env["coop.allocation"]
            .with_user(self.user_coop_a)
            ._coop_datetime_text(past, self.user_coop_a.tz),
            str(error.exception),
        )
        self.assertEqual(po.coop_answer_state, "waiting")
        self.assertFalse(po.coop_proposed_date)

    def test_accepting_every_line_in_full_is_an_acceptance(self):
        order = self._confirmed([(self.product, 4), (self.product2, 3)])
        po = order.coop_purchase_ids
        self._answer(po, self.user_coop_a, "partial", quantities=[4, 3])
        self.assertEqual((po.state, po.coop_answer_state), ("purchase", "accepted"))
        self.assertEqual(set(order.coop_allocation_ids.mapped("state")), {"accepted"})

    def test_her_accepted_orders_wait_under_to_deliver_until_received(self):
        """Once she answered everything, "My orders" is empty under "To answer": the filter
        "To deliver" (named by the empty screen) shows what she accepted, until received."""
        _order, po_a, _po_b = self._route(qty=4)
        po_a.with_user(self.user_coop_a).action_coop_accept()
        action = self.env.ref("coop_order_routing.action_coop_my_orders")
        search = self.env["purchase.order"].get_views([(action.search_view_id.id, "search")])
        arch = etree.fromstring(search["views"]["search"]["arch"])
        filters = {f.get("name"): f for f in arch.iter("filter")}
        self.assertIn(filters["to_deliver"].get("string"), html2plaintext(action.help))
        Po = self.env["purchase.order"].with_user(self.user_coop_a)

        def shown(name):
            domain = ast.literal_eval(filters[name].get("domain"))
            return Po.search(ast.literal_eval(action.domain) + domain)

        self.assertFalse(shown("to_answer"))
        self.assertEqual(shown("to_deliver"), po_a)
        self._receive(po_a)
        self.assertFalse(shown("to_deliver"))
