"""Counts on pages and in the admin agree with their number in the reader's language.

As for the commands (test_i18n_command_summaries.py): one item and several,
in English, Russian (one, few, many) and Arabic (zero, one, two, few, many),
the language chosen by the ``django_language`` cookie as the switcher sets it.
"""

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import translation

from tests.formats_support import segments
from translations.models import Block, Document, Segment, State, Translation
from translations.services import comments
from translations.services.comments import InvalidComment, comment_add
from translations.services.documents import document_import
from translations.services.translations import translation_save

SENTENCES = ["Alpha is first.", "Beta is second.", "Gamma is third.", "Delta is fourth.", "Epsilon is fifth."]
GERMAN = ["Alpha ist erster.", "Beta ist zweiter.", "Gamma ist dritter.", "Delta ist vierter.", "Epsilon ist fünfter."]


@pytest.fixture
def root(db):
    return User.objects.create_superuser("root", "", "pw")


def client_in(language: str, user) -> Client:
    """A logged-in client that chose ``language`` in the switcher."""
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = language
    return client


def new_document(tmp_path, slug: str, states: list[str]):
    """One sentence per state, translated into German in that state."""
    path = tmp_path / f"{slug}.md"
    path.write_text(" ".join(SENTENCES[: len(states)]) + "\n", encoding="utf-8")
    document = document_import(path=path, slug=slug).document
    for segment, german, state in zip(segments(document), GERMAN, states):
        translation_save(segment=segment, language="de", text=german, state=state)
    return document


# --- The document list: per-language progress -----------------------------------


PROGRESS = {
    "en": (
        "German: 0 of 1 segment translated, 0 approved, 1 draft",
        "German: 3 of 5 segments translated, 2 approved, 2 drafts",
    ),
    "ru": (
        "Немецкий: переведено 0 из 1 сегмента, 0 утверждено, 1 черновик",
        "Немецкий: переведено 3 из 5 сегментов, 2 утверждено, 2 черновика",
    ),
    "ar": (
        "الألمانية: مترجم 0 من أصل مقطع واحد، لا ترجمات معتمدة، مسودة واحدة",
        "الألمانية: مترجم 3 من أصل 5 مقاطع، ترجمتان معتمدتان، مسودتان",
    ),
}


@pytest.mark.parametrize("language", ["en", "ru", "ar"])
def test_the_progress_bar_counts_one_draft_and_several(tmp_path, root, language):
    new_document(tmp_path, "one", [State.DRAFT])
    new_document(tmp_path, "five", [State.APPROVED, State.APPROVED, State.TRANSLATED, State.DRAFT, State.DRAFT])
    html = client_in(language, root).get("/admin/translations/document/").content.decode()
    one, several = PROGRESS[language]
    assert f'title="{one}"' in html  # the bar's tooltip
    assert f'title="{several}"' in html


# --- The exchange page: an upload over the size limit ----------------------------


@pytest.mark.parametrize(
    "language, size, limit, expected",
    [
        ("en", 1, 0, "the file is 1 byte; the limit is 0"),
        ("en", 21, 10, "the file is 21 bytes; the limit is 10"),
        ("ru", 21, 10, "размер файла — 21 байт; предел — 10"),
        ("ru", 22, 10, "размер файла — 22 байта; предел — 10"),
        ("ar", 12, 10, "حجم الملف 12 بايتًا؛ والحد الأقصى 10"),
    ],
)
def test_an_upload_over_the_limit_is_refused_counting_its_bytes(tmp_path, root, language, size, limit, expected):
    document = new_document(tmp_path, "one", [State.DRAFT])
    upload = SimpleUploadedFile("one.de.po", b"#" * size)
    with override_settings(WORKBENCH_MAX_IMPORT_BYTES=limit):
        response = client_in(language, root).post(
            reverse("admin:translations_document_exchange", args=[document.pk]), {"file": upload}
        )
    assert response.status_code == 200  # the form again, with the reason
    assert expected in response.content.decode()
    assert segments(document)[0].text_in("de") == GERMAN[0]  # nothing was imported


# --- The review page: the message after a bulk action, the pager ----------------


