from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import format_date

from .. import lifecycle

MEMBERSHIP_STATES = [
    (lifecycle.CANDIDATE, "Candidate"),
    (lifecycle.REVIEW, "Under Review"),
    (lifecycle.SELECTED, "Selected"),
    (lifecycle.ACTIVE, "Active"),
    (lifecycle.SUSPENDED, "Suspended"),
    (lifecycle.WITHDRAWN, "Withdrawn"),
    (lifecycle.REJECTED, "Rejected"),
]

# Date field stamped when a membership enters a state.
STATE_DATE_FIELDS = {
    lifecycle.REVIEW: "date_review",
    lifecycle.SELECTED: "date_selected",
    lifecycle.ACTIVE: "date_active",
    lifecycle.SUSPENDED: "date_suspended",
    lifecycle.WITHDRAWN: "date_end",
    lifecycle.REJECTED: "date_end",
}

# Moves that need a written decision (why).
STATES_NEEDING_DECISION = {lifecycle.REJECTED, lifecycle.SUSPENDED, lifecycle.WITHDRAWN}

# Moves after which the cooperative may no longer be an active member (see _coop_leave_gie).
STATES_LEAVING = {lifecycle.SUSPENDED, lifecycle.WITHDRAWN, lifecycle.REJECTED}

# Stamped by the changes of state only: nobody writes them by hand.
TRANSITION_FIELDS = (
    "date_review",
    "date_selected",
    "date_active",
    "date_suspended",
    "date_end",
    "decider_id",
    "decision_date",
    "decision_pending",
)

# Given with the application: fixed once the membership has left candidate.
APPLICATION_FIELDS = ("partner_id", "company_id", "date_application")


