"""The accountant closes a month from Invoicing > Cooperatives > Lock Dates (OCA
``account_lock_date_update``), in her language, without the technical settings."""

from datetime import timedelta

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import CoopAccountCase


@tagged("post_install", "-at_install")
class TestLockDates(CoopAccountCase):
    def _lock_wizard(self, user, **values):
        return self.env["account.update.lock_date"].with_user(user).create(values)

    def test_accountant_closes_last_month(self):
        """She locks purchases up to the end of last month: a cooperative's bill dated in
        it is then booked in this month, so the closed month's books do not change."""
        menu = self.env.ref("coop_account.menu_coop_lock_dates")
        self.assertIn(
            menu.id, self.env["ir.ui.menu"].with_user(self.user_staff)._visible_menu_ids()
        )
        end_of_last_month = self.today.replace(day=1) - timedelta(days=1)
        self._lock_wizard(self.user_staff, purchase_lock_date=end_of_last_month).execute()
        self.assertEqual(self.company.purchase_lock_date, end_of_last_month)

        bill = self._quick_bill(self.coop_a, 54.0, date=end_of_last_month)
        self.assertGreater(bill.date, end_of_last_month, "booked after the lock date")

    def test_future_lock_date_is_refused(self):
        wizard = self._lock_wizard(
            self.user_staff, purchase_lock_date=self.today + timedelta(days=3)
        )
        with self.assertRaises(UserError):
            wizard.execute()
        self.assertFalse(self.company.purchase_lock_date)

    def test_cooperative_manager_cannot_lock(self):
        self.assertNotIn(
            self.env.ref("coop_account.menu_coop_lock_dates").id,
            self.env["ir.ui.menu"].with_user(self.user_coop_a)._visible_menu_ids(),
        )
        with self.assertRaises(AccessError):
            self._lock_wizard(self.user_coop_a, purchase_lock_date=self.today)
        self.assertFalse(self.company.purchase_lock_date)

    def test_screen_in_french_and_arabic(self):
        """OCA ships no French or Arabic for it: ``coop_account/i18n_extra`` does."""
        action = self.env.ref("account_lock_date_update.account_update_lock_date_act_window")
        wizard = self.env["account.update.lock_date"]
        for lang, title, label, group in (
            (
                "fr_FR",
                "Dates de verrouillage",
                "Date de verrouillage des achats",
                "Verrouillages réversibles",
            ),
            ("ar_001", "تواريخ الإقفال", "تاريخ الإقفال للمشتريات", "إقفالات قابلة للتراجع"),
        ):
            self.assertEqual(action.with_context(lang=lang).name, title)
            fields_info = wizard.with_context(lang=lang).fields_get(["purchase_lock_date"])
            self.assertEqual(fields_info["purchase_lock_date"]["string"], label)
            arch = wizard.with_context(lang=lang).get_view(view_type="form")["arch"]
            self.assertIn(group, arch)
