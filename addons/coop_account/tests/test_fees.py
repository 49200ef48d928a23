from odoo.tests import tagged

from .common import CoopAccountCase


@tagged("post_install", "-at_install")
class TestMembershipFees(CoopAccountCase):
    def test_fees_are_receivables_on_the_same_books(self):
        fee = self.membership_a.action_invoice_fee()
        self.assertEqual(fee.move_type, "out_invoice")
        self.assertEqual(fee.state, "posted")
        self.assertEqual(fee.company_id, self.company)
        self.assertEqual(fee.journal_id.type, "sale")
        self.assertEqual(fee.currency_id.name, "MAD")
        receivable_line = fee.line_ids.filtered(lambda line: line.display_type == "payment_term")
        self.assertEqual(receivable_line.account_id.account_type, "asset_receivable")
        self.assertEqual(receivable_line.account_id, self.coop_a.property_account_receivable_id)
        self.assertTrue(receivable_line.account_id.code.startswith("342"))
        self.assertEqual(receivable_line.partner_id, self.coop_a)
        self.assertAlmostEqual(receivable_line.balance, fee.amount_total)
        self.assertAlmostEqual(
            sum(fee.line_ids.mapped("debit")), sum(fee.line_ids.mapped("credit"))
        )

        # the payout statement shows it, apart from what the central owes her
        self._quick_bill(self.coop_a, 300.0)
        statement = self.env["coop.payout.statement"].create(
            {"partner_id": self.coop_a.id, "date_from": self.today, "date_to": self.today}
        )
        self.assertEqual(statement.balance_due, 300.0)
        self.assertEqual(statement.fees_due, fee.amount_total)

        # paid by the cooperative: nothing due any more
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=fee.ids
        ).create({})._create_payments()
        self.assertEqual(fee.payment_state, "paid")
        statement.invalidate_recordset()
        self.assertEqual(statement.fees_due, 0.0)
        self.assertEqual(statement.balance_due, 300.0)
