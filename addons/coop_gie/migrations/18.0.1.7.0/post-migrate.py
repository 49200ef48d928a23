"""1.7.0: dates are written to people in their own hours. Cooperative managers' logins were
created without a time zone: those (internal users managing a cooperative) who still have
none get their cooperative's, else their company's, else Morocco's, as new logins now do.
Nobody else is touched: a time zone someone chose is kept, staff and customers keep theirs
(or none: they are then written to in the company's)."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["res.users"].with_context(active_test=False).search(
        [("coop_id", "!=", False), ("share", "=", False), ("tz", "in", (False, ""))]
    )._coop_set_manager_tz()
