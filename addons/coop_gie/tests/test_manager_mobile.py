"""A cooperative manager's mobile (her cooperative's SMS go to it first) is checked and
written in E.164 whatever the path: her preferences, her contact, an import, a new login."""

from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from .common import CoopCase, ImportMixin, load_migration

# the Arabic of "Invalid mobile number %(number)s for %(name)s: ..." and of what is expected
ARABIC_INVALID = "رقم الهاتف المحمول 0612 غير صالح لـ Manager CPA:"
ARABIC_EXPECTED = "المتوقع رقم مثل +212 6XX XX XX XX أو 06XX XX XX XX."


@tagged("post_install", "-at_install")
class TestManagerMobile(ImportMixin, CoopCase):
    def _preferences(self, user, lang="en_US"):
        """Her own user, as her Preferences form writes it (its own changes only)."""
        return user.with_user(user).with_context(lang=lang)

    def test_her_preferences_write_her_mobile_in_e164(self):
        """She changes her mobile in her Preferences: written in E.164, read in her
        cooperative's country, as on the cooperative's form."""
        manager = self.user_coop_a
        form = Form(self._preferences(manager), view="base.view_users_form_simple_modif")
        form.mobile = "06 61 76 54 32"
        form.save()
        self.assertEqual(manager.partner_id.mobile, "+212661765432")
        self._preferences(manager).write({"mobile": "0033 6 12 34 56 78"})
        self.assertEqual(manager.partner_id.mobile, "+33612345678")
        self._preferences(manager).write({"mobile": False})
        self.assertFalse(manager.partner_id.mobile)

    def test_her_other_preferences_still_save(self):
        """A mobile stored before the check (not a number) does not stop her from changing
        her other preferences."""
        manager = self.user_coop_a
        self.env.cr.execute(
            "UPDATE res_partner SET mobile = '0612' WHERE id = %s", [manager.partner_id.id]
        )
        manager.partner_id.invalidate_recordset(["mobile"])
        self._preferences(manager).write(
            {"lang": "fr_FR", "tz": "Africa/Casablanca", "signature": "<p>Fatima</p>"}
        )
        self.assertEqual((manager.lang, manager.tz), ("fr_FR", "Africa/Casablanca"))

    def test_invalid_mobile_refused_in_her_language_whatever_the_path(self):
        """A number that is not one ("0612", a typo) is refused, explained in the writer's
        language (the library's English left out), and nothing changes: from her
        preferences, her contact, the administrator's user form or an import."""
        manager = self.user_coop_a
        manager.lang = "ar_001"
        manager.partner_id.mobile = "0661765432"
        admin = self.env.ref("base.user_admin")
        paths = {
            "preferences": lambda: self._preferences(manager, "ar_001").write({"mobile": "0612"}),
            "her contact": lambda: (
                manager.partner_id.with_user(manager)
                .with_context(lang="ar_001")
                .write({"mobile": "0612"})
            ),
            "user form": lambda: (
                manager.with_user(admin).with_context(lang="ar_001").write({"mobile": "0612"})
            ),
        }
        for path, change in paths.items():
            with self.subTest(path=path):
                with self.assertRaises(ValidationError) as error:
                    change()
                self.assertIn(ARABIC_INVALID, error.exception.args[0])
                self.assertIn(ARABIC_EXPECTED, error.exception.args[0])
                self.assertNotIn("phone number", error.exception.args[0])
        xmlid = manager.partner_id.export_data(["id"])["datas"][0][0]
        messages = self._import(admin, "res.partner", ["id", "mobile"], [[xmlid, "0612"]])
        self.assertTrue(
            any("Invalid mobile number 0612 for Manager CPA" in msg for msg in messages), messages
        )
        self.assertEqual(manager.partner_id.mobile, "+212661765432")

    def test_a_new_or_linked_manager_gets_her_mobile_checked(self):
        """A login created (an import of users) or linked to a cooperative with a mobile that
        is no number is refused; a valid one is written in E.164."""
        manager = self._create_coop_manager(self.coop_b, "new_manager", mobile="0661 76 00 02")
        self.assertEqual(manager.partner_id.mobile, "+212661760002")
        with self.assertRaisesRegex(ValidationError, "Invalid mobile number 0612 for Manager"):
            self._create_coop_manager(self.coop_b, "bad_manager", mobile="0612")
        other = self.env["res.users"].create(
            {"name": "Employee", "login": "employee", "mobile": "0612"}
        )
        self.assertEqual(other.partner_id.mobile, "0612", "not a manager: left as typed")
        with self.assertRaisesRegex(ValidationError, "Invalid mobile number 0612 for Employee"):
            other.write({"coop_id": self.coop_b.id})

    def test_migration_writes_the_mobiles_of_managers_in_e164(self):
        """18.0.1.5.0 writes in E.164 the managers' mobiles written otherwise before; one that
        is not a number is left as it is, and logged."""
        migration = load_migration("coop_gie", "18.0.1.5.0")
        partners = (self.user_coop_a | self.user_coop_b).partner_id
        # what 18.0.1.4.0 let be written on her contact
        for partner, mobile in zip(partners, ("06 61 76 54 32", "0612"), strict=True):
            self.env.cr.execute(
                "UPDATE res_partner SET mobile = %s WHERE id = %s", [mobile, partner.id]
            )
        partners.invalidate_recordset(["mobile"])
        with self.assertLogs(migration.__name__, "WARNING") as logs:
            migration.migrate(self.env.cr, "18.0.1.4.0")
        self.assertEqual(partners.mapped("mobile"), ["+212661765432", "0612"])
        self.assertIn("The mobile of cooperative manager Manager CPB is left", logs.output[0])
