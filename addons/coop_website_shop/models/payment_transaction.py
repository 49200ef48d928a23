from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_amount


class PaymentTransaction(models.Model):
    _inherit = "payment.transaction"

    coop_is_cod = fields.Boolean(
        string="Cash on Delivery",
        compute="_compute_coop_is_cod",
        help="Paid in cash to the courier on delivery.",
    )
    coop_cod_checkout_confirmed = fields.Boolean(
        string="Confirmed by the Customer",
        copy=False,
        readonly=True,
        help="The customer confirmed this cash on delivery payment from the checkout that "
        "started it: only then is the order confirmed at once; otherwise staff confirm it.",
    )

    @api.depends("provider_id.custom_mode")
    def _compute_coop_is_cod(self):
        for tx in self:
            tx.coop_is_cod = tx._coop_is_cod()

    def _coop_is_cod(self):
        self.ensure_one()
        return self.provider_code == "custom" and self.provider_id.custom_mode == "cod"

    def _coop_is_transfer(self):
        """Paid by bank transfer (Odoo's wire transfer, ``payment_custom``)."""
        self.ensure_one()
        return self.provider_code == "custom" and self.provider_id.custom_mode == "wire_transfer"

    @api.model_create_multi
    def create(self, vals_list):
        """Refuse a cash on delivery payment the checkout would not have offered."""
        transactions = super().create(vals_list)
        for tx in transactions.filtered(lambda t: t._coop_is_cod() and t.operation != "validation"):
            orders = tx.sale_order_ids or self.env["sale.order"]
            reasons = [tx.provider_id._coop_cod_refusal_reason(order) for order in orders]
            reasons = [reason for reason in reasons if reason] or (
                [] if orders else [tx.provider_id._coop_cod_refusal_reason(orders)]
            )
            if reasons:
                raise ValidationError(
                    self.env._("Cash on delivery is not available: %s.", "; ".join(reasons))
                )
        return transactions

    def _coop_cod_confirmation_problem(self, order):
        """Why this cash on delivery payment cannot confirm the order, or '' if it can.

        The cart stays editable until the payment is pending: the checks made when the
        payment started are made again, and the order must still total the amount announced.
        """
        self.ensure_one()
        reason = self.provider_id._coop_cod_refusal_reason(order)
        if reason:
            return reason
        if self.currency_id != order.currency_id or order.currency_id.compare_amounts(
            self.amount, order.amount_total
        ):
            return self.env._(
                "the order changed after the payment started: %(announced)s announced, the "
                "order now totals %(total)s",
                announced=format_amount(self.env, self.amount, self.currency_id),
                total=format_amount(self.env, order.amount_total, order.currency_id),
            )
        return ""

    def _post_process(self):
        """A cash on delivery order is confirmed at once: the payment stays pending until
        the courier's collection is recorded (see `action_coop_cod_collect`).

        Only if the order still passes the cash on delivery checks for the amount announced
        (otherwise the payment fails and the cart can be paid again), and only if the customer
        confirmed it from the checkout that started the payment (anyone can post a payment
        reference to `/payment/custom/process`): otherwise staff confirm the order.
        """
        cod_pending = self.filtered(
            lambda tx: tx._coop_is_cod() and tx.state == "pending" and tx.operation != "validation"
        )
        to_confirm = self.env["sale.order"]
        for tx in cod_pending:
            quotations = tx.sale_order_ids.filtered(lambda so: so.state in ("draft", "sent"))
            problems = {
                order: self.env._(
                    "%(order)s was not confirmed: %(reason)s. Review the cart and pay again.",
                    order=order.name,
                    reason=reason,
                )
                for order in quotations
                if (reason := tx._coop_cod_confirmation_problem(order))
            }
            if problems:
                tx._set_error("\n".join(problems.values()))
                for order, problem in problems.items():
                    order._message_log(body=problem)  # for staff: no payment message is logged
            elif not tx.coop_cod_checkout_confirmed:
                for order in quotations:
                    order._message_log(
                        body=self.env._(
                            "The cash on delivery payment %s was not confirmed from the "
                            "customer's own checkout: check the order with the customer, then "
                            "confirm it.",
                            tx.reference,
                        )
                    )
            else:
                to_confirm |= quotations
        to_confirm.with_context(send_email=True).action_confirm()
        return super()._post_process()

    def _invoice_sale_orders(self):
        """On collection, invoice what was delivered, not the order (part of it may never
        have been delivered), deduct the open credit notes of the order (goods returned),
        and pay the invoices of the order still open."""
        cod_txs = self.filtered(lambda tx: tx._coop_is_cod())
        for tx in cod_txs:
            orders = tx.with_company(tx.company_id).sale_order_ids.filtered(
                lambda so: so.state == "sale"
            )
            orders._coop_cod_invoice_delivered()
            orders._coop_match_open_credit_notes()  # the courier collects what is owed
            invoices = orders.invoice_ids.filtered(
                lambda m: (
                    m.move_type == "out_invoice"
                    and m.state != "cancel"
                    and m.payment_state not in ("paid", "in_payment", "reversed")
                )
            )
            tx.invoice_ids = [Command.set(invoices.ids)]
        return super(PaymentTransaction, self - cod_txs)._invoice_sale_orders()

    def _coop_cod_due(self):
        """What the courier collects: what is left to pay of the invoices of the payment
        (the delivered goods), not the order total the payment was announced for."""
        self.ensure_one()
        return sum(self.invoice_ids.mapped("amount_residual"))

    def _coop_cod_check_collectable(self):
        for tx in self:
            if not tx._coop_is_cod():
                raise UserError(self.env._("%s is not a cash on delivery payment.", tx.reference))
            if tx.state == "done" or any(
                order._coop_cod_collected() for order in tx.sale_order_ids
            ):
                raise UserError(
                    self.env._(
                        "The cash of %s is already collected.",
                        ", ".join(tx.sale_order_ids.mapped("name")) or tx.reference,
                    )
                )
            if tx.state != "pending":
                raise UserError(
                    self.env._(
                        "The cash on delivery payment %s is not waiting for collection.",
                        tx.reference,
                    )
                )
            deliveries = tx.sale_order_ids.picking_ids.filtered(
                lambda p: p.picking_type_code in ("outgoing", "dropship") and p.state != "cancel"
            )
            if not deliveries or any(picking.state != "done" for picking in deliveries):
                raise UserError(
                    self.env._(
                        "%(orders)s is not delivered yet: record the cash collection once the "
                        "courier has delivered the order.",
                        orders=", ".join(tx.sale_order_ids.mapped("name")) or tx.reference,
                    )
                )

    def _coop_cod_set_collected(self, payments):
        """The courier's collection of these cash on delivery payments was recorded another
        way (``payments``, already posted and matched with the invoices): those still
        pending are done for what was collected, linked to the payment, with nothing left
        to post-process (the order is invoiced and paid), so that the collection is not
        recorded twice; their invoices are sent to the customer as the shop's button does."""
        pending = self.filtered(lambda tx: tx._coop_is_cod() and tx.state == "pending")
        if not pending or not payments:
            return
        payment = payments[:1]
        for tx in pending:
            tx.write(
                {
                    "payment_id": payment.id,
                    "invoice_ids": [Command.link(inv.id) for inv in payments.invoice_ids],
                }
            )
        payment.payment_transaction_id = pending[:1]
        for tx in pending:
            tx._coop_cod_set_done(sum(payments.mapped("amount")))
            # for staff (their language): the payment recording the collection
            tx.sale_order_ids._message_log(
                body=self.env._(
                    "Cash collected by the courier on delivery, recorded as %s.",
                    ", ".join(payments.mapped("name")),
                )
            )
        pending.is_post_processed = True
        pending._send_invoice()

    def _coop_cod_set_done(self, amount):
        """The courier collected ``amount``: the payment is done, for that amount.

        The payment was announced at checkout for the order total; what the courier did not
        collect was never delivered, or was given back and credited. Odoo tells the customer
        the payment's amount (the confirmation logged on her order and e-mailed to her, the
        payment page): it is what she paid. Her order still counts as paid (see
        ``sale.order._compute_amount_paid``). The payment's message is what she reads on
        her order page: in her language, not the staff member's.
        """
        self.ensure_one()
        self.amount = amount
        customer = self.with_context(lang=self.partner_id.lang or self.partner_lang)
        self._set_done(
            state_message=customer.env._(
                "Cash collected by the courier on delivery: %(amount)s.",
                amount=customer.currency_id.format(amount),
            )
        )

    def action_coop_cod_collect(self):
        """Record that the courier collected the cash of the delivered goods: invoice what
        was delivered, confirm the payment for what the invoices ask, post it and reconcile
        it with them, then send the customer her invoices (Odoo's own sending of the invoices
        of a paid online order: the invoice's PDF is generated and e-mailed to her, in her
        language)."""
        self._coop_cod_check_collectable()
        for provider in self.provider_id:
            provider._coop_cod_payment_method_line()
        self._invoice_sale_orders()
        for tx in self:
            tx._coop_cod_set_done(tx._coop_cod_due())
        self._post_process()
        self._send_invoice()
        return True
