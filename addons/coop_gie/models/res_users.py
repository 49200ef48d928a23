import logging
import re

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression

_logger = logging.getLogger(__name__)

# A login typed as a phone number is written: digits, maybe a leading "+", spaces, dots,
# dashes, brackets (an email address or a name never is).
PHONE_LOGIN = re.compile(r"\+?[\d\s().-]{6,}")


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

    @api.model
    def _get_login_domain(self, login):
        """A cooperative manager whose login is her mobile (E.164, see the login wizard) signs
        in with it as she writes her number, e.g. "06 61 76 54 32": a login typed as a
        phone number also finds the login of that number in E.164, read as her mobile was
        (a Moroccan number unless it starts with its country code)."""
        domain = super()._get_login_domain(login)
        if not (login and PHONE_LOGIN.fullmatch(login)):
            return domain
        partners = self.env["res.partner"]
        e164 = partners._phone_format(number=login, country=partners._coop_default_country())
        if not e164 or e164 == login:
            return domain
        return expression.OR([domain, super()._get_login_domain(e164)])

    def _action_reset_password(self, signup_type="reset"):
        """Users without an email address but with a mobile (managers of rural cooperatives:
        their login is their mobile) get their link to choose their password by SMS; the
        others by email, as Odoo sends it. Whoever sends it: the login wizard, the buttons of
        the user's form, the "Reset Password" of the login screen."""
        if self.env.context.get("install_mode") or self.env.context.get("import_file"):
            return super()._action_reset_password(signup_type=signup_type)
        by_sms = self.filtered(lambda user: user._coop_signup_sms_number())
        if not by_sms:
            return super()._action_reset_password(signup_type=signup_type)
        if self.filtered(lambda user: not user.active):
            raise UserError(self.env._("You cannot perform this action on an archived user."))
        if self - by_sms:
            super(ResUsers, self - by_sms)._action_reset_password(signup_type=signup_type)
        return by_sms._coop_send_signup_sms(signup_type)

    def _coop_signup_sms_number(self):
        """Her mobile in E.164 when she has no email address: her link to choose her password
        is sent to it by SMS. False when she has one (sent to it) or no valid mobile."""
        self.ensure_one()
        return not self.email and self.partner_id._phone_format(fname="mobile")

    def _coop_send_signup_sms(self, signup_type):
        """Send these users by SMS, each in her language, her link to choose her password
        (``signup``: her invitation; ``reset``: a new password), valid as Odoo's links are.
        Sent at once, as Odoo sends the email, so that whoever sends it knows whether it
        went; not posted in any chatter: the link is hers alone (the SMS is deleted once
        sent). A notification says to whom it went, or why not."""
        self.partner_id.signup_prepare(signup_type=signup_type)
        # no create_user: its signup_email would be her (missing) email address
        urls = self.partner_id.with_context(create_user=False)._get_signup_url_for_action()
        vals_list = []
        for user in self:
            env = user.with_context(lang=user.lang or self.env.lang).env
            values = {
                "company": user.company_id.name,
                "login": user.login,
                "url": urls[user.partner_id.id],
            }
            if signup_type == "signup":
                body = env._(
                    "%(company)s: your login for the app is %(login)s. Choose your password: "
                    "%(url)s",
                    **values,
                )
            else:
                body = env._(
                    "%(company)s: to choose a new password for your login %(login)s, open %(url)s",
                    **values,
                )
            vals_list.append(
                {
                    "partner_id": user.partner_id.id,
                    "number": user._coop_signup_sms_number(),
                    "body": body,
                }
            )
        sms = (
            self.env["sms.sms"]
            .sudo()  # sudo: the SMS queue is technical; each link goes to its user's mobile only
            .create(vals_list)
        )
        sms.send()
        for user, one in zip(self, sms, strict=True):
            _logger.info(
                "Signup SMS (%s) for user <%s> to <%s>: %s",
                signup_type,
                user.login,
                one.number,
                one.failure_type or one.state,
            )
        failed = sms.filtered(lambda one: one.state == "error")
        if not failed:
            return self._coop_notification(
                "success",
                self.env._(
                    "The link to choose a password was sent by SMS to %s.", self._coop_to(sms)
                ),
            )
        reasons = dict(sms._fields["failure_type"]._description_selection(self.env))
        return self._coop_notification(
            "warning",
            self.env._(
                "The link to choose a password could not be sent by SMS to %(recipients)s: "
                "%(reasons)s. Send it again once this is fixed (Manage Logins, on her "
                "cooperative).",
                recipients=self._coop_to(failed),
                reasons=", ".join(sorted({reasons[one.failure_type] for one in failed})),
            ),
        )

    @api.model
    def _coop_to(self, sms):
        """Who ``sms`` go to, as staff read it: "Fatima (+212661765432), ..."."""
        return ", ".join(f"{one.partner_id.name} ({one.number})" for one in sms)

    @api.model
    def _coop_notification(self, kind, message):
        """A notification of the web client, lasting until closed unless a success."""
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {"type": kind, "sticky": kind != "success", "message": message},
        }

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
