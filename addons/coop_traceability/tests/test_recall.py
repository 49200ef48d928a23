import html

from odoo.addons.coop_gie.tests.common import load_migration
from odoo.addons.sms.tests.common import SMSCase
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import TraceCase

FRENCH = "Ne consommez pas ce produit, rapportez-le pour remboursement."
ARABIC = "لا تستهلكوا هذا المنتج، أعيدوه إلى المتجر لاسترداد ثمنه."
ENGLISH = "Do not consume this product, bring it back for a refund."


@tagged("post_install", "-at_install")
class TestRecall(TraceCase, SMSCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # kernels (level 0) -> oil (level 1) -> amlou (level 2); an unrelated lot beside.
        cls.kernels = cls._lot_of(cls._receive(cls.coop_a, cls.product_coop, 10))
        cls.oil = cls._lot_of(
            cls._receive(
                cls.coop_a, cls.product_coop, 10, coop_raw_lot_ids=[(6, 0, cls.kernels.ids)]
            )
        )
        cls.amlou = cls._lot_of(
            cls._receive(cls.coop_b, cls.product_coop, 10, coop_raw_lot_ids=[(6, 0, cls.oil.ids)])
        )
        cls.other = cls._lot_of(cls._receive(cls.coop_b, cls.product_coop, 10))
        cls.delivery_1 = cls._deliver(cls.customer_1, cls.oil, 2)
        cls.delivery_2 = cls._deliver(cls.customer_2, cls.amlou, 3)
        cls.delivery_3 = cls._deliver(cls.customer_3, cls.other, 1)

    def _recall(self, lot):
        return self.env["coop.recall"].create({"lot_id": lot.id, "reason": "Aflatoxin above limit"})

    def test_recall_reaches_customers_through_two_levels(self):
        recall = self._recall(self.kernels)
        self.assertEqual(recall.lot_ids, self.kernels | self.oil | self.amlou)
        self.assertEqual(recall.line_ids.partner_id, self.customer_1 | self.customer_2)
        line_2 = recall.line_ids.filtered(lambda line: line.partner_id == self.customer_2)
        self.assertEqual(line_2.lot_ids, self.amlou)
        self.assertEqual(line_2.picking_ids, self.delivery_2)
        self.assertEqual(line_2.quantity, 3)
        self.assertTrue(recall.name.startswith("RCL/"))

    def test_recall_of_a_derived_lot_stays_downstream(self):
        recall = self._recall(self.amlou)
        self.assertEqual(recall.line_ids.partner_id, self.customer_2)
        self.assertEqual(recall.upstream_lot_ids, self.kernels | self.oil)

    def test_notify_by_email_and_sms_then_follow_up(self):
        recall = self._recall(self.kernels)
        # typed in French, the language of both customers
        recall.with_context(lang="fr_FR").instructions = "Rapportez-le pour un remboursement."
        mails_before = self.env["mail.mail"].search([])
        recall.action_notify()
        self.assertEqual(recall.state, "notified")
        self.assertTrue(all(recall.line_ids.mapped("email_sent")))
        mails = self.env["mail.mail"].search([]) - mails_before
        self.assertEqual(mails.recipient_ids, self.customer_1 | self.customer_2)
        self.assertTrue(
            all(self.oil.name in mail.subject or self.amlou.name in mail.subject for mail in mails)
        )
        # SMS only where a mobile is known, normalized to E.164, queued for the SMS cron.
        line_1, line_2 = (
            recall.line_ids.filtered(lambda line, p=p: line.partner_id == p)
            for p in (self.customer_1, self.customer_2)
        )
        self.assertFalse(line_1.sms_id)
        self.assertEqual(line_2.sms_id.number, "+33612345678")
        self.assertEqual(line_2.sms_id.state, "outgoing")
        self.assertIn(self.amlou.name, line_2.sms_id.body)
        self.assertIn("remboursement", line_2.sms_id.body)
        self.assertEqual(recall.open_count, 2)
        line_1.action_acknowledged()
        line_2.action_returned()
        self.assertEqual(recall.open_count, 0)
        recall.action_close()
        self.assertEqual(recall.state, "done")

    def test_sms_reaches_a_customer_known_by_her_phone(self):
        # the shop's checkout asks for a phone only; a mobile comes first
        self.customer_1.write({"phone": "06 61 23 45 67", "country_id": self.env.ref("base.ma").id})
        self.customer_2.phone = "+33 1 23 45 67 89"
        recall = self._recall(self.kernels).with_context(lang="en_US")
        with self.mockSMSGateway():
            recall.action_notify()
            self.assertSMSOutgoing(self.customer_1, "+212661234567", content=self.oil.name)
            self.assertSMSOutgoing(self.customer_2, "+33612345678", content=self.amlou.name)
            self.env["sms.sms"].sudo()._process_queue()  # sudo: test: run the SMS queue
        self.assertSMSIapSent(["+212661234567", "+33612345678"])
        self.assertIn("2 email(s), 2 SMS", recall.message_ids[:1].body)

    def _instructions(self, recall, french, **translations):
        """Instructions typed in French (as staff reading Odoo in French do), then
        translated with the language button."""
        recall.with_context(lang="fr_FR").instructions = french
        if translations:
            recall.update_field_translations("instructions", translations)

    def _notices(self, recall):
        """Notify; {customer: (email body, SMS body)} of what each customer was sent."""
        mails_before = self.env["mail.mail"].search([])
        with self.mockSMSGateway():
            recall.action_notify()
        mails = self.env["mail.mail"].search([]) - mails_before
        return {
            line.partner_id: (
                mails.filtered(
                    lambda mail, line=line: line.partner_id in mail.recipient_ids
                ).body_html,
                line.sms_id.body,
            )
            for line in recall.line_ids
        }

    def test_each_customer_reads_the_instructions_in_her_language(self):
        self.customer_1.write(
            {"lang": "ar_001", "mobile": "0661234567", "country_id": self.env.ref("base.ma").id}
        )
        recall = self._recall(self.kernels)
        self._instructions(recall, FRENCH, ar_001=ARABIC)
        notices = self._notices(recall)
        for channel, arabic, french in zip(
            ("email", "SMS"), notices[self.customer_1], notices[self.customer_2], strict=True
        ):
            self.assertIn(ARABIC, arabic, f"the {channel} of the Arabic customer")
            self.assertNotIn(FRENCH, arabic, f"the {channel} of the Arabic customer")
            self.assertIn(FRENCH, french, f"the {channel} of the French customer")
            self.assertNotIn(ARABIC, french, f"the {channel} of the French customer")
        self.assertIn("سحب المنتج", notices[self.customer_1][1], "the whole SMS is in Arabic")

    def test_a_cosmetic_is_not_to_be_used_food_not_to_be_consumed(self):
        """The email and the SMS ask not to consume food, not to use anything else (a
        cosmetic, a soap), each in the customer's language."""
        self.customer_1.write(
            {"lang": "ar_001", "mobile": "0661234567", "country_id": self.env.ref("base.ma").id}
        )
        for is_food, arabic, french in (
            (True, "يُرجى عدم استهلاكها", "merci de ne pas le consommer"),
            (False, "يُرجى عدم استعمالها", "merci de ne pas l'utiliser"),
        ):
            with self.subTest(is_food=is_food):
                self.product_coop.coop_is_food = is_food
                recall = self._recall(self.kernels)
                notices = self._notices(recall)
                for channel, to_arabic, to_french in zip(
                    ("email", "SMS"),
                    notices[self.customer_1],
                    notices[self.customer_2],
                    strict=True,
                ):
                    self.assertIn(arabic, to_arabic, f"the {channel} of the Arabic customer")
                    self.assertIn(
                        french, html.unescape(to_french), f"the {channel} of the French customer"
                    )
                recall.action_close()

    def test_nothing_is_sent_while_a_customer_s_language_is_missing(self):
        self.customer_1.lang = "ar_001"
        recall = self._recall(self.kernels)
        self._instructions(recall, FRENCH)
        mails_before = self.env["mail.mail"].search([])
        with self.mockSMSGateway(), self.assertRaises(UserError) as error:
            recall.with_context(lang="en_US").action_notify()
        message = str(error.exception)
        self.assertIn("nothing was sent", message)
        self.assertIn("- Arabic / الْعَرَبيّة: 1 customer(s)", message)
        self.assertNotIn("French", message, "the French customer has her instructions")
        self.assertEqual(self.env["mail.mail"].search([]), mails_before)
        self.assertFalse(self._new_sms)
        self.assertEqual(recall.state, "draft")
        self.assertEqual(set(recall.line_ids.mapped("state")), {"to_notify"})
        # translated with the language button: she gets it in Arabic
        recall.update_field_translations("instructions", {"ar_001": ARABIC})
        notices = self._notices(recall)
        self.assertIn(ARABIC, notices[self.customer_1][0])

    def test_english_customers_do_not_get_the_text_typed_in_french(self):
        """Odoo keeps the first text typed as the English one, whatever its language: until
        it is translated, English is missing, even after the French is corrected."""
        self.customer_1.lang = "en_US"
        recall = self._recall(self.kernels)
        self._instructions(recall, "Ne le consommez pas.")
        for french in ("Ne le consommez pas.", FRENCH):
            recall.with_context(lang="fr_FR").instructions = french
            with self.assertRaisesRegex(UserError, "English"):
                recall.with_context(lang="en_US").action_notify()
        recall.update_field_translations("instructions", {"en_US": ENGLISH})
        notices = self._notices(recall)
        self.assertIn(ENGLISH, notices[self.customer_1][0])
        self.assertIn(FRENCH, notices[self.customer_2][0])

    def test_instructions_typed_before_they_were_translated(self):
        """On upgrade, Odoo keeps the text of a recall as its English one: the migration
        makes it the text of its author's language too, as Odoo would have stored it."""
        self.user_staff.lang = "fr_FR"
        recall = (
            self.env["coop.recall"]
            .with_user(self.user_staff)
            .create({"lot_id": self.kernels.id, "reason": "Aflatoxin above limit"})
            .with_user(self.env.user)
        )
        self.env.cr.execute(
            "UPDATE coop_recall SET instructions = jsonb_build_object('en_US', %s) WHERE id = %s",
            (FRENCH, recall.id),
        )
        self.env.invalidate_all()
        with self.assertRaisesRegex(UserError, "nothing was sent"):
            recall.action_notify()
        migration = load_migration("coop_traceability", "18.0.1.1.0")
        migration.migrate(self.env.cr, "18.0.1.0.0")
        self.env.invalidate_all()
        notices = self._notices(recall)
        self.assertIn(FRENCH, notices[self.customer_1][0])
        self.assertEqual(recall.with_context(lang="en_US").instructions, FRENCH, "kept")

    def _try_deliver(self, partner, lot):
        with self.assertRaisesRegex(UserError, "under a product recall"):
            self._deliver(partner, lot, 1)
        deliveries = self.env["stock.picking"].search([("partner_id", "=", partner.id)])
        self.assertFalse(
            deliveries.filtered(lambda p: p.state == "done" and lot in p.move_line_ids.lot_id)
        )

    def test_dropshipped_lot_reaches_its_customer_not_its_cooperative(self):
        dropship = self._dropship(
            self.coop_a, self.customer_3, self.product_coop, 4, lot_name="DROP-1"
        )
        lot = self._lot_of(dropship)
        recall = self._recall(lot)
        self.assertEqual(recall.line_ids.partner_id, self.customer_3)
        self.assertEqual(recall.line_ids.picking_ids, dropship)
        self.assertTrue(recall.action_close(), "answers over RPC")

    def test_recalled_lot_is_not_shipped_direct_either(self):
        self._recall(self.oil)
        picking = self._dropship(
            self.coop_a, self.customer_3, self.product_coop, 1, validate=False, lot_name="DROP-2"
        )
        picking.move_line_ids.lot_name = self.oil.name  # her recalled lot, by its number
        with self.assertRaisesRegex(UserError, "under a product recall"):
            picking.with_context(skip_sms=True).button_validate()
        self.assertNotEqual(picking.state, "done")

    def test_an_empty_line_of_a_recalled_lot_does_not_hold_the_delivery(self):
        self._recall(self.oil)
        picking = self._delivery(self.customer_3, self.product_coop, 1)
        vals = dict(picking.move_ids._prepare_move_line_vals(quantity=1), picked=True)
        recalled, _other = self.env["stock.move.line"].create(
            [
                dict(vals, lot_id=self.oil.id, location_id=self.stock_location.id),
                dict(vals, lot_id=self.other.id, location_id=self.stock_location.id),
            ]
        )
        recalled.quantity = 0  # the storekeeper takes another lot instead
        picking.with_context(skip_sms=True).button_validate()
        self.assertEqual(picking.state, "done")
        self.assertEqual(
            [(ml.lot_id, ml.quantity) for ml in picking.move_line_ids.filtered("quantity")],
            [(self.other, 1.0)],
        )

    def test_recalled_lot_is_not_delivered_until_the_recall_is_closed(self):
        recall = self._recall(self.oil)
        self._try_deliver(self.customer_3, self.oil)  # draft: already stopped
        recall.action_notify()
        self._try_deliver(self.customer_3, self.oil)
        self._try_deliver(self.customer_3, self.amlou)  # made from the recalled lot
        # a lot made from it after the recall was started is stopped too
        later = self._lot_of(
            self._receive(
                self.coop_b, self.product_coop, 2, coop_raw_lot_ids=[(6, 0, self.oil.ids)]
            )
        )
        self._try_deliver(self.customer_3, later)
        # other lots still ship
        self.assertEqual(self._deliver(self.customer_3, self.kernels, 1).state, "done")
        recall.action_close()
        self.assertEqual(self._deliver(self.customer_3, self.oil, 1).state, "done")

    def test_customers_found_after_notification_join_the_recall(self):
        recall = self._recall(self.oil)
        recall.action_notify()
        mails_before = self.env["mail.mail"].search([])
        # found out after notification: the other lot delivered to customer 3 was made from it
        self.other.coop_raw_lot_ids = self.oil
        recall.action_find_customers()
        self.assertEqual(
            recall.line_ids.partner_id, self.customer_1 | self.customer_2 | self.customer_3
        )
        self.assertIn(self.other, recall.lot_ids)
        line_3 = recall.line_ids.filtered(lambda line: line.partner_id == self.customer_3)
        self.assertEqual(line_3.state, "to_notify")
        self.assertEqual((recall.line_ids - line_3).mapped("state"), ["notified", "notified"])
        recall.action_find_customers()  # idempotent
        self.assertEqual(len(recall.line_ids), 3)
        recall.action_notify()
        mails = self.env["mail.mail"].search([]) - mails_before
        self.assertEqual(mails.recipient_ids, self.customer_3)
        self.assertEqual(line_3.state, "notified")
        recall.action_close()
        with self.assertRaisesRegex(UserError, "closed or cancelled"):
            recall.action_find_customers()
