"""The IBAN customers abroad are told (pure core) collected by Odoo's test runner."""

from odoo.tests import BaseCase, tagged

from ..core.iban import account_iban, is_iban, is_moroccan_rib

RIB = "007 270 0001234567890012 35"  # bank 007, city 270, account, key 35


@tagged("post_install", "-at_install")
class TestIbanCore(BaseCase):
    def test_moroccan_rib_gives_its_iban(self):
        self.assertTrue(is_moroccan_rib(RIB))
        self.assertEqual(account_iban(RIB, "MA"), "MA64 0072 7000 0123 4567 8900 1235")
        self.assertEqual(account_iban(RIB, "ma"), "MA64 0072 7000 0123 4567 8900 1235")
        self.assertTrue(is_iban(account_iban(RIB, "MA")))

    def test_a_mistyped_rib_gives_no_iban(self):
        """An IBAN made from a wrong RIB would send the money nowhere."""
        wrong_key = RIB[:-2] + "36"
        self.assertFalse(is_moroccan_rib(wrong_key))
        self.assertEqual(account_iban(wrong_key, "MA"), "")
        self.assertEqual(account_iban(RIB[:-1], "MA"), "", "23 digits")

    def test_an_iban_is_kept_and_other_accounts_have_none(self):
        self.assertEqual(
            account_iban("fr7630006000011234567890189", "FR"), "FR76 3000 6000 0112 3456 7890 189"
        )
        self.assertEqual(
            account_iban("MA64 0072 7000 0123 4567 8900 1235", False),
            "MA64 0072 7000 0123 4567 8900 1235",
        )
        self.assertEqual(account_iban(RIB, "FR"), "", "a RIB is Moroccan")
        self.assertEqual(account_iban("60-16-13 31926819", "GB"), "")
        self.assertEqual(account_iban("", "MA"), "")
        self.assertFalse(is_iban("FR7630006000011234567890188"), "wrong check digits")
