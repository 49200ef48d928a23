"""1.3.0: the checks of supply declarations and of the balancing window are Python
constraints (Odoo's import shows the messages of SQL constraints untranslated). Odoo drops
the SQL constraints a module no longer declares only when it is uninstalled: they are
dropped here. A balancing window beyond the new maximum (ten years), which stopped every
order confirmation, is brought down to it."""

import logging

from odoo import SUPERUSER_ID, api
from odoo.addons.coop_order_routing.models.coop_routing_policy import MAX_WINDOW_DAYS
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

DROPPED = [
    "coop_sourcing_qty_positive",
    "coop_sourcing_capacity_positive",
    "coop_sourcing_share_range",
    "coop_routing_policy_window_positive",
]


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    # unlinking their records drops the constraints from the tables
    env["ir.model.constraint"].search(
        [("module.name", "=", "coop_order_routing"), ("name", "in", DROPPED)]
    ).unlink()
    cr.execute(
        SQL(
            "UPDATE coop_routing_policy SET window_days = %(max)s WHERE window_days > %(max)s",
            max=MAX_WINDOW_DAYS,
        )
    )
    if cr.rowcount:
        _logger.warning(
            "%s routing policies had a balancing window beyond %s days: set to %s days.",
            cr.rowcount,
            MAX_WINDOW_DAYS,
            MAX_WINDOW_DAYS,
        )
