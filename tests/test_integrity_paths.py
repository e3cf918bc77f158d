"""Issue 16, items 1 and 5: slugs at every entry point, and ``--out`` in words.

A slug becomes a URL part and a file name: ``../../etc``, ``a/b``, ``..``,
``django`` are refused by the command, the service and the admin form, and
nothing is stored. Every command that writes files refuses a bad ``--out``
with a ``CommandError`` that names the path, and writes nothing.
"""

import os
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError

from translations.models import Document
from translations.parsing import SourceFormatError
from translations.services.documents import document_import

BAD_SLUGS = ["../../etc", "a/b", "..", ".", "django", "djangojs", "DjangoJS", "with space", "-rf", "ünï", ""]


def source(tmp_path) -> Path:
    path = tmp_path / "text.md"
    path.write_text("# A title\n\nA first sentence. A second one.\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("slug", BAD_SLUGS)
def test_import_document_refuses_a_bad_slug_and_stores_nothing(db, tmp_path, slug):
    with pytest.raises(CommandError, match="slug"):
        call_command("import_document", str(source(tmp_path)), "--slug", slug, verbosity=0)
    with pytest.raises(SourceFormatError, match="slug"):
        document_import(path=source(tmp_path), slug=slug)
    assert not Document.objects.exists()


def test_a_good_slug_is_imported(db, tmp_path):
    call_command("import_document", str(source(tmp_path)), "--slug", "my_essay-2", verbosity=0)
    assert Document.objects.get().slug == "my_essay-2"


@pytest.mark.parametrize("slug", ["../../etc", "django", "a/b"])
def test_the_admin_document_form_refuses_a_bad_slug(db, client, slug):
    User.objects.create_superuser("boss", "boss@example.org", "pw-boss-123")
    client.login(username="boss", password="pw-boss-123")
    response = client.post(
        "/admin/translations/document/add/",
        {"slug": slug, "title_en": "T", "title": "T", "source_language": "en", "source_revision": 0},
    )
    assert response.status_code == 200  # the form again, with the error
    assert "slug" in response.content.decode()
    assert not Document.objects.filter(slug=slug).exists()
    # The list stays readable for everybody.
    assert client.get("/admin/translations/document/").status_code == 200


def test_an_exporter_never_writes_outside_out_even_for_a_legacy_slug(essay, tmp_path):
    """A row stored before slugs were checked (created directly) cannot lead a file out of --out."""
    Document.objects.filter(pk=essay.pk).update(slug="../../../../escaped")
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(CommandError):
        call_command("export", "../../../../escaped", "--format", "tmx", "--out", str(out), verbosity=0)
    with pytest.raises(CommandError):
        call_command("export_po", "../../../../escaped", "--lang", "de", "--out", str(out), verbosity=0)
    assert not list(tmp_path.rglob("escaped*"))
    assert list(out.iterdir()) == []


# --- --out ---------------------------------------------------------------------------------------

def bad_outs(tmp_path) -> dict[str, tuple[str, str]]:
    """name -> (the --out value, words the error must contain)."""
    regular = tmp_path / "notes.txt"
    regular.write_text("a file")
    named_like_file = tmp_path / "essay.tmx"
    named_like_file.mkdir()
    (tmp_path / "dir").mkdir()
    (tmp_path / "dir" / "essay.tmx").mkdir()
    return {
        "inside a regular file": (str(regular / "x.tmx"), "is a file, not a directory"),
        "missing parent": (str(tmp_path / "missing" / "x.tmx"), "does not exist"),
        "missing directory with a slash": (str(tmp_path / "missing") + "/", "does not exist"),
        "missing name without extension": (str(tmp_path / "newdir"), "does not exist"),
        "directory named like the file": (str(tmp_path / "dir"), "is a directory"),
        "empty": ("", "empty"),
    }


EXPORT_COMMANDS = {
    "export": ["export", "essay", "--format", "tmx"],
    "export_edition": ["export_edition", "essay", "--lang", "de", "--format", "html"],
}


@pytest.mark.parametrize("command", sorted(EXPORT_COMMANDS))
@pytest.mark.parametrize(
    "case",
    ["inside a regular file", "missing parent", "missing directory with a slash", "missing name without extension", "empty"],
)
def test_a_bad_out_is_a_command_error_in_words(essay, tmp_path, command, case):
    value, words = bad_outs(tmp_path)[case]
    before = sorted(p.name for p in tmp_path.rglob("*"))
    with pytest.raises(CommandError, match=words):
        call_command(*EXPORT_COMMANDS[command], "--out", value, verbosity=0)
    assert sorted(p.name for p in tmp_path.rglob("*")) == before


def test_a_directory_named_like_the_file_is_refused(essay, tmp_path):
    value, words = bad_outs(tmp_path)["directory named like the file"]
    with pytest.raises(CommandError, match=words):
        call_command("export", "essay", "--format", "tmx", "--out", value, verbosity=0)
    assert (tmp_path / "dir" / "essay.tmx").is_dir()


def test_an_unwritable_directory_is_a_command_error(essay, tmp_path):
    # Root writes anywhere a mode allows; /proc refuses everybody a new file.
    locked = Path("/proc") if os.geteuid() == 0 else tmp_path / "locked"
    if locked != Path("/proc"):
        locked.mkdir()
        locked.chmod(0o500)
    try:
        for args in (["export", "essay", "--format", "tmx"], ["export_edition", "essay", "--lang", "de", "--format", "html"]):
            with pytest.raises(CommandError, match="cannot write"):
                call_command(*args, "--out", str(locked / "x.out"), verbosity=0)
        with pytest.raises(CommandError, match="cannot create"):
            call_command("export_po", "essay", "--lang", "de", "--out", str(locked / "locale"), verbosity=0)
    finally:
        if locked != Path("/proc"):
            locked.chmod(0o700)


def test_export_po_refuses_a_bad_locale_directory(essay, tmp_path):
    regular = tmp_path / "notes.txt"
    regular.write_text("a file")
    with pytest.raises(CommandError, match="is a file, not a directory"):
        call_command("export_po", "essay", "--lang", "de", "--out", str(regular), verbosity=0)
    with pytest.raises(CommandError, match="does not exist"):
        call_command("export_po", "essay", "--lang", "de", "--out", str(tmp_path / "a" / "b"), verbosity=0)
    (tmp_path / "locale" / "de").mkdir(parents=True)
    (tmp_path / "locale" / "de" / "LC_MESSAGES").write_text("in the way")
    with pytest.raises(CommandError, match="is a file, not a directory"):
        call_command("export_po", "essay", "--lang", "de", "--out", str(tmp_path / "locale"), verbosity=0)


def test_good_outs_still_write(essay, tmp_path):
    call_command("export", "essay", "--format", "tmx", "--out", str(tmp_path), verbosity=0)
    call_command("export", "essay", "--format", "csv", "--out", str(tmp_path / "all.csv"), verbosity=0)
    call_command("export", "essay", "--format", "csv", "--out", str(tmp_path / "all.csv"), verbosity=0)  # overwrites
    call_command("export_po", "essay", "--lang", "de", "--out", str(tmp_path / "locale"), verbosity=0)
    assert (tmp_path / "essay.tmx").is_file() and (tmp_path / "all.csv").is_file()
    assert (tmp_path / "locale" / "de" / "LC_MESSAGES" / "essay.po").is_file()
    assert not list(tmp_path.glob(".*.partial"))
