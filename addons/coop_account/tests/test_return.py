import io
from datetime import timedelta
from unittest.mock import patch

import openpyxl

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import HttpCase, tagged

from .common import CoopAccountCase


@tagged("post_install", "-at_install")
class TestReturnToCooperative(CoopAccountCase):
    """Goods returned to a cooperative after she was billed for them (a lot that failed
    quality control sent back to her) are not paid to her."""

    def _return_to_her(self, po, quantity=None):
        """Return her goods (all of them, or ``quantity``) to her."""
        receipt = po.picking_ids.filtered(lambda p: p.picking_type_code == "incoming")
        wizard = self.env["stock.return.picking"].create({"picking_id": receipt.id})
        for line in wizard.product_return_moves:
            line.quantity = quantity or line.move_id.quantity
        returned = self.env["stock.picking"].browse(wizard.action_create_returns()["res_id"])
        # validated by central staff, not the superuser: record rules apply
        self._validate(returned.with_user(self.user_staff))
        return returned

    def _statements(self, date_from=None, date_to=None):
        """Statements of both cooperatives for the period (default: this month), read in
        English."""
        return (
            self.env["coop.payout.statement"]
            .with_context(lang="en_US")
            ._coop_create_for_period(
                date_from or self.today.replace(day=1),
                date_to or self.today,
                partners=self.coop_a | self.coop_b,
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

        # her statement says she is not paid now, and why; the other's is paid in full
        statements = self._statements()
        statement_a = statements.filtered(lambda s: s.partner_id == self.coop_a)
        statement_b = statements - statement_a
        self.assertEqual(statement_a.balance_due, bill_a.amount_total, "what the books say")
        self.assertEqual(statement_a.amount_to_pay, 0.0)
        self.assertEqual(statement_a.held_for_returns, po_a.name)
        self.assertEqual(statement_b.amount_to_pay, bill_b.amount_total)
        self.assertFalse(statement_b.held_for_returns)
        # the accountant selects both statements: the other cooperative is paid, she is not
        action = statements.action_pay()
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
        # the web client runs it as it is, after the notification: without its views it
        # fails ("Cannot read properties of undefined (reading 'map')")
        self.assertEqual(wizard_action["views"], [(False, "form")])
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

    def test_credit_note_posted_after_a_closed_month_is_deducted_from_its_payout(self):
        """Her bill of last month; goods returned to her; last month is closed (locked), so
        her credit note is booked in this month. Paying her from last month's statement
        deducts it (it is no longer blocked, and must not be paid), and says so."""
        date_to = self.today.replace(day=1) - timedelta(days=1)
        date_from = date_to.replace(day=1)
        order = self._order(10.0)
        self._route_and_receive(order)
        po_a, po_b = self._po(order, self.coop_a), self._po(order, self.coop_b)
        bill_a, bill_b = self._bill(po_a, date=date_to), self._bill(po_b, date=date_to)
        self.company.fiscalyear_lock_date = date_to
        self._return_to_her(po_a, quantity=1.0)
        refund = po_a.invoice_ids.filtered(lambda m: m.move_type == "in_refund")
        refund.invoice_date = date_to
        refund.action_post()
        self.assertGreater(refund.date, date_to, "booked after the closed month")
        self.assertEqual(refund.amount_total, self.price[self.coop_a] * 1.2)
        net_a = bill_a.amount_total - refund.amount_total

        statements = self._statements(date_from, date_to)
        statement_a = statements.filtered(lambda s: s.partner_id == self.coop_a)
        # the closed month says what the books say at its end; the deduction is explained
        self.assertEqual(statement_a.balance_due, bill_a.amount_total)
        self.assertEqual(statement_a.amount_owed_back, refund.amount_total)
        self.assertEqual(statement_a.amount_to_pay, net_a)
        self.assertEqual(
            [row["name"] for row in statement_a._coop_report_data()["owed_back"]], [refund.name]
        )
        html, _fmt = self.env["ir.actions.report"]._render_qweb_html(
            "coop_account.report_payout_statement", statement_a.ids
        )
        # in her language (French)
        self.assertIn("Dû par la coopérative depuis la période, déduit du versement", html.decode())
        self.assertIn(refund.name, html.decode())
        content, _fmt = self.env["ir.actions.report"]._render(
            "coop_account.action_report_payout_statement_xlsx", statement_a.ids
        )
        sheet = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]
        rows = [
            [cell for cell in row if cell is not None] for row in sheet.iter_rows(values_only=True)
        ]
        self.assertIn(["À payer maintenant", net_a], rows)
        self.assertTrue(any(refund.name in row and refund.amount_total in row for row in rows))

        action = statements.action_pay()
        self.assertEqual(action["res_model"], "account.payment.register", "no one is blocked")
        wizard = self.env["account.payment.register"].with_context(**action["context"]).create({})
        payments = wizard._create_payments()
        self.assertEqual(
            {p.partner_id: p.amount for p in payments},
            {self.coop_a: net_a, self.coop_b: bill_b.amount_total},
        )
        self.assertEqual((bill_a | refund).mapped("payment_state"), ["paid", "paid"])
        statements.invalidate_recordset()
        self.assertEqual(statement_a.balance_due, bill_a.amount_total, "the closed month")
        self.assertEqual((statement_a.amount_owed_back, statement_a.amount_to_pay), (0.0, 0.0))
        # reprinted, the closed month explains it: what was due at its end, settled since
        self.assertEqual(statement_a.amount_settled_since, bill_a.amount_total)
        report = statement_a._coop_report_data()
        self.assertEqual([row["residual"] for row in report["bills"]], [bill_a.amount_total])
        payment_a = payments.filtered(lambda p: p.partner_id == self.coop_a)
        self.assertEqual(
            sorted((row["name"], row["amount"]) for row in report["settled_since"]),
            sorted([(refund.name, refund.amount_total), (payment_a.move_id.name, net_a)]),
        )
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("coop_account.report_payout_statement", statement_a.ids)[0]
            .decode()
        )
        self.assertIn("Réglé depuis la période", html)
        self.assertIn(payment_a.move_id.name, html)
        # this month: her credit note and her payout, nothing owed either way
        [this_month] = self._statements(date_to + timedelta(days=1), self.today).filtered(
            lambda s: s.partner_id == self.coop_a
        )
        self.assertEqual(this_month.opening_balance, bill_a.amount_total)
        self.assertEqual(this_month.amount_billed, -refund.amount_total)
        self.assertEqual(this_month.amount_paid, net_a)
        self.assertEqual(this_month.amount_other, 0.0)
        self.assertEqual(this_month.balance_due, 0.0)


