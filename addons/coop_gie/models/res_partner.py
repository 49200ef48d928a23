import functools

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import format_date

from .. import lifecycle
from ..unit_names import unit_name
from .coop_membership import MEMBERSHIP_STATES

# Fields of her cooperative that a cooperative manager may change herself.
COOP_MANAGER_WRITABLE_FIELDS = frozenset(
    {
        "phone",
        "mobile",
        "coop_story",
        "coop_member_ids",
        "coop_member_count",
        "coop_women_count",
        "coop_certification_ids",
    }
)

# Member counts: computed from the members register when it is kept, entered otherwise.
COOP_COUNT_FIELDS = frozenset({"coop_member_count", "coop_women_count"})

# The time zone of the GIE's people when neither they nor the company set one.
MOROCCO_TZ = "Africa/Casablanca"

# What eligibility (and its reasons) is computed from.
ELIGIBILITY_DEPENDS = (
    "is_cooperative",
    "coop_membership_ids.state",
    "coop_certification_ids.state",
    "coop_certification_ids.date_from",
    "coop_certification_ids.date_to",
    "coop_certification_ids.type_id",
    "coop_certification_ids.type_id.mandatory",
)


class ResPartner(models.Model):
    _inherit = "res.partner"

    is_cooperative = fields.Boolean(
        string="Is a Cooperative",
        index=True,
        tracking=True,
        help="This company is a cooperative of the GIE (member or candidate).",
    )
    coop_code = fields.Char(
        string="Cooperative Code",
        size=8,
        copy=False,
        tracking=True,
        help="Short code (2 to 8 upper-case letters or digits) used in lot numbers and SMS.",
    )
    coop_odco_number = fields.Char(
        string="ODCO Registration",
        help="Registration number at the Office du Développement de la Coopération.",
    )
    coop_creation_date = fields.Date(string="Date of Creation")
    coop_legal_form = fields.Selection(
        [
            ("cooperative", "Cooperative"),
            ("union", "Union of cooperatives"),
            ("association", "Association"),
        ],
        string="Legal Form",
        default="cooperative",
    )
    coop_region_id = fields.Many2one(
        related="state_id", readonly=False, string="Region", help="Moroccan region."
    )
    coop_province = fields.Char(string="Province")
    coop_commune = fields.Char(string="Commune")
    coop_president = fields.Char(string="President")
    coop_manager_ids = fields.One2many(
        "res.users", "coop_id", string="Cooperative Managers", help="Users managing it."
    )
    coop_story = fields.Html(string="Story", translate=True, sanitize_style=True)
    coop_picture_ids = fields.Many2many(
        "ir.attachment",
        "res_partner_coop_picture_rel",
        "partner_id",
        "attachment_id",
        string="Pictures",
    )
    coop_member_ids = fields.One2many("coop.member", "partner_id", string="Members Register")
    coop_member_count = fields.Integer(
        string="Members",
        compute="_compute_coop_member_counts",
        store=True,
        readonly=False,
        help="Computed from the members register when it is kept, entered otherwise.",
    )
    coop_women_count = fields.Integer(
        string="Women Members",
        compute="_compute_coop_member_counts",
        store=True,
        readonly=False,
    )
    coop_membership_ids = fields.One2many("coop.membership", "partner_id", string="GIE Memberships")
    coop_membership_id = fields.Many2one(
        "coop.membership",
        string="Current Membership",
        compute="_compute_coop_membership",
    )
    coop_membership_state = fields.Selection(
        selection=MEMBERSHIP_STATES,
        string="Membership State",
        compute="_compute_coop_membership_state",
        store=True,
        index=True,
    )
    coop_certification_ids = fields.One2many(
        "coop.certification", "partner_id", string="Certifications"
    )
    coop_quality_label_ids = fields.Many2many(
        "coop.certification.type",
        string="Valid Quality Labels",
        compute="_compute_coop_quality_labels",
        search="_search_coop_quality_labels",
    )
    coop_eligible = fields.Boolean(
        string="Eligible to Sell",
        compute="_compute_coop_eligible",
        store=True,
        index=True,
        tracking=True,
        help="Active GIE member and every mandatory certification valid today.",
    )
    coop_ineligible_reason = fields.Char(
        string="Why Not Eligible", compute="_compute_coop_ineligible_reason"
    )
    coop_training_attendance_ids = fields.One2many(
        "coop.training.attendance", "partner_id", string="Trainings Attended"
    )
    coop_fair_ids = fields.Many2many(
        "coop.fair",
        "coop_fair_partner_rel",
        "partner_id",
        "fair_id",
        string="Fairs",
    )

    _sql_constraints = [
        ("coop_code_unique", "unique(coop_code)", "This cooperative code is already used."),
    ]

    # ------------------------------------------------------------------ computes

    @api.depends("coop_member_ids.active", "coop_member_ids.is_woman")
    def _compute_coop_member_counts(self):
        # Counts follow the register when it is kept; otherwise (no member recorded) the
        # values entered by hand are kept: a stored compute that assigns nothing keeps them.
        # A register emptied (its last lines deleted) counts 0: coop.member sees to it.
        counts = self._coop_register_counts()
        for partner in self:
            if partner.id in counts:
                partner.coop_member_count, partner.coop_women_count = counts[partner.id]

    def _coop_register_counts(self):
        """``{partner id: (members, women)}`` of the partners of ``self`` that keep a members
        register, counting its active lines: a register whose members all left counts 0.
        Partners without one (not even archived lines) are left out."""
        groups = (
            self.env["coop.member"]
            .sudo()  # sudo: counts only, the same whoever looks at them
            .with_context(active_test=False)
            ._read_group(
                [("partner_id", "in", self.ids)],
                ["partner_id", "is_woman", "active"],
                ["__count"],
            )
        )
        counts = {}
        for partner, is_woman, active, count in groups:
            total, women = counts.get(partner.id, (0, 0))
            if active:
                total, women = total + count, women + (count if is_woman else 0)
            counts[partner.id] = (total, women)
        return counts

    def _coop_zero_counts_of_emptied_registers(self, registers):
        """Member counts 0, as those of a register whose members all left, for the partners of
        ``self`` that kept a members register (``registers``: ``_coop_register_counts`` before
        a change) and keep none since (its last lines deleted or moved): the counts were the
        register's, not figures entered by hand. Counts entered with the change (the form
        sends them with the lines deleted) are no longer the register's: they stay."""
        after = self._coop_register_counts()
        emptied = self.exists().filtered(
            lambda partner: (
                partner.id in registers
                and partner.id not in after
                and (partner.coop_member_count, partner.coop_women_count) == registers[partner.id]
            )
        )
        # who may change a register may write its cooperative's counts (access rules)
        emptied.write({"coop_member_count": 0, "coop_women_count": 0})

    def _coop_check_counts_follow_register(self):
        """Member counts written by hand must be those of the members register when the
        cooperative keeps one (they are shown to customers)."""
        counts = self._coop_register_counts()
        for partner in self:
            if partner.id not in counts:
                continue
            members, women = counts[partner.id]
            if (partner.coop_member_count, partner.coop_women_count) != (members, women):
                raise ValidationError(
                    self.env._(
                        "%(name)s keeps a members register: its counts come from it "
                        "(%(members)s members, %(women)s women). Change the members register "
                        "instead of the counts.",
                        name=partner.display_name,
                        members=members,
                        women=women,
                    )
                )

    @api.depends("coop_membership_ids.state", "coop_membership_ids.date_application")
    def _compute_coop_membership(self):
        for partner in self:
            memberships = partner.coop_membership_ids.sorted(
                lambda m: (m.state in lifecycle.OPEN_STATES, m.date_application or m.id, m.id),
                reverse=True,
            )
            partner.coop_membership_id = memberships[:1]

    @api.depends("coop_membership_ids.state", "coop_membership_ids.date_application")
    def _compute_coop_membership_state(self):
        for partner in self:
            partner.coop_membership_state = partner.coop_membership_id.state or False

    @api.depends(
        "coop_certification_ids.state",
        "coop_certification_ids.date_from",
        "coop_certification_ids.date_to",
    )
    def _compute_coop_quality_labels(self):
        today = fields.Date.context_today(self)
        for partner in self:
            certs = partner._coop_valid_certifications(today)
            partner.coop_quality_label_ids = certs.type_id.filtered("is_quality_label")

    def _search_coop_quality_labels(self, operator, value):
        if operator not in ("in", "=", "any"):
            raise UserError(self.env._("Unsupported search on quality labels."))
        return [
            (
                "coop_certification_ids",
                "any",
                [("type_id", operator, value), ("is_valid_today", "=", True)],
            )
        ]

    @api.depends(*ELIGIBILITY_DEPENDS)
    def _compute_coop_eligible(self):
        results = self._coop_eligibility()
        for partner in self:
            partner.coop_eligible = results[partner.id].eligible

    @api.depends(*ELIGIBILITY_DEPENDS)
    @api.depends_context("lang")
    def _compute_coop_ineligible_reason(self):
        results = self._coop_eligibility()
        labels = self._coop_reason_labels()
        for partner in self:
            partner.coop_ineligible_reason = partner._coop_format_reasons(
                results[partner.id].reasons, labels
            )

    def _coop_eligibility(self, day=None):
        """Eligibility of every partner of ``self`` on ``day`` (default: today).

        Reads memberships and certifications as superuser: eligibility is a fact about the
        cooperative, the same whoever looks at it, and nothing read here is returned to the
        caller except the yes/no and its reasons.
        """
        day = day or fields.Date.context_today(self)
        partners = self.sudo()  # sudo: eligibility is the same whoever asks
        mandatory_codes = set(
            self.env["coop.certification.type"]
            .sudo()  # sudo: which certification types are mandatory is not a secret
            .search([("mandatory", "=", True)])
            .mapped("code")
        )
        results = {}
        for partner in partners:
            if not partner.is_cooperative:
                results[partner.id] = lifecycle.Eligibility([("not_cooperative", None)])
                continue
            certs = [
                lifecycle.Cert(c.type_id.code, c.state, c.date_from, c.date_to)
                for c in partner.coop_certification_ids
            ]
            results[partner.id] = lifecycle.eligibility(
                partner.coop_membership_ids.mapped("state"), mandatory_codes, certs, day
            )
        return results

    def _coop_reason_labels(self):
        """(certification type names by code, membership state labels), read once."""
        types = {
            t.code: t.name
            for t in self.env["coop.certification.type"]
            .sudo()  # sudo: names of certification types, to explain ineligibility
            .with_context(active_test=False)
            .search([])
        }
        states = dict(self.env["coop.membership"]._fields["state"]._description_selection(self.env))
        return types, states

    def _coop_check_is_cooperative(self, why):
        """Refuse, naming her, a partner of these that is not a cooperative; ``why``
        (translated by the caller) says what only cooperatives do."""
        for partner in self:
            if not partner.is_cooperative:
                raise ValidationError(
                    self.env._(
                        "%(partner)s is not a cooperative: %(why)s",
                        partner=partner.display_name,
                        why=why,
                    )
                )

    def _coop_format_reasons(self, reasons, labels):
        """Readable, translated text of eligibility reasons (False when eligible)."""
        if not reasons:
            return False
        _ = self.env._
        types, states = labels
        texts = []
        for kind, data in reasons:
            if kind == "not_cooperative":
                texts.append(_("Not a cooperative"))
            elif kind == "not_member":
                texts.append(_("No open GIE membership"))
            elif kind == "membership_state":
                texts.append(_("GIE membership is %s, not active", states.get(data, data)))
            elif kind == "cert_missing":
                texts.append(_("Mandatory certification missing: %s", types.get(data, data)))
            elif kind == "cert_pending":
                texts.append(_("Mandatory certification pending review: %s", types.get(data, data)))
            elif kind == "cert_expired":
                texts.append(
                    _(
                        "Mandatory certification %(name)s expired on %(date)s",
                        name=types.get(data[0], data[0]),
                        date=format_date(self.env, data[1]),
                    )
                )
            elif kind == "cert_not_started":
                texts.append(
                    _(
                        "Mandatory certification %(name)s valid only from %(date)s",
                        name=types.get(data[0], data[0]),
                        date=format_date(self.env, data[1]),
                    )
                )
        return self._coop_join_list(texts)

    @api.model
    def _coop_join_list(self, texts):
        """``texts`` joined as the language of ``self.env`` writes a list ("a ; b" in French,
        "a؛ b" in Arabic)."""
        if not texts:
            return ""
        return functools.reduce(
            lambda first, second: self.env._("%(first)s; %(second)s", first=first, second=second),
            texts,
        )

    def _coop_valid_certifications(self, date=None):
        """Certifications of these cooperatives valid on ``date`` (default: today)."""
        date = date or fields.Date.context_today(self)
        return self.coop_certification_ids.filtered(lambda c: c._is_valid_on(date))

    def _coop_recompute_eligibility(self):
        """Recompute the stored eligibility of ``self`` now (dates move, data does not)."""
        field = self._fields["coop_eligible"]
        self.env.add_to_compute(field, self)
        self._recompute_recordset(["coop_eligible"])

    # --------------------------------------------------------------- constraints

    @api.constrains("is_cooperative", "coop_code", "is_company")
    def _check_coop_code(self):
        for partner in self.filtered("is_cooperative"):
            if not partner.is_company:
                raise ValidationError(
                    self.env._("A cooperative must be a company: %s", partner.display_name)
                )
            if not partner.coop_code:
                raise ValidationError(
                    self.env._(
                        "Give cooperative %(name)s its code: 2 to 8 upper-case letters or "
                        "digits, printed in its lot numbers.",
                        name=partner.display_name,
                    )
                )
            if not lifecycle.is_valid_coop_code(partner.coop_code):
                raise ValidationError(
                    self.env._(
                        "The code of cooperative %(name)s must be 2 to 8 upper-case letters or "
                        "digits (got: %(code)s).",
                        name=partner.display_name,
                        code=partner.coop_code or "",
                    )
                )

    @api.constrains("coop_member_count", "coop_women_count")
    def _check_coop_counts(self):
        for partner in self:
            if partner.coop_member_count < 0 or partner.coop_women_count < 0:
                raise ValidationError(self.env._("Member counts cannot be negative."))
            if partner.coop_women_count > partner.coop_member_count:
                raise ValidationError(
                    self.env._(
                        "%s: there cannot be more women members than members.",
                        partner.display_name,
                    )
                )

    def _coop_tz(self, company=None):
        """The time zone to write a date in for this partner (a person, a cooperative, or
        none): hers, else that of ``company`` (default: the current one), else Morocco's.
        People are told dates in their own hours, never in UTC."""
        company = company or self.env.company
        company_tz = company.sudo().partner_id.tz  # sudo: no secret; managers may not read it
        return self.tz or company_tz or MOROCCO_TZ

    def _coop_members_text(self):
        """Who the cooperative's members are, as customers read it, in the language of the
        context: "12 members, all women", "12 members, including 9 women", "12 members"
        (no woman counted), "" (no member counted). Each noun agrees with its number
        (``unit_names``: "11 عضواً", "2 امرأتان", "1 femme")."""
        self.ensure_one()
        members, women = self.coop_member_count, self.coop_women_count
        if not members:
            return ""
        if members == women == 1:
            return self.env._("One member, a woman")
        members_text = self._coop_count_text(
            members, self.env._("member") if members == 1 else self.env._("members")
        )
        if women == members:
            return self.env._("%(members)s, all women", members=members_text)
        if not women:
            return members_text
        women_text = self._coop_count_text(
            women, self.env._("woman") if women == 1 else self.env._("women")
        )
        return self.env._(
            "%(members)s, including %(women)s", members=members_text, women=women_text
        )

    def _coop_count_text(self, number, noun):
        """``number`` and ``noun`` (in the language of the context) agreeing with it."""
        return f"{number} {unit_name(noun, number, self.env.lang)}"

    # ------------------------------------------------------------------- CRUD

    @api.model
    def _coop_default_country(self):
        return self.env.ref("base.ma", raise_if_not_found=False)

    @api.model
    def default_get(self, fields_list):
        # GIE > Cooperatives creates cooperatives with ``default_is_cooperative``, which
        # create() sees only once applied: a Moroccan company from the start, so that the
        # form shows what depends on the country (the ICE, its 15 digits checked) while
        # she is entered
        defaults = super().default_get(fields_list)
        if self.env.context.get("default_is_cooperative"):
            country = self._coop_default_country()
            if "country_id" in fields_list and not defaults.get("country_id") and country:
                defaults["country_id"] = country.id
            if "is_company" in fields_list and "default_is_company" not in self.env.context:
                defaults["is_company"] = True
        return defaults

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("is_cooperative"):
                vals.setdefault("is_company", True)
                if not vals.get("country_id") and self._coop_default_country():
                    vals["country_id"] = self._coop_default_country().id
            if "coop_code" in vals:
                vals["coop_code"] = lifecycle.normalize_coop_code(vals["coop_code"])
        partners = super().create(vals_list)
        partners.filtered("is_cooperative")._coop_normalize_phones()
        counted = [
            partner
            for partner, vals in zip(partners, vals_list, strict=True)
            if COOP_COUNT_FIELDS & set(vals)
        ]
        if counted:
            self.browse([p.id for p in counted])._coop_check_counts_follow_register()
        return partners

    def write(self, vals):
        self._coop_check_manager_write(vals)
        if "coop_code" in vals:
            vals["coop_code"] = lifecycle.normalize_coop_code(vals["coop_code"])
        archived = self.browse()
        if "active" in vals and not vals["active"]:
            archived = self.filtered(lambda p: p.is_cooperative and p.active)
        res = super().write(vals)
        # an archived cooperative left the GIE (she no longer appears in its register)
        archived._coop_leave_gie()
        if {"phone", "mobile", "is_cooperative", "country_id"} & set(vals):
            self.filtered("is_cooperative")._coop_normalize_phones()
        if "mobile" in vals:
            self._coop_normalize_manager_mobiles()
        if COOP_COUNT_FIELDS & set(vals):
            # after the write: the register may change in the same call (the form sends
            # the new lines with the counts recomputed from them)
            self._coop_check_counts_follow_register()
        return res

    def _coop_phone_e164(self, number):
        """``number`` in E.164, read as a number of this cooperative's country (Morocco by
        default); raises a UserError saying what is expected when it is not a valid number
        (phone_validation's own message is the phonenumbers library's, in English)."""
        self.ensure_one()
        try:
            return self._phone_format(
                number=number,
                country=self.country_id or self._coop_default_country(),
                force_format="E164",
                raise_exception=True,
            )
        except UserError as exc:
            raise UserError(
                self.env._("expected a number such as +212 6XX XX XX XX or 06XX XX XX XX.")
            ) from exc

    def _coop_normalize_phones(self):
        """Normalize phone and mobile of cooperatives to E.164 (Morocco by default)."""
        for partner in self:
            updates = {}
            for fname in ("phone", "mobile"):
                number = partner[fname]
                if not number:
                    continue
                try:
                    formatted = partner._coop_phone_e164(number)
                except UserError as exc:
                    raise ValidationError(
                        self.env._(
                            "Invalid phone number %(number)s for cooperative %(name)s: %(error)s",
                            number=number,
                            name=partner.display_name,
                            error=exc.args[0] if exc.args else "",
                        )
                    ) from exc
                if formatted and formatted != number:
                    updates[fname] = formatted
            if updates:
                partner.write(updates)  # idempotent: the numbers are now in E.164

    def _coop_manager_mobile_e164(self, number, manager):
        """``number``, the mobile of ``manager`` (her name) who manages this cooperative, in
        E.164 read in its country (Morocco by default): the SMS of its orders go to it first
        and her SMS answers are known by it. A ValidationError in the user's language when
        it is not a valid number."""
        self.ensure_one()
        try:
            return self._coop_phone_e164(number)
        except UserError as exc:
            raise ValidationError(
                self.env._(
                    "Invalid mobile number %(number)s for %(name)s: %(error)s The SMS about "
                    "the orders of her cooperative are sent to it.",
                    number=number,
                    name=manager,
                    error=exc.args[0] if exc.args else "",
                )
            ) from exc

    def _coop_normalize_manager_mobiles(self):
        """Write in E.164 the mobile of these partners who manage a cooperative (one of
        their active logins does), whoever writes it and however (her preferences, her
        contact, an import, a new login): refused when it is not a valid number."""
        partners = self.sudo()  # sudo: which cooperative each manages (her number's country)
        coops = {partner.id: partner.user_ids.coop_id[:1] for partner in partners}
        for partner in self:
            coop = coops[partner.id]
            if not (coop and partner.mobile):
                continue
            formatted = coop._coop_manager_mobile_e164(partner.mobile, partner.display_name)
            if formatted != partner.mobile:
                partner.write({"mobile": formatted})  # idempotent: now in E.164

    def _coop_is_restricted_manager(self):
        """True when the current user is a cooperative manager (not central staff)."""
        user = self.env.user
        return (
            not self.env.su
            and user.has_group("coop_gie.group_coop_manager")
            and not user.has_group("coop_gie.group_gie_user")
        )

    def _coop_check_manager_write(self, vals):
        if not self._coop_is_restricted_manager():
            return
        if not (vals.keys() & {"is_cooperative", "coop_code"}) and not self.filtered(
            "is_cooperative"
        ):
            return
        forbidden = sorted(set(vals) - COOP_MANAGER_WRITABLE_FIELDS)
        if forbidden:
            labels = ", ".join(
                self._fields[f].get_description(self.env)["string"]
                for f in forbidden
                if f in self._fields
            )
            raise AccessError(
                self.env._(
                    "As a cooperative manager you may change only the phone numbers, the "
                    "story, the members and the certifications of your cooperative; not: %s",
                    labels,
                )
            )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_coop_history(self):
        for partner in self.filtered("is_cooperative"):
            history = partner._coop_history()
            if history:
                raise UserError(
                    self.env._(
                        "Cooperative %(name)s cannot be deleted because it has history "
                        "(%(history)s). Archive it instead.",
                        name=partner.display_name,
                        history=", ".join(history),
                    )
                )

    def _coop_history(self):
        """Readable list of what this cooperative has done: a reason not to delete it.

        Other addons extend it (orders, lots): call super() and append.
        """
        self.ensure_one()
        partner = self.sudo()  # sudo: only counts are read, to decide whether deleting is allowed.
        history = []
        if partner.with_context(active_test=False).coop_membership_ids:
            history.append(self.env._("GIE memberships"))
        if partner.coop_certification_ids:
            history.append(self.env._("certifications"))
        if partner.with_context(active_test=False).coop_member_ids:
            history.append(self.env._("members register"))
        if partner.coop_training_attendance_ids:
            history.append(self.env._("trainings attended"))
        if partner.coop_fair_ids:
            history.append(self.env._("fairs"))
        if (
            self.env["account.move"]
            .sudo()  # sudo: a count only, to decide whether deletion is allowed
            .search_count([("commercial_partner_id", "=", partner.id)], limit=1)
        ):
            history.append(self.env._("invoices or bills"))
        return history

    # ---------------------------------------------------------- leaving the GIE

    def _coop_has_left(self):
        """Whether this cooperative is out of the GIE: archived, or none of her memberships
        is open any more (withdrawn or rejected). One not registered yet is not."""
        self.ensure_one()
        memberships = self.sudo().coop_membership_ids  # sudo: hers in every company, whoever asks
        return not self.active or bool(
            memberships and not any(m.state in lifecycle.OPEN_STATES for m in memberships)
        )

    def _coop_application_rejected(self):
        """Whether this (active) cooperative's last membership is an application the GIE
        rejected: she is out of the GIE without ever having been in it on that one."""
        self.ensure_one()
        memberships = self.sudo().coop_membership_ids  # sudo: hers in every company
        last = memberships.sorted(lambda m: (m.date_application, m.id))
        return self.active and bool(last) and last[-1].state == lifecycle.REJECTED

    def _coop_membership_ended(self):
        """A membership of each of these cooperatives just left active (or never will be):
        those no longer active members of the GIE leave it, or are suspended when a
        membership of theirs is still open."""
        stopped = self.browse()
        for partner in self:
            memberships = partner.sudo().coop_membership_ids  # sudo: hers in every company
            if lifecycle.ACTIVE not in memberships.mapped("state"):
                stopped |= partner
        gone = stopped.filtered(lambda p: p._coop_has_left())
        (stopped - gone)._coop_leave_gie(suspended=True)
        gone._coop_leave_gie()

    def _coop_leave_gie(self, suspended=False):
        """Hook: these cooperatives are no longer active members of the GIE: suspended
        (``suspended``), or gone (membership withdrawn or rejected, or archived).

        Gone, the logins of their managers are archived, as Manage Logins > Remove does,
        but those of users with more rights (an administrator decides), and staff are told
        on the cooperative. Other addons take back what waits on them: they extend it,
        calling super().
        """
        if suspended:
            return
        Login = self.env["coop.manager.login"]
        for partner in self:
            managers = partner.sudo().coop_manager_ids  # sudo: her managers, whoever decided
            if not managers:
                continue
            kept = managers.filtered(Login._manager_profile_problem)
            Login._archive_logins(managers - kept)
            # she never joined on an application rejected: she did not leave
            rejected = partner._coop_application_rejected()
            texts = []
            if managers - kept:
                archived = ", ".join((managers - kept).mapped("name"))
                texts.append(
                    self.env._(
                        "Her application to the GIE was rejected: the logins of her managers "
                        "are archived (%s).",
                        archived,
                    )
                    if rejected
                    else self.env._(
                        "The cooperative left the GIE: the logins of her managers are "
                        "archived (%s).",
                        archived,
                    )
                )
            if kept:
                names = ", ".join(kept.mapped("name"))
                texts.append(
                    self.env._(
                        "Her application to the GIE was rejected, but the logins of %s are "
                        "kept: they have rights beyond those of a cooperative manager, an "
                        "administrator decides.",
                        names,
                    )
                    if rejected
                    else self.env._(
                        "The cooperative left the GIE, but the logins of %s are kept: they "
                        "have rights beyond those of a cooperative manager, an administrator "
                        "decides.",
                        names,
                    )
                )
            partner.message_post(body=Markup("<br/>").join(texts), subtype_xmlid="mail.mt_note")

    # ------------------------------------------------------ certifications lapsing

    @api.model
    def _coop_certifications_lapsed(self, coverage):
        """Hook: certifications valid today expired (the daily job) or changed what they
        certify (refused, sent back to review, their dates, products, type or cooperative
        changed); ``coverage``, {cooperative: certification types}, is what they covered.
        Each of these cooperatives may no longer hold a valid certification of those types
        for some products. Other addons take back what needs one she no longer holds: they
        extend it, calling super()."""

    # ---------------------------------------------------------------- actions

    def action_coop_open_memberships(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("coop_gie.action_coop_membership")
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action

    def action_coop_open_certifications(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("coop_gie.action_coop_certification")
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action
