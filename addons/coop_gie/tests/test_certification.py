from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import format_date

from .common import CoopCase


@tagged("post_install", "-at_install")
class TestCertification(CoopCase):
    def _run_cron(self):
        self.env["coop.membership"]._cron_daily()

    def test_expiry_makes_ineligible_until_renewed(self):
        self.cert_a.date_to = self.today + timedelta(days=5)
        self.assertTrue(self.coop_a.coop_eligible)
        later = self.today + timedelta(days=10)
        with freeze_time(later):
            self._run_cron()
            self.assertFalse(self.coop_a.coop_eligible)
            self.assertIn("expired on", self.coop_a.coop_ineligible_reason)
            self.assertIn("ONSSA", self.coop_a.coop_ineligible_reason)
            # the membership state does not change
            self.assertEqual(self.membership_a.state, "active")
            self.assertNotIn(
                self.coop_a, self.env["res.partner"].search([("coop_eligible", "=", True)])
            )
            # the other cooperative is untouched
            self.assertTrue(self.coop_b.coop_eligible)
            # renewal: a new certification pending review does not count yet...
            renewal = self._add_certification(
                self.coop_a, state="pending", date_from=later, date_to=later + timedelta(days=700)
            )
            self.assertFalse(self.coop_a.coop_eligible)
            self.assertIn("expired", self.coop_a.coop_ineligible_reason)
            # ... once validated, the cooperative is eligible again at once
            renewal.action_validate()
            self.assertTrue(self.coop_a.coop_eligible)
            self.assertFalse(self.coop_a.coop_ineligible_reason)
            self.assertEqual(self.coop_a._coop_valid_certifications(later), renewal)

    def test_why_not_eligible_reads_in_the_readers_language_and_dates(self):
        """One reads why a cooperative is not eligible in her own language, with the
        dates as her language writes them, whoever read it before her."""
        expired_on = self.today - timedelta(days=3)
        self.cert_a.date_to = expired_on
        english = self.coop_a.with_context(lang="en_US").coop_ineligible_reason
        french = self.coop_a.with_context(lang="fr_FR").coop_ineligible_reason
        self.assertIn(f"expired on {format_date(self.env, expired_on, lang_code='en_US')}", english)
        self.assertIn(f"a expiré le {format_date(self.env, expired_on, lang_code='fr_FR')}", french)
        self.assertNotIn(fields.Date.to_string(expired_on), french)

    def test_several_reasons_are_listed_as_the_language_writes_a_list(self):
        reasons = [("not_cooperative", None), ("not_member", None)]
        Partner = self.env["res.partner"]
        for lang, separator in (("en_US", "; "), ("fr_FR", " ; "), ("ar_001", "؛ ")):
            text = Partner.with_context(lang=lang)._coop_format_reasons(reasons, ({}, {}))
            self.assertEqual(text.count(separator), 1, (lang, text))

    def test_validity_boundaries(self):
        cert = self.cert_a
        cert.write({"date_from": self.today, "date_to": self.today})
        self.assertTrue(cert.is_valid_today)
        self.assertIn(cert, self.env["coop.certification"].search([("is_valid_today", "=", True)]))
        self.assertFalse(cert._is_valid_on(self.today + timedelta(days=1)))
        self.assertFalse(cert._is_valid_on(self.today - timedelta(days=1)))
        cert.action_refuse()
        self.assertFalse(cert.is_valid_today)
        self.assertIn(cert, self.env["coop.certification"].search([("is_valid_today", "=", False)]))
        self.assertFalse(self.coop_a.coop_eligible)
        self.assertIn("missing", self.coop_a.coop_ineligible_reason)

    def test_new_mandatory_type_makes_everyone_ineligible(self):
        new_type = self.env["coop.certification.type"].create(
            {"name": "Halal", "code": "HALAL_TEST", "mandatory": False}
        )
        self.assertTrue(self.coop_a.coop_eligible)
        new_type.mandatory = True
        self.assertFalse(self.coop_a.coop_eligible)
        self.assertFalse(self.coop_b.coop_eligible)
        self.assertIn("Halal", self.coop_a.coop_ineligible_reason)
        self._add_certification(self.coop_a, cert_type=new_type)
        self.assertTrue(self.coop_a.coop_eligible)
        new_type.mandatory = False
        self.assertTrue(self.coop_b.coop_eligible)

    def test_expiring_warning_activity_once(self):
        self.cert_a.date_to = self.today + timedelta(days=20)  # ONSSA warns 60 days before
        self.cert_b.date_to = self.today + timedelta(days=200)
        todo = self.env.ref("mail.mail_activity_data_todo")
        self._run_cron()
        activities = self.membership_a.activity_ids.filtered(lambda a: a.activity_type_id == todo)
        self.assertEqual(len(activities), 1)
        cert_type = self.cert_a.type_id.with_context(lang=activities.user_id.lang)
        self.assertIn(cert_type.name, activities.summary)
        self.assertFalse(self.membership_b.activity_ids)
        self.assertTrue(self.cert_a.expiry_warned)
        self.assertEqual(self.cert_a.expiry_state, "expiring")
        # not twice
        self._run_cron()
        self.assertEqual(len(self.membership_a.activity_ids), 1)
        # a renewal (new end date) re-arms the warning
        self.cert_a.date_to = self.today + timedelta(days=400)
        self.assertFalse(self.cert_a.expiry_warned)

    def test_expiring_warning_in_the_language_of_its_assignee(self):
        # the staff member who decided the membership follows it up, in French; the job
        # runs in English
        self.membership_a.decider_id = self.user_staff
        self.user_staff.lang = "fr_FR"
        self.env.user.lang = "en_US"
        self.cert_a.date_to = self.today + timedelta(days=20)
        self._run_cron()
        activity = self.membership_a.activity_ids
        cert = self.cert_a.with_context(lang="fr_FR")
        env = cert.env
        self.assertEqual(activity.summary, env._("Certification expiring: %s", cert.type_id.name))
        self.assertNotIn("expiring", activity.summary, "in French, not in the job's English")
        self.assertIn(format_date(env, self.cert_a.date_to), str(activity.note))

    def test_quality_labels(self):
        igp = self.env.ref("coop_gie.cert_type_igp_argane")
        self._add_certification(self.coop_a, cert_type=igp)
        self.assertEqual(self.coop_a.coop_quality_label_ids, igp)
        self.assertFalse(self.coop_b.coop_quality_label_ids)
        found = self.env["res.partner"].search([("coop_quality_label_ids", "in", igp.ids)])
        self.assertIn(self.coop_a, found)
        self.assertNotIn(self.coop_b, found)

    def test_eligibility_recompute_is_batched(self):
        coops = self.env["res.partner"]
        for i in range(10):
            coop = self._create_cooperative(f"Batch {i}", f"BT{i:02d}")
            self._add_certification(coop)
            coops |= coop
        coops |= self.coop_a | self.coop_b
        self.env.flush_all()
        self.env.invalidate_all()
        with self.assertQueryCount(__system__=8):
            coops._coop_recompute_eligibility()
            self.env.flush_all()
        self.assertFalse(any(coops[:10].mapped("coop_eligible")))
        self.assertTrue(self.coop_a.coop_eligible)
        self.assertEqual(fields.Date.context_today(coops), self.today)

    def test_validated_certification_is_kept(self):
        with self.assertRaisesRegex(UserError, "was validated"):
            self.cert_a.unlink()
        self.assertTrue(self.cert_a.exists())
        self.assertTrue(self.coop_a.coop_eligible)
        # a certification never validated can go
        pending = self._add_certification(self.coop_a, state="pending")
        pending.unlink()
        self.assertFalse(pending.exists())

    def test_only_cooperatives_hold_certifications(self):
        customer = self.env["res.partner"].create({"name": "A customer"})
        with self.assertRaises(ValidationError) as error:
            self._add_certification(customer)
        self.assertIn("A customer is not a cooperative", str(error.exception))
        self.assertFalse(self.env["coop.certification"].search([("partner_id", "=", customer.id)]))
