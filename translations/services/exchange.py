"""Importing translation files (PO, XLIFF): compare with the workbench, then write.

``translation_file_import`` parses a file with the importer its extension
names, then ``catalog_import`` applies the catalog to one document and
language, all or nothing in one transaction. Every write goes through
``translation_save`` with provenance ``file_import`` and history.

Per entry, by the segment key (PO ``msgctxt``, XLIFF unit id):

- **unknown key**: no active segment has it; reported, not written;
- **empty**: no translation in the file; the workbench's text is left alone;
- **unchanged**: same text, and a state the file agrees with (PO: fuzzy for
  draft, needs review and needs update; XLIFF: the same state);
- **source changed**: the file translated an older source sentence; its text
  is stored with state *needs update*, never applied as if current;
- **kept**: an approved translation in the workbench that is newer than the
  file (its ``PO-Revision-Date`` / ``wb:revisionDate``, or unknown) is not
  overwritten unless ``force``; likewise a translation of the *current*
  source newer than a file made for an older source;
- **updated**: written. ``report.changed_keys`` lists every key written
  (updated or stored as needs update), also in a dry run. A fuzzy entry becomes *draft*, a finished one
  *translated*; an XLIFF ``wb:`` state is kept, except that a file never
  approves — approval happens in the workbench (*approved* arrives as
  *translated*). ``fuzzy`` counts the updated entries that landed unfinished.

Refused with ``FileImportError`` (file and line), writing nothing: a file of
another document (its ``X-Document`` header, or no key matching), a language
that is missing, unknown, the source language or different from the one
asked for, a file without entries, and anything the parser refuses.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, npgettext

from .. import languages
from ..exporters.base import FUZZY_STATES
from ..importers import Catalog, CatalogEntry
from ..importers import for_path as importer_for_path
from ..importers import get as get_importer
from ..language_tags import from_tag
from ..models import Document, Provenance, Segment, State, Translation, TranslationChange
from ..parsing import SourceFormatError
from .checks import checks_deferred
from .translations import EditConflict, translation_save

# States a file may set; "approved" is the workbench's own decision.
IMPORTABLE_STATES = frozenset({State.DRAFT, State.TRANSLATED, State.NEEDS_REVIEW, State.NEEDS_UPDATE})
MAX_NOTES = 200


class FileImportError(SourceFormatError):
    """The file cannot be imported into this document and language; nothing was written."""


@dataclass
class CatalogImportReport:
    document: Document
    language: str
    path: str
    format: str
    entries: int = 0
    updated: int = 0
    fuzzy: int = 0
    unchanged: int = 0
    source_changed: int = 0
    unknown_keys: int = 0
    kept: int = 0
    empty: int = 0
    dry_run: bool = False
    notes: list[str] = field(default_factory=list)
    # Keys of the segments the import writes (or, in a dry run, would write), in file order.
    changed_keys: list[str] = field(default_factory=list)

    def note(self, entry: CatalogEntry, message: str) -> None:
        if len(self.notes) < MAX_NOTES:
            if entry.line:
                message = _("line %(line)d: %(message)s") % {"line": entry.line, "message": message}
            self.notes.append(message)

    def counts(self) -> list[tuple[str, int]]:
        """(label, number) in the order people read them; the admin shows these as a table."""
        return [
            (_("updated"), self.updated),
            (_("of them fuzzy (stored unfinished)"), self.fuzzy),
            (_("unchanged"), self.unchanged),
            (_("source changed (stored as needs update)"), self.source_changed),
            (_("unknown keys"), self.unknown_keys),
            (_("skipped (newer approved edit kept)"), self.kept),
            (_("empty in the file"), self.empty),
        ]

    def summary(self) -> str:
        """One line for the commands, in the active language; each count agrees with its number (ngettext)."""
        summary = _(
            "%(path)s → %(document)s [%(language)s], %(entries)s: %(updated)s (%(fuzzy)s), %(unchanged)s, "
            "%(source_changed)s, %(unknown_keys)s, %(kept)s, %(empty)s"
        ) % {
            "path": self.path,
            "document": self.document.slug,
            "language": self.language,
            "entries": ngettext("%(count)d entry", "%(count)d entries", self.entries) % {"count": self.entries},
            # The context tells translators the counted noun is "entry" (its gender decides the participle's).
            "updated": npgettext("entries", "%(count)d updated", "%(count)d updated", self.updated)
            % {"count": self.updated},
            "fuzzy": npgettext("entries", "%(count)d fuzzy", "%(count)d fuzzy", self.fuzzy) % {"count": self.fuzzy},
            "unchanged": npgettext("entries", "%(count)d unchanged", "%(count)d unchanged", self.unchanged)
            % {"count": self.unchanged},
            "source_changed": npgettext(
                "entries",
                "%(count)d source changed (now needs update)",
                "%(count)d source changed (now needs update)",
                self.source_changed,
            )
            % {"count": self.source_changed},
            "unknown_keys": ngettext("%(count)d unknown key", "%(count)d unknown keys", self.unknown_keys)
            % {"count": self.unknown_keys},
            "kept": npgettext(
                "entries",
                "%(count)d skipped (newer approved edit kept)",
                "%(count)d skipped (newer approved edit kept)",
                self.kept,
            )
            % {"count": self.kept},
            "empty": npgettext("entries", "%(count)d empty", "%(count)d empty", self.empty) % {"count": self.empty},
        }
        return _("[dry run, nothing written] %(summary)s") % {"summary": summary} if self.dry_run else summary


def translation_file_import(
    *,
    document: Document,
    data: bytes,
    path: str | Path,
    language: str | None = None,
    user=None,
    force: bool = False,
    format: str | None = None,
    dry_run: bool = False,
    progress: Callable[[Iterable], Iterable] | None = None,
) -> CatalogImportReport:
    """Parse ``data`` (named ``path``; its extension picks the format unless ``format``) and import it."""
    importer = get_importer(format) if format else importer_for_path(path)
    catalog = importer.parse(data, path=path)
    return catalog_import(
        document=document,
        catalog=catalog,
        language=language,
        user=user,
        force=force,
        dry_run=dry_run,
        progress=progress,
    )


def catalog_language(*, document: Document, catalog: Catalog, language: str | None = None) -> str:
    """The target language the import writes: the one asked for, checked against the file's."""
    path = catalog.path
    file_code = from_tag(catalog.language_tag) if catalog.language_tag else None
    if language:
        try:
            languages.validate(language)
        except languages.UnknownLanguage as error:
            raise FileImportError(str(error), path=path) from None
        if catalog.language_tag and file_code != language:
            raise FileImportError(
                _(
                    "the file is a %(file_language)r translation, not %(language)r; "
                    "check the file, or fix its language header if it is wrong"
                )
                % {"file_language": catalog.language_tag, "language": language},
                path=path,
                line=catalog.language_line,
            )
        code = language
    elif not catalog.language_tag:
        raise FileImportError(
            _("the file does not say its language (no Language header / trgLang); give the language"), path=path
        )
    elif file_code is None:
        raise FileImportError(
            _("the file's language %(file_language)r is not one of the workbench's (%(languages)s)")
            % {"file_language": catalog.language_tag, "languages": ", ".join(languages.codes())},
            path=path,
            line=catalog.language_line,
        )
    else:
        code = file_code
    if code == document.source_language:
        raise FileImportError(
            _("%(language)s is the source language of %(document)s; import translations into a target language")
            % {"language": code, "document": document.slug},
            path=path,
            line=catalog.language_line,
        )
    return code


