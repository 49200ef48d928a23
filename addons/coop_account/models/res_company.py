from odoo import fields, models

# Code of the courier clearing account in the Moroccan chart: a sub-account of 5161
# (cash), because the collected cash is the company's money held by the couriers.
COD_ACCOUNT_CODE = "516120"
COD_JOURNAL_CODE = "COD"


class ResCompany(models.Model):
    _inherit = "res.company"

    coop_cod_journal_id = fields.Many2one(
        "account.journal",
        string="Cash-on-Delivery Journal",
        check_company=True,
        domain=[("type", "in", ("cash", "bank"))],
        help="Journal of the cash collected by couriers on delivery, until they remit it.",
    )

    def _coop_translations(self, term):
        """``term(env)`` (a translated code term) in every active language, to name
        records created by code (journals, accounts) in each language."""
        return {
            code: term(self.with_context(lang=code).env)
            for code, _name in self.env["res.lang"].get_installed()
        }

    def _coop_setup_cod_journal(self):
        """Create (once) the cash-on-delivery journal of each company of ``self`` that has
        a chart of accounts, with its courier clearing account, and post in it the cash
        that the shop's cash-on-delivery provider collects. Returns the journals."""
        journals = self.env["account.journal"]
        for company in self:
            if company.coop_cod_journal_id:
                company._coop_link_cod_providers()
                journals |= company.coop_cod_journal_id
                continue
            if not company.chart_template:
                continue
            account = company._coop_create_cod_account()
            code = COD_JOURNAL_CODE
            Journal = self.env["account.journal"].with_company(company)
            suffix = 1
            while Journal.search_count(
                [("code", "=", code), ("company_id", "=", company.id)], limit=1
            ):
                suffix += 1
                code = f"{COD_JOURNAL_CODE}{suffix}"
            names = self._coop_translations(lambda env: env._("Cash on Delivery"))
            journal = Journal.create(
                {
                    "name": names.get("en_US", "Cash on Delivery"),
                    "code": code,
                    "type": "cash",
                    "company_id": company.id,
                    "default_account_id": account.id,
                    "sequence": 20,
                }
            )
            journal.update_field_translations("name", names)
            # The collection is posted straight on the clearing account: the invoice is
            # paid when the courier collects, the remittance empties the account later.
            journal.inbound_payment_method_line_ids.write({"payment_account_id": account.id})
            company.coop_cod_journal_id = journal
            company._coop_link_cod_providers()
            journals |= journal
        return journals

    def _coop_link_cod_providers(self):
        """The shop's cash-on-delivery providers of this company post what couriers collect
        in its cash-on-delivery journal (Odoo gives them its bank journal)."""
        self.ensure_one()
        providers = (
            self.env["payment.provider"]
            .sudo()  # sudo: payment settings, set up with the books
            .search([("custom_mode", "=", "cod"), ("company_id", "=", self.id)])
        )
        journal = self.coop_cod_journal_id
        Line = self.env["account.payment.method.line"].sudo()  # sudo: as the providers
        for provider in providers:
            # the provider's entry point in the journal (which also makes it the provider's
            # journal), on the couriers' clearing account; one already used stays as it is
            if not Line.search_count([("payment_provider_id", "=", provider.id)], limit=1):
                Line.create(
                    {
                        "name": provider.name,
                        "payment_method_id": self.env.ref(
                            "account.account_payment_method_manual_in"
                        ).id,
                        "journal_id": journal.id,
                        "payment_provider_id": provider.id,
                        "payment_account_id": journal.default_account_id.id,
                    }
                )

    def _coop_create_cod_account(self):
        self.ensure_one()
        Account = self.env["account.account"].with_company(self)
        code = COD_ACCOUNT_CODE
        while Account.search_count(
            [("code", "=", code), *Account._check_company_domain(self)], limit=1
        ):
            code = str(int(code) + 1)
        names = self._coop_translations(lambda env: env._("Cash on delivery held by couriers"))
        account = Account.create(
            {
                "code": code,
                "name": names.get("en_US", "Cash on delivery held by couriers"),
                "account_type": "asset_cash",
                "company_ids": [fields.Command.set(self.ids)],
            }
        )
        account.update_field_translations("name", names)
        return account
