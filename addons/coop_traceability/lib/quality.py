"""Quality checks on receipt: the result of one measure and the state of a lot."""

PASS, FAIL, TODO = "pass", "fail", "todo"
BLOCKING_STATES = ("failed", "rejected")


def evaluate(value, min_value, max_value):
    """'pass' when ``min_value <= value <= max_value``, else 'fail' (None value: 'todo')."""
    if value is None:
        return TODO
    return PASS if min_value <= value <= max_value else FAIL


def lot_state(results, decision=None):
    """Quality state of a lot from its check results and the GIE manager's decision.

    none: no check; pending: some not measured yet, none failed; passed: all passed;
    failed: a check failed and nobody decided yet (the lot is blocked); released / rejected:
    the GIE manager's decision after a failure.
    """
    results = list(results)
    if not results:
        return "none"
    if FAIL in results:
        if decision == "release":
            return "released"
        if decision == "reject":
            return "rejected"
        return "failed"
    if TODO in results:
        return "pending"
    return "passed"


def is_blocked(state):
    return state in BLOCKING_STATES
