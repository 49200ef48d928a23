import logging
from datetime import timedelta

import psycopg2

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import format_date

_logger = logging.getLogger(__name__)

CERT_STATES = [("pending", "Pending Review"), ("valid", "Valid"), ("refused", "Refused")]
# What a certification certifies, and when: changing one of them may end what it covered.
COVERAGE_FIELDS = frozenset(
    {"state", "date_from", "date_to", "type_id", "partner_id", "product_tmpl_ids"}
)


class CoopCertification(models.Model):
    _name = "coop.certification"
    _description = "Certification of a Cooperative"
    _inherit = ["mail.thread", "coop.access.mixin"]
    _order = "date_to desc, id desc"
    _rec_names_search = ["number", "type_id", "partner_id"]

    partner_id = fields.Many2one(
        "res.partner",
        string="Cooperative",
        required=True,
        index=True,
        ondelete="restrict",
        domain=[("is_cooperative", "=", True)],
        tracking=True,
        default=lambda self: self.env.user.coop_id,
    )
    type_id = fields.Many2one(
        "coop.certification.type",
        string="Type",
        required=True,
        ondelete="restrict",
        tracking=True,
    )
    type_code = fields.Char(related="type_id.code", string="Type Code")
    is_mandatory = fields.Boolean(related="type_id.mandatory", string="Mandatory")
    is_quality_label = fields.Boolean(related="type_id.is_quality_label", string="Quality Label")
    number = fields.Char(tracking=True)
    issuer = fields.Char(help="Authority or certifier that issued it (ONSSA, Ecocert, ...).")
    date_from = fields.Date(string="Valid From", tracking=True)
    date_to = fields.Date(string="Valid Until", tracking=True, index=True)
    document = fields.Binary(attachment=True)
    document_name = fields.Char()
    product_tmpl_ids = fields.Many2many(
        "product.template",
        "coop_certification_product_rel",
        "certification_id",
        "product_tmpl_id",
        string="Products Covered",
    )
    state = fields.Selection(
        CERT_STATES, default="pending", required=True, tracking=True, index=True, copy=False
    )
    is_valid_today = fields.Boolean(
        string="Valid Today", compute="_compute_validity", search="_search_is_valid_today"
    )
    expiry_state = fields.Selection(
        [
            ("ok", "Valid"),
            ("expiring", "Expiring Soon"),
            ("expired", "Expired"),
            ("not_valid", "Not Valid"),
        ],
        compute="_compute_validity",
        string="Validity",
    )
    expiry_warned = fields.Boolean(
        string="Expiry Warning Sent", copy=False, help="The expiry warning was scheduled."
    )
    note = fields.Text()

    @api.depends("type_id.name", "number", "partner_id.name")
    def _compute_display_name(self):
        for cert in self:
            cert.display_name = " - ".join(
                p for p in (cert.type_id.name, cert.number, cert.partner_id.name) if p
            )

    def _is_valid_on(self, day):
        self.ensure_one()
        return (
            self.state == "valid"
            and (not self.date_from or self.date_from <= day)
            and (not self.date_to or day <= self.date_to)
        )

    @api.depends("state", "date_from", "date_to", "type_id.expiry_warning_days")
    def _compute_validity(self):
        today = fields.Date.context_today(self)
        for cert in self:
            valid = cert._is_valid_on(today)
            cert.is_valid_today = valid
            if cert.state == "valid" and cert.date_to and cert.date_to < today:
                cert.expiry_state = "expired"
            elif not valid:
                cert.expiry_state = "not_valid"
            elif cert.date_to and cert.date_to <= today + timedelta(
                days=cert.type_id.expiry_warning_days
            ):
                cert.expiry_state = "expiring"
            else:
                cert.expiry_state = "ok"

    def _search_is_valid_today(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise ValidationError(self.env._("Unsupported search on validity."))
        today = fields.Date.context_today(self)
        domain = [
            ("state", "=", "valid"),
            "|",
            ("date_from", "=", False),
            ("date_from", "<=", today),
            "|",
            ("date_to", "=", False),
            ("date_to", ">=", today),
        ]
        if (operator == "=") == value:
            return domain
        return ["!", *domain]

    # ------------------------------------------------------------------- CRUD

    def _is_restricted_manager(self):
        return self.env["res.partner"]._coop_is_restricted_manager()

    @api.model_create_multi
    def create(self, vals_list):
        if self._is_restricted_manager():
            coop = self.env.user.coop_id
            for vals in vals_list:
                if vals.get("state", "pending") != "pending":
                    raise AccessError(
                        self.env._("Certifications you add are reviewed by the GIE staff.")
                    )
                if vals.get("partner_id", coop.id) != coop.id:
                    raise AccessError(
                        self.env._("You can add certifications of your own cooperative only.")
                    )
        return super().create(vals_list)

    def write(self, vals):
        if self._is_restricted_manager():
            if self.filtered(lambda c: c.state != "pending"):
                raise AccessError(
                    self.env._(
                        "Only certifications pending review can be changed by the cooperative."
                    )
                )
            if vals.get("state", "pending") != "pending" or (
                "partner_id" in vals and vals["partner_id"] != self.env.user.coop_id.id
            ):
                raise AccessError(
                    self.env._("The GIE staff reviews certifications; you cannot do this.")
                )
        if {"date_to", "state"} & set(vals):
            vals.setdefault("expiry_warned", False)
        # what the certifications valid today covered, before the change
        covered = (
            self.filtered("is_valid_today")._coop_coverage() if COVERAGE_FIELDS & set(vals) else {}
        )
        res = super().write(vals)
        if covered:
            self.env["res.partner"]._coop_certifications_lapsed(covered)
        return res

    @api.constrains("partner_id")
    def _check_partner_is_cooperative(self):
        self.partner_id._coop_check_is_cooperative(
            self.env._("only cooperatives hold certifications here.")
        )

    @api.constrains("date_from", "date_to")
    def _check_dates_order(self):
        # not an SQL constraint: Odoo's import shows their messages untranslated
        if any(c.date_from and c.date_to and c.date_to < c.date_from for c in self):
            raise ValidationError(self.env._("A certification cannot end before it starts."))

    # ---------------------------------------------------------------- actions

    def action_validate(self):
        return self.write({"state": "valid"})

    def action_refuse(self):
        return self.write({"state": "refused"})

    def action_reset_pending(self):
        return self.write({"state": "pending"})

    @api.ondelete(at_uninstall=False)
    def _unlink_except_validated(self):
        """A validated certification is the cooperative's history (her eligibility, the
        labels of what she made): it is refused or left to expire, never deleted."""
        validated = self.filtered(lambda cert: cert.state == "valid")
        if validated:
            raise UserError(
                self.env._(
                    "%(cert)s was validated: refuse it, or let it expire, instead of deleting "
                    "it; it is part of the cooperative's history.",
                    cert=validated[0].display_name,
                )
            )

    # ----------------------------------------------------------------- lapsing

    def _coop_coverage(self):
        """What these certifications certify: {cooperative: certification types}."""
        coverage = {}
        for cert in self:
            types = coverage.get(cert.partner_id, self.env["coop.certification.type"])
            coverage[cert.partner_id] = types | cert.type_id
        return coverage

    @api.model
    def _coop_lapse_expired(self):
        """The valid certifications whose last day passed since the daily job last ran
        (``lastcall`` in its context; else yesterday was their last day): what needed them
        is taken back (``res.partner._coop_certifications_lapsed``), in one batch; if that
        fails, one by one, so that one does not hold the others, nor the register's own
        daily work. A failure is logged: what needed it waits as before (e.g. a cooperative
        order for its answer deadline)."""
        today = fields.Date.context_today(self)
        lastcall = self.env.context.get("lastcall")
        since = (
            fields.Date.context_today(self, timestamp=fields.Datetime.to_datetime(lastcall))
            if lastcall
            else today - timedelta(days=1)
        )
        expired = self.search(
            [("state", "=", "valid"), ("date_to", ">=", since), ("date_to", "<", today)],
            order="id",
        )
        if expired and expired._coop_try_lapsed():
            for cert in expired:
                error = cert._coop_try_lapsed()
                if isinstance(error, UserError):  # a business error: its message says it all
                    _logger.warning(
                        "What needs the expired certification %s was not taken back: %s",
                        cert.display_name,
                        error.args[0] if error.args else error,
                    )
                elif error:
                    _logger.error(
                        "What needs the expired certification %s was not taken back",
                        cert.display_name,
                        exc_info=error,
                    )
        return expired

    def _coop_try_lapsed(self):
        """``_coop_certifications_lapsed`` of these certifications in a savepoint: the error
        it raised (its work rolled back), or None. Contention with another transaction is
        raised: the job runs again later."""
        try:
            with self.env.cr.savepoint():
                self.env["res.partner"]._coop_certifications_lapsed(self._coop_coverage())
        except psycopg2.OperationalError:
            raise
        except Exception as error:  # whatever the cause: logged, the others go on
            return error
        return None

    # -------------------------------------------------------------------- cron

    @api.model
    def _warn_expiring(self):
        """Schedule an activity on the membership of each cooperative whose valid
        certification expires within its type's warning period (once per certification)."""
        today = fields.Date.context_today(self)
        max_days = max(
            self.env["coop.certification.type"].search([]).mapped("expiry_warning_days") or [0]
        )
        certs = self.search(
            [
                ("state", "=", "valid"),
                ("expiry_warned", "=", False),
                ("date_to", ">=", today),
                ("date_to", "<=", today + timedelta(days=max_days)),
            ]
        )
        certs = certs.filtered(
            lambda c: c.date_to <= today + timedelta(days=c.type_id.expiry_warning_days)
        )
        for cert in certs:
            membership = cert.partner_id.coop_membership_id
            if not membership:
                continue
            user = membership._activity_user()
            # in the language of the staff member who follows it up, not the job's
            cert_in_lang = cert.with_context(lang=user.lang)
            env = cert_in_lang.env
            membership.activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=max(today, cert.date_to - timedelta(days=7)),
                summary=env._("Certification expiring: %s", cert_in_lang.type_id.name),
                note=env._(
                    "%(cert)s expires on %(date)s: ask for its renewal.",
                    cert=cert_in_lang.display_name,
                    date=format_date(env, cert.date_to),
                ),
                user_id=user.id,
            )
        certs.write({"expiry_warned": True})
        return certs
