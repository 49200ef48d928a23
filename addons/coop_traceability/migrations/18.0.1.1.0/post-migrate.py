"""1.1.0: the instructions of recalls are translated per language. Odoo turned their column
into {"en_US": text}, whatever language the text was typed in; it is also, as Odoo would
have stored it when typed, the text of its author's language (the language of her Odoo), so
that customers of that language are notified with it and not told it is missing."""

from odoo.tools import SQL


def migrate(cr, version):
    cr.execute(
        SQL(
            """
            UPDATE coop_recall recall
               SET instructions = recall.instructions
                                  || jsonb_build_object(partner.lang, recall.instructions->'en_US')
              FROM res_users author
              JOIN res_partner partner ON partner.id = author.partner_id
              JOIN res_lang lang ON lang.code = partner.lang AND lang.active
             WHERE author.id = recall.create_uid
               AND partner.lang != 'en_US'
               AND recall.instructions ? 'en_US'
               AND NOT recall.instructions ? partner.lang
            """
        )
    )
