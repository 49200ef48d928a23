import datetime
import textwrap

from hypothesis import given
from hypothesis import strategies as st

from odoo.addons.coop_gie.tests.common import property_settings
from odoo.tests import BaseCase, tagged

from ..lib import gs1, quality, rtl, trace, translations, weblang, zpl

lot_names = st.text(
    alphabet=st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-"), min_size=1, max_size=20
)
gtin_bodies = st.text(alphabet="0123456789", min_size=13, max_size=13)


@tagged("post_install", "-at_install")
class TestGs1(BaseCase):
    def test_known_check_digits(self):
        # Published examples of GS1 check digits.
        self.assertTrue(gs1.is_valid_gtin("4006381333931"))
        self.assertTrue(gs1.is_valid_gtin("96385074"))
        self.assertFalse(gs1.is_valid_gtin("4006381333932"))
        self.assertFalse(gs1.is_valid_gtin("40063813339X1"))
        self.assertEqual(gs1.to_gtin14("4006381333931"), "04006381333931")
        self.assertIsNone(gs1.to_gtin14("12345"))

    @given(gtin_bodies)
    @property_settings(200)
    def test_gtin14_round_trip(self, body):
        gtin14 = body + str(gs1.check_digit(body))
        self.assertTrue(gs1.is_valid_gtin(gtin14))
        self.assertEqual(gs1.to_gtin14(gtin14), gtin14)
        for candidate in gs1.gtin_candidates(gtin14):
            self.assertEqual(gs1.to_gtin14(candidate), gtin14)

    @given(gtin_bodies, lot_names)
    @property_settings(200)
    def test_digital_link_round_trip(self, body, lot):
        gtin14 = body + str(gs1.check_digit(body))
        url = "https://gie.example" + gs1.digital_link_path(gtin14, lot)
        self.assertEqual(gs1.parse_digital_link(url), (gtin14, lot))

    def test_digital_link_quotes_lot(self):
        self.assertEqual(
            gs1.digital_link_path("06111245000015", "A B%"), "/01/06111245000015/10/A%20B%25"
        )
        self.assertEqual(
            gs1.parse_digital_link("/01/06111245000015/10/A%20B%25"), ("06111245000015", "A B%")
        )
        self.assertIsNone(gs1.parse_digital_link("/01/06111245000017/10/LOT"))
        self.assertFalse(gs1.lot_fits_digital_link("A/B"))
        # Browsers resolve the dot segments of a path: /10/.. would lead elsewhere.
        self.assertFalse(gs1.lot_fits_digital_link("."))
        self.assertFalse(gs1.lot_fits_digital_link(".."))
        self.assertTrue(gs1.lot_fits_digital_link("...A"))

    def test_human_readable_to_raw(self):
        self.assertEqual(
            gs1.human_readable_to_raw("(01)06111245000015(10)TAO-1(17)270314"),
            "0106111245000015\x1d10TAO-1\x1d17270314",
        )
        self.assertEqual(gs1.human_readable_to_raw(" 0106111245000015 "), "0106111245000015")
        self.assertEqual(gs1.human_readable_to_raw("(01)x(oops"), "(01)x(oops")

    def test_element_string_and_lot_name(self):
        day = datetime.date(2025, 3, 14)
        self.assertEqual(
            gs1.element_string(
                "06111245000015",
                "TAO-1",
                production_date=day,
                expiry_date=datetime.date(2026, 9, 1),
                human_readable=True,
            ),
            "(01)06111245000015(11)250314(17)260901(10)TAO-1",
        )
        self.assertEqual(gs1.coop_lot_name("TAO", day, 7), "TAO-250314-7")


