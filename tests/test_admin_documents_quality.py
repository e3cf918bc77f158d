"""The document's change form links to its checks per language and to its latest aligned imports."""

import re

from django.contrib.auth.models import User
from django.test import Client

from translations.models import AlignmentRun, CheckFinding


def change_form(document) -> str:
    client = Client()
    client.force_login(User.objects.create_superuser("root", "", "pw"))
    response = client.get(f"/admin/translations/document/{document.pk}/change/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_change_form_links_to_the_checks_of_every_language_with_their_counts(essay_with_samples):
    html = change_form(essay_with_samples)
    for code in essay_with_samples.target_languages:
        assert f'<a href="/quality/essay/{code}/" class="wb-findings-link"' in html
    errors = CheckFinding.objects.filter(
        segment__document=essay_with_samples, language__in=["de", ""], severity="error", dismissed_at=None
    ).count()
    assert errors >= 1  # the unclosed Trotsky quotation, found by the import
    assert re.search(rf'lang="de">German</a>: {errors} errors?, \d+ warnings?</li>', html)
    assert "Aligned imports:" in html and "wb-alignment-link" not in html


def test_the_change_form_links_to_the_latest_alignment_map_of_each_language(essay):
    def run(language, name):
        return AlignmentRun.objects.create(
            document=essay, language=language, source_name=name, method="embeddings", source_count=43, target_count=40
        )

    run("de", "old.de.txt")
    newest_de, ru = run("de", "new.de.txt"), run("ru", "essay.ru.txt")
    html = change_form(essay)
    links = re.findall(r'href="/admin/translations/alignmentrun/(\d+)/change/" class="wb-alignment-link">([^<]+)</a>', html)
    assert links == [(str(newest_de.pk), "new.de.txt"), (str(ru.pk), "essay.ru.txt")]
