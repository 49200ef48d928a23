"""When an allocation was routed is recorded (``coop.allocation.routed_at``): a part closed
later is a copy, whose creation date is that of the answer. The allocations made before
get their creation date, filled before the field is made required."""


def migrate(cr, version):
    cr.execute("ALTER TABLE coop_allocation ADD COLUMN IF NOT EXISTS routed_at timestamp")
    cr.execute("UPDATE coop_allocation SET routed_at = create_date WHERE routed_at IS NULL")
