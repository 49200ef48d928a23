import json
from datetime import timedelta

from odoo.addons.coop_gie.tests.common import load_migration
from odoo.tests import tagged
from odoo.tools import SQL

from .common import RoutingCase


def _migration(path):
    """The ``migrate`` of this addon's migration ``path`` ("<version>/<script>")."""
    version, script = path.split("/")
    return load_migration("coop_order_routing", version, script).migrate


def _post_migrate():
    return _migration("18.0.1.1.0/post-migrate.py")


@tagged("post_install", "-at_install")
class TestMigration(RoutingCase):
    def test_explanations_stored_as_text_are_kept(self):
        """A database of 18.0.1.0.0 stored explanations as text, in the company's language:
        they read as they were, whatever the reader's language."""
        order, po_a, po_b = self._route()
        allocation_b = po_b.coop_allocation_ids
        line = order.order_line
        old_reason = "Coopérative B: attribué 5 Unité(s) (politique Équilibrée)\nRefusée"
        old_note = "2025-05-01 10:00:00\nCoopérative B: attribué 5 Unité(s)"
        self.env.flush_all()
        cr = self.env.cr
        # what 18.0.1.0.0 left: a text column, and texts in the route log
        cr.execute("ALTER TABLE coop_allocation ADD COLUMN reason text")
        cr.execute(
            "UPDATE coop_allocation SET reason = %s, reason_data = NULL WHERE id = %s",
            [old_reason, allocation_b.id],
        )
        cr.execute(
            "UPDATE sale_order SET coop_route_log = %s WHERE id = %s",
            [json.dumps({str(line.id): old_note}), order.id],
        )
        structured = po_a.coop_allocation_ids.reason_data
        _post_migrate()(cr, "18.0.1.0.0")
        self.env.invalidate_all()
        for lang in ("ar_001", "fr_FR", "en_US"):
            self.assertEqual(allocation_b.with_context(lang=lang).reason, old_reason)
            self.assertEqual(line.with_context(lang=lang).coop_route_note, old_note)
        self.assertEqual(po_a.coop_allocation_ids.reason_data, structured, "left as it was")
        cr.execute(
            "SELECT 1 FROM information_schema.columns"
            " WHERE table_name = 'coop_allocation' AND column_name = 'reason'"
        )
        self.assertFalse(cr.rowcount, "the explanation is computed now")
        # run again (an update that fails half-way is run again): nothing changes
        _post_migrate()(cr, "18.0.1.0.0")
        self.env.invalidate_all()
        self.assertEqual(line.coop_route_note, old_note)

    def test_rerouted_quantity_of_earlier_refusals(self):
        """Refusals made before 18.0.1.1.0 get what routing gave others after them."""
        order, po_a, _po_b = self._route(available_a=6)
        po_a._coop_answer("refuse", channel="staff", reason="no stock")
        refused = po_a.coop_allocation_ids
        self.assertEqual(refused.rerouted_qty, 6.0)
        self.env.flush_all()
        cr = self.env.cr
        cr.execute("UPDATE coop_allocation SET rerouted_qty = NULL WHERE order_id = %s", [order.id])
        _post_migrate()(cr, "18.0.1.0.0")
        self.env.invalidate_all()
        self.assertEqual(refused.rerouted_qty, 6.0)
        self.assertEqual(sum(order.coop_allocation_ids.mapped("rerouted_qty")), 6.0)

    def test_allocations_routed_before_get_their_creation_date(self):
        """Before 18.0.1.2.0 the routing date of an allocation was its creation date."""
        order, _po_a, _po_b = self._route()
        self.env.flush_all()
        cr = self.env.cr
        created = self._now().replace(microsecond=0) - timedelta(days=40)
        cr.execute(
            "UPDATE coop_allocation SET create_date = %s WHERE order_id = %s", [created, order.id]
        )
        cr.execute("ALTER TABLE coop_allocation DROP COLUMN routed_at")
        _migration("18.0.1.2.0/pre-migrate.py")(cr, "18.0.1.1.0")
        self.env.invalidate_all()
        self.assertEqual(order.coop_allocation_ids.mapped("routed_at"), [created, created])

    def test_sms_failed_before_wait_no_longer(self):
        """Before 18.0.1.2.0 failed SMS had no time of next try: they are tried again at the
        next run of the retry job, not left out of it for good."""
        sms = self.env["sms.sms"].create(
            [
                {"number": "+212600000011", "body": "failed", "state": "error"},
                {"number": "+212600000012", "body": "sent", "state": "sent"},
            ]
        )
        sms.write({"coop_retry_at": False})
        sms[0].failure_type = "sms_server"
        self.env.flush_all()
        _migration("18.0.1.2.0/post-migrate.py")(self.env.cr, "18.0.1.1.0")
        self.env.invalidate_all()
        # the retry job takes SMS due by now: the migration's now, to the microsecond,
        # not the second-rounded clock of fields.Datetime.now()
        self.assertLessEqual(sms[0].coop_retry_at, self.env.cr.now())
        self.assertFalse(sms[1].coop_retry_at)

    def test_sql_checks_dropped_and_balancing_window_capped(self):
        """18.0.1.3.0 checks supply declarations and the balancing window in Python (Odoo's
        import shows SQL constraints untranslated): it drops the SQL constraints, which
        Odoo drops only at uninstall, and brings a window beyond ten years, which stopped
        every order confirmation, down to ten years."""
        migration = _migration("18.0.1.3.0/post-migrate.py")
        Constraint = self.env["ir.model.constraint"]
        policy = self.env.ref("coop_order_routing.policy_default")
        self.env.flush_all()
        cr = self.env.cr
        # what 18.0.1.2.0 left in a database
        checks = {
            "coop_sourcing_qty_positive": "CHECK(qty_available >= 0)",
            "coop_sourcing_capacity_positive": "CHECK(weekly_capacity >= 0)",
            "coop_sourcing_share_range": "CHECK(target_share >= 0 AND target_share <= 100)",
            "coop_routing_policy_window_positive": "CHECK(window_days > 0)",
        }
        for name, definition in checks.items():
            model = self.env["coop.sourcing" if "sourcing" in name else "coop.routing.policy"]
            cr.execute(
                SQL(
                    "ALTER TABLE %s ADD CONSTRAINT %s %s",
                    SQL.identifier(model._table),
                    SQL.identifier(name),
                    SQL(definition),
                )
            )
            Constraint._reflect_constraint(model, name, "u", definition, "coop_order_routing")
        cr.execute("UPDATE coop_routing_policy SET window_days = 800000 WHERE id = %s", [policy.id])
        migration(cr, "18.0.1.2.0")
        self.env.invalidate_all()
        cr.execute("SELECT conname FROM pg_constraint WHERE conname IN %s", [tuple(checks)])
        self.assertFalse(cr.fetchall())
        self.assertFalse(Constraint.search([("name", "in", list(checks))]))
        self.assertEqual(policy.window_days, 3650)
        _order, po_a, po_b = self._route()
        self.assertEqual(po_a.order_line.product_qty + po_b.order_line.product_qty, 10.0)
        # run again (an update that fails half-way is run again): nothing changes
        migration(cr, "18.0.1.2.0")
        self.assertEqual(policy.window_days, 3650)
