from odoo import models


class AccountChartTemplate(models.AbstractModel):
    _inherit = "account.chart.template"

    def _post_load_data(self, template_code, company, template_data):
        """A company given its chart after the suite was installed (the usual way on a new
        database: Odoo loads the chart once the modules are installed) gets its
        cash-on-delivery journal then."""
        res = super()._post_load_data(template_code, company, template_data)
        company._coop_setup_cod_journal()
        return res
