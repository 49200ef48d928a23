"""Quality labels that the storefront may claim for a product.

Pure Python: ids in, ids out, no Odoo import. The ORM layer gathers, for a page of
products, who makes each product and the certifications each of them holds, then asks
:func:`product_labels` which labels hold for it.

Routing may give an order of a product to any of its makers that holds every certification
the product requires (all of them when it requires none). A label is only true of what the
customer receives when each of those cooperatives holds it, for all her products or for
this one: a label held by one maker only is not shown.
"""


def held_types(certifications, product_id):
    """Types of ``certifications`` covering the product.

    ``certifications`` are ``(type id, product ids)`` pairs of one cooperative, where empty
    product ids mean a certification of all her products.
    """
    return frozenset(
        type_id
        for type_id, product_ids in certifications
        if not product_ids or product_id in product_ids
    )


def routable_makers(held_by_maker, required):
    """Makers that routing can give an order to: those holding every required type.

    ``held_by_maker`` is ``{maker id: types she holds for the product}``.
    """
    return frozenset(maker for maker, held in held_by_maker.items() if required <= held)


def product_labels(held_by_maker, required, label_types):
    """Label types held by every maker that can be given an order of the product.

    Empty when no maker can be given the order.
    """
    makers = routable_makers(held_by_maker, required)
    if not makers:
        return frozenset()
    return frozenset(label_types).intersection(*(held_by_maker[maker] for maker in makers))
