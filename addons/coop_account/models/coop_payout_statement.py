import logging
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_amount, format_date

_logger = logging.getLogger(__name__)

BILL_TYPES = ("in_invoice", "in_refund", "in_receipt")


class CoopPayoutStatement(models.Model):
    """What the central owes one cooperative over a period, read from the ledger: opening
    balance, bills of the period, payments of the period, balance due. Figures are never
    stored: the statement always says what the books say."""

    _name = "coop.payout.statement"
    _description = "Cooperative Payout Statement"
    _inherit = ["mail.thread", "coop.amount.words.mixin"]
    _order = "date_to desc, partner_id"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Cooperative",
        required=True,
        index=True,
        ondelete="restrict",
        domain=[("is_cooperative", "=", True)],
    )
    coop_code = fields.Char(related="partner_id.coop_code", string="Code")
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id", string="Currency")
    date_from = fields.Date(string="From", required=True)
    date_to = fields.Date(string="To", required=True)
    note = fields.Text()

    opening_balance = fields.Monetary(
        compute="_compute_amounts", help="Owed to the cooperative before the period."
    )
    amount_billed = fields.Monetary(
        string="Billed", compute="_compute_amounts", help="Her bills of the period, less refunds."
    )
    amount_paid = fields.Monetary(
        string="Paid",
        compute="_compute_amounts",
        help="Payments to her booked in the period (the date of their journal entry).",
    )
    amount_other = fields.Monetary(
        string="Other Entries",
        compute="_compute_amounts",
        help="Other entries on her payable account during the period (adjustments).",
    )
    balance_due = fields.Monetary(
        compute="_compute_amounts", help="Owed to the cooperative at the end of the period."
    )
    amount_settled_since = fields.Monetary(
        string="Settled Since",
        compute="_compute_to_pay",
        help="The part of the balance due at the end of the period settled after it: "
        "payments and credit notes dated after the period, matched with its bills.",
    )
    amount_owed_back = fields.Monetary(
        string="Owed Back Since",
        compute="_compute_to_pay",
        help="What the cooperative owes back that is dated after the period (credit notes, "
        "advances) and not deducted yet: Pay Cooperatives deducts it from what is due.",
    )
    amount_to_pay = fields.Monetary(
        string="To Pay Now",
        compute="_compute_to_pay",
        help="What Pay Cooperatives pays her now: her bills still open up to the end of the "
        "period, less what she owes back whatever its date (credit notes, advances). Nothing "
        "when she owes more than that, nor while goods returned to her are still billed "
        "(see Held for Returns).",
    )
    held_for_returns = fields.Char(
        string="Held for Returns",
        compute="_compute_to_pay",
        help="Her purchase orders billed beyond what was received (goods returned to her "
        "whose credit note is not posted): Pay Cooperatives leaves her out until their "
        "credit notes are posted.",
    )
    fees_due = fields.Monetary(
        string="GIE Fees Due",
        compute="_compute_amounts",
        help="Owed by the cooperative to the GIE (membership fees and other customer "
        "invoices) at the end of the period. Not deducted from the payout.",
    )
    bill_ids = fields.Many2many("account.move", string="Bills", compute="_compute_documents")
    payment_ids = fields.Many2many(
        "account.payment", string="Payments", compute="_compute_documents"
    )
    paid_since_ids = fields.Many2many(
        "account.payment",
        string="Paid Since the Period",
        compute="_compute_documents",
        help="Payments dated after the period that settle what was due at its end (her "
        "bills of the period and before): a payout made once the period is over.",
    )
    bill_count = fields.Integer(compute="_compute_documents")
    payment_count = fields.Integer(compute="_compute_documents")

    _sql_constraints = [
        (
            "period_unique",
            "unique(partner_id, company_id, date_from, date_to)",
            "There is already a statement of this cooperative for this period.",
        ),
        ("period_order", "CHECK(date_from <= date_to)", "The period ends before it starts."),
    ]

    @api.depends("partner_id.coop_code", "partner_id.name", "date_from", "date_to")
    def _compute_name(self):
        for statement in self:
            statement.name = statement._coop_title(lambda day: day.isoformat(), " / ")

    @api.depends("name")
    @api.depends_context("lang")
    def _compute_display_name(self):
        """Its dates as the reader writes them ("TIF 01/12/2026 – 31/12/2026"); the stored
        name keeps them ISO, for searching and the file names of its PDF and XLSX."""
        for statement in self:
            statement.display_name = statement._coop_title(
                lambda day: format_date(self.env, day), " – "
            )

    def _coop_title(self, day_text, separator):
        """The cooperative's code (else name), then the period, its days written by
        ``day_text`` and parted by ``separator``."""
        self.ensure_one()
        who = self.partner_id.coop_code or self.partner_id.name or ""
        if not (self.date_from and self.date_to):
            return who
        return f"{who} {day_text(self.date_from)}{separator}{day_text(self.date_to)}"

    @api.constrains("partner_id")
    def _check_partner_is_cooperative(self):
        self.partner_id._coop_check_is_cooperative(
            self.env._("payout statements are for cooperatives only.")
        )

    # ------------------------------------------------------------------
    # Figures, read from the ledger in batch (one set of queries per period)
    # ------------------------------------------------------------------

    def _coop_periods(self):
        """Statements of ``self`` grouped by (company, date_from, date_to)."""
        groups = defaultdict(lambda: self.browse())
        for statement in self:
            if (
                statement.partner_id
                and statement.company_id
                and statement.date_from
                and statement.date_to
            ):
                key = (statement.company_id, statement.date_from, statement.date_to)
                groups[key] |= statement
        return groups

    @api.model
    def _coop_partner_map(self, coops):
        """{partner id: cooperative} for the cooperatives and their contacts."""
        partners = (
            self.env["res.partner"]
            .with_context(active_test=False)
            .search([("commercial_partner_id", "in", coops.ids)])
        )
        return {partner.id: partner.commercial_partner_id for partner in partners}

    @api.depends("partner_id", "company_id", "date_from", "date_to")
    def _compute_amounts(self):
        for statement in self:
            statement.update(
                {
                    "opening_balance": 0.0,
                    "amount_billed": 0.0,
                    "amount_paid": 0.0,
                    "amount_other": 0.0,
                    "balance_due": 0.0,
                    "fees_due": 0.0,
                }
            )
        Line = self.env["account.move.line"].sudo()  # sudo: own cooperative's figures only
        for (company, date_from, date_to), statements in self._coop_periods().items():
            coops = statements.partner_id
            partner_map = self._coop_partner_map(coops)
            base = [
                ("company_id", "=", company.id),
                ("partner_id", "in", list(partner_map)),
                ("parent_state", "=", "posted"),
            ]

            def ledger(domain, partner_map=partner_map):
                totals = defaultdict(float)
                for partner, balance in Line._read_group(domain, ["partner_id"], ["balance:sum"]):
                    totals[partner_map[partner.id].id] += balance
                return totals

            payable = [*base, ("account_id.account_type", "=", "liability_payable")]
            opening = ledger([*payable, ("date", "<", date_from)])
            closing = ledger([*payable, ("date", "<=", date_to)])
            fees = ledger(
                [
                    *base,
                    ("account_id.account_type", "=", "asset_receivable"),
                    ("date", "<=", date_to),
                ]
            )
            billed, paid = self._coop_period_totals(company, date_from, date_to, partner_map)
            for statement in statements:
                coop_id = statement.partner_id.id
                # payable balances are credits: what the central owes is minus the balance
                opening_balance = -opening[coop_id]
                balance_due = -closing[coop_id]
                statement.opening_balance = opening_balance
                statement.amount_billed = billed[coop_id]
                statement.amount_paid = paid[coop_id]
                statement.balance_due = balance_due
                statement.amount_other = statement.currency_id.round(
                    balance_due - opening_balance - billed[coop_id] + paid[coop_id]
                )
                statement.fees_due = fees[coop_id]

    @api.depends("partner_id", "company_id", "date_from", "date_to")
    def _compute_to_pay(self):
        for statement in self:
            statement.amount_settled_since = 0.0
            statement.amount_owed_back = statement.amount_to_pay = 0.0
            statement.held_for_returns = False
        for statements in self._coop_periods().values():
            statements_sudo = statements.sudo()  # sudo: own cooperative's figures only
            settled = statements_sudo._coop_settled_since()
            open_lines = statements_sudo._coop_open_payable_lines()
            to_pay = statements_sudo._coop_lines_to_pay(open_lines)
            blocked = statements_sudo._coop_blocked_by_returns(to_pay)
            to_pay_by_coop = to_pay.grouped(
                lambda line: (line.partner_id.commercial_partner_id, line.company_id)
            )
            for statement in statements:
                statement.amount_settled_since = sum(
                    amount for _earlier, _later, amount in settled[statement.id]
                )
                statement.amount_owed_back = sum(
                    statement._coop_owed_back(open_lines).mapped("amount_residual")
                )
                key = (statement.partner_id, statement.company_id)
                held = blocked.get(key)
                if held:  # Pay Cooperatives leaves her out
                    statement.held_for_returns = ", ".join(held.sorted("name").mapped("name"))
                    continue
                statement.amount_to_pay = -sum(
                    to_pay_by_coop.get(key, to_pay.browse()).mapped("amount_residual")
                )

    def _coop_owed_back(self, lines):
        """The open payable ``lines`` (see ``_coop_open_payable_lines``) of this statement's
        cooperative dated after its period: what she owes back since (credit notes,
        advances), which its payout deducts."""
        self.ensure_one()
        return lines.filtered(
            lambda line: (
                line.partner_id.commercial_partner_id == self.partner_id
                and line.company_id == self.company_id
                and line.date > self.date_to
            )
        )

    def _coop_settled_since(self):
        """{statement id: [(earlier line, later line, amount)]}: the matchings of her
        payable lines up to the end of the statement's period (bills, refunds, advances)
        with lines dated after it (payments, credit notes, bills): how the balance due at
        the end of the period was settled since. ``amount`` lowers what was due then: it is
        negative when a later bill used up an advance of the period. A closed period's
        figures stay the ledger's at its end; these explain why less, or nothing, is left
        to pay now."""
        settled = defaultdict(list)
        for (company, _date_from, date_to), statements in self._coop_periods().items():
            partner_map = self._coop_partner_map(statements.partner_id)
            partials = self.env["account.partial.reconcile"].search(
                [
                    ("company_id", "=", company.id),
                    ("max_date", ">", date_to),
                    ("debit_move_id.account_id.account_type", "=", "liability_payable"),
                    ("debit_move_id.partner_id", "in", list(partner_map)),
                    ("debit_move_id.parent_state", "=", "posted"),
                    ("credit_move_id.parent_state", "=", "posted"),
                    "|",
                    ("debit_move_id.date", "<=", date_to),
                    ("credit_move_id.date", "<=", date_to),
                ],
                order="id",
            )
            by_coop = {statement.partner_id: statement for statement in statements}
            for partial in partials:
                statement = by_coop[partner_map[partial.debit_move_id.partner_id.id]]
                debit, credit = partial.debit_move_id, partial.credit_move_id
                if credit.date <= date_to:  # a bill of the period, paid or credited since
                    settled[statement.id].append((credit, debit, partial.amount))
                else:  # an advance or refund of the period, used up by a later bill
                    settled[statement.id].append((debit, credit, -partial.amount))
        return settled

    @api.model
    def _coop_bill_domain(self, company, date_from, date_to, partner_ids):
        return [
            ("company_id", "=", company.id),
            ("move_type", "in", BILL_TYPES),
            ("state", "=", "posted"),
            ("commercial_partner_id", "in", partner_ids),
            ("date", ">=", date_from),
            ("date", "<=", date_to),
        ]

    @api.model
    def _coop_payment_domain(self, company, date_from, date_to, partner_ids):
        return [
            ("company_id", "=", company.id),
            ("partner_type", "=", "supplier"),
            ("state", "in", ("in_process", "paid")),
            ("move_id", "!=", False),
            ("partner_id", "in", partner_ids),
            # the date of the journal entry, as for bills and balances: a payment dated in a
            # locked period is booked after it, and so counted
            ("move_id.date", ">=", date_from),
            ("move_id.date", "<=", date_to),
        ]

    @api.model
    def _coop_period_totals(self, company, date_from, date_to, partner_map):
        """Billed and paid per cooperative id, from the documents (bills, payments)."""
        billed = defaultdict(float)
        paid = defaultdict(float)
        partner_ids = list(partner_map)
        # superuser: see _compute_amounts
        for partner, total in (
            self.env["account.move"]
            .sudo()  # sudo: billed totals per cooperative, figures only (see _compute_amounts)
            ._read_group(
                self._coop_bill_domain(company, date_from, date_to, partner_ids),
                ["commercial_partner_id"],
                ["amount_total_signed:sum"],
            )
        ):
            # vendor bills are signed negative (money out), refunds positive
            billed[partner.id] -= total
        for partner, total in (
            self.env["account.payment"]
            .sudo()  # sudo: paid totals per cooperative, figures only (see _compute_amounts)
            ._read_group(
                self._coop_payment_domain(company, date_from, date_to, partner_ids),
                ["partner_id"],
                ["amount_company_currency_signed:sum"],
            )
        ):
            # outbound payments are signed negative, refunds received from her positive
            paid[partner_map[partner.id].id] -= total
        return billed, paid

    @api.depends("partner_id", "company_id", "date_from", "date_to")
    def _compute_documents(self):
        for statement in self:
            statement.bill_ids = statement.payment_ids = statement.paid_since_ids = False
            statement.bill_count = statement.payment_count = 0
        for (company, date_from, date_to), statements in self._coop_periods().items():
            partner_map = self._coop_partner_map(statements.partner_id)
            partner_ids = list(partner_map)
            # superuser to search, see _compute_amounts; records are returned in the
            # user's environment, where the record rules apply to what she opens.
            bills = (
                self.env["account.move"]
                .sudo()  # sudo: search only; the ids are browsed back in the user's environment
                .search(
                    self._coop_bill_domain(company, date_from, date_to, partner_ids),
                    order="date, id",
                )
            )
            payments = (
                self.env["account.payment"]
                .sudo()  # sudo: search only; the ids are browsed back in the user's environment
                .search(self._coop_payment_domain(company, date_from, date_to, partner_ids))
                .sorted(lambda payment: (payment.move_id.date, payment.id))
            )
            settled = statements.sudo()._coop_settled_since()  # sudo: ids only, as above
            for statement in statements:
                coop = statement.partner_id
                # the payments among what settled her balance due since the period
                statement.paid_since_ids = (
                    self.env["account.payment"]
                    .concat(
                        *(later.payment_id for _earlier, later, _amount in settled[statement.id])
                    )
                    .ids
                )
                own_bills = bills.filtered(lambda m, c=coop: m.commercial_partner_id == c)
                own_payments = payments.filtered(
                    lambda p, c=coop, pm=partner_map: pm[p.partner_id.id] == c
                )
                statement.bill_ids = own_bills.ids
                statement.payment_ids = own_payments.ids
                statement.bill_count = len(own_bills)
                statement.payment_count = len(own_payments | statement.paid_since_ids)

    def _coop_owed_now_text(self):
        """When what was settled and what she owes back since the period exceed what was
        due at its end, she now owes the GIE the difference (which Pay Cooperatives
        deducts from her next payouts): the sentence saying so, else False."""
        self.ensure_one()
        currency = self.currency_id
        owed_now = currency.round(
            self.amount_settled_since + self.amount_owed_back - self.balance_due
        )
        if (
            currency.compare_amounts(self.balance_due, 0.0) < 0
            or not currency.compare_amounts(owed_now, 0.0) > 0
        ):
            return False
        return self.env._(
            "Since the period, the cooperative owes the GIE %(amount)s: it is deducted from "
            "her next payouts.",
            amount=format_amount(self.env, owed_now, currency),
        )

    def _coop_words_amount(self):
        self.ensure_one()
        return self.balance_due, self.currency_id

    # ------------------------------------------------------------------
    # Reports
    # ------------------------------------------------------------------

    def _coop_report_lang(self):
        """Language of the statement: the cooperative's when it is active."""
        self.ensure_one()
        return self.env["res.lang"]._get_code(self.partner_id.lang or "") or self.env.lang

    def _coop_summary_rows(self, data=None):
        """The balance of the statement as the PDF and the XLSX print it, their one source
        of labels, in the language of the environment: ``[{"name", "label", "amount",
        "bold"}]`` (``data``: ``_coop_report_data()`` when already read). Other entries,
        what was settled or owed back since the period and what is left to pay now, only
        when there are."""
        self.ensure_one()
        data = self._coop_report_data() if data is None else data
        _ = self.env._
        rows = [
            ("opening_balance", _("Opening balance"), False),
            ("amount_billed", _("Billed by the cooperative (+)"), False),
            ("amount_paid", _("Paid to the cooperative (-)"), False),
            ("amount_other", _("Other entries (+)"), False),
            ("balance_due", _("Balance due to the cooperative"), True),
        ]
        if self.currency_id.is_zero(self.amount_other):
            del rows[3]
        if data["settled_since"]:
            rows.append(("amount_settled_since", _("Settled since the period (-)"), False))
        if data["owed_back"]:
            rows.append(
                (
                    "amount_owed_back",
                    _("Owed back since the period, deducted from the payout (-)"),
                    False,
                )
            )
        if data["settled_since"] or data["owed_back"]:
            rows.append(("amount_to_pay", _("To pay now"), True))
        return [
            {"name": name, "label": label, "amount": self[name], "bold": bold}
            for name, label, bold in rows
        ]

    def _coop_file_name(self):
        """Name of its PDF and XLSX files: "TAO 2026-11-01 – 2026-11-30" (a file name has
        no "/", which the stored name has)."""
        self.ensure_one()
        return self._coop_title(lambda day: day.isoformat(), " – ")

    def _coop_report_data(self):
        """Rows of the statement for the PDF and XLSX reports (amounts in the company
        currency, texts in the language of the environment)."""
        self.ensure_one()
        payment_states = dict(
            self.env["account.move"]._fields["payment_state"]._description_selection(self.env)
        )
        statement_sudo = self.sudo()  # sudo: statement checked, see _compute_amounts
        settled = statement_sudo._coop_settled_since()[self.id]
        # what was still due on each document at the end of the period: today's residual
        # plus what was matched with it since
        settled_after = defaultdict(float)
        settled_since = defaultdict(float)
        for earlier, later, amount in settled:
            settled_after[earlier.move_id] += amount
            settled_since[later.move_id] += amount
        bills = [
            {
                "date": bill.date,
                "date_str": format_date(self.env, bill.date),
                "name": bill.name,
                "ref": bill.ref or "",
                "amount": -bill.amount_total_signed,
                "residual": -bill.amount_residual_signed + settled_after[bill],
                # some translations of the states end with a space ("غير مدفوع ")
                "state": payment_states.get(bill.payment_state, bill.payment_state).strip(),
            }
            for bill in self.bill_ids.sudo()  # sudo: statement checked, see _compute_amounts
        ]
        payments = [
            {
                # the date of its journal entry, which puts it in the period
                "date": payment.move_id.date,
                "date_str": format_date(self.env, payment.move_id.date),
                "name": payment.name,
                "ref": payment.memo or "",
                "journal": payment.journal_id.name,
                "amount": -payment.amount_company_currency_signed,
            }
            for payment in self.payment_ids.sudo()  # sudo: this statement's payments only
        ]
        settled_since = [
            {
                "date": move.date,
                "date_str": format_date(self.env, move.date),
                "name": move.name,
                "ref": move.ref or "",
                "amount": amount,
            }
            for move, amount in sorted(settled_since.items(), key=lambda item: item[0].date)
        ]
        owed_back = [
            {
                "date": line.date,
                "date_str": format_date(self.env, line.date),
                "name": line.move_id.name,
                "ref": line.move_id.ref or "",
                "amount": line.amount_residual,
            }
            for line in statement_sudo._coop_owed_back(
                statement_sudo._coop_open_payable_lines()
            ).sorted(lambda line: (line.date, line.id))
        ]
        return {
            "bills": bills,
            "payments": payments,
            "settled_since": settled_since,
            "owed_back": owed_back,
        }

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def _coop_open_payable_lines(self):
        """Open lines of the statements' cooperatives on their payable accounts: what the
        central owes her (her bills) dated up to the end of their statement, and what she
        owes back (refunds, credit notes, payments and adjustments not matched yet:
        advances) whatever its date, so that any payout deducts it: a credit note posted
        after the period (closed, locked) is deducted from that period's payout."""
        lines = self.env["account.move.line"]
        for (company, _date_from, date_to), statements in self._coop_periods().items():
            lines |= self.env["account.move.line"].search(
                [
                    ("company_id", "=", company.id),
                    ("parent_state", "=", "posted"),
                    ("account_id.account_type", "=", "liability_payable"),
                    ("reconciled", "=", False),
                    ("amount_residual", "!=", 0.0),
                    ("partner_id", "in", list(self._coop_partner_map(statements.partner_id))),
                    "|",
                    ("date", "<=", date_to),
                    ("amount_residual", ">", 0.0),  # a debit: she owes it back
                ]
            )
        return lines

    def _coop_lines_to_pay(self, open_lines=None):
        """What is left to pay the statements' cooperatives: every open payable line (bills,
        refunds, advances, see ``_coop_open_payable_lines``; ``open_lines`` when already
        read) of each cooperative, company and
        account whose total the central still owes her (``amount_to_pay``). Nothing is
        matched here: the register-payment wizard pays each cooperative the total of her
        lines and matches them all with the payment when it is confirmed, so that advances
        and refunds are deducted from her bills (see
        ``account.payment.register._get_line_batch_key``). An overpaid cooperative has none."""
        lines = self._coop_open_payable_lines() if open_lines is None else open_lines
        groups = lines.grouped(
            lambda line: (line.partner_id.commercial_partner_id, line.company_id, line.account_id)
        )
        return lines.browse().concat(
            *(
                group
                for (_coop, company, _account), group in groups.items()
                if company.currency_id.compare_amounts(sum(group.mapped("amount_residual")), 0.0)
                < 0
            )
        )

    @api.model
    def _coop_blocked_by_returns(self, lines):
        """{(cooperative, company): her purchase orders billed beyond what was received}
        for the cooperatives of the payable ``lines``, in their companies: goods returned to
        her whose credit note is not posted. She must not be paid for goods she took back."""
        blocked = defaultdict(lambda: self.env["purchase.order"])
        for company, company_lines in lines.grouped("company_id").items():
            coops = company_lines.partner_id.commercial_partner_id
            for order in self.env["purchase.order"]._coop_billed_beyond_received(
                [
                    ("company_id", "=", company.id),
                    ("move_id.commercial_partner_id", "in", coops.ids),
                ]
            ):
                # the cooperative billed for it (her bills may name a contact of hers)
                for coop in order.invoice_ids.commercial_partner_id & coops:
                    blocked[coop, company] |= order
        return blocked

    @api.model
    def _coop_describe_blocked(self, blocked):
        """Each cooperative of ``_coop_blocked_by_returns`` with her orders in brackets."""
        by_coop = defaultdict(lambda: self.env["purchase.order"])
        for (coop, _company), orders in blocked.items():
            by_coop[coop] |= orders
        return ", ".join(
            f"{coop.name} ({', '.join(orders.sorted('name').mapped('name'))})"
            for coop, orders in sorted(by_coop.items(), key=lambda item: item[0].name)
        )

    @api.model
    def _coop_check_billed_as_received(self, lines):
        """Refuse a payout, when it is confirmed, that would pay a cooperative for goods
        returned to her since it was opened (or whose credit note was reset to draft since):
        ``action_pay`` left out those blocked then."""
        blocked = self._coop_blocked_by_returns(lines)
        if blocked:
            raise UserError(
                self.env._(
                    "Nothing was paid: %(cooperatives)s. The purchase orders in brackets are "
                    "now billed beyond what was received (goods returned to the cooperative "
                    "whose credit note is not posted). Please open Pay Cooperatives again: it "
                    "leaves these cooperatives out until their credit notes are posted.",
                    cooperatives=self._coop_describe_blocked(blocked),
                )
            )

    def action_pay(self):
        """Pay every selected cooperative what her statement says is to pay now
        (``amount_to_pay``), in one go: one payment per cooperative (Odoo's register-payment
        wizard over several partners' open lines), after deducting what she was already paid
        or owes back (see ``_coop_lines_to_pay``).
        Opening the wizard changes nothing: the lines are matched when it is confirmed.
        A cooperative whose returned goods are still billed (see
        ``_coop_blocked_by_returns``) is left out, and the accountant told so; when
        all of them are, nothing is paid."""
        lines = self._coop_lines_to_pay()
        if not lines:
            raise UserError(self.env._("Nothing is due to these cooperatives."))
        blocked = self._coop_blocked_by_returns(lines)
        to_pay = lines.filtered(
            lambda line: (line.partner_id.commercial_partner_id, line.company_id) not in blocked
        )
        if not to_pay:
            raise UserError(
                self.env._(
                    "Nothing can be paid: %(cooperatives)s. The purchase orders in brackets "
                    "are billed beyond what was received (goods returned to the cooperative): "
                    "please post their credit notes (Create Bill on the purchase order drafts "
                    "them) before paying these cooperatives.",
                    cooperatives=self._coop_describe_blocked(blocked),
                )
            )
        wizard = {
            "type": "ir.actions.act_window",
            "name": self.env._("Pay Cooperatives"),
            "res_model": "account.payment.register",
            "view_mode": "form",
            # spelt out: the web client fills them in only for the action a button returns,
            # not for the one it runs after the notification below
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "active_model": "account.move.line",
                "active_ids": to_pay.ids,
                "default_group_payment": True,
                "coop_payout": True,
                # what each payment pays, for its memo and the cooperative's notice
                "coop_statement_ids": self.ids,
            },
        }
        if not blocked:
            return wizard
        # the web client shows the notification, then opens the wizard (``next``)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "warning",
                "sticky": True,
                "title": self.env._("Some cooperatives are left out of this payout"),
                "message": self.env._(
                    "Not paid now: %(cooperatives)s. The purchase orders in brackets are "
                    "billed beyond what was received (goods returned to the cooperative): "
                    "please post their credit notes (Create Bill on the purchase order drafts "
                    "them), then pay these cooperatives.",
                    cooperatives=self._coop_describe_blocked(blocked),
                ),
                "next": wizard,
            },
        }

    def _coop_payment_memo(self):
        """What a payout paying these statements (of one cooperative) says it pays, to the
        bank and to her: their titles, their days as banks write them ("TAO 01/11/2026 –
        30/11/2026"), the same in every language."""
        return ", ".join(
            statement._coop_title(lambda day: day.strftime("%d/%m/%Y"), " – ")
            for statement in self.sorted("date_from")
        )

    def _coop_payout_notice_text(self, payment_id):
        """The notice telling the cooperative she was paid the payment ``payment_id`` (an
        id: the e-mail template passes it from its context), in the environment's
        language."""
        self.ensure_one()
        payment = self.env["account.payment"].browse(payment_id)
        return self.env._(
            "%(company)s paid you %(amount)s on %(date)s for %(memo)s (payment %(payment)s).",
            company=self.company_id.name,
            amount=format_amount(self.env, payment.amount, payment.currency_id),
            date=format_date(self.env, payment.date),
            memo=payment.memo,
            payment=payment.name,
        )

    def _coop_notify_paid(self, payment):
        """Tell the cooperative of these statements (of one cooperative, all paid by
        ``payment``) she was paid: once, on her latest statement. A notice that cannot go
        is told to staff on the statement; it never undoes the payment."""
        statement = self.sorted(lambda one: (one.date_to, one.id))[-1]
        try:
            with self.env.cr.savepoint():
                sent = statement._coop_send_payout_notice(payment)
        except Exception as error:  # the payment stands, whatever went wrong
            _logger.warning("Payout notice of payment %s not sent", payment.name, exc_info=True)
            statement._coop_note(
                self.env._(
                    "The cooperative could not be told of the payment %(payment)s (%(error)s): "
                    "please tell her yourself.",
                    payment=payment.name,
                    error=error,
                )
            )
            return
        if not sent:
            statement._coop_note(
                self.env._(
                    "The cooperative has no mobile number (nor her managers) and no e-mail "
                    "address: she was not told of the payment %(payment)s. Please tell her "
                    "yourself.",
                    payment=payment.name,
                )
            )

    def _coop_note(self, text):
        """An internal note for central staff on this statement."""
        self.sudo().message_post(  # sudo: staff who pay may not write statements
            body=text, message_type="comment", subtype_xmlid="mail.mt_note"
        )

    def _coop_send_payout_notice(self, payment):
        """Queue the payout notice of ``payment`` on this statement: an SMS, in her
        language, to each of the cooperative's managers with a mobile (else to the
        cooperative's own, as for her orders), and an e-mail to the cooperative with this
        statement attached when she has an address. Returns whether anything was queued."""
        self.ensure_one()
        statement = self.sudo().with_context(  # sudo: the GIE notifies, whoever pays
            mail_create_nosubscribe=True  # staff are subscribed to no statement
        )
        groups = self.partner_id._coop_sms_numbers_by_lang(self.company_id)
        for lang, numbers in groups.items():
            statement._message_sms(
                statement.with_context(lang=lang)._coop_payout_notice_text(payment.id),
                partner_ids=list(numbers),
                sms_pid_to_number=numbers,
                put_in_queue=True,
            )
        if groups:
            self.env["purchase.order"]._coop_wake_sms_queue()
        if self.partner_id.email:
            statement.with_context(coop_payment_id=payment.id).message_post_with_source(
                "coop_account.mail_template_payout_notice",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
        return bool(groups or self.partner_id.email)

    def action_send_by_email(self):
        """Odoo's composer with the statement's template: the PDF in her language."""
        self.ensure_one()
        template = self.env.ref("coop_account.mail_template_payout_statement")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Send the Statement"),
            "res_model": "mail.compose.message",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "default_model": self._name,
                "default_res_ids": self.ids,
                "default_template_id": template.id,
                "default_composition_mode": "comment",
                "force_email": True,
            },
        }

    def action_open_bills(self):
        self.ensure_one()
        return self._coop_documents_action(
            self.env._("Bills of %s", self.name),
            "account.move",
            self.bill_ids,
            {"create": False, "default_move_type": "in_invoice"},
            "coop_account.view_move_list_coop_manager",
            "coop_account.view_move_form_coop_manager",
        )

    def action_open_payments(self):
        """Her payments of the period and those that paid her since (``paid_since_ids``)."""
        self.ensure_one()
        return self._coop_documents_action(
            self.env._("Payments of %s", self.name),
            "account.payment",
            self.payment_ids | self.paid_since_ids,
            {"create": False},
            "coop_account.view_payment_list_coop_manager",
            "coop_account.view_payment_form_coop_manager",
        )

    def _coop_documents_action(self, name, model, records, context, list_view, form_view):
        """The window listing ``records``: in Odoo's views for staff, in her own for a
        cooperative manager (``list_view``, ``form_view``), since Odoo's show journals and
        accounts she may not read."""
        action = {
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": model,
            "view_mode": "list,form",
            "domain": [("id", "in", records.ids)],
            "context": context,
        }
        if self.env["res.partner"]._coop_is_restricted_manager():
            action["views"] = [
                (self.env.ref(list_view).id, "list"),
                (self.env.ref(form_view).id, "form"),
            ]
        return action

    @api.model
    def _coop_create_for_period(self, date_from, date_to, partners=None, company=None):
        """Statements of ``partners`` (default: every cooperative with entries on her
        payable account up to ``date_to``) for the period; existing ones are kept.
        Returns every statement of the period for those cooperatives."""
        company = company or self.env.company
        if partners is None:
            coops = self.env["res.partner"].search([("is_cooperative", "=", True)])
            active = self.env["account.move.line"]._read_group(
                [
                    ("company_id", "=", company.id),
                    ("parent_state", "=", "posted"),
                    ("account_id.account_type", "=", "liability_payable"),
                    ("partner_id", "in", list(self._coop_partner_map(coops))),
                    ("date", "<=", date_to),
                ],
                ["partner_id"],
            )
            partners = self.env["res.partner"].concat(
                *(partner.commercial_partner_id for (partner,) in active)
            )
        existing = self.search(
            [
                ("company_id", "=", company.id),
                ("date_from", "=", date_from),
                ("date_to", "=", date_to),
                ("partner_id", "in", partners.ids),
            ]
        )
        missing = partners - existing.partner_id
        created = self.create(
            [
                {
                    "partner_id": partner.id,
                    "company_id": company.id,
                    "date_from": date_from,
                    "date_to": date_to,
                }
                for partner in missing
            ]
        )
        return existing | created
