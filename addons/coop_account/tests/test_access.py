import ast

from markupsafe import escape

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import CoopAccountCase


@tagged("post_install", "-at_install")
class TestCooperativeManagerAccess(CoopAccountCase):
    """With the demo users: Mina (Taoutemet) sees her cooperative's statements, bills and
    payments, nothing of Tifaout's, no customer invoice, no margin."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tao = cls.env.ref("coop_gie.coop_taoutemet")
        cls.tif = cls.env.ref("coop_gie.coop_tifaout")
        cls.mina = cls.env.ref("coop_gie.user_taoutemet")
        cls.khadija = cls.env.ref("coop_gie.user_tifaout")

    def test_demo_users(self):
        self.assertEqual(self.mina.coop_id, self.tao)
        self.assertEqual(self.khadija.coop_id, self.tif)
        self.assertTrue(self.mina.has_group("coop_gie.group_coop_manager"))
        self.assertFalse(self.mina.has_group("account.group_account_invoice"))

    def test_manager_sees_her_own_statements_and_bills_only(self):
        bill_tao = self._quick_bill(self.tao, 500.0)
        bill_tif = self._quick_bill(self.tif, 700.0)
        payment_tao = (
            self.env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=bill_tao.ids)
            .create({"amount": 200.0})
            ._create_payments()
        )
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=bill_tif.ids
        ).create({})._create_payments()
        customer_invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.customer.id,
                "invoice_line_ids": [(0, 0, {"product_id": self.product.id})],
            }
        )
        customer_invoice.action_post()
        statements = self.env["coop.payout.statement"]._coop_create_for_period(
            self.today, self.today, partners=self.tao | self.tif
        )
        st_tao = statements.filtered(lambda s: s.partner_id == self.tao)
        st_tif = statements - st_tao
        order = self._order(2.0)
        order.action_confirm()
        self.env["purchase.order"]._cron_coop_dispatch()  # the job sending new orders

        Statement = self.env["coop.payout.statement"].with_user(self.mina)
        self.assertEqual(Statement.search([]), st_tao)
        # her figures are the books' figures
        mine = st_tao.with_user(self.mina)
        self.assertEqual(mine.balance_due, 300.0)
        self.assertEqual(mine.amount_billed, 500.0)
        self.assertEqual(mine.amount_paid, 200.0)
        self.assertEqual(mine.bill_ids, bill_tao)
        self.assertEqual(mine.payment_ids, payment_tao)
        self.assertTrue(mine.coop_amount_words_ar)
        with self.assertRaises(AccessError):
            st_tif.with_user(self.mina).read(["balance_due"])
        with self.assertRaises(AccessError):
            mine.write({"note": "changed"})
        with self.assertRaises(AccessError):
            Statement.create(
                {"partner_id": self.tao.id, "date_from": self.today, "date_to": self.today}
            )

        Move = self.env["account.move"].with_user(self.mina)
        self.assertEqual(Move.search([]), bill_tao)
        bill = bill_tao.with_user(self.mina)
        self.assertEqual(bill.amount_total, 500.0)
        self.assertEqual(bill.invoice_line_ids.price_subtotal, 500.0)
        for other in (bill_tif, customer_invoice):
            with self.assertRaises(AccessError):
                other.with_user(self.mina).read(["amount_total"])
        with self.assertRaises(AccessError):
            bill.write({"ref": "mine"})
        self.assertEqual(self.env["account.payment"].with_user(self.mina).search([]), payment_tao)
        self.assertEqual(
            self.env["account.move.line"].with_user(self.mina).search([]).move_id, bill_tao
        )
        with self.assertRaises(AccessError):
            self.env["coop.margin.report"].with_user(self.mina).search([])

        # her statement as PDF (HTML here), not the other's
        report = self.env["ir.actions.report"].with_user(self.mina)
        html, _fmt = report._render_qweb_html("coop_account.report_payout_statement", st_tao.ids)
        self.assertIn(str(escape(self.tao.name)), html.decode())
        with self.assertRaises(AccessError):
            report._render_qweb_html("coop_account.report_payout_statement", st_tif.ids)

        # Khadija, the other way round
        self.assertEqual(
            self.env["coop.payout.statement"].with_user(self.khadija).search([]), st_tif
        )
        self.assertEqual(self.env["account.move"].with_user(self.khadija).search([]), bill_tif)

    def _view_spec(self, model, view_id, view_type):
        """web_read specification of the fields a view shows (one level of sub-views)."""
        views = model.get_views([(view_id, view_type)])
        fields = views["models"][model._name]["fields"]
        spec = {}
        for name, field in fields.items():
            if field["type"] in ("one2many", "many2many"):
                sub = views["models"].get(field["relation"], {}).get("fields", {})
                spec[name] = {"fields": {key: {} for key in sub}}
            elif field["type"] == "many2one":
                spec[name] = {"fields": {"display_name": {}}}
            else:
                spec[name] = {}
        return spec

    def test_amount_in_words_of_her_orders_refused_plainly(self):
        """Even with the technical features, she is refused it like the total."""
        self.mina.groups_id |= self.env.ref("base.group_no_one")
        po = self.env["purchase.order"].create(
            {"partner_id": self.tao.id, "coop_answer_state": "waiting"}
        )
        for fname in ("amount_total", "coop_amount_words_fr", "coop_amount_words_ar"):
            with self.assertRaises(AccessError, msg=fname):
                po.with_user(self.mina).read([fname])

    def test_manager_screens_open(self):
        """The screens of "My Payouts" load for her: no field she cannot read."""
        bill = self._quick_bill(self.tao, 120.0)
        statement = self.env["coop.payout.statement"].create(
            {"partner_id": self.tao.id, "date_from": self.today, "date_to": self.today}
        )
        Move = self.env["account.move"].with_user(self.mina)
        action = self.env.ref("coop_account.action_coop_my_bills")
        for view in action.view_ids:
            spec = self._view_spec(Move, view.view_id.id, view.view_mode)
            [values] = Move.browse(bill.id).web_read(spec)
            self.assertEqual(values["amount_total"], 120.0)
        Statement = self.env["coop.payout.statement"].with_user(self.mina)
        for view_type in ("list", "kanban", "form"):
            spec = self._view_spec(Statement, False, view_type)
            [values] = Statement.browse(statement.id).web_read(spec)
            self.assertEqual(values["balance_due"], 120.0)
        self.assertEqual(
            Statement.web_search_read([], {"name": {}, "balance_due": {}})["length"], 1
        )
        menus = self.env["ir.ui.menu"].with_user(self.mina)._visible_menu_ids()
        self.assertIn(self.env.ref("coop_account.menu_coop_my_statements").id, menus)
        self.assertIn(self.env.ref("coop_account.menu_coop_my_payments").id, menus)
        self.assertNotIn(self.env.ref("coop_account.menu_coop_margin_report").id, menus)

    def test_her_payments_list_hers_only(self):
        """ "My Payments" lists what the GIE paid her cooperative, on a phone as cards too:
        not the payments of another cooperative, nor a draft."""
        bill = self._quick_bill(self.tao, 300.0)
        payment = (
            self.env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=bill.ids)
            .create({"amount": 100.0})
            ._create_payments()
        )
        other = self.env["account.payment"].create(
            {"partner_id": self.tif.id, "amount": 50.0, "payment_type": "outbound"}
        )
        other.action_post()
        self.env["account.payment"].create(
            {"partner_id": self.tao.id, "amount": 70.0, "payment_type": "outbound"}
        )  # a draft
        action = self.env.ref("coop_account.action_coop_my_payments")
        Payment = self.env["account.payment"].with_user(self.mina)
        domain = ast.literal_eval(action.domain)
        self.assertEqual(Payment.search(domain), payment)
        for view in action.view_ids:
            spec = self._view_spec(Payment, view.view_id.id, view.view_mode)
            [values] = payment.with_user(self.mina).web_read(spec)
            self.assertEqual(values["amount"], 100.0)

    def test_her_statement_opens_its_bills_and_payments(self):
        """The Bills and Payments buttons of her statement open screens she can read:
        Odoo's show journals and accounts, which she may not."""
        bill = self._quick_bill(self.tao, 300.0)
        payment = (
            self.env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=bill.ids)
            .create({"amount": 100.0})
            ._create_payments()
        )
        statement = self.env["coop.payout.statement"].create(
            {"partner_id": self.tao.id, "date_from": self.today, "date_to": self.today}
        )
        mine = statement.with_user(self.mina)
        for action, record in (
            (mine.action_open_bills(), bill),
            (mine.action_open_payments(), payment),
        ):
            Model = self.env[action["res_model"]].with_user(self.mina)
            self.assertEqual(Model.search(action["domain"]), record)
            for view_id, view_type in action["views"]:
                spec = self._view_spec(Model, view_id, view_type)
                [values] = Model.browse(record.id).web_read(spec)
                self.assertEqual(values["name"], record.name)
        # staff keep Odoo's own screens
        self.assertNotIn("views", statement.with_user(self.user_staff).action_open_bills())

    def test_her_bank_account_on_her_bills_and_payments(self):
        """Her bills and payments name the account she is paid on: she reads it, not the
        accounts of the other cooperatives, and her screens still open."""
        Bank = self.env["res.partner.bank"]
        bank_tao = Bank.create({"partner_id": self.tao.id, "acc_number": "MA64 0001 TAO"})
        bank_tif = Bank.create({"partner_id": self.tif.id, "acc_number": "MA64 0002 TIF"})
        bill = self._quick_bill(self.tao, 300.0)
        self.assertEqual(bill.partner_bank_id, bank_tao)
        payment = (
            self.env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=bill.ids)
            .create({})
            ._create_payments()
        )
        self.assertEqual(payment.partner_bank_id, bank_tao)
        statement = self.env["coop.payout.statement"].create(
            {"partner_id": self.tao.id, "date_from": self.today, "date_to": self.today}
        )
        for record, fname in ((bill, "partner_bank_id"), (payment, "partner_bank_id")):
            [values] = record.with_user(self.mina).read([fname])
            self.assertEqual(values[fname], (bank_tao.id, bank_tao.display_name))
        # My Bills and My Statements
        Move = self.env["account.move"].with_user(self.mina)
        for view in self.env.ref("coop_account.action_coop_my_bills").view_ids:
            spec = self._view_spec(Move, view.view_id.id, view.view_mode)
            [values] = Move.browse(bill.id).web_read(spec)
            self.assertEqual(values["amount_total"], 300.0)
        Statement = self.env["coop.payout.statement"].with_user(self.mina)
        for view_type in ("list", "form"):
            spec = self._view_spec(Statement, False, view_type)
            [values] = Statement.browse(statement.id).web_read(spec)
            self.assertEqual(values["amount_paid"], 300.0)
        with self.assertRaises(AccessError):
            bank_tif.with_user(self.mina).read(["acc_number"])

    def test_manager_without_cooperative_sees_nothing(self):
        user = new_test_user(
            self.env, login="coop_manager_without_coop", groups="coop_gie.group_coop_manager"
        )
        self._quick_bill(self.tao, 500.0)
        # a vendor bill and a vendor payment not yet linked to any partner
        self.env["account.move"].create({"move_type": "in_invoice"})
        self.env["account.payment"].create(
            {"payment_type": "outbound", "partner_type": "supplier", "amount": 10.0}
        )
        for model in (
            "account.move",
            "account.move.line",
            "account.payment",
            "coop.payout.statement",
        ):
            with self.subTest(model=model):
                self.assertFalse(self.env[model].with_user(user).search([]))

    def test_staff_and_accountant(self):
        self._quick_bill(self.tao, 100.0)
        statement = self.env["coop.payout.statement"].create(
            {"partner_id": self.tao.id, "date_from": self.today, "date_to": self.today}
        )
        staff = self.env.ref("coop_gie.user_staff")
        self.assertEqual(statement.with_user(staff).balance_due, 100.0)
        self.assertTrue(self.env["coop.margin.report"].with_user(staff).search_count([]) >= 0)
        action = statement.with_user(staff).action_pay()
        self.assertEqual(action["res_model"], "account.payment.register")
