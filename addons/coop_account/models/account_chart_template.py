from odoo import models
from odoo.addons.account.models.chart_template import template

# Arabic names of the VAT groups of the Moroccan chart (l10n_ma gives English and French):
# the label of the tax in the totals of the documents and portal pages customers read.
MA_TAX_GROUPS_AR = {
    f"tax_group_vat_{rate}": f"الضريبة على القيمة المضافة {rate}%" for rate in (20, 14, 10, 7, 0)
}

# The label of the taxes of the Moroccan chart that customers and cooperatives read (the
# customers' order pages, orders and invoices; the cooperatives' bills), by rate: not the
# accountant's names l10n_ma gives them ("20% 80", "20% EX 129": the rate and the line of
# the VAT return), nor its French labels (the descriptions of those lines: "Achats non
# immobilisés à l'interieur" on a cooperative's bill).
MA_TAX_CODES = {
    "out": {
        20: (80, 81, 82, 83, 87, 93, 94, 95, 102, 129),
        14: (84, 88, 90, 91, 104, 129),
        10: (
            76,
            77,
            78,
            79,
            85,
            86,
            89,
            92,
            96,
            97,
            98,
            99,
            100,
            101,
            103,
            105,
            108,
            109,
            112,
            118,
            129,
        ),
        7: (106, 107, 110, 111, 113, 114, 115, 116, 117, 119, 129),
        0: (20, 30, 40, 50),
    },
    "in": {
        20: (140, 145, 146, 155, 156, 162, 163, 164, 165, 166, 167),
        14: (141, 147, 148, 168),
        10: (142, 143, 144, 149, 150, 153, 160),
        7: (151, 152, 169),
    },
}
MA_TAX_LABELS = {
    f"vat_{direction}_{rate}_{code}": {
        "invoice_label": f"VAT {rate}%",
        "invoice_label@fr": f"TVA {rate} %",
        "invoice_label@ar": f"ض.ق.م {rate}%",
    }
    for direction, by_rate in MA_TAX_CODES.items()
    for rate, codes in by_rate.items()
    for code in codes
}


class AccountChartTemplate(models.AbstractModel):
    _inherit = "account.chart.template"

    @template("ma", "account.tax.group")
    def _get_ma_coop_account_tax_group(self):
        return {xmlid: {"name@ar": name} for xmlid, name in MA_TAX_GROUPS_AR.items()}

    @template("ma", "account.tax")
    def _get_ma_coop_account_tax(self):
        return MA_TAX_LABELS

    def _post_load_data(self, template_code, company, template_data):
        """A company given its chart after the suite was installed (the usual way on a new
        database: Odoo loads the chart once the modules are installed) gets its
        cash-on-delivery journal then."""
        res = super()._post_load_data(template_code, company, template_data)
        company._coop_setup_cod_journal()
        return res
