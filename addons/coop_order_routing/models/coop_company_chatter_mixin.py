from odoo import models


class CoopCompanyChatterMixin(models.AbstractModel):
    """What the chatter of a record writes once (the note of its creation, the labels of
    its tracked changes) is written in its company's language, as central staff read it,
    whoever writes: Odoo writes it in the language of the writer (a job without one, the
    public user of the SMS webhook, a cooperative manager in Arabic).

    For models with a ``company_id`` and a chatter. List it first among their parents,
    before ``mail.thread`` (whose note of creation it writes in the company's language).
    """

    _name = "coop.company.chatter.mixin"
    _description = "Chatter Written in the Company's Language"

    def _coop_chatter_env(self):
        """The environment this record's chatter is written in (see the class)."""
        return self.env["coop.allocation"]._coop_staff_env(self.company_id or self.env.company)

    def _creation_message(self):
        record = self.with_env(self._coop_chatter_env())
        return super(CoopCompanyChatterMixin, record)._creation_message()

    def _mail_track(self, tracked_fields, initial_values):
        # Odoo writes the labels of the changes once, in the language of the first writer of
        # the transaction
        record = self.with_env(self._coop_chatter_env())
        if record.env is not self.env:
            # the labels of the fields and of their values, as mail's _message_track reads them
            tracked_fields = record.fields_get(
                list(tracked_fields), attributes=("string", "type", "selection", "currency_field")
            )
        return super(CoopCompanyChatterMixin, record)._mail_track(tracked_fields, initial_values)
