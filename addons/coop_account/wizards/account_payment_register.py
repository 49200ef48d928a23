from odoo import api, models


class AccountPaymentRegister(models.TransientModel):
    _inherit = "account.payment.register"

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

    @api.depends("batches", "amount")
    def _compute_can_group_payments(self):
        """A payout is one payment per cooperative: paid line by line, her advances would be
        registered as money she sent back."""
        res = super()._compute_can_group_payments()
        if self.env.context.get("coop_payout"):
            self.can_group_payments = False
        return res
