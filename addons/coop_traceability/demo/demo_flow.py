"""Demo flow: cooperative purchase orders received with lots and quality results, one lot
delivered to the demo customer. Called once from demo/coop_traceability_demo.xml."""

import datetime
import logging

from odoo import Command, fields

from ..lib import gs1

_logger = logging.getLogger(__name__)

# product xml id (coop_gie) -> (GTIN item number, shelf life in days); their net content,
# translated, is in coop_traceability_demo.xml
PRODUCTS = {
    "product_argan_oil_food": (1, 540),
    "product_argan_oil_cosmetic": (2, 730),
    "product_olive_oil": (3, 540),
    "product_amlou": (4, 180),
    "product_barley_couscous": (5, 365),
    "product_essential_oil_rosemary": (6, 1095),
    "product_herbs_thyme": (7, 365),
    "product_argan_soap": (8, 1095),
}
GTIN_PREFIX = "6111245"  # 611: GS1 Morocco; a made-up company prefix for the demo


def demo_gtin(item):
    body = f"{GTIN_PREFIX}{item:05d}"
    return body + str(gs1.check_digit(body))


def load(env):
    ref = env.ref
    missing = [
        xmlid
        for xmlid in [
            "coop_gie.coop_taoutemet",
            "coop_gie.coop_tifaout",
            "coop_gie.partner_customer",
            *(f"coop_gie.{name}" for name in PRODUCTS),
        ]
        if not ref(xmlid, raise_if_not_found=False)
    ]
    if missing:
        _logger.warning("coop_traceability demo skipped, missing records: %s", missing)
        return
    taoutemet, tifaout = ref("coop_gie.coop_taoutemet"), ref("coop_gie.coop_tifaout")
    if env["stock.lot"].search_count(
        [("coop_partner_id", "in", (taoutemet | tifaout).ids)], limit=1
    ):
        return
    _prepare_products(env)
    today = fields.Date.context_today(env["stock.lot"])
    kernels = ref("coop_traceability.product_argan_kernels").product_variant_id
    kernel_lot = env["stock.lot"].create(
        {
            "name": taoutemet._coop_next_lot_name(today - datetime.timedelta(days=45)),
            "product_id": kernels.id,
            "coop_partner_id": taoutemet.id,
            "coop_production_date": today - datetime.timedelta(days=45),
            "coop_origin_douar": "Douar Ait Bouhou",
            "coop_origin_commune": "Oujane",
        }
    )
    product = {name: ref(f"coop_gie.{name}").product_variant_id for name in PRODUCTS}
    # Taoutemet: argan oils, made from the kernel lot; all measures within limits.
    receipt_tao = _receive(
        env,
        taoutemet,
        [
            (product["product_argan_oil_food"], 24, 95.0),
            (product["product_argan_oil_cosmetic"], 12, 80.0),
        ],
        production_date=today - datetime.timedelta(days=20),
        douar="Douar Ait Bouhou",
        commune="Oujane",
        raw_lots=kernel_lot,
        measures={
            "quality_point_argan_food_acidity": 0.45,
            "quality_point_argan_food_peroxide": 6.0,
            "quality_point_argan_cosmetic_acidity": 0.6,
        },
    )
    # Tifaout: couscous passes; olive oil fails its acidity and waits in quarantine.
    _receive(
        env,
        tifaout,
        [
            (product["product_barley_couscous"], 30, 30.0),
            (product["product_olive_oil"], 10, 70.0),
            (product["product_amlou"], 20, 60.0),
        ],
        production_date=today - datetime.timedelta(days=10),
        douar="Douar Tifaout",
        commune="Oujane",
        measures={"quality_point_couscous_moisture": 11.2, "quality_point_olive_acidity": 1.4},
    )
    argan_lot = receipt_tao.move_line_ids.filtered(
        lambda ml: ml.product_id == product["product_argan_oil_food"]
    ).lot_id
    _deliver(env, ref("coop_gie.partner_customer"), argan_lot, 2)


def _prepare_products(env):
    """Lot tracking, expiry dates and GTIN where coop_gie left them empty."""
    for name, (item, shelf_life) in PRODUCTS.items():
        template = env.ref(f"coop_gie.{name}")
        vals = {}
        if not template.is_storable or template.tracking != "lot":
            vals.update(is_storable=True, tracking="lot")
        if not template.use_expiration_date:
            vals.update(
                use_expiration_date=True,
                expiration_time=shelf_life,
                use_time=30,
                removal_time=15,
                alert_time=45,
            )
        if not template.barcode:
            gtin = demo_gtin(item)
            if not env["product.product"].search_count([("barcode", "=", gtin)], limit=1):
                vals["barcode"] = gtin
        if vals:
            template.write(vals)


def _receive(env, cooperative, lines, production_date, douar, commune, measures, raw_lots=None):
    order = env["purchase.order"].create(
        {
            "partner_id": cooperative.id,
            "order_line": [
                Command.create({"product_id": p.id, "product_qty": qty, "price_unit": price})
                for p, qty, price in lines
            ],
        }
    )
    order.button_confirm()
    picking = order.picking_ids[:1]
    picking.move_line_ids.write(
        {
            "coop_production_date": production_date,
            "coop_origin_douar": douar,
            "coop_origin_commune": commune,
            "coop_raw_lot_ids": [Command.set(raw_lots.ids if raw_lots else [])],
        }
    )
    checks = picking.move_line_ids._coop_create_quality_checks()
    values = {env.ref(f"coop_traceability.{xmlid}").id: value for xmlid, value in measures.items()}
    for check in checks:
        if check.point_id.id in values:
            check.value = values[check.point_id.id]
    picking.with_context(skip_backorder=True, skip_expired=True, skip_sms=True).button_validate()
    if picking.state != "done":
        _logger.warning("coop_traceability demo: %s could not be validated", picking.name)
    return picking


def _deliver(env, customer, lot, quantity):
    picking_type = env.ref("stock.picking_type_out")
    source = picking_type.default_location_src_id
    destination = env.ref("stock.stock_location_customers")
    picking = env["stock.picking"].create(
        {
            "picking_type_id": picking_type.id,
            "partner_id": customer.id,
            "location_id": source.id,
            "location_dest_id": destination.id,
            "move_ids": [
                Command.create(
                    {
                        "name": lot.product_id.display_name,
                        "product_id": lot.product_id.id,
                        "product_uom_qty": quantity,
                        "product_uom": lot.product_id.uom_id.id,
                        "location_id": source.id,
                        "location_dest_id": destination.id,
                    }
                )
            ],
        }
    )
    picking.action_confirm()
    picking.action_assign()
    picking.move_line_ids.write({"lot_id": lot.id, "quantity": quantity})
    picking.with_context(skip_backorder=True, skip_expired=True, skip_sms=True).button_validate()
    if picking.state != "done":
        _logger.warning("coop_traceability demo: %s could not be validated", picking.name)
    return picking
