"""Quantities as people write them (pure core)."""

from odoo.tests import BaseCase, tagged

from ..core.quantity import is_whole_steps, qty_text, shown_digits


@tagged("post_install", "-at_install")
class TestQuantityText(BaseCase):
    def test_to_the_unit_rounding_without_trailing_zeros(self):
        for qty, rounding, text in (
            (20.0, 1.0, "20"),  # not "20.0"
            (2.5, 0.001, "2.5"),
            (1234567.0, 0.001, "1234567"),
            (0.1 + 0.2, 0.001, "0.3"),  # not "0.30000000000000004"
            (2.5, 1.0, "3"),  # half away from zero, as Odoo rounds
            (-2.5, 1.0, "-3"),
            (-0.0001, 0.01, "0"),  # no "-0"
            (2.26, 0.5, "2.5"),
            (7.0, 0.0, "7"),  # no rounding: to the hundredth
        ):
            self.assertEqual(qty_text(qty, rounding), text, (qty, rounding))

    def test_decimal_point_of_the_language(self):
        self.assertEqual(qty_text(2.5, 0.01, ","), "2,5")
        self.assertEqual(qty_text(20.0, 0.01, ","), "20")

    def test_whole_steps_of_the_unit(self):
        for qty, rounding, whole in (
            (2.0, 1.0, True),
            (2.5, 1.0, False),  # half a bottle
            (-0.4, 1.0, False),
            (1_000_000.5, 1.0, False),
            (0.3, 0.1, True),  # 2.9999999999999996 steps: float noise
            (2.5, 0.001, True),
            (2.25, 0.5, False),
            (7.0, 0.0, True),  # no rounding: to the hundredth
        ):
            self.assertEqual(is_whole_steps(qty, rounding), whole, (qty, rounding))

    def test_decimals_a_quantity_needs(self):
        for qty, rounding, digits in (
            (1_000_001.0, 0.01, 0),  # whole units: no ".00"
            (2.5, 0.01, 1),
            (2.25, 0.01, 2),
            (2.2549, 0.001, 3),
            (2.0004, 0.001, 0),  # to the unit's rounding
            (7.5, 1.0, 0),
        ):
            self.assertEqual(shown_digits(qty, rounding), digits, (qty, rounding))
