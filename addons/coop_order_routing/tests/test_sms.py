import json
import threading
from datetime import timedelta
from unittest.mock import patch

import requests
from freezegun import freeze_time

from odoo import Command, fields
from odoo.addons.coop_gie.tests.common import CoopCase
from odoo.addons.sms.tests.common import SMSCase
from odoo.exceptions import ValidationError
from odoo.tests import new_test_user, tagged
from odoo.tools import format_date

from ..models.purchase_order import NOT_RECORDED, SMS_FAILED
from ..models.sale_order import SURPLUS
from .common import RoutingCaseMixin

WEBHOOK = "/coop_order_routing/sms/inbound"
ARABIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


@tagged("post_install", "-at_install")
class TestSms(RoutingCaseMixin, CoopCase, SMSCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_routing()

    def setUp(self):
        super().setUp()
        # a session bound to the test database (the gateway relies on the server's dbfilter)
        self.authenticate(None, None)

    def _post(self, payload, secret="s3cret", as_json=False):
        headers = {"X-Coop-Secret": secret} if secret else {}
        if as_json:
            headers["Content-Type"] = "application/json"
            return self.url_open(WEBHOOK, data=json.dumps(payload), headers=headers)
        return self.url_open(WEBHOOK, data=payload, headers=headers)

    def test_sms_out_when_routed(self):
        with self.mockSMSGateway():
            _order, po_a, po_b = self._route()
            queued = self._new_sms.filtered(lambda s: s.state == "outgoing")
            self.assertEqual(
                set(queued.mapped("number")),
                {"+212600000011", "+212600000012"},
                "each cooperative's manager is told, on her registered number",
            )
            self.env["sms.sms"].sudo()._process_queue()  # sudo: test: run the SMS queue
        self.assertSMSIapSent(["+212600000011"], content=f"OK {po_a.coop_sms_code}")
        self.assertSMSIapSent(["+212600000012"], content=po_b.coop_sms_code)
        self.assertIn(self.product.name, self._find_sms_sent(None, "+212600000011")["body"])

    def test_sms_gives_the_days_to_deliver(self):
        self._available(self.coop_a, self.product, 6)
        order = self._order([(self.product, 6), (self.product2, 4)])
        order.action_confirm()
        po_a = self._po(order, self.coop_a)
        self.assertEqual(len(po_a.order_line), 2)
        # her products have different lead times: the SMS gives the first and the last day
        first, last = po_a.order_line
        first.date_planned = "2030-03-04 10:00:00"
        last.date_planned = "2030-03-06 10:00:00"
        lang = self.coop_a.lang
        days = [format_date(self.env, day, lang_code=lang) for day in ("2030-03-04", "2030-03-06")]
        body = po_a._coop_sms_body("request", lang)
        # days to deliver, not hours: the sentence ends with the last day (the dash plain:
        # the SMS stays in the GSM alphabet)
        self.assertIn(f"{days[0]} - {days[1]}.", body)
        last.date_planned = first.date_planned
        self.assertNotIn(f"{days[0]} -", po_a._coop_sms_body("request", lang))

    def test_sms_deadline_written_like_the_delivery_date(self):
        """The deadline is in the language's own date format, as the day to deliver, with
        hours and minutes: in Arabic without Babel's Latin comma ("2/12/2026, 4:38 م")."""
        self._available(self.coop_a, self.product, 6)
        order = self._order([(self.product, 6)])
        order.action_confirm()
        po_a = self._po(order, self.coop_a)
        self.coop_a.tz = "UTC"  # the time as stored: this test is about how it is written
        po_a.coop_answer_deadline = "2026-12-02 16:38:00"
        day = "2026-12-02"
        for lang, time in (("ar_001", "04:38 م"), ("fr_FR", "16:38"), ("en_US", "16:38")):
            deadline = f"{format_date(self.env, day, lang_code=lang)} {time}"
            self.assertIn(f" {deadline}.", po_a._coop_sms_body("request", lang), lang)
        self.assertIn(" 02 ديسمبر 2026 04:38 م.", po_a._coop_sms_body("reminder", "ar_001"))
        self.assertIn(" 02/12/2026 16:38.", po_a._coop_sms_body("reminder", "fr_FR"))

    def test_sms_keeps_whole_product_names(self):
        """A ç and Arabic make the SMS UCS-2 (67 characters a part, three parts): the
        products that do not fit are counted, never cut."""
        names = {
            "fr_FR": (
                "Huile d'argan grillée façon Tamanar",
                "Amlou aux amandes et au miel de thym du Souss, prêt à tartiner",
                "+1 autre produit",
            ),
            "ar_001": (
                "زيت أركان غذائي",
                "أملو تقليدي باللوز البلدي المحمص وعسل الزعتر الحر من جبال سوس ماسة",
                "+1 منتج آخر",
            ),
        }
        for lang, (first, second, _more) in names.items():
            self.product.with_context(lang=lang).name = first
            self.product2.with_context(lang=lang).name = second
        self._available(self.coop_a, self.product, 6)
        order = self._order([(self.product, 6), (self.product2, 4)])
        order.action_confirm()
        self.env["purchase.order"]._cron_coop_dispatch()  # the job sending new orders
        po_a = self._po(order, self.coop_a)
        self.assertEqual(len(po_a.order_line), 2)
        for lang, (first, second, more) in names.items():
            body = po_a._coop_sms_body("request", lang)
            self.assertLessEqual(len(body), 3 * 67, body)
            self.assertIn(first, body)
            self.assertNotIn(second.split()[0], body, "no half name of the second product")
            self.assertIn(more, body)

    def test_sms_lists_products_as_her_language_writes_a_list(self):
        self._available(self.coop_a, self.product, 6)
        order = self._order([(self.product, 6), (self.product2, 4)])
        order.action_confirm()
        po_a = self._po(order, self.coop_a)
        for lang, separator in (("fr_FR", " ; "), ("ar_001", "؛ "), ("en_US", "; ")):
            body = po_a._coop_sms_body("request", lang)
            first = self.product.with_context(lang=lang).name
            second = self.product2.with_context(lang=lang).name
            self.assertRegex(body, f"{first} 6 [^;؛]+{separator}{second} 4 ", lang)

    def test_arabic_sms_and_app_count_units_as_arabic_does(self):
        """Arabic makes the unit agree with its number: "4 وحدات" (plural from 3 to 10),
        "2 وحدتان" (dual), "11 وحدة" (singular from 11 on), not "4 وحدة" everywhere: in her
        SMS, on her orders and on the cards she answers on; a unit of another language
        reads as before."""
        self._available(self.coop_a, self.product, 11)
        self._available(self.coop_a, self.product2, 4)
        self._available(self.coop_b, self.product, 0)
        self._available(self.coop_b, self.product2, 0)
        order = self._order([(self.product, 11), (self.product2, 4)])
        order.action_confirm()
        self.env["purchase.order"]._cron_coop_dispatch()  # the job sending new orders
        po_a = self._po(order, self.coop_a)
        self.assertEqual(po_a.order_line.mapped("product_qty"), [11.0, 4.0])
        names = {
            lang: [ln.product_id.with_context(lang=lang).name for ln in po_a.order_line]
            for lang in ("ar_001", "fr_FR")
        }
        first, second = names["ar_001"]
        body = po_a._coop_sms_body("request", "ar_001")
        self.assertIn(f"{first} 11 وحدة؛ {second} 4 وحدات.", body)
        first, second = names["fr_FR"]
        body = po_a._coop_sms_body("request", "fr_FR")
        self.assertIn(f"{first} 11 Unité(s) ; {second} 4 Unité(s).", body)
        # on her phone, in Arabic
        arabic = po_a.with_user(self.user_coop_a).with_context(lang="ar_001")
        self.assertEqual(arabic.order_line.mapped("coop_uom_name"), ["وحدة", "وحدات"])
        self.assertIn(": 4 وحدات", arabic.coop_line_summary)
        # the cards she answers on, as she types what she can deliver
        action = arabic.with_context(coop_answer_mode="partial").action_coop_open_answer()
        line = arabic.env["coop.po.answer"].browse(action["res_id"]).line_ids[1]
        self.assertEqual((line.ordered_uom_name, line.accepted_uom_name), ("وحدات", "وحدات"))
        line.accepted_qty = 2
        self.assertEqual(line.accepted_uom_name, "وحدتان")

    def _newest_po(self, pos):
        """The order of the newest allocation: lowering the sale takes from it first."""
        return pos.sorted(lambda po: po.coop_allocation_ids[:1].id)[-1]

    def test_lowering_an_accepted_order_lowers_its_receipt_and_tells_her(self):
        order, po_a, po_b = self._route(10)
        for po in po_a | po_b:
            self.assertTrue(po._coop_answer("accept", channel="staff"))
        newest = self._newest_po(po_a | po_b)
        other = (po_a | po_b) - newest
        number = {po_a: "+212600000011", po_b: "+212600000012"}
        date_planned = newest.order_line.date_planned
        with self.mockSMSGateway():
            self.env["sms.sms"].sudo()._process_queue()  # sudo: test: the earlier SMS go out
        with self.mockSMSGateway():
            order.order_line.product_uom_qty = 7
            self.env["sms.sms"].sudo()._process_queue()  # sudo: test: run the SMS queue
        # her order and its receipt expect 3 less; she is told what to prepare now
        self.assertEqual(newest.order_line.product_qty, 2.0)
        self.assertEqual(newest.order_line.date_planned, date_planned, "her date stays")
        self.assertEqual(newest.order_line.move_ids.mapped("product_uom_qty"), [2.0])
        self.assertEqual(other.order_line.move_ids.mapped("product_uom_qty"), [5.0])
        self.assertSMSIapSent([number[newest]], content=f"{self.product.name} 2 ")
        self.assertConserved(order)
        # lowered to nothing: her order and its receipt are cancelled, and she is told
        with self.mockSMSGateway():
            order.order_line.product_uom_qty = 3
            self.env["sms.sms"].sudo()._process_queue()  # sudo: test: run the SMS queue
        self.assertEqual(newest.state, "cancel")
        self.assertEqual(newest.coop_answer_state, "cancelled")
        self.assertEqual(set(newest.picking_ids.mapped("state")), {"cancel"})
        body = newest._coop_sms_body("cancelled", newest.partner_id.coop_manager_ids.lang)
        self.assertSMSIapSent([number[newest]], content=body)
        self.assertEqual(other.order_line.move_ids.mapped("product_uom_qty"), [3.0])
        self.assertConserved(order)
        # nothing was delivered yet: no surplus for staff to deal with
        self.assertFalse(order.activity_search([SURPLUS]))
        # what is left arrives and goes to the customer, with no stock left over
        self._receive(other)
        delivery_move = order.order_line.move_ids.filtered(lambda m: m.state != "cancel")
        self.assertEqual((delivery_move.state, delivery_move.quantity), ("assigned", 3.0))
        self.assertEqual(other.order_line.qty_received, 3.0)

    def test_lowering_an_order_already_received_keeps_what_arrived(self):
        order, po_a, po_b = self._route(10)
        staff = order._coop_staff_user()
        staff.lang = "en_US"
        for po in po_a | po_b:
            self.assertTrue(po._coop_answer("accept", channel="staff"))
            self._receive(po)
        supply = {
            po: self._sourcing(po.partner_id, self.product).qty_available for po in po_a | po_b
        }
        # the goods are at the central warehouse: the customer can still take fewer
        order.order_line.product_uom_qty = 6
        # what they delivered is no longer theirs to sell again
        for po, qty in supply.items():
            self.assertEqual(self._sourcing(po.partner_id, self.product).qty_available, qty)
        # the cooperatives delivered 5 each: their orders (and payouts) keep it, the rest
        # stays in the central stock
        self.assertEqual((po_a | po_b).order_line.mapped("product_qty"), [5.0, 5.0])
        self.assertConserved(order)
        cancelled = order.coop_allocation_ids.filtered(lambda a: a.state == "cancelled")
        self.assertEqual(sum(cancelled.mapped("qty")), 4.0)
        self.assertIn("central stock", cancelled[0].reason)
        delivery_move = order.order_line.move_ids.filtered(
            lambda m: m.state != "cancel" and m.location_dest_id.usage == "customer"
        )
        self.assertEqual((delivery_move.state, delivery_move.quantity), ("assigned", 6.0))
        # staff are told, in their language, what is left in the central stock and from whom
        staff.lang = "fr_FR"
        order.order_line.product_uom_qty = 5
        surplus = order.activity_search([SURPLUS])
        self.assertEqual((len(surplus), surplus.user_id), (1, staff))
        notes = surplus.note.split("<br>")
        self.assertEqual(len(notes), 2, "one activity, one line per lowering")
        self.assertIn(f"4 Units of {self.product.display_name}", notes[0])
        self.assertIn(self.coop_b.name, notes[0] + notes[1])
        self.assertIn("1 Unité(s)", notes[1])
        self.assertIn("stock central", notes[1])

    def _one_cooperative_order(self, lines):
        """A sales order of ``lines`` that only the first cooperative can take, accepted."""
        for product, _qty in lines:
            self._available(self.coop_b, product, 0)
        order = self._order(lines)
        order.action_confirm()
        self.env["purchase.order"]._cron_coop_dispatch()  # the job sending new orders
        po = self._po(order, self.coop_a)
        self.assertTrue(po._coop_answer("accept", channel="staff"))
        return order, po

    def test_lowering_two_lines_of_one_cooperative_order_sends_one_sms(self):
        order, po = self._one_cooperative_order([(self.product, 5), (self.product2, 4)])
        with self.mockSMSGateway():
            self.env["sms.sms"].sudo()._process_queue()  # sudo: test: the earlier SMS go out
        with self.mockSMSGateway():
            order.order_line.write({"product_uom_qty": 2})
        lowered = self._new_sms.filtered(lambda sms: po.coop_sms_code in sms.body)
        self.assertEqual(len(lowered), 1)
        self.assertEqual(po.order_line.mapped("product_qty"), [2.0, 2.0])

    def test_one_save_lowering_two_lines_sends_one_sms_with_both_figures(self):
        order, po = self._one_cooperative_order([(self.product, 5), (self.product2, 4)])
        line_x, line_y = order.order_line
        with self.mockSMSGateway():
            # the sales order's form saves its lines, one command (one write) each
            order.write(
                {
                    "order_line": [
                        Command.update(line_x.id, {"product_uom_qty": 3}),
                        Command.update(line_y.id, {"product_uom_qty": 1}),
                    ]
                }
            )
        lowered = self._new_sms.filtered(lambda sms: po.coop_sms_code in sms.body)
        self.assertEqual(len(lowered), 1, "one message per cooperative order")
        self.assertIn(f"{self.product.name} 3 ", lowered.body)
        self.assertIn(f"{self.product2.name} 1 ", lowered.body)

    def test_lowering_after_a_partial_receipt_asks_for_nothing_more(self):
        order, po = self._one_cooperative_order([(self.product, 10), (self.product2, 5)])
        receipt = po.picking_ids
        line_x = po.order_line.filtered(lambda ln: ln.product_id == self.product)
        for move in receipt.move_ids:
            move.quantity = 9.0 if move.product_id == self.product else 0.0
            move.picked = move.product_id == self.product
        receipt.with_context(cancel_backorder=False)._action_done()
        backorder = po.picking_ids - receipt
        self.assertEqual(
            sorted(backorder.move_ids.mapped("product_uom_qty")), [1.0, 5.0], "X:1 and Y:5"
        )
        order.order_line.filtered(lambda ln: ln.product_id == self.product).product_uom_qty = 6
        # she delivered 9: her order keeps them, and she is asked for no more of them
        self.assertEqual(line_x.product_qty, 9.0)
        open_x = (po.picking_ids.move_ids - receipt.move_ids).filtered(
            lambda m: m.product_id == self.product and m.state not in ("done", "cancel")
        )
        self.assertFalse(open_x)
        self.assertConserved(order)

    def test_lowered_sms_lists_only_what_is_left_to_deliver(self):
        order, po = self._one_cooperative_order([(self.product, 10), (self.product2, 5)])
        receipt = po.picking_ids
        for move in receipt.move_ids:
            move.quantity = 10.0 if move.product_id == self.product else 3.0
            move.picked = True
        receipt.with_context(cancel_backorder=False)._action_done()
        line_y = order.order_line.filtered(lambda ln: ln.product_id == self.product2)
        code = po.coop_sms_code
        # she brought all of X and 3 of Y: she is asked for the 1 of Y still missing only
        with self.mockSMSGateway():
            line_y.product_uom_qty = 4
        (lowered,) = self._new_sms.filtered(lambda sms: code in sms.body).mapped("body")
        self.assertIn(f"Left to deliver: {self.product2.name} 1 ", lowered)
        self.assertNotIn(self.product.name, lowered, "X is all delivered")
        # lowered to what she brought: she has nothing more to bring
        with self.mockSMSGateway():
            line_y.product_uom_qty = 3
        self.assertEqual(po.order_line.mapped("product_qty"), [10.0, 3.0])
        (lowered,) = self._new_sms.filtered(lambda sms: code in sms.body).mapped("body")
        self.assertEqual(lowered, f"GIE order {code} is lowered: nothing more to deliver.")

    def test_lowering_after_an_over_delivery_keeps_her_order(self):
        order, po = self._one_cooperative_order([(self.product, 10)])
        supply = self._sourcing(self.coop_a, self.product).qty_available
        receipt = po.picking_ids
        receipt.move_ids.quantity = 11.0
        receipt.move_ids.picked = True
        receipt._action_done()
        order.order_line.product_uom_qty = 8
        self.assertEqual(po.order_line.product_qty, 10.0)
        self.assertEqual(po.state, "purchase")
        self.assertTrue(all(qty > 0 for qty in order.coop_allocation_ids.mapped("qty")))
        self.assertEqual(self._sourcing(self.coop_a, self.product).qty_available, supply)
        self.assertConserved(order)

    def test_dropping_a_waiting_share_keeps_the_delivery_waiting_on_order(self):
        order, po_a, po_b = self._route(10)
        self.assertTrue(po_a._coop_answer("accept", channel="staff"))
        delivery_move = order.order_line.move_ids
        order.order_line.product_uom_qty = 5  # the waiting order of B is no longer needed
        self.assertEqual(po_b.state, "cancel")
        self.assertEqual(delivery_move.procure_method, "make_to_order")
        self._receive(po_a)
        self.assertEqual((delivery_move.state, delivery_move.quantity), ("assigned", 5.0))

    def test_sms_out_leaves_the_confirming_user_out_of_the_followers(self):
        # Odoo makes procurement's purchase orders as superuser so that whoever confirms the
        # sale does not follow them; telling the cooperatives by SMS must not change that.
        salesman = new_test_user(
            self.env, login="coop_salesman", groups="sales_team.group_sale_salesman_all_leads"
        )
        self._available(self.coop_a, self.product, 5)
        order = self._order([(self.product, 10)])
        with self.mockSMSGateway():
            order.with_user(salesman).action_confirm()
            self.env["purchase.order"]._cron_coop_dispatch()  # the job sending new orders
        pos = order.coop_purchase_ids
        self.assertEqual(len(pos), 2)
        self.assertEqual(
            len(self._new_sms), 2, "each cooperative was told by SMS, from the order's chatter"
        )
        self.assertFalse(
            pos.message_follower_ids.filtered(lambda f: f.partner_id == salesman.partner_id)
        )

    def test_her_chatter_and_inbox_show_her_cooperative_only(self):
        """The SMS of another cooperative's order (her number, her order) are out of the
        manager's reach; her inbox and the chatter of her orders still load, and she still
        answers and writes there."""
        with self.mockSMSGateway():
            _order, po_a, po_b = self._route()
        Notification = self.env["mail.notification"]
        self.assertTrue(Notification.search([("sms_number", "=", "+212600000012")]))
        self.user_coop_a.notification_type = "inbox"
        question = po_a.with_user(self.user_staff).message_post(
            body="Can you deliver on Monday?",
            partner_ids=self.user_coop_a.partner_id.ids,
            subtype_xmlid="mail.mt_comment",
        )
        seen = Notification.with_user(self.user_coop_a).search_read(
            [], ["sms_number", "mail_message_id", "res_partner_id"]
        )
        self.assertEqual({n["sms_number"] for n in seen}, {"+212600000011", False})
        self.assertEqual(
            {n["mail_message_id"][0] for n in seen} & set(po_b.message_ids.ids),
            set(),
            "nothing of the other cooperative's order",
        )

        self.authenticate("coop_a_manager", "coop_a_manager")
        inbox = self.make_jsonrpc_request("/mail/inbox/messages", {})
        self.assertIn(question.id, inbox["messages"])
        thread = {"thread_model": "purchase.order", "thread_id": po_a.id}
        data = self.make_jsonrpc_request("/mail/thread/messages", thread)["data"]
        her_sms = [n for n in data["mail.notification"] if n["notification_type"] == "sms"]
        self.assertEqual(len(her_sms), 1, "her chatter shows the SMS she was sent")
        with self.mockSMSGateway():
            self.make_jsonrpc_request(
                "/web/dataset/call_button",
                {
                    "model": "purchase.order",
                    "method": "action_coop_accept",
                    "args": [po_a.ids],
                    "kwargs": {},
                },
            )
        self.assertEqual(po_a.coop_answer_state, "accepted")
        self.assertEqual(self._new_sms.number, "+212600000011", "her answer is confirmed")
        # she writes to the central in her cooperative's chatter (her orders are read-only)
        self.coop_a.message_subscribe(partner_ids=self.user_staff.partner_id.ids)
        coop = {"thread_model": "res.partner", "thread_id": self.coop_a.id}
        self.make_jsonrpc_request(
            "/mail/message/post",
            {
                **coop,
                "post_data": {
                    "body": "Yes, Monday.",
                    "message_type": "comment",
                    "subtype_xmlid": "mail.mt_comment",
                },
            },
        )
        data = self.make_jsonrpc_request("/mail/thread/messages", coop)["data"]
        [answer] = [m for m in data["mail.message"] if "Yes, Monday." in str(m["body"])]
        self.assertEqual(
            [n["persona"]["id"] for n in data["mail.notification"] if n["message"] == answer["id"]],
            self.user_staff.partner_id.ids,
            "she sees whom her message reached",
        )

    def test_sms_in_each_managers_language(self):
        """Each manager reads her SMS in her own language, not her cooperative's (else in
        the cooperative's); managers reading the same language share one post."""
        self.coop_b.lang = "fr_FR"
        self.user_coop_b.lang = "ar_001"
        second = self._create_coop_manager(self.coop_b, "coop_b_manager2", lang="ar_001")
        third = self._create_coop_manager(self.coop_b, "coop_b_manager3")
        second.partner_id.mobile = "+212600000013"
        third.partner_id.write({"mobile": "+212600000014", "lang": False})
        arabic, french = ["+212600000012", "+212600000013"], ["+212600000014"]

        def check(po, arabic_text, french_text):
            sms = self._new_sms.filtered(lambda s: s.number in arabic + french)
            self.assertEqual(len(sms), 3)
            for one in sms:
                expected = arabic_text if one.number in arabic else french_text
                self.assertIn(expected, one.body, one.number)
            posts = po.message_ids.filtered(lambda m: m.message_type == "sms" and m.id in ids)
            self.assertEqual(
                sorted(len(post.notification_ids) for post in posts), [1, 2], "a post per lang"
            )

        ids = self.env["mail.message"].search([]).ids
        with self.mockSMSGateway():
            _order, _po_a, po_b = self._route()
        ids = self.env["mail.message"].search([("id", "not in", ids)]).ids
        check(po_b, "طلبية المجموعة", "Commande GIE")
        # an answer that cannot be applied is explained to her who wrote it, alone
        with self.mockSMSGateway():
            response = self._post(
                {"id": "gw-l0", "from": "+212600000013", "text": f"OK {po_b.coop_sms_code} -1"}
            )
            self.assertEqual(response.status_code, 422, response.text)
            self.assertEqual(self._new_sms.mapped("number"), ["+212600000013"])
            self.assertIn("طلبية المجموعة", self._new_sms.body)
        # the confirmation of her refusal, whoever answers
        ids = self.env["mail.message"].search([]).ids
        with self.mockSMSGateway():
            response = self._post(
                {"id": "gw-l1", "from": "+212600000013", "text": f"NON {po_b.coop_sms_code}"}
            )
            self.assertEqual(response.status_code, 200, response.text)
            ids = self.env["mail.message"].search([("id", "not in", ids)]).ids
            check(po_b, "رُفضت طلبية المجموعة", f"Commande GIE {po_b.coop_sms_code} refusée")

    def test_sms_in_reason_as_typed(self):
        """Staff read her reason as she typed it (case, accents, punctuation, Arabic)."""
        _order, po_a, po_b = self._route()
        response = self._post(
            {
                "id": "gw-r1",
                "from": "+212600000012",
                "text": f"non {po_b.coop_sms_code}:  Pas assez de savon, désolée!",
            }
        )
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual(po_b.coop_refusal_reason, "Pas assez de savon, désolée!")
        # an acceptance holds no reason (words after its quantity may change it): a refusal
        text = f"لا {po_a.coop_sms_code} نَفِدت الأكياس، آسفة"
        response = self._post({"id": "gw-r2", "from": "+212600000011", "text": text})
        self.assertEqual(response.json()["status"], "applied", response.text)
        self.assertEqual(po_a.coop_refusal_reason, "نَفِدت الأكياس، آسفة")

    def test_sms_in_signed_quantity_is_a_bad_quantity(self):
        _order, po_a, _po_b = self._route()
        code = po_a.coop_sms_code
        sender = {"from": "+212600000011"}
        # a dash apart from the quantity may be a minus as well: she is asked again
        for uid, qty in (
            ("gw-s1", "-3"),
            ("gw-s2", "+3"),
            ("gw-s3", "−2"),
            ("gw-s4", "- 3"),
            ("gw-s5", "– 3"),
        ):
            with self.mockSMSGateway():
                response = self._post(dict(sender, id=uid, text=f"OK {code} {qty}"))
                self.assertEqual(response.status_code, 422, qty)
                self.assertEqual(response.json()["error"], "bad_quantity")
                sms = self._new_sms.filtered(lambda s: s.number == "+212600000011")
                self.assertIn("between 0 and the quantity ordered", sms.body)
                # with an example of the answer she must give
                self.assertIn(f"e.g. OK {code} 5.", sms.body)  # what she was ordered
                # in the order's history, the platform wrote it, not "Public user"
                self.assertEqual(sms.mail_message_id.author_id, self.env.ref("base.partner_root"))
            self.assertEqual(po_a.coop_answer_state, "waiting")
            self.assertEqual(po_a.order_line.product_qty, 5.0)

    def test_sms_in_accept_replay_and_bad_input(self):
        _order, po_a, _po_b = self._route()
        code = po_a.coop_sms_code
        good = {"id": "gw-1", "from": "+212600000011", "text": f"  ok {code} "}
        # bad input: 4xx, nothing changes
        self.assertEqual(self._post(good, secret=None).status_code, 403)
        self.assertEqual(self._post(good, secret="wrong").status_code, 403)
        self.assertEqual(self._post(dict(good, text="")).status_code, 400)
        # a number nobody registered: 403, not recorded, no SMS to a stranger (what a
        # manager sends that cannot be applied: see test_sms_in_not_understood_...)
        self.assertEqual(self._post(dict(good, **{"from": "+212699999999"})).status_code, 403)
        self.assertEqual(
            self._post(dict(good, **{"from": "+212699999999", "text": "bonjour"})).status_code,
            403,
        )
        # a sender id without digits is nobody's number (not a manager without mobile)
        self.assertEqual(self._post(dict(good, **{"from": "COOPGW"})).status_code, 403)
        # the secret is taken from the header only, never from the request parameters
        self.assertEqual(self._post(dict(good, secret="s3cret"), secret=None).status_code, 403)
        self.assertEqual(self._post(good, secret="sécret").status_code, 403)
        bad_json = self.url_open(
            WEBHOOK,
            data="{not json",
            headers={"X-Coop-Secret": "s3cret", "Content-Type": "application/json"},
        )
        self.assertEqual(bad_json.status_code, 400)
        # NUL characters (PostgreSQL refuses them) and JSON values that are not text
        for bad in ({"id": "\x00"}, {"text": f"OK {code} \x00"}, {"from": "+212600000011\x00"}):
            self.assertEqual(self._post(dict(good, **bad)).status_code, 400, bad)
            self.assertEqual(self._post(dict(good, **bad), as_json=True).status_code, 400, bad)
        # bytes that are not UTF-8: what she sent is unknown
        raw = f"id=gw-1&from=%2B212600000011&text=OK+{code}+".encode() + b"\xff\xfe\xfa"
        response = self.url_open(
            WEBHOOK,
            data=raw,
            headers={
                "X-Coop-Secret": "s3cret",
                "Content-Type": "application/x-www-form-urlencoded",
            },
        )
        self.assertEqual(response.status_code, 400)
        self.assertEqual(
            self._post(dict(good, text=f"OK {code} \ufffd"), as_json=True).status_code, 400
        )
        # posts far beyond an SMS: refused before anything is read or stored
        self.assertEqual(self._post(dict(good, text=f"NON {code} " + "x" * 1600)).status_code, 413)
        self.assertEqual(self._post(dict(good, junk="x" * 20000)).status_code, 413)
        for bad in ({"id": ["gw-1"]}, {"id": 12}, {"from": 212600000011}, {"text": {"a": "b"}}):
            response = self._post(dict(good, **bad), as_json=True)
            self.assertEqual(response.status_code, 400, bad)
            self.assertEqual(response.json()["error"], "invalid_parameter")
        self.assertEqual(po_a.coop_answer_state, "waiting")
        self.assertFalse(self.env["coop.sms.inbound"].search([]))
        # the real answer
        response = self._post(good)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["status"], "applied")
        self.assertEqual(
            (po_a.state, po_a.coop_answer_state, po_a.coop_answer_channel),
            ("purchase", "accepted", "sms"),
        )
        # she answered herself: her answer is confirmed to her all the same
        confirmation = self.env["sms.sms"].search(
            [("number", "=", "+212600000011"), ("body", "like", f"{code} is accepted")]
        )
        self.assertEqual(len(confirmation), 1)
        pickings = po_a.picking_ids
        # a replay changes nothing
        response = self._post(good)
        self.assertEqual(response.json()["status"], "duplicate")
        self.assertEqual(self.env["coop.sms.inbound"].search_count([]), 1)
        self.assertEqual(po_a.picking_ids, pickings)
        # the same answer sent twice (new message id) is recognised as already answered
        response = self._post(dict(good, id="gw-2"))
        self.assertEqual(response.json()["status"], "already_answered")
        self.assertEqual(po_a.picking_ids, pickings)

    def test_sms_in_greeting_and_a_code_in_groups_are_applied(self):
        """A greeting before the keyword, a code written in two groups: her answer is
        applied, not dropped."""
        _order, po_a, po_b = self._route()
        code_a, code_b = po_a.coop_sms_code, po_b.coop_sms_code
        for uid, number, text, po in (
            ("gw-g1", "+212600000011", f"Bonjour, OK {code_a[:3]} {code_a[3:]}", po_a),
            ("gw-g2", "+212600000012", f"السلام عليكم نعم {code_b}", po_b),
        ):
            response = self._post({"id": uid, "from": number, "text": text})
            self.assertEqual(response.status_code, 200, response.text)
            self.assertEqual(response.json()["status"], "applied")
            self.assertEqual(po.coop_answer_state, "accepted", text)

    def _inbound(self, uid):
        return self.env["coop.sms.inbound"].search([("message_uid", "=", uid)])

    def test_sms_in_not_understood_is_recorded_and_answered(self):
        """A registered manager's SMS that applies to no order of hers (no yes or no, a
        wrong code, another cooperative's code, no code while two orders wait): staff see
        it and why, she is told how to answer, with the codes of her orders waiting."""
        (self.user_coop_b.partner_id | self.coop_b).lang = "en_US"
        _order, po_a, po_b = self._route()
        _order2, po_a2, po_b2 = self._route()
        self.assertTrue(po_b2._coop_answer("accept", channel="staff"))  # B has one waiting
        # the first due first
        waiting = sorted(po_a | po_a2, key=lambda po: (po.coop_answer_deadline, po.id))
        codes_a = [po.coop_sms_code for po in waiting]
        code_b = po_b.coop_sms_code
        for uid, text, status, error in (
            ("gw-n1", "Bonjour", 400, "not_understood"),
            ("gw-n2", "OK 000000", 404, "unknown_code"),
            ("gw-n3", "OK", 404, "unknown_code"),  # two orders wait: which one?
        ):
            with self.mockSMSGateway():
                response = self._post({"id": uid, "from": "+212600000011", "text": text})
                self.assertEqual(response.status_code, status, text)
                self.assertEqual(self._new_sms.mapped("number"), ["+212600000011"], text)
                body = self._new_sms.body
            self.assertIn("your SMS is not understood, nothing is changed", body)
            self.assertIn(f"e.g. OK {codes_a[0]} or NON {codes_a[0]}", body)
            self.assertIn(f"waiting for your answer: {codes_a[0]}; {codes_a[1]}.", body)
            inbound = self._inbound(uid)
            self.assertEqual(
                (inbound.partner_id, inbound.user_id, inbound.purchase_id, inbound.body),
                (self.coop_a, self.user_coop_a, self.env["purchase.order"], text),
            )
            self.assertEqual((inbound.result, inbound.error), ("not_applied", error))
        # B answers with A's code: A's order is not hers; she has one order waiting
        with self.mockSMSGateway():
            response = self._post(
                {"id": "gw-n4", "from": "+212600000012", "text": f"OK {codes_a[0]}"}
            )
            self.assertEqual(response.status_code, 404)
            self.assertEqual(self._new_sms.mapped("number"), ["+212600000012"])
            self.assertIn(
                f"not understood, nothing is changed. Reply OK {code_b} to accept GIE order "
                f"{code_b} or NON {code_b} to refuse it.",
                self._new_sms.body,
            )
        self.assertEqual(self._inbound("gw-n4").partner_id, self.coop_b)
        self.assertEqual(
            (po_a | po_a2 | po_b).mapped("coop_answer_state"), ["waiting"] * 3, "nothing changed"
        )
        # the gateway replays one: no second SMS
        with self.mockSMSGateway():
            response = self._post({"id": "gw-n1", "from": "+212600000011", "text": "Bonjour"})
            self.assertEqual(response.json()["status"], "duplicate")
            self.assertFalse(self._new_sms)
        # a stranger is neither answered nor recorded
        with self.mockSMSGateway():
            response = self._post({"id": "gw-n5", "from": "+212699999999", "text": "Bonjour"})
            self.assertEqual(response.status_code, 403)
            self.assertFalse(self._new_sms)
        self.assertFalse(self._inbound("gw-n5"))

    def test_sms_in_not_understood_answered_three_times_an_hour_at_most(self):
        """An answering machine replying to each SMS telling her she is not understood
        would make an endless exchange: the fourth in an hour is recorded, not answered."""
        self._route()
        for index in range(4):
            with self.mockSMSGateway():
                response = self._post(
                    {"id": f"gw-h{index}", "from": "+212600000011", "text": "Absente"}
                )
                self.assertEqual(response.status_code, 400)
                self.assertEqual(len(self._new_sms), 1 if index < 3 else 0, index)
            self.assertEqual(self._inbound(f"gw-h{index}").error, "not_understood")

    def test_sms_in_not_understood_limit_counts_her_number_in_any_form(self):
        """The gateway may write her number in local or international form: the limit
        counts her number, however written."""
        self._route()
        for index, number in enumerate(
            ("+212600000011", "0600000011", "212600000011", "+212 6 00 00 00 11")
        ):
            with self.mockSMSGateway():
                response = self._post({"id": f"gw-f{index}", "from": number, "text": "Absente"})
                self.assertEqual(response.status_code, 400)
                self.assertEqual(len(self._new_sms), 1 if index < 3 else 0, number)
            self.assertEqual(self._inbound(f"gw-f{index}").error, "not_understood")

    def test_sms_in_unclear_answer_is_asked_again(self):
        """Words or numbers she wrote that could change what she accepts (only 3 of the 5,
        1 500, 1.500, "labas" then yes) are not guessed: nothing changes, she is asked to
        answer again in the expected form."""
        _order, po_a, _po_b = self._route()
        code = po_a.coop_sms_code
        for index, text in enumerate(
            (
                f"OK {code} mais seulement 3",
                f"OK {code} 1 500",
                f"OK {code} 1.500",
                f"OK {code} merci",
                f"لا باس نعم {code}",
                f"Pas OK {code}",
                f"لا بأس {code}",
                f"OK {code} 2 et demi",
            )
        ):
            uid = f"gw-u{index}"
            with self.mockSMSGateway():
                response = self._post({"id": uid, "from": "+212600000011", "text": text})
                self.assertEqual(response.status_code, 422, text)
                self.assertEqual(response.json()["error"], "unclear")
                (body,) = self._new_sms.filtered(lambda s: s.number == "+212600000011").mapped(
                    "body"
                )
            self.assertIn(f"GIE order {code}: your answer is not clear, nothing is changed", body)
            # a part of it as the example (half of the 5 ordered), not all of it
            self.assertIn(f"e.g. OK {code} 3, or NON {code} to refuse it.", body)
            self.assertEqual((po_a.coop_answer_state, po_a.order_line.product_qty), ("waiting", 5))
            self.assertEqual(
                (self._inbound(uid).purchase_id, self._inbound(uid).error), (po_a, "unclear")
            )
        # said plainly, it is applied
        response = self._post({"id": "gw-u9", "from": "+212600000011", "text": f"OK {code} 3"})
        self.assertEqual(response.json()["status"], "applied", response.text)
        self.assertEqual((po_a.coop_answer_state, po_a.order_line.product_qty), ("partial", 3))

    def test_sms_in_unclear_answer_to_one_unit(self):
        """One unit ordered: no part of it to give as an example of accepting part."""
        _order, po_a, _po_b = self._route(qty=2, available_a=1)
        code = po_a.coop_sms_code
        with self.mockSMSGateway():
            response = self._post(
                {"id": "gw-u1", "from": "+212600000011", "text": f"Pas OK {code}"}
            )
            self.assertEqual(response.json()["error"], "unclear", response.text)
            sms = self._new_sms.filtered(lambda s: s.number == "+212600000011")
        self.assertIn(f"GIE order {code}: your answer is not clear, nothing is changed.", sms.body)
        self.assertIn(f"Reply OK {code} to accept it (", sms.body)
        self.assertIn(f") or NON {code} to refuse it.", sms.body)
        self.assertNotIn("e.g.", sms.body)
        self.assertEqual(po_a.coop_answer_state, "waiting")

    def test_sms_in_unclear_answer_to_several_products(self):
        order = self._order([(self.product, 4), (self.product2, 4)])
        order.action_confirm()
        self.env["purchase.order"]._cron_coop_dispatch()  # the job sending new orders
        po_a = self._po(order, self.coop_a)
        # no code: her one order waiting
        with self.mockSMSGateway():
            response = self._post(
                {"id": "gw-um", "from": "+212600000011", "text": "OK sauf le savon"}
            )
            self.assertEqual(response.json()["error"], "unclear", response.text)
            sms = self._new_sms.filtered(lambda s: s.number == "+212600000011")
        code = po_a.coop_sms_code
        self.assertIn(f"GIE order {code}: your answer is not clear", sms.body)
        self.assertIn(f"or NON {code} to refuse it; accept part of it in the app.", sms.body)
        self.assertEqual(po_a.coop_answer_state, "waiting")

    def test_sms_in_from_a_cooperative_without_manager(self):
        """Her manager left: the cooperative gets her orders' SMS on its own number, and
        answers from it."""
        self.user_coop_b.active = False
        with self.mockSMSGateway():
            _order, _po_a, po_b = self._route()
            self.assertIn("+212600000002", self._new_sms.mapped("number"))
        response = self._post(
            {"id": "gw-w", "from": "+212600000002", "text": f"NON {po_b.coop_sms_code}"}
        )
        self.assertEqual(response.json().get("status"), "applied", response.text)
        self.assertEqual(po_b.coop_answer_state, "refused")
        self.assertEqual(self._inbound("gw-w").partner_id, self.coop_b)
        # staff read who answered: the cooperative, not the public user of the webhook
        notes = " ".join(str(body) for body in po_b.message_ids.mapped("body"))
        self.assertIn("Refused by Coopérative Test B.", notes)
        self.assertNotIn("Public user", notes)

    def test_one_mobile_number_per_cooperative(self):
        """Two cooperatives (or their managers) with one mobile number: the answers of one
        would be taken for the other's. Refused, naming the other; a cooperative and its
        own managers may share one."""
        coop_b = self.coop_b.with_context(lang="en_US")
        partner_b = self.user_coop_b.partner_id.with_context(lang="en_US")
        user = new_test_user(self.env, login="coop_b_manager2", mobile="+212600000001")

        def refused(change):
            with self.assertRaises(ValidationError) as caught:
                change()
            self.assertIn(
                f"already registered for the SMS of cooperative {self.coop_a.name}:",
                caught.exception.args[0],
            )

        for record, number in (
            (coop_b, "+212600000001"),  # A's
            (coop_b, "06 00 00 00 11"),  # A's manager's, written as people do
            (partner_b, "0600000001"),
            (partner_b, "+212 600-000011"),
        ):
            refused(lambda record=record, number=number: record.write({"mobile": number}))
        refused(lambda: self._create_cooperative("Coop C", "CPC", mobile="+212600000011"))
        # B's manager, in her preferences (a write of her own user)
        manager_b = self.user_coop_b.with_user(self.user_coop_b).with_context(lang="en_US")
        refused(lambda: manager_b.write({"mobile": "06 00 00 00 01"}))
        self.assertEqual(partner_b.mobile, "+212600000012")
        # a user with A's number becomes B's manager
        refused(lambda: user.with_context(lang="en_US").write({"coop_id": self.coop_b.id}))
        # within a cooperative, and for other partners, one number may serve twice
        self.user_coop_a.partner_id.mobile = self.coop_a.mobile
        self.customer.mobile = self.coop_a.mobile
        self.assertEqual(
            self.env["purchase.order"]._coop_sms_sender("+212600000001").coop, self.coop_a
        )

    def test_sms_in_refusal_whose_rerouting_fails_changes_nothing(self):
        """Her refusal cannot be re-routed (no route to buy it): nothing of it is applied,
        she is told by SMS her answer is not recorded and the central will call her, staff
        see her SMS and get one activity (however many times she sends it) to call her,
        done once the order no longer waits for her answer."""
        (self.user_coop_b.partner_id | self.coop_b).lang = "en_US"
        order, _po_a, po_b = self._route(2)
        staff = po_b._coop_staff_user()
        staff.lang = "en_US"
        self._available(self.coop_a, self.product, 5)
        routes = self.product.route_ids
        self.product.route_ids = [Command.clear()]
        code = po_b.coop_sms_code
        for uid in ("gw-f", "gw-f2"):
            with self.mockSMSGateway():
                response = self._post({"id": uid, "from": "+212600000012", "text": f"NON {code}"})
                self.assertEqual(response.status_code, 409, response.text)
                # the SMS of her refusal was rolled back with it
                sms = self._new_sms.exists()
                self.assertEqual(sms.number, "+212600000012")
                self.assertEqual(
                    sms.body,
                    f"GIE order {code}: your answer could not be recorded now, nothing is "
                    "changed. The central will call you.",
                )
        activity = po_b.activity_search([NOT_RECORDED])
        self.assertEqual(len(activity), 1, "one activity, however many answers fail")
        self.assertEqual(activity.user_id, staff)
        self.assertIn("her answer could not be recorded", str(activity.note))
        self.assertIn("No rule has been found to replenish", str(activity.note))
        self.assertEqual((po_b.state, po_b.coop_answer_state), ("sent", "waiting"))
        self.assertEqual(po_b.coop_allocation_ids.mapped("state"), ["waiting"])
        self.assertFalse(
            order.coop_allocation_ids.filtered(lambda a: a.state == "waiting" and not a.purchase_id)
        )
        self.assertConserved(order)
        inbound = self.env["coop.sms.inbound"].search([("message_uid", "=", "gw-f")])
        self.assertEqual((inbound.purchase_id, inbound.result), (po_b, "not_applied"))
        self.product.route_ids = routes
        self.assertTrue(po_b._coop_answer("refuse", channel="staff", reason="by phone"))
        self.assertFalse(activity.exists())

    def test_sms_in_answer_to_a_closed_order_is_told_and_recorded(self):
        """She answers an order already accepted, expired or cancelled: nothing changes,
        she is told by SMS her answer is not applied, staff see her SMS."""
        (self.user_coop_b.partner_id | self.coop_b).lang = "en_US"
        order, po_a, po_b = self._route()
        self._available(self.coop_a, self.product, 5)
        self.assertTrue(po_a._coop_answer("accept", channel="staff"))
        po_b.coop_answer_deadline = fields.Datetime.now() - timedelta(minutes=1)
        self.env["purchase.order"]._cron_coop_deadlines()
        self.env["purchase.order"]._cron_coop_dispatch()  # B's 5 go to A
        po_a2 = self._po(order, self.coop_a) - po_a

        def answer(uid, number, text, expected):
            with self.mockSMSGateway():
                response = self._post({"id": uid, "from": number, "text": text})
                self.assertEqual(response.status_code, 200, response.text)
                self.assertEqual(response.json()["status"], "already_answered")
                self.assertEqual(self._new_sms.mapped("number"), [number])
                self.assertIn(expected, self._new_sms.body)
            inbound = self.env["coop.sms.inbound"].search([("message_uid", "=", uid)])
            self.assertEqual(inbound.result, "already_answered")
            return inbound

        code_a, code_b = po_a.coop_sms_code, po_b.coop_sms_code
        inbound = answer(
            "gw-c1",
            "+212600000011",
            f"NON {code_a}",
            f"GIE order {code_a} was already accepted: your new answer is not applied.",
        )
        self.assertEqual(inbound.purchase_id, po_a)
        self.assertEqual(po_a.coop_answer_state, "accepted")
        inbound = answer(
            "gw-c2",
            "+212600000012",
            f"OK {code_b}",
            f"GIE order {code_b} expired before your answer: your answer is not applied.",
        )
        self.assertEqual(inbound.purchase_id, po_b)
        self.assertEqual(po_b.coop_answer_state, "expired")
        # an answer without code goes to her one order waiting: the SMS says which
        with self.mockSMSGateway():
            response = self._post({"id": "gw-c3", "from": "+212600000011", "text": "OK"})
            self.assertEqual(response.json()["order"], po_a2.name)
            self.assertIn(f"GIE order {po_a2.coop_sms_code} is accepted", self._new_sms.body)
        order._action_cancel()
        answer(
            "gw-c4",
            "+212600000011",
            f"NON {po_a2.coop_sms_code}",
            f"GIE order {po_a2.coop_sms_code} is cancelled: your answer is not applied.",
        )
        self.assertEqual(po_a2.coop_answer_state, "cancelled")

    def test_sms_expired_says_only_what_happened(self):
        """Nobody else can take her expired order: her SMS does not say another
        cooperative did."""
        (self.user_coop_b.partner_id | self.coop_b).lang = "en_US"
        order, _po_a, po_b = self._route(2)
        po_b.coop_answer_deadline = fields.Datetime.now() - timedelta(minutes=1)
        with self.mockSMSGateway():
            self.env["purchase.order"]._cron_coop_deadlines()
            sms = self._new_sms.filtered(lambda s: s.number == "+212600000012")
        self.assertEqual(po_b.coop_answer_state, "expired")
        self.assertEqual(order.order_line.coop_to_route_qty, 1.0, "A has no more to give")
        self.assertEqual(
            sms.body, f"GIE order {po_b.coop_sms_code} expired without answer: do not prepare it."
        )

    def test_sms_in_arabic_refusal_reroutes(self):
        order, po_a, po_b = self._route()
        self._available(self.coop_a, self.product, 5)
        text = "رفض " + po_b.coop_sms_code.translate(ARABIC_DIGITS)
        response = self._post({"id": "gw-ar", "from": "0600000012", "text": text}, as_json=True)
        self.env["purchase.order"]._cron_coop_dispatch()  # the job sending new orders
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual(po_b.coop_answer_state, "refused")
        self.assertEqual(
            sum(self._po(order, self.coop_a).order_line.mapped("product_qty")),
            10.0,
            "B's quantity went to A",
        )
        # the reply without a code works when she has one order waiting
        po_a2 = self._po(order, self.coop_a) - po_a
        self.assertEqual(len(po_a2), 1)
        self.assertTrue(po_a._coop_answer("accept", channel="staff"))
        response = self._post({"id": "gw-ok", "from": "+212600000011", "text": "نعم"}, as_json=True)
        self.assertEqual(response.json()["status"], "applied")
        self.assertEqual(po_a2.coop_answer_state, "accepted")

    def test_sms_in_staff_read_the_notes_in_their_language_she_reads_hers(self):
        """A manager who reads Arabic answers by SMS: the reply telling her what is wrong
        stays in Arabic; central staff read the notes and the reasons in the company's
        language (French)."""
        self.env.company.partner_id.lang = "fr_FR"
        self.coop_b.lang = "ar_001"
        self.user_coop_b.lang = "ar_001"
        order, _po_a, po_b = self._route()
        allocation_b = po_b.coop_allocation_ids
        self._available(self.coop_a, self.product, 5)
        sender = {"from": "+212600000012"}
        with self.mockSMSGateway():
            response = self._post(dict(sender, id="gw-lang1", text=f"OK {po_b.coop_sms_code} 9"))
            self.assertEqual(response.status_code, 422, response.text)
            reply = self._new_sms.filtered(lambda sms: sms.number == "+212600000012")
        self.assertIn("يجب أن تكون الكمية المقبولة بين 0 والكمية المطلوبة", reply.body)
        response = self._post(dict(sender, id="gw-lang2", text=f"NON {po_b.coop_sms_code}"))
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual(allocation_b.state, "refused")
        self.assertTrue(allocation_b.reason.endswith("\nRefusée."), allocation_b.reason)
        self.assertTrue(po_b.message_ids.filtered(lambda m: "Refusée par" in m.body))
        # what she refused is routed again, explained in French
        rerouted = order.coop_allocation_ids.filtered(
            lambda a: a.rerouted_from_id and a.state == "waiting"
        )
        self.assertIn(f"{self.coop_a.display_name} : attribué 5 ", rerouted.reason)

    def test_sms_in_partial_acceptance(self):
        order, po_a, po_b = self._route()
        code_a, code_b = po_a.coop_sms_code, po_b.coop_sms_code
        sender_a = {"id": "gw-p1", "from": "+212600000011"}
        # more than ordered: refused with an explaining SMS, nothing changes
        with self.mockSMSGateway():
            response = self._post(dict(sender_a, text=f"OK {code_a} 9"))
            self.assertEqual(response.status_code, 422)
            self.assertEqual(response.json()["error"], "bad_quantity")
            sms = self._new_sms.filtered(lambda s: s.number == "+212600000011")
            self.assertIn("between 0 and the quantity ordered", sms.body)
        self.assertEqual(po_a.coop_answer_state, "waiting")
        self.assertEqual(self.env["coop.sms.inbound"].search([]).result, "not_applied")
        # the gateway replays it: no second SMS to the manager
        with self.mockSMSGateway():
            response = self._post(dict(sender_a, text=f"OK {code_a} 9"))
            self.assertEqual(response.json()["status"], "duplicate")
            self.assertFalse(self._new_sms)
        self.assertEqual(po_a.coop_answer_state, "waiting")
        # "OK <code> <qty>": she accepts 2 of her 5, the 3 others go to B
        response = self._post(dict(sender_a, id="gw-p1b", text=f"ok {code_a} 2"))
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual(response.json()["status"], "applied")
        self.assertEqual((po_a.state, po_a.coop_answer_state), ("purchase", "partial"))
        self.assertEqual(po_a.order_line.product_qty, 2.0)
        self.assertEqual(
            self.env["coop.sms.inbound"].search([("message_uid", "=", "gw-p1b")]).action, "partial"
        )
        self.assertEqual(sum(self._po(order, self.coop_b).mapped("order_line.product_qty")), 8.0)
        self.assertConserved(order)
        # the whole quantity is a plain acceptance
        response = self._post({"id": "gw-p2", "from": "+212600000012", "text": f"OK {code_b} 5"})
        self.assertEqual(response.json()["status"], "applied")
        self.assertEqual(po_b.coop_answer_state, "accepted")

    def test_sms_in_partial_acceptance_in_whole_units(self):
        """Units counted whole (bottles): "OK <code> 2.5" is not applied, and she is told
        why; nothing is answered. Odoo's Units round to 0.01: counted whole all the same."""
        order, po_a, _po_b = self._route()
        code = po_a.coop_sms_code
        with self.mockSMSGateway():
            response = self._post({"id": "gw-w", "from": "+212600000011", "text": f"OK {code} 2.5"})
            self.assertEqual(response.status_code, 422, response.text)
            self.assertEqual(response.json()["error"], "not_whole")
            sms = self._new_sms.filtered(lambda s: s.number == "+212600000011")
            self.assertIn("the quantity you accept must be a whole number of Units", sms.body)
            self.assertIn(f"e.g. OK {code} 5.", sms.body)
        inbound = self.env["coop.sms.inbound"].search([("message_uid", "=", "gw-w")])
        self.assertEqual((inbound.result, inbound.error), ("not_applied", "not_whole"))
        self.assertEqual((po_a.coop_answer_state, po_a.order_line.product_qty), ("waiting", 5.0))
        self.assertConserved(order)

    def test_sms_in_accepting_nothing_is_a_refusal(self):
        """Replying "OK <code> 0", she accepts none of it: a refusal, not a partial acceptance."""
        _order, po_a, _po_b = self._route()
        response = self._post(
            {"id": "gw-z", "from": "+212600000011", "text": f"OK {po_a.coop_sms_code} 0"}
        )
        self.assertEqual(response.json()["status"], "applied", response.text)
        self.assertEqual(po_a.coop_answer_state, "refused")
        inbound = self.env["coop.sms.inbound"].search([("message_uid", "=", "gw-z")])
        self.assertEqual(inbound.action, "refuse")
        refused = po_a.coop_allocation_ids.filtered(lambda a: a.state == "refused")
        self.assertEqual(refused.reason.splitlines()[-1], "Refused.")

    def test_sms_in_partial_refused_on_several_lines(self):
        order = self._order([(self.product, 4), (self.product2, 4)])
        order.action_confirm()
        self.env["purchase.order"]._cron_coop_dispatch()  # the job sending new orders
        po_a = self._po(order, self.coop_a)
        self.assertEqual(len(po_a.order_line), 2)
        with self.mockSMSGateway():
            response = self._post(
                {"id": "gw-m", "from": "+212600000011", "text": f"OK {po_a.coop_sms_code} 1"}
            )
            self.assertEqual(response.status_code, 422)
            self.assertEqual(response.json()["error"], "multi_line")
            sms = self._new_sms.filtered(lambda s: s.number == "+212600000011")
            self.assertIn("has several products", sms.body)
            self.assertIn(f"reply OK {po_a.coop_sms_code} to accept all of it", sms.body)
        self.assertEqual(po_a.coop_answer_state, "waiting")
        self.assertEqual(po_a.order_line.mapped("product_qty"), [4.0, 4.0])

    def test_goods_sent_back_to_her_bring_no_shipping_sms(self):
        """Odoo texts whom goods are shipped to ("your order has been shipped", stock_sms),
        after asking once whether to: a cooperative the central sends goods back to is no
        customer awaiting a parcel, neither question nor SMS."""
        _order, po_a, _po_b = self._route()
        self.assertTrue(po_a._coop_answer("accept", channel="staff"))
        self._receive(po_a)
        receipt = po_a.picking_ids.filtered(lambda p: p.state == "done")
        wizard = self.env["stock.return.picking"].create({"picking_id": receipt.id})
        wizard.product_return_moves.quantity = 1
        returned = self.env["stock.picking"].browse(wizard.action_create_returns()["res_id"])
        returned.move_ids.quantity = 1
        returned.move_ids.picked = True
        self.env.company.write(
            {"stock_move_sms_validation": True, "has_received_warning_stock_sms": False}
        )
        # as in production: Odoo sends none of these SMS while testing
        with (
            patch.object(type(self.env.registry), "in_test_mode", return_value=False),
            patch.object(threading.current_thread(), "testing", False),
            self.mockSMSGateway(),
        ):
            self.assertIs(returned.button_validate(), True)  # no "send SMS?" pop-up
        self.assertEqual(returned.state, "done")
        self.assertFalse(self._new_sms)

    def test_shipping_sms_in_the_customer_language(self):
        """Odoo texts the customer when her parcel leaves (stock_sms): in her language,
        not in the language of the staff member who validates the delivery."""
        customer = self.env["res.partner"].create(
            {"name": "Fatima Test", "lang": "ar_001", "mobile": "+212600000099"}
        )
        product = self.env["product.product"].create(
            {"name": "Test Soap", "type": "consu", "is_storable": True}
        )
        warehouse = self.env.ref("stock.warehouse0")
        self.env["stock.quant"]._update_available_quantity(product, warehouse.lot_stock_id, 5)
        picking_type = warehouse.out_type_id
        picking = self.env["stock.picking"].create(
            {
                "partner_id": customer.id,
                "picking_type_id": picking_type.id,
                "origin": "S00045",
                "move_ids": [
                    Command.create(
                        {
                            "name": product.name,
                            "product_id": product.id,
                            "product_uom_qty": 1,
                            "location_id": picking_type.default_location_src_id.id,
                            "location_dest_id": picking_type.default_location_dest_id.id,
                        }
                    )
                ],
            }
        )
        picking.action_confirm()
        picking.action_assign()
        picking.move_ids.quantity = 1
        picking.move_ids.picked = True
        self.env.company.write(
            {"stock_move_sms_validation": True, "has_received_warning_stock_sms": True}
        )
        clerk = new_test_user(
            self.env, login="fr_clerk", groups="stock.group_stock_user", lang="fr_FR"
        )
        # as in production: Odoo sends none of these SMS while testing
        with (
            patch.object(type(self.env.registry), "in_test_mode", return_value=False),
            patch.object(threading.current_thread(), "testing", False),
            self.mockSMSGateway(),
        ):
            picking.with_user(clerk).with_context(lang="fr_FR").button_validate()
        self.assertEqual(picking.state, "done")
        sms = self._new_sms.filtered(lambda s: s.number == "+212600000099")
        self.assertEqual(len(sms), 1)
        self.assertIn("يسرنا إعلامك بأن طلبك", sms.body)
        self.assertIn("S00045", sms.body)
        self.assertNotIn("Nous avons le plaisir", sms.body)

    def _sms_to(self, number):
        return (
            self.env["sms.sms"]
            .sudo()  # sudo: test check of the SMS queue
            .search([("number", "=", number)])
        )

    def test_http_gateway_with_retries(self):
        params = self.env["ir.config_parameter"].sudo()  # sudo: test set-up
        params.set_param("coop_order_routing.sms_provider", "http")
        params.set_param("coop_order_routing.sms_gateway_url", "https://sms.example.org/send")
        params.set_param("coop_order_routing.sms_gateway_token", "tok")
        calls = []

        def down(url, json=None, headers=None, timeout=None):
            calls.append(json)
            raise requests.ConnectionError("gateway down")

        class Ok:
            def raise_for_status(self):
                return None

        def up(url, json=None, headers=None, timeout=None):
            calls.append(json)
            self.assertEqual(headers["Authorization"], "Bearer tok")
            return Ok()

        target = "odoo.addons.coop_order_routing.models.sms_sms.requests.post"
        with freeze_time("2026-03-02 08:00:00"), patch(target, side_effect=down):
            _order, po_a, _po_b = self._route()
            sms = self._sms_to("+212600000011")
            sms.send()
        self.assertEqual(
            (sms.state, sms.failure_type, sms.coop_attempts), ("error", "sms_server", 1)
        )
        with freeze_time("2026-03-02 08:40:00"), patch(target, side_effect=up):
            self.env["sms.sms"]._cron_coop_retry_failed()
        self.assertEqual(sms.state, "pending")
        self.assertEqual(sms.coop_attempts, 2)
        self.assertIn(po_a.coop_sms_code, calls[-1]["text"])
        # after the last attempt, no more retries
        with freeze_time("2026-03-03 08:00:00"), patch(target, side_effect=down):
            sms.write({"state": "error", "failure_type": "sms_server", "coop_attempts": 3})
            self.env["sms.sms"]._cron_coop_retry_failed()
        self.assertEqual(sms.coop_attempts, 3)

    def test_failed_sms_retried_further_apart_then_staff_call_her(self):
        """Odoo SMS (IAP) down: each failed attempt counts, the next waits 30 minutes times
        the attempts made; after the third, staff are asked to call the cooperative."""
        with freeze_time("2026-03-02 08:00:00"), self.mockSMSGateway(sim_error="server_error"):
            order, po_a, _po_b = self._route()
            staff = order._coop_staff_user()
            self.env["sms.sms"].sudo()._process_queue()  # sudo: test: run the SMS queue
        staff.lang = "en_US"  # the activity is written in her language
        sms = self._sms_to("+212600000011")
        self.assertEqual((sms.state, sms.failure_type), ("error", "sms_server"))
        self.assertEqual(sms.coop_attempts, 1, "an attempt through Odoo SMS counts")
        self.assertEqual(sms.coop_kind, "request")
        tries = [
            ("2026-03-02 08:20:00", 1),  # too early: 30 minutes after the first attempt
            ("2026-03-02 08:30:00", 2),
            ("2026-03-02 09:15:00", 2),  # too early: an hour after the second
            ("2026-03-02 09:30:00", 3),
            ("2026-03-02 12:00:00", 3),  # no fourth attempt
        ]
        for when, attempts in tries:
            with freeze_time(when), self.mockSMSGateway(sim_error="server_error"):
                self.env["sms.sms"]._cron_coop_retry_failed()
            self.assertEqual((sms.coop_attempts, sms.state), (attempts, "error"), when)
            # staff are asked to call her once the last attempt failed, not before
            activity = po_a.activity_search([SMS_FAILED])
            self.assertEqual(bool(activity), attempts == 3, when)
        self.assertEqual((len(activity), activity.user_id), (1, staff))
        self.assertIn("+212600000011", activity.note)
        self.assertIn("Please call the cooperative", activity.note)
        self.assertIn(f"OK {po_a.coop_sms_code}", activity.note)
        # staff called her, she answered: nobody is left with a call to make
        self.assertTrue(po_a._coop_answer("accept", channel="staff"))
        self.assertFalse(po_a.activity_search([SMS_FAILED]))

    def test_failed_sms_her_order_no_longer_waits_for_is_not_retried(self):
        """The request of an order since answered is not sent again (it is cancelled, nobody
        is asked to call); the notice of its cancellation still goes."""
        with freeze_time("2026-03-02 08:00:00"), self.mockSMSGateway(sim_error="server_error"):
            order, po_a, po_b = self._route()
            self.env["sms.sms"].sudo()._process_queue()  # sudo: test: run the SMS queue
        request_a = self._sms_to("+212600000011")
        request_b = self._sms_to("+212600000012")
        self.assertEqual((request_a | request_b).mapped("state"), ["error", "error"])
        self.assertTrue(po_a._coop_answer("accept", channel="staff"))
        with freeze_time("2026-03-02 08:10:00"), self.mockSMSGateway(sim_error="server_error"):
            order.order_line.product_uom_qty = 5  # B's waiting order is no longer needed
            self.env["sms.sms"].sudo()._process_queue()  # sudo: test: run the SMS queue
        self.assertEqual(po_b.coop_answer_state, "cancelled")
        notices = (
            self._sms_to("+212600000011") - request_a | self._sms_to("+212600000012") - request_b
        )
        self.assertEqual(sorted(notices.mapped("coop_kind")), ["accepted", "cancelled"])
        self.assertEqual(notices.mapped("state"), ["error", "error"])
        with freeze_time("2026-03-02 08:45:00"), self.mockSMSGateway():
            self.env["sms.sms"]._cron_coop_retry_failed()
        # A answered, B's order is cancelled: their requests are not sent again
        self.assertEqual((request_a | request_b).mapped("state"), ["canceled", "canceled"])
        self.assertEqual((request_a | request_b).mapped("coop_attempts"), [1, 1])
        # what became of their orders still goes: A's acceptance, B's cancellation
        expected = {
            (number, po._coop_sms_body(kind, po.partner_id.coop_manager_ids.lang))
            for number, po, kind in (
                ("+212600000011", po_a, "accepted"),
                ("+212600000012", po_b, "cancelled"),
            )
        }
        sent = {(one["number"], one["body"]) for one in self._sms}
        self.assertEqual(
            {one for one in sent if one[0] in ("+212600000011", "+212600000012")}, expected
        )
        self.assertFalse((po_a | po_b).activity_search([SMS_FAILED]))

    def test_sms_to_a_wrong_number_is_not_retried_staff_call_her(self):
        """A failure no retry mends (a wrong number): staff are asked at once to call her."""
        with self.mockSMSGateway(sim_error="wrong_number_format"):
            order, po_a, _po_b = self._route()
            order._coop_staff_user().lang = "en_US"
            self.env["sms.sms"].sudo()._process_queue()  # sudo: test: run the SMS queue
        sms = self._sms_to("+212600000011")
        self.assertEqual((sms.state, sms.failure_type), ("error", "sms_number_format"))
        activity = po_a.activity_search([SMS_FAILED])
        self.assertEqual(len(activity), 1)
        self.assertIn("Wrong Number Format, 1 attempt(s)", activity.note)
