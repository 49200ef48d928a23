"""SMS reply parsing and message building (pure core, hypothesis)."""

import itertools
from datetime import datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from odoo.addons.coop_gie.tests.common import property_settings
from odoo.tests import BaseCase, tagged

from ..core import deadlines
from ..core import sms as smscore

ARABIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


@tagged("post_install", "-at_install")
class TestSmsParsing(BaseCase):
    def test_examples(self):
        cases = {
            "OK 4821": (smscore.ACCEPT, "4821"),
            "  ok   4821  ": (smscore.ACCEPT, "4821"),
            "Ok4821": (smscore.ACCEPT, "4821"),
            "NON 4821": (smscore.REFUSE, "4821"),
            "non, 4821 pas de stock": (smscore.REFUSE, "4821"),
            "نعم ٤٨٢١": (smscore.ACCEPT, "4821"),
            "نَعَم 4821": (smscore.ACCEPT, "4821"),
            "موافق ۴۸۲۱": (smscore.ACCEPT, "4821"),
            "لا 4821": (smscore.REFUSE, "4821"),
            "رفض ٤٨٢١": (smscore.REFUSE, "4821"),
            "أرفض 4821": (smscore.REFUSE, "4821"),
            "OK": (smscore.ACCEPT, None),
        }
        for text, expected in cases.items():
            reply = smscore.parse_reply(text)
            self.assertEqual((reply.action, reply.code), expected, text)
        # what she wrote besides keyword, code and quantity is kept as she typed it
        for text, reason in (
            ("NON 4821 pas de stock", "pas de stock"),
            ("non, 4821 :  Pas assez de savon !", "Pas assez de savon !"),
            ("NON 4821 (pas de stock)", "(pas de stock)"),
            ("أرفض ٤٨٢١ ليس لدينا ما يكفي من الصابونة", "ليس لدينا ما يكفي من الصابونة"),
            ("رفض 4821 لَا يوجد، آسفة", "لَا يوجد، آسفة"),
            # the words the Arabic SMS ask her to reply with
            ("لا 305132 لم يبق زيت", "لم يبق زيت"),
            ("نعم 305132", ""),
            ("OK 4821", ""),
        ):
            self.assertEqual(smscore.parse_reply(text).text, reason, text)
        # partial acceptance: a quantity after the code (Arabic digits and decimal comma too)
        for text, qty in (
            ("OK 4821 3", 3.0),
            ("ok 4821 2,5", 2.5),
            ("نعم ٤٨٢١ ٣", 3.0),
            ("OK 4821", None),
            ("NON 4821 3", None),
        ):
            self.assertEqual(smscore.parse_reply(text).qty, qty, text)
        # a quantity after a sign or a dash, spaced or not, is not one she can accept: a
        # negative one, or a dash we cannot tell from a minus (she is asked again)
        for text, signed in (
            ("OK 4821 -3", True),
            ("OK 4821 +3", True),
            ("ok 4821 −2,5", True),
            ("OK 4821-3", True),
            ("OK 4821 - 3", True),
            ("OK 4821 –  3", True),
            ("OK 4821 — 3", True),
            ("نعم ٤٨٢١ - ٣", True),
            ("OK 4821 3", False),
            ("OK 4821: 3", False),
            ("OK - 4821 3", False),
            ("نعم ٤٨٢١ ٣", False),
            ("OK 4821", False),
        ):
            self.assertEqual(smscore.parse_reply(text).qty_signed, signed, text)

    def test_bad_input(self):
        for text in ("", "   ", "bonjour 4821", "4821", "?!"):
            with self.assertRaises(smscore.ReplyError, msg=text):
                smscore.parse_reply(text)

    def test_greeting_before_the_keyword(self):
        """Greetings before the keyword are left out when the rest is a reply."""
        for text, expected in (
            ("Salam OK 747806", (smscore.ACCEPT, "747806", "")),
            ("Bonjour, OK 747806", (smscore.ACCEPT, "747806", "")),
            ("السلام عليكم نعم 747806", (smscore.ACCEPT, "747806", "")),
            ("Salam alikoum, non 747806 pas de stock", (smscore.REFUSE, "747806", "pas de stock")),
            ("صباح الخير، لا ٧٤٧٨٠٦", (smscore.REFUSE, "747806", "")),
        ):
            reply = smscore.parse_reply(text)
            self.assertEqual((reply.action, reply.code, reply.text), expected, text)
            self.assertFalse(reply.unclear, text)
        # strict otherwise: no yes or no, no reply
        for text in ("Bonjour 747806", "Salam", "السلام عليكم ٧٤٧٨٠٦"):
            with self.assertRaises(smscore.ReplyError, msg=text):
                smscore.parse_reply(text)

    def test_other_words_before_the_keyword(self):
        """Words before the keyword that are not a greeting may turn the answer around
        ("not OK"): she is asked again."""
        for text in (
            "Pas OK 741481",
            "Not OK 741481",
            "غير موافق 741481",
            "ماشي موافق",
            "مش موافق",
            "Je ne peux pas OK 741481",
            "Salam, pas OK 741481",
            "741481 OK",
        ):
            self.assertTrue(smscore.parse_reply(text).unclear, text)

    def test_code_right_after_the_keyword(self):
        """Words between the keyword and the code may make another phrase of it ("لا بأس",
        no problem): she is asked again; so are words after a keyword with no code."""
        for text in (
            "لا بأس 478152",
            "لا مشكلة 478152",
            "No problem 478152",
            "non pas de stock 478152",
            "OK merci 478152",
            "لا بأس",
            "No problem",
        ):
            self.assertTrue(smscore.parse_reply(text).unclear, text)
        # punctuation or a second keyword of the same answer are not words between them
        for text, expected in (
            ("non, 478152", (smscore.REFUSE, "478152")),
            ("OK: 478152", (smscore.ACCEPT, "478152")),
            ("OK oui 478152", (smscore.ACCEPT, "478152")),
            ("لا لا 478152", (smscore.REFUSE, "478152")),
        ):
            reply = smscore.parse_reply(text)
            self.assertEqual((reply.action, reply.code, reply.unclear), (*expected, False), text)

    @property_settings(200)
    @given(
        st.lists(st.sampled_from(sorted(smscore.GREETINGS)), min_size=1, max_size=4),
        st.booleans(),
        st.sampled_from([" ", ", ", "! ", "، ", "\n"]),
        st.sampled_from(["OK 747806", "NON 747806", "نعم 747806", "OK 747806 3"]),
    )
    def test_any_greeting_is_left_out(self, words, lower, sep, answer):
        greeting = " ".join(words).lower() if lower else " ".join(words)
        self.assertEqual(
            smscore.parse_reply(f"{greeting}{sep}{answer}"), smscore.parse_reply(answer)
        )

    @property_settings(200)
    @given(
        st.lists(st.sampled_from(sorted(smscore.GREETINGS)), max_size=2),
        st.text(alphabet="abcdeghijlmnoprstuzàéABCDEGHIJLMRSUZسلامعيكصبحخرغشم", min_size=1).filter(
            lambda word: (
                smscore.normalise(word)
                not in smscore.GREETINGS | smscore.ACCEPT_WORDS | smscore.REFUSE_WORDS
            )
        ),
        st.lists(st.sampled_from(sorted(smscore.GREETINGS)), max_size=2),
        st.sampled_from([" ", ", ", "! ", "، ", "\n"]),
        st.sampled_from(["OK 747806", "NON 747806", "نعم 747806", "OK 747806 3", "موافق", "no"]),
    )
    def test_a_word_not_a_greeting_before_the_keyword_is_never_applied(
        self, before, word, after, sep, answer
    ):
        """A reply with any word that is not a greeting before the keyword is never
        applied: not a reply, or unclear."""
        text = " ".join([*before, word, *after]) + sep + answer
        try:
            reply = smscore.parse_reply(text)
        except smscore.ReplyError:
            return
        self.assertTrue(reply.unclear, text)

    def test_code_in_groups(self):
        """A code written in groups of digits is read as the code when the first group
        alone cannot be one; a number after the code is never joined to it."""
        for text, expected in (
            ("OK 747 806", ("747806", None)),
            ("ok 74 78 06", ("747806", None)),
            ("NON 747 806", ("747806", None)),
            ("نعم ٧٤٧ ٨٠٦", ("747806", None)),
            ("Salam OK 747 806", ("747806", None)),
            ("OK 747 806 3", ("747806", 3.0)),
            ("OK 747806 3", ("747806", 3.0)),
            # the first group may be a code: the next one is its quantity
            ("OK 747806 100", ("747806", 100.0)),
            # not a code together (4 or 7 digits): read as they are (no order has such a
            # code: she is told she is not understood)
            ("OK 74 78", ("74", 78.0)),
            ("OK 747 8063", ("747", 8063.0)),
        ):
            reply = smscore.parse_reply(text)
            self.assertEqual((reply.code, reply.qty), expected, text)
        # once the code is read, a number in groups is not joined: she is asked again
        reply = smscore.parse_reply("OK 747806 12 3456")
        self.assertEqual((reply.code, reply.unclear), ("747806", True))

    @property_settings(200)
    @given(
        st.integers(100_000, 999_999),
        st.sets(st.integers(1, smscore.CODE_DIGITS - 1), max_size=3),
        st.sampled_from([" ", "  ", "\u00a0", "\u202f"]),
        st.integers(0, 999),
    )
    def test_code_split_anywhere_is_read(self, code, cuts, space, qty):
        digits = str(code)
        bounds = [0, *sorted(cuts), len(digits)]
        written = space.join(digits[a:b] for a, b in itertools.pairwise(bounds))
        reply = smscore.parse_reply(f"OK {written}")
        self.assertEqual((reply.code, reply.qty, reply.unclear), (digits, None, False))
        reply = smscore.parse_reply(f"OK {written} {qty}")
        self.assertEqual((reply.code, reply.qty, reply.unclear), (digits, float(qty), False))

    def test_unclear_acceptance(self):
        """An acceptance holding a number it does not read, or words where no quantity
        comes before them, is not guessed (a full acceptance, or 1 of "1 500")."""
        for text in (
            "OK 673762 mais seulement 3",
            "OK 673762 merci",
            "OK 673762 1 500",
            "OK 673762 1.500",
            "OK 673762 1,500",
            "OK 673762 1\u202f500",
            "OK 673762 2 sur 5",
            "نعم 673762 فقط 3",
            # a yes and a no: "labas" (fine) then yes
            "لا باس نعم 673762",
            "OK 673762 non",
            # anything after the quantity may change it
            "OK 673762 2 seulement",
            "OK 673762 2 et demi",
            "نعم 673762 2 ونص",
            "OK 673762 20 impossible",
            "OK 673762 20 pas possible",
        ):
            self.assertTrue(smscore.parse_reply(text).unclear, text)
        for text, qty in (
            ("OK 673762", None),
            ("OK 673762 3", 3.0),
            ("OK 673762 1,5", 1.5),  # a French decimal comma: unambiguous
            ("OK 673762 2.25", 2.25),
            ("OK 673762 1,5000", 1.5),
            ("OK oui 673762", None),
        ):
            reply = smscore.parse_reply(text)
            self.assertEqual((reply.qty, reply.unclear), (qty, False), text)
        # a refusal keeps what she wrote, numbers too, as her reason
        reply = smscore.parse_reply("NON 673762 pas avant le 15, seulement 3")
        self.assertEqual(
            (reply.action, reply.text, reply.unclear),
            (smscore.REFUSE, "pas avant le 15, seulement 3", False),
        )

    @property_settings(200)
    @given(
        st.sampled_from(sorted(smscore.ACCEPT_WORDS)),
        st.integers(100_000, 999_999),
        st.text(alphabet="abcdeéàسلامفقط ,.:", min_size=1, max_size=20).filter(
            lambda words: any(ch.isalpha() for ch in words)
        ),
        st.integers(0, 9999),
    )
    def test_a_number_after_words_is_never_dropped(self, word, code, words, number):
        """Whatever words come between the code and a number, she is asked again rather
        than taken to accept all of it."""
        reply = smscore.parse_reply(f"{word} {code} {words} {number}")
        self.assertTrue(reply.unclear)

    @property_settings(200)
    @given(
        st.sampled_from(sorted(smscore.ACCEPT_WORDS | smscore.REFUSE_WORDS)),
        st.integers(0, 999_999),
        st.booleans(),
        st.text(alphabet=" \t", min_size=1, max_size=4),
        st.text(alphabet=" \t", max_size=3),
        st.booleans(),
    )
    def test_tolerant(self, word, code, lower, sep, pad, arabic_digits):
        code = str(code)
        written_code = code.translate(ARABIC_DIGITS) if arabic_digits else code
        text = f"{pad}{word.lower() if lower else word}{sep}{written_code}{pad}"
        reply = smscore.parse_reply(text)
        expected = smscore.ACCEPT if word in smscore.ACCEPT_WORDS else smscore.REFUSE
        self.assertEqual((reply.action, reply.code), (expected, code))

    @property_settings(200)
    @given(
        st.sampled_from(sorted(smscore.ACCEPT_WORDS)),
        # codes as they are drawn: a shorter one would be read with the quantity (see
        # test_code_in_groups)
        st.integers(100_000, 999_999),
        st.integers(0, 999),
        st.sampled_from([" ", ": ", ", ", "-", " -", " - ", " –  ", "—", " — ", " +", " − "]),
        st.booleans(),
    )
    def test_quantity_after_a_dash_is_signed(self, word, code, qty, sep, arabic_digits):
        """A dash or sign before the quantity, spaced or not, makes it signed; nothing else."""
        written_qty = str(qty).translate(ARABIC_DIGITS) if arabic_digits else str(qty)
        reply = smscore.parse_reply(f"{word} {code}{sep}{written_qty}")
        self.assertEqual((reply.code, reply.qty, reply.text), (str(code), float(qty), ""))
        self.assertEqual(reply.qty_signed, any(ch in sep for ch in "+-–—−"))

    @property_settings(200)
    @given(
        st.sampled_from(sorted(smscore.REFUSE_WORDS)),
        st.integers(0, 999_999),
        st.sampled_from("aZéأإةنÉ"),
        st.text(alphabet="aZé Éàçأإةنَُـ،.!؟-:()\t03٣", max_size=30),
    )
    def test_reason_as_typed(self, word, code, first, reason):
        reason = first + reason
        reply = smscore.parse_reply(f"{word} {code}: {reason}")
        self.assertEqual(reply.text, " ".join(reason.split()))

    @property_settings(100)
    @given(st.lists(st.text(min_size=1, max_size=40), max_size=12), st.booleans())
    def test_message_fits(self, lines, arabic):
        template = (
            "طلب %(code)s: %(summary)s. أجيبي بنعم %(code)s"
            if arabic
            else "Commande %(code)s: %(summary)s. Repondez OK %(code)s ou NON %(code)s"
        )

        def more(hidden, shown):
            return f"+{hidden}" if shown else f"{hidden} produits"

        def with_first(shown):
            hidden = len(lines) - shown
            summary = "; ".join([*lines[:shown], *([more(hidden, shown)] if hidden else [])])
            return smscore.plain(template % {"code": "123456", "summary": summary})

        message = smscore.build_message(template, {"code": "123456"}, lines, more, parts=3)
        self.assertLessEqual(smscore.sms_length(message), smscore.max_length(message, parts=3))
        # whole lines, the first ones, as many as fit, and how many are left out
        shown = next(k for k in range(len(lines), -1, -1) if with_first(k) == message)
        if shown < len(lines):
            longer = with_first(shown + 1)
            self.assertGreater(smscore.sms_length(longer), smscore.max_length(longer, parts=3))

    def test_length_in_units_of_the_alphabet(self):
        self.assertEqual(smscore.sms_length("OK 123"), 6)
        # é, è and à are GSM 7-bit: French mostly is (153 characters a part, not 67)
        self.assertTrue(smscore.is_gsm7("Répondez OK 123 à la commande, livrée le 4"))
        self.assertEqual(smscore.max_length("Répondez OK", parts=3), 459)
        self.assertFalse(smscore.is_gsm7("Huile façon Tamanar"))
        # GSM 7-bit: an extension character takes two septets
        self.assertEqual(smscore.sms_length("Savon [bio] ~ 2"), 18)
        # a backtick is not GSM 7-bit: UCS-2, where an emoji takes two units
        self.assertFalse(smscore.is_gsm7("l`huile"))
        self.assertEqual(smscore.sms_length("زيت 🌿"), 6)

    def test_message_keeps_whole_product_names(self):
        """A ç or an ê (out of GSM 7-bit) and Arabic make it UCS-2 (67 characters a part):
        the products that do not fit are counted, none is cut."""
        fr_more = {1: "+1 autre produit", 2: "+2 autres produits"}
        ar_more = {1: "+1 منتج آخر", 2: "+2 منتجات أخرى"}
        cases = (
            (
                "Commande GIE %(code)s : %(summary)s. Livraison %(date)s. Répondez OK %(code)s "
                "pour accepter ou NON %(code)s pour refuser avant %(deadline)s.",
                [
                    "Huile d'argan grillée façon Tamanar 5 Unités",
                    "Amlou aux amandes et au miel de thym du Souss, prêt à tartiner 3 Unités",
                    "Savon noir à l'eucalyptus 2 Unités",
                ],
                fr_more,
                "+2 autres produits",
            ),
            (
                "طلبية المجموعة %(code)s: %(summary)s. التسليم %(date)s. أرسلي نعم %(code)s "
                "للقبول أو لا %(code)s للرفض قبل %(deadline)s.",
                [
                    "زيت أركان غذائي معصور على البارد 5 وحدات",
                    "أملو باللوز البلدي وعسل الزعتر من سوس ماسة 3 وحدات",
                    "صابون بلدي بالأوكالبتوس 2 وحدات",
                ],
                ar_more,
                "+2 منتجات أخرى",
            ),
        )
        values = {"code": "482193", "date": "4 mars 2030", "deadline": "02/03/2030 10:00"}
        for template, items, more, expected in cases:
            message = smscore.build_message(
                template, values, items, lambda hidden, _shown, more=more: more[hidden], parts=3
            )
            self.assertLessEqual(len(message), 3 * 67, message)
            self.assertIn(f"{items[0]}; {expected}.", message)
            self.assertNotIn(items[1][:10], message, "no half name of the second product")
        # one name too long for the message: she is told how many products, no name cut
        long_name = (
            "Huile d'argan cosmétique bio pressée à froid façon Tamanar, flacon de 100 ml 4 Unités"
        )
        message = smscore.build_message(
            cases[0][0], values, [long_name], lambda hidden, shown: "1 produit", parts=3
        )
        self.assertIn("Commande GIE 482193 : 1 produit. Livraison", message)
        self.assertNotIn("Huile", message)

    def test_typographic_characters_keep_the_gsm_alphabet(self):
        """The apostrophe of "Huile d’argan" or a no-break space before a French colon
        would make the SMS UCS-2: written plain, twelve products fit in three parts."""
        items = [f"Huile d’argan {index} 5 Unités" for index in range(12)]
        message = smscore.build_message(
            "Commande GIE %(code)s\u202f: %(summary)s. Répondez OK %(code)s.",
            {"code": "482193"},
            items,
            lambda hidden, _shown: f"+{hidden} autres produits",
            parts=3,
        )
        self.assertTrue(smscore.is_gsm7(message), message)
        self.assertIn("Commande GIE 482193 : Huile d'argan 0 5 Unités", message)
        self.assertIn("Huile d'argan 11 5 Unités.", message)

    def test_deadlines(self):
        sent = datetime(2026, 3, 1, 8, 0)
        self.assertEqual(deadlines.answer_deadline(sent, 24), sent + timedelta(hours=24))
        # the customer's date leaves less time: answer earlier, but never in less than 2 hours
        self.assertEqual(
            deadlines.answer_deadline(sent, 24, sent + timedelta(days=3), lead_time_days=2),
            sent + timedelta(hours=24),
        )
        self.assertEqual(
            deadlines.answer_deadline(sent, 24, sent + timedelta(days=2), lead_time_days=2),
            sent + timedelta(hours=2),
        )
        deadline = sent + timedelta(hours=24)
        due = deadlines.reminder_due
        self.assertTrue(due(sent + timedelta(hours=21), sent, deadline, 4, False))
        self.assertFalse(due(sent + timedelta(hours=21), sent, deadline, 4, True))
        self.assertFalse(due(sent + timedelta(hours=1), sent, deadline, 4, False))
        self.assertTrue(deadlines.expired(deadline, deadline))

    def test_reminder_not_with_the_request(self):
        """The customer's date shortened the answer window to 3 hours, less than the
        reminder's 4: she is reminded halfway, not in the hour of the request."""
        sent = datetime(2026, 3, 1, 10, 0)
        deadline = sent + timedelta(hours=3)
        for minutes in (0, 15, 60, 89):
            now = sent + timedelta(minutes=minutes)
            self.assertFalse(deadlines.reminder_due(now, sent, deadline, 4, False), minutes)
        for minutes in (90, 179):
            now = sent + timedelta(minutes=minutes)
            self.assertTrue(deadlines.reminder_due(now, sent, deadline, 4, False), minutes)
        self.assertFalse(deadlines.reminder_due(deadline, sent, deadline, 4, False))

    @property_settings(200)
    @given(
        st.datetimes(datetime(2020, 1, 1), datetime(2040, 1, 1)),
        st.integers(1, 72 * 60),
        st.integers(1, 48),
        st.integers(0, 72 * 60),
    )
    def test_reminder_in_the_second_half_of_the_window(self, sent, window, hours, elapsed):
        """Never in the first half of the answer window, always before the deadline, and
        ``hours`` before it whenever the window leaves room for that."""
        deadline = sent + timedelta(minutes=window)
        remind_at = deadlines.reminder_at(sent, deadline, hours)
        self.assertGreaterEqual(remind_at - sent, (deadline - sent) / 2)
        self.assertLess(remind_at, deadline)
        if window >= 2 * 60 * hours:
            self.assertEqual(remind_at, deadline - timedelta(hours=hours))
        now = sent + timedelta(minutes=elapsed)
        self.assertEqual(
            deadlines.reminder_due(now, sent, deadline, hours, False),
            remind_at <= now < deadline,
        )
        self.assertFalse(deadlines.reminder_due(now, sent, deadline, hours, True))

    def test_sms_retries_further_apart(self):
        """A failed SMS waits 30 minutes after its first attempt, an hour after its second:
        three attempts cover an hour and a half, not the 30 minutes of a fixed delay."""
        failed_at = datetime(2026, 3, 1, 8, 0)
        self.assertEqual(deadlines.sms_retry_at(failed_at, 1, 30), datetime(2026, 3, 1, 8, 30))
        self.assertEqual(deadlines.sms_retry_at(failed_at, 2, 30), datetime(2026, 3, 1, 9, 0))

    @property_settings(100)
    @given(st.integers(1, 20), st.integers(1, 240))
    def test_sms_waits_longer_after_each_attempt(self, attempts, minutes):
        failed_at = datetime(2026, 3, 1, 8, 0)
        wait = deadlines.sms_retry_at(failed_at, attempts, minutes) - failed_at
        longer = deadlines.sms_retry_at(failed_at, attempts + 1, minutes) - failed_at
        self.assertEqual(wait, timedelta(minutes=minutes * attempts))
        self.assertGreater(longer, wait)
