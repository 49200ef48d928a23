import re
from html import escape

from lxml import html
from markupsafe import escape as markup_escape
from psycopg2.extras import Json

from odoo import Command, http
from odoo.addons.coop_gie.tests.common import load_migration
from odoo.addons.mail.tests.common import MockEmail
from odoo.exceptions import UserError, ValidationError
from odoo.tests import HttpCase, tagged
from odoo.tools import format_amount, html2plaintext

from .common import CoopShopCase, cod_transaction

LTR_TAGS = re.compile(r'<bdi dir="ltr">|</bdi>')


class CashOnDeliveryCase(CoopShopCase):
    def _compatible(self, order):
        return (
            self.env["payment.provider"]
            .sudo()  # sudo: test set-up
            ._get_compatible_providers(
                order.company_id.id,
                order.partner_invoice_id.id,
                order.amount_total,
                currency_id=order.currency_id.id,
                sale_order_id=order.id,
            )
        )

    def _cod_transaction(self, order, **values):
        return cod_transaction(self.env, order, **values)

    def _process_from_checkout(self, tx):
        """What `/payment/custom/process` does for the session that started the payment."""
        tx.coop_cod_checkout_confirmed = True
        tx._set_pending()
        tx._post_process()

    def _deliver(self, order):
        stock = self.env.ref("stock.stock_location_stock")
        for product in order.order_line.product_id.filtered("is_storable"):
            self.env["stock.quant"]._update_available_quantity(product, stock, 10)
        pickings = order.picking_ids
        pickings.action_assign()
        for move in pickings.move_ids:
            move.quantity = move.product_uom_qty
        pickings.move_ids.picked = True
        pickings.button_validate()
        self.assertEqual(set(pickings.mapped("state")), {"done"})

    def _return(self, order, quantity):
        """The customer gives ``quantity`` of each delivered product back to the courier."""
        delivery = order.picking_ids.filtered(lambda p: p.picking_type_code == "outgoing")
        wizard = self.env["stock.return.picking"].create({"picking_id": delivery.id})
        wizard.product_return_moves.quantity = quantity
        returned = self.env["stock.picking"].browse(wizard.action_create_returns()["res_id"])
        returned.move_ids.picked = True
        returned.button_validate()
        self.assertEqual(returned.state, "done")

    def _notes(self, order):
        return "\n".join(html2plaintext(body) for body in order.message_ids.mapped("body"))

    def _assert_not_confirmed(self, order, tx, reason):
        self.assertIn(order.state, ("draft", "sent"), "the order is not confirmed")
        self.assertEqual(tx.state, "error", "the customer sees why and can pay again")
        self.assertIn(reason, tx.state_message)
        self.assertIn(reason, self._notes(order), "staff see why on the order")
        self.assertFalse(order.coop_cod_transaction_id)


