from odoo import models
from odoo.exceptions import UserError
from odoo.tools import escape_psql, float_compare

from .purchase_order import POST_REFUND


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def coop_register_cod_collection(self, amount=None, date=None, reference=None):
        """Record the cash a courier collected on delivery of this order (shop and RPC
        entry point, see ``_coop_register_cod_collection``).

        :return: ids of the ``account.payment`` (a list, for XML-RPC callers).
        """
        return self._coop_register_cod_collection(amount, date, reference).ids

    def _coop_register_cod_collection(self, amount=None, date=None, reference=None):
        """Record the cash a courier collected on delivery of this order.

        Invoices what was delivered and is not invoiced yet (customer invoices follow the
        delivered quantities) and credits what was returned, deducts the open credit notes
        of the order from its open invoices, then records the collection on the open invoices of the
        order, oldest first (see ``account.move._coop_register_cod_collection``), which
        closes the shop's cash on delivery payment of the order. An order already paid (the
        shop's *Record Cash Collection*, another call) is refused: already collected.

        :param float amount: collected amount in the order currency (default: all due).
        :param date: collection date (default: today).
        :param str reference: courier or shop transaction reference; when it is already
            recorded for this order, the existing payment(s) are returned and nothing is
            recorded; recorded for another order, it is refused.
        :return: ``account.payment`` recordset.
        """
        self.ensure_one()
        _ = self.env._
        amount, date = self.env["account.move"]._coop_cod_check_input(amount, date)
        rounding = self.currency_id.rounding
        if reference:
            # the payments of a collection spread over several invoices are REF, REF/2, ...
            existing = self.env["account.payment"].search(
                [
                    ("company_id", "=", self.company_id.id),
                    ("state", "!=", "canceled"),
                    "|",
                    ("coop_cod_reference", "=", reference),
                    ("coop_cod_reference", "=like", escape_psql(reference) + "/%"),
                ]
            )
            if existing:
                invoices = existing.reconciled_invoice_ids
                if not invoices or invoices - self.invoice_ids:
                    raise UserError(
                        _(
                            "The collection %(ref)s was already recorded for another invoice "
                            "(%(invoices)s).",
                            ref=reference,
                            invoices=", ".join(invoices.mapped("name")),
                        )
                    )
                return existing
        if self.state != "sale":
            raise UserError(_("Order %s is not confirmed.", self.name))
        self._coop_cod_invoice_delivered()
        self._coop_match_open_credit_notes()
        invoices = (
            self._coop_posted_invoices()
            .filtered(lambda m: m.payment_state in ("not_paid", "partial"))
            .sorted(lambda m: (m.invoice_date or m.date, m.id))
        )
        if not invoices:
            if self.invoice_ids.matched_payment_ids.filtered(lambda p: p.state != "canceled"):
                # paid: collected already (the shop's button, another call)
                raise UserError(_("The cash of %s is already collected.", self.name))
            raise UserError(_("Order %s has nothing delivered left to collect.", self.name))
        due = sum(invoices.mapped("amount_residual"))
        amount = due if amount is None else amount
        if float_compare(amount, 0.0, precision_rounding=rounding) <= 0:
            raise UserError(_("The collected amount must be positive."))
        if float_compare(amount, due, precision_rounding=rounding) > 0:
            raise UserError(
                _(
                    "The courier collected %(amount)s but only %(due)s is due on order %(order)s.",
                    amount=self.currency_id.format(amount),
                    due=self.currency_id.format(due),
                    order=self.name,
                )
            )
        payments = self.env["account.payment"]
        left = amount
        for index, invoice in enumerate(invoices, start=1):
            if float_compare(left, 0.0, precision_rounding=rounding) <= 0:
                break
            part = min(left, invoice.amount_residual)
            ref = reference and (reference if index == 1 else f"{reference}/{index}")
            payments |= invoice._coop_register_cod_collection(part, date=date, reference=ref)
            left -= part
        return payments

    def _coop_cod_invoice_delivered(self):
        """The draft credit notes of the goods given back after they were invoiced (see
        ``_coop_refund_returns``) are posted as the courier collects, and deducted: he does
        not collect what she gave back. The accountant's to-do on them is done, saying so.
        Her own draft credit notes stay hers."""
        refunds = self.invoice_ids.filtered(
            lambda m: m.move_type == "out_refund" and m.state == "draft" and m.coop_goods_given_back
        )
        refunds.activity_feedback(
            [POST_REFUND],
            feedback=self.env._(
                "Posted when the courier's cash was collected: deducted from what he collected."
            ),
        )
        refunds.with_context(coop_cod_collection=True).action_post()
        return refunds | super()._coop_cod_invoice_delivered()

    def _coop_match_open_credit_notes(self):
        """The credit notes posted at the courier's collection are e-mailed to the customer
        once deducted from her invoice: not as a refund still to come."""
        res = super()._coop_match_open_credit_notes()
        self.invoice_ids.filtered(
            lambda m: m.move_type == "out_refund" and m.state == "posted"
        )._coop_send_customer_refunds()
        return res

    def _coop_cod_collected(self):
        """A courier's collection recorded on the invoices of the order, even of a part,
        collects it too: the shop's button would collect the whole order again."""
        return super()._coop_cod_collected() or any(
            payment.coop_cod_reference and payment.state != "canceled"
            for payment in self.invoice_ids.matched_payment_ids
        )

    # ------------------------------------------------------------------
    # Goods given back by the customer
    # ------------------------------------------------------------------

    def _coop_refund_returns(self):
        """Draft the credit note of the goods customers gave back after they were invoiced
        (a posted customer invoice: the cash collected on delivery, or invoiced another
        way), and ask the accountant who invoiced the order to post it and refund her.

        Sale's final invoice credits what is invoiced beyond what is delivered now (the
        cooperatives' goods are invoiced on delivered quantities). A credit note already
        drafted for them (at a former return, or by the accountant) counts as invoiced:
        nothing is credited twice. Goods given back before they were invoiced are not
        invoiced, nothing to credit; a cash on delivery collection posts the credit note
        drafted here (and only those, not the accountant's own drafts) and deducts it (see
        ``_coop_cod_invoice_delivered``).
        """
        orders = self.filtered(
            lambda order: (
                any(
                    float_compare(
                        line.qty_to_invoice, 0.0, precision_rounding=line.product_uom.rounding
                    )
                    < 0
                    for line in order.order_line
                )
                and order._coop_posted_invoices()
            )
        )
        if not orders:
            return
        # the storekeeper taking the goods back drafts it for the accountant, who posts it
        orders = orders.sudo()  # sudo: a draft credit note only, posted by the accountant
        refunds = orders._create_invoices(grouped=True, final=True)
        refunds.coop_goods_given_back = True  # posted by a cash on delivery collection
        for refund in refunds:
            invoices = refund.invoice_line_ids.sale_line_ids.invoice_lines.move_id.filtered(
                lambda m: m.state == "posted" and m.move_type == "out_invoice"
            )
            refund._coop_ask_to_post(
                invoices,
                lambda env, refund=refund: env._(
                    "%(customer)s gave back goods of %(orders)s after they were invoiced: "
                    "check and post this credit note, then refund her what she already paid "
                    "for them.",
                    customer=refund.commercial_partner_id.name,
                    orders=refund.invoice_origin,
                ),
            )
