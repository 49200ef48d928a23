from datetime import timedelta

from lxml import etree

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools.safe_eval import safe_eval

from .common import RoutingCase

PRICE_FIELDS = ("price_unit", "price_subtotal", "price_total", "price_tax", "discount", "taxes_id")


@tagged("post_install", "-at_install")
class TestManagerAccess(RoutingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._sourcing(cls, cls.coop_a, cls.product).qty_available = 5
        cls.order = cls.env["sale.order"].create(
            {
                "partner_id": cls.customer.id,
                "order_line": [
                    Command.create({"product_id": cls.product.id, "product_uom_qty": 10})
                ],
            }
        )
        cls.order.action_confirm()
        cls.env["purchase.order"]._cron_coop_dispatch()  # the job sending new orders
        cls.po_a = cls.order.coop_purchase_ids.filtered(lambda po: po.partner_id == cls.coop_a)
        cls.po_b = cls.order.coop_purchase_ids.filtered(lambda po: po.partner_id == cls.coop_b)

    def test_sees_only_her_cooperative_orders(self):
        PO = self.env["purchase.order"].with_user(self.user_coop_a)
        self.assertEqual(PO.search([]), self.po_a)
        self.assertEqual(
            self.env["purchase.order.line"].with_user(self.user_coop_a).search([]),
            self.po_a.order_line,
        )
        with self.assertRaises(AccessError):
            self.po_b.with_user(self.user_coop_a).read(["name"])
        # a draft order not sent to her yet is not visible either
        draft = self.env["purchase.order"].create({"partner_id": self.coop_a.id})
        self.assertNotIn(draft, PO.search([]))

    def test_never_sees_prices(self):
        line = self.po_a.order_line.with_user(self.user_coop_a)
        for fname in PRICE_FIELDS:
            with self.assertRaises(AccessError, msg=fname):
                line.read([fname])
        with self.assertRaises(AccessError):
            self.po_a.with_user(self.user_coop_a).read(["amount_total"])
        fields = self.env["purchase.order.line"].with_user(self.user_coop_a).fields_get()
        self.assertFalse(set(PRICE_FIELDS) & set(fields))
        # none of her views shows an amount, nor the standard form opened by URL
        PO = self.env["purchase.order"].with_user(self.user_coop_a)
        views = PO.get_views(
            [
                (
                    self.env.ref("coop_order_routing.purchase_order_view_kanban_coop_manager").id,
                    "kanban",
                ),
                (
                    self.env.ref("coop_order_routing.purchase_order_view_form_coop_manager").id,
                    "form",
                ),
            ]
        )
        standard = PO.get_views([(False, "form")])
        for arch in [v["arch"] for v in views["views"].values()] + [
            standard["views"]["form"]["arch"]
        ]:
            for fname in ("price_unit", "amount_total", "price_subtotal"):
                self.assertNotIn(f'name="{fname}"', arch)
        # allocations (with values and other cooperatives) are for central staff only
        with self.assertRaises(AccessError):
            self.env["coop.allocation"].with_user(self.user_coop_a).search([])

    def test_accepts_and_refuses_her_orders_only(self):
        self.assertTrue(self.po_a.with_user(self.user_coop_a).action_coop_accept())
        self.assertEqual((self.po_a.state, self.po_a.coop_answer_state), ("purchase", "accepted"))
        self.assertEqual(self.po_a.coop_answer_channel, "mobile")
        with self.assertRaises(AccessError):
            self.po_b.with_user(self.user_coop_a).action_coop_accept()
        self.assertEqual(self.po_b.coop_answer_state, "waiting")
        # refusal from the phone form, with a reason: re-routed to A (who found more)
        self._available(self.coop_a, self.product, 10)
        action = (
            self.po_b.with_user(self.user_coop_b)
            .with_context(coop_answer_mode="refuse")
            .action_coop_open_answer()
        )
        wizard = Form(
            self.env["coop.po.answer"].with_user(self.user_coop_b).browse(action["res_id"])
        )
        wizard.reason = "Pas de stock"
        wizard.save().action_confirm()
        self.assertEqual((self.po_b.state, self.po_b.coop_answer_state), ("cancel", "refused"))
        self.assertEqual(self.po_b.coop_refusal_reason, "Pas de stock")
        new_po = self.order.coop_purchase_ids - self.po_a - self.po_b
        self.assertEqual(new_po.partner_id, self.coop_a)

    def test_accept_part_from_the_phone(self):
        action = (
            self.po_a.with_user(self.user_coop_a)
            .with_context(coop_answer_mode="partial")
            .action_coop_open_answer()
        )
        wizard = Form(
            self.env["coop.po.answer"].with_user(self.user_coop_a).browse(action["res_id"])
        )
        date_planned = self.po_a.order_line.date_planned
        with wizard.line_ids.edit(0) as line:
            line.accepted_qty = 2
        wizard.save().action_confirm()
        self.assertEqual(self.po_a.coop_answer_state, "partial")
        self.assertEqual(self.po_a.order_line.product_qty, 2.0)
        self.assertEqual(self.po_a.order_line.date_planned, date_planned, "her date stays")
        self.assertEqual(self.order.order_line.coop_to_route_qty, 0.0)
        self.assertEqual(
            sum(
                self.order.coop_purchase_ids.filtered(
                    lambda p: p.partner_id == self.coop_b
                ).order_line.mapped("product_qty")
            ),
            8.0,
        )

    def test_a_failed_answer_keeps_what_it_answers_about(self):
        # accepting none without a reason is refused; the phone shows the lines again
        form = self._answer_form(self.po_a, self.user_coop_a)
        with form.line_ids.edit(0) as line:
            line.accepted_qty = 0
        wizard = form.save()
        with self.assertRaises(UserError):
            wizard.action_confirm()
        self.env.invalidate_all()
        po_line = self.po_a.order_line
        self.assertEqual(
            [(ln.product_id, ln.ordered_qty, ln.uom_id) for ln in wizard.line_ids],
            [(po_line.product_id, po_line.product_qty, po_line.product_uom)],
        )
        self.assertEqual(self.po_a.coop_answer_state, "waiting")

    def test_no_price_printing_or_mailing_offered(self):
        def offered(user):
            bindings = self.env["ir.actions.actions"].with_user(user).get_bindings("purchase.order")
            return {action["id"] for actions in bindings.values() for action in actions}

        purchase_team = {
            self.env.ref(xmlid).id
            for xmlid in (
                "purchase.action_report_purchase_order",
                "purchase.report_purchase_quotation",
                "purchase.action_purchase_send_reminder",  # mails the priced order
                "purchase.model_purchase_order_action_share",
                "purchase.action_confirm_rfqs",
            )
        }
        self.assertFalse(offered(self.user_coop_a) & purchase_team)
        self.assertEqual(offered(self.user_staff) & purchase_team, purchase_team)

    def test_declares_her_own_supply_only(self):
        Sourcing = self.env["coop.sourcing"].with_user(self.user_coop_a)
        mine = Sourcing.search([])
        self.assertEqual(mine.partner_id, self.coop_a)
        mine[0].qty_available = 42
        self.assertEqual(mine[0].declared_by_id, self.user_coop_a)
        other = self._sourcing(self.coop_b, self.product)
        with self.assertRaises(AccessError):
            other.with_user(self.user_coop_a).qty_available = 1
        product3 = self._make_coop_product("Test thyme", seller_ids=self._vendor_lines())
        with self.assertRaises(AccessError):
            Sourcing.create(
                {"partner_id": self.coop_b.id, "product_tmpl_id": product3.product_tmpl_id.id}
            )
        new = Sourcing.create({"product_tmpl_id": product3.product_tmpl_id.id, "qty_available": 5})
        self.assertEqual(new.partner_id, self.coop_a, "her cooperative by default")
        # only what the cooperatives make: a product of the central's own has no supply
        bought = self.env["product.template"].create({"name": "Shipping box"})
        with self.assertRaises(ValidationError) as error:
            Sourcing.create({"product_tmpl_id": bought.id, "qty_available": 5})
        self.assertIn("Shipping box is not made by the cooperatives", str(error.exception))

    def test_declares_only_what_she_is_a_vendor_of(self):
        # without a vendor line (her price, lead time), routing would never order it
        Sourcing = self.env["coop.sourcing"].with_user(self.user_coop_a)
        thyme = self._make_coop_product("Test thyme", seller_ids=self._vendor_lines(self.coop_b))
        with self.assertRaises(ValidationError) as error:
            Sourcing.create({"product_tmpl_id": thyme.product_tmpl_id.id, "qty_available": 5})
        self.assertIn("is not a vendor of Test thyme yet", str(error.exception))
        self.assertFalse(thyme.product_tmpl_id.coop_sourcing_ids)
        # nor by moving a declaration to such a product
        mine = Sourcing.search([], limit=1)
        with self.assertRaises(ValidationError):
            mine.product_tmpl_id = thyme.product_tmpl_id
        # once the central lists her as a vendor, she declares it
        thyme.seller_ids = self._vendor_lines(self.coop_a)
        new = Sourcing.create({"product_tmpl_id": thyme.product_tmpl_id.id, "qty_available": 5})
        self.assertEqual(new.partner_id, self.coop_a)
        # and only a cooperative declares supply, even entered by staff
        shop = self.env["res.partner"].create({"name": "Boutique Agadir", "is_company": True})
        thyme.seller_ids = self._vendor_lines(shop)
        with self.assertRaises(ValidationError) as error:
            self.env["coop.sourcing"].with_user(self.user_staff).create(
                {"partner_id": shop.id, "product_tmpl_id": thyme.product_tmpl_id.id}
            )
        self.assertIn("Boutique Agadir is not a cooperative: only", str(error.exception))

    def test_declaration_stamp_is_who_declared(self):
        admin = self.env.ref("base.user_admin")
        product3 = self._make_coop_product("Test saffron", seller_ids=self._vendor_lines())
        new = (
            self.env["coop.sourcing"]
            .with_user(self.user_coop_a)
            .create(
                {
                    "product_tmpl_id": product3.product_tmpl_id.id,
                    "qty_available": 5,
                    "declared_by_id": admin.id,
                    "declared_on": "2020-01-01 00:00:00",
                }
            )
        )
        self.assertEqual(new.declared_by_id, self.user_coop_a)
        self.assertGreater(new.declared_on, fields.Datetime.to_datetime("2020-01-01"))
        for vals in (
            {"declared_by_id": admin.id},
            {"qty_available": 3, "declared_by_id": admin.id},
        ):
            new.write(vals)
            self.assertEqual(new.declared_by_id, self.user_coop_a, vals)
        # data loaded as superuser (demo data, migrations) says who declared
        loaded = (
            self.env["coop.sourcing"]
            .sudo()  # sudo: test: loading data as superuser, as demo data and migrations do
            .create(
                {
                    "product_tmpl_id": product3.product_tmpl_id.id,
                    "partner_id": self.coop_b.id,
                    "declared_by_id": self.user_coop_a.id,
                }
            )
        )
        self.assertEqual(loaded.declared_by_id, self.user_coop_a)
        demo = self.env.ref("coop_order_routing.sourcing_argan_oil_food_taoutemet")
        self.assertEqual(demo.declared_by_id, self.env.ref("coop_gie.user_taoutemet"))

    def test_cannot_move_her_supply_to_another_cooperative(self):
        product3 = self._make_coop_product("Test argan oil", seller_ids=self._vendor_lines())
        mine = (
            self.env["coop.sourcing"]
            .with_user(self.user_coop_a)
            .create({"product_tmpl_id": product3.product_tmpl_id.id, "qty_available": 5})
        )
        with self.assertRaises(AccessError):
            mine.write({"partner_id": self.coop_b.id})
        self.assertEqual(mine.sudo().partner_id, self.coop_a)  # sudo: test check

    def test_supply_declared_within_bounds(self):
        mine = self._sourcing(self.coop_a, self.product)
        self.assertEqual(mine.uom_id, self.env.ref("uom.product_uom_unit"))
        for user in (self.user_coop_a, self.user_staff):
            declaration = mine.with_user(user)
            for name in ("qty_available", "weekly_capacity"):
                with self.subTest(user=user.login, field=name):
                    declaration.write({name: 7})
                    with self.assertRaises(ValidationError) as error:
                        declaration.write({name: 1_000_001})
                    # her figure as she wrote it: whole units, no decimals
                    self.assertIn("1,000,001 Units is more", str(error.exception))
                    self.assertIn("at most 1,000,000 Units", str(error.exception))
                    self.assertIn(
                        "is more than a cooperative of the GIE can supply", str(error.exception)
                    )
                    with self.assertRaises(ValidationError):
                        declaration.write({name: -1})
                    mine.invalidate_recordset()
                    self.assertEqual(mine[name], 7, "a refused figure changes nothing")
                    declaration.write({name: 1_000_000})
                    self.assertEqual(declaration[name], 1_000_000)
        # counted in the reference unit: five tonnes declared in grams are fine
        grams = self.env.ref("uom.product_uom_gram")
        saffron = self._make_coop_product(
            "Test saffron", seller_ids=self._vendor_lines(), uom_id=grams.id, uom_po_id=grams.id
        )
        Sourcing = self.env["coop.sourcing"].with_user(self.user_coop_a)
        vals = {"product_tmpl_id": saffron.product_tmpl_id.id, "qty_available": 5_000_000}
        self.assertEqual(Sourcing.create(vals).qty_available, 5_000_000)
        with self.assertRaises(ValidationError) as error:
            self.env["coop.sourcing"].with_user(self.user_staff).create(
                {**vals, "partner_id": self.coop_b.id, "weekly_capacity": 2e9}
            )
        self.assertIn("2,000,000,000 g is more", str(error.exception))
        self.assertIn("at most 1,000,000,000 g", str(error.exception))
        # routing taking supply and giving it back declares nothing: a cancellation giving
        # back to a declaration at the limit goes through
        order = self._order([(self.product, 10)])
        order.action_confirm()
        taken = 1_000_000 - mine.qty_available
        self.assertGreater(taken, 0)
        mine.with_user(self.user_coop_a).qty_available = 1_000_000
        order._action_cancel()
        self.assertEqual(mine.qty_available, 1_000_000 + taken)

    def _answer_form(self, po, user):
        action = (
            po.with_user(user).with_context(coop_answer_mode="partial").action_coop_open_answer()
        )
        return Form(self.env["coop.po.answer"].with_user(user).browse(action["res_id"]))

    def test_answer_lines_of_another_manager_out_of_reach(self):
        wizard_b = self._answer_form(self.po_b, self.user_coop_b).save()
        qty_b = self.po_b.order_line.product_qty
        Line = self.env["coop.po.answer.line"].with_user(self.user_coop_a)
        self.assertFalse(Line.search([("id", "in", wizard_b.line_ids.ids)]))
        with self.assertRaises(AccessError):
            wizard_b.line_ids.with_user(self.user_coop_a).write({"accepted_qty": 0})
        # nor can she slip a line of hers into the other answer
        wizard_a = self._answer_form(self.po_a, self.user_coop_a).save()
        with self.assertRaises(AccessError):
            wizard_a.line_ids.with_user(self.user_coop_a).write(
                {"wizard_id": wizard_b.id, "purchase_line_id": self.po_b.order_line.id}
            )
        # nor name another order's line in her own answer, to read it
        foreign = {"purchase_line_id": self.po_b.order_line.id}
        with self.assertRaises(ValidationError):
            Line.create(dict(foreign, wizard_id=wizard_a.id, accepted_qty=0))
        with self.assertRaises(ValidationError):
            wizard_a.line_ids.with_user(self.user_coop_a).write(foreign)
        self.assertEqual(wizard_a.line_ids.purchase_line_id, self.po_a.order_line)
        wizard_b.action_confirm()
        self.assertEqual(self.po_b.order_line.product_qty, qty_b)

    def test_answers_only_orders_sent_to_her_cooperative(self):
        Answer = self.env["coop.po.answer"].with_user(self.user_coop_a)
        draft = self.env["purchase.order"].create({"partner_id": self.coop_a.id})
        for po in self.po_b | draft:
            with self.assertRaises(AccessError, msg=po.name):
                Answer.create({"purchase_id": po.id, "mode": "refuse", "reason": "x"})
        wizard = Answer.create({"purchase_id": self.po_a.id, "mode": "refuse", "reason": "x"})
        with self.assertRaises(AccessError):
            wizard.write({"purchase_id": self.po_b.id})
        self.assertEqual(wizard.purchase_id, self.po_a)

    def test_order_name_without_total(self):
        po = self.po_a.with_context(show_total_amount=True)
        self.assertEqual(po.with_user(self.user_coop_a).display_name, self.po_a.name)
        self.assertEqual(
            po.with_user(self.user_coop_a).read(["display_name"])[0]["display_name"],
            self.po_a.name,
        )
        self.assertTrue(po.with_user(self.user_staff).display_name.startswith(f"{po.name}: "))

    def test_customer_address_only_on_dropship(self):
        self.assertFalse(self.po_a.with_user(self.user_coop_a).dest_address_id)
        self.assertFalse(self.po_a.with_user(self.user_coop_a).coop_is_dropship)

    def test_dropship_customer_address_readable_other_customers_not(self):
        dropship = self.env.ref("stock_dropshipping.route_drop_shipping")
        self.product2.route_ids = [Command.set(dropship.ids)]
        dropship_customer = self.env["res.partner"].create(
            {"name": "Cliente Dropship", "street": "5 Rue Atlas", "city": "Rabat"}
        )
        order = self._order([(self.product2, 2)])
        order.partner_id = dropship_customer
        order.action_confirm()
        self.env["purchase.order"]._cron_coop_dispatch()  # the job sending new orders
        po = order.coop_purchase_ids[:1]
        self.assertEqual(po.dest_address_id, dropship_customer)
        manager, other = (self.user_coop_a, self.user_coop_b)
        if po.partner_id == self.coop_b:
            manager, other = other, manager
        if len(order.coop_purchase_ids) == 1:  # the other cooperative has no part in it
            with self.assertRaises(AccessError):
                dropship_customer.with_user(other).read(["street"])
        mine = po.with_user(manager)
        self.assertEqual(mine.dest_address_id.read(["street"])[0]["street"], "5 Rue Atlas")
        # her phone form shows where to deliver: the address, not the name alone
        form = self.env.ref("coop_order_routing.purchase_order_view_form_coop_manager")
        arch = mine.get_views([(form.id, "form")])["views"]["form"]["arch"]
        [node] = etree.fromstring(arch).xpath("//field[@name='dest_address_id']")
        context = safe_eval(node.get("context", "{}"))
        [shown] = mine.web_read(
            {"dest_address_id": {"fields": {"display_name": {}}, "context": context}}
        )
        self.assertIn("5 Rue Atlas", shown["dest_address_id"]["display_name"])
        # the customer of a warehouse (non-dropship) order stays out of her reach
        with self.assertRaises(AccessError):
            self.customer.with_user(manager).read(["street"])

    def test_dropship_address_only_on_orders_sent_to_her(self):
        customer = self.env["res.partner"].create({"name": "Cliente", "street": "1 Rue Cachée"})
        po = self.env["purchase.order"].create(
            {"partner_id": self.coop_a.id, "dest_address_id": customer.id}
        )
        mine = customer.with_user(self.user_coop_a)
        with self.assertRaises(AccessError):
            mine.read(["street"])  # a draft not sent to her
        po.coop_answer_state = "waiting"
        self.assertEqual(mine.read(["street"])[0]["street"], "1 Rue Cachée")
        po.button_cancel()
        with self.assertRaises(AccessError):
            mine.read(["street"])

    def test_target_share_is_set_by_central_staff_only(self):
        mine = self._sourcing(self.coop_a, self.product).with_user(self.user_coop_a)
        with self.assertRaises(AccessError):
            mine.target_share = 100
        with self.assertRaises(AccessError):
            mine.with_context(coop_routing_consume=True).write({"target_share": 90})
        mine.with_context(coop_routing_consume=True).qty_available = 7
        self.assertEqual(mine.declared_by_id, self.user_coop_a, "the stamp cannot be skipped")
        self._sourcing(self.coop_a, self.product).with_user(self.user_staff).target_share = 60
        self.assertEqual(mine.target_share, 60)

    def test_only_staff_answers_a_proposed_date(self):
        later = fields.Datetime.now() + timedelta(days=9)
        self.po_a.with_user(self.user_coop_a)._coop_answer(
            "propose_date", channel="mobile", date=later
        )
        self.assertEqual(self.po_a.coop_answer_state, "date_proposed")
        mine = self.po_a.with_user(self.user_coop_a)
        for action in (
            mine.action_coop_accept_proposed_date,
            mine.action_coop_refuse_proposed_date,
        ):
            with self.subTest(action=action.__name__):
                with self.assertRaises(AccessError) as error:
                    action()
                self.assertIn("Only central staff answer a proposed date", str(error.exception))
                self.assertEqual(self.po_a.coop_answer_state, "date_proposed")

    def test_sms_secrets_are_for_administrators_only(self):
        params = self.env["ir.config_parameter"].sudo()  # sudo: test setup
        params.set_param("coop_order_routing.sms_webhook_secret", "s3cret-hook")
        params.set_param("coop_order_routing.sms_gateway_token", "s3cret-token")
        secrets = ["coop_sms_webhook_secret", "coop_sms_gateway_token"]
        Settings = self.env["res.config.settings"]
        # Odoo reads the settings as superuser: asking for them is no way round the rights
        for user in (self.user_coop_a, self.user_staff):
            with self.subTest(user=user.login):
                values = Settings.with_user(user).default_get([*secrets, "coop_answer_hours"])
                self.assertFalse(set(secrets) & set(values), "no secret given")
                self.assertEqual(values["coop_answer_hours"], 24, "the rest as before")
        values = Settings.with_user(self.env.ref("base.user_admin")).default_get(secrets)
        self.assertEqual([values[fname] for fname in secrets], ["s3cret-hook", "s3cret-token"])

    def test_no_customer_procurement_group(self):
        group = self.order.procurement_group_id
        self.assertEqual((group.partner_id, group.sale_id), (self.customer, self.order))
        Group = self.env["procurement.group"].with_user(self.user_coop_a)
        self.assertFalse(Group.search([("id", "=", group.id)]))
        for operation in (
            lambda: group.with_user(self.user_coop_a).read(["partner_id"]),
            lambda: group.with_user(self.user_coop_a).write({"name": "mine"}),
        ):
            with self.assertRaises(AccessError):
                operation()
        # her order still names its group, and she answers it
        self.assertTrue(self.po_a.with_user(self.user_coop_a).read(["name", "origin"]))
        self.po_a.with_user(self.user_coop_a).action_coop_accept()
        self.assertEqual(self.po_a.state, "purchase")


@tagged("post_install", "-at_install")
class TestMultiCompany(RoutingCase):
    """Staff of another company of the database read none of this company's routing: its
    allocations, their analysis and the cooperatives' supply declarations."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        other = cls.env["res.company"].create({"name": "Other GIE"})
        cls.user_other = cls.user_staff.copy(
            {
                "login": "other_gie_staff",
                "company_id": other.id,
                "company_ids": [Command.set(other.ids)],
            }
        )

    def test_other_company_reads_no_routing(self):
        order = self._route()[0]
        mine = [("order_id", "=", order.id)]
        for model in ("coop.allocation", "coop.allocation.report"):
            with self.subTest(model=model):
                self.assertEqual(
                    len(self.env[model].with_user(self.user_staff).search(mine)), 2, "hers"
                )
                self.assertFalse(self.env[model].with_user(self.user_other).search(mine))
        allocation = order.order_line.coop_allocation_ids[:1]
        with self.assertRaises(AccessError):
            allocation.with_user(self.user_other).read(["qty"])
        sourcing = self._sourcing(self.coop_a, self.product)
        Sourcing = self.env["coop.sourcing"]
        self.assertIn(sourcing, Sourcing.with_user(self.user_staff).search([]))
        self.assertNotIn(sourcing, Sourcing.with_user(self.user_other).search([]))
        # a declaration of no company is every company's
        sourcing.company_id = False
        self.assertIn(sourcing, Sourcing.with_user(self.user_other).search([]))
