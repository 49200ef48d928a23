"""The name of a unit (or of what is counted: members, women) after a number, in the form
its language writes there (pure Python).

Odoo gives a unit one name per language, whatever the number. Arabic makes the counted noun
agree with the number: "1 وحدة", "2 وحدتان" (dual), "4 وحدات" (plural from 3 to 10), "11
درهماً" (from 11 to 99 the counted noun is a singular in the accusative, which a word ending
in ta marbuta does not show: "11 وحدة"), and so on by the last two digits ("103 وحدات", "111
درهماً"); a round hundred, thousand or more reads with the singular ("100 درهم", "200
وحدة"), a fraction too ("2.5 كجم"), nothing with the plural ("0 وحدات"). French writes the
singular below two ("1 dirham", "0 dirham", "1,5 kilo"), the plural from two on. A name
that is not known here (an abbreviation such as "كجم", which does not change, or a unit the
GIE added) is written as it is, and so is every name in another language.
"""

import math
import re

# Forms of the names the suite writes after numbers, by language: Arabic (singular, dual,
# plural, accusative singular), French (singular, plural). A name is known by any of its
# forms.
FORMS = {
    "ar": (
        ("وحدة", "وحدتان", "وحدات", "وحدة"),  # Odoo's Units, as the suite names them
        # Odoo's Dozens ("درزينات" in Odoo's Arabic)
        ("درزينة", "درزينتان", "درزينات", "درزينة"),
        # the labels of the dirham and the centime in amounts in words ("ثلاثة دراهم")
        ("درهم", "درهمان", "دراهم", "درهماً"),
        ("سنتيم", "سنتيمان", "سنتيمات", "سنتيماً"),
        # the members of a cooperative, and the women among them ("5 أعضاء، منهم 4 نساء")
        ("عضو", "عضوان", "أعضاء", "عضواً"),
        ("امرأة", "امرأتان", "نساء", "امرأة"),
    ),
    "fr": (
        # the labels of currencies in amounts in words ("Mille Deux Cents Dirhams")
        ("Dirham", "Dirhams"),
        ("Centime", "Centimes"),
        ("Euro", "Euros"),
        ("membre", "membres"),
        ("femme", "femmes"),
    ),
}
_BY_NAME = {
    (language, form): forms
    for language, table in FORMS.items()
    for forms in table
    for form in forms
}


def _forms(name, lang):
    """The forms of ``name`` in ``lang`` (a code such as "ar_001"), or None if unknown."""
    if not name or not lang:
        return None
    return _BY_NAME.get((lang.split("_")[0], name.strip()))


def _arabic_index(number):
    """Which form Arabic writes after ``number``: 0 singular, 1 dual, 2 plural, 3
    accusative singular."""
    whole = round(number)
    if not math.isclose(number, whole, abs_tol=1e-9):
        return 0  # a fraction: "2.5 كجم"
    whole = abs(whole)
    if whole == 2:
        return 1
    if whole == 0 or 3 <= whole % 100 <= 10:
        return 2
    if 11 <= whole % 100 <= 99:
        return 3  # "ستون درهماً", "مئة وأحد عشر درهماً"
    return 0  # 1, 100, 101, 102, 1000, ...


def unit_name(name, number, lang):
    """``name`` (of a unit, in ``lang``) in the form ``lang`` writes after ``number``."""
    forms = _forms(name, lang)
    if not forms:
        return name
    if len(forms) == 4:
        return forms[_arabic_index(number)]
    return forms[0] if abs(number) < 2 else forms[1]


def unit_name_in_words(name, number, lang):
    """``name`` (of a unit, in ``lang``) after ``number`` spelled in words: as after
    digits, but French puts "de" between a million or a milliard and the unit ("Un Million
    de Dirhams", "Deux Milliards de Dirhams"; "Un Million Deux Cents Dirhams")."""
    form = unit_name(name, number, lang)
    if _forms(name, lang) and lang.startswith("fr") and number and not number % 1_000_000:
        return f"de {form}"
    return form


# the conjunction "و" written as a word of its own, and what precedes it
_AR_AND_APART = re.compile(r"(^|\s)و\s+")

# num2words' Arabic for one and two
_AR_ONE, _AR_TWO = "واحد", "اثنان"


def arabic_count_in_words(text, count, name):
    """``text``, an Arabic amount in words, where ``count`` spelled out is followed by
    ``name`` in its form (``unit_name``): Arabic writes one after its noun ("درهم واحد", not
    "واحد درهم") and the dual alone ("درهمان", not "اثنان درهمان"); a name whose dual is
    not known here keeps its number ("اثنان يورو": "يورو" alone would be one euro)."""
    if count == 1:
        return text.replace(f"{_AR_ONE} {name}", f"{name} {_AR_ONE}", 1)
    forms = _forms(name, "ar")
    if count == 2 and forms and name == forms[1]:
        return text.replace(f"{_AR_TWO} {name}", name, 1)
    return text


def arabic_attach_and(text):
    """``text`` in Arabic with its conjunction "و" (and) written on the word that follows, as
    Arabic writes it ("خمسة آلاف وخمسمائة وأربعة وأربعون"); num2words and Odoo's amount in
    words write it apart ("خمسة آلاف و خمسمائة و أربعة و أربعون")."""
    return _AR_AND_APART.sub(r"\1و", text)


def unit_plural(name, lang):
    """``name`` (of a unit, in ``lang``) as ``lang`` writes it for the unit in general, as
    in "a whole number of units": its plural."""
    forms = _forms(name, lang)
    return forms[2 if len(forms) == 4 else 1] if forms else name
