"""Failed SMS wait for their next try (``sms.sms.coop_retry_at``) since 1.2.0: those that
failed before it, with attempts left, are tried again at the next run of the retry job
(which cancels those asking for an answer their order no longer waits for)."""


def migrate(cr, version):
    cr.execute(
        """
        UPDATE sms_sms SET coop_retry_at = now() AT TIME ZONE 'UTC'
         WHERE state = 'error' AND failure_type = 'sms_server' AND coop_retry_at IS NULL
        """
    )
