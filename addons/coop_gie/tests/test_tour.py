from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestManagerPhoneTour(HttpCase):
    browser_size = "375x667"
    touch_enabled = True

    def test_manager_updates_her_cooperative_on_a_phone(self):
        coop = self.env.ref("coop_gie.coop_taoutemet")
        self.start_tour(
            "/odoo/action-coop_gie.action_coop_partner",
            "coop_gie_manager_phone",
            login="taoutemet",
        )
        self.assertEqual(coop.mobile, "+212661998877")
