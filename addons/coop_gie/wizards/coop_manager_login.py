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
            ("remove", "Remove a manager's access"),
        ],
        required=True,
        default="create",
    )
    name = fields.Char(string="Manager's Name")
    email = fields.Char(
        string="Email (login)",
        help="Her login; the invitation to choose her password is sent to it.",
    )
    mobile = fields.Char()
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
        email = email_normalize(self.email or "")
        if not (self.name or "").strip():
            raise UserError(self.env._("Enter the name of the manager."))
        # Odoo's normalizing accepts "a@b" or "a@.b..ma": her invitation could never reach
        # them (a domain is at least two labels, none empty; Arabic ones are real)
        labels = email and email.rpartition("@")[2].split(".")
        if not email or len(labels) < 2 or not all(labels):
            raise UserError(
                self.env._(
                    "Enter a valid email address: it is her login and her invitation is sent to it."
                )
            )
        Users = (
            self.env["res.users"]
            # no default_* of the cooperative's form on the new user and her partner; the
            # invitation is sent below, once
            .with_context(
                clean_context(self.env.context), active_test=False, no_reset_password=True
            )
            .sudo()  # sudo: no user admin, she writes only the values checked below
        )
        existing = Users.search([("login", "=ilike", email)], limit=1)
        if existing and not existing.active:
            raise UserError(
                self.env._(
                    "The login %s belongs to an archived user: an administrator can restore "
                    "her (Settings > Users, filter Archived).",
                    email,
                )
            )
        if existing:
            raise UserError(self.env._("The login %s is already used by another user.", email))
        mobile = self._e164_mobile()
        user = Users.create(
            {
                "name": self.name.strip(),
                "login": email,
                "email": email,
                "mobile": mobile,
                "lang": self.lang,
                "coop_id": self.partner_id.id,
                "groups_id": [Command.set(self._coop_manager_groups().ids)],
            }
        )
        # auth_signup's invitation: a link to choose her password; its notification then
        # closes the wizard. Without a working mail server her login is kept, as Odoo keeps
        # a user it cannot invite, and the GIE manager is told.
        try:
            notification = user.with_context(create_user=True)._action_reset_password(
                signup_type="signup"
            )
        except MailDeliveryException:
            user.partner_id.with_context(create_user=True).signup_cancel()
            notification = {
                "type": "ir.actions.client",
                "tag": "display_notification",
                "params": {
                    "type": "warning",
                    "sticky": True,
                    "message": self.env._(
                        "The login of %s is created, but her invitation could not be sent: "
                        "the outgoing mail server does not answer. An administrator can send "
                        "it again from her user once the mail server works, or set her "
                        "password.",
                        user.name,
                    ),
                },
            }
        notification["params"]["next"] = {"type": "ir.actions.act_window_close"}
        return notification

    def _e164_mobile(self):
        """Her mobile in E.164, as her cooperative's (read in its country, Morocco by
        default): the SMS of its orders go to it first. Refused, before her login is
        created, when it is not a number."""
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

    def _remove_manager(self):
        user = self.manager_id
        if not user:
            raise UserError(self.env._("Choose the manager to remove."))
        if user.coop_id != self.partner_id:
            raise UserError(
                self.env._(
                    "%(user)s does not manage %(coop)s.",
                    user=user.display_name,
                    coop=self.partner_id.display_name,
                )
            )
        self._check_manager_profile(user)
        self._archive_logins(user)
        return True
