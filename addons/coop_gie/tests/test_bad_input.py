"""Bad input gets a clear, translated error and changes nothing, imported too."""

from datetime import timedelta

from odoo.exceptions import ValidationError
from odoo.tests import tagged
from odoo.tools import SQL

from .common import CoopCase, ImportMixin, load_migration

FRENCH = {
    "A certification cannot end before it starts.": (
        "Une certification ne peut pas finir avant de commencer."
    ),
    "A fair cannot end before it starts.": "Un salon ne peut pas finir avant de commencer.",
}


@tagged("post_install", "-at_install")
class TestBadInput(ImportMixin, CoopCase):
    def test_import_shows_date_checks_in_french(self):
        """Odoo's import shows the messages of SQL constraints untranslated: the checks are
        Python constraints, in the language of whoever imports."""
        self.user_staff.lang = "fr_FR"
        with self._french("coop_gie", FRENCH):
            messages = self._import(
                self.user_staff,
                "coop.certification",
                ["partner_id/.id", "type_id/.id", "date_from", "date_to"],
                [[self.coop_a.id, self.cert_type_onssa.id, "2026-12-31", "2026-01-01"]],
                lang="fr_FR",
            )
            self.assertIn(FRENCH["A certification cannot end before it starts."], messages[0])
            messages = self._import(
                self.user_staff,
                "coop.fair",
                ["name", "date_start", "date_end"],
                [["Salon de l'argan", "2026-12-31", "2026-01-01"]],
                lang="fr_FR",
            )
            self.assertIn(FRENCH["A fair cannot end before it starts."], messages[0])
        self.assertEqual(self.coop_a.coop_certification_ids, self.cert_a)

    def test_dates_in_order(self):
        with self.assertRaises(ValidationError):
            self.cert_a.date_to = self.cert_a.date_from - timedelta(days=1)
        fair = self.env["coop.fair"].create({"name": "Salon", "date_start": self.today})
        with self.assertRaises(ValidationError):
            fair.date_end = self.today - timedelta(days=1)
        # open-ended, or a day long
        self.cert_a.date_to = False
        fair.date_end = self.today

    def test_migration_drops_the_sql_checks(self):
        """Odoo drops the SQL constraints a module no longer declares only when it is
        uninstalled: 18.0.1.4.0 drops those the Python constraints replace."""
        migration = load_migration("coop_gie", "18.0.1.4.0")
        Constraint = self.env["ir.model.constraint"]
        cr = self.env.cr
        # what 18.0.1.3.0 left in a database
        for model, name, definition in (
            ("coop.certification", "coop_certification_dates_order", "CHECK(date_to >= date_from)"),
            ("coop.fair", "coop_fair_dates_order", "CHECK(date_end >= date_start)"),
        ):
            cr.execute(
                SQL(
                    "ALTER TABLE %s ADD CONSTRAINT %s %s",
                    SQL.identifier(self.env[model]._table),
                    SQL.identifier(name),
                    SQL(definition),
                )
            )
            Constraint._reflect_constraint(self.env[model], name, "u", definition, "coop_gie")
        migration.migrate(cr, "18.0.1.3.0")
        cr.execute(
            "SELECT conname FROM pg_constraint WHERE conname IN %s", [tuple(migration.DROPPED)]
        )
        self.assertFalse(cr.fetchall())
        self.assertFalse(Constraint.search([("name", "in", migration.DROPPED)]))
        # run again (an update that fails half-way is run again): nothing to do
        migration.migrate(cr, "18.0.1.3.0")
