from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import CoopShopCase


@tagged("post_install", "-at_install")
class TestCashOnDelivery(CoopShopCase):
    def _compatible(self, order):
        return (
            self.env["payment.provider"]
            .sudo()
            ._get_compatible_providers(
                order.company_id.id,
                order.partner_invoice_id.id,
                order.amount_total,
                currency_id=order.currency_id.id,
                sale_order_id=order.id,
            )
        )

    def _cod_transaction(self, order, **values):
        return (
            self.env["payment.transaction"]
            .sudo()
            .create(
                {
                    "provider_id": self.provider_cod.id,
                    "payment_method_id": self.env.ref(
                        "coop_website_shop.payment_method_cash_on_delivery"
                    ).id,
                    "amount": order.amount_total,
                    "currency_id": order.currency_id.id,
                    "partner_id": order.partner_invoice_id.id,
                    "reference": f"COD-{order.name}",
                    "operation": "online_redirect",
                    "sale_order_ids": [Command.set(order.ids)],
                    **values,
                }
            )
        )

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
        tx._set_pending()
        tx._post_process()
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
        with self.assertRaisesRegex(UserError, "No cash on delivery payment"):
            order.action_coop_cod_collect()

    def test_cod_collection_pays_an_existing_invoice(self):
        order = self._make_order(self.user_customer_ma.partner_id, self.product_oil)
        tx = self._cod_transaction(order)
        tx._set_pending()
        tx._post_process()
        self._deliver(order)
        invoice = order._create_invoices()
        invoice.action_post()
        order.action_coop_cod_collect()
        self.assertEqual(order.invoice_ids, invoice, "no second invoice")
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))

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
            .sudo()
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
        self.assertEqual(order.picking_ids.partner_id, family, "the parcel goes to Guelmim")
        self.assertEqual(order.partner_invoice_id, customer)
