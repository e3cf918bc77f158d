"""The Python example of docs/api.md, run as written against a live server."""

import re
from pathlib import Path

import polib
import pytest

from tests.api_support import _fresh_throttle, first_segments, staff  # noqa: F401
from translations.models import Segment, State, TranslationChange
from translations.services.api_tokens import api_token_issue
from translations.services.translations import translation_save

DOCS = Path(__file__).resolve().parent.parent / "docs" / "api.md"


def python_example() -> str:
    blocks = re.findall(r"```python\n(.*?)```", DOCS.read_text(encoding="utf-8"), re.DOTALL)
    assert len(blocks) == 1, "docs/api.md should hold one Python example"
    return blocks[0]


@pytest.mark.django_db(transaction=True)
def test_the_python_example_pulls_pushes_and_survives_a_412(essay, live_server, tmp_path, monkeypatch, capsys):
    approved = first_segments(essay, 5)[4]
    translation_save(segment=approved, language="de", text="Genehmigter Satz.", state=State.APPROVED)
    greta = staff("greta", "translator-de")
    token, _created = api_token_issue(user=greta)
    monkeypatch.setenv("WORKBENCH_URL", live_server.url)
    monkeypatch.setenv("WORKBENCH_TOKEN", token.key)
    monkeypatch.setenv("PO_PATH", str(tmp_path / "essay.de.po"))

    exec(compile(python_example(), str(DOCS), "exec"), {"__name__": "example"})

    output = capsys.readouterr().out
    catalog = polib.pofile(str(tmp_path / "essay.de.po"))
    assert [entry.msgstr for entry in catalog if entry.msgstr] == ["Genehmigter Satz."]
    drafts = first_segments(essay, 3)
    assert "3 drafts written" in output
    assert "Changed by greta meanwhile" in output and "Saved as version \"2\"" in output
    assert drafts[0].text_de == "Meine Fassung."
    assert [segment.text_de for segment in drafts[1:]] == [f"Entwurf: {s.source_text}" for s in drafts[1:]]
    assert TranslationChange.objects.filter(user=greta).count() == 4
    assert Segment.objects.get(pk=approved.pk).text_de == "Genehmigter Satz."