def _check_document(document: Document, catalog: Catalog, segments: dict[str, Segment]) -> None:
    if catalog.document and catalog.document != document.slug:
        raise FileImportError(
            _("this file belongs to the document %(file_document)r, not %(document)r")
            % {"file_document": catalog.document, "document": document.slug},
            path=catalog.path,
            line=catalog.document_line,
        )
    if not catalog.entries:
        raise FileImportError(_("the file has no entries to import"), path=catalog.path)
    if not any(entry.key in segments for entry in catalog.entries):
        retired = set(Segment.objects.filter(document=document, retired=True).values_list("key", flat=True))
        if not any(entry.key in retired for entry in catalog.entries):
            raise FileImportError(
                ngettext(
                    "the file's only entry is not a sentence of %(document)r "
                    "(its key does not match): is this another document's file?",
                    "none of the file's %(entries)d entries is a sentence of %(document)r "
                    "(no key matches): is this another document's file?",
                    len(catalog.entries),
                )
                % {"entries": len(catalog.entries), "document": document.slug},
                path=catalog.path,
                line=catalog.entries[0].line,
            )


def _agrees(db_state: str, entry: CatalogEntry) -> bool:
    """Whether the file's state for an unchanged text says what the workbench says."""
    if db_state == State.UNTRANSLATED:
        return False
    if entry.state is not None:
        return entry.state == db_state
    return entry.fuzzy == (db_state in FUZZY_STATES)