@tagged("post_install", "-at_install")
class TestTrace(BaseCase):
    @given(
        st.dictionaries(st.integers(0, 30), st.sets(st.integers(0, 30), max_size=4)),
        st.sets(st.integers(0, 30), min_size=1, max_size=3),
    )
    @property_settings(200)
    def test_closure_matches_breadth_first_search(self, graph, start):
        calls = []

        def neighbours(frontier):
            calls.append(frontier)
            return set().union(*(graph.get(node, set()) for node in frontier))

        levels = trace.closure(start, neighbours)
        # Reference: plain breadth-first search, node by node.
        expected = dict.fromkeys(start, 0)
        queue = list(start)
        while queue:
            node = queue.pop(0)
            for child in sorted(graph.get(node, ())):
                if child not in expected:
                    expected[child] = expected[node] + 1
                    queue.append(child)
        self.assertEqual(levels, expected)
        # One call per level, never with an already visited node twice.
        self.assertEqual(len(calls), max(levels.values()) + 1)

    def test_closure_depth_guard(self):
        with self.assertRaises(trace.TraceTooDeep):
            trace.closure([0], lambda frontier: {max(frontier) + 1}, max_levels=10)

    def test_customers_grouping(self):
        deliveries = [
            trace.Delivery(partner_id=1, lot_id=10, picking_id=100, quantity=2),
            trace.Delivery(partner_id=2, lot_id=11, picking_id=101, quantity=1),
            trace.Delivery(partner_id=1, lot_id=11, picking_id=102, quantity=3),
        ]
        impacts = trace.customers(deliveries)
        self.assertEqual([i.partner_id for i in impacts], [1, 2])
        self.assertEqual(impacts[0].lot_ids, {10, 11})
        self.assertEqual(impacts[0].picking_ids, {100, 102})
        self.assertEqual(impacts[0].quantity, 5)


