"""Which languages a text translated with Odoo (``translate=True``) is written in."""

SOURCE_LANG = "en_US"


def english_is_a_copy(stored):
    """Whether the English text of ``stored`` ({lang: text}, as in the field's column) is
    only the copy Odoo made of a text typed in another language: Odoo keeps the first text
    typed, whatever its language, as the English one until someone translates it."""
    stored = stored or {}
    source = stored.get(SOURCE_LANG)
    return bool(source) and any(
        text == source for lang, text in stored.items() if lang != SOURCE_LANG
    )


def missing_langs(stored, langs):
    """The languages of ``langs`` that ``stored`` has no text of its own in (sorted).

    A language without text reads another language's (Odoo falls back to English); English
    lacks its own text while it is a copy (see ``english_is_a_copy``). An empty text has
    nothing to translate."""
    stored = {lang: text for lang, text in (stored or {}).items() if text}
    if not stored:
        return []
    copied = english_is_a_copy(stored)
    return sorted(
        lang for lang in set(langs) if lang not in stored or (lang == SOURCE_LANG and copied)
    )
