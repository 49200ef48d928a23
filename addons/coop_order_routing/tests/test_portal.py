import json

from lxml import etree

from odoo import Command
from odoo.addons.coop_gie.tests.common import CoopCase
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import RoutingCaseMixin

PNG = (  # a 1x1 picture
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQ"
    "DwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


@tagged("post_install", "-at_install")
class TestVendorPortal(HttpCase):
    """Cooperative managers answer in the backend: the vendor portal (prices, dates, decline)
    is closed to them; the GIE's other vendors keep it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product = cls.env["product.product"].create({"name": "Amlou (portal)", "type": "consu"})
        coop = cls.env["res.partner"].create(
            {"name": "Coop Portal", "is_company": True, "is_cooperative": True, "coop_code": "CPO"}
        )
        cls.manager = new_test_user(
            cls.env, login="coop_portal", groups="coop_gie.group_coop_manager", coop_id=coop.id
        )
        cls.po = cls._po(coop)
        cls.po._coop_dispatch()

    @classmethod
    def _po(cls, partner):
        return cls.env["purchase.order"].create(
            {
                "partner_id": partner.id,
                "order_line": [
                    Command.create(
                        {"product_id": cls.product.id, "product_qty": 7, "price_unit": 987.5}
                    )
                ],
            }
        )

    def test_links_to_her_order_open_her_own_form(self):
        """A link to her order (a notification's "View", the chatter) opens her own form,
        which she may read whole: not Odoo's, which shows stock moves and routing records
        and greets her with an access error."""
        self.authenticate("coop_portal", "coop_portal")
        res = self.url_open(
            f"/mail/view?model=purchase.order&res_id={self.po.id}", allow_redirects=False
        )
        own_form = self.env.ref("coop_order_routing.purchase_order_view_form_coop_manager")
        self.assertIn(f"view_id={own_form.id}", res.headers["Location"])
        po = self.po.with_user(self.manager)
        form = po.get_views([(po.get_formview_id(), "form")])["views"]["form"]
        self.assertEqual(form["id"], own_form.id)
        # what the web client reads of it: the order's fields of the form (not its lines')
        arch = etree.fromstring(form["arch"])
        names = {
            node.get("name")
            for node in arch.iter("field")
            if not any(parent.tag == "field" for parent in node.iterancestors())
        }
        self.assertIn("order_line", names)
        po.web_read({name: {} for name in names})
        # staff keep Odoo's form
        self.assertNotEqual(self.po.get_formview_id(), own_form.id)

    def test_she_opens_the_app_on_her_orders(self):
        """A cooperative manager opens the app on her orders, not on Discussion (Odoo's
        first app): new managers, users made managers, and those made before (at update);
        a home action of her own is kept."""
        my_orders = self.env.ref("coop_order_routing.action_coop_my_orders")
        self.assertEqual(self.manager.action_id.id, my_orders.id)
        discuss = self.env.ref("mail.action_discuss")
        clerk = new_test_user(self.env, login="coop_clerk", groups="base.group_user")
        chooser = new_test_user(self.env, login="coop_chooser", groups="base.group_user")
        chooser.action_id = discuss.id
        (clerk | chooser).write({"coop_id": self.manager.coop_id.id})
        self.assertEqual(clerk.action_id.id, my_orders.id)
        self.assertEqual(chooser.action_id.id, discuss.id, "her own choice is kept")
        self.manager.action_id = False
        self.env["res.users"]._coop_set_managers_home()
        self.assertEqual(self.manager.action_id.id, my_orders.id)

    def test_closed_to_cooperative_managers(self):
        self.authenticate("coop_portal", "coop_portal")
        po = self.po
        for url in (
            "/my/purchase",
            "/my/rfq",
            f"/my/purchase/{po.id}",
            f"/my/purchase/{po.id}?report_type=pdf",
            f"/my/purchase/{po.id}?confirm=decline",
            f"/my/purchase/{po.id}/download_edi",
        ):
            res = self.url_open(url, allow_redirects=False)
            self.assertIn(res.status_code, (302, 303), url)
            # where she is sent does not show her order either
            self.assertNotIn(po.name, self.url_open(url).text, url)
        counters = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["purchase_count", "rfq_count"]}
        )
        self.assertEqual(counters, {"purchase_count": 0, "rfq_count": 0})
        date_planned = po.order_line.date_planned
        state = (po.state, po.coop_answer_state)
        self.url_open(
            f"/my/purchase/{po.id}/update",
            data=json.dumps({"params": {str(po.order_line.id): "2031-01-15"}}),
            headers={"Content-Type": "application/json"},
        )
        po.invalidate_recordset()
        self.assertEqual(po.order_line.date_planned, date_planned)
        self.assertEqual((po.state, po.coop_answer_state), state)

    def test_token_links_closed_for_cooperative_orders(self):
        # a link with the order's access token, e.g. from a forwarded email, opened logged out
        self.authenticate(None, None)  # a public session on the test database
        po = self.po
        token = po._portal_ensure_token()
        for url in (
            f"/my/purchase/{po.id}?access_token={token}",
            f"/my/purchase/{po.id}?access_token={token}&report_type=pdf",
            f"/my/purchase/{po.id}/download_edi?access_token={token}",
        ):
            res = self.url_open(url)
            self.assertNotIn(po.name, res.text, url)
            self.assertNotEqual(res.headers.get("Content-Type"), "application/pdf", url)
        state = (po.state, po.coop_answer_state)
        self.url_open(f"/my/purchase/{po.id}?access_token={token}&confirm=decline")
        po.invalidate_recordset()
        self.assertEqual((po.state, po.coop_answer_state), state)
        # another vendor's token link still works
        vendor = self.env["res.partner"].create({"name": "Vendor by token"})
        other = self._po(vendor)
        # the standard page shows the buyer's and the product's pictures
        other.user_id = self.env.ref("base.user_admin")
        self.product.image_1920 = PNG
        url = f"/my/purchase/{other.id}?access_token={other._portal_ensure_token()}"
        res = self.url_open(url)
        self.assertEqual(res.status_code, 200)
        self.assertIn(other.name, res.text)
        self.assertIn(self.product.name, res.text)
        # with its print, though the print menu is the purchase team's
        pdf = self.url_open(f"{url}&report_type=pdf")
        self.assertEqual(pdf.headers.get("Content-Type"), "application/pdf")

    def test_open_to_other_vendors(self):
        vendor = new_test_user(self.env, login="vendor_portal", groups="base.group_portal")
        po = self._po(vendor.partner_id)
        # the standard page shows the buyer's and the product's pictures
        po.user_id = self.env.ref("base.user_admin")
        self.product.image_1920 = PNG
        po.message_subscribe(vendor.partner_id.ids)
        self.authenticate("vendor_portal", "vendor_portal")
        res = self.url_open(f"/my/purchase/{po.id}")
        self.assertEqual(res.status_code, 200)
        self.assertIn(po.name, res.text)
        self.assertIn(self.product.name, res.text)


@tagged("post_install", "-at_install")
class TestCustomerPortal(RoutingCaseMixin, CoopCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_routing()

    def test_her_order_lists_the_parts_shipped_by_a_cooperative(self):
        """B ships her part straight to the customer, A's goes through the central: the
        customer's order page lists both shipments (Odoo lists the central's only)."""
        self.coop_b.coop_dropship = True
        order, po_a, po_b = self._route(available_a=6)
        for po in po_a | po_b:
            self.assertTrue(po._coop_answer("accept", channel="staff"))
        direct = po_b.picking_ids
        self.assertEqual(direct.picking_type_id.code, "dropship")
        page = self.url_open(order.get_portal_url())
        self.assertEqual(page.status_code, 200)
        self.assertIn(direct.name, page.text)
        self.assertIn(self._deliveries(order).name, page.text)

    def test_she_prints_the_slip_of_her_shipment_to_the_customer(self):
        """B ships straight to the customer: she prints the slip going in the parcel, from
        her order, though she reads no stock; nobody else's, and only once she accepted."""
        self.coop_b.coop_dropship = True
        order, po_a, po_b = self._route(available_a=6)
        url = f"/coop_order_routing/dropship_slip/{po_b.id}"
        with self.assertRaises(UserError):
            po_b.with_user(self.user_coop_b).action_coop_print_slip()
        for po in po_a | po_b:
            self.assertTrue(po._coop_answer("accept", channel="staff"))
        action = po_b.with_user(self.user_coop_b).action_coop_print_slip()
        self.assertEqual(action["url"], url)
        with self.assertRaises(AccessError):
            po_b.picking_ids.with_user(self.user_coop_b).read(["name"])  # no stock rights
        self.authenticate(self.user_coop_b.login, self.user_coop_b.login)
        slip = self.url_open(url)
        self.assertEqual(slip.status_code, 200)
        self.assertIn(po_b.picking_ids.name, slip.text)
        self.assertIn(order.name, slip.text, "the customer's order, not the purchase order")
        self.assertIn(self.customer.name, slip.text)
        self.assertEqual(
            self.url_open(f"/coop_order_routing/dropship_slip/{po_a.id}").status_code, 403
        )
        self.authenticate(self.user_coop_a.login, self.user_coop_a.login)
        self.assertEqual(self.url_open(url).status_code, 403)
        # her own order through the central warehouse has no such slip
        self.assertEqual(
            self.url_open(f"/coop_order_routing/dropship_slip/{po_a.id}").status_code, 404
        )
