"""The commands' one-line summaries count with the plural forms of the active language.

Each command runs once with a single item and once with several, in English
and in Russian (one, few, many), some in Arabic (zero, one, two, few): "1 entry"
beside "6 entries", "1 запись" beside "6 записей", "إدخال واحد" beside "إدخالان".
The source import's summary (``import_document``) is tested in test_i18n_messages.py,
counts on pages and in the admin in test_i18n_page_counts.py.
"""

from io import StringIO

import polib
import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.utils import translation

from tests.formats_support import export, segments
from translations.models import (
    CheckFinding,
    GlossaryTerm,
    PublishedTranslation,
    Quotation,
    Segment,
    State,
    Translation,
    Work,
)
from translations.services.checks import finding_dismiss
from translations.services.documents import document_import
from translations.services.translations import translation_save

SENTENCES = ["Alpha is first.", "Beta is second.", "Gamma is third.", "Delta is fourth.", "Epsilon is fifth."]
GERMAN = ["Alpha ist erster.", "Beta ist zweiter.", "Gamma ist dritter.", "Delta ist vierter.", "Epsilon ist fünfter."]


def run(language: str, *args, **options) -> str:
    """The command's output in ``language``, as its user reads it."""
    out = StringIO()
    with translation.override(language):
        call_command(*args, stdout=out, verbosity=0, **options)
    return out.getvalue()


def new_document(tmp_path, slug: str, count: int, *, text: str | None = None):
    """``count`` sentences in one paragraph, or ``text`` as it is."""
    path = tmp_path / f"{slug}.md"
    path.write_text(text or " ".join(SENTENCES[:count]) + "\n", encoding="utf-8")
    return document_import(path=path, slug=slug).document


def translate(document, language: str, texts: list[str | None], states: list[str] | None = None) -> None:
    """Translate the document's segments in reading order; ``None`` leaves one untranslated."""
    for index, (segment, text) in enumerate(zip(segments(document), texts)):
        if text is not None:
            state = states[index] if states else State.DRAFT
            translation_save(segment=segment, language=language, text=text, state=state)


# --- import_po ----------------------------------------------------------------


def po_with_one_translation(tmp_path, slug):
    """One entry, translated and finished."""
    document = new_document(tmp_path, slug, 1)
    catalog = polib.pofile(export(document, "po", "de").decode("utf-8"))
    catalog[0].msgstr = GERMAN[0]
    path = tmp_path / f"{slug}.de.po"
    path.write_text(str(catalog), encoding="utf-8")
    return path


def po_with_six_entries(tmp_path, slug):
    """Three translated (two still fuzzy), two left empty, one whose key the document does not know."""
    document = new_document(tmp_path, slug, 5)
    catalog = polib.pofile(export(document, "po", "de").decode("utf-8"))
    for index, entry in enumerate(catalog[:3]):
        entry.msgstr = GERMAN[index]
        if index:
            entry.flags.append("fuzzy")
    catalog.append(polib.POEntry(msgctxt="0badc0de", msgid="Omega is gone.", msgstr="Omega ist weg."))
    path = tmp_path / f"{slug}.de.po"
    path.write_text(str(catalog), encoding="utf-8")
    return path