def review(client, document, action: str, count: int):
    """Approve or send back the first ``count`` German rows, as the review page's bulk form does."""
    rows = segments(document)[:count]
    data = {"language": "de", "action": action, "segment": [row.pk for row in rows]}
    data.update({f"v-{row.pk}-de": Translation.objects.get(segment=row, language="de").version for row in rows})
    return client.post(f"/review/{document.slug}/bulk/", data, follow=True).content.decode()


@pytest.mark.parametrize(
    "language, approved, sent_back",
    [
        ("en", ("German: 1 approved.", "German: 3 approved."), ("German: 1 sent back.", "German: 2 sent back.")),
        (
            "ru",
            ("Немецкий: 1 утверждён.", "Немецкий: 3 утверждено."),
            ("Немецкий: 1 возвращён на доработку.", "Немецкий: 2 возвращено на доработку."),
        ),
        (
            "ar",
            ("الألمانية: ترجمة واحدة معتمدة.", "الألمانية: 3 ترجمات معتمدة."),
            ("الألمانية: أُعيدت ترجمة واحدة للتعديل.", "الألمانية: أُعيدت ترجمتان للتعديل."),
        ),
    ],
)
def test_a_bulk_review_counts_one_translation_and_several(tmp_path, root, language, approved, sent_back):
    client = client_in(language, root)
    document = new_document(tmp_path, "five", [State.TRANSLATED] * 5)
    assert approved[0] in review(client, document, "approve", 1)
    assert approved[1] in review(client, new_document(tmp_path, "three", [State.TRANSLATED] * 3), "approve", 3)
    assert sent_back[0] in review(client, document, "send_back", 1)
    assert sent_back[1] in review(client, document, "send_back", 2)


def long_document(slug: str, rows: int) -> Document:
    """``rows`` one-sentence paragraphs: the review page shows 50 blocks a page."""
    document = Document.objects.create(slug=slug, title=slug, source_language="en")
    blocks = Block.objects.bulk_create(Block(document=document, position=i) for i in range(rows))
    Segment.objects.bulk_create(
        Segment(document=document, block=block, position=0, key=f"{slug}-{block.position}", source_text="One.")
        for block in blocks
    )
    return document


@pytest.mark.parametrize(
    "language, rows, expected",
    [
        ("en", 51, "page 1 of 2 · 50 of 51 rows"),
        ("ru", 51, "страница 1 из 2 · 50 из 51 строки"),
        ("ru", 52, "страница 1 из 2 · 50 из 52 строк"),
        ("ar", 51, "الصفحة 1 من 2 · 50 من أصل 51 صفًا"),
    ],
)
def test_the_pager_counts_the_rows_of_the_document(root, language, rows, expected):
    long_document("long", rows)
    html = client_in(language, root).get("/review/long/?lang=de").content.decode()
    assert expected in html


# --- A comment over the length limit ----------------------------------------------


@pytest.mark.parametrize(
    "language, limit, expected",
    [
        ("en", 1, "A comment has at most 1 character (this one has 2)."),
        ("en", 5000, "A comment has at most 5000 characters (this one has 5001)."),
        ("ru", 1, "В комментарии не больше 1 знака (в этом 2)."),
        ("ru", 5000, "В комментарии не больше 5000 знаков (в этом 5001)."),
    ],
)
def test_a_long_comment_is_refused_counting_characters(tmp_path, root, monkeypatch, language, limit, expected):
    monkeypatch.setattr(comments, "MAX_COMMENT_LENGTH", limit)
    segment = segments(new_document(tmp_path, "one", [State.DRAFT]))[0]
    with translation.override(language), pytest.raises(InvalidComment) as refused:
        comment_add(segment=segment, language="de", author=root, text="x" * (limit + 1))
    assert str(refused.value) == expected


# --- The document's checks: errors and warnings as one pair ---------------------


@pytest.mark.parametrize(
    "language, expected",
    [("en", "1 error, 0 warnings"), ("ru", "1 ошибка, 0 предупреждений"), ("ar", "خطأ واحد، لا تحذيرات")],
)
def test_the_change_form_counts_the_open_findings_of_each_language(tmp_path, root, language, expected):
    document = new_document(tmp_path, "one", [State.DRAFT])
    # A number the source does not have: one error-level finding.
    translation_save(segment=segments(document)[0], language="de", text="Alpha ist 1.", state=State.DRAFT)
    html = client_in(language, root).get(reverse("admin:translations_document_change", args=[document.pk]))
    assert f"</a>: {expected}</li>" in html.content.decode()
