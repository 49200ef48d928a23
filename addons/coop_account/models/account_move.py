import math

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare, format_amount

from .purchase_order import POST_REFUND


class AccountMove(models.Model):
    _name = "account.move"
    _inherit = ["account.move", "coop.amount.words.mixin"]

    coop_is_cooperative = fields.Boolean(
        string="Cooperative Document",
        related="commercial_partner_id.is_cooperative",
        help="The partner is a cooperative of the GIE.",
    )
    coop_goods_given_back = fields.Boolean(
        string="Credit Note of Goods Given Back",
        copy=False,
        readonly=True,
        help="Drafted when the customer gave goods back after they were invoiced: the "
        "courier's cash on delivery collection posts it and deducts it from what he collects. "
        "The other draft credit notes are left to the accountant.",
    )

    def _coop_words_amount(self):
        self.ensure_one()
        return self.amount_total, self.currency_id

    def _post(self, soft=True):
        posted = super()._post(soft=soft)
        refunds = posted.filtered(lambda move: move.move_type in ("in_refund", "out_refund"))
        if refunds:
            refunds._coop_close_refund_todos()
            # at a courier's collection: sent once deducted (_coop_match_open_credit_notes)
            if not self.env.context.get("coop_cod_collection"):
                refunds._coop_send_customer_refunds()
        return posted

    def _coop_send_customer_refunds(self):
        """The credit notes of the customers' orders (goods given back) are e-mailed to them
        once posted, in their language, with their PDF (Odoo's sending of invoices, as their
        invoice is sent when the courier's cash is collected): they learn a refund is coming,
        it is on their portal too."""
        to_send = self.filtered(
            lambda move: (
                move.move_type == "out_refund"
                and not move.is_move_sent
                and move.invoice_line_ids.sale_line_ids
                and not move.coop_is_cooperative
            )
        )
        if to_send:
            self.env["account.move.send"]._generate_and_send_invoices(
                to_send, allow_raising=False, allow_fallback_pdf=True
            )

    def _notify_by_email_prepare_rendering_context(
        self,
        message,
        msg_vals=False,
        model_description=False,
        force_email_company=False,
        force_email_lang=False,
    ):
        # the e-mail of a customer credit note not refunded yet tells her the refund to come,
        # not Odoo's "<amount> due <date>" of an invoice
        context = super()._notify_by_email_prepare_rendering_context(
            message,
            msg_vals,
            model_description=model_description,
            force_email_company=force_email_company,
            force_email_lang=force_email_lang,
        )
        if self.move_type == "out_refund" and self.payment_state in ("not_paid", "partial"):
            lang = context.get("lang")
            amount = format_amount(self.env, self.amount_residual, self.currency_id, lang_code=lang)
            refund = self.with_context(lang=lang) if lang else self
            context["subtitles"] = [
                *context.get("subtitles", [])[:1],
                refund.env._("Refund to come: %(amount)s", amount=amount),
            ]
        return context

    def _coop_ask_to_post(self, credited, note):
        """A to-do on this draft credit note of returned goods for the accountant who
        created the last of the posted documents it credits (``credited``; else the
        administrator): ``note(env)``, written in her language."""
        self.ensure_one()
        accountant = credited.sorted("id")[-1:].create_uid._coop_people() or self.env.ref(
            "base.user_admin"
        )
        refund = self.with_context(lang=accountant.lang, mail_activity_quick_update=True)
        refund.activity_schedule(POST_REFUND, user_id=accountant.id, note=note(refund.env))

    def _coop_close_refund_todos(self):
        """The credit notes of goods returned to cooperatives or by customers are posted:
        the accountant's to-do on them is done, and so is Odoo's warning on the cooperatives'
        bills ("less than billed, ask for a refund") once no purchase order is billed beyond
        what was received."""
        self.activity_feedback([POST_REFUND])
        orders = self.invoice_line_ids.purchase_line_id.order_id.filtered("coop_is_cooperative")
        settled = orders - orders._coop_billed_beyond_received(
            [("purchase_line_id.order_id", "in", orders.ids)]
        )
        bills = settled.invoice_ids.filtered(lambda move: move.move_type == "in_invoice")
        bills.activity_feedback(
            ["mail.mail_activity_data_warning"],
            feedback=self.env._("Credit note posted: %s", ", ".join(self.mapped("name"))),
        )

    # ------------------------------------------------------------------
    # Cash on delivery
    # ------------------------------------------------------------------

    @api.model
    def _coop_cod_check_input(self, amount, date):
        """(amount as a number or None, date as a date or None) of a collection given over
        RPC, or a clear error for what is neither."""
        _ = self.env._
        if amount is False:
            amount = None  # what RPC clients send for "not given": all that is due
        if amount is not None:
            try:
                if isinstance(amount, bool):
                    raise TypeError(amount)
                amount = float(amount)
                if not math.isfinite(amount):
                    raise ValueError(amount)
            except (TypeError, ValueError):
                given = str(amount)
                raise UserError(
                    _("The collected amount must be a number, not %(amount)s.", amount=given)
                ) from None
        if date:
            try:
                date = fields.Date.to_date(date)
            except (TypeError, ValueError):
                given = str(date)
                raise UserError(
                    _("%(date)s is not a date (expected YYYY-MM-DD).", date=given)
                ) from None
        return amount, date or None

    def coop_register_cod_collection(self, amount=None, date=None, reference=None):
        """Record the cash a courier collected on delivery of this customer invoice (RPC
        entry point, see ``_coop_register_cod_collection``).

        :return: ids of the ``account.payment`` (a list, for XML-RPC callers).
        """
        return self._coop_register_cod_collection(amount, date, reference).ids

    def _coop_register_cod_collection(self, amount=None, date=None, reference=None):
        """Record the cash a courier collected on delivery of this customer invoice.

        The payment is posted in the company's cash-on-delivery journal, on the courier
        clearing account, and reconciled with the invoice; the courier's remittance to the
        bank later empties the clearing account.

        :param float amount: collected amount in the invoice currency (default: all that is
            due); less than due leaves the invoice partly paid, more is refused.
        :param date: collection date (default: today).
        :param str reference: the courier's (or the shop transaction's) reference of the
            collection. A collection already recorded with this reference is not recorded
            twice: the existing payment is returned.
        :return: the ``account.payment`` (posted and reconciled). The shop's cash on
            delivery payment of the invoice's order, if still pending, is done with it.
        """
        self.ensure_one()
        _ = self.env._
        amount, date = self._coop_cod_check_input(amount, date)
        if reference:
            existing = self.env["account.payment"].search(
                [
                    ("coop_cod_reference", "=", reference),
                    ("company_id", "=", self.company_id.id),
                    ("state", "!=", "canceled"),
                ],
                limit=1,
            )
            if existing:
                if self not in existing.reconciled_invoice_ids:
                    raise UserError(
                        _(
                            "The collection %(ref)s was already recorded for another invoice "
                            "(%(invoices)s).",
                            ref=reference,
                            invoices=", ".join(existing.reconciled_invoice_ids.mapped("name")),
                        )
                    )
                return existing
        if self.move_type != "out_invoice" or self.state != "posted":
            raise UserError(
                _(
                    "Cash on delivery is collected on posted customer invoices only (%s).",
                    self.display_name,
                )
            )
        if self.payment_state in ("paid", "in_payment", "reversed"):
            raise UserError(_("Invoice %s is already paid.", self.name))
        due = self.amount_residual
        amount = due if amount is None else amount
        if float_compare(amount, 0.0, precision_rounding=self.currency_id.rounding) <= 0:
            raise UserError(_("The collected amount must be positive."))
        if float_compare(amount, due, precision_rounding=self.currency_id.rounding) > 0:
            raise UserError(
                _(
                    "The courier collected %(amount)s but only %(due)s is due on %(invoice)s.",
                    amount=self.currency_id.format(amount),
                    due=self.currency_id.format(due),
                    invoice=self.name,
                )
            )
        journal = self.company_id._coop_setup_cod_journal()
        if not journal:
            raise UserError(
                _(
                    "Company %s has no chart of accounts: no cash-on-delivery journal.",
                    self.company_id.name,
                )
            )
        method_line = journal.inbound_payment_method_line_ids[:1]
        wizard = (
            self.env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=self.ids)
            .create(
                {
                    "journal_id": journal.id,
                    "payment_method_line_id": method_line.id,
                    "payment_date": date or fields.Date.context_today(self),
                    "amount": amount,
                    "currency_id": self.currency_id.id,
                    "payment_difference_handling": "open",
                    "communication": reference or self.payment_reference or self.name,
                }
            )
        )
        payment = wizard._create_payments()
        if reference:
            payment.coop_cod_reference = reference
        # the shop's cash on delivery payment of the order is collected: its button would
        # record the collection a second time
        invoice_sudo = self.sudo()  # sudo: the invoice's orders and shop payments, closed here
        invoice_sudo.line_ids.sale_line_ids.order_id.transaction_ids._coop_cod_set_collected(
            payment
        )
        return payment