IMPORT_PO = {
    "en": (
        "1 entry: 1 updated (0 fuzzy), 0 unchanged, 0 source changed (now needs update), 0 unknown keys, "
        "0 skipped (approved, kept), 0 empty",
        "6 entries: 3 updated (2 fuzzy), 0 unchanged, 0 source changed (now needs update), 1 unknown key, "
        "0 skipped (approved, kept), 2 empty",
    ),
    "ru": (
        "1 запись: 1 обновлённая (0 неточных), 0 без изменений, "
        "0 с изменённым оригиналом (теперь «требует доработки»), "
        "0 неизвестных ключей, 0 пропущенных (утверждены, сохранены), 0 пустых",
        "6 записей: 3 обновлённых (2 неточных), 0 без изменений, "
        "0 с изменённым оригиналом (теперь «требует доработки»), "
        "1 неизвестный ключ, 0 пропущенных (утверждены, сохранены), 2 пустых",
    ),
    "ar": (
        "إدخال واحد: إدخال واحد محدَّث (لا إدخالات غير دقيقة)، لا إدخالات دون تغيير، لا إدخالات تغيّر مصدرها، "
        "لا مفاتيح غير معروفة، لم يُتخطَّ أي إدخال، لا إدخالات فارغة",
        "6 إدخالات: 3 إدخالات محدَّثة (إدخالان غير دقيقين)، لا إدخالات دون تغيير، لا إدخالات تغيّر مصدرها، "
        "مفتاح واحد غير معروف، لم يُتخطَّ أي إدخال، إدخالان فارغان",
    ),
}


@pytest.mark.parametrize("language", ["en", "ru", "ar"])
def test_import_po_counts_one_entry_and_several(db, tmp_path, language):
    one, several = IMPORT_PO[language]
    out = run(language, "import_po", "one", str(po_with_one_translation(tmp_path, "one")))
    assert one in out
    out = run(language, "import_po", "six", str(po_with_six_entries(tmp_path, "six")))
    assert several in out
    assert Translation.objects.filter(segment__document__slug="six", language="de").count() == 3


def test_a_dry_run_says_so_before_the_counts(db, tmp_path):
    path = po_with_one_translation(tmp_path, "one")
    out = run("ru", "import_po", "one", str(path), dry_run=True)
    assert out.startswith(f"[пробный прогон, ничего не записано] {path} → one [de], 1 запись: 1 обновлённая")
    assert not Translation.objects.exists()


# --- import_xliff -------------------------------------------------------------


def xliff_with_changes(tmp_path, slug, count, changed):
    """All ``count`` sentences translated in the workbench; the file changes the first ``changed`` of them."""
    document = new_document(tmp_path, slug, count)
    for segment, german in zip(segments(document), GERMAN):
        translation_save(segment=segment, language="de", text=german)
    data = export(document, "xliff", "de").decode("utf-8")
    for german in GERMAN[:changed]:
        data = data.replace(german, german.replace(" ist ", " bleibt "))
    path = tmp_path / f"{slug}.de.xlf"
    path.write_text(data, encoding="utf-8")
    return path


def test_import_xliff_counts_one_entry_and_several(db, tmp_path):
    out = run("en", "import_xliff", "one", str(xliff_with_changes(tmp_path, "one", 1, 1)))
    assert "1 entry: 1 updated (" in out and ", 0 unchanged," in out
    out = run("en", "import_xliff", "five", str(xliff_with_changes(tmp_path, "five", 5, 2)))
    assert "5 entries: 2 updated (" in out and ", 3 unchanged," in out
    out = run("ru", "import_xliff", "uno", str(xliff_with_changes(tmp_path, "uno", 1, 1)))
    assert "1 запись: 1 обновлённая (" in out
    out = run("ru", "import_xliff", "cinque", str(xliff_with_changes(tmp_path, "cinque", 5, 2)))
    assert "5 записей: 2 обновлённых (" in out and ", 3 без изменений," in out


# --- Refusals that count --------------------------------------------------------


def foreign_po(tmp_path, count):
    """A German PO file whose keys belong to no document here."""
    catalog = polib.POFile()
    catalog.metadata = {"Language": "de", "Content-Type": "text/plain; charset=UTF-8"}
    for index in range(count):
        catalog.append(polib.POEntry(msgctxt=f"0badc0d{index}", msgid=f"Omega {index}.", msgstr=f"Omega {index}."))
    path = tmp_path / f"foreign{count}.de.po"
    path.write_text(str(catalog), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "language, count, expected",
    [
        ("en", 1, "the file's only entry is not a sentence of 'one' (its key does not match)"),
        ("en", 2, "none of the file's 2 entries is a sentence of 'one' (no key matches)"),
        ("ru", 1, "ни одна из 1 записи файла не является предложением документа 'one'"),
        ("ru", 2, "ни одна из 2 записей файла не является предложением документа 'one'"),
    ],
)
def test_a_file_of_another_document_is_refused_counting_its_entries(db, tmp_path, language, count, expected):
    new_document(tmp_path, "one", 1)
    with translation.override(language), pytest.raises(CommandError) as caught:
        call_command("import_po", "one", str(foreign_po(tmp_path, count)), verbosity=0)
    assert expected in str(caught.value)


