"""GIE managers give cooperative managers their logins, without being administrators."""

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import CoopCase


@tagged("post_install", "-at_install")
class TestCoopManagerLogin(CoopCase):
    def test_moved_manager_sees_her_new_cooperative(self):
        """The record rules cached for her follow her coop_id, without a restart."""
        Membership = self.env["coop.membership"].with_user(self.user_coop_a)
        self.assertEqual(Membership.search([]).partner_id, self.coop_a)
        self.user_coop_a.coop_id = self.coop_b
        self.assertEqual(Membership.search([]).partner_id, self.coop_b)
        with self.assertRaises(AccessError):
            self.membership_a.with_user(self.user_coop_a).read(["state"])
