"""1.7.0: dates are written to people in their own hours. Cooperative managers' logins were
created without a time zone: those (internal users managing a cooperative) who still have
none get their cooperative's, else their company's, else Morocco's, as new logins now do.
Nobody else is touched: a time zone someone chose is kept, staff and customers keep theirs
(or none: they are then written to in the company's)."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    managers = (
        env["res.users"]
        .with_context(active_test=False)
        .search([("coop_id", "!=", False), ("share", "=", False), ("tz", "in", (False, ""))])
    )
    by_tz = {}
    for user in managers:
        tz = user.coop_id._coop_tz(user.company_id)
        by_tz[tz] = by_tz.get(tz, env["res.users"]) | user
    for tz, users in by_tz.items():
        users.write({"tz": tz})
