"""Routing explanations are stored as codes and values, written in the reader's language
(``coop.allocation.reason_data``, ``sale.order.coop_route_log``). The texts stored before,
in the company's language, are kept as they are: one text entry each."""


def migrate(cr, version):
    cr.execute(
        """
        SELECT 1 FROM information_schema.columns
         WHERE table_name = 'coop_allocation' AND column_name = 'reason'
        """
    )
    if cr.rowcount:
        cr.execute(
            """
            UPDATE coop_allocation
               SET reason_data = jsonb_build_array(jsonb_build_object('text', reason))
             WHERE reason IS NOT NULL AND reason != '' AND reason_data IS NULL
            """
        )
        # the explanation is computed now: the text is in reason_data
        cr.execute("ALTER TABLE coop_allocation DROP COLUMN reason")
    # {line id: text} becomes {line id: [{"text": text}]}
    cr.execute(
        """
        UPDATE sale_order
           SET coop_route_log = (
                SELECT jsonb_object_agg(
                           log.key,
                           CASE jsonb_typeof(log.value)
                                WHEN 'string' THEN jsonb_build_array(
                                    jsonb_build_object('text', log.value)
                                )
                                ELSE log.value
                           END
                       )
                  FROM jsonb_each(coop_route_log) log
               )
         WHERE jsonb_typeof(coop_route_log) = 'object'
           AND EXISTS (
                SELECT 1 FROM jsonb_each(coop_route_log) log
                 WHERE jsonb_typeof(log.value) = 'string'
               )
        """
    )
