"""Every check against good and bad examples (Weblate style: one base case, one subclass per check).

A subclass names its check class and lists examples:

- ``good``: ``(source, target, language)`` that must pass;
- ``bad``: ``(source, target, language, words)`` that must fail, with words the
  message must contain so that it says what is wrong.

Block checks take a whole block instead: ``good_blocks`` / ``bad_blocks`` are
lists of ``(source, target)`` pairs (plus the language, and for bad blocks the
index of the segment the finding must be on and the words of its message).
"""

from types import SimpleNamespace

import pytest
from django.test import override_settings

from translations.checks import registry
from translations.checks.base import Unit
from translations.checks.consistency import LengthRatioCheck, SameAsSourceCheck
from translations.checks.glossary import GlossaryCheck
from translations.checks.numbers import NumbersCheck, parse
from translations.checks.punctuation import DoubleSpaceCheck, EditorialMarksCheck, EllipsisCheck, FinalPunctuationCheck
from translations.checks.quotations import QuotationCheck
from translations.checks.quotes import QuoteStyleCheck, UnbalancedQuotesCheck, UnbalancedQuotesSourceCheck
from translations.glossary import terms_in
from translations.models import BlockKind, GlossaryTerm


class CheckCase:
    check_class = None
    good: list = []
    bad: list = []
    good_blocks: list = []
    bad_blocks: list = []
    unit_options: dict = {}

    def unit(self, index, source, target, language, **options):
        options = {**self.unit_options, **options}
        return Unit(
            segment_id=index,
            key=f"k{index}",
            source=source,
            target=target,
            source_language="en",
            language=language,
            **options,
        )

    def findings(self, pairs, language, **options):
        units = [self.unit(index, source, target, language, **options) for index, (source, target) in enumerate(pairs)]
        return self.check_class().check_block(units)

    def test_good_examples_pass(self):
        for source, target, language, *options in self.good:
            found = self.findings([(source, target)], language, **(options[0] if options else {}))
            assert not found, f"{self.check_class.check_id} flagged good {language} {target!r}: {found}"
        for pairs, language in self.good_blocks:
            found = self.findings(pairs, language)
            assert not found, f"{self.check_class.check_id} flagged good block {pairs!r}: {found}"

    def test_bad_examples_fail_saying_why(self):
        assert self.bad or self.bad_blocks, "a check without bad examples proves nothing"
        for source, target, language, words, *options in self.bad:
            found = self.findings([(source, target)], language, **(options[0] if options else {}))
            assert 0 in found, f"{self.check_class.check_id} missed bad {language} {target!r}"
            assert words in found[0], f"message {found[0]!r} does not say {words!r}"
        for pairs, language, index, words in self.bad_blocks:
            found = self.findings(pairs, language)
            assert index in found, f"{self.check_class.check_id} missed segment {index} of {pairs!r}: {found}"
            assert words in found[index]

    def test_is_configured_with_name_and_description(self):
        check = registry.get(self.check_class.check_id)
        assert type(check) is self.check_class
        assert check.name and check.description and check.severity in ("error", "warning")


class TestNumbers(CheckCase):
    check_class = NumbersCheck
    good = [
        ("and 1.9 percent increase in wages.", "und 1,9 Prozent Lohnerhöhung.", "de"),
        ("and 1.9 percent increase in wages.", "et 1,9 pour cent d’augmentation des salaires.", "fr"),
        ("and 1.9 percent increase in wages.", "а заработная плата — на 1,9 процента.", "ru"),
        ("Marx and Engels, as early as 1845, had anticipated", "Marx und Engels hatten bereits 1845", "de"),
        ("written in April 1930", "написанное в апреле 1930 года", "ru"),
        ("about 12,500 workers", "etwa 12.500 Arbeiter", "de"),
        ("about 12,500 workers", "environ 12\u202f500 ouvriers", "fr"),
        ("in 1941", "في ١٩٤١", "ar"),
        ("Twenty-five percent", "Fünfundzwanzig Prozent", "de"),
    ]
    bad = [
        ("and 1.9 percent increase", "und 1.9 Prozent Lohnerhöhung", "de", "1.9 is written 1,9 in German"),
        ("and 1.9 percent increase", "et 1.9 pour cent", "fr", "1,9 in French"),
        ("as early as 1845", "bereits 1854", "de", "missing: 1845"),
        ("as early as 1845", "bereits 1.845", "de", "year 1845 without separators"),
        ("in April 1930", "en avril", "fr", "missing: 1930"),
        ("Five men instead of six", "Fünf Mann statt 6", "de", "not in the source: 6"),
    ]

    def test_parse_reads_each_languages_separators(self):
        assert parse("1.9", "en") == "1.9" and parse("1,9", "de") == "1.9"
        assert parse("1,845", "en") == "1845" and parse("1.845", "de") == "1845"
        assert parse("1.9", "de") is None  # not a German number
        assert parse("1845", "de") == "year:1845"


