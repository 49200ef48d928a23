from odoo.addons.coop_gie.tests.common import load_migration
from odoo.addons.coop_gie.tests.common_i18n import I18nCoverageMixin
from odoo.tests import TransactionCase, tagged

from ..terms import set_model_translations
from .common import CoopShopCase, cod_transaction


@tagged("post_install", "-at_install")
class TestI18n(I18nCoverageMixin, TransactionCase):
    i18n_module = "coop_website_shop"

    def _assert_every_term_translated(self, record, field_name):
        """Each term of an HTML field (a paragraph, a title, a button) reads in French and
        in Arabic, not in the English it was written in."""
        field = record._fields[field_name]
        english = record.with_context(lang="en_US")[field_name]
        langs = ("fr_FR", "ar_001")
        terms = field.get_translation_dictionary(
            english, {lang: record.with_context(lang=lang)[field_name] for lang in langs}
        )
        self.assertTrue(terms, record)
        for term, translations in terms.items():
            for lang in langs:
                self.assertNotEqual(translations[lang], term, f"{record} {lang}")

    def test_demo_reads_in_french_and_arabic(self):
        """The demo's product descriptions and homepage (demo content, not in the .po)."""
        self._assert_demo_translated("product.template", ("description_ecommerce",))
        for xmlid in ("coop_gie.product_amlou", "coop_gie.product_essential_oil_rosemary"):
            self._assert_every_term_translated(self.env.ref(xmlid), "description_ecommerce")
        self._assert_every_term_translated(
            self.env.ref("coop_website_shop.homepage_demo"), "arch_db"
        )


@tagged("post_install", "-at_install")
class TestOdooWordsInArabic(CoopShopCase):
    """Odoo's own words that customers read in English in Arabic (i18n_extra/ar.po)."""

    ENGLISH = ("Quotation", "Pending Order", "Order", "Cancelled", "Ref ")

    def _subject(self, xmlid, order):
        template = self.env.ref(xmlid)
        return template._render_field("subject", order.ids, compute_lang=True)[order.id]

    def _assert_arabic(self, subject, arabic, order):
        self.assertIn(arabic, subject)
        self.assertIn(f"(المرجع {order.name})", subject)
        for word in self.ENGLISH:
            self.assertNotIn(word, subject)

    def test_subjects_of_the_sales_emails(self):
        partner = self.user_customer_ma.partner_id
        partner.lang = "ar_001"
        order = self._make_order(partner, self.product_oil)
        self._assert_arabic(self._subject("sale.email_template_edi_sale", order), "عرض سعر", order)
        self._assert_arabic(
            self._subject("sale.mail_template_sale_cancellation", order), "تم إلغاء عرض سعر", order
        )
        confirmation = "sale.mail_template_sale_confirmation"
        self._assert_arabic(self._subject(confirmation, order), "طلب", order)
        transfer = cod_transaction(
            self.env,
            order,
            provider_id=self.provider_transfer.id,
            payment_method_id=self.env.ref("payment_custom.payment_method_wire_transfer").id,
        )
        transfer._set_pending()
        self._assert_arabic(self._subject(confirmation, order), "طلب قيد الانتظار", order)
        self._assert_arabic(
            self._subject("sale.mail_template_sale_payment_executed", order),
            "طلب قيد الانتظار",
            order,
        )
        partner.lang = "fr_FR"
        self.assertIn("Commande en attente", self._subject(confirmation, order), "Odoo's French")

    def test_items_of_the_order_summary(self):
        """The checkout and confirmation pages sum up "3 item(s) - 216 DH"."""
        summary = self.env.ref("website_sale.checkout_layout").with_context(lang="ar_001")
        self.assertIn("عنصر (عناصر)", summary.arch)
        self.assertNotIn("item(s)", summary.arch)
        self.assertIn("article(s)", summary.with_context(lang="fr_FR").arch, "Odoo's French")

    def test_a_subject_staff_translated_is_kept(self):
        template = self.env.ref("sale.mail_template_sale_confirmation")
        ours = "{{ object.company_id.name }} - طلبكم {{ object.name }}"
        template.update_field_translations("subject", {"ar_001": ours})
        set_model_translations(self.env)
        self.assertEqual(template.with_context(lang="ar_001").subject, ours)

    def test_due_date_is_not_a_calls_deadline(self):
        """Odoo's Arabic calls an invoice's due date "موعد إجراء المكالمة" (a call's deadline):
        customers read "تاريخ الاستحقاق" on their portal, staff on invoices, also when Arabic is
        loaded again after the suite; a word staff chose is kept."""
        self.env["res.lang"]._activate_lang("ar_001")
        odoo_word, word = "موعد إجراء المكالمة", "تاريخ الاستحقاق"
        field = self.env.ref("account.field_account_move__invoice_date_due")
        portal = self.env.ref("account.portal_my_invoices")
        field.update_field_translations("field_description", {"ar_001": odoo_word})
        portal.update_field_translations("arch_db", {"ar_001": {"Due Date": odoo_word}})
        self.env["ir.module.module"]._load_module_terms(["account"], ["ar_001"])
        self.assertEqual(field.with_context(lang="ar_001").field_description, word)
        self.assertIn(word, portal.with_context(lang="ar_001").arch_db)
        self.assertNotIn(odoo_word, portal.with_context(lang="ar_001").arch_db)
        self.env.registry.clear_cache()
        labels = (
            self.env["account.move"]
            .with_context(lang="ar_001")
            .fields_get(["invoice_date_due"], ["string"])
        )
        self.assertEqual(labels["invoice_date_due"]["string"], word)
        field.update_field_translations("field_description", {"ar_001": "أجل الأداء"})
        set_model_translations(self.env)
        self.assertEqual(field.with_context(lang="ar_001").field_description, "أجل الأداء")


@tagged("post_install", "-at_install")
class TestOdooWordsInFrench(TransactionCase):
    """Odoo's French that reads wrong in the shop (i18n_extra/fr.po)."""

    def _step_of(self, view):
        field = view._fields["arch_db"]
        english = view.with_context(lang="en_US").arch_db
        french = view.with_context(lang="fr_FR").arch_db
        return field.get_translation_dictionary(english, {"fr_FR": french})["of"]["fr_FR"]

    def test_checkout_steps_read_1_sur_3(self):
        """The checkout's steps on a phone read "1 sur 3", not Odoo's "1 ou 3", also when
        French is loaded again after the suite (a language installed later, an update)."""
        self.env["res.lang"]._activate_lang("fr_FR")
        view = self.env.ref("website.step_wizard")
        view.update_field_translations("arch_db", {"fr_FR": {"of": "ou"}})  # Odoo's
        self.env["ir.module.module"]._load_module_terms(["website"], ["fr_FR"])
        self.assertEqual(self._step_of(view), "sur")
        # a word staff chose is kept
        view.update_field_translations("arch_db", {"fr_FR": {"of": "/"}})
        set_model_translations(self.env)
        self.assertEqual(self._step_of(view), "/")

    def test_migration_writes_sur_where_odoos_ou_is(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        view = self.env.ref("website.step_wizard")
        view.update_field_translations("arch_db", {"fr_FR": {"of": "ou"}})  # Odoo's
        load_migration("coop_website_shop", "18.0.1.3.0").migrate(self.env.cr, "18.0.1.2.0")
        self.env.invalidate_all()
        self.assertEqual(self._step_of(view), "sur")
