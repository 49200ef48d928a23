def migrate(cr, version):
    """1.1.0: a cooperative manager no longer reads the other cooperatives' managers. Her
    read rule on partners is in a noupdate block, which an update never rewrites: drop it,
    and the update creates it anew from the module's data."""
    cr.execute(
        """
        DELETE FROM ir_rule
         WHERE id IN (SELECT res_id FROM ir_model_data
                       WHERE module = 'coop_gie' AND model = 'ir.rule'
                         AND name = 'rule_partner_coop_manager_read')
        """
    )
    cr.execute(
        """
        DELETE FROM ir_model_data
         WHERE module = 'coop_gie' AND model = 'ir.rule'
           AND name = 'rule_partner_coop_manager_read'
        """
    )
