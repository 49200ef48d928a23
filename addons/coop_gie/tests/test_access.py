"""Least privilege, checked with the real demo users (password = login)."""

from odoo import Command
from odoo.addons.mail.tools.discuss import Store
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import CoopCase


@tagged("post_install", "-at_install")
class TestCoopManagerAccess(CoopCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ref = cls.env.ref
        cls.taoutemet = ref("coop_gie.user_taoutemet")
        cls.tifaout = ref("coop_gie.user_tifaout")
        cls.coop_tao = ref("coop_gie.coop_taoutemet")
        cls.coop_tif = ref("coop_gie.coop_tifaout")

    def test_demo_users(self):
        self.assertEqual(self.taoutemet.coop_id, self.coop_tao)
        self.assertEqual(self.taoutemet.lang, "ar_001")
        self.assertEqual(self.tifaout.coop_id, self.coop_tif)
        self.assertTrue(self.coop_tao.coop_eligible, self.coop_tao.coop_ineligible_reason)
        self.assertTrue(self.coop_tif.coop_eligible, self.coop_tif.coop_ineligible_reason)
        staff = self.env.ref("coop_gie.user_staff")
        self.assertTrue(staff.has_group("coop_gie.group_gie_manager"))
        self.assertTrue(staff.has_group("account.group_account_manager"))
        self.assertTrue(self.env.ref("coop_gie.user_customer").has_group("base.group_portal"))
        self.assertEqual(self.env.ref("coop_gie.coop_amal").coop_membership_state, "selected")
        self.assertEqual(self.env.ref("coop_gie.coop_tafyoucht").coop_membership_state, "candidate")

    def test_a_manager_manages_a_cooperative_only(self):
        shop = self.env["res.partner"].create({"name": "Boutique Agadir", "is_company": True})
        with self.assertRaises(UserError) as error:  # Odoo's: rolls back to a savepoint
            self.taoutemet.coop_id = shop
        self.assertIn("Boutique Agadir is not a cooperative", str(error.exception))
        self.assertEqual(self.taoutemet.coop_id, self.coop_tao)

    def test_cannot_read_other_cooperatives_managers(self):
        """She reads the central's staff and her own cooperative's managers, not the
        managers of the other cooperatives (their mobile, their email)."""
        colleague = self._create_coop_manager(self.coop_tao, "taoutemet_2")
        Partner = self.env["res.partner"].with_user(self.taoutemet)
        staff = self.env.ref("coop_gie.user_staff").partner_id
        self.assertEqual(Partner.browse(staff.id).name, staff.name)
        self.assertEqual(Partner.browse(colleague.partner_id.id).name, colleague.name)
        with self.assertRaises(AccessError):
            Partner.browse(self.tifaout.partner_id.id).read(["email", "mobile"])
        self.assertNotIn(self.tifaout.partner_id, Partner.search([("email", "!=", False)]))

    def test_cannot_read_other_cooperative(self):
        Partner = self.env["res.partner"].with_user(self.taoutemet)
        coops = Partner.search([("is_cooperative", "=", True)])
        self.assertEqual(coops, self.coop_tao.with_user(self.taoutemet))
        with self.assertRaises(AccessError):
            Partner.browse(self.coop_tif.id).read(["name"])
        with self.assertRaises(AccessError):
            Partner.browse(self.coop_tif.id).write({"phone": "0528000000"})
        # her own cooperative, the GIE and its staff are readable
        Partner.browse(self.coop_tao.id).read(["name", "coop_eligible", "coop_story"])
        Partner.browse(self.env.company.partner_id.id).read(["name"])
        Partner.browse(self.env.ref("coop_gie.user_staff").partner_id.id).read(["name"])

    def test_cannot_read_customers(self):
        Partner = self.env["res.partner"].with_user(self.taoutemet)
        customer = self.env.ref("coop_gie.partner_customer")
        with self.assertRaises(AccessError):
            Partner.browse(customer.id).read(["name", "street", "phone"])
        self.assertFalse(Partner.search([("id", "=", customer.id)]))

    def test_cannot_see_other_cooperative_records(self):
        for model, own, other in (
            (
                "coop.membership",
                self.env.ref("coop_gie.membership_taoutemet"),
                self.env.ref("coop_gie.membership_tifaout"),
            ),
            (
                "coop.certification",
                self.env.ref("coop_gie.cert_tao_onssa"),
                self.env.ref("coop_gie.cert_tif_onssa"),
            ),
            (
                "coop.member",
                self.env.ref("coop_gie.member_tao_1"),
                self.env.ref("coop_gie.member_tif_1"),
            ),
        ):
            with self.subTest(model=model):
                records = self.env[model].with_user(self.taoutemet).search([])
                self.assertIn(own, records)
                self.assertNotIn(other, records)
                self.assertEqual(records.partner_id, self.coop_tao)
                with self.assertRaises(AccessError):
                    other.with_user(self.taoutemet).read(["partner_id"])
        with self.assertRaises(AccessError):
            self.env.ref("coop_gie.member_tif_1").with_user(self.taoutemet).write(
                {"name": "Hacked"}
            )
        with self.assertRaises(AccessError):
            self.env["coop.member"].with_user(self.taoutemet).create(
                {"partner_id": self.coop_tif.id, "name": "Intruder"}
            )
        requirements = self.env["coop.membership.requirement"].with_user(self.taoutemet).search([])
        self.assertEqual(requirements.partner_id, self.coop_tao)

    def test_cannot_change_her_membership_state(self):
        membership = self.env.ref("coop_gie.membership_taoutemet").with_user(self.taoutemet)
        membership.read(["state", "fee_state", "requirement_ids"])
        for action in ("action_suspend", "action_withdraw"):
            with self.assertRaises(AccessError):
                getattr(membership, action)()
        with self.assertRaises(AccessError):
            membership.write({"state": "suspended", "decision": "self-suspension"})
        with self.assertRaises(AccessError):
            membership.write({"decision": "we decide"})
        self.assertEqual(membership.sudo().state, "active")  # sudo: test check, as the superuser

    def test_writes_only_allowed_fields_of_her_cooperative(self):
        coop = self.coop_tao.with_user(self.taoutemet)
        coop.write({"mobile": "0661 00 11 22", "coop_story": "<p>Our story</p>"})
        self.assertEqual(coop.mobile, "+212661001122")
        for vals in (
            {"name": "Renamed"},
            {"coop_code": "XXX"},
            {"is_cooperative": False},
            {"company_registry": "001524863000099"},
            {"email": "x@example.com"},
        ):
            with (
                self.subTest(vals=vals),
                self.assertRaisesRegex(AccessError, "cooperative manager"),
            ):
                coop.write(vals)
        self.assertEqual(self.coop_tao.name, "Coopérative Taoutemet N'Ochan")
        # members of her register
        member = (
            self.env["coop.member"]
            .with_user(self.taoutemet)
            .create({"partner_id": self.coop_tao.id, "name": "Lalla Mimouna", "douar": "Oujane"})
        )
        member.write({"role": "secretary"})
        self.assertEqual(member.partner_id, self.coop_tao)
        # and her own user preferences
        self.taoutemet.with_user(self.taoutemet).write({"signature": "<p>Mina</p>"})

    def test_cannot_move_a_member_to_another_cooperative(self):
        member = (
            self.env["coop.member"]
            .with_user(self.user_coop_a)
            .create({"partner_id": self.coop_a.id, "name": "Lalla Itto"})
        )
        with self.assertRaises(AccessError):
            member.write({"partner_id": self.coop_b.id})
        self.assertEqual(member.sudo().partner_id, self.coop_a)  # sudo: test check

    def test_certifications_pending_review_only(self):
        Cert = self.env["coop.certification"].with_user(self.taoutemet)
        onssa = self.env.ref("coop_gie.cert_type_onssa")
        cert = Cert.create({"type_id": onssa.id, "number": "AS-NEW"})
        self.assertEqual(cert.partner_id, self.coop_tao)
        self.assertEqual(cert.state, "pending")
        cert.write({"number": "AS-NEW-2"})
        with self.assertRaises(AccessError):
            cert.write({"state": "valid"})
        with self.assertRaises(AccessError):
            cert.action_validate()
        with self.assertRaises(AccessError):
            Cert.create({"type_id": onssa.id, "number": "X", "state": "valid"})
        with self.assertRaises(AccessError):
            Cert.create({"type_id": onssa.id, "number": "X", "partner_id": self.coop_tif.id})
        valid = self.env.ref("coop_gie.cert_tao_onssa").with_user(self.taoutemet)
        with self.assertRaisesRegex(AccessError, "pending review"):
            valid.write({"date_to": "2099-12-31"})
        # through her cooperative's form too
        self.coop_tao.with_user(self.taoutemet).write(
            {"coop_certification_ids": [(0, 0, {"type_id": onssa.id, "number": "FORM"})]}
        )
        self.assertEqual(
            self.coop_tao.coop_certification_ids.filtered(lambda c: c.number == "FORM").state,
            "pending",
        )

    def test_staff_sees_and_manages_everything(self):
        staff = self.env.ref("coop_gie.user_staff")
        coops = self.env["res.partner"].with_user(staff).search([("is_cooperative", "=", True)])
        self.assertGreaterEqual(len(coops), 4)
        self.coop_tif.with_user(staff).write({"name": "Coopérative Tifaout (Asrir)"})
        membership = self.env.ref("coop_gie.membership_tafyoucht").with_user(staff)
        membership.action_review()
        self.assertEqual(membership.state, "review")

    def test_amal_cannot_activate_missing_requirement(self):
        membership = self.env.ref("coop_gie.membership_amal")
        with self.assertRaisesRegex(UserError, "mandatory requirements are missing: ICE"):
            membership.with_user(self.env.ref("coop_gie.user_staff")).action_activate()
        self.assertEqual(membership.state, "selected")


@tagged("post_install", "-at_install")
class TestCoopManagerLeastPrivilege(CoopCase):
    """Odoo's defaults for internal users, narrowed for cooperative managers."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ref = cls.env.ref
        cls.taoutemet = ref("coop_gie.user_taoutemet")
        cls.coop_tao = ref("coop_gie.coop_taoutemet")
        cls.coop_tif = ref("coop_gie.coop_tifaout")
        cls.product_coop.standard_price = 61.5
        cls.tmpl = cls.product_coop.product_tmpl_id
        cls.seller_tao, cls.seller_tif = cls.env["product.supplierinfo"].create(
            [
                {"partner_id": cls.coop_tao.id, "product_tmpl_id": cls.tmpl.id, "price": 70.0},
                {"partner_id": cls.coop_tif.id, "product_tmpl_id": cls.tmpl.id, "price": 65.0},
            ]
        )
        cls.no_coop_manager = new_test_user(
            cls.env,
            login="coop_manager_without_coop",
            groups="coop_gie.group_coop_manager",
        )

    def test_vendor_prices_of_her_cooperative_only(self):
        Seller = self.env["product.supplierinfo"].with_user(self.taoutemet)
        sellers = Seller.search([("product_tmpl_id", "=", self.tmpl.id)])
        self.assertEqual(sellers, self.seller_tao)
        self.assertFalse(Seller.search([("partner_id", "=", self.coop_tif.id)]))
        with self.assertRaises(AccessError):
            self.seller_tif.with_user(self.taoutemet).read(["price"])
        [values] = self.tmpl.with_user(self.taoutemet).read(["seller_ids"])
        self.assertEqual(values["seller_ids"], self.seller_tao.ids)
        # the other cooperative's manager sees her own price only
        tifaout = self.env.ref("coop_gie.user_tifaout")
        sellers = Seller.with_user(tifaout).search([])
        self.assertIn(self.seller_tif, sellers)
        self.assertEqual(sellers.partner_id.commercial_partner_id, self.coop_tif)

    def test_followers_of_the_partners_she_may_read_only(self):
        customer = self.env["res.partner"].create(
            {"name": "Nadia (customer)", "email": "nadia@example.com"}
        )
        staff = self.env.ref("coop_gie.user_staff").partner_id
        tifaout = self.env.ref("coop_gie.user_tifaout").partner_id
        for document in (self.coop_tao, self.coop_tif):
            document.message_subscribe(
                partner_ids=(customer | staff | tifaout | self.taoutemet.partner_id).ids
            )
        Followers = self.env["mail.followers"].with_user(self.taoutemet)
        seen = Followers.search([("res_model", "=", "res.partner")])
        self.assertFalse(seen.partner_id & (customer | tifaout), "no customer, no other coop")
        self.assertEqual(
            seen.filtered(lambda f: f.res_id == self.coop_tao.id).partner_id,
            staff | self.taoutemet.partner_id,
        )
        self.assertFalse(Followers.search([("email", "=", "nadia@example.com")]))
        # her cooperative's chatter still lists whom she may see
        mine = self.coop_tao.with_user(self.taoutemet)
        self.assertEqual(mine.message_follower_ids.partner_id, staff | self.taoutemet.partner_id)
        self.assertTrue(mine.message_is_follower)

    def test_bank_accounts_of_her_cooperative_and_the_gie_only(self):
        Bank = self.env["res.partner.bank"]
        customer = self.env["res.partner"].create({"name": "Nadia (customer)"})
        contact = self.env["res.partner"].create(
            {"name": "Treasurer", "parent_id": self.coop_tao.id, "type": "contact"}
        )
        banks = Bank.create(
            [
                {"partner_id": partner.id, "acc_number": f"MA64 0000 {index:04d}"}
                for index, partner in enumerate(
                    (
                        self.coop_tao,
                        contact,
                        self.env.company.partner_id,
                        self.coop_tif,
                        customer,
                        self.env.ref("coop_gie.user_staff").partner_id,
                    )
                )
            ]
        )
        own, own_contact, gie, other_coop, customer_bank, staff_bank = banks
        Mine = Bank.with_user(self.taoutemet)
        self.assertEqual(Mine.search([("id", "in", banks.ids)]), own | own_contact | gie)
        self.assertFalse(Mine.search([("acc_number", "=", other_coop.acc_number)]))
        mine = self.coop_tao | contact | self.env.company.partner_id
        self.assertFalse(Mine.search([("partner_id", "not in", mine.ids)]), "nobody else's")
        for bank in (other_coop, customer_bank, staff_bank):
            with self.subTest(bank=bank.acc_number), self.assertRaises(AccessError):
                bank.with_user(self.taoutemet).read(["acc_number", "partner_id"])
        # read-only: she changes no account, adds none, not even her cooperative's
        with self.assertRaises(AccessError):
            own.with_user(self.taoutemet).write({"acc_number": "MA64 9999"})
        with self.assertRaises(AccessError):
            Mine.create({"partner_id": self.coop_tao.id, "acc_number": "MA64 9998"})
        with self.assertRaises(AccessError):
            self.coop_tao.with_user(self.taoutemet).write(
                {"bank_ids": [Command.create({"acc_number": "MA64 9997"})]}
            )
        # her cooperative's form lists its accounts
        self.assertEqual(self.coop_tao.with_user(self.taoutemet).bank_ids, own)
        # the other cooperative's manager, the other way round; staff sees them all
        tifaout = self.env.ref("coop_gie.user_tifaout")
        self.assertEqual(
            Bank.with_user(tifaout).search([("id", "in", banks.ids)]), other_coop | gie
        )
        self.assertEqual(Bank.with_user(self.user_staff).search([("id", "in", banks.ids)]), banks)

    def test_notifications_of_her_cooperative_and_her_messages_only(self):
        """Her inbox and her chatter: what was sent to her cooperative and to whom she wrote
        at the GIE; not what was sent to other cooperatives or customers."""
        customer = self.env["res.partner"].create(
            {"name": "Nadia (customer)", "email": "nadia@example.com"}
        )
        staff = self.env.ref("coop_gie.user_staff")
        tifaout = self.env.ref("coop_gie.user_tifaout").partner_id
        colleague = self._create_coop_manager(self.coop_tao, "taoutemet_2").partner_id
        mina = self.taoutemet.partner_id

        def post(record, author, partners):
            return (
                record.with_user(author)
                .sudo()  # sudo: as the engine posts, in the name of who triggered it
                .message_post(
                    body="Order P00042", partner_ids=partners.ids, subtype_xmlid="mail.mt_comment"
                )
            )

        to_tif = post(self.coop_tif, staff, tifaout | customer)
        to_tao = post(self.coop_tao, staff, mina | colleague | self.coop_tao | customer)
        by_mina = post(self.coop_tao, self.taoutemet, staff.partner_id | tifaout)
        Notification = self.env["mail.notification"]
        seen = Notification.with_user(self.taoutemet).search(
            [("mail_message_id", "in", (to_tif | to_tao | by_mina).ids)]
        )
        self.assertEqual(
            {(n.mail_message_id, n.res_partner_id) for n in seen.sudo()},  # sudo: test check
            {
                (to_tao, mina),
                (to_tao, colleague),
                (to_tao, self.coop_tao),
                (by_mina, staff.partner_id),
            },
        )
        self.assertEqual(len(Notification.search([("mail_message_id", "=", to_tif.id)])), 2)
        with self.assertRaises(AccessError):
            to_tif.notification_ids.with_user(self.taoutemet).read(["res_partner_id"])
        # her chatter loads, with the recipients she may see
        messages = (to_tao | by_mina).with_user(self.taoutemet)
        data = Store(messages, for_current_user=True).get_result()
        self.assertEqual(
            {n["persona"]["id"] for n in data["mail.notification"]},
            {mina.id, colleague.id, self.coop_tao.id, staff.partner_id.id},
        )
        # she still marks hers as read
        messages.filtered(lambda m: m == to_tao).set_message_done()
        self.assertTrue(
            to_tao.notification_ids.filtered(lambda n: n.res_partner_id == mina).is_read
        )

    def test_cost_hidden_from_cooperative_manager(self):
        for record in (self.tmpl, self.product_coop):
            with self.subTest(model=record._name):
                mine = record.with_user(self.taoutemet)
                # refused plainly, in her language, not with a server error
                with self.assertRaisesRegex(AccessError, "فريق مركز الشراء"):
                    mine.with_context(lang=self.taoutemet.lang).read(["standard_price"])
                with self.assertRaises(AccessError):
                    mine.search([("standard_price", ">", 0)])
                with self.assertRaises(AccessError):
                    mine.read(["name", "standard_price"])
                self.assertNotIn("standard_price", mine.fields_get())
                arch = mine.get_views([(False, "form"), (False, "list")])["views"]
                for view in arch.values():
                    self.assertNotIn('name="standard_price"', view["arch"])
                mine.read(["name", "list_price"])
        # central staff still read and set it
        staff = self.tmpl.with_user(self.user_staff)
        self.assertEqual(staff.read(["standard_price"])[0]["standard_price"], 61.5)
        self.assertIn("standard_price", staff.fields_get())

    def test_manager_without_cooperative_sees_nothing(self):
        user = self.no_coop_manager
        self.env["coop.training"].create({"name": "Training without attendance"})
        for model in (
            "coop.membership",
            "coop.membership.requirement",
            "coop.certification",
            "coop.member",
            "coop.training",
            "coop.training.attendance",
            "coop.fair",
            "product.supplierinfo",
        ):
            with self.subTest(model=model):
                self.assertFalse(self.env[model].with_user(user).search([]))
        partners = self.env["res.partner"].with_user(user).search([("is_cooperative", "=", True)])
        self.assertFalse(partners)
        with self.assertRaises(AccessError):
            self.coop_tao.with_user(user).write({"phone": "0528000000"})