class TestUnbalancedQuotesSource(CheckCase):
    check_class = UnbalancedQuotesSourceCheck
    good_blocks = [
        ([("It did not dispose over the “highest productive forces” within its boundaries.", "")], ""),
        # A quotation may open in one sentence and close in the next: balanced per block.
        ([("He said: “We will come.", ""), ("And we will win.”", "")], ""),
        ([("The bureaucracy’s phrase “at a snail’s pace” (in Bukharin’s phrase).", "")], ""),
    ]
    bad_blocks = [
        (
            [
                ("As Trotsky pointed out, even the threat resulted from its superiority.", ""),
                ("But, he added, “it is not so much military intervention as the intervention of cheaper "
                 "capitalist commodities that constitutes perhaps the greatest immediate menace to the Soviet Union.", ""),
                ("(The Third International After Lenin.)", ""),
            ],
            "",
            1,
            "“ opens a quotation that is not closed",
        ),
        ([("No opening here.”", "")], "", 0, "” closes a quotation that was not opened"),
    ]  # fmt: skip


class TestUnbalancedQuotes(CheckCase):
    check_class = UnbalancedQuotesCheck
    good_blocks = [
        ([("a “b” c.", "a „b“ c.")], "de"),
        ([("He said: “We will come.", "Il dit : « Nous viendrons."), ("And win.”", "Et vaincre. »")], "fr"),
        # Not every segment translated yet: nothing to judge.
        ([("He said: “We will come.", "Er sagte: „Wir kommen."), ("And win.”", "")], "de"),
        # The source itself never closes: the source check reports it, the faithful translation is left alone.
        ([("he added, “it is not so much.", "fügte er hinzu, „nicht so sehr.")], "de"),
    ]
    bad_blocks = [
        ([("a “b” c.", "a „b c.")], "de", 0, "„ opens a quotation that is not closed"),
        ([("One.", "Eins."), ("a “b” c.", "a b“ c.")], "de", 1, "“ closes a quotation that was not opened"),
    ]


class TestQuoteStyle(CheckCase):
    check_class = QuoteStyleCheck
    good = [
        ("the “commanding heights”", "die „Kommandohöhen“", "de"),
        ("the “commanding heights”", "die »Kommandohöhen«", "de"),
        ("the “commanding heights”", "les «\u00a0postes de commande\u00a0»", "fr"),
        ("the “commanding heights”", "«командные высоты»", "ru"),
        ("the “commanding heights”", "the “commanding heights”", "en"),
    ]
    bad = [
        ("the “commanding heights”", "die “Kommandohöhen”", "de", "„…“"),
        ("the “commanding heights”", 'die "Kommandohöhen"', "de", '"'),
        ("the “commanding heights”", "les «postes de commande»", "fr", "space inside"),
        ("the “commanding heights”", "„командные высоты”", "ru", "«…»"),
        ("the “commanding heights”", "« командные высоты »", "ru", "no space inside"),
    ]


class TestFinalPunctuation(CheckCase):
    check_class = FinalPunctuationCheck
    good = [
        ("What remains for the workers?", "Que reste-t-il pour les travailleurs\u00a0?", "fr"),
        ("a grim battle of “each one for himself”.", "ein Kampf nach dem Motto „Jeder für sich“.", "de"),
        ("(The Third International After Lenin.)", "(«Третий Интернационал после Ленина».)", "ru"),
        ("A factory worker in March 1930:", "Un ouvrier d’usine, en mars 1930\u00a0:", "fr"),
        ("The German Ideology", "Die deutsche Ideologie", "de"),
        ("received no pay…", "keinen Lohn erhalten.", "de"),  # elisions are the ellipsis checks' business
        ("No one knows.", "无人知晓。", "zh-hans"),
    ]
    bad = [
        ("What remains for the workers?", "Was bleibt den Arbeitern.", "de", "ends with “?”"),
        ("They are squeezing us, and how!", "Sie pressen uns aus, und wie", "de", "no punctuation"),
        ("No one knows.", "Personne n’en sait rien…", "fr", "“…”"),
    ]


