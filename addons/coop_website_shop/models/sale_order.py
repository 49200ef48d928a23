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

    coop_awaiting_transfer = fields.Boolean(
        string="Awaiting the Customer's Transfer",
        compute="_compute_coop_awaiting_transfer",
        search="_search_coop_awaiting_transfer",
        compute_sudo=True,
        help="The customer placed the order and chose to pay by bank transfer: it stays a "
        "quotation until her transfer arrives (the cooperatives make nothing before), but "
        "her pages show it as her order, awaiting her transfer, not as a quotation to accept.",
    )

    @api.depends("state", "transaction_ids.state")
    def _compute_coop_awaiting_transfer(self):
        for order in self:
            order.coop_awaiting_transfer = order.state in ("draft", "sent") and bool(
                order._coop_pending_transfer()
            )

    def _search_coop_awaiting_transfer(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Operation not supported"))
        orders = self.sudo()  # sudo: reads their payments; the caller's rules filter the orders
        awaiting = orders._search(
            [
                ("state", "in", ("draft", "sent")),
                (
                    "transaction_ids",
                    "any",
                    [("state", "=", "pending"), ("provider_id.custom_mode", "=", "wire_transfer")],
                ),
            ]
        )
        return [("id", "in" if (operator == "=") == value else "not in", awaiting)]

    def _coop_pending_transfer(self):
        """The latest bank transfer of this order announced at checkout and not arrived yet."""
        self.ensure_one()
        payments = self.transaction_ids.sudo()  # sudo: her order's payments, as the portal reads
        return payments.filtered(
            lambda tx: tx.state == "pending" and tx._coop_is_transfer()
        ).sorted()[:1]

    @api.depends("coop_awaiting_transfer")
    def _compute_type_name(self):
        """Her order waiting for her transfer is her order, not a quotation: so her order page
        and its breadcrumb call it (she placed it at checkout and paid)."""
        res = super()._compute_type_name()
        for order in self.filtered("coop_awaiting_transfer"):
            order.type_name = self.env._("Order")
        return res

    def _has_to_be_paid(self):
        """Not while a payment of hers is pending (her transfer has not arrived yet, or a
        cash on delivery staff still have to confirm): Odoo would offer "Accept & Pay" again
        under the transfer instructions, and she could pay twice."""
        return super()._has_to_be_paid() and self.get_portal_last_transaction().state != "pending"

    def _notify_get_recipients_groups(self, message, model_description, msg_vals=False):
        # the e-mails of her order waiting for her transfer: "View Order", not "View Quotation"
        groups = super()._notify_get_recipients_groups(
            message, model_description, msg_vals=msg_vals
        )
        if len(self) == 1 and self.coop_awaiting_transfer:
            for group_name, _group_method, group_data in groups:
                if group_name == "portal_customer" and "button_access" in group_data:
                    group_data["button_access"]["title"] = self.env._("View Order")
        return groups

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
        if self.coop_awaiting_transfer:
            # Odoo's e-mail of her order waiting for her transfer ("... Pending Order") says
            # a payment is pending, not where to pay: the instructions follow it
            self = self.with_context(coop_transfer_instructions=True)
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
        if self.env.context.get("coop_transfer_instructions"):
            # read by the layout (views/mail_templates.xml), in the reader's language
            context["coop_transfer"] = self._coop_transfer_mail_values(context.get("lang"))
        return context

    def _coop_transfer_mail_values(self, lang):
        """What the customer needs to pay the transfer this order waits for, in ``lang``
        (empty if it waits for none): the instructions of the shop's pages (the account,
        its beneficiary, IBAN and BIC), the amount and the reference to quote."""
        tx = self._coop_pending_transfer()
        if not tx:
            return {}
        return {
            "instructions": tx.provider_id.with_context(lang=lang).pending_msg,
            "amount": format_amount(self.env, tx.amount, tx.currency_id, lang_code=lang),
            "reference": tx._get_communication(),
        }

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