@tagged("post_install", "-at_install")
class TestReturnByCustomer(CoopAccountCase):
    """Goods a customer gives back after she was invoiced for them are credited to her:
    the credit note is drafted when the return is validated, for the accountant to post
    it and refund her."""

    def _give_back(self, order, quantity):
        """The customer gives ``quantity`` back; central staff validate the return."""
        delivery = order.picking_ids.filtered(lambda p: p.picking_type_code == "outgoing")
        wizard = self.env["stock.return.picking"].create({"picking_id": delivery.id})
        wizard.product_return_moves.quantity = quantity
        returned = self.env["stock.picking"].browse(wizard.action_create_returns()["res_id"])
        self._validate(returned.with_user(self.user_staff))
        self.assertEqual(returned.state, "done")

    def test_goods_given_back_after_the_cash_was_collected_are_credited(self):
        order = self._delivered_order(2.0)
        tx = self._shop_cod_payment(order)
        order.with_user(self.user_staff).action_coop_cod_collect()
        invoice = order.invoice_ids
        self.assertEqual((tx.state, invoice.amount_total), ("done", 240.0))

        self._give_back(order, 1.0)
        line = order.order_line
        self.assertEqual((line.qty_delivered, line.qty_to_invoice), (1.0, 0.0))
        self.assertNotEqual(order.invoice_status, "to invoice")
        refund = order.invoice_ids - invoice
        self.assertEqual((refund.move_type, refund.state), ("out_refund", "draft"))
        self.assertEqual(refund.invoice_line_ids.quantity, 1.0)
        self.assertEqual(refund.amount_total, 120.0)
        self.assertEqual(refund.partner_id, self.customer)
        todo = refund.activity_ids
        self.assertEqual(
            todo.activity_type_id, self.env.ref("coop_account.mail_activity_type_post_refund")
        )
        self.assertEqual(todo.user_id, self.user_staff, "the accountant who invoiced her")
        self.assertIn(order.name, str(todo.note))
        self.assertIn(self.customer.name, str(todo.note))
        # not drafted twice
        order._coop_refund_returns()
        self.assertEqual(order.invoice_ids, invoice | refund)
        self.assertEqual(refund.activity_ids, todo)
        self.assertIn(tx, order.transaction_ids)
        self.assertEqual(order.amount_paid, order.amount_total, "the cash stays collected")

        # she gives the other one back too: that one is credited on its own
        self._give_back(order, 1.0)
        second = order.invoice_ids - invoice - refund
        self.assertEqual((second.move_type, second.state), ("out_refund", "draft"))
        self.assertEqual(second.invoice_line_ids.quantity, 1.0)
        self.assertEqual(order.order_line.qty_to_invoice, 0.0)

        # posted: the accountant's to-do is done; what is left is to refund her
        (refund | second).action_post()
        self.assertFalse((refund | second).activity_ids)
        self.assertEqual(sum((refund | second).mapped("amount_residual")), 240.0, "to refund her")

    def test_a_credit_note_drafted_already_is_not_drafted_again(self):
        """The accountant drafted the credit note before the goods came back."""
        order = self._delivered_order(2.0)
        order._coop_register_cod_collection(reference="RETURN-1")
        invoice = order.invoice_ids
        reversal = (
            self.env["account.move.reversal"]
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({"journal_id": invoice.journal_id.id, "reason": "one jar given back"})
        )
        reversal.refund_moves()
        refund = order.invoice_ids - invoice
        refund.invoice_line_ids.quantity = 1.0
        self._give_back(order, 1.0)
        self.assertEqual(order.invoice_ids, invoice | refund)
        self.assertEqual(order.order_line.qty_to_invoice, 0.0)
        self.assertFalse(refund.activity_ids)

    def test_goods_given_back_before_invoicing_are_not_invoiced(self):
        order = self._delivered_order(2.0)
        tx = self._shop_cod_payment(order)
        self._give_back(order, 1.0)
        self.assertFalse(order.invoice_ids, "nothing to credit")
        self.assertEqual(order.order_line.qty_to_invoice, 1.0)
        order.action_coop_cod_collect()
        self.assertEqual(order.invoice_ids.mapped("move_type"), ["out_invoice"])
        self.assertEqual(order.invoice_ids.amount_total, 120.0, "what was delivered")
        self.assertEqual(tx.amount, 120.0)


