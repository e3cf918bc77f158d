"""The translate view and the document list cost a fixed number of queries, whatever the size."""

from django.contrib.auth.models import Group, User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from translations.models import Segment
from translations.permissions import groups_ensure
from translations.services.documents import document_import
from translations.services.translations import translation_save


def synthetic_document(tmp_path, slug: str, sentences: int, translator: User):
    """A document of ``sentences`` one-sentence paragraphs, every third one translated into German."""
    path = tmp_path / f"{slug}.txt"
    path.write_text("\n\n".join(f"Paragraph {n} says one plain thing" + "." for n in range(sentences)), "utf-8")
    document = document_import(path=path, slug=slug, title=slug).document
    assert Segment.objects.filter(document=document).count() == sentences
    for segment in Segment.objects.filter(document=document)[::3]:
        translation_save(segment=segment, language="de", text=f"Übersetzt: {segment.source_text}", user=translator)
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
    assert response.content.decode().count('class="wb-row ') == 500
    with django_assert_num_queries(expected):
        client.get(large_url, {"state": "translated", "q": "paragraph 49"})


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
