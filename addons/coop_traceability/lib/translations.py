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


def reading(stored, lang):
    """What a reader of ``lang`` reads of ``stored`` ({lang: text}) and the language it is
    written in, as ``(text, written_lang)``: her language's own text, else (as Odoo) the
    English text, written in English unless it is only Odoo's copy of the text of another
    language (see ``english_is_a_copy``), then in that one (the first, sorted).
    ``("", lang)`` when there is no text to read."""
    stored = {code: text for code, text in (stored or {}).items() if text}
    copied = english_is_a_copy(stored)
    if lang in stored and not (lang == SOURCE_LANG and copied):
        return stored[lang], lang
    source = stored.get(SOURCE_LANG)
    if not source:
        return "", lang
    if copied:
        return source, min(
            code for code, text in stored.items() if code != SOURCE_LANG and text == source
        )
    return source, SOURCE_LANG
