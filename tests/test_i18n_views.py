"""The interface in the reader's language: German labels, Arabic right to left, the language switcher."""

import re

import pytest
from django.contrib.auth.models import User
from django.test import Client

NATIVE_NAMES = ["English", "Deutsch", "Français", "Español", "Русский", "العربيّة", "简体中文"]


@pytest.fixture
def root(db):
    return User.objects.create_superuser("root", "", "pw")


def client_for(user, language=None):
    client = Client(HTTP_ACCEPT_LANGUAGE=language) if language else Client()
    client.force_login(user)
    return client


def html_tag(html: str) -> str:
    return re.search(r"<html[^>]*>", html).group(0)


def translate_url(document, language):
    return f"/admin/translations/document/{document.pk}/translate/{language}/"


def test_the_translate_view_speaks_german(essay_with_samples, root):
    html = client_for(root, "de").get(translate_url(essay_with_samples, "fr")).content.decode()
    assert 'lang="de"' in html_tag(html) and 'dir="ltr"' in html_tag(html)
    # The page's own labels, the admin chrome and the model's state names, all German.
    for label in ["Andere Sprachen:", "Ausgangstext übernehmen", "Sichern", "Ausgangstext und Übersetzung durchsuchen",
                  "43 Segmente", "Übersetzungswerkstatt", ">Start<", ">Dokumente<", "Entwurf", "freigegeben",
                  "Sprache der Oberfläche"]:  # fmt: skip
        assert label in html, label
    assert "übersetzen –" in re.search(r"<h1>(.*?)</h1>", html, re.S).group(1)
    for english in ["Other languages:", "Copy source", ">Save<", "Translation workbench"]:
        assert english not in html, english


def test_the_translate_view_in_arabic_runs_right_to_left(essay_with_samples, root):
    html = client_for(root, "ar").get(translate_url(essay_with_samples, "de")).content.decode()
    assert 'lang="ar"' in html_tag(html) and 'dir="rtl"' in html_tag(html)
    assert "admin/css/rtl.css" in html  # Django's admin mirrors its layout
    assert "ورشة الترجمة" in html and "نسخ المصدر" in html and ">حفظ<" in html
    # The German text being edited keeps its own direction inside the Arabic page.
    assert re.search(r'<textarea[^>]*lang="de" dir="ltr"', html)


def test_the_document_list_names_languages_in_the_interface_language(essay_with_samples, root):
    html = client_for(root, "ru").get("/admin/translations/document/").content.decode()
    assert 'lang="ru"' in html_tag(html)
    assert "Прогресс (переведено / утверждено); откройте, чтобы переводить" in html
    assert "Немецкий: переведено 0 из 43" in html  # the progress bar's tooltip
    assert "German:" not in html


def test_english_stays_the_default(essay_with_samples, root):
    html = client_for(root).get(translate_url(essay_with_samples, "fr")).content.decode()
    assert 'lang="en"' in html_tag(html) and "Copy source" in html and "Translation workbench" in html


def test_server_messages_follow_the_interface_language(essay_with_samples, db):
    from django.contrib.auth.models import Group

    from translations.permissions import groups_ensure

    groups_ensure()
    translator = User.objects.create_user("greta", "", "pw", is_staff=True)
    translator.groups.add(Group.objects.get(name="translator-de"))
    segment = essay_with_samples.segments.first()
    response = client_for(translator, "fr").get(f"/quality/memory/{segment.pk}/ru/")
    assert response.status_code == 403
    assert response.json()["error"] == "Vous n’avez pas le droit de traduire dans cette langue."
    response = client_for(translator, "es").get(f"/quality/memory/{segment.pk}/de/?limit=many")
    assert response.json()["error"] == "El límite debe ser un número."


def test_the_switcher_lists_the_configured_languages_by_their_own_names(root, client):
    for page, logged_in in [("/admin/login/", False), ("/admin/", True)]:
        if logged_in:
            client.force_login(root)
        html = client.get(page).content.decode()
        switcher = re.search(r'<form id="wb-language-switcher".*?</form>', html, re.S).group(0)
        assert 'action="/i18n/setlang/"' in switcher and "csrfmiddlewaretoken" in switcher
        options = re.findall(r'<option value="([^"]+)"[^>]*>([^<]+)</option>', switcher)
        assert [name for _code, name in options] == NATIVE_NAMES
        assert re.search(r'<option value="en"[^>]*selected', switcher)


def test_switching_to_french_turns_the_next_page_french(root):
    client = client_for(root)
    response = client.post("/i18n/setlang/", {"language": "fr", "next": "/admin/"})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    html = client.get("/admin/").content.decode()
    assert 'lang="fr"' in html_tag(html)
    assert "Atelier de traduction" in html and "Textes, traductions et qualité" in html
    assert re.search(r'<option value="fr"[^>]*selected', html)
    # The choice outlives the page: a cookie, not a header of this one request.
    assert client.cookies["django_language"].value == "fr"


