"""1.5.0: the mobile of a cooperative manager is written in E.164, read in her cooperative's
country, whoever changes it (her preferences, her contact, an import), as when her login is
created. Those written otherwise before are written so; one that is not a number is left as
it is and logged: changing it is refused until it is one (her other changes are not)."""

import logging

from odoo import SUPERUSER_ID, api
from odoo.exceptions import UserError

_logger = logging.getLogger(__name__)


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    managers = env["res.users"].search(
        [("coop_id", "!=", False), ("partner_id.mobile", "!=", False)]
    )
    for partner in managers.partner_id:
        try:
            with cr.savepoint():
                partner._coop_normalize_manager_mobiles()
        except UserError as exc:
            _logger.warning(
                "The mobile of cooperative manager %s is left as it is: %s",
                partner.display_name,
                exc.args[0],
            )