@tagged("post_install", "-at_install")
class TestCashOnDelivery(CashOnDeliveryCase):
    def test_cod_offered_for_morocco_under_the_limit(self):
        order = self._make_order(
            self.user_customer_ma.partner_id, self.product_oil | self.product_amlou
        )
        self.assertEqual(order.currency_id, self.env.ref("base.MAD"))
        providers = self._compatible(order)
        self.assertIn(self.provider_cod, providers)
        self.assertIn(self.provider_transfer, providers, "bank transfer beside it")

    def test_cod_refused_outside_morocco(self):
        partner = self.user_customer_ma.partner_id
        shipping_fr = self.env["res.partner"].create(
            {
                "name": "Cousin in Lyon",
                "type": "delivery",
                "parent_id": partner.id,
                **self._address("Lyon", "69001", self.country_fr),
            }
        )
        order = self._make_order(
            partner, self.product_oil, shipping=shipping_fr, pricelist=self.pricelist_mad
        )
        self.assertNotIn(self.provider_cod, self._compatible(order))
        self.assertIn(self.provider_transfer, self._compatible(order))
        self.assertIn("Morocco", self.provider_cod._coop_cod_refusal_reason(order))
        # A forged request cannot create the transaction either.
        with self.assertRaisesRegex(ValidationError, "Morocco"):
            self._cod_transaction(order)

    def test_cod_refused_above_the_limit(self):
        order = self._make_order(
            self.user_customer_ma.partner_id, self.product_oil | self.product_amlou
        )
        self.provider_cod.maximum_amount = order.amount_total - 1
        self.assertNotIn(self.provider_cod, self._compatible(order))
        limit = format_amount(
            self.env(context={"lang": "ar_001"}), order.amount_total - 1, order.currency_id
        )
        self.assertIn(
            f"سقف الدفع عند التسليم البالغ {limit}",
            self.provider_cod.with_context(lang="ar_001")._coop_cod_refusal_reason(order),
            "the limit written as amounts are, in her language",
        )
        with self.assertRaisesRegex(ValidationError, "limit"):
            self._cod_transaction(order)
        self.provider_cod.maximum_amount = order.amount_total
        self.assertIn(self.provider_cod, self._compatible(order))

    def test_cod_refused_in_euros(self):
        order = self._make_order(
            self.user_customer_ma.partner_id, self.product_oil, pricelist=self.pricelist_eur
        )
        self.assertNotIn(self.provider_cod, self._compatible(order))

    def test_cod_order_confirmed_then_collected_and_reconciled(self):
        order = self._make_order(
            self.user_customer_ma.partner_id, self.product_oil | self.product_amlou
        )
        tx = self._cod_transaction(order)
        self._process_from_checkout(tx)
        self.assertEqual(order.state, "sale", "confirmed at once: it is prepared and delivered")
        self.assertEqual(tx.state, "pending", "the cash is not collected yet")
        self.assertEqual(order.coop_cod_transaction_id, tx)

        with self.assertRaisesRegex(UserError, "not delivered yet"):
            order.action_coop_cod_collect()
        self.assertEqual(tx.state, "pending")

        self._deliver(order)
        order.action_coop_cod_collect()
        self.assertEqual(tx.state, "done")
        self.assertTrue(tx.payment_id, "payment posted")
        invoices = order.invoice_ids
        self.assertEqual(len(invoices), 1)
        self.assertEqual(invoices.state, "posted")
        self.assertIn(invoices.payment_state, ("paid", "in_payment"), "reconciled")
        self.assertFalse(order.coop_cod_transaction_id)
        with self.assertRaisesRegex(UserError, f"The cash of {order.name} is already collected"):
            order.with_context(lang="en_US").action_coop_cod_collect()
        with self.assertRaisesRegex(UserError, "already collected"):
            tx.with_context(lang="en_US").action_coop_cod_collect()

    def test_cod_order_paid_another_way_is_not_collected(self):
        order = self._make_order(self.user_customer_ma.partner_id, self.product_oil)
        tx = self._cod_transaction(order)
        self._process_from_checkout(tx)
        self._deliver(order)
        invoice = order._create_invoices()
        invoice.action_post()
        # the customer paid the invoice by bank transfer after all
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({})._create_payments()
        self.assertEqual(invoice.payment_state, "paid")
        self.assertFalse(order.coop_cod_transaction_id, "no Record Cash Collection button")
        with self.assertRaisesRegex(UserError, f"The cash of {order.name} is already collected"):
            order.with_context(lang="en_US").action_coop_cod_collect()
        with self.assertRaisesRegex(UserError, "already collected"):
            tx.with_context(lang="en_US").action_coop_cod_collect()
        self.assertEqual(tx.state, "pending")
        self.assertEqual(invoice.matched_payment_ids.mapped("amount"), [invoice.amount_total])

    def test_cod_collection_pays_an_existing_invoice(self):
        order = self._make_order(self.user_customer_ma.partner_id, self.product_oil)
        tx = self._cod_transaction(order)
        self._process_from_checkout(tx)
        self._deliver(order)
        invoice = order._create_invoices()
        invoice.action_post()
        order.action_coop_cod_collect()
        self.assertEqual(order.invoice_ids, invoice, "no second invoice")
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))

    def test_cod_collection_leaves_the_accountant_draft_credit_note_alone(self):
        """The accountant is preparing a commercial gesture on the invoice (Odoo's Credit
        Note of the invoice, still in draft) when the courier brings the cash back: her
        draft is neither posted nor deducted, what it credits is not invoiced again, and
        the courier collects the invoice."""
        order = self._make_order(self.user_customer_ma.partner_id, self.product_oil)
        tx = self._cod_transaction(order)
        self._process_from_checkout(tx)
        self._deliver(order)
        invoice = order._create_invoices()
        invoice.action_post()
        reversal = (
            self.env["account.move.reversal"]
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({"journal_id": invoice.journal_id.id, "reason": "commercial gesture"})
        )
        reversal.refund_moves()
        gesture = order.invoice_ids - invoice
        gesture.invoice_line_ids.price_unit = 10.0
        gesture_total = gesture.amount_total
        self.assertEqual((gesture.move_type, gesture.state), ("out_refund", "draft"))

        order.action_coop_cod_collect()
        self.assertEqual(tx.state, "done")
        self.assertEqual(order.invoice_ids, invoice | gesture, "nothing invoiced again")
        self.assertEqual((gesture.state, gesture.amount_total), ("draft", gesture_total))
        self.assertFalse(gesture.line_ids.matched_credit_ids | gesture.line_ids.matched_debit_ids)
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        self.assertEqual(tx.payment_id.amount, invoice.amount_total, "the courier collected it")
        self.assertEqual(tx.amount, invoice.amount_total, "what she paid")
        self.assertEqual(order.amount_paid, order.amount_total, "nothing remains to be paid")

    def test_cod_collection_of_a_partial_delivery_charges_what_was_delivered(self):
        """Part of the order never left (no backorder): the courier collected, and the
        customer is invoiced, the delivered goods and the delivery only."""
        products = self.product_oil | self.product_amlou
        products.invoice_policy = "delivery"  # the cooperatives' goods (coop_account)
        for auto_invoice in (False, True):
            with self.subTest(auto_invoice=auto_invoice):
                self.env["ir.config_parameter"].set_param("sale.automatic_invoice", auto_invoice)
                order = self._make_order(self.user_customer_ma.partner_id, products)
                amlou = order.order_line.filtered(
                    lambda line: line.product_template_id == self.product_amlou
                )
                amlou.product_uom_qty = 3
                # 2 of the 3 amlou never leave
                delivered = order.amount_total - amlou.price_unit * 2
                tx = self._cod_transaction(order)
                self._process_from_checkout(tx)
                stock = self.env.ref("stock.stock_location_stock")
                for product in products.product_variant_id:
                    self.env["stock.quant"]._update_available_quantity(product, stock, 10)
                delivery = order.picking_ids
                delivery.action_assign()
                for move in delivery.move_ids:
                    move.quantity = 1
                delivery.move_ids.picked = True
                delivery.with_context(
                    skip_backorder=True, picking_ids_not_to_backorder=delivery.ids
                ).button_validate()
                self.assertEqual(delivery.state, "done")

                order.action_coop_cod_collect()
                invoice = order.invoice_ids
                self.assertEqual(len(invoice), 1)
                self.assertEqual(
                    {line.product_id: line.quantity for line in invoice.invoice_line_ids},
                    {
                        self.product_oil.product_variant_id: 1,
                        self.product_amlou.product_variant_id: 1,
                        self.carrier_ma.product_id: 1,
                    },
                    "only what was delivered is invoiced",
                )
                self.assertEqual(invoice.amount_total, delivered)
                self.assertIn(invoice.payment_state, ("paid", "in_payment"))
                self.assertEqual(tx.state, "done")
                self.assertEqual(tx.payment_id.amount, delivered, "the courier collected that")
                self.assertEqual(tx.amount, delivered, "the payment is what she paid")
                self.assertIn(order.currency_id.format(delivered), tx.state_message)

    def test_cod_customer_is_told_what_the_courier_collected(self):
        """One of her two units delivered, the other given back before collection: Odoo's
        payment confirmation, e-mailed to her and shown on her order, says what the courier
        collected, not the order total, and nothing remains to be paid."""
        self.product_oil.invoice_policy = "delivery"  # the cooperatives' goods (coop_account)
        customer = self.user_customer_ma.partner_id
        customer.lang = "en_US"
        order = self._make_order(customer, self.product_oil)
        order.order_line.filtered(lambda line: not line.is_delivery).product_uom_qty = 2
        tx = self._cod_transaction(order)
        self._process_from_checkout(tx)
        self._deliver(order)
        self._return(order, 1)
        announced = order.amount_total
        collected = announced - self.product_oil.list_price
        before = order.message_ids

        order.with_context(lang="en_US").action_coop_cod_collect()
        invoice = order.invoice_ids
        self.assertEqual(invoice.amount_total, collected)
        self.assertIn(invoice.payment_state, ("paid", "in_payment"), "reconciled")
        self.assertEqual(tx.payment_id.amount, collected)
        self.assertEqual(tx.payment_id.reconciled_invoice_ids, invoice)
        self.assertEqual((tx.state, tx.amount), ("done", collected), "what the payment page says")
        told = order.message_ids - before
        mail = told.filtered(lambda message: customer in message.partner_ids)
        self.assertEqual(len(mail), 1, "Odoo's payment confirmation e-mailed to her")
        self.assertFalse(
            mail.attachment_ids, "not the order's PDF (the goods ordered, for the order total)"
        )
        mail_text = html2plaintext(mail.body)
        english = order.currency_id.with_context(lang="en_US")
        self.assertIn(f"amounting\n{english.format(collected)}\n", mail_text)
        self.assertIn("has been confirmed", mail_text)
        self.assertNotIn("remains to be paid", mail_text)
        # the e-mail's heading too: what was collected, not the order total
        heading = order.with_context(
            coop_mail_without_reports=True
        )._notify_by_email_prepare_rendering_context(mail, force_email_lang="en_US")
        self.assertEqual(heading["subtitles"][1], english.format(collected))
        logged = "\n".join(html2plaintext(body) for body in told.mapped("body"))
        self.assertNotIn(english.format(announced), logged, "nowhere on her order")
        self.assertEqual(order.amount_paid, announced, "nothing remains to be paid")
        with self.assertRaisesRegex(UserError, "already collected"):
            order.with_context(lang="en_US").action_coop_cod_collect()
        with self.assertRaisesRegex(UserError, "already collected"):
            tx.with_context(lang="en_US").action_coop_cod_collect()

    def test_cod_collection_sends_her_the_invoice(self):
        """Collected by French staff: the Arabic customer gets her invoice by e-mail, in
        Arabic, with its legal PDF (not the pro forma of an invoice never sent)."""
        customer = self.user_customer_ma.partner_id
        customer.lang = "ar_001"
        order = self._make_order(customer, self.product_oil)
        tx = self._cod_transaction(order)
        self._process_from_checkout(tx)
        self._deliver(order)
        order.with_context(lang="fr_FR").action_coop_cod_collect()
        invoice = order.invoice_ids
        self.assertEqual(tx.invoice_ids, invoice)
        self.assertTrue(invoice.invoice_pdf_report_id, "the invoice's own PDF")
        self.assertTrue(invoice.is_move_sent)
        mail = self.env["mail.message"].search(
            [
                ("model", "=", "account.move"),
                ("res_id", "=", invoice.id),
                ("partner_ids", "in", customer.ids),
            ]
        )
        self.assertEqual(len(mail), 1)
        self.assertEqual(
            mail.notification_ids.filtered(lambda n: n.notification_type == "email").res_partner_id,
            customer,
            "e-mailed to her",
        )
        self.assertIn("فاتورة", mail.subject, "in Arabic")
        self.assertEqual(mail.attachment_ids.mapped("name"), [invoice.invoice_pdf_report_id.name])

    def test_cod_not_confirmed_when_the_delivery_leaves_morocco_after_the_check(self):
        partner = self.user_customer_ma.partner_id
        order = self._make_order(partner, self.product_oil)
        tx = self._cod_transaction(order)
        order.partner_shipping_id = self.env["res.partner"].create(
            {
                "name": "Cousin in Lyon",
                "type": "delivery",
                "parent_id": partner.id,
                **self._address("Lyon", "69001", self.country_fr),
            }
        )
        self._process_from_checkout(tx)
        self._assert_not_confirmed(order, tx, "Morocco")

    def test_cod_not_confirmed_when_the_cart_grows_after_the_check(self):
        order = self._make_order(self.user_customer_ma.partner_id, self.product_oil)
        tx = self._cod_transaction(order)
        order.order_line = [
            Command.create({"product_id": self.product_amlou.product_variant_id.id})
        ]
        self._process_from_checkout(tx)
        self._assert_not_confirmed(order, tx, "the order changed after the payment started")

    def test_cod_not_confirmed_when_the_cart_passes_the_limit_after_the_check(self):
        order = self._make_order(self.user_customer_ma.partner_id, self.product_oil)
        tx = self._cod_transaction(order)
        self.provider_cod.maximum_amount = order.amount_total
        order.order_line.filtered(lambda line: not line.is_delivery).product_uom_qty = 30
        self._process_from_checkout(tx)
        self._assert_not_confirmed(order, tx, "limit")

    def test_cod_not_confirmed_without_the_customer_checkout(self):
        order = self._make_order(self.user_customer_ma.partner_id, self.product_oil)
        tx = self._cod_transaction(order)
        tx._set_pending()  # e.g. someone else posted the reference to /payment/custom/process
        tx._post_process()
        self.assertEqual(order.state, "sent", "staff confirm it")
        self.assertEqual(tx.state, "pending")
        self.assertIn("was not confirmed from the", self._notes(order))
        order.action_confirm()  # staff called the customer
        self.env["purchase.order"]._cron_coop_dispatch()  # the job sending new orders
        self.assertEqual(order.coop_cod_transaction_id, tx, "collected as usual")

    def test_diaspora_gift_billed_in_france_delivered_in_morocco(self):
        """A customer in France buys for her family in Guelmim and pays by transfer."""
        customer = self.user_customer_fr.partner_id
        family = self.env["res.partner"].create(
            {
                "name": "Mother in Guelmim",
                "type": "delivery",
                "parent_id": customer.id,
                **self._address("Guelmim", "81000", self.country_ma),
            }
        )
        order = self._make_order(customer, self.product_oil | self.product_amlou, shipping=family)
        self.assertEqual(order.pricelist_id, self.pricelist_eur, "billing in France: euros")
        self.assertEqual(order.currency_id, self.env.ref("base.EUR"))
        self.assertEqual(order.carrier_id, self.carrier_ma, "delivered in Morocco")
        providers = self._compatible(order)
        self.assertIn(self.provider_transfer, providers)
        self.assertNotIn(self.provider_cod, providers, "no cash in euros at the door")

        tx = (
            self.env["payment.transaction"]
            .sudo()  # sudo: test set-up
            .create(
                {
                    "provider_id": self.provider_transfer.id,
                    "payment_method_id": self.env.ref(
                        "payment_custom.payment_method_wire_transfer"
                    ).id,
                    "amount": order.amount_total,
                    "currency_id": order.currency_id.id,
                    "partner_id": customer.id,
                    "reference": f"GIFT-{order.name}",
                    "operation": "online_redirect",
                    "sale_order_ids": [Command.set(order.ids)],
                }
            )
        )
        tx._set_pending()
        tx._post_process()
        self.assertEqual(order.state, "sent", "bank transfer: waits for the money")
        self.assertFalse(order.coop_cod_transaction_id)
        order.action_confirm()  # the transfer arrived
        self.env["purchase.order"]._cron_coop_dispatch()  # the job sending new orders
        self.assertEqual(order.picking_ids.partner_id, family, "the parcel goes to Guelmim")
        self.assertEqual(order.partner_invoice_id, customer)


