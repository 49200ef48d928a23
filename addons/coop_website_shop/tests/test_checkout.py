import json

from odoo.addons.website.tools import MockRequest
from odoo.tests import tagged

from ..controllers.shop import CoopWebsiteSale
from .common import CoopShopCase


@tagged("post_install", "-at_install")
class TestCheckoutAddress(CoopShopCase):
    """The address a customer types at checkout: the courier calls her phone."""

    def _submit(self, user, lang, **values):
        """Submit ``user``'s billing address at checkout (Odoo's address form), in ``lang``:
        Odoo's JSON answer."""
        partner = user.partner_id
        order = self._make_order(partner, self.product_oil)
        env = self.env(user=user)
        address = {
            "name": partner.name,
            "email": partner.email,
            "street": partner.street,
            "city": partner.city,
            "zip": partner.zip,
            "country_id": partner.country_id.id,
            **values,
        }
        with MockRequest(
            env, website=self.website.with_env(env), sale_order_id=order.id, context={"lang": lang}
        ):
            answer = CoopWebsiteSale().shop_address_submit(
                partner_id=partner.id, address_type="billing", **address
            )
        return json.loads(answer.data)

    def test_phone_that_is_no_number_of_her_country_is_refused(self):
        """Claire in Lyon types "abc", or a number too short for France: refused on the
        field, in her language, and nothing is saved."""
        customer = self.user_customer_fr
        customer.partner_id.write({"city": "Lyon", "zip": "69001", "phone": "+33612345678"})
        for phone in ("abc", "06 12 34"):
            with self.subTest(phone=phone):
                answer = self._submit(customer, "fr_FR", phone=phone)
                self.assertEqual(answer["invalid_fields"], ["phone"])
                self.assertIn(
                    f"Téléphone (France) : {phone} n'est pas un numéro valide",
                    answer["messages"][0],
                )
                self.assertIn("(+33)", answer["messages"][0])
                self.assertEqual(customer.partner_id.phone, "+33612345678", "nothing saved")
        answer = self._submit(customer, "ar_001", phone="abc")
        self.assertIn("ليس رقمًا صالحًا", answer["messages"][0])

    def test_phone_as_dialled_in_her_country_or_international_is_accepted(self):
        customer = self.user_customer_fr
        for phone in ("06 12 34 56 78", "+212 6 61 23 45 67"):  # her French or Moroccan mobile
            with self.subTest(phone=phone):
                answer = self._submit(customer, "fr_FR", phone=phone)
                self.assertNotIn("invalid_fields", answer)
                self.assertEqual(customer.partner_id.phone, phone)
        answer = self._submit(self.user_customer_ma, "fr_FR", phone="0661234567")
        self.assertNotIn("invalid_fields", answer, "a Moroccan number for Guelmim")
