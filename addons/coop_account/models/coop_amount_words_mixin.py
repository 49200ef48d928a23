from odoo import api, fields, models

# Languages in which amounts are spelled out on documents addressed to cooperatives:
# (code of the language in Odoo, text direction).
WORDS_LANGS = (("fr_FR", "ltr"), ("ar_001", "rtl"))


class CoopAmountWordsMixin(models.AbstractModel):
    """Amount of a document in words, in French and in Arabic, whatever the language of the
    document: cooperative managers read one or the other. Spelled by
    ``res.currency.amount_to_text`` (num2words) in the context of each language."""

    _name = "coop.amount.words.mixin"
    _description = "Amount in Words (French and Arabic)"

    coop_amount_words_fr = fields.Char(
        string="Amount in Words (French)", compute="_compute_coop_amount_words"
    )
    coop_amount_words_ar = fields.Char(
        string="Amount in Words (Arabic)", compute="_compute_coop_amount_words"
    )

    def _coop_words_amount(self):
        """(amount, currency) to spell out for ``self`` (one record)."""
        raise NotImplementedError()

    @api.model
    def _coop_active_lang(self, code):
        """``code`` when that language is active, else None (amounts then fall back to
        the language of the user, as ``amount_to_text`` does)."""
        return self.env["res.lang"]._get_code(code) or None

    @api.model
    def _coop_amount_to_text(self, currency, amount, lang_code):
        """``amount`` in words in ``lang_code``; a negative amount says "minus" in that
        language rather than losing its sign."""
        lang = self._coop_active_lang(lang_code)
        currency = currency.with_context(lang=lang) if lang else currency
        amount = amount or 0.0
        words = currency.amount_to_text(abs(amount))
        if currency.compare_amounts(amount, 0.0) < 0:
            words = currency.env._("Minus %(amount)s", amount=words)
        return words

    def _compute_coop_amount_words(self):
        for record in self:
            amount, currency = record._coop_words_amount()
            if not currency:
                record.coop_amount_words_fr = record.coop_amount_words_ar = False
                continue
            record.coop_amount_words_fr = self._coop_amount_to_text(currency, amount, "fr_FR")
            record.coop_amount_words_ar = self._coop_amount_to_text(currency, amount, "ar_001")

    def _coop_amount_words_lines(self):
        """For QWeb: the amount in words in each language, with its label translated in that
        same language and its text direction; the document's language (the environment's)
        first: on the right of an Arabic document, on the left of a French one."""
        self.ensure_one()
        amount, currency = self._coop_words_amount()
        lines = []
        for code, direction in WORDS_LANGS:
            lang = self._coop_active_lang(code)
            env = self.with_context(lang=lang).env if lang else self.env
            lines.append(
                {
                    "lang": code,
                    "direction": direction,
                    "label": env._("Amount in words:"),
                    "words": self._coop_amount_to_text(currency, amount, code),
                }
            )
        return sorted(lines, key=lambda line: line["lang"] != self.env.lang)
