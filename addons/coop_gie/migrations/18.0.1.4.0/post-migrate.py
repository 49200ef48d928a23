"""1.4.0: a certification or a fair ending before it starts is refused by a Python
constraint (Odoo's import shows the messages of SQL constraints untranslated). Odoo drops
the SQL constraints a module no longer declares only when it is uninstalled: they are
dropped here."""

from odoo import SUPERUSER_ID, api

DROPPED = ["coop_certification_dates_order", "coop_fair_dates_order"]


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    # unlinking their records drops the constraints from the tables
    env["ir.model.constraint"].search(
        [("module.name", "=", "coop_gie"), ("name", "in", DROPPED)]
    ).unlink()
