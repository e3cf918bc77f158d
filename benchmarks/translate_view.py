"""How the translate view scales with document size: queries and render time.

Builds synthetic documents (one-sentence paragraphs, a third translated, with
glossary terms, findings and a quotation) in a throw-away test database, renders the German translate view as a translator
and prints, per size, the number of SQL queries and the median render time,
against the 10-segment document measured in the same process as baseline.
Asserts nothing; ``tests/test_admin_translate_queries.py`` holds the query
contract.

    .venv/bin/python benchmarks/translate_view.py
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workbench.settings")
os.environ.setdefault("WORKBENCH_VAR_DIR", tempfile.mkdtemp(prefix="bench-translate-"))

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import Group, User  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

SIZES = [10, 500, 2000]
RUNS = 5


def build(slug: str, sentences: int, user) -> int:
    """One-sentence paragraphs, a third translated; every row has a glossary term, every
    third a finding (the translation drops the paragraph's number), and the first two
    are a registered quotation: the quality the rows show is in the figures."""
    from translations.models import GlossaryTerm, PublishedTranslation, Quotation, Segment, Work
    from translations.services.documents import document_import
    from translations.services.translations import translation_save

    path = Path(tempfile.mkdtemp()) / f"{slug}.txt"
    path.write_text("\n\n".join(f"Paragraph {n} says one plain thing." for n in range(sentences)), "utf-8")
    document = document_import(path=path, slug=slug, title=slug).document
    GlossaryTerm.objects.get_or_create(
        source_language="en", target_language="de", source_term="plain thing", defaults={"target_term": "schlichte Sache"}
    )
    for segment in Segment.objects.filter(document=document)[::3]:
        translation_save(segment=segment, language="de", text=f"Absatz {segment.pk}.", user=user)
    first, second = Segment.objects.filter(document=document).order_by("block__position")[:2]
    work, _ = Work.objects.get_or_create(author="A. Author", title="A Work", defaults={"original_language": "de"})
    quotation = Quotation.objects.create(document=document, work=work, first_segment=first, last_segment=second)
    PublishedTranslation.objects.create(quotation=quotation, language="de", text="Ein Werk.", source="Verlag")
    return document.pk


def main() -> None:
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        from translations.permissions import groups_ensure

        groups_ensure()
        user = User.objects.create_user("bench", "", "pw", is_staff=True)
        user.groups.add(Group.objects.get(name="translator-de"))
        client = Client()
        client.force_login(user)
        print(f"{'segments':>8} {'queries':>8} {'median ms':>10} {'ms/segment':>11} {'x baseline':>11}")
        baseline = None
        for size in SIZES:
            url = f"/admin/translations/document/{build(f'bench-{size}', size, user)}/translate/de/"
            client.get(url)
            times = []
            for _ in range(RUNS):
                with CaptureQueriesContext(connection) as queries:
                    start = time.perf_counter()
                    client.get(url)
                    times.append(time.perf_counter() - start)
            median = statistics.median(times) * 1000
            baseline = baseline or median
            print(f"{size:>8} {len(queries):>8} {median:>10.1f} {median / size:>11.3f} {median / baseline:>11.1f}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
