import threading
import time
import uuid
from datetime import timedelta
from unittest.mock import patch

import requests

import odoo
from odoo import SUPERUSER_ID, api, fields
from odoo.modules.registry import DummyRLock, Registry
from odoo.tests import BaseCase, get_db_name, tagged
from odoo.tests.common import HOST

from ..models import purchase_order as purchase_order_module
from ..models.purchase_order import NOT_EXPIRED, NOT_RECORDED, OrderBeingAnswered

WEBHOOK = "/coop_order_routing/sms/inbound"


class ConcurrencyCase(BaseCase):
    """A cooperative order waiting for its answer, committed: seen by two real connections
    (two transactions), hence a BaseCase that commits its own fixture and removes it
    afterwards."""

    def setUp(self):
        super().setUp()
        self.registry = Registry(get_db_name())
        # a mobile of her own, whatever another run left on the database
        self.number = f"+21269{uuid.uuid4().int % 10**7:07d}"
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
            coop = env["res.partner"].create(
                {
                    "name": "Concurrency coop",
                    "is_company": True,
                    "is_cooperative": True,
                    "coop_code": "C" + uuid.uuid4().hex[:5].upper(),
                    "mobile": self.number,
                    "lang": "en_US",
                }
            )
            product = env["product.product"].create(
                {"name": "Concurrency oil", "type": "consu", "is_storable": True}
            )
            po = env["purchase.order"].create(
                {
                    "partner_id": coop.id,
                    "order_line": [
                        (0, 0, {"product_id": product.id, "product_qty": 5, "price_unit": 10})
                    ],
                }
            )
            po._coop_dispatch()
            self.ids = {"coop": coop.id, "product": product.id, "po": po.id}
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
            env["coop.sms.inbound"].search([("partner_id", "=", self.ids["coop"])]).unlink()
            env["sms.sms"].search([("number", "=", self.number)]).unlink()
            po = env["purchase.order"].browse(self.ids["po"])
            po.button_cancel()
            po.picking_ids.move_ids.unlink()
            po.picking_ids.unlink()
            po.unlink()
            env["product.product"].browse(self.ids["product"]).product_tmpl_id.unlink()
            coop = env["res.partner"].browse(self.ids["coop"])
            try:
                with cr.savepoint():
                    coop.unlink()
            except Exception:
                coop.active = False


@tagged("post_install", "-at_install")
class TestConcurrentAnswers(ConcurrencyCase):
    """Two acceptances of one order in separate transactions give exactly one effect."""

    def test_two_acceptances_one_effect(self):
        with self.registry.cursor() as cr1, self.registry.cursor() as cr2:
            po1 = api.Environment(cr1, SUPERUSER_ID, {})["purchase.order"].browse(self.ids["po"])
            po2 = api.Environment(cr2, SUPERUSER_ID, {})["purchase.order"].browse(self.ids["po"])
            self.assertEqual(po2.coop_answer_state, "waiting")
            # first acceptance holds the order's row until it commits (staff's: the
            # fixture's cooperative is no member, who could not accept it herself)
            self.assertTrue(po1._coop_answer("accept", channel="staff"))
            # the second one in the app, meanwhile, is refused at once, changing nothing:
            # she may try again in a moment (an SMS waits for it: see below)
            start = time.monotonic()
            with self.assertRaises(OrderBeingAnswered):
                po2._coop_answer("accept", channel="mobile")
            self.assertLess(time.monotonic() - start, purchase_order_module.SMS_LOCK_WAIT)
            cr2.rollback()
            cr1.commit()
            # retried after the first committed: already answered, no second effect
            po2.invalidate_recordset()
            self.assertFalse(po2._coop_answer("accept", channel="sms"))
            cr2.commit()
        with self.registry.cursor() as cr:
            po = api.Environment(cr, SUPERUSER_ID, {})["purchase.order"].browse(self.ids["po"])
            self.assertEqual((po.state, po.coop_answer_state), ("purchase", "accepted"))
            self.assertEqual(po.coop_answer_channel, "staff")
            self.assertEqual(len(po.picking_ids), 1)
            self.assertEqual(po.picking_ids.move_ids.product_uom_qty, 5.0)

    def test_deadline_job_leaves_an_order_being_answered_without_alarm(self):
        """The deadline job meets an order past its deadline that another transaction is
        answering: it leaves it waiting (her answer, or its next run, settles it) and
        bothers no staff member with it: nothing is wrong."""
        with self.registry.cursor() as cr:
            po = api.Environment(cr, SUPERUSER_ID, {})["purchase.order"].browse(self.ids["po"])
            po.coop_answer_deadline = fields.Datetime.now() - timedelta(minutes=1)
        with self.registry.cursor() as cr1, self.registry.cursor() as cr2:
            po1 = api.Environment(cr1, SUPERUSER_ID, {})["purchase.order"].browse(self.ids["po"])
            po2 = api.Environment(cr2, SUPERUSER_ID, {})["purchase.order"].browse(self.ids["po"])
            po1._coop_lock()  # she is answering it
            with self.assertRaises(OrderBeingAnswered):
                po2._coop_answer("expire", "cron")
            po2.env["purchase.order"]._cron_coop_deadlines()
            self.assertEqual(po2.coop_answer_state, "waiting")
            self.assertFalse(po2.activity_search([NOT_EXPIRED]))
            cr2.rollback()
            cr1.rollback()


