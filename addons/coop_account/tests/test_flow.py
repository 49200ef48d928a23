import xmlrpc.client

from psycopg2 import IntegrityError

from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import CoopAccountCase


@tagged("post_install", "-at_install")
class TestAccountingFlow(CoopAccountCase):
    """The whole path of one order through the books: routing's purchase orders, receipts,
    bills on received quantities, payouts, customer invoice on delivered quantities,
    cash-on-delivery collection; every entry balanced, on the Moroccan accounts, with VAT
    on the transient accounts until paid (VAT on payments)."""

    def test_order_to_cod_collection(self):
        payable = self.coop_a.property_account_payable_id
        receivable = self.customer.property_account_receivable_id
        self.assertTrue(payable.code.startswith("4411"), payable.code)
        self.assertTrue(receivable.code.startswith("3421"), receivable.code)
        expense = self.product._get_product_accounts()["expense"]
        income = self.product._get_product_accounts()["income"]
        self.assertTrue(expense.code.startswith("6"), expense.code)
        self.assertTrue(income.code.startswith("7"), income.code)
        # VAT on payments (l10n_ma): transient accounts until paid, then the final ones
        vat_in_transient, vat_in = self._account("345540"), self._account("345520")
        vat_out_transient, vat_out = self._account("445510"), self._account("445500")

        order = self._order(10.0)
        order.action_confirm()
        self.env["purchase.order"]._cron_coop_dispatch()  # the job sending new orders
        shares = self._shares(order)
        qty_a, qty_b = shares[self.coop_a], shares[self.coop_b]
        po_a, po_b = self._po(order, self.coop_a), self._po(order, self.coop_b)
        self.assertEqual(len(po_a | po_b), 2, "one purchase order per cooperative")
        self.assertEqual(po_a.order_line.taxes_id, self.purchase_tax)

        # three-way match: nothing to bill before the goods are received
        order._coop_demo_answer("accept")
        self.assertEqual((po_a | po_b).mapped("state"), ["purchase", "purchase"])
        with self.assertRaises(UserError):
            po_a.action_create_invoice()
        # ... and a customer invoice only for what was delivered
        with self.assertRaises(UserError):
            order._create_invoices()

        # coop A delivers one less than ordered: she is billed for what was received
        received_a = qty_a - 1
        receipt_a = po_a.picking_ids
        receipt_a.move_ids.quantity = received_a
        receipt_a.move_ids.picked = True
        receipt_a.with_context(
            skip_backorder=True, picking_ids_not_to_backorder=receipt_a.ids
        ).button_validate()
        self._validate(po_b.picking_ids)
        bill_a, bill_b = self._bill(po_a), self._bill(po_b)
        self.assertEqual(bill_a.invoice_line_ids.quantity, received_a)
        self.assertEqual(bill_b.invoice_line_ids.quantity, qty_b)
        self.assertEqual(bill_a.invoice_line_ids.purchase_line_id, po_a.order_line)
        self.assertBalanced(bill_a | bill_b)
        base_a, base_b = received_a * 60.0, qty_b * 55.0
        self.assertEqual(
            self._lines_by_account(bill_a),
            {
                expense.code: base_a,
                vat_in_transient.code: base_a * 0.2,
                payable.code: -base_a * 1.2,
            },
        )
        self.assertEqual(
            self._lines_by_account(bill_b),
            {
                expense.code: base_b,
                vat_in_transient.code: base_b * 0.2,
                payable.code: -base_b * 1.2,
            },
        )

        # payouts: both cooperatives at once from their statements, one payment each
        statements = self.env["coop.payout.statement"]._coop_create_for_period(
            self.today.replace(day=1), self.today, partners=self.coop_a | self.coop_b
        )
        self.assertEqual(
            sorted(statements.mapped("balance_due")), sorted([base_a * 1.2, base_b * 1.2])
        )
        action = statements.action_pay()
        wizard = self.env[action["res_model"]].with_context(**action["context"]).create({})
        payments = wizard._create_payments()
        self.assertEqual(len(payments), 2, "one payment per cooperative")
        self.assertEqual(
            {p.partner_id: p.amount for p in payments},
            {self.coop_a: base_a * 1.2, self.coop_b: base_b * 1.2},
        )
        self.assertEqual((bill_a | bill_b).mapped("payment_state"), ["paid", "paid"])
        self.assertBalanced(payments.move_id)
        outstanding = payments[0].outstanding_account_id
        paid = (base_a + base_b) * 1.2
        self.assertEqual(
            self._lines_by_account(payments.move_id), {payable.code: paid, outstanding.code: -paid}
        )
        statements.invalidate_recordset()
        self.assertEqual(statements.mapped("balance_due"), [0.0, 0.0])
        # paid: the VAT of the bills is now deductible (cash-basis entries)
        caba = self.env["account.move"].search(
            [("tax_cash_basis_origin_move_id", "in", (bill_a | bill_b).ids)]
        )
        self.assertBalanced(caba)
        vat = (base_a + base_b) * 0.2
        self.assertEqual(
            self._lines_by_account(caba), {vat_in.code: vat, vat_in_transient.code: -vat}
        )

        # the customer gets what the cooperatives delivered: one less than ordered
        delivered = received_a + qty_b
        delivery = order.picking_ids.filtered(lambda p: p.picking_type_code == "outgoing")
        self.assertEqual(delivery.state, "assigned")
        delivery.move_ids.quantity = delivered
        delivery.move_ids.picked = True
        delivery.with_context(
            skip_backorder=True, picking_ids_not_to_backorder=delivery.ids
        ).button_validate()
        self.assertEqual(order.order_line.qty_delivered, delivered)

        # cash on delivery: invoice what was delivered and collect it
        payment = order._coop_register_cod_collection(reference="COURIER-0001")
        invoice = order.invoice_ids
        self.assertEqual(invoice.invoice_line_ids.quantity, delivered)
        total = delivered * 100.0 * 1.2
        self.assertEqual(invoice.amount_total, total)
        self.assertBalanced(invoice | payment.move_id)
        self.assertEqual(
            self._lines_by_account(invoice),
            {
                receivable.code: total,
                income.code: -delivered * 100.0,
                vat_out_transient.code: -delivered * 20.0,
            },
        )
        cod_journal = self.company.coop_cod_journal_id
        self.assertEqual(payment.journal_id, cod_journal)
        self.assertEqual(cod_journal.default_account_id.code, "516120")
        self.assertEqual(
            self._lines_by_account(payment.move_id), {"516120": total, receivable.code: -total}
        )
        self.assertEqual(invoice.payment_state, "paid")
        self.assertEqual(payment.state, "paid", "cash held by the courier: nothing to match")
        caba = self.env["account.move"].search([("tax_cash_basis_origin_move_id", "=", invoice.id)])
        self.assertEqual(
            self._lines_by_account(caba),
            {vat_out.code: -delivered * 20.0, vat_out_transient.code: delivered * 20.0},
        )
        # the courier's reference is recorded once
        self.assertEqual(order._coop_register_cod_collection(reference="COURIER-0001"), payment)
        self.assertEqual(
            self.env["account.payment"].search_count([("coop_cod_reference", "=", "COURIER-0001")]),
            1,
        )

    def _cod_payments(self, order):
        return self.env["account.payment"].search(
            [("partner_id", "=", order.partner_id.id), ("state", "!=", "canceled")]
        )

    def test_cod_collection_recorded_by_call_closes_the_shop_payment(self):
        order = self._delivered_order(3.0).with_context(lang="en_US")
        tx = self._shop_cod_payment(order)
        payment = self.env["account.payment"].browse(
            order.coop_register_cod_collection(reference="COURIER-360")
        )
        invoice = order.invoice_ids
        self.assertEqual(invoice.payment_state, "paid")
        # the shop's payment is collected with it: the button is gone, and refuses
        self.assertEqual((tx.state, tx.payment_id), ("done", payment))
        self.assertEqual(payment.payment_transaction_id, tx)
        self.assertFalse(order.coop_cod_transaction_id)
        with self.assertRaisesRegex(UserError, f"The cash of {order.name} is already collected"):
            order.action_coop_cod_collect()
        with self.assertRaisesRegex(UserError, "already collected"):
            tx.with_context(lang="en_US").action_coop_cod_collect()
        self.assertEqual(self._cod_payments(order), payment, "collected once")
        courier = self.company.coop_cod_journal_id.default_account_id
        self.assertEqual(
            sum(
                self.env["account.move.line"]
                .search([("account_id", "=", courier.id), ("parent_state", "=", "posted")])
                .mapped("balance")
            ),
            invoice.amount_total,
            "the courier holds what the customer paid, once",
        )
        # the same call again answers the same payment
        self.assertEqual(order.coop_register_cod_collection(reference="COURIER-360"), payment.ids)

    def test_cod_collected_with_the_shop_button_is_not_recorded_again(self):
        order = self._delivered_order(2.0).with_context(lang="en_US")
        tx = self._shop_cod_payment(order)
        order.action_coop_cod_collect()
        self.assertEqual(tx.state, "done")
        self.assertEqual(order.invoice_ids.payment_state, "paid")
        self.assertFalse(order.coop_cod_transaction_id)
        with self.assertRaisesRegex(UserError, f"The cash of {order.name} is already collected"):
            order.coop_register_cod_collection(reference="COURIER-LATE")
        self.assertEqual(self._cod_payments(order), tx.payment_id, "collected once")

    def test_cod_collected_in_parts_by_call(self):
        order = self._delivered_order(2.0).with_context(lang="en_US")
        tx = self._shop_cod_payment(order)
        first = self.env["account.payment"].browse(
            order.coop_register_cod_collection(100.0, reference="PART-1")
        )
        self.assertEqual(order.invoice_ids.payment_state, "partial")
        # part of the cash is collected: the button would collect the whole order again
        self.assertEqual((tx.state, tx.payment_id), ("done", first))
        self.assertFalse(order.coop_cod_transaction_id)
        with self.assertRaisesRegex(UserError, "already collected"):
            order.action_coop_cod_collect()
        # an order whose collection was recorded while its shop payment stayed pending
        # (recorded before collections closed it) shows no button either
        tx.write({"state": "pending", "payment_id": False})
        order.invalidate_recordset()
        self.assertFalse(order.coop_cod_transaction_id)
        with self.assertRaisesRegex(UserError, "already collected"):
            order.action_coop_cod_collect()
        # the rest is collected by call too
        second = self.env["account.payment"].browse(
            order.coop_register_cod_collection(reference="PART-2")
        )
        self.assertEqual(second.amount, 140.0)
        self.assertEqual(order.invoice_ids.payment_state, "paid")
        self.assertEqual(self._cod_payments(order), first | second)

    def test_cod_reference_of_another_order_is_refused(self):
        order, other = self._delivered_order(2.0), self._delivered_order(3.0)
        payment = order._coop_register_cod_collection(reference="SHOP-7/2")
        self.assertEqual(payment.amount, 240.0)
        with self.assertRaisesRegex(UserError, "already recorded for another invoice"):
            other._coop_register_cod_collection(reference="SHOP-7/2")
        for amount in ("abc", True):
            with self.assertRaisesRegex(UserError, "must be a number"):
                other.coop_register_cod_collection(amount, reference="SHOP-8")
        with self.assertRaisesRegex(UserError, "not a date"):
            other.coop_register_cod_collection(date="notadate", reference="SHOP-8")
        self.assertFalse(other.invoice_ids.filtered(lambda m: m.payment_state != "not_paid"))
        # % and _ in a reference are characters, not wildcards
        # an amount sent as False over RPC means all that is due
        other_payment = other.env["account.payment"].browse(
            other.coop_register_cod_collection(False, reference="SHOP-_")
        )
        self.assertNotEqual(other_payment, payment)
        self.assertEqual(other_payment.amount, 360.0)
        self.assertEqual(other.invoice_ids.payment_state, "paid")
        self.assertEqual(order._coop_register_cod_collection(reference="SHOP-7/2"), payment)

    def test_cod_collection_over_xmlrpc(self):
        """The public methods answer what XML-RPC can carry: the payment ids."""
        order = self._delivered_order(2.0)
        result = order.coop_register_cod_collection(100.0, reference="RPC-1")
        payment = self.env["account.payment"].browse(result)
        self.assertEqual(payment.amount, 100.0)
        self.assertEqual(payment.coop_cod_reference, "RPC-1")
        xmlrpc.client.dumps((result,), methodresponse=True)
        result = order.invoice_ids.coop_register_cod_collection(reference="RPC-2")
        xmlrpc.client.dumps((result,), methodresponse=True)
        self.assertEqual(self.env["account.payment"].browse(result).amount, 140.0)
        self.assertEqual(order.invoice_ids.payment_state, "paid")
        # a retry with the same reference answers the same ids and records nothing
        self.assertEqual(order.coop_register_cod_collection(reference="RPC-1"), payment.ids)

    def test_cod_collection_after_a_return_credits_the_returned_goods(self):
        order = self._delivered_order(10.0)
        first = order._coop_register_cod_collection(500.0, reference="RET-1")
        invoice = order.invoice_ids
        self.assertEqual(invoice.amount_total, 1200.0)
        # the customer gives 2 back
        delivery = order.picking_ids.filtered(lambda p: p.picking_type_code == "outgoing")
        wizard = self.env["stock.return.picking"].create({"picking_id": delivery.id})
        wizard.product_return_moves.quantity = 2.0
        returned = self.env["stock.picking"].browse(wizard.action_create_returns()["res_id"])
        self._validate(returned)
        self.assertEqual(order.order_line.qty_delivered, 8.0)
        # the invoice is posted: the return drafts the credit note, for the accountant
        credit_note = order.invoice_ids.filtered(lambda m: m.move_type == "out_refund")
        self.assertEqual(credit_note.state, "draft")
        self.assertEqual(order.order_line.qty_to_invoice, 0.0)

        # the courier collects the rest: the credit note is posted and deducted
        second = order._coop_register_cod_collection(reference="RET-2")
        self.assertEqual(credit_note.state, "posted")
        self.assertFalse(credit_note.activity_ids)
        self.assertEqual(credit_note.amount_total, 240.0)
        self.assertEqual(credit_note.invoice_line_ids.quantity, 2.0)
        self.assertEqual(second.amount, 1200.0 - 240.0 - 500.0, "only what the customer owes")
        self.assertEqual((invoice | credit_note).mapped("payment_state"), ["paid", "paid"])
        self.assertEqual(first.amount + second.amount, 8 * 120.0)
        self.assertEqual(order.order_line.qty_to_invoice, 0.0)

    def test_cod_collection_recorded_by_staff_speaks_the_customer_language(self):
        """A French staff member records the collection: the Arabic customer reads on her
        order page that the courier collected her cash, in Arabic, without the payment's
        internal number; staff find that number on the order."""
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["res.lang"]._activate_lang("ar_001")
        self.customer.lang = "ar_001"
        order = self._delivered_order(2.0)
        tx = self._shop_cod_payment(order)
        payment = self.env["account.payment"].browse(
            order.with_context(lang="fr_FR").coop_register_cod_collection()
        )
        self.assertEqual((tx.state, tx.amount), ("done", payment.amount))
        self.assertIn("المبلغ النقدي الذي حصّله عامل التوصيل عند التسليم", tx.state_message)
        self.assertTrue(order.invoice_ids.invoice_pdf_report_id, "her invoice is sent")
        self.assertNotIn(payment.name, tx.state_message)
        self.assertIn(payment.name, "".join(order.message_ids.mapped("body")))

    def test_cod_button_after_a_return_collects_what_the_customer_owes(self):
        """Invoiced, then goods returned and credited: the shop's Record Cash Collection
        collects the invoice less the credit note, posted by the accountant or not yet."""
        for posted in (True, False):
            with self.subTest(credit_note_posted=posted):
                order = self._delivered_order(10.0)
                tx = self._shop_cod_payment(order)
                invoice = order._create_invoices()
                invoice.action_post()
                self.assertEqual(invoice.amount_total, 1200.0)
                delivery = order.picking_ids.filtered(lambda p: p.picking_type_code == "outgoing")
                wizard = self.env["stock.return.picking"].create({"picking_id": delivery.id})
                wizard.product_return_moves.quantity = 2.0
                self._validate(
                    self.env["stock.picking"].browse(wizard.action_create_returns()["res_id"])
                )
                # drafted by the return (the invoice was posted), for the accountant
                credit_note = order.invoice_ids - invoice
                self.assertEqual(
                    (credit_note.move_type, credit_note.state, credit_note.amount_total),
                    ("out_refund", "draft", 240.0),
                )
                self.assertTrue(credit_note.activity_ids)
                if posted:
                    credit_note.action_post()

                order.action_coop_cod_collect()
                self.assertEqual(tx.state, "done")
                self.assertEqual(credit_note.state, "posted")
                self.assertFalse(credit_note.activity_ids, "the accountant's to-do is done")
                self.assertEqual(tx.payment_id.amount, 1200.0 - 240.0, "what the customer owes")
                self.assertEqual((invoice | credit_note).mapped("payment_state"), ["paid", "paid"])

    def test_cod_collection_posts_the_returned_goods_credit_note_not_the_accountant_one(self):
        """Invoiced, 2 of 10 given back (their credit note drafted, for the accountant), and
        the accountant drafting a commercial gesture on the invoice herself: the courier's
        collection, by the shop's button or by call, posts and deducts the credit note of
        the returned goods only; her gesture stays a draft, as she left it."""
        for by_call in (False, True):
            with self.subTest(by_call=by_call):
                order = self._delivered_order(10.0).with_context(lang="en_US")
                tx = self._shop_cod_payment(order)
                invoice = order._create_invoices()
                invoice.action_post()
                delivery = order.picking_ids.filtered(lambda p: p.picking_type_code == "outgoing")
                wizard = self.env["stock.return.picking"].create({"picking_id": delivery.id})
                wizard.product_return_moves.quantity = 2.0
                self._validate(
                    self.env["stock.picking"].browse(wizard.action_create_returns()["res_id"])
                )
                credit_note = order.invoice_ids - invoice
                self.assertEqual(credit_note.amount_total, 240.0)
                self.assertTrue(credit_note.activity_ids)
                reversal = (
                    self.env["account.move.reversal"]
                    .with_context(active_model="account.move", active_ids=invoice.ids)
                    .create({"journal_id": invoice.journal_id.id, "reason": "broken jar"})
                )
                reversal.refund_moves()
                gesture = order.invoice_ids - invoice - credit_note
                gesture.invoice_line_ids.write({"quantity": 1.0, "price_unit": 20.0})
                self.assertEqual((gesture.state, gesture.amount_total), ("draft", 24.0))

                if by_call:
                    order._coop_register_cod_collection(reference=f"GESTURE-{order.id}")
                else:
                    order.action_coop_cod_collect()
                self.assertEqual(tx.state, "done")
                self.assertEqual(order.invoice_ids, invoice | credit_note | gesture)
                self.assertEqual(credit_note.state, "posted")
                self.assertEqual(tx.payment_id.amount, 1200.0 - 240.0, "what the customer owes")
                self.assertEqual((invoice | credit_note).mapped("payment_state"), ["paid", "paid"])
                self.assertEqual(
                    (gesture.state, gesture.amount_total, gesture.payment_state),
                    ("draft", 24.0, "not_paid"),
                )
                # the accountant's to-do on the credit note is done, saying why
                self.assertFalse(credit_note.activity_ids)
                self.assertIn(
                    "Posted when the courier's cash was collected",
                    "".join(credit_note.message_ids.mapped("body")),
                )

    def test_cod_partial_and_over_collection(self):
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.customer.id,
                "invoice_line_ids": [
                    (0, 0, {"product_id": self.product.id, "quantity": 2, "price_unit": 100.0})
                ],
            }
        )
        with self.assertRaisesRegex(UserError, "posted customer invoices"):
            invoice._coop_register_cod_collection(100.0)
        invoice.action_post()
        self.assertEqual(invoice.amount_total, 240.0)
        # what a courier integration may send by mistake: a clear error, nothing recorded
        with self.assertRaisesRegex(UserError, "must be a number"):
            invoice.coop_register_cod_collection("abc")
        with self.assertRaisesRegex(UserError, "must be a number"):
            invoice.coop_register_cod_collection(float("nan"))
        with self.assertRaisesRegex(UserError, "not a date"):
            invoice.coop_register_cod_collection(100.0, "notadate")
        self.assertEqual(invoice.payment_state, "not_paid")
        with self.assertRaisesRegex(UserError, "only"):
            invoice._coop_register_cod_collection(300.0)
        with self.assertRaises(UserError):
            invoice._coop_register_cod_collection(0.0)
        first = invoice._coop_register_cod_collection(200.0, reference="C-1")
        self.assertEqual(invoice.payment_state, "partial")
        self.assertAlmostEqual(invoice.amount_residual, 40.0)
        second = invoice._coop_register_cod_collection(reference="C-2")
        self.assertEqual(invoice.payment_state, "paid")
        self.assertEqual(second.amount, 40.0)
        self.assertEqual((first | second).journal_id, self.company.coop_cod_journal_id)
        # a reference already used on another invoice is refused, not recorded twice
        other = invoice.copy()
        other.action_post()
        with self.assertRaisesRegex(UserError, "already recorded"):
            other._coop_register_cod_collection(reference="C-1")
        with self.assertRaisesRegex(UserError, "already paid"):
            invoice._coop_register_cod_collection(1.0)

    def test_cancelled_collection_can_be_recorded_again(self):
        order = self._delivered_order(1.0)
        payment = order._coop_register_cod_collection(reference="CANCEL-1")
        invoice = order.invoice_ids
        self.assertEqual(invoice.payment_state, "paid")
        payment.action_draft()
        payment.action_cancel()
        self.assertEqual(invoice.payment_state, "not_paid")
        again = invoice._coop_register_cod_collection(reference="CANCEL-1")
        self.assertNotEqual(again, payment)
        self.assertEqual(again.coop_cod_reference, "CANCEL-1")
        self.assertEqual(invoice.payment_state, "paid")
        # two live payments still cannot share a reference
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"), self.env.cr.savepoint():
            payment.action_draft()
            payment.flush_recordset()

    def test_any_collection_in_the_cod_journal_goes_to_the_courier_account(self):
        """The shop's payment provider brings its own method line into the journal: the
        cash still lands on the courier clearing account."""
        journal = self.company.coop_cod_journal_id
        line = self.env["account.payment.method.line"].create(
            {
                "name": "Courier (shop)",
                "payment_method_id": self.env.ref("account.account_payment_method_manual_in").id,
                "journal_id": journal.id,
            }
        )
        self.assertFalse(line.payment_account_id)
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.customer.id,
                "invoice_line_ids": [
                    (0, 0, {"product_id": self.product.id, "quantity": 1, "price_unit": 100.0})
                ],
            }
        )
        invoice.action_post()
        payment = (
            self.env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({"journal_id": journal.id, "payment_method_line_id": line.id})
            ._create_payments()
        )
        self.assertEqual(payment.outstanding_account_id, journal.default_account_id)
        self.assertEqual(self._lines_by_account(payment.move_id)["516120"], 120.0)
        self.assertEqual(invoice.payment_state, "paid")
