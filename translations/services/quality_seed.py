"""The essay's glossary and quotation registry, seeded by ``manage.py setup_demo``.

``quality_install(document=)`` adds what is missing and never changes what
is there (someone may have edited it), then runs the checks over the
document. Running it again changes nothing.

The glossary holds the agreed, customary translations of the essay's
Marxist vocabulary into German, French and Russian.

Quotation texts: only text we are certain of is entered. The German original
of the passage from The German Ideology is given as far as the essay quotes
it, with the parenthesis the essay also leaves out marked "(…)". The Russian
original of Trotsky, the French text of Serge's book and the published
translations are left empty — with their editions named where known — for
an editor to fill in from the books.
"""

from dataclasses import dataclass, field

from django.db import transaction

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..checks.counts import errors_text, warnings_text
from ..models import Document, GlossaryTerm, PublishedTranslation, Quotation, QuotationPolicy, Segment, Work
from .checks import CheckReport, checks_run_document

# (source term, {language: (agreed translation, accepted forms)}, note)
ESSAY_GLOSSARY = [
    ("commanding heights", {
        "de": ("Kommandohöhen", []),
        "fr": ("postes de commande", []),
        "ru": ("командные высоты", ["командн высот"]),
    }, "Lenin's term for the key sectors of the economy"),
    ("workers' state", {
        "de": ("Arbeiterstaat", []),
        "fr": ("État ouvrier", []),
        "ru": ("рабочее государство", ["рабоч государств"]),
    }, ""),
    ("workers' democracy", {
        "de": ("Arbeiterdemokratie", []),
        "fr": ("démocratie ouvrière", []),
        "ru": ("рабочая демократия", ["рабоч демократи"]),
    }, ""),
    ("kolkhoz", {
        "de": ("Kolchose", ["Kolchos"]),
        "fr": ("kolkhoze", []),
        "ru": ("колхоз", []),
    }, "collective farm"),
    ("collective farm", {
        "de": ("Kollektivwirtschaft", []),
        "fr": ("ferme collective", []),
        "ru": ("коллективное хозяйство", ["коллективн хозяйств"]),
    }, ""),
    ("bureaucracy", {
        "de": ("Bürokratie", []),
        "fr": ("bureaucratie", []),
        "ru": ("бюрократия", ["бюрократи"]),
    }, "the ruling social layer, not administration in general"),
    ("productive forces", {
        "de": ("Produktivkräfte", []),
        "fr": ("forces productives", []),
        "ru": ("производительные силы", ["производительн сил"]),
    }, ""),
    ("backwardness", {
        "de": ("Rückständigkeit", []),
        "fr": ("retard", ["arriération"]),
        "ru": ("отсталость", ["отсталост"]),
    }, ""),
    ("counter-revolution", {
        "de": ("Konterrevolution", []),
        "fr": ("contre-révolution", []),
        "ru": ("контрреволюция", ["контрреволюци"]),
    }, ""),
]  # fmt: skip

MARX_ENGELS_ORIGINAL = (
    "… diese Entwicklung der Produktivkräfte (…) ist auch deswegen eine absolut notwendige praktische "
    "Voraussetzung, weil ohne sie nur der Mangel verallgemeinert, also mit der Notdurft auch der Streit "
    "um das Notwendige wieder beginnen und die ganze alte Scheiße sich herstellen müßte"
)

