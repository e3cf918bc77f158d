"""Two API clients racing on PostgreSQL: the same If-Match, at the same moment; exactly one wins.

Each client runs in its own thread with its own database connection and
token, as two scripts would. Round after round they both write with the ETag
they read; one gets 200 and the other 412 with the winner's text, and every
accepted write is in the history: 0 lost updates.
"""

import threading

import pytest
from django.db import connections

from tests.api_support import API, _fresh_throttle, client_for, first_segments, staff  # noqa: F401
from translations.models import Segment, TranslationChange
from translations.services.documents import document_import
from translations.services.samples import ESSAY_PATH

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ROUNDS = 6


def test_two_clients_with_the_same_if_match_one_wins_nothing_lost():
    document = document_import(path=ESSAY_PATH, slug="race").document
    segment = first_segments(document, 1)[0]
    url = f"{API}/documents/race/segments/{segment.key}/translations/de/"
    clients = [client_for(staff("anna", "translator-de")), client_for(staff("bert", "translator-de"))]
    accepted: list[str] = []
    for round_number in range(ROUNDS):
        etag = clients[0].get(url)["ETag"]
        start = threading.Barrier(2)
        outcomes: dict[str, object] = {}

        def write(client, text):
            try:
                start.wait(timeout=10)
                outcomes[text] = client.put(url, {"text": text}, format="json", HTTP_IF_MATCH=etag)
            except Exception as error:  # reported below, never swallowed
                outcomes[text] = error
            finally:
                connections.close_all()

        texts = [f"Runde {round_number}, Anna.", f"Runde {round_number}, Bert."]
        threads = [threading.Thread(target=write, args=(client, text)) for client, text in zip(clients, texts)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        statuses = {text: getattr(outcome, "status_code", outcome) for text, outcome in outcomes.items()}
        assert sorted(statuses.values()) == [200, 412], statuses
        winner = next(text for text, code in statuses.items() if code == 200)
        loser = next(text for text, code in statuses.items() if code == 412)
        # The loser is told what won, and its text was not written.
        assert outcomes[loser].json()["current"]["text"] == winner
        assert outcomes[loser]["ETag"] == outcomes[winner]["ETag"] == f'"{round_number + 1}"'
        accepted.append(winner)
        segment.refresh_from_db()
        assert segment.text_de == winner
    history = list(
        TranslationChange.objects.filter(segment=segment, language="de").order_by("version").values_list("new_text",
                                                                                                         flat=True)
    )
    assert history == accepted  # every accepted write, in order; no refused one
    assert Segment.objects.get(pk=segment.pk).text_de == accepted[-1]
