"""The IBAN customers abroad pay to (pure Python, python-stdnum, which Odoo requires).

A Moroccan account is written as its RIB: 24 digits (bank 3, city 3, account 16, key 2),
whose key makes the whole number a multiple of 97. Its IBAN is "MA", two check digits
(ISO 7064 MOD 97-10) and the RIB: the account 007 270 0001234567890012 35 is paid from
abroad to MA64 0072 7000 0123 4567 8900 1235. Odoo's ``base_iban`` validates IBANs of the
countries it knows (Morocco is not among them) and computes none.

An account number that already is an IBAN (of any country) is that IBAN. A number that is
neither (a RIB whose key is wrong, an account of another country) has none: an IBAN made
from a mistyped RIB would send the customer's money nowhere.
"""

from stdnum import iban
from stdnum.iso7064 import mod_97_10

RIB_LENGTH = 24


def is_iban(number):
    """Whether ``number`` (spaces allowed) is an IBAN: country, check digits, account."""
    compact = iban.compact(number or "")
    return (
        15 <= len(compact) <= 34
        and compact[:2].isalpha()
        and compact[2:4].isdigit()
        and compact[4:].isalnum()
        and mod_97_10.is_valid(compact[4:] + compact[:4])
    )


def is_moroccan_rib(number):
    """Whether ``number`` (spaces allowed) is a Moroccan RIB with a valid key."""
    compact = iban.compact(number or "")
    return len(compact) == RIB_LENGTH and compact.isdigit() and int(compact) % 97 == 0


def account_iban(number, country_code):
    """The IBAN of the account ``number`` held in ``country_code`` (ISO 3166, e.g. "MA"),
    printed in groups of four, or "" when it has none."""
    compact = iban.compact(number or "")
    if is_iban(compact):
        return iban.format(compact)
    if (country_code or "").upper() == "MA" and is_moroccan_rib(compact):
        return iban.format(f"MA{iban.calc_check_digits('MA00' + compact)}{compact}")
    return ""
