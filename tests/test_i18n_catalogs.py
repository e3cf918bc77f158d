"""The interface catalogs: complete after `makemessages`, compiled without gettext, apart from essay catalogs.

The extraction test runs `makemessages` on a copy of the project, so a string
that becomes translatable (marked in a template, a model, a script) and has
no translation yet fails here, in every language, until the catalogs are
brought up to date (`make messages`, translate, commit).
"""

import hashlib
import os
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command

from tests.conftest import require_program
from translations.interface_catalogs import interface_catalogs, interface_catalogs_compile, is_stale
from translations.parsing import SourceFormatError

PROJECT = Path(settings.BASE_DIR)
# Locale directory names (gettext's spelling): Django's language code zh-hans reads locale/zh_Hans.
UI_LANGUAGES = ["de", "fr", "es", "ru", "ar", "zh_Hans"]
# What `make messages` leaves out: tools, tests, generated files.
NOT_SOURCE = {".git", ".venv", "var", "test-artifacts", "tests", "benchmarks", "docs", "__pycache__", ".pytest_cache",
              ".hypothesis", "node_modules"}  # fmt: skip


def _copy_project(target: Path) -> Path:
    def ignore(directory, names):
        return [name for name in names if name in NOT_SOURCE or name.endswith((".mo", ".pyc", ".sqlite3"))]

    shutil.copytree(PROJECT, target, ignore=ignore)
    return target


def _makemessages(project: Path, monkeypatch, settings, domain: str) -> None:
    """`manage.py makemessages` as `make messages` runs it, inside ``project``."""
    monkeypatch.chdir(project)
    settings.LOCALE_PATHS = [project / "locale"]
    call_command(
        "makemessages",
        domain=domain,
        locale=UI_LANGUAGES,
        ignore_patterns=["translations/static/translations/vendor/*"],
        verbosity=0,
    )


def _incomplete(path: Path) -> list[str]:
    catalog = polib.pofile(str(path))
    problems = [f"untranslated: {entry.msgid!r}" for entry in catalog.untranslated_entries()]
    problems += [f"fuzzy: {entry.msgid!r}" for entry in catalog.fuzzy_entries()]
    for entry in catalog.translated_entries():
        if entry.msgid_plural and not all(entry.msgstr_plural.values()):
            problems.append(f"a plural form is empty: {entry.msgid!r}")
    return problems


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    """The project's source and catalogs, copied once for the extraction tests."""
    return _copy_project(tmp_path_factory.mktemp("project") / "workbench")


@pytest.mark.system
@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_makemessages_leaves_no_untranslated_or_fuzzy_interface_string(domain, extracted, monkeypatch, settings):
    require_program("xgettext", "gettext")
    msgfmt = require_program("msgfmt", "gettext")
    _makemessages(extracted, monkeypatch, settings, domain)
    for code in UI_LANGUAGES:
        path = extracted / "locale" / code / "LC_MESSAGES" / f"{domain}.po"
        assert path.exists(), f"no {domain}.po for {code}: run `make messages` and translate"
        catalog = polib.pofile(str(path))
        assert len(catalog) > 0, f"{path} is empty"
        assert _incomplete(path) == [], f"{code}/{domain}.po after makemessages (run `make messages`, translate)"
        # A translation that drops or renames a %(placeholder)s would crash the page that uses it.
        checked = subprocess.run([msgfmt, "--check-format", "-o", "/dev/null", str(path)], capture_output=True, text=True)
        assert checked.returncode == 0, checked.stderr


def test_the_committed_catalogs_are_complete_and_have_the_plural_rules_of_their_language():
    found = {path.parent.parent.name: path for path in interface_catalogs() if path.name == "django.po"}
    assert sorted(found) == sorted(UI_LANGUAGES)
    plural_forms = {"de": 2, "fr": 2, "es": 3, "ru": 4, "ar": 6, "zh_Hans": 1}
    for code, path in found.items():
        catalog = polib.pofile(str(path))
        assert _incomplete(path) == [], code
        assert catalog.metadata["Language"] == code
        assert f"nplurals={plural_forms[code]};" in catalog.metadata["Plural-Forms"]
        # One msgstr[i] per form the header declares: a missing one shows English for those counts.
        counted = [entry for entry in catalog if entry.msgid_plural]
        assert counted and all(len(entry.msgstr_plural) == plural_forms[code] for entry in counted), code
        # Six distinct Arabic forms for a counted noun: zero, one, two, few, many, other.
        if code == "ar":
            entry = catalog.find("%(n)s error")
            assert len(set(entry.msgstr_plural.values())) == 6


