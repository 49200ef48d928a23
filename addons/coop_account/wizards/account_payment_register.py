from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_amount


class AccountPaymentRegister(models.TransientModel):
    _inherit = "account.payment.register"

    coop_payout_summary = fields.Html(
        string="Cooperatives Paid",
        compute="_compute_coop_payout_summary",
        sanitize=False,
        help="Each cooperative this payout pays, what she is paid and the bank account it goes to.",
    )

    @api.depends("batches")
    def _compute_coop_payout_summary(self):
        """Payouts to cooperatives: a line per payment (cooperative, amount, her bank
        account, or that she has none) for the accountant to check before she confirms."""
        for wizard in self:
            wizard.coop_payout_summary = False
            if not self.env.context.get("coop_payout") or not wizard.batches:
                continue
            _ = self.env._
            rows = []
            for batch in wizard.batches:
                values = batch["payment_values"]
                lines = batch["lines"]
                coop = self.env["res.partner"].browse(values["partner_id"])
                bank = self.env["res.partner.bank"].browse(values.get("partner_bank_id"))
                amount = format_amount(
                    self.env, -sum(lines.mapped("amount_residual")), lines.company_currency_id
                )
                account = (
                    Markup("<td>%s</td>") % bank.display_name
                    if bank
                    else Markup('<td class="text-danger fw-bold">%s</td>')
                    % _("No bank account: add hers, or pay her another way")
                )
                rows.append(
                    Markup('<tr><td>%s</td><td class="text-end" dir="ltr">%s</td>%s</tr>')
                    % (coop.display_name, amount, account)
                )
            wizard.coop_payout_summary = Markup(
                '<table class="table table-sm o_coop_payout_lines"><thead><tr><th>%s</th>'
                '<th class="text-end">%s</th><th>%s</th></tr></thead><tbody>%s</tbody></table>'
            ) % (_("Cooperative"), _("Amount"), _("Bank Account"), Markup().join(rows))

    @api.model
    def _get_line_batch_key(self, line):
        """Payouts to cooperatives (``coop_payout`` in the context, see
        ``coop.payout.statement.action_pay``): all the open lines of one cooperative on one
        account make one payment, her advances and refunds included, so that they are
        deducted from her bills and matched with them only when the payment is confirmed.
        The payment goes to her preferred bank account (Odoo's default on her bills)."""
        key = super()._get_line_batch_key(line)
        if self.env.context.get("coop_payout"):
            coop = line.partner_id.commercial_partner_id
            banks = coop.bank_ids.filtered(
                lambda bank: not bank.company_id or bank.company_id == line.company_id
            ).sorted(lambda bank: not bank.allow_out_payment)
            key.update(partner_id=coop.id, partner_bank_id=banks[:1].id)
        return key

    @api.model
    def _coop_statements(self, lines):
        """The statements of a payout (``coop_statement_ids`` in the context) of the
        cooperative and company of ``lines``."""
        statements = self.env["coop.payout.statement"]
        if not self.env.context.get("coop_payout"):
            return statements
        coops = lines.partner_id.commercial_partner_id
        return statements.browse(self.env.context.get("coop_statement_ids", [])).filtered(
            lambda statement: (
                statement.partner_id in coops and statement.company_id in lines.company_id
            )
        )

    @api.model
    def _get_communication(self, lines):
        """A payout's memo names what it pays: her statements (see
        ``coop.payout.statement._coop_payment_memo``), not a batch number."""
        statements = self._coop_statements(lines)
        if statements:
            return statements._coop_payment_memo()
        return super()._get_communication(lines)

    @api.depends("batches", "amount")
    def _compute_can_group_payments(self):
        """A payout is one payment per cooperative: paid line by line, her advances would be
        registered as money she sent back."""
        res = super()._compute_can_group_payments()
        if self.env.context.get("coop_payout"):
            self.can_group_payments = False
        return res

    def _create_payments(self):
        """Payouts to cooperatives are checked again when confirmed, on the lines as they
        are now: another payout confirmed since this one was opened may have paid some of
        them (they would be paid twice, the second payment left unmatched), and goods may
        have been returned to her since, or her credit note reset to draft (see
        ``coop.payout.statement._coop_check_billed_as_received``). Either refuses the whole
        payout: what the accountant confirmed is paid in full or not at all. Each
        cooperative paid is then told so (``coop.payout.statement._coop_notify_paid``)."""
        if self.env.context.get("coop_payout"):
            self._coop_check_still_due()
            self.env["coop.payout.statement"]._coop_check_billed_as_received(self.line_ids)
        payments = super()._create_payments()
        for payment in payments:
            # each cooperative is told of her payment (see _coop_notify_paid)
            statements = self._coop_statements(payment.move_id.line_ids)
            if statements:
                statements._coop_notify_paid(payment)
        return payments

    def _coop_check_still_due(self):
        """Refuse, changing nothing, when some of the lines this payout pays were paid since
        it was opened: matched in full, or (one payment whose amount the wizard shows) with
        less left to pay than when it was opened."""
        self.ensure_one()
        lines = self.line_ids
        lines.invalidate_recordset(["amount_residual", "reconciled"])
        paid = lines.filtered("reconciled")
        if not paid and len(self.batches) == 1:
            due = abs(sum(lines.mapped("amount_residual")))
            if self.company_currency_id.compare_amounts(due, self.source_amount):
                paid = lines
        if paid:
            raise UserError(
                self.env._(
                    "Some of what this payout pays was paid since it was opened "
                    "(%(documents)s). Nothing was paid: please open Pay Cooperatives again "
                    "to pay what is still due.",
                    documents=", ".join(paid.move_id.sorted("name").mapped("name")),
                )
            )
