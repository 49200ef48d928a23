"""Labels a product may claim (pure core, hypothesis) collected by Odoo's test runner."""

from hypothesis import given
from hypothesis import strategies as st

from odoo.addons.coop_gie.tests.common import property_settings
from odoo.tests import BaseCase, tagged

from ..core import labels

IGP, ORGANIC, QUALITY, ONSSA = 1, 2, 3, 4
LABEL_TYPES = frozenset({IGP, ORGANIC, QUALITY})

types = st.frozensets(st.sampled_from([IGP, ORGANIC, QUALITY, ONSSA]))
held_by_maker = st.dictionaries(st.integers(1, 20), types, max_size=5)


@tagged("post_install", "-at_install")
class TestLabelsCore(BaseCase):
    def test_finding_argan_oil_of_two_makers(self):
        taoutemet = {IGP, ORGANIC, ONSSA}
        tifaout = {QUALITY, ONSSA}
        self.assertFalse(
            labels.product_labels({1: taoutemet, 2: tifaout}, frozenset(), LABEL_TYPES),
            "a label held by one maker only is not shown",
        )
        self.assertEqual(
            labels.product_labels({1: taoutemet, 2: taoutemet}, frozenset(), LABEL_TYPES),
            {IGP, ORGANIC},
        )
        self.assertEqual(
            labels.product_labels({1: taoutemet, 2: tifaout}, frozenset({ORGANIC}), LABEL_TYPES),
            {IGP, ORGANIC},
            "only Taoutemet can be routed an order requiring organic",
        )
        self.assertFalse(
            labels.product_labels({2: tifaout}, frozenset({ORGANIC}), LABEL_TYPES),
            "nobody can be routed the order: no label",
        )

    def test_held_types_of_a_product(self):
        certifications = [(IGP, frozenset()), (ORGANIC, frozenset({7})), (QUALITY, frozenset())]
        self.assertEqual(labels.held_types(certifications, 7), {IGP, ORGANIC, QUALITY})
        self.assertEqual(labels.held_types(certifications, 8), {IGP, QUALITY})

    @property_settings()
    @given(held_by_maker, types)
    def test_a_shown_label_is_held_by_whoever_is_routed(self, held, required):
        shown = labels.product_labels(held, required, LABEL_TYPES)
        self.assertLessEqual(shown, LABEL_TYPES)
        for maker in labels.routable_makers(held, required):
            self.assertLessEqual(shown, held[maker])

    @property_settings()
    @given(held_by_maker, types)
    def test_a_label_every_routable_maker_holds_is_shown(self, held, required):
        makers = labels.routable_makers(held, required)
        shown = labels.product_labels(held, required, LABEL_TYPES)
        for label in LABEL_TYPES:
            if makers and all(label in held[maker] for maker in makers):
                self.assertIn(label, shown)
        if not makers:
            self.assertFalse(shown)
