"""Routing explanations are stored as codes and values, written in the reader's language
(``coop.allocation.reason_data``, ``sale.order.coop_route_log``). The texts stored before,
in the company's language, are kept as they are: one text entry each.

What of a refusal or expiry was re-routed (``coop.allocation.rerouted_qty``) is recorded
when re-routing: for the allocations closed before, it is worked out from the re-routed
allocations of their line, credited to the oldest refusals first."""


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
    cr.execute(
        """
        WITH closed AS (
            SELECT id, sale_line_id, answered_at,
                   CASE WHEN state IN ('refused', 'expired') THEN qty ELSE 0.0 END AS qty
              FROM coop_allocation
        ), given AS (
            SELECT sale_line_id, SUM(qty) AS qty
              FROM coop_allocation
             WHERE rerouted_from_id IS NOT NULL
          GROUP BY sale_line_id
        ), credited AS (
            SELECT closed.id,
                   LEAST(closed.qty, GREATEST(given.qty + closed.qty - SUM(closed.qty) OVER (
                       PARTITION BY closed.sale_line_id ORDER BY closed.answered_at, closed.id
                   ), 0.0)) AS qty
              FROM closed
              JOIN given ON given.sale_line_id = closed.sale_line_id
        )
        UPDATE coop_allocation a
           SET rerouted_qty = credited.qty
          FROM credited
         WHERE credited.id = a.id AND credited.qty > 0 AND a.rerouted_qty IS NULL
        """
    )
