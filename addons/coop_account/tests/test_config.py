from odoo import Command
from odoo.addons.coop_account.hooks import post_init_hook
from odoo.tests import tagged

from .common import CoopAccountCase


@tagged("post_install", "-at_install")
class TestConfiguration(CoopAccountCase):
    def test_company_is_moroccan(self):
        self.assertEqual(self.company.chart_template, "ma")
        self.assertEqual(self.company.currency_id.name, "MAD")
        self.assertEqual(self.sale_tax.amount, 20.0)
        self.assertEqual(self.purchase_tax.amount, 20.0)

    def test_cod_journal(self):
        journal = self.company.coop_cod_journal_id
        self.assertEqual((journal.type, journal.code), ("cash", "COD"))
        account = journal.default_account_id
        self.assertEqual((account.code, account.account_type), ("516120", "asset_cash"))
        self.assertEqual(journal.inbound_payment_method_line_ids.payment_account_id, account)
        # idempotent: set up again, nothing new
        self.assertEqual(self.company._coop_setup_cod_journal(), journal)
        self.assertEqual(
            self.env["account.journal"].search_count(
                [("code", "=like", "COD%"), ("company_id", "=", self.company.id)]
            ),
            1,
        )
        if self.env["res.lang"]._get_code("ar_001"):
            self.assertNotEqual(journal.with_context(lang="ar_001").name, "Cash on Delivery")
        # the shop's cash on delivery posts what couriers collect there, not in the bank
        provider = self.env.ref("coop_website_shop.payment_provider_cod")
        self.assertEqual(provider.journal_id, journal)
        entry = journal.inbound_payment_method_line_ids.filtered(
            lambda line: line.payment_provider_id == provider
        )
        self.assertEqual(entry.payment_account_id, account, "on the couriers' clearing account")

    def test_a_chart_loaded_after_the_suite_gets_its_cod_journal(self):
        """On a new database Odoo loads the chart once the modules are installed."""
        company = self.env["res.company"].create(
            {"name": "GIE Test Chart", "country_id": self.env.ref("base.ma").id}
        )
        self.assertFalse(company.coop_cod_journal_id)
        self.env["account.chart.template"].try_loading("ma", company, install_demo=False)
        journal = company.coop_cod_journal_id
        self.assertEqual(
            (journal.type, journal.default_account_id.with_company(company).code),
            ("cash", "516120"),
        )

    def test_cooperative_products_bill_received_invoice_delivered(self):
        self.assertEqual(self.product.purchase_method, "receive")
        self.assertEqual(self.product.invoice_policy, "delivery")
        other = self.env["product.product"].create({"name": "Jute bag", "type": "consu"})
        self.assertEqual(other.invoice_policy, "order")
        other.coop_sourced = True
        self.assertEqual((other.purchase_method, other.invoice_policy), ("receive", "delivery"))
        # the accountant may still choose otherwise for one product
        other.invoice_policy = "order"
        self.assertEqual(other.invoice_policy, "order")
        service = self.env["product.product"].create(
            {"name": "Training", "type": "service", "coop_sourced": True}
        )
        self.assertEqual(service.purchase_method, "purchase")

    def test_install_hook_sets_existing_products(self):
        product = self.env["product.template"].create(
            {"name": "Old couscous", "type": "consu", "coop_sourced": True}
        )
        product.write({"purchase_method": "purchase", "invoice_policy": "order"})
        post_init_hook(self.env)
        self.assertEqual((product.purchase_method, product.invoice_policy), ("receive", "delivery"))

    def _html(self, report, records):
        html, _fmt = self.env["ir.actions.report"]._render_qweb_html(report, records.ids)
        return html.decode()

    def test_ice_on_documents(self):
        gie_ice = "002345678000091"
        self.company.company_registry = gie_ice
        self.company.company_details = False
        self.customer.write({"is_company": True, "company_registry": "003333444000055"})
        shipping = self.env["res.partner"].create(
            {"name": "Dépôt", "parent_id": self.customer.id, "type": "delivery"}
        )
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.customer.id,
                "partner_shipping_id": shipping.id,
                "invoice_line_ids": [Command.create({"product_id": self.product.id})],
            }
        )
        invoice.action_post()
        html = self._html("account.report_invoice", invoice)
        self.assertIn(gie_ice, html, "the GIE's ICE on its invoice")
        self.assertIn("003333444000055", html, "the customer's ICE, shipping elsewhere")

        bill = self._quick_bill(self.coop_a, 100.0)
        html = self._html("account.report_invoice", bill)
        self.assertIn(gie_ice, html)
        self.assertIn(self.coop_a.company_registry, html, "the cooperative's ICE on her bill")

        order = self._order(4.0)
        order.action_confirm()
        self.env["purchase.order"]._cron_coop_dispatch()  # the job sending new orders
        po = self._po(order, self.coop_a)
        reports = ("purchase.report_purchase_quotation", "purchase.action_report_purchase_order")
        for report in reports:
            html = self._html(report, po)
            self.assertIn(gie_ice, html, report)
            self.assertIn(self.coop_a.company_registry, html, report)