def _wanted_state(entry: CatalogEntry) -> str:
    if entry.state in IMPORTABLE_STATES:
        return entry.state
    if entry.state is None and entry.fuzzy:
        return State.DRAFT
    return State.TRANSLATED


def catalog_import(
    *,
    document: Document,
    catalog: Catalog,
    language: str | None = None,
    user=None,
    force: bool = False,
    dry_run: bool = False,
    progress: Callable[[Iterable], Iterable] | None = None,
) -> CatalogImportReport:
    """Apply ``catalog`` to ``document``: all of it in one transaction, or nothing."""
    code = catalog_language(document=document, catalog=catalog, language=language)
    report = CatalogImportReport(
        document=document, language=code, path=catalog.path, format=catalog.format, dry_run=dry_run
    )
    with transaction.atomic():
        segments = {
            segment.key: segment
            for segment in Segment.objects.filter(document=document, retired=False).select_related("document")
        }
        _check_document(document, catalog, segments)
        rows = {
            row.segment_id: row
            for row in Translation.objects.filter(segment__document=document, segment__retired=False, language=code)
        }
        entries = progress(catalog.entries) if progress else catalog.entries
        # Check each touched block once at the end, not once per entry.
        with checks_deferred():
            for entry in entries:
                report.entries += 1
                _import_entry(report, entry, segments, rows, catalog=catalog, user=user, force=force)
        if dry_run:
            transaction.set_rollback(True)
    return report


def _import_entry(report, entry, segments, rows, *, catalog, user, force) -> None:
    code = report.language
    segment = segments.get(entry.key)
    if segment is None:
        report.unknown_keys += 1
        report.note(
            entry,
            _("key %(key)r is not a current sentence of %(document)s (unknown key)")
            % {"key": entry.key, "document": report.document.slug},
        )
        return
    target = entry.target if entry.target.strip() else ""
    if not target:
        report.empty += 1
        return
    row = rows.get(segment.pk)
    db_text = segment.text_in(code)
    db_state = row.state if row is not None and db_text else State.UNTRANSLATED
    source_changed = entry.source != segment.source_text
    if source_changed:
        report.source_changed += 1
        if db_text == target and db_state == State.NEEDS_UPDATE:
            return
        state = State.NEEDS_UPDATE
    else:
        if db_text == target and _agrees(db_state, entry):
            report.unchanged += 1
            return
        state = _wanted_state(entry)
        if db_text == target and state == db_state:
            report.unchanged += 1
            return
    newer = row is not None and row.changed_at is not None and (
        catalog.revised_at is None or row.changed_at > catalog.revised_at
    )
    if not force and newer and db_state == State.APPROVED:
        report.kept += 1
        report.note(
            entry,
            _("%(key)s: approved in the workbench after this file was made; kept (force overwrites)")
            % {"key": entry.key},
        )
        if source_changed:
            report.source_changed -= 1
        return
    if not force and newer and source_changed and db_state not in (State.UNTRANSLATED, State.NEEDS_UPDATE):
        report.kept += 1
        report.note(
            entry,
            _("%(key)s: translated for the current source after this file was made; kept (force overwrites)")
            % {"key": entry.key},
        )
        report.source_changed -= 1
        return
    if source_changed:
        report.note(
            entry,
            _("%(key)s: the source sentence changed since this file was made; stored as needs update")
            % {"key": entry.key},
        )
    text_changed = db_text != target
    try:
        saved = translation_save(
            segment=segment,
            language=code,
            text=target,
            user=user,
            state=state,
            expected_version=row.version if row is not None else 0,
            provenance=Provenance.FILE_IMPORT if text_changed else None,
            action=TranslationChange.Action.IMPORT if text_changed else TranslationChange.Action.STATE,
        )
    except EditConflict as conflict:
        raise FileImportError(
            _("%(key)s was changed by %(user)s while the file was being imported; nothing was imported, try again")
            % {"key": entry.key, "user": conflict.current.changed_by or _("someone")},
            path=report.path,
            line=entry.line,
        ) from None
    rows[segment.pk] = saved
    report.changed_keys.append(entry.key)
    if not source_changed:
        report.updated += 1
        if state in FUZZY_STATES:
            report.fuzzy += 1
