"""Choose the language of a public page among the installed ones."""


def pick_lang(requested, installed, default="fr_FR"):
    """First of ``requested`` (codes like 'ar_001', 'ar-MA', 'fr', in order of preference)
    that matches an installed language exactly or by its language part; else ``default``
    when installed, else the first installed language."""
    installed = list(installed)
    by_language = {}
    for code in installed:
        by_language.setdefault(code.split("_")[0].lower(), code)
    for wanted in requested:
        if not wanted:
            continue
        wanted = wanted.replace("-", "_")
        if wanted in installed:
            return wanted
        match = by_language.get(wanted.split("_")[0].lower())
        if match:
            return match
    if default in installed:
        return default
    return installed[0] if installed else default
