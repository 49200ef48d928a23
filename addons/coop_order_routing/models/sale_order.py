from markupsafe import Markup

from odoo import api, fields, models
from odoo.tools import LazyTranslate, float_compare

from ..core import allocator
from .coop_allocation import done_in_their_language

_lt = LazyTranslate(__name__)

SURPLUS = "coop_order_routing.mail_activity_type_surplus"
TO_ROUTE = "coop_order_routing.mail_activity_type_to_route"


class SaleOrder(models.Model):
    _inherit = "sale.order"

    coop_allocation_ids = fields.One2many(
        "coop.allocation", "order_id", string="Cooperative Allocations"
    )
    coop_purchase_ids = fields.One2many(
        "purchase.order", "coop_sale_order_id", string="Cooperative Purchase Orders"
    )
    coop_route_log = fields.Json(
        string="Routing Explanations",
        copy=False,
        readonly=True,
        help="The explanation of the last routing of each line, by line id.",
    )
    coop_purchase_count = fields.Integer(compute="_compute_coop_purchase_count")
    coop_to_route = fields.Boolean(
        string="Quantity to Route",
        compute="_compute_coop_to_route",
        store=True,
        help="Some ordered quantity is not taken by any cooperative yet.",
    )

    @api.depends("order_line.coop_to_route_qty")
    def _compute_coop_to_route(self):
        for order in self:
            order.coop_to_route = any(
                qty > 0 for qty in order.order_line.mapped("coop_to_route_qty")
            )

    @api.depends("coop_purchase_ids")
    def _compute_coop_purchase_count(self):
        for order in self:
            order.coop_purchase_count = len(order.coop_purchase_ids)

    def write(self, vals):
        if "order_line" not in vals:
            return super().write(vals)
        # the lines are written one by one: their cooperatives are told once all are lowered,
        # one SMS per cooperative order with all its new figures
        lowered = set()
        res = super(SaleOrder, self.with_context(coop_lowered_ids=lowered)).write(vals)
        self.env["purchase.order"].browse(sorted(lowered))._coop_send_lowered()
        return res

    def _log_decrease_ordered_quantity(self, documents, cancel=False):
        # the routing lowers the cooperative orders of its lines and tells the cooperatives:
        # no exception for staff on them ("manual actions may be needed", never closed)
        documents = {
            (parent, responsible): context
            for (parent, responsible), context in documents.items()
            if not (
                parent._name == "purchase.order"
                and parent.coop_sale_order_id
                and all(line.coop_routed for line, _qty in context[0].values())
            )
        }
        return super()._log_decrease_ordered_quantity(documents, cancel=cancel)

    def _coop_sync_activities(self):
        """An activity for central staff on orders with quantity left to route, its note
        saying what is left and why, kept up to date as answers and changes come in."""
        self.invalidate_recordset(["coop_to_route"])
        self.flush_recordset(["coop_to_route"])
        orders = self.sudo().with_context(  # sudo: staff activities, even for the public user
            mail_activity_quick_update=True
        )
        open_activities = orders.activity_search([TO_ROUTE]).grouped("res_id")
        Allocation = orders.env["coop.allocation"]
        for order in orders:
            activity = open_activities.get(order.id)
            if not (order.coop_to_route or activity):
                continue
            # in the language of the staff member it is assigned to, who reads it (else the
            # company's, as the routing explanations)
            user = activity.user_id if activity else order._coop_staff_user()
            order = order.with_env(Allocation._coop_staff_env(order.company_id, user))
            if order.coop_to_route:
                note = order._coop_to_route_note()
                if activity:
                    activity.with_env(order.env).note = note
                else:
                    order.activity_schedule(TO_ROUTE, user_id=user.id, note=note)
            else:
                order.activity_feedback(
                    [TO_ROUTE],
                    feedback=order.env._("The order is cancelled.")
                    if order.state == "cancel"
                    else order.env._("Nothing left to route."),
                )

    def _coop_to_route_note(self):
        """What is left to route on this order, product by product, and why the last routing
        of each line could not place it (its decisions, but the allocations of cooperatives
        that could take more), as HTML in the language of ``self.env``."""
        self.ensure_one()
        Allocation = self.env["coop.allocation"]
        lines = self.order_line.filtered(lambda ln: ln.coop_to_route_qty > 0)
        log = self.coop_route_log or {}
        whys = Allocation._coop_reason_texts(
            [
                (
                    [
                        entry
                        for entry in log.get(str(line.id)) or ()
                        if entry.get("code") != allocator.ALLOCATED
                    ],
                    self.company_id,
                )
                for line in lines
            ]
        )
        blocks = []
        for line, why in zip(lines, whys, strict=True):
            uom = line.product_id.uom_id
            headline = self.env._(
                "%(product)s: %(qty)s %(uom)s to route",
                product=line.product_id.display_name,
                qty=Allocation._coop_qty_text(line.coop_to_route_qty, uom),
                uom=uom._coop_name_after(line.coop_to_route_qty),
            )
            blocks.append(
                Markup("<p><strong>%s</strong><br/>%s</p>")
                % (headline, Markup("<br/>").join((why or "").splitlines()))
            )
        return Markup().join(blocks)

    def _coop_signal_surplus(self, allocation, qty):
        """Tell central staff that ``qty`` of what ``allocation``'s cooperative delivered is
        no longer needed by this order: it stays in the central stock, to sell or return.
        One activity per order, each lowering adding its line."""
        self.ensure_one()
        staff = self._coop_staff_user()
        # in the language of the staff who follows it up
        order = self.sudo().with_context(  # sudo: staff activity, whoever lowers the order
            lang=staff.lang, mail_activity_quick_update=True
        )
        uom = allocation.product_id.uom_id.with_env(order.env)
        line = order.env._(
            "%(qty)s %(uom)s of %(product)s delivered by %(cooperative)s are no longer "
            "needed by this order: they stay in the central stock. Sell them, or return "
            "them to the cooperative.",
            qty=order.env["coop.allocation"]._coop_qty_text(qty, uom),
            uom=uom._coop_name_after(qty),
            product=allocation.product_id.with_env(order.env).display_name,
            cooperative=allocation.partner_id.name,
        )
        existing = order.activity_search([SURPLUS])[:1]
        if existing:
            existing.note = Markup("%s<br/>%s") % (existing.note or "", line)
        else:
            order.activity_schedule(SURPLUS, user_id=staff.id, note=line)

    def _coop_close_surplus(self):
        """Mark done the surplus to-do of these orders once their cooperatives' deliveries
        no longer exceed what the orders need (the surplus was sent back to them)."""
        for order in self.sudo():  # sudo: staff activities, whoever returns the goods
            activities = order.activity_search([SURPLUS])
            if not activities or any(
                float_compare(
                    line.product_uom._compute_quantity(line.qty_received, line.product_id.uom_id),
                    sum(a.qty for a in line.coop_allocation_ids if a.state == "accepted"),
                    precision_rounding=line.product_id.uom_id.rounding,
                )
                > 0
                for line in order.coop_purchase_ids.order_line
                if line.state != "cancel"
            ):
                continue
            done_in_their_language(activities, _lt("Sent back to the cooperative."))

    def _coop_staff_user(self):
        """Who follows up this order's routing: its salesperson, else the sales team's
        leader, else the administrator (website orders are confirmed by the public user).
        A person only: not OdooBot (orders made by a job or data), an archived or a portal
        user, whose to-dos nobody would see."""
        self.ensure_one()
        candidates = (self.user_id + self.team_id.user_id).sudo()  # sudo: active, share flags
        return candidates._coop_people()[:1].with_env(self.env) or self.env.ref("base.user_admin")

    def _action_cancel(self):
        allocations = self.coop_allocation_ids.filtered(
            lambda a: a.state in ("waiting", "accepted")
        )
        # the cooperative orders first: they follow the central order, so Odoo's warning
        # to the buyer of a purchase order left open by a cancelled sale is not for them
        if allocations:
            allocations.purchase_id._coop_cancel_for_order(allocations)
        res = super()._action_cancel()
        self._coop_sync_activities()
        return res

    def action_coop_route_again(self):
        """Staff route what is left again, asking again cooperatives that let it expire."""
        lines = self.order_line.filtered("coop_to_route_qty")
        routed = self.env["coop.allocation"]._coop_reroute_lines(lines, retry_expired=True)
        if lines and not routed:
            return {
                "type": "ir.actions.client",
                "tag": "display_notification",
                "params": {
                    "type": "warning",
                    "message": self.env._(
                        "No cooperative can take what is left to route now: the to-do on "
                        "this order says why."
                    ),
                    # the explanations of this routing
                    "next": {"type": "ir.actions.client", "tag": "soft_reload"},
                },
            }
        return True

    def action_coop_view_supply(self):
        """The cooperatives' declared supply of the products left to route on this order:
        where staff raise what a cooperative can take, before routing again."""
        self.ensure_one()
        products = self.order_line.filtered("coop_to_route_qty").product_id.product_tmpl_id
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "coop_order_routing.action_coop_sourcing"
        )
        action["domain"] = [("product_tmpl_id", "in", products.ids)]
        action["context"] = {"default_product_tmpl_id": products.id} if len(products) == 1 else {}
        return action

    def action_view_coop_purchases(self):
        action = self.env["ir.actions.act_window"]._for_xml_id("purchase.purchase_rfq")
        action["domain"] = [("coop_sale_order_id", "in", self.ids)]
        action["context"] = {}
        return action

    @api.model
    def _cron_coop_route_pending(self):
        lines = self.env["sale.order.line"].search(
            [("coop_to_route_qty", ">", 0), ("state", "=", "sale")], limit=500
        )
        self.env["coop.allocation"]._coop_reroute_lines(lines)

    def _coop_demo_answer(self, action, coop_xmlid=None, reason=None):
        """Answer the waiting cooperative orders of these orders (demo data and tests)."""
        pos = self.coop_purchase_ids.filtered(lambda po: po.coop_answer_state == "waiting")
        if coop_xmlid:
            pos = pos.filtered(lambda po: po.partner_id == self.env.ref(coop_xmlid))
        for po in pos:
            po._coop_answer(action, channel="staff", reason=reason or self.env._("Demo answer"))
        return True
