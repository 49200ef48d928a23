from odoo import api, models
from odoo.exceptions import ValidationError
from odoo.tools import format_date, formatLang


class ProductSupplierinfo(models.Model):
    """Vendor lines are what routing orders from a cooperative: her price (the value of
    her purchase order) and her lead time (the delivery date her SMS announces)."""

    _inherit = "product.supplierinfo"

    @api.constrains("price", "partner_id")
    def _check_coop_price(self):
        """A cooperative is never paid to be sold goods: a negative price would route her
        a purchase order of a negative value. Other vendors keep Odoo's rule (purchase
        records a vendor line at the price of any confirmed order line, e.g. a refund)."""
        for line in self:
            if line.price < 0 and line.partner_id.is_cooperative:
                raise ValidationError(
                    self.env._(
                        "The price of %(vendor)s for %(product)s cannot be negative (%(price)s).",
                        vendor=line.partner_id.display_name,
                        product=line.product_tmpl_id.display_name,
                        price=formatLang(self.env, line.price, currency_obj=line.currency_id),
                    )
                )

    @api.constrains("delay")
    def _check_delay(self):
        for line in self:
            if line.delay < 0:
                raise ValidationError(
                    self.env._(
                        "The lead time of %(vendor)s for %(product)s cannot be negative "
                        "(%(delay)s days): it is the number of days the vendor needs to deliver.",
                        vendor=line.partner_id.display_name,
                        product=line.product_tmpl_id.display_name,
                        delay=line.delay,
                    )
                )

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for line in self:
            if line.date_start and line.date_end and line.date_end < line.date_start:
                raise ValidationError(
                    self.env._(
                        "The price of %(vendor)s for %(product)s cannot end (%(end)s) before "
                        "it starts (%(start)s).",
                        vendor=line.partner_id.display_name,
                        product=line.product_tmpl_id.display_name,
                        start=format_date(self.env, line.date_start),
                        end=format_date(self.env, line.date_end),
                    )
                )
