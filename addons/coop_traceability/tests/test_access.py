from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import TraceCase


@tagged("post_install", "-at_install")
class TestAccess(TraceCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lot_a = cls._lot_of(cls._receive(cls.coop_a, cls.product_coop, 2, {"Acidity": 0.3}))
        cls.lot_b = cls._lot_of(cls._receive(cls.coop_b, cls.product_coop, 2, {"Acidity": 0.3}))

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
