from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import CoopAccountCase


@tagged("post_install", "-at_install")
class TestReturnToCooperative(CoopAccountCase):
    """Goods returned to a cooperative after she was billed for them (a lot that failed
    quality control sent back to her) are not paid to her."""

    def _return_to_her(self, po):
        receipt = po.picking_ids.filtered(lambda p: p.picking_type_code == "incoming")
        wizard = self.env["stock.return.picking"].create({"picking_id": receipt.id})
        for line in wizard.product_return_moves:
            line.quantity = line.move_id.quantity
        returned = self.env["stock.picking"].browse(wizard.action_create_returns()["res_id"])
        # validated by central staff, not the superuser: record rules apply
        self._validate(returned.with_user(self.user_staff))
        return returned

    def _statements(self):
        """Statements of both cooperatives for this month, read in English."""
        return (
            self.env["coop.payout.statement"]
            .with_context(lang="en_US")
            ._coop_create_for_period(
                self.today.replace(day=1), self.today, partners=self.coop_a | self.coop_b
            )
        )

    def _coop_payments(self):
        return self.env["account.payment"].search(
            [("partner_id", "in", (self.coop_a | self.coop_b).ids)]
        )

    def test_goods_returned_to_her_are_not_paid(self):
        order = self._order(10.0)
        self._route_and_receive(order)
        po_a, po_b = self._po(order, self.coop_a), self._po(order, self.coop_b)
        bill_a, bill_b = self._bill(po_a), self._bill(po_b)
        billed_qty = po_a.order_line.qty_invoiced
        statements = self._statements()
        statement_a = statements.filtered(lambda s: s.partner_id == self.coop_a)
        # a payout opened before the return, confirmed after it
        action = statements.action_pay()
        opened = (
            self.env["account.payment.register"]
            .with_context(**action["context"], lang="en_US")
            .create({})
        )

        self._return_to_her(po_a)
        self.assertEqual(po_a.order_line.qty_received, 0.0)
        # her bill is still posted in full: nothing of it is paid until the credit note is
        statements.invalidate_recordset()
        self.assertEqual(
            statements.mapped("balance_due"), [bill_a.amount_total, bill_b.amount_total]
        )
        with self.assertRaisesRegex(
            UserError, f"Nothing was paid: {self.coop_a.name} \\({po_a.name}\\)\\. .*billed beyond"
        ):
            opened._create_payments()
        with self.assertRaisesRegex(
            UserError,
            f"Nothing can be paid: {self.coop_a.name} \\({po_a.name}\\)\\. .*billed beyond",
        ):
            statement_a.action_pay()
        self.assertEqual((bill_a | bill_b).mapped("payment_state"), ["not_paid", "not_paid"])
        self.assertFalse(self.env["account.payment"].search([("partner_id", "=", self.coop_a.id)]))

        # the credit note is drafted from her order, and the accountant asked to post it
        refund = po_a.invoice_ids.filtered(lambda m: m.move_type == "in_refund")
        self.assertEqual(refund.state, "draft")
        refunded = refund.invoice_line_ids.filtered(lambda line: line.display_type == "product")
        self.assertEqual(refunded.quantity, billed_qty)
        self.assertEqual(refund.amount_total, bill_a.amount_total)
        self.assertEqual(refund.activity_ids.user_id, self.env.ref("base.user_admin"))
        self.assertIn(po_a.name, str(refund.activity_ids.note))
        # a draft is not enough
        with self.assertRaisesRegex(UserError, po_a.name):
            statement_a.action_pay()

        # posted: she owes nothing and is paid nothing, the other cooperative is paid
        refund.invoice_date = self.today
        warning = self.env.ref("mail.mail_activity_data_warning")
        self.assertTrue(bill_a.activity_ids.filtered(lambda a: a.activity_type_id == warning))
        refund.action_post()
        self.assertFalse(refund.activity_ids, "her to-do is done")
        self.assertFalse(bill_a.activity_ids, "and Odoo's warning to ask for a refund")
        statements.invalidate_recordset()
        self.assertEqual(statements.mapped("balance_due"), [0.0, bill_b.amount_total])
        action = statements.action_pay()
        payments = (
            self.env["account.payment.register"]
            .with_context(**action["context"])
            .create({})
            ._create_payments()
        )
        self.assertEqual(
            {p.partner_id: p.amount for p in payments}, {self.coop_b: bill_b.amount_total}
        )
        self.assertEqual(bill_b.payment_state, "paid")
        # her bill and credit note cancel out: nothing left to pay her
        self.assertEqual(bill_a.amount_residual - refund.amount_residual, 0.0)

    def test_paying_several_leaves_out_her_with_goods_returned(self):
        order = self._order(10.0)
        self._route_and_receive(order)
        po_a, po_b = self._po(order, self.coop_a), self._po(order, self.coop_b)
        bill_a, bill_b = self._bill(po_a), self._bill(po_b)
        self._return_to_her(po_a)
        refund = po_a.invoice_ids.filtered(lambda m: m.move_type == "in_refund")
        self.assertEqual(refund.state, "draft")

        # the accountant selects both statements: the other cooperative is paid, she is not
        action = self._statements().action_pay()
        self.assertEqual(
            (action["type"], action["tag"]), ("ir.actions.client", "display_notification")
        )
        params = action["params"]
        self.assertEqual((params["type"], params["sticky"]), ("warning", True))
        self.assertIn(f"{self.coop_a.name} ({po_a.name})", params["message"])
        self.assertIn("billed beyond what was received", params["message"])
        self.assertNotIn(self.coop_b.name, params["message"])
        wizard_action = params["next"]
        self.assertEqual(wizard_action["res_model"], "account.payment.register")
        lines = self.env["account.move.line"].browse(wizard_action["context"]["active_ids"])
        self.assertEqual(lines.move_id, bill_b, "only the other cooperative's bill")
        wizard = (
            self.env["account.payment.register"].with_context(**wizard_action["context"]).create({})
        )
        self.assertEqual(wizard.amount, bill_b.amount_total)
        payments = wizard._create_payments()
        self.assertEqual(
            {p.partner_id: p.amount for p in payments}, {self.coop_b: bill_b.amount_total}
        )
        self.assertEqual(bill_b.payment_state, "paid")
        # nothing of hers is paid nor matched
        self.assertEqual(self._coop_payments(), payments)
        self.assertEqual(bill_a.payment_state, "not_paid")
        self.assertEqual(bill_a.amount_residual, bill_a.amount_total)
        self.assertEqual(refund.state, "draft")

    def test_paying_only_cooperatives_with_goods_returned_pays_nothing(self):
        order = self._order(10.0)
        self._route_and_receive(order)
        pos = self._po(order, self.coop_a) | self._po(order, self.coop_b)
        bills = self._bill(pos[0]) | self._bill(pos[1])
        for po in pos:
            self._return_to_her(po)

        with self.assertRaises(UserError) as refused:
            self._statements().action_pay()
        message = str(refused.exception)
        self.assertTrue(message.startswith("Nothing can be paid: "), message)
        for po in pos:
            self.assertIn(f"{po.partner_id.name} ({po.name})", message)
        self.assertNotIn("leave her statement out", message)
        self.assertFalse(self._coop_payments())
        self.assertEqual(bills.mapped("payment_state"), ["not_paid", "not_paid"])