@pytest.mark.parametrize(
    "language, size, expected",
    [
        ("en", 21, "the file is 21 bytes; the limit is 10"),
        ("ru", 21, "размер файла — 21 байт; предел — 10"),
        ("ru", 22, "размер файла — 22 байта; предел — 10"),
        ("ar", 11, "حجم الملف 11 بايتًا؛ والحد الأقصى 10"),
    ],
)
def test_a_file_over_the_limit_is_refused_counting_its_bytes(db, tmp_path, language, size, expected):
    new_document(tmp_path, "one", 1)
    path = tmp_path / "big.de.po"
    path.write_bytes(b"#" * size)
    with override_settings(WORKBENCH_MAX_IMPORT_BYTES=10), translation.override(language):
        with pytest.raises(CommandError) as caught:
            call_command("import_po", "one", str(path), verbosity=0)
    assert expected in str(caught.value)


# --- import_tmx ---------------------------------------------------------------


def tmx(tmp_path, name, units):
    """A TMX file of ``units``: each a list of (language, text) variants."""
    body = "".join(
        "<tu>" + "".join(f'<tuv xml:lang="{code}"><seg>{text}</seg></tuv>' for code, text in unit) + "</tu>"
        for unit in units
    )
    path = tmp_path / name
    path.write_text(f'<tmx version="1.4"><header srclang="en"/><body>{body}</body></tmx>', encoding="utf-8")
    return path


def one_unit(tmp_path):
    return tmx(tmp_path, "one.tmx", [[("en", SENTENCES[0]), ("de", GERMAN[0])]])


def five_units(tmp_path):
    """Three new pairs (not the one of ``one_unit``), one repeated, one unit without an English variant."""
    pairs = [[("en", english), ("de", german)] for english, german in zip(SENTENCES[1:4], GERMAN[1:4])]
    return tmx(tmp_path, "five.tmx", [*pairs, pairs[0], [("fr", "Alpha est premier."), ("de", GERMAN[0])]])


@pytest.mark.parametrize(
    "language, one, several",
    [
        (
            "en",
            "1 translation unit; 1 pair added (en→de: 1); 0 already in the memory",
            "5 translation units; 3 pairs added (en→de: 3); 1 already in the memory; "
            "1 unit without a source-language variant",
        ),
        (
            "ru",
            "1 единица перевода; 1 пара добавлена (en→de: 1); 0 уже были в памяти",
            "5 единиц перевода; 3 пары добавлены (en→de: 3); 1 уже была в памяти; "
            "1 единица без варианта на исходном языке",
        ),
        (
            "ar",
            "وحدة ترجمة واحدة؛ أُضيف زوج واحد (en→de: 1)؛ لا أزواج موجودة في الذاكرة أصلًا",
            "5 وحدات ترجمة؛ أُضيفت 3 أزواج (en→de: 3)؛ زوج واحد موجود في الذاكرة أصلًا؛ "
            "وحدة واحدة بلا صيغة في اللغة المصدر",
        ),
    ],
)
def test_import_tmx_counts_one_unit_and_several(db, tmp_path, language, one, several):
    assert one in run(language, "import_tmx", str(one_unit(tmp_path)))
    assert several in run(language, "import_tmx", str(five_units(tmp_path)))


# --- align_translation --------------------------------------------------------