@tagged("post_install", "-at_install")
class TestCashOnDeliveryProcessRoute(HttpCase, CashOnDeliveryCase):
    """`/payment/custom/process` is public and finds the payment by its reference."""

    def _start_checkout(self, user, tx):
        """Log in as the customer whose checkout started the payment `tx`."""
        self.authenticate(user.login, user.login)
        self.session["__payment_monitored_tx_id__"] = tx.id
        self.session["__website_sale_last_tx_id"] = tx.id
        http.root.session_store.save(self.session)

    def _process(self, tx):
        response = self.url_open("/payment/custom/process", data={"reference": tx.reference})
        self.assertEqual(response.status_code, 200)
        self.env.invalidate_all()

    def test_cod_collection_message_in_the_customer_language(self):
        """Collected by French staff, the Arabic customer reads it in Arabic on her order."""
        customer = self.user_customer_ma
        customer.partner_id.lang = "ar_001"
        order = self._make_order(customer.partner_id, self.product_oil)
        tx = self._cod_transaction(order)
        self._process_from_checkout(tx)
        self._deliver(order)
        order.with_context(lang="fr_FR").action_coop_cod_collect()
        self.assertEqual(tx.state, "done")
        self.authenticate(customer.login, customer.login)
        page = self.url_open(f"/ar/my/orders/{order.id}").text
        self.assertIn("المبلغ النقدي الذي حصّله عامل التوصيل عند التسليم", page)
        self.assertNotIn("Espèces", page)
        self.assertNotIn(tx.payment_id.name, page)

    def test_process_from_the_checkout_confirms(self):
        order = self._make_order(self.user_customer_ma.partner_id, self.product_oil)
        tx = self._cod_transaction(order)
        self._start_checkout(self.user_customer_ma, tx)
        self._process(tx)
        self.assertTrue(tx.coop_cod_checkout_confirmed)
        status = self.make_jsonrpc_request("/payment/status/poll")
        self.env.invalidate_all()
        self.assertEqual(status["state"], "pending")
        self.assertEqual(order.state, "sale")

    def test_process_of_another_session_does_not_confirm(self):
        order = self._make_order(self.user_customer_ma.partner_id, self.product_oil)
        tx = self._cod_transaction(order)
        other_order = self._make_order(self.user_customer_fr.partner_id, self.product_oil)
        other_tx = self._cod_transaction(
            other_order,
            provider_id=self.provider_transfer.id,
            payment_method_id=self.env.ref("payment_custom.payment_method_wire_transfer").id,
            partner_id=other_order.partner_id.id,
            reference=f"OTHER-{other_order.name}",
        )
        self._start_checkout(self.user_customer_fr, other_tx)  # a customer with her own payment
        self._process(tx)
        self.assertEqual(tx.state, "pending", "waits for staff, like a bank transfer")
        self.assertFalse(tx.coop_cod_checkout_confirmed)
        tx._post_process()  # what the post-processing cron does
        self.assertEqual(order.state, "sent", "not confirmed by a stranger")
        self.assertIn("was not confirmed from the", self._notes(order))

        self.authenticate(None, None)  # an anonymous visitor
        order_2 = self._make_order(self.user_customer_ma.partner_id, self.product_amlou)
        tx_2 = self._cod_transaction(order_2)
        self._process(tx_2)
        tx_2._post_process()
        self.assertEqual(tx_2.state, "pending")
        self.assertEqual(order_2.state, "sent")

    def test_process_after_tampering_does_not_confirm(self):
        order = self._make_order(self.user_customer_ma.partner_id, self.product_oil)
        tx = self._cod_transaction(order)
        self._start_checkout(self.user_customer_ma, tx)
        order.order_line = [  # the cart is still editable while the payment is a draft
            Command.create({"product_id": self.product_amlou.product_variant_id.id})
        ]
        self._process(tx)
        status = self.make_jsonrpc_request("/payment/status/poll")
        self.env.invalidate_all()
        self.assertEqual(status["state"], "error")
        # In the customer's language (the shop's French): the new total names the problem.
        total = format_amount(
            self.env(context={"lang": "fr_FR"}), order.amount_total, order.currency_id
        )
        self._assert_not_confirmed(order, tx, f"s'élève maintenant à {total}")


