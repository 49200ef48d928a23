"""1.4.0: a cash on delivery collection posts the draft credit notes of goods given back
only, not the accountant's own drafts. Those of goods given back are the draft customer
credit notes still carrying her to-do to post them: mark them so."""

from odoo import SUPERUSER_ID, api
from odoo.addons.coop_account.models.purchase_order import POST_REFUND


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    todo = env.ref(POST_REFUND, raise_if_not_found=False)
    if not todo:
        return
    env["account.move"].search(
        [
            ("move_type", "=", "out_refund"),
            ("state", "=", "draft"),
            ("activity_ids.activity_type_id", "=", todo.id),
        ]
    ).coop_goods_given_back = True
