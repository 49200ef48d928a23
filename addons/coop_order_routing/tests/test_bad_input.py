"""Bad input gets a clear, translated error and changes nothing: vendor lines, routing
policies, supply declarations and answers, typed in a form or imported."""

from datetime import timedelta

from odoo.addons.coop_gie.tests.common import ImportMixin
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import SQL

from ..models.coop_routing_policy import MAX_WINDOW_DAYS
from .common import RoutingCase


@tagged("post_install", "-at_install")
class TestBadInput(ImportMixin, RoutingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.units = cls.env.ref("uom.product_uom_unit")

    # ------------------------------------------------------------------ vendor lines

    def test_cooperative_vendor_line_refuses_negative_price_delay_reversed_dates(self):
        seller = self.sellers[(self.product, self.coop_a)]
        today = self.today
        for vals, text in (
            ({"price": -18.0}, "The price of Coopérative Test A for Test argan oil cannot be"),
            ({"delay": -3}, "The lead time of Coopérative Test A for Test argan oil cannot be"),
            (
                {"date_start": today, "date_end": today - timedelta(days=1)},
                "The price of Coopérative Test A for Test argan oil cannot end",
            ),
        ):
            with self.subTest(vals=vals):
                with self.assertRaises(ValidationError) as error:
                    seller.with_user(self.user_staff).with_context(lang="en_US").write(vals)
                self.assertIn(text, str(error.exception))
                seller.invalidate_recordset()
                self.assertEqual((seller.price, seller.delay, seller.date_end), (80.0, 2, False))
        # a free sample is a price: Odoo allows 0
        seller.price = 0.0
        # Odoo's import is refused the same way, and creates nothing
        product = self._make_coop_product("Test thyme")
        messages = self._import(
            self.user_staff,
            "product.supplierinfo",
            ["partner_id/.id", "product_tmpl_id/.id", "price", "delay", "date_start", "date_end"],
            [[self.coop_a.id, product.product_tmpl_id.id, -18, 2, "", ""]],
        )
        self.assertIn("cannot be negative", messages[0])
        messages = self._import(
            self.user_staff,
            "product.supplierinfo",
            ["partner_id/.id", "product_tmpl_id/.id", "price", "delay", "date_start", "date_end"],
            [[self.coop_a.id, product.product_tmpl_id.id, 18, 2, "2026-12-31", "2026-01-01"]],
        )
        self.assertIn("cannot end", messages[0])
        self.assertFalse(product.seller_ids)

    def test_other_vendors_keep_odoo_rules_but_for_the_lead_time(self):
        """A negative price is a cooperative's mistake only: purchase records a vendor line at
        the price of any confirmed order line, a refund too. No vendor delivers in the past."""
        shop = self.env["res.partner"].create({"name": "Boutique Agadir", "is_company": True})
        line = self.env["product.supplierinfo"].create(
            {"partner_id": shop.id, "product_tmpl_id": self.product.product_tmpl_id.id}
        )
        line.price = -5.0
        with self.assertRaises(ValidationError):
            line.delay = -1
        # a vendor who becomes a cooperative keeps no negative price
        with self.assertRaises(ValidationError):
            line.partner_id = self.coop_b

    def test_routing_leaves_out_vendor_lines_saved_negative(self):
        """Lines saved before they were refused: no order of a negative value, no delivery
        date before her answer."""
        seller = self.sellers[(self.product, self.coop_a)]
        for column, value in (("price", -18), ("delay", -3)):
            with self.subTest(column=column):
                self.env.flush_all()
                self.env.cr.execute(
                    SQL(
                        "UPDATE product_supplierinfo SET %s = %s WHERE id = %s",
                        SQL.identifier(column),
                        value,
                        seller.id,
                    )
                )
                self.env.invalidate_all()
                order, po_a, po_b = self._route()
                self.assertFalse(po_a, "nothing ordered from her on that line")
                self.assertEqual(po_b.order_line.product_qty, 10.0)
                self.assertGreaterEqual(po_b.amount_untaxed, 0.0)
                self.env.cr.execute(
                    "UPDATE product_supplierinfo SET price = 80, delay = 2 WHERE id = %s",
                    [seller.id],
                )
                self.env.invalidate_all()
                order._action_cancel()

    # ------------------------------------------------------------------ routing policy

    def test_balancing_window_at_most_ten_years(self):
        policy = self.env.ref("coop_order_routing.policy_default").with_context(lang="en_US")
        for days in (0, -1, MAX_WINDOW_DAYS + 1, 800_000):
            with self.subTest(days=days), self.assertRaises(ValidationError) as error:
                policy.window_days = days
            self.assertIn("it must be from 1 to 3650 days (ten years)", str(error.exception))
            policy.invalidate_recordset()
            self.assertEqual(policy.window_days, 30)
        # the longest window routes orders
        policy.window_days = MAX_WINDOW_DAYS
        order, po_a, po_b = self._route()
        self.assertEqual(order.state, "sale")
        self.assertEqual(po_a.order_line.product_qty + po_b.order_line.product_qty, 10.0)

    def test_import_shows_the_routing_checks_in_french(self):
        """Odoo's import shows the messages of SQL constraints untranslated: the checks are
        Python constraints, in the language of whoever imports."""
        self.user_staff.lang = "fr_FR"
        categ = self.env["product.category"].create({"name": "Herbes"})
        window = (
            "The balancing window of %(policy)s is %(days)s days: it must be from 1 to "
            "%(max)s days (ten years)."
        )
        translations = {
            window: "La fenêtre d'équilibrage de %(policy)s est de %(days)s jours : elle doit "
            "aller de 1 à %(max)s jours (dix ans).",
            "The available quantity cannot be negative.": (
                "La quantité disponible ne peut pas être négative."
            ),
            "The capacity cannot be negative.": "La capacité ne peut pas être négative.",
            "The target share is a percentage between 0 and 100.": (
                "La part cible est un pourcentage entre 0 et 100."
            ),
        }
        with self._french("coop_order_routing", translations):
            messages = self._import(
                self.user_staff,
                "coop.routing.policy",
                ["name", "categ_id/.id", "window_days"],
                [["Herbes", categ.id, 0]],
                lang="fr_FR",
            )
            self.assertIn("elle doit aller de 1 à 3650 jours (dix ans)", messages[0])
            product = self._make_coop_product("Test thyme", seller_ids=self._vendor_lines())
            header = [
                "partner_id/.id",
                "product_tmpl_id/.id",
                "qty_available",
                "weekly_capacity",
                "target_share",
            ]
            tmpl_id = product.product_tmpl_id.id
            for row, french in (
                ([self.coop_a.id, tmpl_id, -5, 0, 0], "La quantité disponible ne peut pas être"),
                ([self.coop_a.id, tmpl_id, 5, -1, 0], "La capacité ne peut pas être négative."),
                ([self.coop_a.id, tmpl_id, 5, 0, 150], "La part cible est un pourcentage"),
            ):
                with self.subTest(row=row):
                    messages = self._import(
                        self.user_staff, "coop.sourcing", header, [row], lang="fr_FR"
                    )
                    self.assertIn(french, messages[0])
        self.assertFalse(product.product_tmpl_id.coop_sourcing_ids)

    # ------------------------------------------------------------------ whole quantities

    def test_declared_supply_in_whole_units(self):
        # Odoo's Units, to the hundredth (0.01): counted whole all the same, as bottles
        self.assertEqual(self.units.rounding, 0.01)
        mine = self._sourcing(self.coop_a, self.product).with_user(self.user_coop_a)
        for name in ("qty_available", "weekly_capacity"):
            with self.subTest(field=name):
                with self.assertRaises(ValidationError) as error:
                    mine.with_context(lang="en_US").write({name: 12.5})
                self.assertIn(
                    "of Test argan oil (Coopérative Test A): 12.5 Units is not a whole number "
                    "of Units.",
                    str(error.exception),
                )
                mine.invalidate_recordset()
                self.assertEqual(mine[name], 1000.0 if name == "qty_available" else 0.0)
                mine.write({name: 12})
        # a weight takes the part, to its rounding (the gram)
        kg = self.env.ref("uom.product_uom_kgm")
        self.product.product_tmpl_id.write({"uom_id": kg.id, "uom_po_id": kg.id})
        mine.qty_available = 12.5
        self.assertEqual(mine.qty_available, 12.5)
        # a dozen is counted whole, as a unit
        Allocation = self.env["coop.allocation"]
        self.assertEqual(Allocation._coop_step(self.env.ref("uom.product_uom_dozen")), 1.0)
        self.assertEqual(Allocation._coop_step(kg), kg.rounding)

    def test_not_whole_reads_right_in_french(self):
        """French reads the error and the SMS whatever the unit's name: no "de Unité(s)"
        (which French would elide), the unit after the quantity it counts."""
        Allocation = self.env["coop.allocation"].with_context(lang="fr_FR")
        for uom, qty, text in (
            (self.units, 2.5, "2,5 Unité(s) n'est pas une quantité entière (comptée en Unité(s))."),
            (
                self.env.ref("uom.product_uom_dozen"),
                1.5,
                "1,5 Douzaines n'est pas une quantité entière (comptée en Douzaines).",
            ),
        ):
            with self.subTest(uom=uom.name):
                with self.assertRaises(ValidationError) as error:
                    Allocation._coop_check_whole_steps(qty, uom, "Quantité acceptée")
                self.assertEqual(str(error.exception), f"Quantité acceptée : {text}")
        _order, po_a, _po_b = self._route()
        self.assertIn(
            ": la quantité acceptée doit être entière, comptée en Unité(s) (",
            po_a._coop_sms_body("not_whole", "fr_FR"),
        )

    def test_partial_acceptance_in_whole_units(self):
        # Odoo's Units, to the hundredth (0.01): counted whole all the same, as bottles
        self.assertEqual(self.units.rounding, 0.01)
        order, po_a, _po_b = self._route()
        action = (
            po_a.with_user(self.user_coop_a)
            .with_context(coop_answer_mode="partial", lang="en_US")
            .action_coop_open_answer()
        )
        wizard = (
            self.env["coop.po.answer"]
            .with_user(self.user_coop_a)
            .with_context(lang="en_US")
            .browse(action["res_id"])
        )
        # 0.4 is not a refusal asking for her reason: a quantity to type again
        for qty in (2.5, 0.4):
            with self.subTest(qty=qty):
                wizard.line_ids.accepted_qty = qty
                with self.assertRaises(ValidationError) as error:
                    wizard.action_confirm()
                self.assertIn(
                    f"Accepted quantity of Test argan oil: {qty:g} Units is not a whole number "
                    "of Units.",
                    str(error.exception),
                )
                self.assertEqual(po_a.coop_answer_state, "waiting")
                self.assertEqual(po_a.order_line.product_qty, 5.0)
                self.assertFalse(order.coop_allocation_ids.filtered(lambda a: a.rerouted_from_id))
        # from anywhere else she answers
        with self.assertRaises(ValidationError):
            po_a._coop_answer("partial", channel="staff", quantities={po_a.order_line.id: 2.5})
        with self.assertRaises(UserError):
            po_a._coop_answer("partial", channel="staff", quantities={po_a.order_line.id: 9})
        self.assertEqual(po_a.coop_answer_state, "waiting")
        wizard.line_ids.accepted_qty = 2
        wizard.action_confirm()
        self.assertEqual((po_a.coop_answer_state, po_a.order_line.product_qty), ("partial", 2.0))
        self.assertConserved(order)