@tagged("post_install", "-at_install")
class TestRefundToCome(HttpCase, CoopAccountCase):
    """Her credit note, once posted, is a refund to come: e-mailed to her in her language,
    and her portal does not ask her to pay it."""

    def test_credit_note_is_sent_and_read_as_a_refund_to_come(self):
        self.customer.write({"lang": "ar_001", "email": "nadia@example.com"})
        order = self._delivered_order(2.0)
        self._shop_cod_payment(order)
        order.with_user(self.user_staff).action_coop_cod_collect()
        invoice = order.invoice_ids
        TestReturnByCustomer._give_back(self, order, 1.0)
        refund = order.invoice_ids - invoice
        refund.with_context(lang="fr_FR").action_post()
        mail = (
            self.env["mail.message"]
            .search([("model", "=", "account.move"), ("res_id", "=", refund.id)])
            .filtered(lambda message: self.customer in message.partner_ids)
        )
        self.assertEqual(len(mail), 1, "e-mailed to her once posted")
        self.assertIn("إشعار دائن", mail.subject, "in her language")
        self.assertEqual(mail.attachment_ids.mapped("name"), [refund.invoice_pdf_report_id.name])
        # the e-mail's heading: the refund to come, not Odoo's "<amount> due <date>"
        heading = refund._notify_by_email_prepare_rendering_context(mail, force_email_lang="ar_001")
        self.assertEqual(heading["subtitles"][1], f"استرداد قادم: {refund.amount_total:.2f}\xa0DH")

        self.env["res.users"].create(
            {
                "login": "nadia_portal",
                "password": "nadia_portal",
                "partner_id": self.customer.id,
                "groups_id": [Command.set(self.env.ref("base.group_portal").ids)],
            }
        )
        self.authenticate("nadia_portal", "nadia_portal")
        self.opener.cookies["frontend_lang"] = "en_US"
        for url in (refund.get_portal_url(), "/my/invoices", order.get_portal_url()):
            html = self.url_open(url).text
            html = html[html.index('id="wrap"') :]
            self.assertIn("Refund to come", html, url)
            self.assertNotIn("Waiting", html, url)
            self.assertNotIn("o_portal_sidebar_timeago", html, url)
            self.assertNotIn("o_portal_invoice_due_date", html, url)
        # on a phone, the due date's cells are hidden as its header is (else columns shift)
        html = self.url_open("/my/invoices").text
        self.assertEqual(html.count('<td class="d-none d-md-table-cell'), len(order.invoice_ids))

    def test_credit_note_deducted_at_collection_is_not_a_refund_to_come(self):
        """Invoiced, 1 of 2 given back before the courier came: the collection posts its
        credit note and deducts it from what he collects. She is e-mailed it once deducted,
        with its amount: not "refund to come", a refund she will never get."""
        self.customer.write({"lang": "en_US", "email": "nadia@example.com"})
        order = self._delivered_order(2.0)
        self._shop_cod_payment(order)
        invoice = order._create_invoices()
        invoice.action_post()
        TestReturnByCustomer._give_back(self, order, 1.0)
        refund = order.invoice_ids - invoice
        headings = []
        Move = type(self.env["account.move"])
        render = Move._notify_by_email_prepare_rendering_context

        def spy(move, *args, **kwargs):
            context = render(move, *args, **kwargs)
            if move == refund:
                headings.append(context["subtitles"])
            return context

        with patch.object(Move, "_notify_by_email_prepare_rendering_context", spy):
            order.with_user(self.user_staff).action_coop_cod_collect()
        self.assertEqual((refund.state, refund.payment_state), ("posted", "paid"))
        mail = (
            self.env["mail.message"]
            .search([("model", "=", "account.move"), ("res_id", "=", refund.id)])
            .filtered(lambda message: self.customer in message.partner_ids)
        )
        self.assertEqual(len(mail), 1, "e-mailed to her once")
        self.assertTrue(headings)
        self.assertEqual(refund.amount_total, 120.0)
        for heading in headings:  # hers, and her followers' (in their language)
            self.assertRegex(heading[1], r"^120[.,]00\xa0DH$")
