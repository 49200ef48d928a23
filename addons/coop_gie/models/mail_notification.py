from odoo import models


class MailNotification(models.Model):
    _inherit = "mail.notification"

    def _filtered_for_web_client(self):
        """Only the notifications the user may read (rule_notification_coop_manager).

        The notifications of a message are cached whoever read them: the chatter reads
        them as superuser too (who is waiting for the message), so the user's copy may hold
        notifications her record rules hide, that the web client would then fail to read.
        """
        return super(MailNotification, self._filtered_access("read"))._filtered_for_web_client()
