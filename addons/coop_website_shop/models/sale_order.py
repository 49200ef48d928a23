from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_is_zero, format_amount


def _positive(value):
    try:
        return float(value or 0) > 0
    except (TypeError, ValueError):
        return False


class SaleOrder(models.Model):
    _inherit = "sale.order"

    coop_cod_transaction_id = fields.Many2one(
        comodel_name="payment.transaction",
        string="Cash on Delivery Payment",
        compute="_compute_coop_cod_transaction_id",
        compute_sudo=True,
        help="Cash on delivery payment waiting for the courier's collection.",
    )

    @api.depends("transaction_ids.state", "invoice_ids.payment_state")
    def _compute_coop_cod_transaction_id(self):
        for order in self:
            pending = order.transaction_ids.filtered(
                lambda tx: tx._coop_is_cod() and tx.state == "pending"
            )[:1]
            # collected another way (see _coop_cod_collected): not waiting any more
            order.coop_cod_transaction_id = (
                pending if pending and not order._coop_cod_collected() else False
            )

    @api.depends(
        "transaction_ids.state",
        "transaction_ids.amount",
        "transaction_ids.payment_id",
        "invoice_ids.amount_residual",
    )
    def _compute_amount_paid(self):
        """Once the courier collected its cash, the order is paid but for what its invoices
        still ask: his payment is what he collected, not the order total, and what he did
        not collect was never delivered, or was given back and credited (Odoo would tell
        the customer that the rest of the order total remains to be paid)."""
        res = super()._compute_amount_paid()
        for order in self:
            collected = order._coop_cod_done()
            if collected:
                invoices = order._coop_posted_invoices()
                # a collection whose payment is not posted yet is about to pay them
                owed = sum(invoices.mapped("amount_residual")) - sum(
                    collected.filtered(lambda tx: not tx.payment_id).mapped("amount")
                )
                order.amount_paid = order.amount_total - owed
        return res

    def _coop_cod_done(self):
        """The cash on delivery payments of this order the courier collected (done)."""
        return self.transaction_ids.filtered(lambda tx: tx._coop_is_cod() and tx.state == "done")

    def _coop_posted_invoices(self):
        """The posted customer invoices of this order (not its credit notes)."""
        return self.invoice_ids.filtered(
            lambda m: m.move_type == "out_invoice" and m.state == "posted"
        )

    def _coop_cod_collected(self):
        """Whether the cash of this order is already collected, however it was recorded:
        its cash on delivery payment is done, or its customer invoices are paid (and
        nothing is left to invoice)."""
        self.ensure_one()
        if self._coop_cod_done():
            return True
        states = set(self._coop_posted_invoices().mapped("payment_state"))
        return (
            self.invoice_status != "to invoice"
            and bool(states & {"paid", "in_payment"})
            and not states & {"not_paid", "partial"}
        )

    def _send_order_notification_mail(self, mail_template):
        """Odoo's payment e-mail sent once the courier's cash is collected tells her what she
        paid, but would attach the order's PDF: what she ordered, for the order total, while
        part of it may never have been delivered, or was given back and credited. Her
        invoice, sent to her right after, is the document of what she paid: the e-mail goes
        without the order's PDF. Other payment e-mails keep it."""
        payment_mail = self.env.ref("sale.mail_template_sale_payment_executed", False)
        if mail_template and mail_template == payment_mail and self._coop_cod_collected():
            self = self.with_context(coop_mail_without_reports=True)
        return super()._send_order_notification_mail(mail_template)

    def _notify_by_email_prepare_rendering_context(
        self,
        message,
        msg_vals=False,
        model_description=False,
        force_email_company=False,
        force_email_lang=False,
    ):
        # the same e-mail heads with what the courier collected, not the order total
        context = super()._notify_by_email_prepare_rendering_context(
            message,
            msg_vals,
            model_description=model_description,
            force_email_company=force_email_company,
            force_email_lang=force_email_lang,
        )
        if self.env.context.get("coop_mail_without_reports"):
            collected = sum(self._coop_cod_done().mapped("amount"))
            if collected:
                amount = format_amount(
                    self.env, collected, self.currency_id, lang_code=context.get("lang")
                )
                context["subtitles"] = [*context.get("subtitles", [])[:1], amount]
        return context

    def message_post_with_source(self, source_ref, *args, **kwargs):
        if self.env.context.get("coop_mail_without_reports"):
            kwargs.setdefault("attachment_ids", [])
        return super().message_post_with_source(source_ref, *args, **kwargs)

    def _coop_cod_invoice_delivered(self):
        """Invoice what was delivered and is not invoiced yet (the invoice policy of the
        products: on delivered quantities for the cooperatives' goods), as the courier
        collects it; ``final``: what the customer returned is credited (sale's own credit
        note), so the courier does not collect it. The credit notes of the order still in
        draft are the accountant's, posted when she decides: they are left as they are,
        and what they credit is not invoiced again (see
        ``sale.order.line._coop_cod_qty_to_invoice``).

        :return: the invoices and credit notes it posted.
        """
        orders = self.with_context(coop_cod_collection=True)
        to_invoice = orders.filtered(
            lambda order: any(not line.display_type for line in order._get_invoiceable_lines(True))
        )
        moves = to_invoice._create_invoices(final=True) if to_invoice else self.env["account.move"]
        moves.action_post()
        return moves

    def _get_invoiceable_lines(self, final=False):
        lines = super()._get_invoiceable_lines(final)
        if not self.env.context.get("coop_cod_collection"):
            return lines
        # the courier's collection: not again what the draft credit notes credit
        return lines.filtered(
            lambda line: (
                line.display_type
                or not float_is_zero(
                    line._coop_cod_qty_to_invoice(), precision_rounding=line.product_uom.rounding
                )
            )
        )

    def _coop_match_open_credit_notes(self):
        """Reconcile the open credit notes of the order with its open invoices (Odoo's
        reconciliation), so that what is due is what the customer still owes."""
        moves = self.invoice_ids.filtered(
            lambda m: m.state == "posted" and m.payment_state in ("not_paid", "partial")
        )
        if not ({"out_invoice", "out_refund"} <= set(moves.mapped("move_type"))):
            return
        lines = moves.line_ids.filtered(
            lambda line: line.account_type == "asset_receivable" and not line.reconciled
        )
        for account_lines in lines.grouped("account_id").values():
            account_lines.reconcile()

    def _cart_update(self, product_id, line_id=None, add_qty=0, set_qty=0, **kwargs):
        """Refuse to add a product that is not sold (no cooperative making it can be given
        its orders)."""
        if _positive(add_qty) or _positive(set_qty):
            product = self.env["product.product"].browse(product_id).exists()
            if product and not product.product_tmpl_id.coop_sellable:
                raise UserError(
                    self.env._(
                        "%s is not sold at the moment: none of the cooperatives making it "
                        "can prepare it.",
                        product.display_name,
                    )
                )
        return super()._cart_update(
            product_id, line_id=line_id, add_qty=add_qty, set_qty=set_qty, **kwargs
        )

    def _coop_unsellable_lines(self):
        return self.order_line.filtered(
            lambda line: line.product_id and not line.product_template_id.coop_sellable
        )

    def _is_cart_ready(self):
        return super()._is_cart_ready() and not self._coop_unsellable_lines()

    def action_coop_cod_collect(self):
        """Button of the order: the courier brought back the cash of this order."""
        self.check_access("write")
        orders_sudo = self.sudo()  # sudo: the order's payments, access checked above
        collected = orders_sudo.filtered(lambda order: order._coop_cod_collected())
        if collected:
            raise UserError(
                self.env._(
                    "The cash of %s is already collected.", ", ".join(collected.mapped("name"))
                )
            )
        transactions = self.coop_cod_transaction_id
        if not transactions:
            raise UserError(
                self.env._(
                    "No cash on delivery payment is waiting for collection on %s.",
                    ", ".join(self.mapped("name")),
                )
            )
        transactions.sudo().action_coop_cod_collect()  # sudo: order access checked above
        return True
