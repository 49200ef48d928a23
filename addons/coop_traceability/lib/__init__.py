"""Pure Python helpers of the addon (no ``env``): GS1 identifiers and Digital Link URLs,
traceability closure, quality evaluation, ZPL text, language negotiation and the languages
a translated text is written in."""
