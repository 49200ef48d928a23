from markupsafe import Markup

from odoo import api, fields, models

from ..core.iban import account_iban, is_iban


def _ltr(text):
    """``text`` (an account number, an IBAN, a BIC) isolated left to right, as HTML: in an
    Arabic sentence its groups of digits keep their order ("007 270 ...", not "... 270 007")
    and the parentheses of "(IBAN):" stay around their word. ``<bdi>`` rather than Unicode
    isolates (U+2066, U+2069): the wkhtmltopdf of the PDF invoices ignores those and turns
    the Latin letters around them backwards, and nothing invisible is copied with the
    number into a bank's form."""
    return Markup('<bdi dir="ltr">%s</bdi>') % text


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
        """With ``coop_transfer_details`` (the bank transfer instructions of the shop, HTML
        into which Odoo writes the name as it is), each account also gives its IBAN and its
        bank's BIC, one per line, each number isolated left to right (see ``_ltr``)."""
        res = super()._compute_display_name()
        if self.env.context.get("coop_transfer_details"):
            for account in self:
                account.display_name = Markup("\n").join(
                    [_ltr(account.display_name), *account._coop_transfer_lines()]
                )
        return res

    def _coop_transfer_lines(self):
        """What a customer paying from abroad needs besides the account number, in the
        reader's language, as HTML: the beneficiary (the holder of the account, which banks
        ask for an international transfer; the company's name unless the account says
        another), its IBAN (unless the number is one) and its bank's BIC, isolated left to
        right (see ``_ltr``)."""
        self.ensure_one()
        lines = [self.env._("Beneficiary: %(name)s", name=self._coop_beneficiary())]
        if self.coop_iban and not is_iban(self.acc_number):
            lines.append(self.env._("IBAN: %(iban)s", iban=_ltr(self.coop_iban)))
        if self.bank_bic:
            lines.append(self.env._("BIC (SWIFT): %(bic)s", bic=_ltr(self.bank_bic)))
        return lines

    def _coop_beneficiary(self):
        """Who the account is in the name of: its holder's name, else its owner's (the
        company, for the company's accounts)."""
        self.ensure_one()
        return self.acc_holder_name or self.partner_id.name