def test_switching_returns_to_the_same_page_with_its_query(essay_with_samples, root):
    client = client_for(root)
    page = "http://testserver/review/essay/?lang=de&lang=ru"
    response = client.post("/i18n/setlang/", {"language": "es"}, HTTP_REFERER=page)
    assert response.status_code == 302 and response["Location"] == page
    assert 'lang="es"' in html_tag(client.get("/review/essay/?lang=de&lang=ru").content.decode())


def test_a_foreign_referer_is_not_followed(root):
    response = client_for(root).post("/i18n/setlang/", {"language": "de"}, HTTP_REFERER="https://evil.example/")
    assert response.status_code == 302 and response["Location"] == "/"


def test_the_javascript_catalog_carries_the_scripts_strings(root):
    client = client_for(root, "de")
    assert '<script src="/jsi18n/">' in client.get("/admin/").content.decode()
    catalog = client.get("/jsi18n/").content.decode()
    assert '"Unsaved": "Nicht gesichert"' in catalog and '"Saved": "Gesichert"' in catalog
    assert "Gesichert" not in client_for(root).get("/jsi18n/").content.decode()


def test_an_upload_report_in_german(essay_with_samples, root):
    """The exchange page: refusal with the language's German name, then the report's counts in German."""
    from tests.test_formats_admin import edited_po, exchange_url, staff

    greta = staff("greta", "translator-de")
    client = client_for(greta, "de")
    response = client.post(exchange_url(essay_with_samples), {"file": edited_po(essay_with_samples, "fr", "Non.")})
    assert response.status_code == 403
    assert "Sie haben keine Übersetzungsrechte für Französisch – es wurde nichts importiert." in response.content.decode()
    response = client.post(exchange_url(essay_with_samples), {"file": edited_po(essay_with_samples, "de", "Ja.")})
    html = response.content.decode()
    assert response.status_code == 200 and "Importiert." in html
    assert re.search(r"<td>aktualisiert</td><td class=\"number\">1</td>", html)
    assert "43 Einträge" in html


def test_the_document_list_shows_the_source_title_whatever_the_interface_language(essay_with_samples, root):
    for language in ["ar", "es", "de"]:
        html = client_for(root, language).get("/admin/translations/document/").content.decode()
        assert "The Soviet Union: backwardness and bureaucracy" in html, language


def test_the_review_page_names_languages_and_refuses_in_the_interface_language(essay_with_samples, root):
    client = client_for(root, "de")
    html = client.get("/review/essay/?lang=fr").content.decode()
    assert "Neben Englisch:" in html
    assert "Französisch" in html
    response = client.get("/review/essay/?lang=xx")
    assert response.status_code == 400
    assert "unbekannte Zielsprache 'xx'" in response.content.decode()


def test_the_translate_progress_reads_as_one_sentence_in_russian(essay_with_samples, root):
    html = client_for(root, "ru").get(translate_url(essay_with_samples, "de")).content.decode()
    assert 'переведено <span data-progress="translated">' in html


def test_the_translate_view_speaks_simplified_chinese(essay_with_samples, root):
    # Django's language code is zh-hans, the catalog's directory locale/zh_Hans: the labels below
    # come only from our catalog (Django's own has none of them), so they prove it was found and loaded.
    html = client_for(root, "zh-hans").get(translate_url(essay_with_samples, "de")).content.decode()
    assert 'lang="zh-hans"' in html_tag(html) and 'dir="ltr"' in html_tag(html)
    for label in ["翻译工作台", "其他语言：", "复制原文", ">保存<", "搜索原文和译文", "43 个句段", "草稿", "已批准",
                  "界面语言"]:  # fmt: skip
        assert label in html, label
    assert "将“The Soviet Union: backwardness and bureaucracy”翻译为德语" in html
    for english in ["Other languages:", "Copy source", ">Save<", "Translation workbench", "43 segments"]:
        assert english not in html, english
    catalog = client_for(root, "zh-hans").get("/jsi18n/").content.decode()
    assert '"Saved": "\\u5df2\\u4fdd\\u5b58"' in catalog  # "已保存", JSON-escaped by Django's JavaScriptCatalog


def test_a_browser_asking_for_zh_cn_gets_the_simplified_chinese_review_page(essay_with_samples, root):
    """Browsers send zh-CN, not zh-hans; Django maps it to zh-hans, whose catalog is locale/zh_Hans."""
    html = client_for(root, "zh-CN,zh;q=0.9,en;q=0.8").get("/review/essay/?lang=de").content.decode()
    assert 'lang="zh-hans"' in html_tag(html)
    assert "与英语并排：" in html and "批准所选" in html and "德语" in html
    assert "Beside English:" not in html
