"""Pure Python helpers of the addon (no ``env``): GS1 identifiers and Digital Link URLs,
traceability closure, quality evaluation, ZPL text and language negotiation."""
