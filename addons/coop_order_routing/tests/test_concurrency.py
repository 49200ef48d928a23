import uuid
from datetime import timedelta

from odoo import SUPERUSER_ID, api, fields
from odoo.exceptions import UserError
from odoo.modules.registry import Registry
from odoo.tests import BaseCase, get_db_name, tagged

from ..models.purchase_order import NOT_EXPIRED, OrderBeingAnswered


@tagged("post_install", "-at_install")
class TestConcurrentAnswers(BaseCase):
    """Two acceptances of one order in separate transactions give exactly one effect.

    Needs committed data seen by two real connections, hence a BaseCase that commits its
    own fixture and removes it afterwards.
    """

    def setUp(self):
        super().setUp()
        self.registry = Registry(get_db_name())
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
            coop = env["res.partner"].create(
                {
                    "name": "Concurrency coop",
                    "is_company": True,
                    "is_cooperative": True,
                    "coop_code": "C" + uuid.uuid4().hex[:5].upper(),
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

    def test_two_acceptances_one_effect(self):
        with self.registry.cursor() as cr1, self.registry.cursor() as cr2:
            po1 = api.Environment(cr1, SUPERUSER_ID, {})["purchase.order"].browse(self.ids["po"])
            po2 = api.Environment(cr2, SUPERUSER_ID, {})["purchase.order"].browse(self.ids["po"])
            self.assertEqual(po2.coop_answer_state, "waiting")
            # first acceptance holds the order's row until it commits (staff's: the
            # fixture's cooperative is no member, who could not accept it herself)
            self.assertTrue(po1._coop_answer("accept", channel="staff"))
            # the second one, meanwhile, is refused at once, changing nothing
            with self.assertRaises(UserError):
                po2._coop_answer("accept", channel="sms")
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
