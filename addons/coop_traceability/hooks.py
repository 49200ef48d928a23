import secrets

from odoo.tools import SQL


def post_init_hook(env):
    """Give every lot that existed before the addon its own public token."""
    env.cr.execute(SQL("SELECT id FROM stock_lot WHERE coop_token IS NULL"))
    ids = [row[0] for row in env.cr.fetchall()]
    if not ids:
        return
    tokens = [secrets.token_urlsafe(16) for _id in ids]
    env.cr.execute(
        SQL(
            "UPDATE stock_lot SET coop_token = data.token "
            "FROM unnest(%s::int[], %s::varchar[]) AS data(id, token) "
            "WHERE stock_lot.id = data.id",
            ids,
            tokens,
        )
    )
    env["stock.lot"].invalidate_model(["coop_token"])
