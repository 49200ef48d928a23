from odoo import api, models

MY_ORDERS = "coop_order_routing.action_coop_my_orders"


class ResUsers(models.Model):
    _inherit = "res.users"

    @api.model_create_multi
    def create(self, vals_list):
        users = super().create(vals_list)
        users._coop_set_home()
        return users

    def write(self, vals):
        res = super().write(vals)
        if vals.get("coop_id"):
            self._coop_set_home()
        return res

    def _coop_set_home(self):
        """A cooperative manager opens the app on her orders (not on Discussion, Odoo's first
        app): the home action of the managers who have none of their own."""
        managers = self.filtered(lambda user: user.coop_id and not user.action_id)
        if managers:
            managers.action_id = self.env.ref(MY_ORDERS).id  # the act_window is an action

    @api.model
    def _coop_set_managers_home(self):
        """The home action of the managers who have none (at install and update: those made
        before this addon, demo ones included)."""
        self.with_context(active_test=False).search(
            [("coop_id", "!=", False), ("action_id", "=", False)]
        )._coop_set_home()

    @api.constrains("coop_id", "partner_id", "active")
    def _check_coop_sms_number(self):
        # a manager's own mobile is one SMS answers are taken from (see res.partner)
        self.partner_id._coop_check_sms_number()
