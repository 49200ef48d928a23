"""The header shows the GIE's logo: a website still showing Odoo's placeholder ("YourLogo")
shows its company's."""

import base64
import io

from PIL import Image

from odoo.tests import TransactionCase, tagged

from ..hooks import post_init_hook


def png(color):
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), color).save(buffer, "PNG")
    return base64.b64encode(buffer.getvalue())


@tagged("post_install", "-at_install")
class TestWebsiteLogo(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env["res.company"].create({"name": "Test Central"})

    def _website(self, **values):
        return self.env["website"].create(
            {"name": "Test Shop", "company_id": self.company.id, **values}
        )

    def test_a_website_follows_the_logo_of_its_company(self):
        website = self._website()
        self.assertEqual(website.logo, website._default_logo(), "Odoo's placeholder")
        self.company.logo = png("green")
        self.assertEqual(website.logo, self.company.logo)
        self.company.logo = png("brown")
        self.assertEqual(website.logo, self.company.logo, "and its next one")
        own = png("blue")
        website.logo = own
        self.company.logo = png("green")
        self.assertEqual(website.logo, own, "a logo of its own is kept")

    def test_on_install_the_placeholder_gives_way_to_the_company_logo(self):
        self.company.logo = png("green")
        website = self._website()
        own = self._website(logo=png("blue"))
        self.assertEqual(website.logo, website._default_logo())
        post_init_hook(self.env)
        self.assertEqual(website.logo, self.company.logo)
        self.assertEqual(own.logo, png("blue"))
