"""A payout says what it pays, shows on the statement it settles, and tells the
cooperative: an SMS to her managers in their language, an e-mail with her statement."""

from datetime import timedelta
from unittest.mock import patch

from odoo.addons.sms.tests.common import SMSCase
from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import format_amount

from .common import CoopAccountCase


@tagged("post_install", "-at_install")
class TestPayoutNotice(CoopAccountCase, SMSCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for code in ("fr_FR", "ar_001"):
            cls.env["res.lang"]._activate_lang(code)
        cls.date_from = cls.today.replace(day=1) - timedelta(days=62)
        cls.date_from = cls.date_from.replace(day=1)
        cls.date_to = cls.date_from + timedelta(days=27)
        cls.day = cls.date_from + timedelta(days=10)
        cls.user_coop_a.partner_id.write({"mobile": "+212600000001", "lang": "ar_001"})
        cls.coop_a.write({"lang": "fr_FR", "email": "coop.a@example.com"})
        # coop_b: no e-mail, no mobile, nor her manager
        cls.coop_b.write({"email": False, "mobile": False})
        cls.user_coop_b.partner_id.mobile = False

    def _statement(self, coop):
        return self.env["coop.payout.statement"].create(
            {"partner_id": coop.id, "date_from": self.date_from, "date_to": self.date_to}
        )

    def _payout(self, statements, date):
        action = statements.action_pay()
        wizard = (
            self.env["account.payment.register"]
            .with_context(**action["context"])
            .create({"payment_date": date})
        )
        with self.mockSMSGateway():
            payments = wizard._create_payments()
        return payments

    def test_payout_memo_statement_payments_and_notice(self):
        bill_a = self._quick_bill(self.coop_a, 5544.0, date=self.day)
        bill_b = self._quick_bill(self.coop_b, 80.0, date=self.day)
        statement_a, statement_b = self._statement(self.coop_a), self._statement(self.coop_b)
        paid_on = self.date_to + timedelta(days=3)  # after the period
        payments = self._payout(statement_a | statement_b, paid_on)
        payment_a = payments.filtered(lambda p: p.partner_id == self.coop_a)
        title = f"CPA {self.date_from.strftime('%d/%m/%Y')} – {self.date_to.strftime('%d/%m/%Y')}"
        # the memo names the statement it pays, not a batch number
        self.assertEqual(payment_a.memo, title)
        self.assertEqual(bill_a.payment_state, "paid")
        self.assertTrue(bill_b.payment_state in ("paid", "in_payment"))
        # the statement of the period shows the payment made after it
        (statement_a | statement_b).invalidate_recordset()
        self.assertFalse(statement_a.payment_ids, "not a payment of the period")
        self.assertEqual(statement_a.paid_since_ids, payment_a)
        self.assertEqual(statement_a.payment_count, 1)
        action = statement_a.action_open_payments()
        self.assertEqual(action["domain"], [("id", "in", payment_a.ids)])
        # her manager gets an SMS in Arabic, with the amount, date and statement
        manager = self.user_coop_a.partner_id
        sms = self.env["sms.sms"].search([("partner_id", "=", manager.id)])
        self.assertEqual(len(sms), 1, "one notice per cooperative and payout")
        self.assertIn(title, sms.body)
        self.assertIn(payment_a.name, sms.body)
        self.assertIn("دفعت", sms.body)
        # the cooperative gets an e-mail in French with her statement attached
        message = statement_a.message_ids.filtered(lambda m: self.coop_a in m.partner_ids)
        self.assertEqual(len(message), 1)
        self.assertIn("vous a payé", message.body)
        self.assertIn(title, message.body)
        self.assertEqual(len(message.attachment_ids), 1)
        self.assertTrue(message.attachment_ids.name.startswith("CPA"))
        # coop_b cannot be told: staff see it on her statement, she is paid all the same
        notes = statement_b.message_ids.filtered(lambda m: "tell her yourself" in m.body)
        self.assertEqual(len(notes), 1)
        self.assertTrue(payments.filtered(lambda p: p.partner_id == self.coop_b))
        # nothing left to pay: no second payout, no second notice
        with self.assertRaisesRegex(UserError, "Nothing is due"):
            (statement_a | statement_b).action_pay()

    def test_a_notice_that_fails_does_not_undo_the_payout(self):
        bill = self._quick_bill(self.coop_a, 100.0, date=self.day)
        statement = self._statement(self.coop_a)
        with (
            patch.object(
                type(self.env["coop.payout.statement"]),
                "_coop_send_payout_notice",
                side_effect=UserError("gateway down"),
            ),
            self.assertLogs("odoo.addons.coop_account.models.coop_payout_statement", "WARNING"),
        ):
            payments = self._payout(statement, self.date_to)
        self.assertEqual(len(payments), 1)
        self.assertEqual(bill.payment_state, "paid")
        self.assertIn(payments.name, statement.message_ids[0].body)
        self.assertIn("gateway down", statement.message_ids[0].body)

    def test_send_by_email_opens_the_composer_with_the_statement(self):
        statement = self._statement(self.coop_a)
        action = statement.action_send_by_email()
        composer = self.env["mail.compose.message"].with_context(**action["context"]).create({})
        self.assertEqual(composer.partner_ids, self.coop_a)
        self.assertEqual(len(composer.attachment_ids), 1)
        self.assertIn("relevé", composer.subject.lower())

    def test_pay_cooperatives_shows_each_amount_and_bank_account(self):
        self.env["res.partner.bank"].create(
            {"acc_number": "007 270 0001112223334445 55", "partner_id": self.coop_a.id}
        )
        self._quick_bill(self.coop_a, 150.0, date=self.day)
        self._quick_bill(self.coop_b, 80.0, date=self.day)
        statements = self._statement(self.coop_a) | self._statement(self.coop_b)
        action = statements.action_pay()
        wizard = (
            self.env["account.payment.register"]
            .with_context(**action["context"])
            .create({"payment_date": self.date_to})
        )
        summary = str(wizard.coop_payout_summary)
        rows = summary.split("<tr>")[2:]
        self.assertEqual(len(rows), 2, "a line per cooperative")
        [row_a] = [row for row in rows if self.coop_a.name in row]
        [row_b] = [row for row in rows if self.coop_b.name in row]
        self.assertIn(format_amount(self.env, 150.0, self.currency), row_a)
        self.assertIn("007 270 0001112223334445 55", row_a)
        self.assertIn(format_amount(self.env, 80.0, self.currency), row_b)
        self.assertIn("No bank account", row_b)
