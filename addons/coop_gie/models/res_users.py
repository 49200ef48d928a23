from odoo import Command, api, fields, models


class ResUsers(models.Model):
    _inherit = "res.users"

    coop_id = fields.Many2one(
        "res.partner",
        string="Managed Cooperative",
        index=True,
        domain=[("is_cooperative", "=", True)],
        help="Cooperative this user manages: as a cooperative manager she sees only its data.",
    )

    @property
    def SELF_READABLE_FIELDS(self):
        return [*super().SELF_READABLE_FIELDS, "coop_id", "mobile"]

    @property
    def SELF_WRITEABLE_FIELDS(self):
        # her mobile, in her preferences: checked as on her contact (see res.partner)
        return [*super().SELF_WRITEABLE_FIELDS, "mobile"]

    @api.model_create_multi
    def create(self, vals_list):
        users = super().create(vals_list)
        # her partner was created before her login: its mobile is checked now
        users.partner_id._coop_normalize_manager_mobiles()
        users._coop_set_manager_tz()
        return users

    def write(self, vals):
        res = super().write(vals)
        if {"coop_id", "partner_id", "active"} & set(vals):
            self.partner_id._coop_normalize_manager_mobiles()
        if vals.get("coop_id"):
            self._coop_set_manager_tz()
        return res

    @api.model
    def _get_invalidation_fields(self):
        # the record rules of cooperative managers read user.coop_id: their cached domains
        # must be recomputed when it changes (as when her groups change)
        return {*super()._get_invalidation_fields(), "coop_id"}

    @api.constrains("coop_id")
    def _check_coop_id_is_cooperative(self):
        self.coop_id._coop_check_is_cooperative(self.env._("only a cooperative has managers."))

    def _coop_tz(self):
        """The time zone to write a date in for this user: when she is the one acting, the
        one her browser sends (the context); else hers, else her company's, else Morocco's
        (see ``res.partner._coop_tz``)."""
        self.ensure_one()
        if self == self.env.user and self.env.context.get("tz"):
            return self.env.context["tz"]
        return self.partner_id._coop_tz(self.company_id)

    def _coop_set_manager_tz(self):
        """Dates are written to a cooperative manager in her hours, from her first message
        (not UTC): those of these users who manage a cooperative and have no time zone get
        their cooperative's, else their company's, else Morocco's. A time zone she chose is
        kept."""
        managers = self.filtered(lambda user: user.coop_id and not user.share and not user.tz)
        by_tz = managers.grouped(lambda user: user.coop_id._coop_tz(user.company_id))
        for tz, users in by_tz.items():
            users.tz = tz

    def _coop_people(self):
        """These users but OdooBot, archived and portal users: those who see their to-dos."""
        root = self.env.ref("base.user_root")
        return self.filtered(lambda user: user.active and not user.share and user != root)

    def _coop_demo_grant_staff_rights(self):
        """Demo data: give central staff the sales and purchase rights of the applications
        that are installed (coop_gie itself does not depend on them)."""
        groups = self.env["res.groups"]
        for xmlid in ("sales_team.group_sale_manager", "purchase.group_purchase_manager"):
            groups |= self.env.ref(xmlid, raise_if_not_found=False) or self.env["res.groups"]
        if groups:
            self.write({"groups_id": [Command.link(group.id) for group in groups]})
        return True