class TestEllipsis(CheckCase):
    check_class = EllipsisCheck
    good = [
        ("Wait... and see…", "Warte … und sieh…", "de"),
        ("He paused… then went on.", "Er hielt inne … und fuhr fort.", "de"),
        # Inside a quotation the editorial-marks check speaks instead.
        ("no pay…", "keinen Lohn.", "de", {"block_kind": BlockKind.QUOTATION}),
    ]
    bad = [
        ("He paused… then went on.", "Er hielt inne und fuhr fort.", "de", "the source has 1 ellipsis (…), the translation 0"),
    ]


class TestEditorialMarks(CheckCase):
    check_class = EditorialMarksCheck
    good = [
        ("a practical premise [of socialism] because", "eine praktische Voraussetzung [des Sozialismus], weil", "de"),
        ("…this development of productive forces … is", "…diese Entwicklung der Produktivkräfte … ist", "de",
         {"block_kind": BlockKind.QUOTATION}),
    ]  # fmt: skip
    bad = [
        ("a practical premise [of socialism] because", "eine praktische Voraussetzung des Sozialismus, weil", "de",
         "[of socialism]"),
        ("…this development of productive forces … is", "diese Entwicklung der Produktivkräfte ist", "de",
         "2 elision marks", {"block_kind": BlockKind.QUOTATION}),
        ("the system is applied in such a way that … they", "das System wird so gehandhabt, dass sie", "de",
         "elision", {"quotation": SimpleNamespace(registered_text="")}),
        ("a [b] c", "a [b] c]", "de", "unbalanced"),
    ]  # fmt: skip


class TestSameAsSource(CheckCase):
    check_class = SameAsSourceCheck
    good = [
        ("No one knows.", "Niemand weiß es.", "de"),
        ("Hitler", "Hitler", "de"),  # one word: a name may stay as it is
        ("1941", "1941", "fr"),
    ]
    bad = [
        ("Socialism cannot be built under these conditions.",
         "Socialism cannot be built under these  conditions.", "de", "same as the source"),
    ]  # fmt: skip


class TestLengthRatio(CheckCase):
    check_class = LengthRatioCheck
    good = [
        ("Bureaucratic repression stifled all initiative from below.",
         "Die bürokratische Repression erstickte jede Initiative von unten.", "de"),
        ("Socialism cannot be built under these conditions.", "在这种条件下无法建设社会主义。", "zh-hans"),
        ("No one knows.", "N.", "de"),  # too short to judge
    ]  # fmt: skip
    bad = [
        ("Bureaucratic repression stifled all initiative from below.", "Repression.", "de", "usual"),
        ("Socialism cannot be built.", "Der Sozialismus kann unter gar keinen Umständen und zu keiner Zeit "
         "und an keinem Ort der Welt aufgebaut werden, niemals.", "de", "characters"),
    ]  # fmt: skip


class TestDoubleSpace(CheckCase):
    check_class = DoubleSpaceCheck
    good = [
        ("No one knows.", "Niemand weiß es.", "de"),
        ("Spaced  out.", "Weit  weg.", "de"),  # the source has it too
        ("Que reste-t-il ?", "Que reste-t-il\u00a0?", "fr"),
    ]
    bad = [("No one knows.", "Niemand  weiß es.", "de", "Niemand  weiß")]


_TERMS = [
    GlossaryTerm(source_language="en", target_language="de", source_term="commanding heights",
                 target_term="Kommandohöhen"),
    GlossaryTerm(source_language="en", target_language="de", source_term="workers' state",
                 target_term="Arbeiterstaat"),
    GlossaryTerm(source_language="en", target_language="ru", source_term="productive forces",
                 target_term="производительные силы", variants="производительн сил"),
]  # fmt: skip


