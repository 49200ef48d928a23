from odoo.tests import tagged

from .common import CoopCase


@tagged("post_install", "-at_install")
class TestCoopCase(CoopCase):
    """The shared fixture gives other addons two eligible cooperatives and their managers."""

    def test_fixture_cooperatives_are_eligible(self):
        for coop, user in ((self.coop_a, self.user_coop_a), (self.coop_b, self.user_coop_b)):
            self.assertTrue(coop.is_cooperative)
            self.assertTrue(coop.coop_eligible, coop.coop_ineligible_reason)
            self.assertFalse(coop.coop_ineligible_reason)
            self.assertEqual(coop.coop_membership_state, "active")
            self.assertEqual(user.coop_id, coop)
            self.assertEqual(coop.coop_manager_ids, user)
            self.assertTrue(user.has_group("coop_gie.group_coop_manager"))
            self.assertFalse(user.has_group("coop_gie.group_gie_user"))
        self.assertTrue(self.user_staff.has_group("coop_gie.group_gie_manager"))
        self.assertTrue(self.product_coop.coop_sourced)

    def test_fixture_eligible_search(self):
        eligible = self.env["res.partner"].search([("coop_eligible", "=", True)])
        self.assertIn(self.coop_a, eligible)
        self.assertIn(self.coop_b, eligible)