# Works, and the quotations of them in the essay: span by segment key (first, last).
ESSAY_QUOTATIONS = [
    {
        "work": {
            "author": "Leon Trotsky",
            "title": "The Third International After Lenin",
            "year": 1928,
            "original_language": "ru",
            "note": "Written in 1928 as a critique of the Communist International's draft programme.",
        },
        "span": ("bf878b3b", "bf878b3b"),
        "original_text": "",
        "original_reference": "",
        "note": "The essay opens the quotation with “ and never closes it; the reference follows in brackets.",
        "published": {},
    },
    {
        "work": {
            "author": "Karl Marx and Friedrich Engels",
            "title": "The German Ideology",
            "original_title": "Die deutsche Ideologie",
            "year": 1845,
            "original_language": "de",
            "note": "Written 1845–46; first published in full in 1932.",
        },
        "span": ("79c1a43b", "79c1a43b"),
        "original_text": MARX_ENGELS_ORIGINAL,
        "original_reference": "Marx-Engels-Werke, Band 3, I. Feuerbach",
        "note": "The essay quotes the English translation; “[of socialism]” is the essay's insertion.",
        "published": {
            "fr": (QuotationPolicy.USE_PUBLISHED, "L’Idéologie allemande, Éditions sociales"),
            "ru": (QuotationPolicy.USE_PUBLISHED, "К. Маркс и Ф. Энгельс, Сочинения, 2-е изд., т. 3"),
        },
    },
    {
        "work": {
            "author": "Victor Serge",
            "title": "From Lenin to Stalin",
            "original_title": "De Lénine à Staline",
            "year": 1937,
            "original_language": "fr",
        },
        "span": ("be8b4178", "d9ef0950"),
        "original_text": "",
        "original_reference": "",
        "note": "A letter from a kolkhoz worker, April 1930, as Serge quotes it.",
        "published": {"fr": (QuotationPolicy.USE_PUBLISHED, "Victor Serge, De Lénine à Staline (1937)")},
    },
    {
        "work": {"author": "Victor Serge", "title": "From Lenin to Stalin"},
        "span": ("ca7e82a0", "596f4c6c"),
        "original_text": "",
        "original_reference": "",
        "note": "A factory worker, March 1930, as Serge quotes him.",
        "published": {"fr": (QuotationPolicy.USE_PUBLISHED, "Victor Serge, De Lénine à Staline (1937)")},
    },
]


@dataclass
class SeedReport:
    terms: int = 0
    works: int = 0
    quotations: int = 0
    published: int = 0
    missing_segments: list[str] = field(default_factory=list)
    checks: CheckReport | None = None

    def summary(self) -> str:
        """One line for ``setup_demo``, in the active language; each count agrees with its number (ngettext)."""
        text = _("Quality: %(terms)s, %(works)s, %(quotations)s, %(published)s added") % {
            "terms": ngettext("%(count)d glossary term", "%(count)d glossary terms", self.terms)
            % {"count": self.terms},
            "works": ngettext("%(count)d work", "%(count)d works", self.works) % {"count": self.works},
            "quotations": ngettext("%(count)d quotation", "%(count)d quotations", self.quotations)
            % {"count": self.quotations},
            "published": ngettext(
                "%(count)d published translation", "%(count)d published translations", self.published
            )
            % {"count": self.published},
        }
        if self.missing_segments:
            text += _("; quotations skipped, segments not found: %(keys)s") % {"keys": ", ".join(self.missing_segments)}
        if self.checks is not None:
            # The same counted nouns as the findings pages ("%(n)s error").
            text += _("; checks: %(errors)s, %(warnings)s open") % {
                "errors": errors_text(self.checks.errors),
                "warnings": warnings_text(self.checks.warnings),
            }
        return text


@transaction.atomic
def glossary_seed(*, source_language: str = "en") -> int:
    created = 0
    for source_term, translations, note in ESSAY_GLOSSARY:
        for language, (target_term, forms) in translations.items():
            _term, was_created = GlossaryTerm.objects.get_or_create(
                source_language=source_language,
                target_language=language,
                source_term=source_term,
                defaults={"target_term": target_term, "variants": "\n".join(forms), "note": note},
            )
            created += was_created
    return created


@transaction.atomic
def quotations_seed(*, document: Document, report: SeedReport) -> None:
    segments = {segment.key: segment for segment in Segment.objects.filter(document=document, retired=False)}
    for entry in ESSAY_QUOTATIONS:
        work_fields = dict(entry["work"])
        work, created = Work.objects.get_or_create(
            author=work_fields.pop("author"), title=work_fields.pop("title"), defaults=work_fields
        )
        report.works += created
        first, last = (segments.get(key) for key in entry["span"])
        if first is None or last is None:
            report.missing_segments.append("…".join(entry["span"]))
            continue
        quotation, created = Quotation.objects.get_or_create(
            document=document,
            work=work,
            first_segment=first,
            defaults={
                "last_segment": last,
                "original_text": entry["original_text"],
                "original_reference": entry["original_reference"],
                "note": entry["note"],
            },
        )
        report.quotations += created
        for language, (policy, source) in entry["published"].items():
            _row, created = PublishedTranslation.objects.get_or_create(
                quotation=quotation, language=language, defaults={"policy": policy, "source": source}
            )
            report.published += created


def quality_install(*, document: Document) -> SeedReport:
    """Seed the glossary and the essay's quotations (idempotent), then check the document."""
    report = SeedReport(terms=glossary_seed(source_language=document.source_language))
    quotations_seed(document=document, report=report)
    report.checks = checks_run_document(document=document)
    return report
