from lxml import etree

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import TraceCase


@tagged("post_install", "-at_install")
class TestQuality(TraceCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.quarantine = cls.env["stock.location"]._coop_quarantine_location()
        cls.stock_user = new_test_user(
            cls.env, login="storekeeper", name="Storekeeper", groups="stock.group_stock_user"
        )
        cls.stock_gie_manager = new_test_user(
            cls.env,
            login="stock_gie_manager",
            groups="stock.group_stock_user,coop_gie.group_gie_manager",
        )
        cls.thyme = cls.env["product.product"].create(
            {"name": "Test thyme", "is_storable": True, "tracking": "lot", "coop_sourced": True}
        )
        cls.point_moisture = cls.env["coop.quality.point"].create(
            {"product_tmpl_id": cls.thyme.product_tmpl_id.id, "name": "Moisture", "max_value": 12}
        )

    def _qty(self, lot, location):
        quants = self.env["stock.quant"].search(
            [("lot_id", "=", lot.id), ("location_id", "=", location.id)]
        )
        return sum(quants.mapped("quantity"))

    def test_passed_lot_goes_to_stock(self):
        lot = self._lot_of(self._receive(self.coop_a, self.product_coop, 5, {"Acidity": 0.5}))
        self.assertEqual(lot.coop_quality_state, "passed")
        self.assertEqual(lot.coop_quality_check_ids.mapped("result"), ["pass"])
        self.assertEqual(self._qty(lot, self.stock_location), 5)

    def test_unmeasured_check_is_pending_and_not_blocking(self):
        lot = self._lot_of(self._receive(self.coop_a, self.product_coop, 5))
        self.assertEqual(lot.coop_quality_state, "pending")
        self.assertFalse(lot.coop_blocked)
        self.assertEqual(self._qty(lot, self.stock_location), 5)

    def test_failed_check_blocks_delivery_until_release(self):
        receipt = self._receive(self.coop_a, self.product_coop, 5, {"Acidity": 1.3})
        lot = self._lot_of(receipt)
        self.assertEqual(lot.coop_quality_state, "failed")
        self.assertTrue(lot.coop_blocked)
        self.assertEqual(self._qty(lot, self.quarantine), 5)
        self.assertEqual(self._qty(lot, self.stock_location), 0)

        # The delivery cannot reserve it...
        delivery = self._delivery(self.customer_1, self.product_coop, 2)
        delivery.action_assign()
        self.assertNotEqual(delivery.state, "assigned")
        self.assertFalse(delivery.move_line_ids.lot_id)
        # ...and forcing the lot from quarantine on the delivery is refused.
        self.env["stock.move.line"].create(
            dict(
                delivery.move_ids._prepare_move_line_vals(quantity=2),
                lot_id=lot.id,
                location_id=self.quarantine.id,
            )
        )
        delivery.move_ids.picked = True
        with self.assertRaisesRegex(UserError, "blocked"):
            delivery.button_validate()
        self.assertNotEqual(delivery.state, "done")

        # Only a GIE manager may decide.
        with self.assertRaises(AccessError):
            lot.with_user(self.stock_user).action_coop_release()

        lot.with_user(self.user_staff).action_coop_release()
        self.assertEqual(lot.coop_quality_state, "released")
        self.assertFalse(lot.coop_blocked)
        self.assertEqual(lot.coop_quality_decision_uid, self.user_staff)
        self.assertEqual(self._qty(lot, self.stock_location), 5)
        delivery.move_line_ids.location_id = self.stock_location
        delivery.button_validate()
        self.assertEqual(delivery.state, "done")

    def test_reject_keeps_lot_blocked(self):
        lot = self._lot_of(self._receive(self.coop_a, self.product_coop, 3, {"Acidity": 2.0}))
        lot.with_user(self.user_staff).action_coop_reject()
        self.assertEqual(lot.coop_quality_state, "rejected")
        self.assertTrue(lot.coop_blocked)
        self.assertEqual(self._qty(lot, self.quarantine), 3)
        with self.assertRaises(UserError):
            lot.with_user(self.user_staff).action_coop_release()
        with self.assertRaises(UserError):
            lot.coop_quality_check_ids.value = 0.3

    def test_failure_entered_after_receipt_moves_stock_to_quarantine(self):
        lot = self._lot_of(self._receive(self.coop_a, self.product_coop, 4))
        self.assertEqual(self._qty(lot, self.stock_location), 4)
        lot.coop_quality_check_ids.value = 0.95
        self.assertTrue(lot.coop_blocked)
        self.assertEqual(self._qty(lot, self.stock_location), 0)
        self.assertEqual(self._qty(lot, self.quarantine), 4)

    def test_checks_are_planned_once_per_line(self):
        picking = self._receive(self.coop_a, self.product_coop, 2, validate=False)
        picking.action_coop_plan_quality_checks()
        picking.action_coop_plan_quality_checks()
        self.assertEqual(len(picking.coop_quality_check_ids), 1)
        self.assertEqual(picking.coop_quality_todo_count, 1)
        picking.coop_quality_check_ids.value = 0.9
        self.assertEqual(picking.coop_quality_fail_count, 1)

    def test_stock_user_cannot_unblock_a_failed_lot_through_its_checks(self):
        lot = self._lot_of(self._receive(self.coop_a, self.product_coop, 5, {"Acidity": 3.0}))
        checks = lot.coop_quality_check_ids.with_user(self.stock_user)
        with self.assertRaisesRegex(AccessError, "Only a GIE manager can change a measure"):
            checks.write({"value": 0.4})
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            checks.unlink()
        self.assertEqual(lot.coop_quality_state, "failed")
        self.assertTrue(lot.coop_blocked)
        self.assertEqual(lot.coop_quality_check_ids.value, 3.0)
        self.assertEqual(self._qty(lot, self.quarantine), 5)

        # A GIE manager may correct a wrong measure; nobody deletes the history.
        lot.coop_quality_check_ids.with_user(self.stock_gie_manager).value = 0.3
        self.assertEqual(lot.coop_quality_state, "passed")
        self.assertEqual(lot.coop_quality_check_ids.user_id, self.stock_gie_manager)
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            lot.coop_quality_check_ids.with_user(self.stock_gie_manager).unlink()
        self.assertTrue(lot.coop_quality_check_ids)

    def test_stock_user_cannot_wipe_a_failed_measure_with_its_operation(self):
        picking = self._receive(self.coop_a, self.product_coop, 5, {"Acidity": 3.0}, validate=False)
        lines = picking.move_line_ids.with_user(self.stock_user)
        with self.assertRaisesRegex(AccessError, "Only a GIE manager can change a measure"):
            lines.unlink()
        self.assertEqual(picking.move_line_ids.coop_quality_check_ids.result, "fail")

    def test_released_lot_keeps_its_measure_history(self):
        lot = self._lot_of(self._receive(self.coop_a, self.product_coop, 2, {"Acidity": 1.5}))
        lot.with_user(self.user_staff).action_coop_release()
        for user in (self.stock_user, self.stock_gie_manager):
            with self.subTest(user=user.login), self.assertRaises(UserError):
                lot.coop_quality_check_ids.with_user(user).unlink()
        self.assertEqual(lot.coop_quality_check_ids.value, 1.5)
        self.assertEqual(lot.coop_quality_state, "released")

    def test_late_measures_need_a_gie_manager_the_first_one_too(self):
        picking = self._receive(self.coop_a, self.product_coop, 2)
        lot = self._lot_of(picking)
        check = lot.coop_quality_check_ids
        # the lab result arrives after the receipt: the storekeeper cannot enter it
        with self.assertRaises(AccessError) as error:
            check.with_user(self.stock_user).value = 0.5
        self.assertIn("Only a GIE manager", str(error.exception))
        self.assertFalse(check.measured)
        self.assertEqual(lot.coop_quality_state, "pending")
        with self.assertRaises(AccessError) as error:
            self.env["coop.quality.check"].with_user(self.stock_user).create(
                {
                    "point_id": check.point_id.id,
                    "picking_id": picking.id,
                    "lot_id": lot.id,
                    "product_id": check.product_id.id,
                    "value": 0.5,
                }
            )
        self.assertIn("Only a GIE manager", str(error.exception))
        self.assertEqual(lot.coop_quality_check_ids, check)
        # a GIE manager enters it, and only she changes it afterwards
        check.with_user(self.stock_gie_manager).value = 0.5
        self.assertEqual(lot.coop_quality_state, "passed")
        # nor can the storekeeper reopen the passed lot with an empty check she cannot delete
        with self.assertRaises(AccessError) as error:
            self.env["coop.quality.check"].with_user(self.stock_user).create(
                {
                    "point_id": check.point_id.id,
                    "lot_id": lot.id,
                    "product_id": check.product_id.id,
                }
            )
        self.assertIn("Only a GIE manager", str(error.exception))
        self.assertEqual((lot.coop_quality_check_ids, lot.coop_quality_state), (check, "passed"))
        self.assertEqual(check.user_id, self.stock_gie_manager)
        with self.assertRaises(AccessError):
            check.with_user(self.stock_user).value = 0.6
        check.with_user(self.stock_gie_manager).value = 0.6
        self.assertEqual(check.value, 0.6)

    def test_failed_measure_of_an_open_receipt_is_kept_until_validation(self):
        picking = self._receive(self.coop_a, self.product_coop, 3, {"Acidity": 2.5}, validate=False)
        check = picking.coop_quality_check_ids.with_user(self.stock_user)
        with self.assertRaises(AccessError):
            check.value = 0.2
        with self.assertRaises(AccessError):
            check.unlink()
        # the storekeeper still validates: the failed lot goes to quarantine
        picking.with_user(self.stock_user).button_validate()
        lot = self._lot_of(picking)
        self.assertEqual(picking.coop_quality_check_ids.lot_id, lot)
        self.assertEqual(lot.coop_quality_state, "failed")
        self.assertEqual(self._qty(lot, self.quarantine), 3)

    def test_done_receipt_shows_measures_read_only_but_to_gie_managers(self):
        def value_readonly(user):
            arch = self.env["stock.picking"].with_user(user).get_view(view_type="form")["arch"]
            (value,) = etree.fromstring(arch).xpath(
                "//field[@name='coop_quality_check_ids']/list/field[@name='value']"
            )
            return value.get("readonly")

        self.assertEqual(value_readonly(self.stock_user), "parent.state == 'done'")
        self.assertIsNone(value_readonly(self.stock_gie_manager))

    def test_storekeeper_cannot_measure_a_received_lot_through_an_open_receipt(self):
        oil_lot = self._lot_of(self._receive(self.coop_a, self.product_coop, 2))
        thyme_receipt = self._receive(self.coop_b, self.thyme, 3, validate=False)
        Check = self.env["coop.quality.check"].with_user(self.stock_user)
        checks_before = Check.search([])
        # the oil lot received on a done receipt, "measured" on the open receipt of thyme
        for product, point, message in (
            (self.product_coop, self.point_acidity, "was not received on"),
            (self.thyme, self.point_moisture, "is a lot of Test argan oil, not of Test thyme"),
        ):
            with self.subTest(product=product.name), self.assertRaises(ValidationError) as error:
                Check.create(
                    {
                        "point_id": point.id,
                        "picking_id": thyme_receipt.id,
                        "lot_id": oil_lot.id,
                        "product_id": product.id,
                        "value": 0.5,
                    }
                )
            self.assertIn(oil_lot.name, str(error.exception))
            self.assertIn(message, str(error.exception))
        self.assertEqual(Check.search([]), checks_before)
        self.assertEqual(oil_lot.coop_quality_state, "pending")
        # nor by moving a check of the open receipt onto that lot
        thyme_receipt.action_coop_plan_quality_checks()
        thyme_check = thyme_receipt.coop_quality_check_ids.with_user(self.stock_user)
        with self.assertRaises(ValidationError) as error:
            thyme_check.write({"lot_id": oil_lot.id, "value": 5.0})
        self.assertIn(oil_lot.name, str(error.exception))
        self.assertFalse(thyme_check.lot_id)
        self.assertEqual(oil_lot.coop_quality_check_ids.mapped("result"), ["todo"])

    def test_storekeeper_cannot_move_a_measure_into_a_done_receipt(self):
        done = self._receive(self.coop_a, self.product_coop, 2)
        check = self._receive(self.coop_a, self.product_coop, 1, validate=False)
        check.action_coop_plan_quality_checks()
        check = check.coop_quality_check_ids.with_user(self.stock_user)
        with self.assertRaises(AccessError) as error:
            check.write({"move_line_id": False, "picking_id": done.id, "value": 0.5})
        self.assertIn("Only a GIE manager", str(error.exception))
        self.assertEqual(done.coop_quality_check_ids.mapped("result"), ["todo"])

    def test_check_measures_a_lot_of_its_own_product(self):
        receipt = self._receive(self.coop_a, self.product_coop, 2)
        oil_lot = self._lot_of(receipt)
        Check = self.env["coop.quality.check"].with_user(self.stock_gie_manager)
        for product, point, message in (
            (self.thyme, self.point_moisture, "is a lot of Test argan oil, not of Test thyme"),
            (self.product_coop, self.point_moisture, "Moisture belongs to Test thyme"),
        ):
            with self.subTest(product=product.name), self.assertRaises(ValidationError) as error:
                Check.create(
                    {
                        "point_id": point.id,
                        "picking_id": receipt.id,
                        "move_line_id": receipt.move_line_ids.id,
                        "lot_id": oil_lot.id,
                        "product_id": product.id,
                        "value": 5.0,
                    }
                )
            self.assertIn(message, str(error.exception))
        self.assertEqual(receipt.coop_quality_check_ids.point_id, self.point_acidity)

    def test_check_follows_its_operation_to_the_backorder(self):
        order = self.env["purchase.order"].create(
            {
                "partner_id": self.coop_a.id,
                "order_line": [
                    Command.create({"product_id": product.id, "product_qty": 2, "price_unit": 9})
                    for product in (self.product_coop, self.thyme)
                ],
            }
        )
        order.button_confirm()
        receipt = order.picking_ids
        receipt.action_coop_plan_quality_checks()
        thyme_check = receipt.coop_quality_check_ids.filtered(lambda c: c.product_id == self.thyme)
        # only the oil arrived: the thyme and its measure wait on the backorder
        receipt.move_ids.filtered(lambda m: m.product_id == self.product_coop).picked = True
        receipt._action_done()
        backorder = receipt.backorder_ids
        self.assertEqual(thyme_check.picking_id, backorder)
        thyme_check.with_user(self.stock_user).value = 10.0
        backorder.button_validate()
        self.assertEqual(backorder.state, "done")
        self.assertEqual(thyme_check.lot_id, self._lot_of(backorder))
        self.assertEqual(thyme_check.lot_id.coop_quality_state, "passed")
