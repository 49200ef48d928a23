from odoo import api, fields, models
from odoo.addons.payment import utils as payment_utils
from odoo.exceptions import UserError
from odoo.tools import format_amount

from .. import const


class PaymentProvider(models.Model):
    _inherit = "payment.provider"

    custom_mode = fields.Selection(selection_add=[("cod", "Cash on Delivery")])

    def action_recompute_pending_msg(self):
        """Odoo writes the transfer instructions in the language of whoever recomputes them,
        for every language (an HTML field translated by terms, which a new text resets): the
        shop shows them in each language it speaks, Odoo's own wording translated. Each
        account also gives its IBAN and its bank's BIC, for customers paying from abroad
        (see ``res.partner.bank._compute_display_name``)."""
        providers = self.with_context(coop_transfer_details=True)
        field = self._fields["pending_msg"]
        transfers = providers.filtered(lambda p: p.custom_mode == "wire_transfer")
        terms = {}  # {lang: [terms of each transfer provider's text in lang]}
        for lang, _name in self.env["res.lang"].get_installed():
            if lang != "en_US":
                super(
                    PaymentProvider, transfers.with_context(lang=lang)
                ).action_recompute_pending_msg()
                terms[lang] = [
                    field.get_trans_terms(p.with_context(lang=lang).pending_msg) for p in transfers
                ]
        res = super(
            PaymentProvider, providers.with_context(lang="en_US")
        ).action_recompute_pending_msg()
        for index, provider in enumerate(transfers):
            english = field.get_trans_terms(provider.with_context(lang="en_US").pending_msg)
            provider.update_field_translations(
                "pending_msg",
                {
                    lang: {
                        **dict(zip(english, texts[index], strict=True)),
                        **provider.with_context(lang=lang)._coop_pending_msg_wording(english),
                    }
                    for lang, texts in terms.items()
                    if len(texts[index]) == len(english)  # the same text, translated
                },
            )
        return res

    def _coop_pending_msg_wording(self, terms):
        """The shop's wording of Odoo's words among ``terms`` (the English terms of the
        transfer instructions), in the reader's language: {Odoo's English: the shop's}.
        Odoo's French heading speaks of a "transfert bancaire"; French banks and customers
        say "virement bancaire". Odoo writes it in Python (``payment_custom``), whose
        translations another module cannot replace: it is translated here."""
        if const.TRANSFER_HEADING not in terms:
            return {}
        return {const.TRANSFER_HEADING: self.env._("Please use the following transfer details")}

    @api.model
    def _get_compatible_providers(
        self, company_id, *args, sale_order_id=None, report=None, **kwargs
    ):
        """Offer cash on delivery only for orders delivered in Morocco (amount limit and
        currency are Odoo's own `maximum_amount` and `available_currency_ids`)."""
        providers = super()._get_compatible_providers(
            company_id, *args, sale_order_id=sale_order_id, report=report, **kwargs
        )
        cod_providers = providers.filtered(lambda p: p.custom_mode == "cod")
        if cod_providers:
            order = self.env["sale.order"].browse(sale_order_id).exists()
            refused = cod_providers.filtered(lambda p: p._coop_cod_refusal_reason(order))
            for provider in refused:
                payment_utils.add_to_report(
                    report,
                    provider,
                    available=False,
                    reason=provider._coop_cod_refusal_reason(order),
                )
            providers -= refused
        return providers

    def _coop_cod_refusal_reason(self, order):
        """Why this cash on delivery provider cannot collect the order, or '' if it can."""
        self.ensure_one()
        if not order:
            return self.env._("cash on delivery needs an order to deliver")
        order = order.sudo()  # sudo: the checks read the addresses of the order being paid.
        if not order._has_deliverable_products():
            return self.env._("the order has nothing to deliver")
        country = order.partner_shipping_id.country_id
        if country.code not in const.COD_COUNTRY_CODES:
            return self.env._("cash on delivery is only offered for delivery addresses in Morocco")
        if self.available_currency_ids and order.currency_id not in self.available_currency_ids:
            return self.env._("cash on delivery is not offered in %s", order.currency_id.name)
        if self.maximum_amount:
            company = self.company_id or order.company_id
            amount = order.currency_id._convert(
                order.amount_total, company.currency_id, company, fields.Date.context_today(self)
            )
            if company.currency_id.compare_amounts(amount, self.maximum_amount) > 0:
                return self.env._(
                    "the amount is above the cash on delivery limit of %(limit)s",
                    limit=format_amount(self.env, self.maximum_amount, company.currency_id),
                )
        return ""

    def _coop_cod_payment_method_line(self):
        """Journal entry point of the cash collected by the courier, created on first use.

        Odoo makes no payment method line for custom providers (a wire transfer is matched
        from the bank statement), but collected cash is posted as a payment of the provider:
        a "manual" inbound line of its journal, linked to the provider.
        """
        self.ensure_one()
        journal = self.journal_id
        if not journal:
            raise UserError(
                self.env._(
                    "Set the payment journal of %s before recording a collection.", self.name
                )
            )
        line = journal.inbound_payment_method_line_ids.filtered(
            lambda method_line: method_line.payment_provider_id == self
        )
        if not line:
            line = self.env["account.payment.method.line"].create(
                {
                    "name": self.name,
                    "payment_method_id": self.env.ref(
                        "account.account_payment_method_manual_in"
                    ).id,
                    "journal_id": journal.id,
                    "payment_provider_id": self.id,
                }
            )
        return line[:1]

    def _get_default_payment_method_codes(self):
        default_codes = super()._get_default_payment_method_codes()
        if self.custom_mode != "cod":
            return default_codes
        return const.COD_PAYMENT_METHOD_CODES