@tagged("post_install", "-at_install")
class TestQualityAndLang(BaseCase):
    @given(
        st.floats(-10, 10, allow_nan=False),
        st.floats(-10, 10, allow_nan=False),
        st.floats(0, 10, allow_nan=False),
    )
    @property_settings(200)
    def test_evaluate(self, value, low, width):
        result = quality.evaluate(value, low, low + width)
        self.assertEqual(result == "pass", low <= value <= low + width)
        self.assertEqual(quality.evaluate(None, low, low + width), "todo")

    def test_lot_state(self):
        self.assertEqual(quality.lot_state([]), "none")
        self.assertEqual(quality.lot_state(["pass", "todo"]), "pending")
        self.assertEqual(quality.lot_state(["pass", "pass"]), "passed")
        self.assertEqual(quality.lot_state(["pass", "fail", "todo"]), "failed")
        self.assertEqual(quality.lot_state(["fail"], "release"), "released")
        self.assertEqual(quality.lot_state(["fail"], "reject"), "rejected")
        self.assertTrue(quality.is_blocked("failed"))
        self.assertFalse(quality.is_blocked("released"))

    def test_pick_lang(self):
        installed = ["en_US", "fr_FR", "ar_001"]
        self.assertEqual(weblang.pick_lang(["ar-MA", "fr"], installed), "ar_001")
        self.assertEqual(weblang.pick_lang([None, "fr-BE"], installed), "fr_FR")
        self.assertEqual(weblang.pick_lang(["de", "es"], installed), "fr_FR")
        self.assertEqual(weblang.pick_lang(["ar_001"], installed), "ar_001")
        self.assertEqual(weblang.pick_lang([], ["en_US"]), "en_US")

    def test_languages_missing_from_a_translated_text(self):
        langs = {"fr_FR", "ar_001", "en_US"}
        # typed in French: Odoo copied it as the English text
        typed = {"en_US": "Rapportez-le.", "fr_FR": "Rapportez-le."}
        self.assertEqual(translations.missing_langs(typed, langs), ["ar_001", "en_US"])
        self.assertEqual(translations.missing_langs(typed, {"fr_FR"}), [])
        translated = dict(typed, en_US="Bring it back.", ar_001="أعيدوه.")
        self.assertEqual(translations.missing_langs(translated, langs), [])
        # typed in English only: the other languages read it
        self.assertEqual(
            translations.missing_langs({"en_US": "Bring it back."}, langs), ["ar_001", "fr_FR"]
        )
        # no instructions: nothing to translate; an empty translation is none
        self.assertEqual(translations.missing_langs(None, langs), [])
        self.assertEqual(translations.missing_langs(dict(typed, ar_001=""), {"ar_001"}), ["ar_001"])

    def test_what_a_reader_reads_of_a_translated_text_and_its_language(self):
        typed = {"en_US": "Rapportez-le.", "fr_FR": "Rapportez-le."}  # typed in French
        self.assertEqual(translations.reading(typed, "fr_FR"), ("Rapportez-le.", "fr_FR"))
        # English and Arabic readers get the French: English is only its copy
        self.assertEqual(translations.reading(typed, "en_US"), ("Rapportez-le.", "fr_FR"))
        self.assertEqual(translations.reading(typed, "ar_001"), ("Rapportez-le.", "fr_FR"))
        arabic = {"en_US": "أعيدوه.", "ar_001": "أعيدوه."}  # typed in Arabic
        self.assertEqual(translations.reading(arabic, "fr_FR"), ("أعيدوه.", "ar_001"))
        translated = dict(typed, en_US="Bring it back.")
        self.assertEqual(translations.reading(translated, "en_US"), ("Bring it back.", "en_US"))
        self.assertEqual(translations.reading(translated, "ar_001"), ("Bring it back.", "en_US"))
        self.assertEqual(translations.reading(translated, "fr_FR"), ("Rapportez-le.", "fr_FR"))
        # an empty translation is none: the English is read
        self.assertEqual(
            translations.reading(dict(translated, ar_001=""), "ar_001"),
            ("Bring it back.", "en_US"),
        )
        self.assertEqual(translations.reading(None, "fr_FR"), ("", "fr_FR"))

    def test_rtl_runs_split_letters_digits_and_punctuation(self):
        self.assertEqual(
            rtl.runs("زيت أركان غذائي 250 مل"),
            [["زيت"], ["أركان"], ["غذائي"], ["250"], ["مل"]],
        )
        self.assertEqual(
            rtl.runs("الشهادات: أونسا، بيان"), [["الشهادات", ":"], ["أونسا", "،"], ["بيان"]]
        )
        self.assertTrue(rtl.has_arabic("Coop تاوتمت"))
        self.assertFalse(rtl.has_arabic("Coopérative Tifaout"))

    def test_zpl_escape(self):
        data = zpl.LotLabel("Huile ^XZ ~JA_x", "Coop", "TAO-1", "14/03/2025", "", "", "", "u")
        text = zpl.label(data)
        self.assertIn("Huile _5EXZ _7EJA_5Fx", text)
        self.assertEqual(text.count("^XZ"), 1)
        self.assertTrue(text.startswith("^XA"))

    def test_zpl_qr_code_escapes_the_control_characters_of_its_url(self):
        url = "https://gie.example/01/06119999000015/10/QA~TILDE^X_1"
        text = zpl.label(zpl.LotLabel("Huile", "", "QA~TILDE^X_1", "", "", "", "", url))
        self.assertIn(
            "^BQN,2,5^FH_^FDMA,https://gie.example/01/06119999000015/10/QA_7ETILDE_5EX_5F1^FS",
            text,
        )
        self.assertNotIn("~", text)
        self.assertEqual(text.count("^X"), 2)  # ^XA and ^XZ only

    def test_zpl_long_cooperative_name_is_cut_to_its_two_lines(self):
        """^FB prints the lines beyond its last one over it: a long name is cut at a word."""
        name = (
            "Coopérative Agricole Féminine Tighanimine pour la Production et la "
            "Commercialisation de l'Huile d'Argan"
        )
        text = zpl.label(zpl.LotLabel("Huile", name, "TAO-1", "", "", "", "", "u"))
        self.assertIn(
            "^FO30,120^A0N,22,22^FB500,2,0,L^FH_^FDCoopérative Agricole Féminine Tighanimine "
            "pour la Production et...^FS",
            text,
        )
        short = "Coopérative Féminine Tighanimine pour la production de l'huile d'argan"
        text = zpl.label(zpl.LotLabel("Huile", short, "TAO-1", "", "", "", "", "u"))
        self.assertIn(f"^FD{short}^FS", text, "a name that fits two lines is printed whole")

    @given(st.lists(st.text("aéW_", min_size=1, max_size=37), max_size=30))
    @property_settings(200)
    def test_zpl_fit(self, words):
        text = " ".join(words)
        fitted = zpl.fit(text, 500, 22, 2)
        # lines of the field block at the widest estimate of font 0 (37 characters)
        self.assertLessEqual(len(textwrap.wrap(fitted, 37)), 2)
        if len(textwrap.wrap(text, 37)) <= 2:
            self.assertEqual(fitted, " ".join(text.split()))
        else:
            self.assertTrue(fitted.endswith("..."))

    def test_zpl_label_without_url_has_no_qr_code(self):
        data = zpl.LotLabel("Huile", "", "HAND-1", "", "", "", "", "")
        text = zpl.label(data)
        self.assertNotIn("^BQ", text)
        self.assertIn("^FDLot: HAND-1^FS", text)
        self.assertTrue(text.rstrip().endswith("^XZ"))
