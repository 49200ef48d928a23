import ast

from lxml import etree

from odoo.tests import tagged

from .common import CoopCase


@tagged("post_install", "-at_install")
class TestViews(CoopCase):
    def test_app_views_load_for_staff_and_cooperative_managers(self):
        actions = [
            "coop_gie.action_coop_partner",
            "coop_gie.action_coop_membership",
            "coop_gie.action_coop_certification",
            "coop_gie.action_coop_member",
            "coop_gie.action_coop_training",
            "coop_gie.action_coop_fair",
        ]
        for user in (self.user_staff, self.user_coop_a):
            for xmlid in actions:
                with self.subTest(user=user.login, action=xmlid):
                    action = self.env.ref(xmlid)
                    model = self.env[action.res_model].with_user(user)
                    views = [(view.view_id.id, view.view_mode) for view in action.view_ids]
                    modes = {mode for _id, mode in views}
                    views += [(False, m) for m in action.view_mode.split(",") if m not in modes]
                    result = model.get_views([*views, (False, "search")])
                    self.assertTrue(result["views"])
                    model.web_search_read([], {"display_name": {}}, limit=10)

    def test_manager_menu_is_her_cooperative(self):
        action = self.env.ref("coop_gie.action_coop_partner")
        partners = (
            self.env["res.partner"]
            .with_user(self.user_coop_a)
            .search(ast.literal_eval(action.domain))
        )
        self.assertEqual(partners, self.coop_a)

    @staticmethod
    def _arch_fields(result, view_type="form"):
        """Fields of the model itself that the form shows this user (not of its sub-lists)."""
        arch = etree.fromstring(result["views"][view_type]["arch"])
        return {
            node.get("name")
            for node in arch.iter("field")
            if not any(parent.tag == "field" for parent in node.iterancestors())
        }

    def test_cooperative_form_reads_for_her(self):
        """Every field of the cooperative form is readable by its manager (no AccessError)."""
        form = self.env.ref("coop_gie.view_coop_partner_form")
        for user, coop in ((self.user_coop_a, self.coop_a), (self.user_staff, self.coop_b)):
            partner = coop.with_user(user)
            fnames = self._arch_fields(partner.get_views([(form.id, "form")]))
            self.assertIn("coop_member_ids", fnames)
            values = partner.read(list(fnames))[0]
            self.assertEqual(values["coop_code"], coop.coop_code)
            partner.coop_member_ids.read(["name", "douar", "role", "joining_date", "is_woman"])
            partner.coop_certification_ids.read(["type_id", "state", "expiry_state"])
        membership_form = self.env.ref("coop_gie.view_coop_membership_form")
        membership = self.membership_a.with_user(self.user_coop_a)
        fnames = self._arch_fields(membership.get_views([(membership_form.id, "form")]))
        self.assertIn("fee_state", fnames)
        membership.read(list(fnames))
        membership.requirement_ids.read(["type_id", "document", "fact", "satisfied"])
