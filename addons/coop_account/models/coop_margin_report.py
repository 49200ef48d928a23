from odoo import fields, models, tools
from odoo.tools import SQL


class CoopMarginReport(models.Model):
    """Margin of the central on each share of a sales order line given to a cooperative:
    the sale price of the line minus the purchase price of the cooperative's purchase
    order line, both per unit of the product, in the company currency, times the
    allocated quantity. Read from routing's allocations (waiting or accepted)."""

    _name = "coop.margin.report"
    _description = "Central Margin by Cooperative"
    _auto = False
    _order = "date desc, id desc"
    _rec_name = "sale_line_id"
    # what the view reads, flushed before it is searched
    _depends = {
        "coop.allocation": ["sale_line_id", "partner_id", "qty", "purchase_line_id", "state"],
        "sale.order.line": [
            "order_id",
            "product_id",
            "product_uom",
            "product_uom_qty",
            "price_subtotal",
        ],
        "sale.order": ["date_order", "company_id", "currency_rate", "state"],
        "purchase.order.line": ["order_id", "product_uom", "product_qty", "price_subtotal"],
        "purchase.order": ["currency_rate", "state"],
        "product.product": ["product_tmpl_id"],
        "product.template": ["categ_id", "uom_id"],
        "uom.uom": ["factor"],
        "res.company": ["currency_id"],
        "res.currency": ["decimal_places"],
    }

    date = fields.Datetime(string="Order Date", readonly=True)
    order_id = fields.Many2one("sale.order", string="Sales Order", readonly=True)
    sale_line_id = fields.Many2one("sale.order.line", string="Order Line", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Cooperative", readonly=True)
    product_id = fields.Many2one("product.product", string="Product", readonly=True)
    product_tmpl_id = fields.Many2one("product.template", string="Product Template", readonly=True)
    categ_id = fields.Many2one("product.category", string="Product Category", readonly=True)
    purchase_id = fields.Many2one("purchase.order", string="Purchase Order", readonly=True)
    company_id = fields.Many2one("res.company", string="Company", readonly=True)
    currency_id = fields.Many2one("res.currency", string="Currency", readonly=True)
    qty = fields.Float(string="Quantity", digits="Product Unit of Measure", readonly=True)
    sale_price_unit = fields.Monetary(string="Sale Unit Price", aggregator="avg", readonly=True)
    purchase_price_unit = fields.Monetary(
        string="Purchase Unit Price", aggregator="avg", readonly=True
    )
    amount_sale = fields.Monetary(string="Sales", readonly=True)
    amount_purchase = fields.Monetary(string="Purchases", readonly=True)
    margin = fields.Monetary(readonly=True)

    def _coop_query(self):
        return SQL(
            """
            WITH shares AS (
                SELECT a.id AS id,
                       so.date_order AS date,
                       so.id AS order_id,
                       sol.id AS sale_line_id,
                       a.partner_id AS partner_id,
                       sol.product_id AS product_id,
                       pt.id AS product_tmpl_id,
                       pt.categ_id AS categ_id,
                       po.id AS purchase_id,
                       so.company_id AS company_id,
                       company.currency_id AS currency_id,
                       currency.decimal_places AS decimal_places,
                       a.qty AS qty,
                       -- unit prices per unit of the product, in the company currency
                       COALESCE(
                           sol.price_subtotal / NULLIF(sol.product_uom_qty, 0)
                           * sol_uom.factor / NULLIF(p_uom.factor, 0)
                           / COALESCE(NULLIF(so.currency_rate, 0), 1), 0
                       ) AS sale_price_unit,
                       COALESCE(
                           pol.price_subtotal / NULLIF(pol.product_qty, 0)
                           * pol_uom.factor / NULLIF(p_uom.factor, 0)
                           / COALESCE(NULLIF(po.currency_rate, 0), 1), 0
                       ) AS purchase_price_unit
                  FROM coop_allocation a
                  JOIN sale_order_line sol ON sol.id = a.sale_line_id
                  JOIN sale_order so ON so.id = sol.order_id
                  JOIN res_company company ON company.id = so.company_id
                  JOIN res_currency currency ON currency.id = company.currency_id
                  JOIN purchase_order_line pol ON pol.id = a.purchase_line_id
                  JOIN purchase_order po ON po.id = pol.order_id
                  JOIN product_product pp ON pp.id = sol.product_id
                  JOIN product_template pt ON pt.id = pp.product_tmpl_id
                  JOIN uom_uom p_uom ON p_uom.id = pt.uom_id
                  JOIN uom_uom sol_uom ON sol_uom.id = sol.product_uom
                  JOIN uom_uom pol_uom ON pol_uom.id = pol.product_uom
                 WHERE a.state IN ('waiting', 'accepted')
                   AND so.state = 'sale'
                   AND po.state != 'cancel'
            )
            SELECT id, date, order_id, sale_line_id, partner_id, product_id, product_tmpl_id,
                   categ_id, purchase_id, company_id, currency_id, qty,
                   sale_price_unit, purchase_price_unit,
                   ROUND((qty * sale_price_unit)::numeric, decimal_places) AS amount_sale,
                   ROUND((qty * purchase_price_unit)::numeric, decimal_places) AS amount_purchase,
                   ROUND((qty * sale_price_unit)::numeric, decimal_places)
                       - ROUND((qty * purchase_price_unit)::numeric, decimal_places) AS margin
              FROM shares
            """
        )

    def _read_group_select(self, aggregate_spec, query):
        """Grouped unit prices are weighted by quantity (amount / quantity): the plain
        average of the rows would weigh a small order as much as a large one."""
        amounts = {
            "sale_price_unit:avg": "amount_sale",
            "purchase_price_unit:avg": "amount_purchase",
        }
        if aggregate_spec in amounts:
            return SQL(
                "SUM(%(amount)s) / NULLIF(SUM(%(qty)s), 0.0)",
                amount=self._field_to_sql(self._table, amounts[aggregate_spec], query),
                qty=self._field_to_sql(self._table, "qty", query),
            )
        return super()._read_group_select(aggregate_spec, query)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        query = SQL(
            "CREATE OR REPLACE VIEW %s AS (%s)", SQL.identifier(self._table), self._coop_query()
        )
        self.env.cr.execute(query)