def aligned(tmp_path, slug, count):
    new_document(tmp_path, slug, count)
    path = tmp_path / f"{slug}.de.txt"
    path.write_text(" ".join(GERMAN[:count]) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "language, one, several",
    [
        (
            "en",
            ["1 source sentence × 1 target sentence aligned", "; 1 translation stored as draft, ",
             "0 segments joined with the previous one (2:1), 0 source sentences without translation, "
             "0 target sentences without source (kept on the previous segment), ",
             ", 0 approved translations kept. Beads: 1-1: 1"],
            ["5 source sentences × 5 target sentences aligned", "; 5 translations stored as draft, "],
        ),
        (
            "ru",
            ["Выровнено: 1 исходное предложение × 1 предложение перевода", "; 1 перевод сохранён как черновик, ",
             "0 сегментов объединены с предыдущим (2:1), 0 исходных предложений без перевода, "
             "0 предложений перевода без оригинала (оставлены в предыдущем сегменте), ",
             ", 0 утверждённых переводов сохранено. Пары: 1-1: 1"],
            ["Выровнено: 5 исходных предложений × 5 предложений перевода", "; 5 переводов сохранено как черновики, "],
        ),
    ],
)  # fmt: skip
def test_align_translation_counts_one_sentence_and_several(db, tmp_path, language, one, several):
    out = run(language, "align_translation", "one", str(aligned(tmp_path, "one", 1)), lang="de")
    assert all(part in out for part in one), out
    out = run(language, "align_translation", "five", str(aligned(tmp_path, "five", 5)), lang="de")
    assert all(part in out for part in several), out


def test_align_translation_counts_the_approved_translation_it_kept(db, tmp_path):
    path = aligned(tmp_path, "one", 1)
    segment = Segment.objects.get(document__slug="one")
    translation_save(segment=segment, language="de", text="Von Hand.", state=State.APPROVED)
    assert ", 1 approved translation kept. " in run("en", "align_translation", "one", str(path), lang="de")
    assert ", 1 утверждённый перевод сохранён. " in run("ru", "align_translation", "one", str(path), lang="de")


# --- setup_demo ---------------------------------------------------------------


def undo_part_of_the_demo():
    """Take back one German draft, all French drafts but one, a glossary term, a work and a published translation."""
    essay = list(Segment.objects.filter(document__slug="essay", retired=False).order_by("pk"))
    for code, cleared in (("de", essay[:1]), ("fr", essay[1:])):
        Translation.objects.filter(segment__in=cleared, language=code).delete()
        Segment.objects.filter(pk__in=[segment.pk for segment in cleared]).update(**{f"text_{code}": ""})
    GlossaryTerm.objects.order_by("pk").first().delete()
    trotsky = Work.objects.get(title="The Third International After Lenin")
    Quotation.objects.filter(work=trotsky).delete()  # its one quotation
    trotsky.delete()
    PublishedTranslation.objects.order_by("pk").last().delete()


def test_setup_demo_counts_what_it_loaded_and_kept(db):
    out = run("en", "setup_demo")
    assert "Sample translations [de]: 43 loaded, 0 kept as they were; 43 new in the translation memory" in out
    assert "Quality: 27 glossary terms, 3 works, 4 quotations, 4 published translations added; checks: 1 error, " in out
    undo_part_of_the_demo()
    out = run("en", "setup_demo")
    assert "Sample translations [de]: 1 loaded, 42 kept as they were; 0 new in the translation memory" in out
    assert "Sample translations [fr]: 42 loaded, 1 kept as it was; 0 new in the translation memory" in out
    assert "Quality: 1 glossary term, 1 work, 1 quotation, 1 published translation added" in out


