from odoo import models
from odoo.tools.misc import get_lang

from ..unit_names import arabic_attach_and, arabic_count_in_words, unit_name_in_words


class ResCurrency(models.Model):
    _inherit = "res.currency"

    def amount_to_text(self, amount):
        """Odoo spells an amount with the one label of each unit, whatever the number: the
        label is written in the form the language wants after its number (unit_names):
        "Mille Deux Cents Dirhams", "Un Dirham et Un Centime", "Un Million de Dirhams" in
        French, "ثلاثة دراهم", "اثنا عشر درهم", "درهمان", "درهم واحد" in Arabic, where "و" (and) is
        written on the word after it ("ألف وخمسمائة درهم")."""
        self.ensure_one()
        lang = get_lang(self.env).code
        integral, _sep, fractional = f"{abs(amount):.{self.decimal_places}f}".partition(".")
        labels = {
            "currency_unit_label": unit_name_in_words(
                self.currency_unit_label, int(integral), lang
            ),
            "currency_subunit_label": unit_name_in_words(
                self.currency_subunit_label, int(fractional or 0), lang
            ),
        }
        if all(self[name] == label for name, label in labels.items()):
            text = super().amount_to_text(amount)
        else:
            # the same amount, spelled by Odoo with the labels in their form
            text = super(ResCurrency, self.new(labels, origin=self)).amount_to_text(amount)
        if lang.startswith("ar"):
            text = arabic_count_in_words(text, int(integral), labels["currency_unit_label"])
            text = arabic_count_in_words(
                text, int(fractional or 0), labels["currency_subunit_label"]
            )
            text = arabic_attach_and(text)
        return text
