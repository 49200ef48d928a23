"""GIE managers give cooperative managers their logins, without being administrators."""

import re
from unittest.mock import patch
from urllib.parse import parse_qs, urlsplit

from odoo.addons.base.models.ir_mail_server import IrMailServer, MailDeliveryException
from odoo.addons.mail.tests.common import MockEmail
from odoo.addons.sms.tests.common import SMSCase
from odoo.exceptions import AccessDenied, AccessError, UserError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import CoopCase, load_migration

# Her SMS invitation, as she reads it in French and in Arabic
SMS_INVITATION = {
    "fr_FR": "votre identifiant pour l'application est {login}. Choisissez votre mot de passe : ",
    "ar_001": "اسم الدخول الخاص بك في التطبيق هو {login}. اختاري كلمة المرور: ",
}


@tagged("post_install", "-at_install")
class TestCoopManagerLogin(CoopCase, MockEmail, SMSCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.group_coop_manager = cls.env.ref("coop_gie.group_coop_manager")
        cls.manager_profile = cls.group_coop_manager | cls.group_coop_manager.trans_implied_ids
        cls.employee = new_test_user(
            cls.env, login="future_manager", name="Future Manager", groups="base.group_user"
        )

    def _wizard(self, coop=None, user=None, **values):
        """The wizard as the button of the cooperative's form opens it (with the defaults of
        the cooperatives' action in its context)."""
        context = {"default_is_cooperative": True, "default_is_company": True}
        return (
            self.env["coop.manager.login"]
            .with_user(user or self.user_staff)
            .with_context(**context, default_partner_id=(coop or self.coop_a).id)
            .create(values)
        )

    def _users(self):
        return self.env["res.users"].with_context(active_test=False).search_count([])

    def _sms_link(self, user):
        """The link to choose her password in the one SMS sent to her mobile."""
        [sms] = [sms for sms in self._sms if sms["number"] == user.partner_id.mobile]
        [url] = re.findall(r"https?://\S+", sms["body"])
        return sms["body"], url

    def _sign_in(self, login, password):
        """The uid the login screen signs in with ``login`` and ``password``."""
        self.env.flush_all()
        credential = {"login": login, "password": password, "type": "password"}
        uid = self.registry["res.users"].authenticate(
            self.env.cr.dbname, credential, {"interactive": False}
        )["uid"]
        self.env.invalidate_all()
        return uid

    # ------------------------------------------------------------------ create

    def test_create_login_invites_a_cooperative_manager(self):
        wizard = self._wizard(
            name="Fatima Ait Lahcen",
            email=" Fatima.Ait@Example.ma ",
            # not a demo cooperative's (with coop_order_routing, one number per cooperative)
            mobile="+212 661 76 54 32",
            lang="ar_001",
        )
        with self.mock_mail_gateway(), self.mockSMSGateway():
            action = wizard.action_apply()
        self.assertEqual(action["params"]["next"]["type"], "ir.actions.act_window_close")
        # her invitation is an email: no SMS
        self.assertFalse(self._new_sms)
        user = self.env["res.users"].search([("login", "=", "fatima.ait@example.ma")])
        self.assertEqual(user.name, "Fatima Ait Lahcen")
        self.assertEqual(user.coop_id, self.coop_a)
        self.assertEqual(user.lang, "ar_001")
        # in E.164, as her cooperative's: the SMS of its orders go to it first
        self.assertEqual(user.partner_id.mobile, "+212661765432")
        self.assertFalse(user.share)
        # exactly the rights of a cooperative manager, whatever the creator holds
        self.assertEqual(user.groups_id, self.manager_profile)
        # the form's defaults are not those of her contact
        self.assertFalse(user.partner_id.is_cooperative)
        self.assertFalse(user.partner_id.is_company)
        self.assertIn(user, self.coop_a.coop_manager_ids)
        # Odoo's invitation to choose her password, sent at once (auth_signup sends it
        # inside a savepoint that it rolls back: no mail.mail row is left behind)
        [invitation] = [
            mail for mail in self._mails if "fatima.ait@example.ma" in str(mail["email_to"])
        ]
        self.assertIn("/web/signup?", invitation["body"])
        # and she sees her cooperative only
        coops = self.env["res.partner"].with_user(user).search([("is_cooperative", "=", True)])
        self.assertEqual(coops, self.coop_a)

    def test_create_login_without_email_invites_her_by_sms(self):
        """A manager with a mobile and no email address: her login is her mobile in E.164;
        her invitation, in her language, is an SMS to it with her link to choose her
        password; she then signs in with her mobile, as she writes it or in E.164."""
        for lang, mobile, e164 in (
            ("ar_001", "06 61 76 54 01", "+212661765401"),
            ("fr_FR", "0661765402", "+212661765402"),
        ):
            with self.subTest(lang=lang):
                wizard = self._wizard(name="Itto Oubella", mobile=mobile, lang=lang)
                with self.mock_mail_gateway(), self.mockSMSGateway():
                    action = wizard.action_apply()
                self.assertFalse(self._mails)
                self.assertEqual(action["params"]["type"], "success")
                self.assertIn(e164, action["params"]["message"])
                self.assertEqual(action["params"]["next"]["type"], "ir.actions.act_window_close")
                user = self.env["res.users"].search([("login", "=", e164)])
                self.assertEqual(user.coop_id, self.coop_a)
                self.assertEqual((user.lang, user.partner_id.mobile), (lang, e164))
                self.assertFalse(user.email)
                self.assertEqual(user.groups_id, self.manager_profile)
                body, url = self._sms_link(user)
                self.assertSMS(user.partner_id, e164, "pending", content=url)
                self.assertIn(self.env.company.name, body)
                self.assertIn(SMS_INVITATION[lang].format(login=e164), body)
                # auth_signup's invitation link, valid: the signup page shows her login
                self.assertIn("/web/signup?", url)
                query = parse_qs(urlsplit(url).query)
                self.assertNotIn("signup_email", query)
                [token] = query["token"]
                Partner = self.env["res.partner"].sudo()  # sudo: test: the public signup
                self.assertEqual(
                    Partner._signup_retrieve_partner(token, check_validity=True), user.partner_id
                )
                self.assertEqual(Partner._signup_retrieve_info(token)["login"], e164)
                # she chooses her password through it, and signs in
                self.assertEqual(
                    self.env["res.users"]
                    .sudo()  # sudo: test: the public signup
                    .signup({"password": "Argan-2025!"}, token),
                    (e164, "Argan-2025!"),
                )
                for typed in (e164, mobile):
                    self.assertEqual(self._sign_in(typed, "Argan-2025!"), user.id)
                with self.assertRaises(AccessDenied):
                    self._sign_in("0661765499", "Argan-2025!")
                # the link is spent once used
                with self.assertRaises(UserError):
                    Partner._signup_retrieve_partner(token, check_validity=True)

    def test_she_chooses_her_password_and_signs_in_with_her_mobile(self):
        """On the screens she uses: her SMS link opens the signup page with her login, where
        she chooses her password; the login screen then takes her mobile as she writes it."""
        with self.mockSMSGateway():
            self._wizard(name="Itto", mobile="0661765407", lang="fr_FR").action_apply()
        user = self.env["res.users"].search([("login", "=", "+212661765407")])
        _body, url = self._sms_link(user)
        self.env.flush_all()
        page = self.url_open(url)
        self.assertEqual(page.status_code, 200)
        self.assertIn('value="+212661765407"', page.text)

        def form(page, **values):
            csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text)[1]
            return {"csrf_token": csrf, **values}

        [token] = parse_qs(urlsplit(url).query)["token"]
        password = "Argan-2025!"
        signed_up = self.url_open(
            "/web/signup",
            data=form(
                page,
                token=token,
                login="+212661765407",
                name="Itto",
                password=password,
                confirm_password=password,
            ),
        )
        self.assertEqual(urlsplit(signed_up.url).path, "/odoo")
        self.url_open("/web/session/logout")
        for typed, path in (("06 61 76 54 07", "/odoo"), ("06 61 76 54 08", "/web/login")):
            with self.subTest(login=typed):
                login_page = self.url_open("/web/login")
                signed_in = self.url_open(
                    "/web/login", data=form(login_page, login=typed, password=password)
                )
                self.assertEqual(urlsplit(signed_in.url).path, path)
                self.url_open("/web/session/logout")

    def test_sms_invitation_not_sent_says_why(self):
        """No SMS credit: her login is kept and the GIE manager reads why the SMS is not
        sent; she sends it again once fixed."""
        self.env.user.lang = self.user_staff.lang = "en_US"
        wizard = self._wizard(name="Itto", mobile="0661765403", lang="fr_FR")
        with self.mockSMSGateway(sim_error="credit"):
            action = wizard.action_apply()
        user = self.env["res.users"].search([("login", "=", "+212661765403")])
        self.assertEqual(user.coop_id, self.coop_a, "her login is kept")
        self.assertSMSFailed(user.partner_id, "+212661765403", "sms_credit")
        self.assertEqual(action["params"]["type"], "warning")
        self.assertIn(
            "could not be sent by SMS to Itto (+212661765403)", action["params"]["message"]
        )
        self.assertIn("Insufficient Credit", action["params"]["message"])
        with self.mockSMSGateway():
            self._wizard(operation="invite", manager_id=user.id).action_apply()
        _body, url = self._sms_link(user)
        self.assertIn("/web/signup?", url)

    def test_invite_again(self):
        """Staff send her link again, as she signs in: by email, or by SMS when her login is
        her mobile; her invitation while she never signed in, else a new password."""
        self.env.user.lang = self.user_staff.lang = "en_US"
        with self.mock_mail_gateway(), self.mockSMSGateway():
            self._wizard(name="Itto", mobile="0661765404", lang="fr_FR").action_apply()
            self._wizard(name="Aicha", email="aicha@example.ma").action_apply()
        itto = self.env["res.users"].search([("login", "=", "+212661765404")])
        aicha = self.env["res.users"].search([("login", "=", "aicha@example.ma")])
        with self.mock_mail_gateway(), self.mockSMSGateway():
            action = self._wizard(operation="invite", manager_id=itto.id).action_apply()
        self.assertFalse(self._mails)
        self.assertEqual(action["params"]["next"]["type"], "ir.actions.act_window_close")
        body, url = self._sms_link(itto)
        self.assertIn(SMS_INVITATION["fr_FR"].format(login="+212661765404"), body)
        [token] = parse_qs(urlsplit(url).query)["token"]
        self.env["res.users"].sudo().signup({"password": "Argan-2025!"}, token)  # sudo: test
        self._sign_in("+212661765404", "Argan-2025!")
        # she signed in: a link to choose a new password, in her language
        with self.mockSMSGateway():
            self._wizard(operation="invite", manager_id=itto.id).action_apply()
        body, url = self._sms_link(itto)
        self.assertIn("/web/reset_password?", url)
        self.assertIn("pour choisir un nouveau mot de passe pour votre identifiant", body)
        # so does the login screen's "Reset Password", her number typed as she writes it
        with self.mockSMSGateway():
            self.env["res.users"].sudo().reset_password("06 61 76 54 04")  # sudo: test: public
        _body, url = self._sms_link(itto)
        self.assertIn("/web/reset_password?", url)
        with self.mock_mail_gateway(), self.mockSMSGateway():
            self._wizard(operation="invite", manager_id=aicha.id).action_apply()
        self.assertFalse(self._new_sms)
        [invitation] = [mail for mail in self._mails if "aicha@example.ma" in str(mail["email_to"])]
        self.assertIn("/web/signup?", invitation["body"])
        # another cooperative's manager, or one with more rights, is not hers to invite
        for user in (self.user_coop_b, self.user_staff):
            with self.subTest(user=user.login), self.mockSMSGateway(), self.mock_mail_gateway():
                with self.assertRaises(UserError):
                    self._wizard(operation="invite", manager_id=user.id).action_apply()
                self.assertFalse(self._mails or self._new_sms)

    def test_new_login_has_a_time_zone(self):
        """Her messages give dates in her hours, not in UTC, from her first login: her
        cooperative's time zone, else the company's, else Morocco's."""
        self.env.company.partner_id.tz = False
        self.coop_b.tz = "Europe/Paris"  # a cooperative that set one
        for coop, login, tz in (
            (self.coop_a, "tz_a@example.ma", "Africa/Casablanca"),
            (self.coop_b, "tz_b@example.ma", "Europe/Paris"),
        ):
            with self.subTest(coop=coop.name), self.mock_mail_gateway():
                self._wizard(coop=coop, name="Manager", email=login).action_apply()
                user = self.env["res.users"].search([("login", "=", login)])
                self.assertEqual(user.tz, tz)
        self.env.company.partner_id.tz = "Africa/Algiers"
        with self.mock_mail_gateway():
            self._wizard(name="Manager", email="tz_c@example.ma").action_apply()
        user = self.env["res.users"].search([("login", "=", "tz_c@example.ma")])
        self.assertEqual(user.tz, "Africa/Algiers")

    def test_linked_user_keeps_her_time_zone_or_gets_one(self):
        self.employee.tz = False
        self._wizard(operation="link", user_id=self.employee.id).action_apply()
        self.assertEqual(self.employee.tz, "Africa/Casablanca")
        other = new_test_user(self.env, login="tz_employee", groups="base.group_user")
        other.tz = "Europe/Paris"
        self._wizard(operation="link", user_id=other.id).action_apply()
        self.assertEqual(other.tz, "Europe/Paris")

    def test_migration_gives_managers_without_time_zone_one(self):
        """18.0.1.7.0: cooperative managers' logins with no time zone get their
        cooperative's, else Morocco's; a time zone someone chose, staff and customers
        without one are left as they are."""
        migration = load_migration("coop_gie", "18.0.1.7.0")
        self.env.company.partner_id.tz = False
        self.coop_b.tz = "Europe/Paris"
        chose = self._create_coop_manager(self.coop_a, "tz_chose", tz="Africa/Algiers")
        archived = self._create_coop_manager(self.coop_a, "tz_archived")
        archived.active = False
        portal = new_test_user(self.env, login="tz_portal", groups="base.group_portal")
        untouched = self.user_staff | self.employee | portal
        # what 18.0.1.6.0 left: logins created without a time zone
        blank = self.user_coop_a | self.user_coop_b | archived | untouched
        self.env.cr.execute(
            "UPDATE res_partner SET tz = NULL WHERE id IN %s", [tuple(blank.partner_id.ids)]
        )
        blank.partner_id.invalidate_recordset(["tz"])
        migration.migrate(self.env.cr, "18.0.1.6.0")
        self.assertEqual(
            (self.user_coop_a | self.user_coop_b | archived | chose).mapped("tz"),
            ["Africa/Casablanca", "Europe/Paris", "Africa/Casablanca", "Africa/Algiers"],
        )
        self.assertEqual(untouched.mapped("tz"), [False] * 3)

    def test_create_login_with_an_international_address(self):
        """An Arabic domain, or its ASCII form, is a real address: Odoo sends to it."""
        for email in ("fatima@تعاونية.ma", "khadija@xn--mgbc0a9azcg.xn--mgbc0a9azcg"):
            with self.subTest(email=email), self.mock_mail_gateway():
                self._wizard(name="Manager", email=email).action_apply()
                self.assertTrue(self.env["res.users"].search([("login", "=", email)]))

    def test_create_login_bad_input_creates_nothing(self):
        new_test_user(self.env, login="aicha@example.ma", groups="base.group_portal")
        not_coop = self.env["res.partner"].create({"name": "Not a cooperative", "is_company": True})
        count = self._users()
        for values, coop in (
            ({"name": "Aicha", "email": "AICHA@example.ma"}, None),  # a portal user's login
            ({"name": "Aicha", "email": "coop_a_manager"}, None),  # no email
            ({"name": "Aicha", "email": "aicha@example"}, None),  # no domain
            ({"name": "Aicha", "email": "aicha@example."}, None),
            ({"name": "Aicha", "email": "aicha@.example.ma"}, None),
            ({"name": "Aicha", "email": "aicha@example..ma"}, None),
            ({"name": "Aicha", "email": False}, None),
            ({"name": "Aicha", "email": " ", "mobile": " "}, None),
            ({"name": "Aicha", "mobile": "0612"}, None),  # no email, no valid mobile
            ({"name": " ", "email": "aicha2@example.ma"}, None),
            ({"name": "Aicha", "email": "aicha3@example.ma"}, not_coop),
        ):
            with self.subTest(values=values), self.mock_mail_gateway(), self.mockSMSGateway():
                wizard = self._wizard(coop=coop, **values)
                with self.assertRaises(UserError):
                    wizard.action_apply()
                self.assertFalse(self._mails or self._new_sms)
        self.assertEqual(self._users(), count)

    def test_create_login_needs_an_email_or_a_mobile(self):
        for lang, message in (
            ("en_US", "Enter her email address or, if she has none, her mobile"),
            ("fr_FR", "Saisissez son adresse e-mail ou, si elle n'en a pas, son mobile"),
        ):
            with self.subTest(lang=lang):
                wizard = self._wizard(name="Aicha", email=False, mobile=False)
                with self.assertRaises(UserError) as error:
                    wizard.with_context(lang=lang).action_apply()
                self.assertIn(message, error.exception.args[0])

    def test_create_login_of_a_mobile_already_a_login_says_so(self):
        """Her mobile is the login of a user already (in any form): refused, as an email is;
        archived, an administrator can restore her."""
        self.env.user.lang = self.user_staff.lang = "en_US"
        new_test_user(self.env, login="+212661765405", groups="base.group_portal")
        with self.mockSMSGateway():
            self._wizard(name="Itto", mobile="0661765406").action_apply()
        itto = self.env["res.users"].search([("login", "=", "+212661765406")])
        count = self._users()
        for mobile, error in (
            ("06 61 76 54 05", "The login +212661765405 is already used by another user."),
            ("+212 661 76 54 06", "The login +212661765406 is already used by another user."),
        ):
            with self.subTest(mobile=mobile), self.mockSMSGateway():
                with self.assertRaises(UserError) as raised:
                    self._wizard(name="Itto", mobile=mobile).action_apply()
                self.assertEqual(raised.exception.args[0], error)
                self.assertFalse(self._new_sms)
        self._wizard(operation="remove", manager_id=itto.id).action_apply()
        with self.assertRaisesRegex(UserError, r"\+212661765406 belongs to an archived user"):
            self._wizard(name="Itto", mobile="0661765406").action_apply()
        self.assertEqual(self._users(), count)

    def test_create_login_normalises_her_mobile_and_refuses_a_wrong_one(self):
        """Her mobile is written as her cooperative's (E.164, read in its country): a typo
        would make every SMS of its orders fail."""
        self.env.user.lang = self.user_staff.lang = "en_US"
        count = self._users()
        for mobile in ("0612", "12", "06 61 98 76 54 32 10"):
            with self.subTest(mobile=mobile), self.mock_mail_gateway():
                wizard = self._wizard(name="Aicha", email="aicha@example.ma", mobile=mobile)
                with self.assertRaises(UserError) as error:
                    wizard.action_apply()
                self.assertIn(f"Invalid mobile number {mobile} for Aicha", str(error.exception))
                self.assertFalse(self._mails)
        self.assertEqual(self._users(), count)
        for mobile, e164 in (
            ("06 61 98 76 54", "+212661987654"),
            ("0033612345678", "+33612345678"),
        ):
            with self.subTest(mobile=mobile), self.mock_mail_gateway():
                email = f"manager{e164[1:]}@example.ma"
                self._wizard(name="Manager", email=email, mobile=mobile).action_apply()
                user = self.env["res.users"].search([("login", "=", email)])
                self.assertEqual(user.partner_id.mobile, e164)
        with self.mock_mail_gateway():
            self._wizard(name="No Mobile", email="nomobile@example.ma", mobile=" ").action_apply()
        user = self.env["res.users"].search([("login", "=", "nomobile@example.ma")])
        self.assertFalse(user.partner_id.mobile)

    def test_no_login_for_a_cooperative_out_of_the_gie(self):
        """Neither a new login nor a linked user for a cooperative that left the GIE
        (membership withdrawn) or is archived; a suspended one keeps her managers."""
        self.env.user.lang = self.user_staff.lang = "en_US"
        self.membership_b.decision = "Suspended until her fees are paid"
        self.membership_b.action_suspend()
        with self.mock_mail_gateway():
            self._wizard(coop=self.coop_b, name="Nadia", email="nadia@example.ma").action_apply()
        self.assertTrue(self.env["res.users"].search([("login", "=", "nadia@example.ma")]))
        self.membership_a.decision = "She leaves the GIE"
        self.membership_a.action_withdraw()
        self.coop_b.action_archive()
        count = self._users()
        for coop in (self.coop_a, self.coop_b):
            for values in (
                {"name": "Aicha", "email": "aicha@example.ma"},
                {"operation": "link", "user_id": self.employee.id},
            ):
                with self.subTest(coop=coop.name, values=values), self.mock_mail_gateway():
                    wizard = self._wizard(coop=coop, **values)
                    with self.assertRaises(UserError) as error:
                        wizard.action_apply()
                    self.assertIn(f"{coop.name} is no longer in the GIE", str(error.exception))
        self.assertEqual(self._users(), count)
        self.assertFalse(self.employee.coop_id)

    def test_logins_archived_when_the_cooperative_leaves(self):
        """Withdrawn or archived, her managers can no longer sign in; staff read it on the
        cooperative. Suspended, they keep their logins. A user with more rights is left to
        an administrator."""
        self.env.user.lang = "en_US"
        self.membership_b.decision = "Suspended until her fees are paid"
        self.membership_b.action_suspend()
        self.assertTrue(self.user_coop_b.active)
        self.user_staff.coop_id = self.coop_a  # set by an administrator
        self.membership_a.decision = "She leaves the GIE"
        self.membership_a.with_user(self.user_staff).action_withdraw()
        self.assertFalse(self.user_coop_a.active)
        self.assertTrue(self.user_staff.active)
        self.assertEqual(self.coop_a.coop_manager_ids, self.user_staff)
        notes = self.coop_a.message_ids.mapped("body")
        self.assertTrue(
            any(
                "the logins of her managers are archived (Manager CPA)" in str(body)
                and "the logins of GIE Staff are kept" in str(body)
                for body in notes
            ),
            notes,
        )
        self.coop_b.action_archive()
        self.assertFalse(self.user_coop_b.active)
        self.assertFalse(self.coop_b.coop_manager_ids)

    def test_rejected_application_is_not_a_departure(self):
        """A candidate rejected never joined the GIE: staff read that her application was
        rejected, not that she left."""
        self.env.user.lang = "en_US"
        coop = self._create_cooperative("Coopérative Candidate", "CPC")
        manager = self._create_coop_manager(coop, "coop_c_manager", name="Manager CPC")
        membership = self.env["coop.membership"].create({"partner_id": coop.id})
        membership.decision = "Her products are not made by her members"
        membership.with_user(self.user_staff).action_reject()
        self.assertFalse(manager.active)
        notes = " ".join(str(body) for body in coop.message_ids.mapped("body"))
        self.assertIn(
            "Her application to the GIE was rejected: the logins of her managers are archived "
            "(Manager CPC).",
            notes,
        )
        self.assertNotIn("left the GIE", notes)

    def test_create_login_kept_when_the_mail_server_is_down(self):
        wizard = self._wizard(name="Fatima Ait Lahcen", email="fatima@example.ma")
        down = patch.object(
            IrMailServer,
            "send_email",
            side_effect=MailDeliveryException("Unable to connect", ConnectionRefusedError(111)),
        )
        with self.mock_mail_gateway(), down, mute_logger("odoo.addons.mail.models.mail_mail"):
            action = wizard.action_apply()
        user = self.env["res.users"].search([("login", "=", "fatima@example.ma")])
        self.assertEqual(user.coop_id, self.coop_a, "her login is kept")
        self.assertEqual(action["params"]["type"], "warning")
        self.assertIn("her invitation could not be sent", action["params"]["message"])
        self.assertEqual(action["params"]["next"]["type"], "ir.actions.act_window_close")

    def test_create_login_of_an_archived_user_says_so(self):
        self._wizard(name="Aicha", email="aicha@example.ma").action_apply()
        aicha = self.env["res.users"].search([("login", "=", "aicha@example.ma")])
        self._wizard(operation="remove", manager_id=aicha.id).action_apply()
        self.assertFalse(aicha.active)
        with self.assertRaises(UserError) as error:
            self._wizard(name="Aicha", email="aicha@example.ma").action_apply()
        self.assertIn("belongs to an archived user", str(error.exception))

    # ------------------------------------------------------------------ link

    def test_link_existing_employee(self):
        self._wizard(operation="link", user_id=self.employee.id).action_apply()
        self.assertEqual(self.employee.coop_id, self.coop_a)
        self.assertTrue(self.employee.has_group("coop_gie.group_coop_manager"))
        coops = (
            self.env["res.partner"].with_user(self.employee).search([("is_cooperative", "=", True)])
        )
        self.assertEqual(coops, self.coop_a)

    def test_link_moves_a_manager_only_when_confirmed(self):
        wizard = self._wizard(operation="link", user_id=self.user_coop_b.id)
        with self.assertRaises(UserError):
            wizard.action_apply()
        self.assertEqual(self.user_coop_b.coop_id, self.coop_b)
        wizard.confirm_move = True
        wizard.action_apply()
        self.assertEqual(self.user_coop_b.coop_id, self.coop_a)
        self.assertEqual(self.coop_a.coop_manager_ids, self.user_coop_a | self.user_coop_b)
        self.assertFalse(self.coop_b.coop_manager_ids)

    def test_no_escalation_through_link(self):
        """Users with other rights (admin, GIE manager, herself, a salesman...) or portal
        users are refused: a GIE manager changes no one's rights but a cooperative manager's."""
        others = (
            self.env.ref("base.user_admin"),
            self.user_staff,
            new_test_user(self.env, login="gie_user", groups="coop_gie.group_gie_user"),
            new_test_user(
                self.env, login="contacts", groups="base.group_user,base.group_partner_manager"
            ),
            new_test_user(self.env, login="portal_customer", groups="base.group_portal"),
        )
        for user in others:
            with self.subTest(user=user.login):
                groups = user.groups_id
                wizard = self._wizard(operation="link", user_id=user.id, confirm_move=True)
                with self.assertRaises(UserError):
                    wizard.action_apply()
                self.assertFalse(user.coop_id)
                self.assertEqual(user.groups_id, groups)

    # ------------------------------------------------------------------ remove

    def test_remove_archives_the_login(self):
        self._wizard(operation="remove", manager_id=self.user_coop_a.id).action_apply()
        self.assertFalse(self.user_coop_a.active)
        self.assertFalse(self.coop_a.coop_manager_ids)
        # the other cooperative's manager is not removed from here
        with self.assertRaises(UserError):
            self._wizard(operation="remove", manager_id=self.user_coop_b.id).action_apply()
        self.assertTrue(self.user_coop_b.active)

    def test_remove_refuses_users_with_more_rights(self):
        self.user_staff.coop_id = self.coop_a  # set by an administrator
        with self.assertRaises(UserError):
            self._wizard(operation="remove", manager_id=self.user_staff.id).action_apply()
        self.assertTrue(self.user_staff.active)

    # ------------------------------------------------------------------ access

    def test_only_gie_managers_run_the_wizard(self):
        gie_user = new_test_user(self.env, login="gie_user", groups="coop_gie.group_gie_user")
        count = self._users()
        for user in (self.user_coop_a, gie_user):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    self._wizard(user=user, name="Intruder", email="intruder@example.ma")
                wizard = self._wizard(name="Intruder", email="intruder@example.ma")
                with self.assertRaises(AccessError):
                    wizard.with_user(user).action_apply()
        self.assertEqual(self._users(), count)

    def test_moved_manager_sees_her_new_cooperative(self):
        """The record rules cached for her follow her coop_id, without a restart."""
        Membership = self.env["coop.membership"].with_user(self.user_coop_a)
        self.assertEqual(Membership.search([]).partner_id, self.coop_a)
        self.user_coop_a.coop_id = self.coop_b
        self.assertEqual(Membership.search([]).partner_id, self.coop_b)
        with self.assertRaises(AccessError):
            self.membership_a.with_user(self.user_coop_a).read(["state"])

    def test_form_button_for_gie_managers_only(self):
        view = self.env.ref("coop_gie.view_coop_partner_form")
        button = f'name="{self.env.ref("coop_gie.action_coop_manager_login").id}"'
        for user, shown in ((self.user_staff, True), (self.user_coop_a, False)):
            with self.subTest(user=user.login):
                arch = self.env["res.partner"].with_user(user).get_view(view.id, "form")["arch"]
                self.assertIn('name="coop_manager_ids"', arch)
                self.assertEqual(button in arch, shown)
                # the tab's list, as the form reads it
                fields = ("name", "login", "mobile", "lang", "login_date", "state")
                [values] = self.coop_a.with_user(user).web_read(
                    {"coop_manager_ids": {"fields": {name: {} for name in fields}}}
                )
                [manager] = values["coop_manager_ids"]
                self.assertEqual(manager["login"], "coop_a_manager")
                self.assertEqual(manager["state"], "new")
        wizard_views = (
            self.env["coop.manager.login"].with_user(self.user_staff).get_views([(False, "form")])
        )
        self.assertIn('name="action_apply"', wizard_views["views"]["form"]["arch"])
