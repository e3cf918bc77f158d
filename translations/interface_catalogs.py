"""The interface's own gettext catalogs: which files they are, and compiling them without GNU gettext.

``locale/<locale>/LC_MESSAGES/`` holds two kinds of catalogs side by side:

- the workbench's interface translations, in Django's two domains:
  ``django.po`` (templates and Python) and ``djangojs.po`` (JavaScript).
  ``manage.py makemessages`` writes them from the source code; they are
  compiled here to ``django.mo`` / ``djangojs.mo``, which Django reads.
- exported essay catalogs, ``<slug>.po`` (``manage.py export_po``). They are
  data, not interface: never compiled here, never loaded by Django (it reads
  only the ``django`` and ``djangojs`` domains), never touched by
  ``makemessages`` (it reads source code and merges into ``django.po``). The
  PO exporter refuses the slugs ``django`` and ``djangojs``.

``interface_catalogs_compile()`` writes each ``.mo`` that is missing or older
than its ``.po``, with polib, so a machine without GNU gettext can run the
workbench in every language. Like ``msgfmt``, it leaves out fuzzy and
untranslated entries: they show in English. A catalog polib cannot read stops
the run before any file is written, naming the file and line.
"""

import os
import re
import tempfile
from pathlib import Path

import polib
from django.conf import settings

from .parsing import SourceFormatError

INTERFACE_DOMAINS = ("django", "djangojs")


def locale_directories() -> list[Path]:
    return [Path(directory) for directory in settings.LOCALE_PATHS]


def interface_catalogs(directories: list[Path] | None = None) -> list[Path]:
    """Every ``<locale>/LC_MESSAGES/django.po`` and ``djangojs.po`` under the locale directories."""
    found = []
    for directory in locale_directories() if directories is None else directories:
        for domain in INTERFACE_DOMAINS:
            found.extend(directory.glob(f"*/LC_MESSAGES/{domain}.po"))
    return sorted(found)


def compiled_path(po_path: Path) -> Path:
    return po_path.with_suffix(".mo")


def is_stale(po_path: Path) -> bool:
    mo_path = compiled_path(po_path)
    return not mo_path.exists() or mo_path.stat().st_mtime < po_path.stat().st_mtime


def _read(po_path: Path) -> polib.POFile:
    try:
        return polib.pofile(str(po_path))
    except (OSError, ValueError) as error:
        match = re.search(r"\(line (\d+)\)", str(error))
        reason = re.sub(r"\s*(in po file \S+)?\s*\(line \d+\)$", "", str(error)) or str(error)
        raise SourceFormatError(
            f"{reason.lower()}; not a valid gettext catalog", path=po_path, line=int(match[1]) if match else None
        ) from None


def _write_atomically(catalog: polib.POFile, path: Path) -> None:
    # Another process (a second test run, the dev server) may read the .mo
    # while we write it: write beside it and rename, which is atomic.
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}-", suffix=".mo")
    os.close(handle)
    try:
        catalog.save_as_mofile(temporary)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def interface_catalogs_compile(*, force: bool = False, directories: list[Path] | None = None) -> list[Path]:
    """Compile the stale interface catalogs (all of them with ``force``); returns the ``.mo`` files written.

    Every catalog to compile is read first, so a broken one raises
    ``SourceFormatError`` before any ``.mo`` changes.
    """
    pending = [path for path in interface_catalogs(directories) if force or is_stale(path)]
    catalogs = [(path, _read(path)) for path in pending]
    written = []
    for po_path, catalog in catalogs:
        mo_path = compiled_path(po_path)
        _write_atomically(catalog, mo_path)
        written.append(mo_path)
    return written
