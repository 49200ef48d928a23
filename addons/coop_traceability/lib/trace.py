"""Traceability closure and customer impact of a recall, on plain values."""

from dataclasses import dataclass, field


class TraceTooDeep(ValueError):
    """The lot graph is deeper than any real production chain: probably a cycle of data."""


def closure(start, neighbours, max_levels=50):
    """Every node reachable from ``start`` through ``neighbours``, with its level.

    ``neighbours`` is called once per level with the frozenset of the newest nodes and
    returns the nodes directly derived from them (so the caller can answer in one batch).
    Returns ``{node: level}``; ``start`` nodes are level 0. Cycles are harmless.
    """
    levels = dict.fromkeys(start, 0)
    frontier = set(levels)
    level = 0
    while frontier:
        level += 1
        if level > max_levels:
            raise TraceTooDeep(f"more than {max_levels} levels of derived lots")
        found = set(neighbours(frozenset(frontier))) - levels.keys()
        for node in found:
            levels[node] = level
        frontier = found
    return levels


@dataclass(frozen=True)
class Delivery:
    """One done move line of a lot to a customer."""

    partner_id: int
    lot_id: int
    picking_id: int
    quantity: float


@dataclass
class CustomerImpact:
    """What one customer received of the recalled lots."""

    partner_id: int
    lot_ids: set = field(default_factory=set)
    picking_ids: set = field(default_factory=set)
    quantity: float = 0.0


def customers(deliveries):
    """Group deliveries per customer, in order of first appearance."""
    impacts = {}
    for delivery in deliveries:
        impact = impacts.setdefault(delivery.partner_id, CustomerImpact(delivery.partner_id))
        impact.lot_ids.add(delivery.lot_id)
        impact.picking_ids.add(delivery.picking_id)
        impact.quantity += delivery.quantity
    return list(impacts.values())
