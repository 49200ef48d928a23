"""Deadlines of cooperative purchase orders and of their SMS (pure Python)."""

from datetime import timedelta


def answer_deadline(sent_at, answer_hours, order_deadline=None, lead_time_days=0, min_hours=2):
    """When an unanswered order expires and its quantity is re-routed.

    ``answer_hours`` after sending, but no later than the last moment that still leaves the
    cooperative its lead time before ``order_deadline`` (the customer's commitment), and never
    less than ``min_hours`` after sending.
    """
    deadline = sent_at + timedelta(hours=answer_hours)
    if order_deadline:
        latest = order_deadline - timedelta(days=lead_time_days)
        deadline = min(deadline, latest)
    return max(deadline, sent_at + timedelta(hours=min_hours))


def reminder_at(sent_at, deadline, reminder_hours):
    """When the reminder SMS of an order sent at ``sent_at`` goes: ``reminder_hours`` before
    its ``deadline``, but never in the first half of the answer window (``deadline -
    sent_at``). A deadline shortened by the customer's date (e.g. 3 hours when the reminder
    is 4 hours before) would otherwise send the reminder with the request: she is then
    reminded halfway through her time to answer."""
    halfway = sent_at + (deadline - sent_at) / 2
    return max(deadline - timedelta(hours=reminder_hours), halfway)


def reminder_due(now, sent_at, deadline, reminder_hours, reminded):
    """Whether the reminder SMS must go now (once, see ``reminder_at``)."""
    return not reminded and reminder_at(sent_at, deadline, reminder_hours) <= now < deadline


def expired(now, deadline):
    return deadline is not None and now >= deadline


def sms_retry_at(tried_at, attempts, retry_minutes):
    """Earliest next try of an SMS that failed its ``attempts``-th attempt at ``tried_at``:
    ``retry_minutes`` times the attempts made, so that the tries spread out (with 30
    minutes: 30 minutes after the first, an hour after the second...)."""
    return tried_at + timedelta(minutes=retry_minutes * attempts)