@pytest.mark.system
def test_makemessages_leaves_exported_essay_catalogs_alone(essay_with_samples, tmp_path, monkeypatch, settings):
    """An exported essay catalog sits beside django.po; extraction neither reads nor rewrites it."""
    require_program("xgettext", "gettext")
    project = _copy_project(tmp_path / "workbench")
    call_command("export_po", "essay", "--lang", "de", "--out", str(project / "locale"), verbosity=0)
    essay_po = project / "locale" / "de" / "LC_MESSAGES" / "essay.po"
    before = hashlib.sha256(essay_po.read_bytes()).hexdigest()
    _makemessages(project, monkeypatch, settings, "django")
    assert hashlib.sha256(essay_po.read_bytes()).hexdigest() == before
    ui = polib.pofile(str(project / "locale" / "de" / "LC_MESSAGES" / "django.po"))
    essay = polib.pofile(str(essay_po))
    assert not {entry.msgid for entry in essay} & {entry.msgid for entry in ui}
    assert not any("essay" in occurrence for entry in ui for occurrence, _line in entry.occurrences)


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: de\\n"\n\n'


def test_compiling_writes_only_the_interface_domains(tmp_path):
    messages = tmp_path / "de" / "LC_MESSAGES"
    _write(messages / "django.po", HEADER + 'msgid "Save"\nmsgstr "Sichern"\n\n#, fuzzy\nmsgid "Draft"\nmsgstr "Entwurf"\n')
    _write(messages / "djangojs.po", HEADER + 'msgid "Saved"\nmsgstr "Gesichert"\n')
    _write(messages / "essay.po", HEADER + 'msgctxt "s-1"\nmsgid "Hello"\nmsgstr "Hallo"\n')
    written = interface_catalogs_compile(directories=[tmp_path])
    assert sorted(path.name for path in written) == ["django.mo", "djangojs.mo"]
    assert not (messages / "essay.mo").exists()
    compiled = {entry.msgid: entry.msgstr for entry in polib.mofile(str(messages / "django.mo"))}
    # Like msgfmt: a fuzzy entry stays out, so the page shows English rather than a doubtful guess.
    assert compiled.get("Save") == "Sichern" and "Draft" not in compiled


def test_compiling_again_skips_up_to_date_catalogs_and_redoes_changed_ones(tmp_path):
    po = _write(tmp_path / "fr" / "LC_MESSAGES" / "django.po", HEADER + 'msgid "Save"\nmsgstr "Enregistrer"\n')
    assert interface_catalogs_compile(directories=[tmp_path]) == [po.with_suffix(".mo")]
    assert interface_catalogs_compile(directories=[tmp_path]) == []
    mo = po.with_suffix(".mo")
    stamp = mo.stat().st_mtime
    os.utime(po, (stamp + 10, stamp + 10))
    assert is_stale(po)
    assert interface_catalogs_compile(directories=[tmp_path]) == [mo]
    assert interface_catalogs_compile(directories=[tmp_path], force=True) == [mo]


def test_a_broken_catalog_names_file_and_line_and_nothing_is_compiled(tmp_path):
    good = _write(tmp_path / "de" / "LC_MESSAGES" / "django.po", HEADER + 'msgid "Save"\nmsgstr "Sichern"\n')
    broken = _write(tmp_path / "ru" / "LC_MESSAGES" / "django.po", HEADER + 'msgid "Save"\nmsgstr "Сохранить\nmsgid\n')
    with pytest.raises(SourceFormatError) as caught:
        interface_catalogs_compile(directories=[tmp_path])
    assert caught.value.path == str(broken) and caught.value.line is not None
    assert not good.with_suffix(".mo").exists() and not broken.with_suffix(".mo").exists()


def test_the_command_reports_what_it_compiled(tmp_path, settings, capsys):
    settings.LOCALE_PATHS = [tmp_path]
    _write(tmp_path / "es" / "LC_MESSAGES" / "django.po", HEADER + 'msgid "Save"\nmsgstr "Guardar"\n')
    call_command("compile_catalogs")
    assert "compiled: 1 of 1" in capsys.readouterr().out
    call_command("compile_catalogs")
    assert "compiled: 0 of 1" in capsys.readouterr().out
