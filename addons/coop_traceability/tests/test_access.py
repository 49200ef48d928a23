from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import TraceCase


@tagged("post_install", "-at_install")
class TestAccess(TraceCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.receipt_a = cls._receive(cls.coop_a, cls.product_coop, 2, {"Acidity": 0.3})
        cls.receipt_b = cls._receive(cls.coop_b, cls.product_coop, 2, {"Acidity": 0.3})
        cls.lot_a, cls.lot_b = cls._lot_of(cls.receipt_a), cls._lot_of(cls.receipt_b)
        cls.delivery_b = cls._deliver(cls.customer_1, cls.lot_b, 1)

    def test_cooperative_manager_sees_her_own_lots_only(self):
        Lot = self.env["stock.lot"].with_user(self.user_coop_a)
        self.assertEqual(Lot.search([("coop_partner_id", "!=", False)]), self.lot_a)
        self.assertEqual(Lot.search([]), self.lot_a)
        self.assertEqual(Lot.browse(self.lot_a.id).coop_quality_state, "passed")
        with self.assertRaises(AccessError):
            Lot.browse(self.lot_b.id).read(["name"])
        with self.assertRaises(AccessError):
            Lot.browse(self.lot_a.id).write({"coop_published": False})
        Check = self.env["coop.quality.check"].with_user(self.user_coop_a)
        self.assertEqual(Check.search([]).lot_id, self.lot_a)
        # The other manager sees the other lot.
        Lot_b = self.env["stock.lot"].with_user(self.user_coop_b)
        self.assertEqual(Lot_b.search([]), self.lot_b)

    def test_cooperative_manager_cannot_see_recalls(self):
        with self.assertRaises(AccessError):
            self.env["coop.recall"].with_user(self.user_coop_a).search([])

    def test_cooperative_manager_reads_her_move_lines_and_quants_only(self):
        MoveLine = self.env["stock.move.line"].with_user(self.user_coop_a)
        lines = MoveLine.search([])
        self.assertEqual(lines, self.receipt_a.move_line_ids)
        # nothing of the other cooperative: its lot names, its customers, its origins
        self.assertFalse(MoveLine.search([("lot_id.name", "=", self.lot_b.name)]))
        self.assertFalse(MoveLine.search([("picking_partner_id", "=", self.customer_1.id)]))
        self.assertFalse(MoveLine.search([("origin", "=", self.receipt_b.origin)]))
        with self.assertRaises(AccessError):
            self.delivery_b.move_line_ids.with_user(self.user_coop_a).read(["lot_name"])
        Quant = self.env["stock.quant"].with_user(self.user_coop_a)
        self.assertEqual(Quant.search([]).lot_id, self.lot_a)
        with self.assertRaises(AccessError):
            self.lot_b.quant_ids.with_user(self.user_coop_a).read(["quantity"])
        # her lot's quantity on hand still shows
        self.assertEqual(self.lot_a.with_user(self.user_coop_a).product_qty, 2)

    def test_cooperative_manager_changes_no_move_line_or_quant(self):
        line = self.receipt_a.move_line_ids.with_user(self.user_coop_a)
        line.read(["lot_id", "quantity"])
        with self.assertRaises(AccessError):
            line.write({"quantity": 5})
        with self.assertRaises(AccessError):
            line.unlink()
        with self.assertRaises(AccessError):
            line.copy()
        with self.assertRaises(AccessError):
            self.lot_a.quant_ids.with_user(self.user_coop_a).write({"inventory_quantity": 9})
        self.assertEqual(self.receipt_a.move_line_ids.quantity, 2)

    def test_manager_without_cooperative_sees_nothing(self):
        user = new_test_user(
            self.env, login="coop_manager_without_coop", groups="coop_gie.group_coop_manager"
        )
        # records with no cooperative exist: they must not match an empty cooperative
        self.env["stock.lot"].create({"name": "NO-COOP-1", "product_id": self.product_coop.id})
        self.assertTrue(self.env["stock.move.line"].search([("lot_id", "=", False)]))
        for model in ("stock.lot", "stock.move.line", "stock.quant", "coop.quality.check"):
            with self.subTest(model=model):
                self.assertFalse(self.env[model].with_user(user).search([]))

    def test_cooperative_manager_sees_no_customer_of_her_lots(self):
        delivery = self._deliver(self.customer_2, self.lot_a, 1)
        MoveLine = self.env["stock.move.line"].with_user(self.user_coop_a)
        with self.assertRaises(AccessError):
            delivery.move_line_ids.with_user(self.user_coop_a).read(["picking_partner_id"])
        for domain in (
            [("picking_partner_id", "=", self.customer_2.id)],
            [("picking_partner_id.name", "ilike", "Cliente Paris")],
            [("location_dest_id.usage", "=", "customer")],
        ):
            with self.subTest(domain=domain):
                self.assertFalse(MoveLine.search(domain))
        lot = self.lot_a.with_user(self.user_coop_a)
        self.assertFalse(lot.delivery_ids)
        # her lot's traceability still shows its receipt and its stock on hand
        self.assertEqual(
            MoveLine.search([("lot_id", "=", self.lot_a.id)]), self.receipt_a.move_line_ids
        )
        self.assertEqual(lot.product_qty, 1)

    def test_cooperative_manager_follows_her_lot_into_quarantine(self):
        receipt = self._receive(self.coop_a, self.product_coop, 2, {"Acidity": 0.3})
        lot = self._lot_of(receipt)
        lot.coop_quality_check_ids.value = 1.9  # lab result after the receipt: quarantined
        lines = (
            self.env["stock.move.line"]
            .with_user(self.user_coop_a)
            .search([("lot_id", "=", lot.id)])
        )
        self.assertEqual(len(lines), 2)
        self.assertTrue(lines.location_dest_id.filtered("coop_is_quarantine"))

    def test_other_company_reads_none_of_its_quality_points(self):
        """Quality points of a product of this company are not another company's; those
        of a product shared by all companies are every company's."""
        other = self.env["res.company"].create({"name": "Other GIE"})
        user = new_test_user(
            self.env,
            login="other_gie_quality",
            groups="stock.group_stock_user",
            company_id=other.id,
            company_ids=other.ids,
        )
        Point = self.env["coop.quality.point"].with_user(user)
        self.assertIn(self.point_acidity, Point.search([]), "a product of no company")
        self.product_coop.product_tmpl_id.company_id = self.env.company
        self.assertEqual(self.point_acidity.company_id, self.env.company)
        self.assertNotIn(self.point_acidity, Point.search([]))
        with self.assertRaises(AccessError):
            self.point_acidity.with_user(user).read(["name"])