@tagged("post_install", "-at_install")
class TestBankTransfer(HttpCase, CashOnDeliveryCase, MockEmail):
    """Customers in France pay by transfer from abroad: the instructions give the IBAN and
    the BIC of the GIE's Moroccan account, not only its RIB."""

    IBAN = "MA64 0117 8000 0012 3456 7890 1296"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = cls.env.company
        bank = cls.env["res.bank"].create(
            {"name": "Test Bank of Guelmim", "bic": "TSTBMAMC", "country": cls.country_ma.id}
        )
        cls.account = cls.env["res.partner.bank"].create(
            {
                "acc_number": "011 780 0000123456789012 96",  # a RIB: bank, city, account, key
                "partner_id": company.partner_id.id,
                "bank_id": bank.id,
            }
        )
        journals = cls.env["account.journal"].search(
            [*cls.env["account.journal"]._check_company_domain(company), ("type", "=", "bank")]
        )
        journals.bank_account_id = False
        journals[:1].bank_account_id = cls.account
        cls.provider_transfer.action_recompute_pending_msg()

    def _transfer_transaction(self, order):
        return self._cod_transaction(
            order,
            provider_id=self.provider_transfer.id,
            payment_method_id=self.env.ref("payment_custom.payment_method_wire_transfer").id,
            reference=f"TRANSFER-{order.name}",
        )

    @staticmethod
    def _ltr(number):
        """A number isolated left to right: in an Arabic sentence, the groups of digits of a
        RIB keep their order and "(IBAN):" its parentheses (in browsers and wkhtmltopdf)."""
        return f'<bdi dir="ltr">{number}</bdi>'

    BENEFICIARY = {"en_US": "Beneficiary: ", "fr_FR": "Bénéficiaire : ", "ar_001": "المستفيد: "}

    def _company_name(self):
        """The company's name as the instructions' HTML writes it."""
        return escape(self.env.company.name, quote=False)

    def test_instructions_give_beneficiary_iban_and_bic_in_each_language(self):
        """French banks ask the beneficiary's name for an international transfer: the
        account's holder, else the company."""
        labels = {
            "en_US": ("IBAN: ", "BIC (SWIFT): "),
            "fr_FR": ("IBAN : ", "BIC (SWIFT) : "),
            "ar_001": ("رقم الحساب الدولي (IBAN): ", "رمز البنك (BIC/SWIFT): "),
        }
        for lang, (iban_label, bic_label) in labels.items():
            message = self.provider_transfer.with_context(lang=lang).pending_msg
            account = self._ltr("011 780 0000123456789012 96 - Test Bank of Guelmim")
            beneficiary = f"{self.BENEFICIARY[lang]}{self._company_name()}"
            self.assertIn(f"{account}\n{beneficiary}\n", message, lang)
            self.assertIn(f"{iban_label}{self._ltr(self.IBAN)}", message, lang)
            self.assertIn(f"{bic_label}{self._ltr('TSTBMAMC')}", message, lang)
        french = self.provider_transfer.with_context(lang="fr_FR").pending_msg
        self.assertIn("pour le virement bancaire", french)
        self.assertNotIn("transfert", french)

        self.account.acc_holder_name = "Groupement Oujane"
        self.provider_transfer.action_recompute_pending_msg()
        self.assertIn(
            "Bénéficiaire : Groupement Oujane\n",
            self.provider_transfer.with_context(lang="fr_FR").pending_msg,
        )

    def test_arabic_order_page_reads_the_numbers_left_to_right(self):
        """Her order page (as the confirmation page of the shop) gives the instructions in
        Arabic, each number isolated left to right."""
        self.authenticate(None, None)
        self.opener.cookies["frontend_lang"] = "ar_001"
        order = self._make_order(self.user_customer_ma.partner_id, self.product_oil)
        self._transfer_transaction(order)._set_pending()
        page = self.url_open(order.get_portal_url()).text
        self.assertIn("الحساب البنكي", page)
        self.assertIn(self._ltr("011 780 0000123456789012 96 - Test Bank of Guelmim"), page)
        self.assertIn(f"المستفيد: {self._company_name()}", page)
        self.assertIn(f"رقم الحساب الدولي (IBAN): {self._ltr(self.IBAN)}", page)
        self.assertIn(f"رمز البنك (BIC/SWIFT): {self._ltr('TSTBMAMC')}", page)
        self.assertIn("مرجع التحويل:", page, "the reference to quote, not Odoo's التواصل")
        self.assertNotIn("التواصل:", page)

    def _set_instructions(self, texts):
        """Store ``texts`` ({lang: html}) as the instructions, as a database of 1.1.0 did."""
        self.env.cr.execute(
            "UPDATE payment_provider SET pending_msg = %s WHERE id = %s",
            [Json(texts), self.provider_transfer.id],
        )
        self.provider_transfer.invalidate_recordset(["pending_msg"])

    def _migrate(self, version, previous):
        load_migration("coop_website_shop", version).migrate(self.env.cr, previous)
        self.env.invalidate_all()

    def _migrate_to_1_2_0(self):
        self._migrate("18.0.1.2.0", "18.0.1.1.0")

    def test_migration_isolates_the_numbers_of_the_suites_instructions(self):
        """Instructions the suite wrote before 1.2.0 (numbers not isolated) are written
        again; instructions staff edited since are kept."""
        provider = self.provider_transfer
        field = provider._fields["pending_msg"]
        written = field._get_stored_translations(provider)
        before = {
            lang: text.replace('<bdi dir="ltr">', "").replace("</bdi>", "")
            for lang, text in written.items()
        }
        self.assertNotEqual(before, written)
        self._set_instructions(before)
        self._migrate_to_1_2_0()
        self.assertEqual(field._get_stored_translations(provider), written)
        arabic = provider.with_context(lang="ar_001").pending_msg
        self.assertIn(f"رقم الحساب الدولي (IBAN): {self._ltr(self.IBAN)}", arabic)

        edited = dict(before, fr_FR="<p>Virement au RIB 011 780 0000123456789012 96.</p>")
        self._set_instructions(edited)
        self._migrate_to_1_2_0()
        self.assertEqual(field._get_stored_translations(provider), edited)

    # the headings of the instructions: Odoo's, and the shop's where Odoo's read wrong
    ODOO_HEADINGS = {
        "fr_FR": "Veuillez utiliser les informations suivantes pour le transfert bancaire.",
        "ar_001": "يرجى استخدام تفاصيل التحويل التالية",
    }
    HEADINGS = {
        "fr_FR": "Veuillez utiliser les informations suivantes pour le virement bancaire.",
        "ar_001": "يرجى استعمال المعلومات التالية للتحويل البنكي",
    }

    def test_migration_names_the_beneficiary_in_the_suites_instructions(self):
        """Instructions the suite wrote before 1.4.0 (no beneficiary, Odoo's French
        "transfert bancaire"), or before 1.2.0 (numbers not isolated), are written again;
        instructions staff edited are kept. The reference to quote is no "Communication"."""
        provider = self.provider_transfer
        field = provider._fields["pending_msg"]
        written = field._get_stored_translations(provider)
        before = {}
        for lang, text in written.items():
            text = text.replace(f"\n{self.BENEFICIARY[lang]}{self._company_name()}", "")
            if lang in self.HEADINGS:
                text = text.replace(self.HEADINGS[lang], self.ODOO_HEADINGS[lang])
            before[lang] = text
        self.assertEqual(len(before), 3)
        self.assertNotIn("Bénéficiaire", before["fr_FR"])
        self.assertIn("transfert bancaire", before["fr_FR"])
        self._set_instructions(before)
        communication = self.env.ref("payment_custom.custom_state_header")
        term = '<strong class="mt-auto">Communication: </strong>'
        communication.update_field_translations(
            "arch_db", {"fr_FR": {term: '<strong class="mt-auto">Communication : </strong>'}}
        )
        self._migrate("18.0.1.4.0", "18.0.1.3.0")
        self.assertEqual(field._get_stored_translations(provider), written)
        self.assertIn("Référence du virement : ", communication.with_context(lang="fr_FR").arch_db)

        self._set_instructions({lang: LTR_TAGS.sub("", text) for lang, text in before.items()})
        self._migrate("18.0.1.4.0", "18.0.1.1.0")
        self.assertEqual(field._get_stored_translations(provider), written, "from 1.1.0")

        edited = dict(before, fr_FR="<p>Virement au RIB 011 780 0000123456789012 96.</p>")
        self._set_instructions(edited)
        self._migrate("18.0.1.4.0", "18.0.1.3.0")
        self.assertEqual(field._get_stored_translations(provider), edited)

    def test_invoice_gives_iban_and_bic(self):
        customer = self.user_customer_fr.partner_id
        customer.lang = "fr_FR"
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": customer.id,
                "partner_bank_id": self.account.id,
                "invoice_line_ids": [
                    Command.create({"name": "Argan oil", "quantity": 1, "price_unit": 150})
                ],
            }
        )
        invoice.action_post()
        report = self.env["ir.actions.report"]
        html = report._render_qweb_html("account.report_invoice", invoice.ids)[0].decode()
        self.assertIn("011 780 0000123456789012 96", html)
        self.assertIn(f"Bénéficiaire : {markup_escape(self.env.company.name)}", html)
        self.assertIn(f"IBAN : {self._ltr(self.IBAN)}", html)
        self.assertIn(f"BIC (SWIFT) : {self._ltr('TSTBMAMC')}", html)
        # in Arabic, the account number, the IBAN and the BIC read left to right
        customer.lang = "ar_001"
        html = report._render_qweb_html("account.report_invoice", invoice.ids)[0].decode()
        self.assertRegex(html, r'<span [^>]*dir="ltr"[^>]*>011 780 0000123456789012 96 - ')
        self.assertIn(f"رقم الحساب الدولي (IBAN): {self._ltr(self.IBAN)}", html)
        self.assertIn(f"رمز البنك (BIC/SWIFT): {self._ltr('TSTBMAMC')}", html)

    def test_cancelled_order_asks_for_no_payment(self):
        """After staff cancel her order, her page no longer asks her to pay it."""
        self.authenticate(None, None)
        self.opener.cookies["frontend_lang"] = "fr_FR"
        order = self._make_order(self.user_customer_fr.partner_id, self.product_oil)
        tx = self._transfer_transaction(order)
        tx._set_pending()
        self.assertEqual(order.state, "draft")
        page = self.url_open(order.get_portal_url()).text
        self.assertIn("Finaliser votre paiement", page)
        self.assertIn(self.IBAN, page)
        self.assertIn("Référence du virement :", page, "not Odoo's Communication")
        self.assertNotIn("Communication", page)

        order.with_context(disable_cancel_warning=True).action_cancel()
        self.assertEqual(order.state, "cancel")
        page = self.url_open(order.get_portal_url()).text
        self.assertIn("Ce devis a été annulé", page)
        self.assertNotIn("Finaliser votre paiement", page)
        self.assertNotIn(self.IBAN, page)

    def test_transfer_payment_mail_keeps_the_order_pdf(self):
        """Only the cash on delivery collection drops the order's PDF from Odoo's payment
        e-mail: a transfer announced at checkout is for the order, which is attached."""
        customer = self.user_customer_fr.partner_id
        order = self._make_order(customer, self.product_oil)
        tx = self._transfer_transaction(order)
        tx._set_pending()
        tx._post_process()
        mail = order.message_ids.filtered(lambda message: customer in message.partner_ids)
        self.assertEqual(len(mail), 1)
        self.assertEqual(len(mail.attachment_ids), 1)
        self.assertIn(order.name, mail.attachment_ids.name)

    @staticmethod
    def _text(page, xpath):
        """The text of the first element ``xpath`` finds in ``page``, spaces collapsed."""
        return " ".join(html.fromstring(page).xpath(xpath)[0].text_content().split())

    def _pay_by_transfer(self, user):
        """``user`` orders oil and chooses to pay by transfer (Odoo's checkout: the payment
        is pending, the order a quotation sent until the money arrives)."""
        order = self._make_order(user.partner_id, self.product_oil)
        tx = self._transfer_transaction(order)
        tx._set_pending()
        tx._post_process()
        self.assertEqual(order.state, "sent", "the cooperatives make nothing before she pays")
        return order, tx

    def test_order_waiting_for_her_transfer_is_her_order_not_a_quotation(self):
        """Claire paid by transfer: her order page does not ask her to "Accept & Pay" again
        under the transfer instructions; it is titled as her order, awaiting her transfer,
        and counted and listed among her orders, not among the quotations to review."""
        customer = self.user_customer_fr
        customer.partner_id.lang = "fr_FR"
        order, _tx = self._pay_by_transfer(customer)
        self.assertTrue(order.coop_awaiting_transfer)
        self.assertFalse(order._has_to_be_paid())

        self.authenticate(customer.login, customer.login)
        page = self.url_open(order.get_portal_url()).text
        self.assertIn("Finaliser votre paiement", page, "Odoo's transfer instructions stay")
        self.assertIn(self.IBAN, page)
        self.assertNotIn('data-bs-target="#modalaccept"', page, "no Accept & Pay")
        self.assertNotIn("Accepter &amp; Payer", page)
        self.assertEqual(
            self._text(page, "//div[@id='introduction']"),
            f"Commande - {order.name} En attente de votre virement",
        )
        breadcrumb = self._text(page, "//ol[contains(@class, 'o_portal_submenu')]")
        self.assertIn(f"Commandes clients Commande {order.name}", breadcrumb)

        counters = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["quotation_count", "order_count"]}
        )
        self.assertEqual(counters, {"quotation_count": 0, "order_count": 1})
        orders = self.url_open("/my/orders").text
        self.assertIn(order.name, orders)
        self.assertIn("En attente de votre virement", orders)
        self.assertNotIn(order.name, self.url_open("/my/quotes").text)
        mine = [("partner_id", "=", customer.partner_id.id)]
        Order = self.env["sale.order"]
        self.assertEqual(Order.search([*mine, ("coop_awaiting_transfer", "=", True)]), order)
        self.assertFalse(Order.search([*mine, ("coop_awaiting_transfer", "!=", True)]))

        order.action_confirm()  # her transfer arrived: nothing awaits her any more
        self.assertFalse(order.coop_awaiting_transfer)
        page = self.url_open(order.get_portal_url()).text
        self.assertNotIn("En attente de votre virement", page)

    def test_quotation_sent_by_staff_is_still_to_accept_and_pay(self):
        """A quotation staff send her, with no payment pending, is still one to accept and
        pay online."""
        customer = self.user_customer_fr
        customer.partner_id.lang = "fr_FR"
        order = self._make_order(customer.partner_id, self.product_oil)
        order.require_payment = True
        order.action_quotation_sent()
        self.assertFalse(order.coop_awaiting_transfer)
        self.assertTrue(order._has_to_be_paid())
        self.authenticate(customer.login, customer.login)
        page = self.url_open(order.get_portal_url()).text
        self.assertIn('data-bs-target="#modalaccept"', page)
        self.assertEqual(self._text(page, "//div[@id='introduction']"), f"Devis - {order.name}")
        counters = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["quotation_count", "order_count"]}
        )
        self.assertEqual(counters, {"quotation_count": 1, "order_count": 0})

    def _mails_to(self, partner):
        return self._new_mails.filtered(lambda mail: partner in mail.recipient_ids)

    def test_pending_order_mail_says_where_to_pay(self):
        """The e-mail she gets after choosing to pay by transfer ("... Commande en
        attente") gives what the pages give (the account, its beneficiary, IBAN and BIC),
        the amount and the reference to quote, in her language; in Arabic the numbers read
        left to right. It opens her order, not a quotation."""
        expected = {
            "fr_FR": (
                "Bénéficiaire : ",
                f"IBAN : {self._ltr(self.IBAN)}",
                "Montant à virer :",
                "Référence du virement :",
                "Voir la commande",
            ),
            "ar_001": (
                "المستفيد: ",
                f"رقم الحساب الدولي (IBAN): {self._ltr(self.IBAN)}",
                "المبلغ المطلوب تحويله:",
                "مرجع التحويل:",
                "عرض الطلب",
            ),
        }
        for user, lang in ((self.user_customer_fr, "fr_FR"), (self.user_customer_ma, "ar_001")):
            user.partner_id.lang = lang
            self.env.flush_all()  # Odoo reads the recipients' languages in SQL
            with self.subTest(lang=lang), self.mock_mail_gateway():
                _order, tx = self._pay_by_transfer(user)
                mail = self._mails_to(user.partner_id)
                self.assertEqual(len(mail), 1)
                body = mail.body_html
                beneficiary, iban, amount_label, reference_label, button = expected[lang]
                self.assertIn(f"{beneficiary}{self._company_name()}", body)
                self.assertIn(iban, body)
                self.assertIn(self._ltr("011 780 0000123456789012 96 - Test Bank of Guelmim"), body)
                amount = format_amount(self.env, tx.amount, tx.currency_id, lang_code=lang)
                self.assertRegex(body, rf"{amount_label}</strong>\s*{re.escape(self._ltr(amount))}")
                reference = tx._get_communication()
                self.assertTrue(reference)
                self.assertRegex(
                    body, rf"{reference_label}</strong>\s*{re.escape(self._ltr(reference))}"
                )
                self.assertIn(button, body)

    def test_other_order_mails_give_no_transfer_instructions(self):
        """Cash on delivery: confirmed at once, nothing to transfer."""
        customer = self.user_customer_ma.partner_id
        with self.mock_mail_gateway():
            order = self._make_order(customer, self.product_oil)
            self._process_from_checkout(self._cod_transaction(order))
            self.assertEqual(order.state, "sale")
            mails = self._mails_to(customer)
            self.assertTrue(mails)
            for mail in mails:
                self.assertNotIn("o_coop_transfer_instructions", mail.body_html)
                self.assertNotIn(self.IBAN, mail.body_html)