class CoopMembership(models.Model):
    _name = "coop.membership"
    _description = "GIE Membership of a Cooperative"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_application desc, id desc"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Cooperative",
        required=True,
        index=True,
        ondelete="restrict",
        tracking=True,
        domain=[("is_cooperative", "=", True)],
    )
    company_id = fields.Many2one(
        "res.company",
        string="GIE",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    state = fields.Selection(
        MEMBERSHIP_STATES,
        string="State",
        required=True,
        default=lifecycle.CANDIDATE,
        tracking=True,
        index=True,
        copy=False,
    )
    date_application = fields.Date(
        string="Application Date", default=fields.Date.context_today, required=True
    )
    date_review = fields.Date(string="Review Date", readonly=True, copy=False)
    date_selected = fields.Date(string="Selection Date", readonly=True, copy=False)
    date_active = fields.Date(string="Activation Date", readonly=True, copy=False)
    date_suspended = fields.Date(string="Suspension Date", readonly=True, copy=False)
    date_end = fields.Date(string="End Date", readonly=True, copy=False)
    decision = fields.Text(
        string="Decision",
        tracking=True,
        help="Decision of the GIE and why (required to reject, suspend or withdraw).",
    )
    decider_id = fields.Many2one(
        "res.users", string="Decided By", readonly=True, tracking=True, copy=False
    )
    decision_date = fields.Date(readonly=True, copy=False)
    decision_pending = fields.Boolean(
        string="Decision Not Yet Applied",
        readonly=True,
        copy=False,
        help="The decision was written since the last change of state. Each change of state "
        "applies the decision written before it; rejecting, suspending or withdrawing needs "
        "a decision of its own.",
    )
    requirement_ids = fields.One2many(
        "coop.membership.requirement", "membership_id", string="Onboarding Checklist", copy=True
    )
    requirement_missing_count = fields.Integer(
        string="Missing Requirements", compute="_compute_requirement_progress"
    )
    requirement_progress = fields.Float(
        string="Checklist Progress", compute="_compute_requirement_progress"
    )
    is_eligible = fields.Boolean(related="partner_id.coop_eligible", string="Eligible to Sell")
    ineligible_reason = fields.Char(
        related="partner_id.coop_ineligible_reason", string="Why Not Eligible"
    )
    fee_invoice_ids = fields.One2many(
        "account.move", "coop_membership_id", string="Fee Invoices", readonly=True
    )
    fee_invoice_count = fields.Integer(compute="_compute_fee_state")
    fee_state = fields.Selection(
        [
            ("not_invoiced", "Not Invoiced"),
            ("unpaid", "Unpaid"),
            ("overdue", "Overdue"),
            ("paid", "Paid"),
        ],
        string="Fee of the Year",
        compute="_compute_fee_state",
        help="Payment state of the GIE membership fee of the current year.",
    )

    _sql_constraints = [
        (
            "dates_order",
            "CHECK(date_end IS NULL OR date_end >= date_application)",
            "A membership cannot end before its application.",
        ),
    ]

    @api.depends("partner_id.name", "company_id.name")
    def _compute_name(self):
        for membership in self:
            membership.name = "{} / {}".format(
                membership.partner_id.name or "",
                membership.company_id.name or "",
            )

    @api.depends("requirement_ids.satisfied", "requirement_ids.mandatory")
    def _compute_requirement_progress(self):
        for membership in self:
            lines = membership.requirement_ids
            mandatory = lines.filtered("mandatory")
            membership.requirement_missing_count = len(
                mandatory.filtered(lambda r: not r.satisfied)
            )
            membership.requirement_progress = (
                100.0 * len(lines.filtered("satisfied")) / len(lines) if lines else 0.0
            )

    @api.depends(
        "fee_invoice_ids.payment_state", "fee_invoice_ids.state", "fee_invoice_ids.coop_fee_year"
    )
    def _compute_fee_state(self):
        year = fields.Date.context_today(self).year
        today = fields.Date.context_today(self)
        for membership in self:
            fee_invoices = (
                membership.sudo().fee_invoice_ids  # sudo: only whether her own fee is paid is read
            )
            invoices = fee_invoices.filtered(
                lambda m: m.state == "posted" and m.move_type == "out_invoice"
            )
            membership.fee_invoice_count = len(fee_invoices)
            of_year = invoices.filtered(lambda m, y=year: m.coop_fee_year == y)
            if not of_year:
                membership.fee_state = "not_invoiced"
            elif all(m.payment_state in ("paid", "in_payment", "reversed") for m in of_year):
                membership.fee_state = "paid"
            elif any(m.invoice_date_due and m.invoice_date_due < today for m in of_year):
                membership.fee_state = "overdue"
            else:
                membership.fee_state = "unpaid"

    @api.constrains("partner_id", "state", "company_id")
    def _check_one_open_membership(self):
        open_states = list(lifecycle.OPEN_STATES)
        for membership in self.filtered(lambda m: m.state in lifecycle.OPEN_STATES):
            others = self.search_count(
                [
                    ("id", "!=", membership.id),
                    ("partner_id", "=", membership.partner_id.id),
                    ("company_id", "=", membership.company_id.id),
                    ("state", "in", open_states),
                ]
            )
            if others:
                raise ValidationError(
                    self.env._(
                        "%s already has an open membership of this GIE.",
                        membership.partner_id.display_name,
                    )
                )

    @api.constrains("partner_id")
    def _check_partner_is_cooperative(self):
        self.partner_id._coop_check_is_cooperative(
            self.env._("only cooperatives can be GIE members.")
        )

    # ------------------------------------------------------------------- CRUD

    @api.model_create_multi
    def create(self, vals_list):
        types = self.env["coop.requirement.type"].search([])
        for vals in vals_list:
            if not self.env.su and vals.get("state", lifecycle.CANDIDATE) != lifecycle.CANDIDATE:
                raise UserError(self.env._("A new GIE membership starts as a candidate."))
            if not self.env.su:
                self._check_no_transition_fields(vals)
            # a decision given with the application is applied by its first change of state
            vals.setdefault(
                "decision_pending",
                bool((vals.get("decision") or "").strip())
                and vals.get("state", lifecycle.CANDIDATE) == lifecycle.CANDIDATE,
            )
            present = {
                cmd[2].get("type_id")
                for cmd in vals.get("requirement_ids", [])
                if isinstance(cmd, (list, tuple)) and cmd[0] == Command.CREATE
            }
            vals["requirement_ids"] = list(vals.get("requirement_ids", [])) + [
                Command.create({"type_id": rtype.id}) for rtype in types if rtype.id not in present
            ]
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            # the superuser (data files, internal code) may set them, e.g. demo history
            self._check_no_transition_fields(vals)
            self._check_application_fixed(vals)
        moving = self.browse()
        if "state" in vals:
            new_state = vals["state"]
            self._check_state_change(new_state, vals.get("decision"))
            moving = self.filtered(lambda m: m.state != new_state)
        # the decision is rewritten (without a change of state): the next move applies it
        rewritten = self.browse()
        if "decision" in vals:
            rewritten = (self - moving).filtered(
                lambda m: (m.decision or "") != (vals["decision"] or "")
            )
        others = self - moving - rewritten
        if moving:
            today = fields.Date.context_today(self)
            stamps = {"decider_id": self.env.uid, "decision_date": today, "decision_pending": False}
            date_field = STATE_DATE_FIELDS.get(vals["state"])
            if date_field:
                stamps[date_field] = today
            # the superuser's values win (data files record past moves); anyone else's
            # move is stamped now, by her
            super(CoopMembership, moving).write(
                {**stamps, **vals} if self.env.su else {**vals, **stamps}
            )
        if rewritten:
            pending = bool((vals["decision"] or "").strip())
            super(CoopMembership, rewritten).write({"decision_pending": pending, **vals})
        if others:
            super(CoopMembership, others).write(vals)
        if moving and vals["state"] in STATES_LEAVING:
            moving.partner_id._coop_membership_ended()
        return True

    def _check_no_transition_fields(self, vals):
        """Dates of the lifecycle and who decided are stamped by the changes of state only."""
        for fname in TRANSITION_FIELDS:
            if fname in vals and (not self or self._coop_changed_by(fname, vals[fname])):
                raise UserError(
                    self.env._(
                        "%(field)s of a GIE membership is recorded by its changes of state "
                        "(Start Review, Select, Activate, Suspend, Withdraw, Reject); it cannot "
                        "be written.",
                        field=self._fields[fname].get_description(self.env)["string"],
                    )
                )

    def _check_application_fixed(self, vals):
        """The cooperative, the GIE and the application date are fixed once the membership
        has left candidate: its history belongs to them."""
        for fname in APPLICATION_FIELDS:
            if fname not in vals:
                continue
            changed = self._coop_changed_by(fname, vals[fname]).filtered(
                lambda m: m.state != lifecycle.CANDIDATE
            )
            if changed:
                membership = changed[0]
                raise UserError(
                    self.env._(
                        "The membership %(membership)s has left candidate: its %(field)s "
                        "cannot change any more. Withdraw it and record a new membership "
                        "instead.",
                        membership=membership.display_name,
                        field=self._fields[fname].get_description(self.env)["string"],
                    )
                )

    def _coop_changed_by(self, fname, value):
        """Memberships of ``self`` whose ``fname`` writing ``value`` would change."""
        field = self._fields[fname]
        return self.filtered(
            lambda m: field.convert_to_record(field.convert_to_cache(value, m), m) != m[fname]
        )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_not_candidate(self):
        for membership in self:
            if membership.state != lifecycle.CANDIDATE or membership.fee_invoice_ids:
                raise UserError(
                    self.env._(
                        "Only candidate memberships without invoices can be deleted; "
                        "withdraw or reject %s instead.",
                        membership.display_name,
                    )
                )

    # -------------------------------------------------------------- lifecycle

    def _check_state_change(self, new_state, decision=None):
        labels = dict(self._fields["state"]._description_selection(self.env))
        if not self.env.su and not self.env.user.has_group("coop_gie.group_gie_user"):
            raise AccessError(
                self.env._("Only the GIE staff can change the state of a membership.")
            )
        mandatory_types = self.env["coop.requirement.type"].search([("mandatory", "=", True)])
        for membership in self:
            if membership.state == new_state:
                continue
            if not lifecycle.can_transition(membership.state, new_state):
                raise UserError(
                    self.env._(
                        "The membership of %(coop)s cannot go from %(from)s to %(to)s.",
                        coop=membership.partner_id.display_name,
                        **{"from": labels[membership.state], "to": labels[new_state]},
                    )
                )
            if new_state in STATES_NEEDING_DECISION and not (decision or "").strip():
                # the decision written for an earlier move is not the reason of this one
                if not (membership.decision or "").strip():
                    raise UserError(
                        self.env._(
                            "Write the decision (the reason) before moving the membership of "
                            "%(coop)s to %(state)s.",
                            coop=membership.partner_id.display_name,
                            state=labels[new_state],
                        )
                    )
                if not membership.decision_pending:
                    raise UserError(
                        self.env._(
                            "The decision of the membership of %(coop)s is the one of its "
                            "previous change of state: write the decision (the reason) of this "
                            "one before moving it to %(state)s.",
                            coop=membership.partner_id.display_name,
                            state=labels[new_state],
                        )
                    )
            if new_state == lifecycle.ACTIVE:
                lines = membership.requirement_ids
                # a mandatory requirement missing from her checklist (line deleted, or made
                # mandatory since) is missing as well
                missing = lines.filtered(lambda r: r.mandatory and not r.satisfied).type_id | (
                    mandatory_types - lines.type_id
                )
                if missing:
                    raise UserError(
                        self.env._(
                            "%(coop)s cannot become an active member: mandatory requirements "
                            "are missing: %(missing)s.",
                            coop=membership.partner_id.display_name,
                            missing=", ".join(missing.sorted().mapped("name")),
                        )
                    )

    def _set_state(self, state):
        self.write({"state": state})
        return True

    def action_review(self):
        return self._set_state(lifecycle.REVIEW)

    def action_select(self):
        return self._set_state(lifecycle.SELECTED)

    def action_activate(self):
        return self._set_state(lifecycle.ACTIVE)

    def action_suspend(self):
        return self._set_state(lifecycle.SUSPENDED)

    def action_withdraw(self):
        return self._set_state(lifecycle.WITHDRAWN)

    def action_reject(self):
        return self._set_state(lifecycle.REJECTED)

    # -------------------------------------------------------------------- fees

    def _fee_product(self):
        product = self.env.ref("coop_gie.product_gie_membership_fee", raise_if_not_found=False)
        if not product:
            raise UserError(self.env._("The product 'GIE membership fee' is missing."))
        return product

    def action_invoice_fee(self):
        """Invoice the yearly GIE membership fee of the current year (once per year)."""
        year = fields.Date.context_today(self).year
        product = self._fee_product()
        vals_list = []
        for membership in self:
            if membership.state not in (lifecycle.ACTIVE, lifecycle.SUSPENDED, lifecycle.SELECTED):
                raise UserError(
                    self.env._(
                        "Only selected, active or suspended members pay the GIE fee (%s).",
                        membership.display_name,
                    )
                )
            if membership.fee_invoice_ids.filtered(
                lambda m, y=year: m.coop_fee_year == y and m.state != "cancel"
            ):
                raise UserError(
                    self.env._(
                        "The %(year)s fee of %(coop)s is already invoiced.",
                        year=year,
                        coop=membership.partner_id.display_name,
                    )
                )
            vals_list.append(
                {
                    "move_type": "out_invoice",
                    "partner_id": membership.partner_id.id,
                    "company_id": membership.company_id.id,
                    "coop_membership_id": membership.id,
                    "coop_fee_year": year,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "product_id": product.id,
                                "quantity": 1,
                                "name": self.env._("GIE membership fee %(year)s", year=year),
                            }
                        )
                    ],
                }
            )
        moves = self.env["account.move"].create(vals_list)
        moves.action_post()
        return moves

    def action_open_fee_invoices(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account.action_move_out_invoice_type"
        )
        action["domain"] = [("coop_membership_id", "=", self.id)]
        action["context"] = {"default_move_type": "out_invoice", "create": False}
        return action

    # -------------------------------------------------------------------- cron

    @api.model
    def _cron_daily(self):
        """Daily: eligibility follows the calendar, what needed the certifications that
        expired is taken back, expiring certifications and overdue fees raise activities
        on the membership."""
        cooperatives = (
            self.env["res.partner"]
            .with_context(active_test=False)
            .search([("is_cooperative", "=", True)])
        )
        cooperatives._coop_recompute_eligibility()
        self.env["coop.certification"]._coop_lapse_expired()
        self.env["coop.certification"]._warn_expiring()
        self._warn_overdue_fees()

    def _activity_user(self):
        self.ensure_one()
        return (
            self.decider_id
            or self.env.ref("base.user_admin", raise_if_not_found=False)
            or self.env.user
        )

    @api.model
    def _warn_overdue_fees(self):
        today = fields.Date.context_today(self)
        moves = self.env["account.move"].search(
            [
                ("coop_membership_id", "!=", False),
                ("move_type", "=", "out_invoice"),
                ("state", "=", "posted"),
                ("payment_state", "in", ("not_paid", "partial")),
                ("invoice_date_due", "<", today),
                ("coop_fee_reminded", "=", False),
            ]
        )
        for move in moves:
            membership = move.coop_membership_id
            user = membership._activity_user()
            # in the language of the staff member who follows it up, not the job's
            env = self.with_context(lang=user.lang).env
            membership.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=env._("GIE fee overdue"),
                note=env._(
                    "The GIE membership fee %(invoice)s of %(coop)s was due on %(date)s.",
                    invoice=move.name,
                    coop=membership.partner_id.display_name,
                    date=format_date(env, move.invoice_date_due),
                ),
                user_id=user.id,
            )
        moves.write({"coop_fee_reminded": True})
