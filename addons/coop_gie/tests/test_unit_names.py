"""The name of a unit after a number (pure core, hypothesis)."""

from hypothesis import given
from hypothesis import strategies as st

from odoo.tests import BaseCase, tagged

from ..unit_names import FORMS, arabic_attach_and, arabic_count_in_words, unit_name, unit_plural
from .common import property_settings

AR = "ar_001"


@tagged("post_install", "-at_install")
class TestUnitNames(BaseCase):
    def test_arabic_number_agreement(self):
        for number, name in (
            (1, "وحدة"),
            (2, "وحدتان"),
            (3, "وحدات"),
            (4, "وحدات"),
            (10, "وحدات"),
            (11, "وحدة"),  # the counted noun in the accusative singular, to 99 (unseen)
            (25, "وحدة"),
            (99, "وحدة"),
            (100, "وحدة"),
            (102, "وحدة"),
            (103, "وحدات"),  # by the last two digits
            (110, "وحدات"),
            (111, "وحدة"),
            (1000, "وحدة"),
            (1_000_005, "وحدات"),
            (0, "وحدات"),
            (2.5, "وحدة"),  # a fraction reads with the singular
            (3.0000000001, "وحدات"),  # float noise is no fraction
            (-4, "وحدات"),
        ):
            self.assertEqual(unit_name("وحدة", number, AR), name, number)

    def test_arabic_and_is_written_on_the_next_word(self):
        self.assertEqual(
            arabic_attach_and("خمسة آلاف و خمسمائة و أربعة و أربعون درهماً"),
            "خمسة آلاف وخمسمائة وأربعة وأربعون درهماً",
        )
        self.assertEqual(arabic_attach_and("مائة درهم و خمسون سنتيماً"), "مائة درهم وخمسون سنتيماً")
        # words beginning with the letter waw are left as they are
        self.assertEqual(arabic_attach_and("واحد وعشرون"), "واحد وعشرون")

    def test_arabic_dirhams_in_the_accusative_from_11_to_99(self):
        for number, name in (
            (1, "درهم"),
            (2, "درهمان"),
            (3, "دراهم"),
            (10, "دراهم"),
            (11, "درهماً"),
            (60, "درهماً"),
            (99, "درهماً"),
            (100, "درهم"),
            (103, "دراهم"),
            (111, "درهماً"),
            (3360, "درهماً"),
            (1000, "درهم"),
            (1_000_000, "درهم"),
            (0, "دراهم"),
            (2.5, "درهم"),
        ):
            self.assertEqual(unit_name("درهم", number, AR), name, number)
        self.assertEqual(unit_name("درهماً", 3, AR), "دراهم")
        self.assertEqual(unit_plural("درهم", AR), "دراهم")

    def test_known_by_any_form_and_odoo_arabic_dozens(self):
        # Odoo's Arabic names the dozen "درزينات " (plural, with a trailing space)
        self.assertEqual(unit_name("درزينات ", 1, AR), "درزينة")
        self.assertEqual(unit_name("درزينات ", 2, AR), "درزينتان")
        self.assertEqual(unit_name("وحدات", 1, "ar_SY"), "وحدة")
        self.assertEqual(unit_plural("وحدة", AR), "وحدات")

    def test_unknown_names_and_other_languages_are_written_as_they_are(self):
        for name, number, lang in (
            ("كجم", 4, AR),  # an abbreviation does not change
            ("L", 4, AR),
            ("Units", 1, "en_US"),
            ("Unité(s)", 4, "fr_FR"),
            ("وحدة", 4, "fr_FR"),
            ("وحدة", 4, None),  # no language (a job): as it is
            (False, 4, AR),
        ):
            self.assertEqual(unit_name(name, number, lang), name, (name, lang))
        self.assertEqual(unit_plural("كجم", AR), "كجم")

    def test_french_singular_below_two(self):
        for number, name in ((0, "Dirham"), (1, "Dirham"), (1.5, "Dirham"), (2, "Dirhams")):
            self.assertEqual(unit_name("Dirhams", number, "fr_FR"), name, number)
        self.assertEqual(unit_name("Centimes", 1, "fr_FR"), "Centime")
        self.assertEqual(unit_name("Euros", 1200, "fr_FR"), "Euros")

    @property_settings()
    @given(
        st.sampled_from([(lang, forms) for lang, table in FORMS.items() for forms in table]),
        st.integers(min_value=0, max_value=10**9),
        st.integers(min_value=0, max_value=2),
    )
    def test_a_form_of_the_name_whichever_form_is_given(self, lang_forms, number, given_form):
        lang, forms = lang_forms
        name = unit_name(forms[given_form % len(forms)], number, lang)
        self.assertIn(name, forms)
        self.assertEqual(name, unit_name(forms[0], number, lang))

    @property_settings()
    @given(st.integers(min_value=3, max_value=10**9), st.integers(min_value=1, max_value=1000))
    def test_arabic_form_goes_by_the_last_two_digits(self, number, hundreds):
        self.assertEqual(
            unit_name("وحدة", number, AR), unit_name("وحدة", number + 100 * hundreds, AR)
        )

    def test_arabic_dual_alone_only_for_a_known_dual(self):
        """The dual is written alone ("درهمان"); a name whose dual is not known here (the
        euro, "يورو") keeps its number: alone it would read as one."""
        self.assertEqual(arabic_count_in_words("اثنان درهمان", 2, "درهمان"), "درهمان")
        self.assertEqual(arabic_count_in_words("اثنان يورو", 2, "يورو"), "اثنان يورو")
        self.assertEqual(arabic_count_in_words("واحد يورو", 1, "يورو"), "يورو واحد")
