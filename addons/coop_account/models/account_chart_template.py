from odoo import models
from odoo.addons.account.models.chart_template import template

# Arabic names of the VAT groups of the Moroccan chart (l10n_ma gives English and French):
# the label of the tax in the totals of the documents and portal pages customers read.
MA_TAX_GROUPS_AR = {
    f"tax_group_vat_{rate}": f"الضريبة على القيمة المضافة {rate}%" for rate in (20, 14, 10, 7, 0)
}


class AccountChartTemplate(models.AbstractModel):
    _inherit = "account.chart.template"

    @template("ma", "account.tax.group")
    def _get_ma_coop_account_tax_group(self):
        return {xmlid: {"name@ar": name} for xmlid, name in MA_TAX_GROUPS_AR.items()}

    def _post_load_data(self, template_code, company, template_data):
        """A company given its chart after the suite was installed (the usual way on a new
        database: Odoo loads the chart once the modules are installed) gets its
        cash-on-delivery journal then."""
        res = super()._post_load_data(template_code, company, template_data)
        company._coop_setup_cod_journal()
        return res
