from odoo import fields, models
from odoo.tools import SQL, Query

from .coop_allocation import ACTIVE_STATES, POLICY_SELECTION, STATE_SELECTION

# the cooperative decided (or let the deadline pass): counted in the acceptance rate
DECIDED_STATES = ("accepted", "refused", "expired")
# she answered herself: counted in the answer delay
ANSWERED_STATES = ("accepted", "refused")
# quantities: kilograms, litres and units do not add up, a group mixing units has no total
QTY_SUMS = frozenset(
    f"{fname}:sum" for fname in ("qty", "routed_qty", "accepted_qty", "rerouted_qty", "decided_qty")
)


class CoopAllocationReport(models.Model):
    """Routing analysis for central staff: one row per allocation, with its figures (value,
    accepted, re-routed and decided quantities, answer delay) computed by the database when
    the report is read, so that routing an order writes none of them."""

    _name = "coop.allocation.report"
    _description = "Routing Analysis"
    _auto = False
    _order = "date desc, id desc"
    _rec_name = "partner_id"
    # what the query reads: flushed before the report is read
    _depends = {
        "coop.allocation": [
            "routed_at",
            "order_id",
            "product_id",
            "product_tmpl_id",
            "categ_id",
            "partner_id",
            "purchase_id",
            "company_id",
            "state",
            "policy",
            "qty",
            "price_unit",
            "target_share",
            "answered_at",
            "cancelled_after_acceptance",
            "rerouted_qty",
        ],
        "product.template": ["uom_id"],
        "purchase.order": ["coop_sent_at", "currency_rate"],
        "res.company": ["currency_id"],
    }

    allocation_id = fields.Many2one("coop.allocation", string="Allocation", readonly=True)
    date = fields.Datetime(string="Routed On", readonly=True)
    order_id = fields.Many2one("sale.order", string="Sales Order", readonly=True)
    product_id = fields.Many2one("product.product", string="Product", readonly=True)
    product_tmpl_id = fields.Many2one("product.template", string="Product Template", readonly=True)
    categ_id = fields.Many2one("product.category", string="Category", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Cooperative", readonly=True)
    purchase_id = fields.Many2one("purchase.order", string="Purchase Order", readonly=True)
    company_id = fields.Many2one("res.company", string="Company", readonly=True)
    currency_id = fields.Many2one("res.currency", string="Currency", readonly=True)
    uom_id = fields.Many2one("uom.uom", string="Unit", readonly=True)
    state = fields.Selection(STATE_SELECTION, readonly=True)
    cancelled_after_acceptance = fields.Boolean(readonly=True)
    policy = fields.Selection(POLICY_SELECTION, string="Routing Policy", readonly=True)
    qty = fields.Float(
        string="Asked Quantity",
        readonly=True,
        help="Everything the cooperative was asked, whatever became of it: a refused "
        "quantity given to another cooperative counts for both. Quantities of a group "
        "mixing units (kg, litres, units) are not added up.",
    )
    routed_qty = fields.Float(
        string="Routed Quantity",
        readonly=True,
        help="Quantity the cooperative is to deliver or delivered: waiting for her answer or "
        "accepted. Quantities of a group mixing units (kg, litres, units) are not added up.",
    )
    amount = fields.Monetary(
        string="Routed Value",
        readonly=True,
        help="Routed quantity at the cooperative's price, in the company's currency.",
    )
    routed_share = fields.Float(
        string="Routed Share (%)",
        readonly=True,
        help="Grouped by product, share of the routed quantity of each product: to compare "
        "with the target share. Otherwise share of the routed value, as quantities in "
        "different units do not add up. Within the other groupings (e.g. of a month when "
        "grouped by month).",
    )
    target_share = fields.Float(string="Target Share (%)", aggregator="avg", readonly=True)
    accepted_qty = fields.Float(
        string="Accepted Quantity",
        readonly=True,
        help="Quantity the cooperative accepted, even if the customer then lowered the order.",
    )
    rerouted_qty = fields.Float(
        string="Re-routed Quantity",
        readonly=True,
        help="Quantity refused or unanswered in time that routing gave other cooperatives "
        "(what none could take stays to route and is not counted).",
    )
    decided_qty = fields.Float(
        string="Decided Quantity",
        readonly=True,
        help="Quantity the cooperative accepted, refused or let expire (what she accepted "
        "counts even if the customer then lowered the order).",
    )
    acceptance_rate = fields.Float(
        string="Acceptance Rate (%)",
        aggregator="avg",
        readonly=True,
        help="Accepted quantity / quantity accepted, refused or expired. Grouped, it is "
        "weighted by quantity.",
    )
    answer_delay = fields.Float(
        string="Answer Delay (hours)",
        aggregator="avg",
        readonly=True,
        help="From the sending of the order to the cooperative's answer. Grouped, it is the "
        "average of the answers given (neither waiting nor expired).",
    )

    @property
    def _table_query(self) -> SQL:
        # the date is when she was asked: the refused part of a partial answer is a copy
        # created at answer time, which keeps it (and the answer delay runs from it)
        return SQL(
            """
            SELECT a.id AS id,
                   a.id AS allocation_id,
                   a.routed_at AS date,
                   a.order_id, a.product_id, a.product_tmpl_id, a.categ_id, a.partner_id,
                   a.purchase_id, a.company_id, company.currency_id, tmpl.uom_id,
                   a.state, a.policy, a.qty, a.target_share, a.cancelled_after_acceptance,
                   figures.routed_qty,
                   figures.routed_qty * COALESCE(a.price_unit, 0.0)
                       / COALESCE(NULLIF(po.currency_rate, 0.0), 1.0) AS amount,
                   figures.routed_qty * 100.0
                       / NULLIF(SUM(figures.routed_qty) OVER (PARTITION BY a.product_tmpl_id),
                                0.0)
                       AS routed_share,
                   CASE WHEN figures.accepted THEN a.qty ELSE 0.0 END AS accepted_qty,
                   COALESCE(a.rerouted_qty, 0.0) AS rerouted_qty,
                   CASE WHEN a.state IN %(decided)s OR figures.accepted
                        THEN a.qty ELSE 0.0 END AS decided_qty,
                   CASE WHEN figures.accepted THEN 100.0 ELSE 0.0 END AS acceptance_rate,
                   CASE WHEN a.answered_at IS NULL THEN 0.0
                        ELSE GREATEST(EXTRACT(EPOCH FROM a.answered_at
                                              - COALESCE(po.coop_sent_at, a.routed_at)), 0.0)
                             / 3600.0
                   END AS answer_delay
              FROM coop_allocation a
              JOIN res_company company ON company.id = a.company_id
              JOIN product_template tmpl ON tmpl.id = a.product_tmpl_id
         LEFT JOIN purchase_order po ON po.id = a.purchase_id
        CROSS JOIN LATERAL (
                SELECT CASE WHEN a.state IN %(routed)s THEN a.qty ELSE 0.0 END AS routed_qty,
                       -- she accepted it, even if the customer then lowered the order
                       a.state = 'accepted' OR a.cancelled_after_acceptance AS accepted
            ) AS figures
            """,
            decided=DECIDED_STATES,
            routed=ACTIVE_STATES,
        )

    def _read_group(
        self, domain, groupby=(), aggregates=(), having=(), offset=0, limit=None, order=None
    ):
        # the routed share of a group is its share within the other groupings (per product
        # when grouped by cooperative and product, of everything when by cooperative only)
        report = self
        if "routed_share:sum" in aggregates:
            partition = [spec for spec in groupby if spec.split(":")[0] != "partner_id"]
            report = self.with_context(coop_share_partition=partition)
        return super(CoopAllocationReport, report)._read_group(
            domain, groupby, aggregates, having, offset, limit, order
        )

    def _read_group_select(self, aggregate_spec: str, query: Query) -> SQL:
        """Quantities of a group mixing units are not added up, rates of a group are
        weighted by quantity (accepted / decided), the answer delay is the average over the
        answers actually given (not waiting, not expired), and the routed share is of the
        quantity within a product, of the value across products."""
        if aggregate_spec in QTY_SUMS:
            return SQL(
                "CASE WHEN MIN(%(uom)s) = MAX(%(uom)s) THEN %(sum)s END",
                uom=self._field_to_sql(self._table, "uom_id", query),
                sum=super()._read_group_select(aggregate_spec, query),
            )
        if aggregate_spec == "acceptance_rate:avg":
            # the accepted quantity of the group over its decided quantity
            return SQL(
                "SUM(%(accepted)s) * 100.0 / NULLIF(SUM(%(decided)s), 0.0)",
                accepted=self._field_to_sql(self._table, "accepted_qty", query),
                decided=self._field_to_sql(self._table, "decided_qty", query),
            )
        if aggregate_spec == "answer_delay:avg":
            return SQL(
                "AVG(%(delay)s) FILTER (WHERE %(state)s IN %(states)s OR %(after)s)",
                delay=self._field_to_sql(self._table, "answer_delay", query),
                state=self._field_to_sql(self._table, "state", query),
                states=ANSWERED_STATES,
                after=self._field_to_sql(self._table, "cancelled_after_acceptance", query),
            )
        if aggregate_spec == "routed_share:sum":
            specs = self.env.context.get("coop_share_partition", ())
            by_product = any(
                spec.split(":")[0] in ("product_id", "product_tmpl_id") for spec in specs
            )
            routed = self._field_to_sql(
                self._table, "routed_qty" if by_product else "amount", query
            )
            partition = [self._read_group_groupby(spec, query) for spec in specs]
            window = SQL("PARTITION BY %s", SQL(", ").join(partition)) if partition else SQL()
            return SQL(
                "SUM(%(routed)s) * 100.0 / NULLIF(SUM(SUM(%(routed)s)) OVER (%(window)s), 0.0)",
                routed=routed,
                window=window,
            )
        return super()._read_group_select(aggregate_spec, query)