def test_setup_demo_counts_in_russian_and_arabic(db):
    out = run("ru", "setup_demo")
    assert "Примеры переводов [de]: 43 загружено, 0 оставлено без изменений; 43 новые в памяти переводов" in out
    assert "Качество (добавлено): 27 терминов глоссария, 3 произведения, 4 цитаты, 4 опубликованных перевода;" in out
    assert "открытые замечания проверок: 1 ошибка, 0 предупреждений" in out
    undo_part_of_the_demo()
    out = run("ru", "setup_demo")
    assert "Примеры переводов [de]: 1 загружен, 42 оставлено без изменений; 0 новых в памяти переводов" in out
    assert "Примеры переводов [fr]: 42 загружено, 1 оставлен без изменений; 0 новых в памяти переводов" in out
    assert "Качество (добавлено): 1 термин глоссария, 1 произведение, 1 цитата, 1 опубликованный перевод" in out
    out = run("ar", "setup_demo")
    assert "ترجمات نموذجية [de]: لم تُحمَّل أي مسودة، تُركت 43 مسودةً كما هي؛ لا أزواج جديدة في ذاكرة الترجمة" in out
    assert "الجودة، ما أُضيف: لا مصطلحات في المسرد، لا أعمال، لا اقتباسات، لا ترجمات منشورة؛" in out
    assert "الفحوص، المفتوح منها: خطأ واحد، لا تحذيرات" in out


# --- check_translations -------------------------------------------------------


def numbers_document(tmp_path, slug, count):
    """``count`` German sentences whose numbers differ from the source's: one error-level finding each."""
    source = ["Alpha has 1 cat.", "Beta has 2 dogs."][:count]
    document = new_document(tmp_path, slug, count, text=" ".join(source) + "\n")
    translate(document, "de", ["Alpha hat 3 Katzen.", "Beta hat 4 Hunde."][:count])
    return document


def checked(language: str, slug: str) -> str:
    """What check_translations prints in ``language``, with the refusal it ends with when errors are open."""
    out = StringIO()
    with translation.override(language):
        try:
            call_command("check_translations", slug, lang=["de"], stdout=out, verbosity=0)
        except CommandError as error:
            assert error.returncode == 1
            out.write(f"\n{error}\n")
    return out.getvalue()


CHECK_ERRORS = {
    "en": (
        ["de: 1 error, 0 warnings, 0 dismissed", "1 error-level finding in one"],
        ["de: 2 errors, 0 warnings, 0 dismissed", "2 error-level findings in two"],
    ),
    "ru": (
        ["de: 1 ошибка, 0 предупреждений, 0 отклонённых", "1 замечание уровня «ошибка» в one"],
        ["de: 2 ошибки, 0 предупреждений, 0 отклонённых", "2 замечания уровня «ошибка» в two"],
    ),
    "ar": (
        ["de: خطأ واحد، لا تحذيرات، لا ملاحظات مستبعَدة", "ملاحظة واحدة من مستوى «خطأ» في one"],
        ["de: خطآن، لا تحذيرات، لا ملاحظات مستبعَدة", "ملاحظتان من مستوى «خطأ» في two"],
    ),
}


@pytest.mark.parametrize("language", ["en", "ru", "ar"])
def test_check_translations_counts_one_error_and_several(db, tmp_path, language):
    numbers_document(tmp_path, "one", 1)
    numbers_document(tmp_path, "two", 2)
    one, several = CHECK_ERRORS[language]
    out = checked(language, "one")
    assert all(part in out for part in one), out
    out = checked(language, "two")
    assert all(part in out for part in several), out


@pytest.mark.parametrize(
    "language, several, one",
    [
        (
            "en",
            ["de: 0 errors, 2 warnings, 0 dismissed", "same: no error-level findings (2 warnings)"],
            ["de: 0 errors, 1 warning, 1 dismissed", "same: no error-level findings (1 warning)"],
        ),
        (
            "ru",
            ["de: 0 ошибок, 2 предупреждения, 0 отклонённых", "same: замечаний уровня «ошибка» нет (2 предупреждения)"],
            ["de: 0 ошибок, 1 предупреждение, 1 отклонённое", "same: замечаний уровня «ошибка» нет (1 предупреждение)"],
        ),
    ],
)
def test_check_translations_counts_one_warning_and_several(db, tmp_path, language, several, one):
    # German left as the source: a "same as source" warning for each sentence.
    document = new_document(tmp_path, "same", 2, text="Alpha is first.\n\nBeta is second.\n")
    translate(document, "de", ["Alpha is first.", "Beta is second."])
    out = checked(language, "same")
    assert all(part in out for part in several), out
    finding = CheckFinding.objects.filter(language="de").first()
    finding_dismiss(finding=finding, user=User.objects.create_superuser("root", "", "x"), reason="A name.")
    out = checked(language, "same")
    assert all(part in out for part in one), out


