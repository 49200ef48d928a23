from odoo import api, fields, models

from ..core.iban import account_iban, is_iban


class ResPartnerBank(models.Model):
    _inherit = "res.partner.bank"

    coop_iban = fields.Char(
        string="IBAN",
        compute="_compute_coop_iban",
        help="International number of the account, as customers paying from abroad are "
        "told: the account number when it is an IBAN, else the IBAN of a Moroccan RIB (24 "
        "digits with a valid key).",
    )

    @api.depends("acc_number", "bank_id.country", "partner_id.country_id")
    def _compute_coop_iban(self):
        for account in self:
            country = account.bank_id.country or account.partner_id.country_id
            account.coop_iban = account_iban(account.acc_number, country.code)

    @api.depends("bank_id.bic")
    @api.depends_context("lang", "coop_transfer_details")  # its labels are translated
    def _compute_display_name(self):
        """With ``coop_transfer_details`` (the bank transfer instructions of the shop), each
        account also gives its IBAN and its bank's BIC, one per line."""
        res = super()._compute_display_name()
        if self.env.context.get("coop_transfer_details"):
            for account in self:
                account.display_name = "\n".join(
                    [account.display_name, *account._coop_transfer_lines()]
                )
        return res

    def _coop_transfer_lines(self):
        """What a customer paying from abroad needs besides the account number, in the
        reader's language: its IBAN (unless the number is one) and its bank's BIC."""
        self.ensure_one()
        lines = []
        if self.coop_iban and not is_iban(self.acc_number):
            lines.append(self.env._("IBAN: %(iban)s", iban=self.coop_iban))
        if self.bank_bic:
            lines.append(self.env._("BIC (SWIFT): %(bic)s", bic=self.bank_bic))
        return lines
