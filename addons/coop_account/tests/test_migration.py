import importlib.util
from pathlib import Path

from odoo.tests import tagged

from .common import CoopAccountCase

POST_MIGRATE = Path(__file__).parents[1] / "migrations" / "18.0.1.1.0" / "post-migrate.py"


@tagged("post_install", "-at_install")
class TestMigration(CoopAccountCase):
    def test_cod_provider_moves_to_the_cod_journal(self):
        """A database of 18.0.1.0.0: the shop's cash on delivery had no entry point of its
        own (it was made in the bank journal at the first collection)."""
        provider = self.env.ref("coop_website_shop.payment_provider_cod")
        cod = self.company.coop_cod_journal_id
        provider.state = "disabled"  # Odoo keeps the entry point of an enabled provider
        self.env["account.payment.method.line"].search(
            [("payment_provider_id", "=", provider.id)]
        ).unlink()
        provider.invalidate_recordset(["journal_id"])
        self.assertNotEqual(provider.journal_id, cod)
        spec = importlib.util.spec_from_file_location("coop_account_post_migrate", POST_MIGRATE)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        module.migrate(self.env.cr, "18.0.1.0.0")
        provider.invalidate_recordset(["journal_id"])
        self.assertEqual(provider.journal_id, cod)