@tagged("post_install", "-at_install")
class TestConcurrentSmsAnswer(ConcurrencyCase):
    """Her SMS answer comes while another transaction answers or changes her order (staff
    in the app, the deadline job): it waits for it, then is applied, or she is told the
    order was answered before; never "the central will call you" and a to-do for staff,
    nothing is wrong. Through the real webhook, whose request Odoo tries again after a
    concurrent change (``odoo.service.model.retrying``)."""

    def setUp(self):
        super().setUp()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            params = env["ir.config_parameter"]
            key = "coop_order_routing.sms_webhook_secret"
            self.secret = params.get_param(key)
            if not self.secret:
                self.secret = "s3cret"
                params.set_param(key, self.secret)
                self.addCleanup(self._unset_secret, key)
            po = env["purchase.order"].browse(self.ids["po"])
            self.code = po.coop_sms_code
            self.last_sms = env["sms.sms"].search([], order="id desc", limit=1).id
        # the test runner holds the registry's lock while it runs the tests, which the
        # webhook's request waits for: HttpCase lifts it in its test mode, whose requests
        # share the test's transaction, but here the request must have its own
        lock = patch.object(Registry, "_lock", DummyRLock())
        lock.start()
        self.addCleanup(lock.stop)
        # a session bound to the test database (the gateway relies on the server's dbfilter)
        session = odoo.http.root.session_store.new()
        session.update(odoo.http.get_default_session(), db=get_db_name())
        odoo.http.root.session_store.save(session)
        self.addCleanup(odoo.http.root.session_store.delete, session)
        self.session_id = session.sid

    def _unset_secret(self, key):
        with self.registry.cursor() as cr:
            api.Environment(cr, SUPERUSER_ID, {})["ir.config_parameter"].set_param(key, False)

    def _post(self, uid, text):
        port = odoo.service.server.server.httpd.server_port
        return requests.post(
            f"http://{HOST}:{port}{WEBHOOK}",
            data={"id": uid, "from": self.number, "text": text},
            headers={"X-Coop-Secret": self.secret},
            cookies={"session_id": self.session_id},
            timeout=60,
        )

    def _post_while_held(self, holder, uid, text, commit=True):
        """Post her SMS while the cursor ``holder`` holds her order; once the request waits
        for it (or is answered), commit ``holder`` (else roll it back); the response."""
        result = {}

        def post():
            result["response"] = self._post(uid, text)

        thread = threading.Thread(target=post)
        thread.start()
        try:
            self._wait_for_lock_waiter(thread)
            if commit:
                holder.commit()
            else:
                holder.rollback()
        finally:
            thread.join(60)
        return result["response"]

    def _wait_for_lock_waiter(self, thread):
        """Return once a transaction waits for a lock in the database (her SMS answer
        waiting for the order), or ``thread`` (her request) ended."""
        deadline = time.monotonic() + 30
        while thread.is_alive() and time.monotonic() < deadline:
            with self.registry.cursor() as cr:
                cr.execute(
                    """SELECT 1 FROM pg_stat_activity
                        WHERE datname = current_database() AND wait_event_type = 'Lock'"""
                )
                if cr.fetchone():
                    return
            time.sleep(0.05)

    def _result_of(self, uid):
        """(order's answer state, inbound SMS's result and error, SMS sent to her, whether
        staff got an "SMS answer not recorded" to-do)."""
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            po = env["purchase.order"].browse(self.ids["po"])
            inbound = env["coop.sms.inbound"].search([("message_uid", "=", uid)])
            self.assertEqual(inbound.partner_id.id, self.ids["coop"])
            sms = env["sms.sms"].search(
                [("number", "=", self.number), ("id", ">", self.last_sms)], order="id"
            )
            return (
                po.coop_answer_state,
                (inbound.result, inbound.error),
                sms.mapped("body"),
                bool(po.activity_search([NOT_RECORDED])),
            )

    def test_sms_answer_after_a_staff_answer_is_told_it_came_too_late(self):
        uid = f"gw-{uuid.uuid4().hex}"
        with self.registry.cursor() as cr:
            po = api.Environment(cr, SUPERUSER_ID, {})["purchase.order"].browse(self.ids["po"])
            # staff accept her order: its row is held until they commit
            self.assertTrue(po._coop_answer("accept", channel="staff"))
            response = self._post_while_held(cr, uid, f"NON {self.code}")
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual(response.json()["status"], "already_answered")
        self.assertEqual(
            self._result_of(uid),
            (
                "accepted",
                ("already_answered", False),
                [
                    f"Thank you: GIE order {self.code} is accepted (Concurrency oil 5 Units).",
                    f"GIE order {self.code} was already accepted: your new answer is not applied.",
                ],
                False,
            ),
        )

    def test_sms_answer_after_a_staff_answer_rolled_back_is_applied(self):
        """Staff's answer fails (e.g. its re-routing) and changes nothing: hers, which
        waited for it, is applied."""
        uid = f"gw-{uuid.uuid4().hex}"
        with self.registry.cursor() as cr:
            po = api.Environment(cr, SUPERUSER_ID, {})["purchase.order"].browse(self.ids["po"])
            self.assertTrue(po._coop_answer("accept", channel="staff"))
            response = self._post_while_held(cr, uid, f"NON {self.code}", commit=False)
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual(response.json()["status"], "applied")
        self.assertEqual(
            self._result_of(uid),
            (
                "refused",
                ("applied", False),
                [f"GIE order {self.code} is refused. Thank you for your answer."],
                False,
            ),
        )

    def test_sms_answer_after_a_change_of_the_order_is_applied(self):
        """The deadline job marks her reminder sent meanwhile: the order still waits for
        her answer, which is applied."""
        uid = f"gw-{uuid.uuid4().hex}"
        with self.registry.cursor() as cr:
            po = api.Environment(cr, SUPERUSER_ID, {})["purchase.order"].browse(self.ids["po"])
            po.coop_reminder_sent = True
            po.flush_recordset()
            response = self._post_while_held(cr, uid, f"NON {self.code}")
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual(response.json()["status"], "applied")
        self.assertEqual(
            self._result_of(uid),
            (
                "refused",
                ("applied", False),
                [f"GIE order {self.code} is refused. Thank you for your answer."],
                False,
            ),
        )

    def test_sms_answer_still_held_after_the_wait_is_asked_again(self):
        """The order is held longer than her SMS may wait (a long job): nothing is changed,
        she is asked to send it again in a few minutes; staff have nothing to do."""
        uid = f"gw-{uuid.uuid4().hex}"
        with (
            patch.object(purchase_order_module, "SMS_LOCK_WAIT", 1),
            self.registry.cursor() as cr,
        ):
            po = api.Environment(cr, SUPERUSER_ID, {})["purchase.order"].browse(self.ids["po"])
            po._coop_lock()
            response = self._post(uid, f"NON {self.code}")
            cr.rollback()
        self.assertEqual(response.status_code, 409, response.text)
        self.assertEqual(response.json()["error"], "busy")
        self.assertEqual(
            self._result_of(uid),
            (
                "waiting",
                ("not_applied", "busy"),
                [
                    f"GIE order {self.code} is being answered right now: your answer is not "
                    "applied. Send it again in a few minutes."
                ],
                False,
            ),
        )

    def test_sms_answer_tried_again_by_the_gateway_after_busy_is_applied(self):
        """The gateway tries again the SMS answered 409 "busy": still held, she is not told
        "busy" twice; once the order is free, the retry is applied (not a duplicate), and a
        replay of it is then a duplicate."""
        uid = f"gw-{uuid.uuid4().hex}"
        busy = (
            f"GIE order {self.code} is being answered right now: your answer is not "
            "applied. Send it again in a few minutes."
        )
        with (
            patch.object(purchase_order_module, "SMS_LOCK_WAIT", 1),
            self.registry.cursor() as cr,
        ):
            po = api.Environment(cr, SUPERUSER_ID, {})["purchase.order"].browse(self.ids["po"])
            po._coop_lock()
            for _attempt in range(2):
                response = self._post(uid, f"NON {self.code}")
                self.assertEqual(response.status_code, 409, response.text)
                self.assertEqual(response.json()["error"], "busy")
            cr.rollback()
        self.assertEqual(self._result_of(uid), ("waiting", ("not_applied", "busy"), [busy], False))
        response = self._post(uid, f"NON {self.code}")
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual(response.json()["status"], "applied")
        refused = f"GIE order {self.code} is refused. Thank you for your answer."
        self.assertEqual(
            self._result_of(uid), ("refused", ("applied", False), [busy, refused], False)
        )
        response = self._post(uid, f"NON {self.code}")
        self.assertEqual(response.json()["status"], "duplicate")
        self.assertEqual(self._result_of(uid)[2], [busy, refused])
