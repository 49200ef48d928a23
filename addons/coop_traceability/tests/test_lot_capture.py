import datetime

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import TraceCase


@tagged("post_install", "-at_install")
class TestLotCapture(TraceCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.raw_lot = cls.env["stock.lot"].create(
            {
                "name": "KERNELS-1",
                "product_id": cls.product_coop.id,
                "coop_partner_id": cls.coop_a.id,
            }
        )
        # A certification that expired before the production date is not in the snapshot.
        cls.cert_old = cls._add_certification(
            cls.coop_a,
            cert_type=cls.env.ref("coop_gie.cert_type_organic"),
            date_from=cls._days_ago(400),
            date_to=cls._days_ago(20),
        )

    def test_receipt_of_cooperative_po_records_the_lot(self):
        production = self._days_ago(5)
        picking = self._receive(
            self.coop_a,
            self.product_coop,
            12,
            coop_production_date=production,
            coop_origin_douar="Douar Ait Bouhou",
            coop_origin_commune="Oujane",
            coop_raw_lot_ids=[(6, 0, self.raw_lot.ids)],
        )
        self.assertEqual(picking.state, "done")
        lot = self._lot_of(picking)
        self.assertEqual(len(lot), 1)
        self.assertRegex(lot.name, r"^CPA-{}-\d+$".format(production.strftime("%y%m%d")))
        self.assertEqual(lot.coop_partner_id, self.coop_a)
        self.assertEqual(lot.coop_purchase_id, picking.purchase_id)
        self.assertEqual(lot.coop_production_date, production)
        self.assertEqual(lot.coop_origin_douar, "Douar Ait Bouhou")
        self.assertEqual(lot.coop_origin_commune, "Oujane")
        self.assertEqual(lot.coop_raw_lot_ids, self.raw_lot)
        self.assertEqual(self.raw_lot.coop_derived_lot_ids, lot)
        # Snapshot: ONSSA valid on the production date; the expired organic one is not.
        self.assertEqual(lot.coop_certification_ids, self.cert_a)
        self.assertTrue(lot.expiration_date)
        self.assertTrue(lot.coop_published)
        self.assertGreaterEqual(len(lot.coop_token), 20)
        # The product has a quality check point: the measure is still to enter.
        self.assertEqual(lot.coop_quality_state, "pending")
        self.assertEqual(lot.product_qty, 12)

    def test_snapshot_does_not_follow_later_changes(self):
        lot = self._lot_of(self._receive(self.coop_a, self.product_coop, 1))
        self.assertEqual(lot.coop_certification_ids, self.cert_a)
        self.cert_a.date_to = self._days_ago(1)
        lot.invalidate_recordset()
        self.assertEqual(lot.coop_certification_ids, self.cert_a)

    def test_certification_on_a_lot_cannot_be_deleted(self):
        lot = self._lot_of(self._receive(self.coop_a, self.product_coop, 1))
        self.assertEqual(lot.coop_certification_ids, self.cert_a)
        # refused since (True: the button answers over XML-RPC), still on the lot's label
        self.assertTrue(self.cert_a.action_refuse())
        with self.assertRaisesRegex(UserError, "is on the label of lot " + lot.name):
            self.cert_a.unlink()
        self.assertEqual(lot.coop_certification_ids, self.cert_a)

    def test_lot_numbers_follow_the_cooperative_sequence(self):
        lots = [self._lot_of(self._receive(self.coop_b, self.product_coop, 1)) for _i in range(3)]
        numbers = [int(lot.name.rsplit("-", 1)[1]) for lot in lots]
        self.assertEqual(numbers, [numbers[0], numbers[0] + 1, numbers[0] + 2])
        self.assertTrue(all(lot.name.startswith("CPB-") for lot in lots))
        self.assertEqual(len({lot.coop_token for lot in lots}), 3)

    def test_own_numbering_of_the_cooperative_is_kept(self):
        picking = self._receive(self.coop_a, self.product_coop, 4, lot_name="TIF2025/07")
        lot = self._lot_of(picking)
        self.assertEqual(lot.name, "TIF2025/07")
        self.assertEqual(lot.coop_partner_id, self.coop_a)
        # A lot name that does not fit a URL path falls back to the token page.
        self.assertTrue(lot.coop_trace_url.endswith("/t/" + lot.coop_token))

    def test_dot_lot_names_use_the_token_page(self):
        for name in (".", ".."):
            lot = self.env["stock.lot"].create({"name": name, "product_id": self.product_coop.id})
            self.assertTrue(lot.coop_trace_url.endswith("/t/" + lot.coop_token), name)

    def test_propose_lot_numbers_before_validation(self):
        picking = self._receive(self.coop_a, self.product_coop, 3, validate=False)
        picking.action_coop_propose_lot_numbers()
        proposed = picking.move_line_ids.lot_name
        self.assertTrue(proposed.startswith("CPA-"))
        picking.button_validate()
        self.assertEqual(self._lot_of(picking).name, proposed)

    def test_proposed_lot_number_follows_the_production_date_entered_after(self):
        picking = self._receive(self.coop_a, self.product_coop, 3, validate=False)
        picking.action_coop_propose_lot_numbers()
        line = picking.move_line_ids
        today = fields.Date.context_today(line).strftime("%y%m%d")
        self.assertTrue(line.lot_name.startswith(f"CPA-{today}-"), line.lot_name)
        number = line.lot_name.rsplit("-", 1)[1]
        line.coop_production_date = self._days_ago(10)
        day = self._days_ago(10).strftime("%y%m%d")
        # the same number: none of the cooperative's sequence is used up unprinted
        self.assertEqual(line.lot_name, f"CPA-{day}-{number}")
        # the best-before follows it too, set outside the form (RPC, import)
        best_before = self._days_ago(10) + datetime.timedelta(days=365)
        self.assertEqual(line.expiration_date.date(), best_before)
        picking.button_validate()
        lot = self._lot_of(picking)
        self.assertEqual((lot.name, lot.coop_production_date), (line.lot_name, self._days_ago(10)))
        self.assertEqual(lot.expiration_date.date(), best_before)
        # a number typed by hand stays as typed whatever the date
        other = self._receive(self.coop_a, self.product_coop, 2, validate=False)
        other.move_line_ids.lot_name = "CPA-OWN-1"
        other.move_line_ids.coop_production_date = self._days_ago(3)
        self.assertEqual(other.move_line_ids.lot_name, "CPA-OWN-1")

    def test_non_cooperative_vendor_keeps_standard_behaviour(self):
        vendor = self.env["res.partner"].create({"name": "Plain vendor", "is_company": True})
        picking = self._receive(vendor, self.product_coop, 1, validate=False)
        picking.action_coop_propose_lot_numbers()
        self.assertFalse(picking.move_line_ids.lot_name)
        with self.assertRaises(UserError):
            picking.button_validate()

    def _receive_l001(self, coop, validate=True, **line_vals):
        values = {
            "lot_name": "L001",
            "coop_production_date": self._days_ago(10),
            "coop_origin_douar": "Douar Ait Bouhou",
            "coop_origin_commune": "Oujane",
            **line_vals,
        }
        return self._receive(
            coop, self.product_coop, 3, {"Acidity": 0.3}, validate=validate, **values
        )

    def test_lot_number_of_another_cooperative_is_refused(self):
        lot = self._lot_of(self._receive_l001(self.coop_a))
        self.assertEqual(lot.coop_partner_id, self.coop_a)
        for values in (
            {"coop_production_date": self._days_ago(2), "coop_origin_douar": "Douar Tifaout"},
            {},  # even with the same data: another cooperative's goods
        ):
            with self.subTest(values=values):
                picking = self._receive_l001(self.coop_b, validate=False, **values)
                with self.assertRaisesRegex(
                    UserError, r"L001 \(Test argan oil, Coopérative Test A\)"
                ):
                    picking.button_validate()
                self.assertNotEqual(picking.state, "done")
                self.assertEqual(lot.product_qty, 3)
                self.assertEqual(lot.coop_quality_check_ids.picking_id.partner_id, self.coop_a)

    def test_lot_number_of_another_cooperative_is_refused_when_shipped_direct(self):
        self._receive_l001(self.coop_a)
        customer = self.env["res.partner"].create({"name": "Client direct"})
        picking = self._dropship(
            self.coop_b, customer, self.product_coop, 2, validate=False, lot_name="L001"
        )
        with self.assertRaisesRegex(UserError, r"L001 \(Test argan oil, Coopérative Test A\)"):
            picking.with_context(skip_sms=True).button_validate()
        self.assertNotEqual(picking.state, "done")

    def test_picked_receipt_left_without_lot_gets_her_lot_number(self):
        picking = self._receive(self.coop_a, self.product_coop, 5, validate=False)
        picking.move_line_ids.picked = True  # checked by the storekeeper, lot left empty
        picking.button_validate()
        self.assertEqual(picking.state, "done")
        self.assertTrue(self._lot_of(picking).name.startswith(f"{self.coop_a.coop_code}-"))

    def test_lot_number_reused_with_other_data_is_refused(self):
        lot = self._lot_of(self._receive_l001(self.coop_a))
        for values in (
            {"coop_production_date": self._days_ago(3)},
            {"coop_origin_douar": "Douar Ifrane"},
            {"coop_origin_commune": "Guelmim"},
        ):
            with self.subTest(values=values):
                picking = self._receive_l001(self.coop_a, validate=False, **values)
                with self.assertRaisesRegex(UserError, "already exist"):
                    picking.button_validate()
        self.assertEqual(lot.coop_production_date, self._days_ago(10))
        self.assertEqual(lot.product_qty, 3)

    def test_cooperative_reuses_her_lot_number_with_the_same_data(self):
        lot = self._lot_of(self._receive_l001(self.coop_a))
        self.assertEqual(self._lot_of(self._receive_l001(self.coop_a)), lot)
        # data left empty on the receipt is the lot's
        picking = self._receive(self.coop_a, self.product_coop, 1, lot_name="L001")
        self.assertEqual(self._lot_of(picking), lot)
        self.assertEqual(lot.product_qty, 7)
        self.assertEqual(lot.coop_production_date, self._days_ago(10))

    def _scan(self, picking, barcode):
        scan = self.env["coop.gs1.scan"].with_context(lang="en_US", default_picking_id=picking.id)
        form = Form(scan)
        form.barcode = barcode
        return form.save()

    @staticmethod
    def _gs1_date(day):
        return day.strftime("%y%m%d")

    def test_gs1_scan_fills_product_lot_and_dates(self):
        production, expiry = self._days_ago(100), self._days_ago(-200)
        picking = self._receive(self.coop_a, self.product_coop, 6, validate=False)
        wizard = self._scan(
            picking,
            f"(01){self.gtin14}(11){self._gs1_date(production)}(17){self._gs1_date(expiry)}"
            "(10)CPA-OWN-9",
        )
        self.assertFalse(wizard.parse_error)
        self.assertEqual(wizard.product_id, self.product_coop)
        self.assertEqual(wizard.lot_name, "CPA-OWN-9")
        self.assertEqual(wizard.production_date, production)
        self.assertEqual(wizard.expiration_date, expiry)
        wizard.action_apply()
        line = picking.move_line_ids
        self.assertEqual(line.lot_name, "CPA-OWN-9")
        self.assertEqual(line.coop_production_date, production)
        self.assertEqual(line.expiration_date.date(), expiry)
        self.assertEqual(line.quantity, 6)
        picking.button_validate()
        lot = self._lot_of(picking)
        self.assertEqual(lot.name, "CPA-OWN-9")
        self.assertEqual(lot.coop_production_date, production)
        self.assertEqual(lot.expiration_date.date(), expiry)

    def test_gs1_scan_keeps_best_before_and_expiry_of_production(self):
        production = self._days_ago(60)
        best_before = production + datetime.timedelta(days=270)
        expiry = production + datetime.timedelta(days=365)
        picking = self._receive(self.coop_a, self.product_coop, 6, validate=False)
        wizard = self._scan(
            picking,
            f"(01){self.gtin14}(11){self._gs1_date(production)}"
            f"(15){self._gs1_date(best_before)}(10)SCANA-1",
        )
        self.assertEqual(wizard.use_date, best_before)
        wizard.action_apply()
        picking.button_validate()
        lot = self._lot_of(picking)
        # The label prints the cooperative's best-before; expiry is production + 365 days.
        self.assertEqual(lot._coop_label_dates(), (production, best_before))
        self.assertEqual(lot.expiration_date.date(), expiry)
        self.assertEqual(lot.alert_date.date(), expiry - datetime.timedelta(days=40))
        self.assertEqual(lot.removal_date.date(), expiry - datetime.timedelta(days=10))

    def test_gs1_scan_of_a_production_date_alone_sets_the_expiry(self):
        production = self._days_ago(60)
        expiry = production + datetime.timedelta(days=365)
        picking = self._receive(self.coop_a, self.product_coop, 6, validate=False)
        self._scan(
            picking, f"(01){self.gtin14}(11){self._gs1_date(production)}(10)SCANA-2"
        ).action_apply()
        self.assertEqual(picking.move_line_ids.expiration_date.date(), expiry)
        picking.button_validate()
        lot = self._lot_of(picking)
        self.assertEqual(lot.expiration_date.date(), expiry)
        self.assertEqual(lot.use_date.date(), expiry - datetime.timedelta(days=30))

    def test_gs1_scan_raw_with_fnc1_and_quantity(self):
        picking = self._receive(self.coop_a, self.product_coop, 10, validate=False)
        wizard = self._scan(picking, f"01{self.gtin14}10L-77\x1d3004")
        self.assertEqual(wizard.lot_name, "L-77")
        self.assertEqual(wizard.quantity, 4)
        wizard.action_apply_and_next()
        self.assertIn("L-77", picking.move_line_ids.mapped("lot_name"))
        self.assertIn(4, picking.move_line_ids.mapped("quantity"))

    def test_gs1_scan_of_cartons_of_a_lot_adds_them_up(self):
        picking = self._receive(self.coop_a, self.product_coop, 41, validate=False)
        for _carton in range(3):
            self._scan(picking, f"(01){self.gtin14}(37)12(10)CARTON-A").action_apply()
        self._scan(picking, f"(01){self.gtin14}(37)5(10)CARTON-B").action_apply()
        lines = picking.move_line_ids
        self.assertEqual(
            sorted((line.lot_name, line.quantity) for line in lines),
            [("CARTON-A", 36), ("CARTON-B", 5)],
        )

    def test_gs1_scan_digital_link_of_a_label(self):
        picking = self._receive(self.coop_a, self.product_coop, 2, validate=False)
        wizard = self._scan(picking, f"https://gie.example/01/{self.gtin14}/10/CPA-250301-4")
        self.assertEqual(wizard.product_id, self.product_coop)
        self.assertEqual(wizard.lot_name, "CPA-250301-4")

    def test_gs1_scan_errors_are_clear(self):
        picking = self._receive(self.coop_a, self.product_coop, 2, validate=False)
        wizard = self._scan(picking, "(01)06119999000022(10)X")
        self.assertIn("06119999000022", wizard.parse_error)
        with self.assertRaises(UserError):
            wizard.action_apply()
        wizard = self._scan(picking, "not a barcode")
        self.assertTrue(wizard.parse_error)
        other = self.env["product.product"].create(
            {"name": "Other", "is_storable": True, "tracking": "lot", "barcode": "6119999000022"}
        )
        wizard = self._scan(picking, "(01)06119999000022(10)X")
        self.assertEqual(wizard.product_id, other)
        with self.assertRaisesRegex(UserError, "not expected"):
            wizard.action_apply()

    def test_gs1_scan_refuses_a_count_beyond_what_the_receipt_expects(self):
        # QA: a receipt of 20 scanned with a count of 99,999,999 (billed on receipt)
        picking = self._receive(self.coop_a, self.product_coop, 20, validate=False)
        line = picking.move_line_ids
        with self.assertRaisesRegex(
            UserError,
            r"Test argan oil: 99,999,999\.00 Units scanned, but receipt \S+ expects 20\.00 "
            r"Units more\. .* set the quantity by hand",
        ):
            self._scan(picking, f"(01){self.gtin14}(10)TIF-1(30)99999999").action_apply()
        self.assertEqual((line.lot_name, line.quantity), (False, 20))
        # the cartons add up to what the receipt expects, not one more
        self._scan(picking, f"(01){self.gtin14}(10)TIF-1(30)12").action_apply()
        self._scan(picking, f"(01){self.gtin14}(10)TIF-2(30)8").action_apply()
        for barcode in (f"(01){self.gtin14}(10)TIF-2(30)1", f"(01){self.gtin14}(10)TIF-3"):
            with self.assertRaisesRegex(UserError, r"1\.00 Units scanned, .* expects 0\.00"):
                self._scan(picking, barcode).action_apply()
        self.assertEqual(
            sorted((ml.lot_name, ml.quantity) for ml in picking.move_line_ids),
            [("TIF-1", 12), ("TIF-2", 8)],
        )
        picking.button_validate()
        self.assertEqual(picking.purchase_id.order_line.qty_received, 20)
        # more than ordered is still received by hand
        other = self._receive(self.coop_a, self.product_coop, 2, validate=False)
        other.move_line_ids.write({"lot_name": "TIF-4", "quantity": 3})
        other.button_validate()
        self.assertEqual(other.purchase_id.order_line.qty_received, 3)

    def test_gs1_scan_refuses_a_production_date_in_the_future(self):
        picking = self._receive(self.coop_a, self.product_coop, 20, validate=False)
        line = picking.move_line_ids
        future = self._gs1_date(self._days_ago(-2))
        # QA: (11)491231 is 31 December 2049
        for day in (future, "491231"):
            with self.assertRaisesRegex(
                ValidationError, "Test argan oil: the production date .* is in the future"
            ):
                self._scan(picking, f"(01){self.gtin14}(10)TIF-1(30)20(11){day}").action_apply()
        self.assertEqual(
            (line.lot_name, line.quantity, line.coop_production_date), (False, 20, False)
        )

    def test_gs1_scan_refuses_a_production_date_past_the_shelf_life(self):
        picking = self._receive(self.coop_a, self.product_coop, 20, validate=False)
        old = self._gs1_date(self._days_ago(400))  # the product keeps 365 days
        with self.assertRaisesRegex(ValidationError, "past its expiry date .* looks wrong"):
            self._scan(picking, f"(01){self.gtin14}(10)TIF-1(11){old}").action_apply()
        self.assertFalse(picking.move_line_ids.lot_name)
        # the expiry printed on the carton says it is still good
        later = self._gs1_date(self._days_ago(-30))
        self._scan(picking, f"(01){self.gtin14}(10)TIF-1(11){old}(17){later}").action_apply()
        self.assertEqual(picking.move_line_ids.coop_production_date, self._days_ago(400))

    def test_production_date_typed_wrong_is_refused(self):
        picking = self._receive(self.coop_a, self.product_coop, 3, validate=False)
        picking.action_coop_propose_lot_numbers()
        line = picking.move_line_ids.with_context(lang="en_US")
        proposed, expiration = line.lot_name, line.expiration_date
        move_form = Form(line.move_id, view="stock.view_stock_move_operations")
        for day, error in (
            (self.today - relativedelta(years=100), "past its expiry date .* looks wrong"),
            (self.today + datetime.timedelta(days=2), "is in the future"),
        ):
            with self.subTest(day=day):
                with self.assertRaisesRegex(ValidationError, error):
                    line.coop_production_date = day
                # typed in the detailed operations (with the expiry the form derives)
                with move_form.move_line_ids.edit(0) as row:
                    row.coop_production_date = day
                with self.assertRaisesRegex(ValidationError, error):
                    move_form.save()
                with self.assertRaisesRegex(ValidationError, error):
                    self.env["stock.move.line"].with_context(lang="en_US").create(
                        dict(
                            line.move_id._prepare_move_line_vals(quantity=1),
                            lot_name="TAO-2",
                            coop_production_date=day,
                        )
                    )
                self.assertEqual(
                    (line.lot_name, line.coop_production_date, line.expiration_date),
                    (proposed, False, expiration),
                )
                self.assertEqual(picking.move_line_ids, line)
        line.coop_production_date = self._days_ago(3)
        picking.button_validate()
        self.assertEqual(self._lot_of(picking).coop_production_date, self._days_ago(3))
