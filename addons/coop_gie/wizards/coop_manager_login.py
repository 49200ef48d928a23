from odoo import Command, api, fields, models
from odoo.addons.base.models.ir_mail_server import MailDeliveryException
from odoo.exceptions import AccessError, UserError
from odoo.tools import clean_context, email_normalize

# Languages of the cooperative managers' screens and messages.
MANAGER_LANGS = ("fr_FR", "ar_001")


class CoopManagerLogin(models.TransientModel):
    """A GIE manager gives, moves or removes the login of a cooperative's manager.

    She is no administrator: the writes on ``res.users`` run as superuser, after checking
    that she is a GIE manager and that the user gets, or has, no right beyond those of a
    cooperative manager.
    """

    _name = "coop.manager.login"
    _description = "Cooperative Manager Login"

    partner_id = fields.Many2one(
        "res.partner",
        string="Cooperative",
        required=True,
        readonly=True,
        ondelete="cascade",
        domain=[("is_cooperative", "=", True)],
    )
    operation = fields.Selection(
        [
            ("create", "Create a new login"),
            ("link", "Link an existing user"),
            ("invite", "Send her invitation again"),
            ("remove", "Remove a manager's access"),
        ],
        required=True,
        default="create",
    )
    name = fields.Char(string="Manager's Name")
    email = fields.Char(
        help="Her login, if she has an email address: her invitation to choose her password "
        "is emailed to it. Without one, her login is her mobile.",
    )
    mobile = fields.Char(
        help="Written in E.164 (+212...): the SMS of her cooperative's orders go to it. When "
        "she has no email address, it is her login and her invitation to choose her "
        "password is sent to it by SMS.",
    )
    lang = fields.Selection(
        selection="_lang_selection",
        string="Language",
        compute="_compute_lang",
        store=True,
        readonly=False,
    )
    user_id = fields.Many2one(
        "res.users",
        string="User",
        domain=[("share", "=", False)],
        help="An internal user who has no right beyond those of a cooperative manager.",
    )
    user_coop_id = fields.Many2one(related="user_id.coop_id", string="Currently Manages")
    confirm_move = fields.Boolean(
        string="Move her to this cooperative",
        help="She stops managing the cooperative she manages now.",
    )
    manager_id = fields.Many2one("res.users", string="Manager")

    @api.model
    def _lang_selection(self):
        return [
            (code, name)
            for code, name in self.env["res.lang"].get_installed()
            if code in MANAGER_LANGS
        ]

    @api.depends("partner_id")
    def _compute_lang(self):
        langs = [code for code, _name in self._lang_selection()]
        for wizard in self:
            lang = wizard.partner_id.lang
            wizard.lang = lang if lang in langs else next(iter(langs), False)

    def action_apply(self):
        self.ensure_one()
        if not self.env.user.has_group("coop_gie.group_gie_manager"):
            raise AccessError(
                self.env._("Only a GIE manager may manage the logins of cooperative managers.")
            )
        self.partner_id._coop_check_is_cooperative(self.env._("only a cooperative has managers."))
        if self.operation != "remove" and self.partner_id._coop_has_left():
            raise UserError(
                self.env._(
                    "%s is no longer in the GIE (archived, or her membership withdrawn or "
                    "rejected): she has no managers any more.",
                    self.partner_id.display_name,
                )
            )
        if self.operation == "create":
            return self._create_login()
        if self.operation == "link":
            return self._link_user()
        if self.operation == "invite":
            return self._invite_again()
        return self._remove_manager()

    def _coop_manager_groups(self):
        """The rights of a cooperative manager: her group and what it implies (employee)."""
        group = self.env.ref("coop_gie.group_coop_manager")
        return group | group.trans_implied_ids

    def _check_manager_profile(self, user):
        """A GIE manager handles cooperative managers only, never users with more rights."""
        problem = self._manager_profile_problem(user)
        if problem:
            raise UserError(problem)

    @api.model
    def _manager_profile_problem(self, user):
        """Why a GIE manager may not change the login of ``user`` (a portal user, or one
        with rights beyond those of a cooperative manager), or False."""
        if user.share:
            return self.env._("%s is a portal user, not an internal user.", user.display_name)
        extra = user.groups_id - self._coop_manager_groups()
        if extra:
            return self.env._(
                "%(user)s has rights beyond those of a cooperative manager (%(groups)s): "
                "only an administrator can change her login.",
                user=user.display_name,
                groups=", ".join(extra.mapped("full_name")),
            )
        return False

    @api.model
    def _archive_logins(self, users):
        """Archive the logins of these cooperative managers (checked by the caller: see
        ``_manager_profile_problem``): they can no longer sign in. Archived, not made
        plain employees: without the cooperative manager group they would no longer be
        restricted to one cooperative. Their history stays theirs."""
        users.sudo().action_archive()  # sudo: cooperative managers only (checked by the caller)

    def _create_login(self):
        if not (self.name or "").strip():
            raise UserError(self.env._("Enter the name of the manager."))
        email = self._checked_email()
        mobile = self._e164_mobile()
        if not (email or mobile):
            raise UserError(
                self.env._(
                    "Enter her email address or, if she has none, her mobile: it is her login, "
                    "and her invitation to choose her password is sent to it."
                )
            )
        # without an email address, she signs in with her mobile; her invitation goes to it
        # by SMS (res.users._action_reset_password)
        login = email or mobile
        Users = (
            self.env["res.users"]
            # no default_* of the cooperative's form on the new user and her partner; the
            # invitation is sent below, once
            .with_context(
                clean_context(self.env.context), active_test=False, no_reset_password=True
            )
            .sudo()  # sudo: no user admin, she writes only the values checked below
        )
        existing = Users.search([("login", "=ilike", login)], limit=1)
        if existing and not existing.active:
            raise UserError(
                self.env._(
                    "The login %s belongs to an archived user: an administrator can restore "
                    "her (Settings > Users, filter Archived).",
                    login,
                )
            )
        if existing:
            raise UserError(self.env._("The login %s is already used by another user.", login))
        user = Users.create(
            {
                "name": self.name.strip(),
                "login": login,
                "email": email,
                "mobile": mobile,
                "lang": self.lang,
                "coop_id": self.partner_id.id,
                "groups_id": [Command.set(self._coop_manager_groups().ids)],
            }
        )
        # auth_signup's invitation: a link to choose her password, by email or SMS; its
        # notification then closes the wizard. Without a working mail server her login is
        # kept, as Odoo keeps a user it cannot invite, and the GIE manager is told.
        try:
            notification = user.with_context(create_user=True)._action_reset_password(
                signup_type="signup"
            )
        except MailDeliveryException:
            user.partner_id.with_context(create_user=True).signup_cancel()
            notification = user._coop_notification(
                "warning",
                self.env._(
                    "The login of %s is created, but her invitation could not be sent: the "
                    "outgoing mail server does not answer. Send it again once the mail "
                    "server works (Send her invitation again).",
                    user.name,
                ),
            )
        return self._closing(notification)

    @api.model
    def _closing(self, notification):
        """``notification`` of the web client, closing the wizard."""
        notification["params"]["next"] = {"type": "ir.actions.act_window_close"}
        return notification

    def _checked_email(self):
        """Her email address, normalized, or False when none is entered. Refused when it
        cannot be one."""
        if not (self.email or "").strip():
            return False
        email = email_normalize(self.email)
        # Odoo's normalizing accepts "a@b" or "a@.b..ma": her invitation could never reach
        # them (a domain is at least two labels, none empty; Arabic ones are real)
        labels = email and email.rpartition("@")[2].split(".")
        if not email or len(labels) < 2 or not all(labels):
            raise UserError(
                self.env._(
                    "Enter a valid email address: it is her login and her invitation is sent to it."
                )
            )
        return email

    def _e164_mobile(self):
        """Her mobile in E.164, as her cooperative's (read in its country, Morocco by
        default): the SMS of its orders go to it first; without an email address, it is her
        login. Refused, before her login is created, when it is not a number."""
        if not (self.mobile or "").strip():
            return False
        return self.partner_id._coop_manager_mobile_e164(self.mobile, self.name)

    def _link_user(self):
        user = self.user_id
        if not user:
            raise UserError(self.env._("Choose the user to link."))
        self._check_manager_profile(user)
        if user.coop_id == self.partner_id:
            raise UserError(
                self.env._(
                    "%(user)s already manages %(coop)s.",
                    user=user.display_name,
                    coop=self.partner_id.display_name,
                )
            )
        if user.coop_id and not self.confirm_move:
            raise UserError(
                self.env._(
                    "%(user)s manages %(coop)s: tick “Move her to this cooperative” to confirm.",
                    user=user.display_name,
                    coop=user.coop_id.display_name,
                )
            )
        # her time zone, if she has none, follows (res.users._coop_set_manager_tz)
        user.sudo().write(  # sudo: no right beyond a cooperative manager's (checked)
            {
                "coop_id": self.partner_id.id,
                "groups_id": [Command.link(self.env.ref("coop_gie.group_coop_manager").id)],
            }
        )
        return True

    def _chosen_manager(self):
        """The manager chosen, checked: she manages this cooperative, with no right beyond
        those of a cooperative manager."""
        user = self.manager_id
        if not user:
            raise UserError(self.env._("Choose the manager."))
        if user.coop_id != self.partner_id:
            raise UserError(
                self.env._(
                    "%(user)s does not manage %(coop)s.",
                    user=user.display_name,
                    coop=self.partner_id.display_name,
                )
            )
        self._check_manager_profile(user)
        return user

    def _invite_again(self):
        """Her link to choose her password, again, as Odoo's buttons on her user send it (by
        email, or by SMS without an email address): her invitation if she never signed in,
        else a link to choose a new one."""
        user = self._chosen_manager().sudo()  # sudo: no user admin; her manager is checked
        # Odoo's buttons: an invitation while she never signed in, else a reset
        invitation = user.state == "new"
        notification = user.with_context(create_user=1 if invitation else 0).action_reset_password()
        return self._closing(notification)

    def _remove_manager(self):
        self._archive_logins(self._chosen_manager())
        return True
