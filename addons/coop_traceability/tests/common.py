"""Fixture of the traceability tests: cooperatives of ``CoopCase`` selling a GTIN product
with a quality check point, and helpers to receive their purchase orders and deliver."""

import contextlib
import datetime
import resource

from odoo import Command
from odoo.addons.coop_gie.tests.common import CoopCase


@contextlib.contextmanager
def wkhtmltopdf_address_space():
    """Let wkhtmltopdf start whatever ``limit_memory_hard`` is.

    Odoo applies ``limit_memory_hard`` as RLIMIT_AS to its own process and wkhtmltopdf
    inherits it; QtWebKit needs about 1.5 GiB of address space and segfaults below (every PDF
    report fails, e.g. with the 768 MiB the project's config once had). The soft limit is
    lifted to the hard one while a test renders, then restored.
    """
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, (hard, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


class TraceCase(CoopCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.stock_location = cls.env.ref("stock.stock_location_stock")
        cls.customer_location = cls.env.ref("stock.stock_location_customers")
        cls.picking_type_out = cls.env.ref("stock.picking_type_out")
        cls.product_coop.write(
            {
                "barcode": "6119999000015",
                "use_expiration_date": True,
                "expiration_time": 365,
                "use_time": 30,
                "removal_time": 10,
                "alert_time": 40,
                "coop_net_content": "250 ml",
                "list_price": 987.65,
                "standard_price": 432.1,
            }
        )
        cls.gtin14 = "06119999000015"
        cls.point_acidity = cls.env["coop.quality.point"].create(
            {
                "product_tmpl_id": cls.product_coop.product_tmpl_id.id,
                "name": "Acidity",
                "unit": "%",
                "min_value": 0.0,
                "max_value": 0.8,
            }
        )
        cls.customer_1 = cls.env["res.partner"].create(
            {"name": "Client Casablanca", "email": "client1@example.com", "lang": "fr_FR"}
        )
        cls.customer_2 = cls.env["res.partner"].create(
            {
                "name": "Cliente Paris",
                "email": "client2@example.com",
                "mobile": "+33 6 12 34 56 78",
                "country_id": cls.env.ref("base.fr").id,
                "lang": "fr_FR",
            }
        )
        cls.customer_3 = cls.env["res.partner"].create(
            {"name": "Client Agadir", "email": "client3@example.com"}
        )

    @classmethod
    def _receive(cls, coop, product, qty, measures=None, validate=True, **line_vals):
        """Confirm a purchase order to ``coop`` and receive it (with optional measures)."""
        order = cls.env["purchase.order"].create(
            {
                "partner_id": coop.id,
                "order_line": [
                    Command.create({"product_id": product.id, "product_qty": qty, "price_unit": 50})
                ],
            }
        )
        order.button_confirm()
        picking = order.picking_ids
        if line_vals:
            picking.move_line_ids.write(line_vals)
        if measures is not None:
            checks = picking.move_line_ids._coop_create_quality_checks()
            for check in checks:
                check.value = measures[check.point_id.name]
        if validate:
            picking.button_validate()
        return picking

    @classmethod
    def _dropship(cls, coop, customer, product, qty, validate=True, **line_vals):
        """A purchase order to ``coop`` shipped straight to ``customer``, received."""
        picking_type = cls.env["stock.picking.type"].search(
            [("code", "=", "dropship"), ("company_id", "=", cls.env.company.id)], limit=1
        )
        order = cls.env["purchase.order"].create(
            {
                "partner_id": coop.id,
                "picking_type_id": picking_type.id,
                "dest_address_id": customer.id,
                "order_line": [
                    Command.create({"product_id": product.id, "product_qty": qty, "price_unit": 50})
                ],
            }
        )
        order.button_confirm()
        picking = order.picking_ids
        picking.move_line_ids.write(line_vals)
        if validate:
            picking.with_context(skip_sms=True).button_validate()
        return picking

    @classmethod
    def _deliver(cls, partner, lot, qty):
        """Deliver ``qty`` of ``lot`` to ``partner`` from WH/Stock (done)."""
        picking = cls._delivery(partner, lot.product_id, qty)
        picking.action_assign()
        picking.move_line_ids.unlink()
        cls.env["stock.move.line"].create(
            dict(
                picking.move_ids._prepare_move_line_vals(quantity=qty),
                lot_id=lot.id,
                location_id=cls.stock_location.id,
            )
        )
        picking.move_ids.picked = True
        picking.with_context(skip_sms=True).button_validate()
        return picking

    @classmethod
    def _delivery(cls, partner, product, qty):
        picking = cls.env["stock.picking"].create(
            {
                "picking_type_id": cls.picking_type_out.id,
                "partner_id": partner.id,
                "location_id": cls.stock_location.id,
                "location_dest_id": cls.customer_location.id,
                "move_ids": [
                    Command.create(
                        {
                            "name": product.display_name,
                            "product_id": product.id,
                            "product_uom_qty": qty,
                            "product_uom": product.uom_id.id,
                            "location_id": cls.stock_location.id,
                            "location_dest_id": cls.customer_location.id,
                        }
                    )
                ],
            }
        )
        picking.action_confirm()
        return picking

    @classmethod
    def _lot_of(cls, picking):
        return picking.move_line_ids.lot_id

    @classmethod
    def _days_ago(cls, days):
        return cls.today - datetime.timedelta(days=days)
