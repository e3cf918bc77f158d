"""The translate view and the document list cost a fixed number of queries, whatever the size.

The translate view with every quality annotation on its rows; the paging and the filters at
5,000 segments are in tests/test_admin_translate_paging.py."""

from django.contrib.auth.models import Group, User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from translations.models import CheckFinding, GlossaryTerm, PublishedTranslation, Quotation, Segment, Work
from translations.paging import PAGE_SIZE
from translations.permissions import groups_ensure
from translations.services.documents import document_import
from translations.services.translations import translation_save


def synthetic_document(tmp_path, slug: str, sentences: int, translator: User):
    """A document of ``sentences`` one-sentence paragraphs, every third one translated into German.

    Everything the rows show besides the text is there too, in every row or
    in proportion to the size: a glossary term in every sentence, a check
    finding on every sixth (a number lost), and a registered quotation.
    """
    path = tmp_path / f"{slug}.txt"
    path.write_text("\n\n".join(f"Paragraph {n} says one plain thing" + "." for n in range(sentences)), "utf-8")
    document = document_import(path=path, slug=slug, title=slug).document
    assert Segment.objects.filter(document=document).count() == sentences
    GlossaryTerm.objects.get_or_create(
        source_language="en", target_language="de", source_term="plain thing", defaults={"target_term": "schlichte Sache"}
    )
    for index, segment in enumerate(Segment.objects.filter(document=document)[::3]):
        text = f"Übersetzt: {segment.source_text}"
        if index % 2:
            text = text.replace("Paragraph", "Absatz ohne Nummer").replace(str(segment.source_text.split()[1]), "")
        translation_save(segment=segment, language="de", text=text, user=translator)
    first, second = Segment.objects.filter(document=document).order_by("block__position")[:2]
    work, _ = Work.objects.get_or_create(author="A. Author", title="A Work", defaults={"original_language": "de"})
    quotation = Quotation.objects.create(document=document, work=work, first_segment=first, last_segment=second)
    PublishedTranslation.objects.create(quotation=quotation, language="de", text="Ein Werk.", source="Verlag")
    assert CheckFinding.objects.filter(segment__document=document, language="de").count() >= sentences // 6
    return document


def translator_client():
    groups_ensure()
    user = User.objects.create_user("greta", "", "pw", is_staff=True)
    user.groups.add(Group.objects.get(name="translator-de"))
    client = Client()
    client.force_login(user)
    return client, user


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_translate_view_queries_do_not_grow_with_the_document(db, tmp_path, django_assert_num_queries):
    client, greta = translator_client()
    small = synthetic_document(tmp_path, "small", 10, greta)
    large = synthetic_document(tmp_path, "large", 500, greta)
    small_url = f"/admin/translations/document/{small.pk}/translate/de/"
    large_url = f"/admin/translations/document/{large.pk}/translate/de/"
    client.get(small_url)  # warm the session
    expected = count_queries(client, small_url)
    with django_assert_num_queries(expected):
        response = client.get(large_url)
    body = response.content.decode()
    # One page of one-sentence paragraphs; the rest is on the other pages
    # (tests/test_admin_translate_paging.py walks them, at 5,000 segments).
    assert body.count('class="wb-row ') == PAGE_SIZE
    assert body.count('<mark class="wb-term"') == PAGE_SIZE and body.count('class="wb-finding ') >= PAGE_SIZE // 6
    assert body.count('<section class="wb-quotation"') == 2 and body.count('wb-quotation-more') == 1
    with django_assert_num_queries(expected):
        client.get(large_url, {"page": "7"})


def test_document_list_queries_do_not_grow_with_the_number_of_documents(db, tmp_path, django_assert_num_queries):
    client, greta = translator_client()
    synthetic_document(tmp_path, "one", 10, greta)
    url = "/admin/translations/document/"
    client.get(url)
    expected = count_queries(client, url)
    for n in range(12):
        synthetic_document(tmp_path, f"more-{n}", 4, greta)
    with django_assert_num_queries(expected):
        response = client.get(url)
    body = response.content.decode()
    assert body.count('class="wb-progress"') == 13 * 6  # 13 documents x 6 target languages
    assert "de: 40% / 0%" in body  # 4 of 10 segments translated
