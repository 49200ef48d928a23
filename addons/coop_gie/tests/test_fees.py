from datetime import timedelta

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import CoopCase


@tagged("post_install", "-at_install")
class TestGieFees(CoopCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Invoices can only be posted in an active currency: the company's (MAD) must be.
        cls.env.company.currency_id.active = True

    def test_yearly_fee_invoiced_paid_and_visible(self):
        membership = self.membership_a
        self.assertEqual(membership.fee_state, "not_invoiced")
        invoice = membership.action_invoice_fee()
        self.assertEqual(invoice.state, "posted")
        self.assertEqual(invoice.partner_id, self.coop_a)
        self.assertEqual(invoice.coop_fee_year, self.today.year)
        self.assertEqual(
            invoice.invoice_line_ids.product_id,
            self.env.ref("coop_gie.product_gie_membership_fee"),
        )
        self.assertEqual(membership.fee_invoice_ids, invoice)
        self.assertEqual(membership.fee_state, "unpaid")
        # the cooperative manager sees the state of her fee without accounting rights
        self.assertEqual(membership.with_user(self.user_coop_a).fee_state, "unpaid")
        with self.assertRaisesRegex(UserError, "already invoiced"):
            membership.action_invoice_fee()
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({})._create_payments()
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        self.assertEqual(membership.fee_state, "paid")

    def test_candidates_do_not_pay(self):
        coop = self._create_cooperative("Coop Candidate", "CPF")
        membership = self.env["coop.membership"].create({"partner_id": coop.id})
        with self.assertRaisesRegex(UserError, "pay the GIE fee"):
            membership.action_invoice_fee()

    def test_overdue_fee_raises_an_activity_once(self):
        invoice = self.membership_b.action_invoice_fee()
        due = invoice.invoice_date_due
        self.env["coop.membership"]._cron_daily()
        self.assertFalse(self.membership_b.activity_ids)
        with freeze_time(due + timedelta(days=1)):
            self.assertEqual(self.membership_b.fee_state, "overdue")
            self.env["coop.membership"]._cron_daily()
            activities = self.membership_b.activity_ids
            self.assertEqual(len(activities), 1)
            self.assertIn(invoice.name, activities.note)
            self.env["coop.membership"]._cron_daily()
            self.assertEqual(len(self.membership_b.activity_ids), 1)
