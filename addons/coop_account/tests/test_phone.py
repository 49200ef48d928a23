from odoo import Command
from odoo.tests import HttpCase, tagged

from .common import CoopAccountCase


@tagged("post_install", "-at_install")
class TestManagerPhone(CoopAccountCase, HttpCase):
    """On her phone, the manager of Tifaout reads her bills and statements as cards: the
    amounts fit on the screen (a list cuts them off on the right)."""

    browser_size = "375x667"
    touch_enabled = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tif = cls.env.ref("coop_gie.coop_tifaout")
        cls.khadija = cls.env.ref("coop_gie.user_tifaout")
        product = cls.env["product.product"].create(
            {"name": "Barley couscous (phone)", "default_code": "CSC-PH", "type": "consu"}
        )
        cls.bill = cls.env["account.move"].create(
            {
                "move_type": "in_invoice",
                "partner_id": cls.tif.id,
                "ref": "PHONE-BILL-1",
                "invoice_date": cls.today,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "quantity": 4,
                            "price_unit": 60.0,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        cls.bill.action_post()

    def test_her_bills_are_cards_on_her_phone(self):
        self.start_tour(
            "/odoo/action-coop_account.action_coop_my_bills",
            "coop_account_my_bills_on_phone",
            login=self.khadija.login,
        )

    def test_her_statements_are_cards_on_her_phone(self):
        self.env["coop.payout.statement"].create(
            {"partner_id": self.tif.id, "date_from": self.today, "date_to": self.today}
        )
        self.start_tour(
            "/odoo/action-coop_account.action_coop_my_statements",
            "coop_account_my_statements_on_phone",
            login=self.khadija.login,
        )
