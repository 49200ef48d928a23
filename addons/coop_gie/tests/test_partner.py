from psycopg2 import IntegrityError

from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger
from odoo.tools.safe_eval import safe_eval

from .common import CoopCase, ImportMixin


@tagged("post_install", "-at_install")
class TestCooperativePartner(ImportMixin, CoopCase):
    def test_ice_must_have_15_digits(self):
        for bad in ("12345", "1234567890123456", "00152486300004A"):
            with self.subTest(ice=bad), self.assertRaisesRegex(ValidationError, "ICE.*15"):
                self.coop_a.company_registry = bad
        self.coop_a.company_registry = "001524863000045"
        self.assertEqual(self.coop_a.company_registry, "001524863000045")

    def test_mobile_normalized_to_e164(self):
        # numbers no demo cooperative has: with coop_order_routing, a cooperative's mobile
        # (where her SMS answers come from) cannot be another's
        self.coop_a.mobile = "06 61 76 54 32"
        self.assertEqual(self.coop_a.mobile, "+212661765432")
        coop = self._create_cooperative(
            "Coop Phone", "CPP", mobile="0670-112244", phone="0528 87 20 00"
        )
        self.assertEqual(coop.mobile, "+212670112244")
        self.assertEqual(coop.phone, "+212528872000")

    def test_invalid_phone_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "Invalid phone number 12"):
            self.coop_a.mobile = "12"
        with self.assertRaisesRegex(ValidationError, "Invalid phone number"):
            self._create_cooperative("Coop Bad Phone", "CPX", mobile="0612")

    def test_invalid_phone_is_explained_in_french(self):
        """The message says what is expected, without the phonenumbers library's English."""
        expected = "expected a number such as +212 6XX XX XX XX or 06XX XX XX XX."
        french = "un numéro comme +212 6XX XX XX XX ou 06XX XX XX XX est attendu."
        with (
            self._french("coop_gie", {expected: french}),
            self.assertRaises(ValidationError) as error,
        ):
            self.coop_a.with_context(lang="fr_FR").mobile = "abc"
        message = str(error.exception)
        self.assertIn("abc", message)
        self.assertIn(french, message)
        self.assertNotIn("did not seem to be a phone number", message)

    def test_non_cooperative_phone_untouched(self):
        partner = self.env["res.partner"].create({"name": "Someone", "mobile": "06 61 23 45 67"})
        self.assertEqual(partner.mobile, "06 61 23 45 67")

    def test_coop_code(self):
        coop = self._create_cooperative("Coop Code", " cpz ")
        self.assertEqual(coop.coop_code, "CPZ")
        with self.assertRaisesRegex(ValidationError, "2 to 8 upper-case"):
            coop.coop_code = "C-Z"
        # without a code: asked for, not "got: " an empty figure
        with self.assertRaises(ValidationError) as error:
            self._create_cooperative("Coop No Code", False)
        self.assertIn("Give cooperative Coop No Code its code", str(error.exception))
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            self._create_cooperative("Coop Duplicate", "CPA")

    def test_cooperative_defaults(self):
        coop = self.env["res.partner"].create(
            {"name": "Coop Defaults", "is_cooperative": True, "coop_code": "CPD"}
        )
        self.assertTrue(coop.is_company)
        self.assertEqual(coop.country_id, self.env.ref("base.ma"))
        self.assertFalse(coop.coop_eligible)
        self.assertIn("No open GIE membership", coop.coop_ineligible_reason)

    def test_cooperative_entered_from_the_menu_is_moroccan(self):
        """GIE > Cooperatives: the form shows a new cooperative Moroccan from the start, so
        that her ICE is asked for (and its 15 digits checked); created in code with the
        same defaults, she is too."""
        self.env.user.lang = "en_US"
        action = self.env.ref("coop_gie.action_coop_partner")
        Partner = self.env["res.partner"].with_context(**safe_eval(action.context))
        form = Form(Partner, view=action.view_ids.filtered(lambda v: v.view_mode == "form").view_id)
        self.assertEqual(form.country_id, self.env.ref("base.ma"))
        form.name = "Coop From The Menu"
        form.coop_code = "CPM"
        form.mobile = "06 61 76 00 01"  # no demo cooperative's (one number each)
        form.company_registry = "0015248630"  # the ICE, shown for Moroccan companies
        with self.assertRaisesRegex(ValidationError, "ICE.*15"), self.env.cr.savepoint():
            form.save()
        form.company_registry = "001524863000045"
        coop = form.save()
        self.assertEqual(
            (coop.country_id, coop.is_cooperative, coop.is_company, coop.mobile),
            (self.env.ref("base.ma"), True, True, "+212661760001"),
        )
        coop = (
            self.env["res.partner"]
            .with_context(default_is_cooperative=True)
            .create({"name": "Coop In Code", "coop_code": "CPI"})
        )
        self.assertEqual((coop.country_id, coop.is_company), (self.env.ref("base.ma"), True))

    def test_product_entered_from_the_menu_is_tracked_by_lot(self):
        """GIE > Products: a new cooperative product is stored and tracked by lot, so that
        its receipts get a lot, a label and a trace page."""
        action = self.env.ref("coop_gie.action_coop_product")
        Product = self.env["product.template"].with_context(**safe_eval(action.context))
        form = Form(Product)
        form.name = "Amlou From The Menu"
        product = form.save()
        self.assertEqual(
            (product.coop_sourced, product.is_storable, product.tracking), (True, True, "lot")
        )

    def test_member_counts_from_register_or_entered(self):
        coop = self._create_cooperative(
            "Coop Counts", "CPK", coop_member_count=12, coop_women_count=12
        )
        self.assertEqual((coop.coop_member_count, coop.coop_women_count), (12, 12))
        with self.assertRaisesRegex(ValidationError, "more women members than members"):
            coop.coop_women_count = 13
        self.env["coop.member"].create(
            [
                {"partner_id": coop.id, "name": "Itto", "douar": "Oujane"},
                {"partner_id": coop.id, "name": "Hassan", "is_woman": False},
                {"partner_id": coop.id, "name": "Touda", "role": "president"},
            ]
        )
        self.assertEqual((coop.coop_member_count, coop.coop_women_count), (3, 2))
        coop.coop_member_ids.filtered(lambda m: m.name == "Itto").active = False
        self.assertEqual((coop.coop_member_count, coop.coop_women_count), (2, 1))

    def test_members_as_customers_read_them(self):
        """ "5 members, all women" rather than two bare counts; each noun agrees with its
        number in every language of the shop."""
        for lang in ("fr_FR", "ar_001"):
            self.env["res.lang"]._activate_lang(lang)
        cases = {
            (5, 5): (
                "5 members, all women",
                "5 membres, toutes des femmes",
                "5 أعضاء، كلهن نساء",
            ),
            (12, 9): (
                "12 members, including 9 women",
                "12 membres, dont 9 femmes",
                "12 عضواً، منهم 9 نساء",
            ),
            (30, 11): (
                "30 members, including 11 women",
                "30 membres, dont 11 femmes",
                "30 عضواً، منهم 11 امرأة",
            ),
            (2, 1): (
                "2 members, including 1 woman",
                "2 membres, dont 1 femme",
                "2 عضوان، منهم 1 امرأة",
            ),
            (3, 2): (
                "3 members, including 2 women",
                "3 membres, dont 2 femmes",
                "3 أعضاء، منهم 2 امرأتان",
            ),
            (1, 1): ("One member, a woman", "1 membre, une femme", "عضوة واحدة"),
            (100, 0): ("100 members", "100 membres", "100 عضو"),
            (0, 0): ("", "", ""),
        }
        for (members, women), texts in cases.items():
            self.coop_a.write({"coop_member_count": members, "coop_women_count": women})
            for lang, text in zip(("en_US", "fr_FR", "ar_001"), texts, strict=True):
                coop = self.coop_a.with_context(lang=lang)
                self.assertEqual(coop._coop_members_text(), text, (members, women, lang))

    def test_counts_of_a_register_whose_members_all_left(self):
        """The last members of a register archived: the cooperative keeps a register of
        nobody, her counts are 0 (not those of the members who left)."""
        coop = self._create_cooperative("Coop Left", "CPL")
        members = self.env["coop.member"].create(
            [
                {"partner_id": coop.id, "name": "Itto"},
                {"partner_id": coop.id, "name": "Hassan", "is_woman": False},
            ]
        )
        self.assertEqual((coop.coop_member_count, coop.coop_women_count), (2, 1))
        members.active = False
        self.assertEqual((coop.coop_member_count, coop.coop_women_count), (0, 0))
        # the counts follow that register: none can be written by hand
        with self.assertRaisesRegex(ValidationError, "keeps a members register"):
            coop.write({"coop_member_count": 2, "coop_women_count": 1})
        members[0].active = True
        self.assertEqual((coop.coop_member_count, coop.coop_women_count), (1, 1))

    def test_counts_of_a_register_whose_members_were_deleted(self):
        """Her last members deleted, by her: the cooperative keeps no register any more; her
        counts are 0, not those of the members deleted (they would read as figures she
        entered), and she enters them again."""
        user = self.user_coop_a
        coop = self.coop_a.with_user(user)
        members = (
            self.env["coop.member"]
            .with_user(user)
            .create(
                [
                    {"partner_id": coop.id, "name": "Itto"},
                    {"partner_id": coop.id, "name": "Hassan", "is_woman": False},
                    {"partner_id": coop.id, "name": "Touda"},
                ]
            )
        )
        self.assertEqual((coop.coop_member_count, coop.coop_women_count), (3, 2))
        members[:2].unlink()
        self.assertEqual((coop.coop_member_count, coop.coop_women_count), (1, 1))
        members[2].unlink()
        self.assertEqual((coop.coop_member_count, coop.coop_women_count), (0, 0))
        coop.write({"coop_member_count": 30, "coop_women_count": 25})
        self.assertEqual((coop.coop_member_count, coop.coop_women_count), (30, 25))
        # from her form: the lines deleted, the counts are 0; entered with them, they stay
        form_view = self.env.ref("coop_gie.view_coop_partner_form")
        for entered, counts in ((False, (0, 0)), (True, (12, 10))):
            with self.subTest(entered=entered):
                self.env["coop.member"].with_user(user).create(
                    [
                        {"partner_id": coop.id, "name": "Fadma"},
                        {"partner_id": coop.id, "name": "Aicha"},
                    ]
                )
                self.assertEqual((coop.coop_member_count, coop.coop_women_count), (2, 2))
                with Form(coop, view=form_view) as form:
                    form.coop_member_ids.remove(index=0)
                    form.coop_member_ids.remove(index=0)
                    if entered:
                        form.coop_member_count, form.coop_women_count = 12, 10
                self.assertFalse(coop.with_context(active_test=False).coop_member_ids)
                self.assertEqual((coop.coop_member_count, coop.coop_women_count), counts)

    def test_counts_of_a_register_whose_last_member_moved(self):
        """Staff moves the last member of a register to another cooperative: the register
        left behind is emptied, its counts are 0."""
        member = self.env["coop.member"].create({"partner_id": self.coop_b.id, "name": "Itto"})
        self.assertEqual((self.coop_b.coop_member_count, self.coop_b.coop_women_count), (1, 1))
        member.with_user(self.user_staff).partner_id = self.coop_a
        self.assertEqual((self.coop_b.coop_member_count, self.coop_b.coop_women_count), (0, 0))
        self.assertEqual((self.coop_a.coop_member_count, self.coop_a.coop_women_count), (1, 1))

    def test_counts_of_a_kept_register_cannot_be_overridden(self):
        self.env["coop.member"].create(
            [
                {"partner_id": self.coop_a.id, "name": "Itto"},
                {"partner_id": self.coop_a.id, "name": "Touda"},
                {"partner_id": self.coop_a.id, "name": "Hassan", "is_woman": False},
            ]
        )
        for user in (self.user_coop_a, self.user_staff):
            coop = self.coop_a.with_user(user)
            with self.subTest(user=user.login):
                with self.assertRaisesRegex(ValidationError, "keeps a members register"):
                    coop.write({"coop_member_count": 500, "coop_women_count": 400})
                with self.assertRaisesRegex(ValidationError, "keeps a members register"):
                    coop.write({"coop_women_count": 3})
                # the register's own figures may be written (the form sends them back)
                coop.write({"coop_member_count": 3, "coop_women_count": 2})
        # a line written with the counts recomputed from it, as the form does
        form_view = self.env.ref("coop_gie.view_coop_partner_form")
        with Form(self.coop_a.with_user(self.user_coop_a), view=form_view) as form:
            self.assertTrue(form._get_modifier("coop_member_count", "readonly"))
            with form.coop_member_ids.new() as line:
                line.name = "Fadma"
        self.assertEqual((self.coop_a.coop_member_count, self.coop_a.coop_women_count), (4, 3))
        # without a register the counts are entered
        self.coop_b.with_user(self.user_coop_b).write(
            {"coop_member_count": 30, "coop_women_count": 25}
        )
        self.assertEqual((self.coop_b.coop_member_count, self.coop_b.coop_women_count), (30, 25))

    def test_region_is_a_moroccan_state(self):
        region = self.env.ref("coop_gie.state_ma_10")
        self.assertEqual(region.country_id.code, "MA")
        self.coop_a.coop_region_id = region
        self.assertEqual(self.coop_a.state_id, region)
        self.assertEqual(
            self.env["res.country.state"].search_count([("country_id.code", "=", "MA")]), 12
        )
