"""1.4.0: allocations taken back from a cooperative that left the GIE or was suspended
were refused, with an answer date: the routing analysis counted them as her refusals, and
routing never asked her for those lines again. They are cancelled, undated, as the take-back
now does. Their quantity is not given back to her declared supply: she declared again since
what she really has."""

import logging

from odoo.addons.coop_order_routing.models.coop_allocation import COOP_LEFT, COOP_SUSPENDED
from odoo.tools import SQL

_logger = logging.getLogger(__name__)


def migrate(cr, version):
    cr.execute(
        SQL(
            """UPDATE coop_allocation SET state = 'cancelled', answered_at = NULL
                WHERE state = 'refused' AND reason_data -> -1 ->> 'code' IN %(codes)s""",
            codes=(COOP_LEFT, COOP_SUSPENDED),
        )
    )
    if cr.rowcount:
        _logger.info("%s taken-back allocations are cancelled, not refused.", cr.rowcount)
