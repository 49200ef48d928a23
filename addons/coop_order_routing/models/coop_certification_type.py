from odoo import models


class CoopCertificationType(models.Model):
    _inherit = "coop.certification.type"

    def write(self, vals):
        # products do not require an archived type (their requirements hide it): restored,
        # it is required anew by the products naming it
        restored = self.filtered(lambda t: not t.active) if vals.get("active") else self.browse()
        res = super().write(vals)
        if restored:
            templates = (
                self.env["product.template"]
                .sudo()  # sudo: every product requiring it, whoever restores it
                .with_context(active_test=False)
                .search([("coop_required_certification_type_ids", "in", restored.ids)])
            )
            if templates:
                self.env["purchase.order"]._coop_take_back_newly_required(
                    {
                        tmpl: tmpl.coop_required_certification_type_ids & restored
                        for tmpl in templates
                    }
                )
        return res