# --- export_edition -----------------------------------------------------------


def editions(tmp_path):
    """One approved sentence; and five in two paragraphs: four translated (two approved), one left untranslated."""
    one = new_document(tmp_path, "one", 1)
    translate(one, "de", GERMAN[:1], [State.APPROVED])
    five = new_document(tmp_path, "five", 5, text=" ".join(SENTENCES[:2]) + "\n\n" + " ".join(SENTENCES[2:]) + "\n")
    translate(five, "de", [*GERMAN[:4], None], [State.APPROVED, State.APPROVED, State.DRAFT, State.DRAFT, State.DRAFT])


def exported(language, tmp_path, slug, format="html") -> str:
    return run(language, "export_edition", slug, languages=["de"], format=format, out=str(tmp_path / f"{slug}.{format}"))


EDITION_SUMMARIES = {
    "en": (
        ["1 block, 1 segment.", "German: 1 translated (1 approved), 0 untranslated (marked as such)."],
        ["2 blocks, 5 segments.", "German: 4 translated (2 approved), 1 untranslated (marked as such)."],
    ),
    "ru": (
        ["1 блок, 1 сегмент.", "Немецкий: 1 переведённый (1 утверждённый), 0 непереведённых (помечены как таковые)."],
        ["2 блока, 5 сегментов.", "Немецкий: 4 переведённых (2 утверждённых), 1 непереведённый (помечен как таковой)."],
    ),
    "ar": (
        ["كتلة واحدة، مقطع واحد.", "الألمانية: مقطع واحد مترجم (مقطع واحد معتمد)، لا مقاطع غير مترجمة."],
        ["كتلتان، 5 مقاطع.", "الألمانية: 4 مقاطع مترجمة (مقطعان معتمدان)، مقطع واحد غير مترجم (معلَّم على هذا الأساس)."],
    ),
}


@pytest.mark.parametrize("language", ["en", "ru", "ar"])
def test_export_edition_counts_one_segment_and_several(db, tmp_path, language):
    editions(tmp_path)
    one, several = EDITION_SUMMARIES[language]
    out = exported(language, tmp_path, "one")
    assert all(part in out for part in one), out
    out = exported(language, tmp_path, "five")
    assert all(part in out for part in several), out


def test_the_edition_itself_counts_in_the_interface_language(db, tmp_path):
    """The draft note on the title page: the segments of each translation, by state."""
    editions(tmp_path)
    exported("en", tmp_path, "five")
    # (The language's name sits in Unicode isolates, so an Arabic name cannot reorder the counts.)
    html = (tmp_path / "five.html").read_text(encoding="utf-8")
    assert "Deutsch\u2069, 5 segments: 2 approved, 2 not yet approved, 1 untranslated." in html
    exported("ru", tmp_path, "five")
    html = (tmp_path / "five.html").read_text(encoding="utf-8")
    assert "Deutsch\u2069, 5 сегментов: 2 утверждённых, 2 ещё не утверждённых, 1 непереведённый." in html


@pytest.mark.system
def test_export_edition_counts_the_pages_of_a_pdf(db, tmp_path):
    editions(tmp_path)  # one sentence: a title page and a page of text
    assert ", 2 pages, " in exported("en", tmp_path, "one", "pdf")
    assert ", 2 страницы, " in exported("ru", tmp_path, "one", "pdf")
    assert "، صفحتان، " in exported("ar", tmp_path, "one", "pdf")