class TestGlossary(CheckCase):
    check_class = GlossaryCheck

    def unit(self, index, source, target, language, **options):
        terms = [term for term in _TERMS if term.target_language == language]
        found = [match.term for match in terms_in(source, terms)]
        return super().unit(index, source, target, language, glossary=found, **options)

    good = [
        ("to conquer the “commanding heights” of the world economy", "die „Kommandohöhen“ der Weltwirtschaft", "de"),
        ("of the Russian workers’ state.", "des russischen Arbeiterstaates.", "de"),
        ("the “highest productive forces”", "«высшими производительными силами»", "ru"),
        ("with trade", "mit Handel", "de"),  # no term in the source
    ]
    bad = [
        ("to conquer the “commanding heights”", "die „Schlüsselpositionen“ zu erobern", "de",
         "commanding heights → Kommandohöhen"),
        ("of the Russian workers’ state.", "des russischen Arbeitergemeinwesens.", "de", "Arbeiterstaat"),
    ]  # fmt: skip


def _quoted(text, first=True, last=True):
    return SimpleNamespace(registered_text=text, registered_source="MEW 3", is_first=first, is_last=last, work="w")


_ORIGINAL = (
    "… diese Entwicklung der Produktivkräfte (…) ist auch deswegen eine absolut notwendige praktische Voraussetzung, "
    "weil ohne sie nur der Mangel verallgemeinert, also mit der Notdurft auch der Streit um das Notwendige wieder "
    "beginnen und die ganze alte Scheiße sich herstellen müßte"
)
_QUOTED_SOURCE = "…this development of productive forces … is an absolutely necessary practical premise [of socialism]"


class TestQuotation(CheckCase):
    check_class = QuotationCheck
    good = [
        # The essay's German sample: the original, with the essay's elisions and insertion.
        (_QUOTED_SOURCE, "…diese Entwicklung der Produktivkräfte … ist eine absolut notwendige praktische "
         "Voraussetzung [des Sozialismus], weil ohne sie nur der Mangel verallgemeinert, also mit der Notdurft auch "
         "der Streit um das Notwendige wieder beginnen und die ganze alte Scheiße sich herstellen müßte.", "de",
         {"quotation": _quoted(_ORIGINAL)}),
        # Words before the opening quotation mark are the essay's own.
        ("But, he added, “it is not so much", "Doch, so fügte er hinzu, „nicht so sehr die militärische "
         "Intervention“", "de", {"quotation": _quoted("nicht so sehr die militärische Intervention")}),
        # Nothing registered for the language: nothing to compare.
        (_QUOTED_SOURCE, "Was auch immer.", "de", {"quotation": _quoted("")}),
    ]  # fmt: skip
    bad = [
        (_QUOTED_SOURCE, "…diese Entwicklung der Produktivkräfte … ist eine absolut notwendige praktische "
         "Voraussetzung [des Sozialismus], weil sonst bloß die Armut allgemein würde und der ganze alte Dreck "
         "zurückkäme.", "de", "departs from the registered text (MEW 3)", {"quotation": _quoted(_ORIGINAL)}),
        # One word softened inside the passage.
        (_QUOTED_SOURCE, "weil ohne sie nur der Mangel verallgemeinert, also mit der Notdurft auch der Streit um das "
         "Notwendige wieder beginnen und der ganze alte Mist sich herstellen müßte.", "de", "mist",
         {"quotation": _quoted(_ORIGINAL)}),
        # A word dropped without an elision mark.
        (_QUOTED_SOURCE, "weil ohne sie der Mangel verallgemeinert, also mit der Notdurft auch der Streit um das "
         "Notwendige wieder beginnen", "de", "“weil ohne sie”", {"quotation": _quoted(_ORIGINAL)}),
    ]  # fmt: skip


def test_every_configured_check_has_a_test_case():
    tested = {cls.check_class.check_id for cls in CheckCase.__subclasses__()}
    assert set(registry.all_checks()) <= tested


@override_settings(WORKBENCH_CHECKS=["translations.checks.numbers.NumbersCheck", "translations.checks.nowhere.Check"])
def test_a_check_path_that_does_not_import_names_the_setting():
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match="WORKBENCH_CHECKS.*nowhere"):
        registry.all_checks()


@override_settings(WORKBENCH_CHECKS=["translations.checks.numbers.NumbersCheck", "translations.checks.numbers.NumbersCheck"])
def test_two_checks_with_one_id_are_refused():
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match="reuses the id 'numbers'"):
        registry.all_checks()


@override_settings(WORKBENCH_CHECKS=["translations.checks.numbers.NumbersCheck"])
def test_the_setting_decides_which_checks_run():
    assert list(registry.all_checks()) == ["numbers"]
    with pytest.raises(registry.UnknownCheck):
        registry.get("glossary")
