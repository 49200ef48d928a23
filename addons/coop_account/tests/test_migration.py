import json

from odoo.addons.coop_gie.tests.common import load_migration
from odoo.tests import tagged

from .common import CoopAccountCase


def _migrate(version, from_version, env):
    """Run the post-migration of ``version`` of this addon on ``env``'s database."""
    load_migration("coop_account", version).migrate(env.cr, from_version)


@tagged("post_install", "-at_install")
class TestMigration(CoopAccountCase):
    def test_cod_provider_moves_to_the_cod_journal(self):
        """A database of 18.0.1.0.0: the shop's cash on delivery had no entry point of its
        own (it was made in the bank journal at the first collection)."""
        provider = self.env.ref("coop_website_shop.payment_provider_cod")
        cod = self.company.coop_cod_journal_id
        provider.state = "disabled"  # Odoo keeps the entry point of an enabled provider
        self.env["account.payment.method.line"].search(
            [("payment_provider_id", "=", provider.id)]
        ).unlink()
        provider.invalidate_recordset(["journal_id"])
        self.assertNotEqual(provider.journal_id, cod)
        _migrate("18.0.1.1.0", "18.0.1.0.0", self.env)
        provider.invalidate_recordset(["journal_id"])
        self.assertEqual(provider.journal_id, cod)

    def test_vat_groups_are_named_in_arabic(self):
        """The label of the VAT in the totals customers read in Arabic (l10n_ma names the
        groups in English and French only); restored by 1.2.0 where missing."""
        group = self.sale_tax.tax_group_id
        self.assertEqual(group.with_context(lang="ar_001").name, "الضريبة على القيمة المضافة 20%")
        self.assertEqual(group.with_context(lang="fr_FR").name, "TVA 20%", "French kept")
        self.env.cr.execute(
            "UPDATE account_tax_group SET name = name - 'ar_001' WHERE id = %s", [group.id]
        )
        group.invalidate_recordset(["name"])
        self.assertEqual(group.with_context(lang="ar_001").name, "VAT 20%")
        _migrate("18.0.1.2.0", "18.0.1.1.0", self.env)
        group.invalidate_recordset(["name"])
        self.assertEqual(group.with_context(lang="ar_001").name, "الضريبة على القيمة المضافة 20%")

    def test_sale_taxes_have_a_label_for_customers(self):
        """Customers read "VAT 20%" in their language, not l10n_ma's name of the line of the
        VAT return ("20% 80") nor its French description; restored by 1.3.0 where l10n_ma's
        labels are still there."""
        tax = self.sale_tax
        self.assertEqual(tax.name, "20% 80")
        labels = {"en_US": "VAT 20%", "fr_FR": "TVA 20 %", "ar_001": "ض.ق.م 20%"}
        for lang, label in labels.items():
            self.assertEqual(tax.with_context(lang=lang).invoice_label, label, lang)
        self.env.cr.execute(
            "UPDATE account_tax SET invoice_label = %s WHERE id = %s",
            [json.dumps({"en_US": "20%", "fr_FR": "Opérations de production"}), tax.id],
        )
        tax.invalidate_recordset(["invoice_label"])
        _migrate("18.0.1.3.0", "18.0.1.2.0", self.env)
        tax.invalidate_recordset(["invoice_label"])
        for lang, label in labels.items():
            self.assertEqual(tax.with_context(lang=lang).invoice_label, label, lang)

    def test_purchase_taxes_have_a_label_for_cooperatives(self):
        """Cooperatives read "VAT 20%" on their bills in their language, not l10n_ma's French
        description of the line of the VAT return ("Achats non immobilisés à l'interieur");
        restored by 1.5.0 where l10n_ma's labels are still there."""
        tax = self.purchase_tax
        self.assertEqual(tax.type_tax_use, "purchase")
        labels = {"en_US": "VAT 20%", "fr_FR": "TVA 20 %", "ar_001": "ض.ق.م 20%"}
        for lang, label in labels.items():
            self.assertEqual(tax.with_context(lang=lang).invoice_label, label, lang)
        self.env.cr.execute(
            "UPDATE account_tax SET invoice_label = %s WHERE id = %s",
            [json.dumps({"en_US": "20%", "fr_FR": "Achats non immobilisés à l'interieur"}), tax.id],
        )
        tax.invalidate_recordset(["invoice_label"])
        _migrate("18.0.1.5.0", "18.0.1.4.0", self.env)
        tax.invalidate_recordset(["invoice_label"])
        for lang, label in labels.items():
            self.assertEqual(tax.with_context(lang=lang).invoice_label, label, lang)

    def test_statement_file_names_in_every_language(self):
        report = self.env.ref("coop_account.action_report_payout_statement")
        self.env["res.lang"]._activate_lang("fr_FR")
        report.update_field_translations("print_report_name", {"fr_FR": "'%s' % object.name"})
        _migrate("18.0.1.6.0", "18.0.1.5.0", self.env)
        self.assertEqual(
            report.with_context(lang="fr_FR").print_report_name, "object._coop_file_name()"
        )

    def test_draft_credit_notes_of_goods_given_back_are_marked(self):
        """A database of 1.3.0: the credit notes drafted for goods given back were not told
        from the accountant's own drafts; 1.4.0 marks those still waiting for her (her
        to-do to post them is on them), for the courier's collection to post them."""
        order = self._delivered_order(10.0)
        invoice = order._create_invoices()
        invoice.action_post()
        delivery = order.picking_ids.filtered(lambda p: p.picking_type_code == "outgoing")
        wizard = self.env["stock.return.picking"].create({"picking_id": delivery.id})
        wizard.product_return_moves.quantity = 2.0
        self._validate(self.env["stock.picking"].browse(wizard.action_create_returns()["res_id"]))
        credit_note = order.invoice_ids - invoice
        self.env["account.move.reversal"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({"journal_id": invoice.journal_id.id, "reason": "gesture"}).refund_moves()
        gesture = order.invoice_ids - invoice - credit_note
        self.assertEqual((credit_note | gesture).mapped("state"), ["draft", "draft"])
        self.assertEqual((credit_note | gesture).mapped("coop_goods_given_back"), [True, False])
        self.env.cr.execute(
            "UPDATE account_move SET coop_goods_given_back = NULL WHERE id = %s", [credit_note.id]
        )
        credit_note.invalidate_recordset(["coop_goods_given_back"])
        _migrate("18.0.1.4.0", "18.0.1.3.0", self.env)
        (credit_note | gesture).invalidate_recordset(["coop_goods_given_back"])
        self.assertEqual((credit_note | gesture).mapped("coop_goods_given_back"), [True, False])
