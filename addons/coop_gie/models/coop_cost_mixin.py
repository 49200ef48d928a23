from odoo import api, models
from odoo.exceptions import AccessError

# The cost is the GIE's business, not the cooperatives': every internal user reads it but a
# cooperative manager (an internal user too). Odoo's has_groups() reads the "!" of this
# specification, but Odoo 18's AccessError of a field, for users with the technical features
# (every internal user), looks each group up as an XML id, "!coop_gie.group_coop_manager"
# included, and fails with a ValueError: CoopCostMixin refuses the cost itself.
COST_GROUPS = "base.group_user,!coop_gie.group_coop_manager"


class CoopCostMixin(models.AbstractModel):
    """The cost of products (``standard_price``, restricted to ``COST_GROUPS``) refused
    with an AccessError in the reader's language, not a traceback."""

    _name = "coop.cost.mixin"
    _description = "Cost Hidden from Cooperative Managers"

    @api.model
    def check_field_access_rights(self, operation, field_names):
        if (
            field_names
            and "standard_price" in field_names
            and not self._fields["standard_price"].is_accessible(self.env)
        ):
            raise AccessError(
                self.env._("The cost of products is reserved for the central staff of the GIE.")
            )
        return super().check_field_access_rights(operation, field_names)
