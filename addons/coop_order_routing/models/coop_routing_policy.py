from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..core import allocator

DEFAULT_WINDOW_DAYS = 30
# Longest balancing window: ten years of volume is more than any share needs to be fair;
# a longer one is a typing mistake (extra zeros) that could even fall before the first
# date Python knows, and stop every order confirmation.
MAX_WINDOW_DAYS = 3650


def balancing_days(policy):
    """Days of volume the balanced ``policy`` (a record, possibly empty) compares shares over."""
    return policy.window_days if policy else DEFAULT_WINDOW_DAYS


class CoopRoutingPolicy(models.Model):
    """How orders are shared among cooperatives: a global default and per product category."""

    _name = "coop.routing.policy"
    _description = "Routing Policy"
    _order = "categ_id desc, id"

    name = fields.Char(required=True, translate=True)
    policy = fields.Selection(
        [
            (allocator.PRIORITY, "Priority (preferred cooperative first)"),
            (allocator.BALANCED, "Balanced (solidarity: target shares)"),
            (allocator.CAPACITY, "Capacity (proportional to declared capacity)"),
        ],
        required=True,
        default=allocator.BALANCED,
    )
    categ_id = fields.Many2one(
        "product.category",
        string="Product Category",
        ondelete="cascade",
        help="Leave empty for the global default policy. A category's policy also applies "
        "to its sub-categories.",
    )
    window_days = fields.Integer(
        string="Balancing Window (days)",
        default=DEFAULT_WINDOW_DAYS,
        help="The balanced policy compares shares of the volume routed over this many days "
        "(from 1 to 3650, ten years).",
    )
    active = fields.Boolean(default=True)

    @api.constrains("window_days")
    def _check_window_days(self):
        # not an SQL constraint: Odoo's import shows their messages untranslated
        for policy in self:
            if not 0 < policy.window_days <= MAX_WINDOW_DAYS:
                raise ValidationError(
                    self.env._(
                        "The balancing window of %(policy)s is %(days)s days: it must be from 1 "
                        "to %(max)s days (ten years).",
                        policy=policy.display_name,
                        days=policy.window_days,
                        max=MAX_WINDOW_DAYS,
                    )
                )

    @api.constrains("categ_id", "active")
    def _check_unique_scope(self):
        for policy in self.filtered("active"):
            count = self.search_count(
                [("categ_id", "=", policy.categ_id.id), ("active", "=", True)]
            )
            if count > 1:
                raise ValidationError(
                    self.env._("There is already an active routing policy for this scope.")
                )

    @api.model
    def _policy_by_category(self, categories):
        """Map each category id to the policy applying to it (nearest ancestor, else global).

        Reads every active policy once: there are a handful of them.
        """
        policies = self.search([])
        by_categ = {p.categ_id.id: p for p in policies if p.categ_id}
        default = policies.filtered(lambda p: not p.categ_id)[:1]
        result = {}
        for categ in categories:
            chosen = default
            for ancestor_id in reversed([int(x) for x in categ.parent_path.split("/") if x]):
                if ancestor_id in by_categ:
                    chosen = by_categ[ancestor_id]
                    break
            result[categ.id] = chosen
        return result
