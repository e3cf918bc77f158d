"""Importing translation files (PO, XLIFF): compare with the workbench, then write.

``translation_file_import`` parses a file with the importer its extension
names, then ``catalog_import`` applies the catalog to one document and
language, all or nothing in one transaction. Every write goes through
``translation_save`` with provenance ``file_import`` and history. Other
importers (DOCX, a REST API) call ``catalog_import`` with their own
``Catalog`` and get the same rules and the same ``CatalogImportReport``.

**Stale entries never overwrite.** Each exported entry says which
``Translation.version`` it was made from (``CatalogEntry.base_version``).
An entry is applied only when its row has not changed since: the row is
still at that version, or its text is still the text it had at that version
(only the state moved, e.g. the source changed and marked it *needs
update*), or the row is empty (nothing to lose), or the workbench already
has the file's text. Otherwise the entry is a **conflict**: it is listed in
``report.conflicts`` (key, line, both texts, both versions) and nothing of
that row is written, unless ``force``, which takes the file's side. An entry
without a version (another tool's file, an older export) falls back to the
file's revision date (``PO-Revision-Date`` / ``wb:revisionDate``): a row
changed after it (or at all, when the file has no date) is a conflict.

**Upload policy** (``policy``, as Weblate's upload choices):

- ``untranslated``: only fill rows that have no translation;
- ``translated`` (default): also change translated rows, but never an
  approved one (counted as *kept*);
- ``approved``: also change approved rows. Callers must check
  ``permissions.import_check`` (review rights for this policy).

Per entry, by the segment key (PO ``msgctxt``, XLIFF unit id):

- **unknown key**: no active segment has it; reported, not written;
- **empty**: no translation in the file; the workbench's text is left alone;
- **unchanged**: same text, and a state the file agrees with (PO: fuzzy for
  draft, needs review and needs update; XLIFF: the same state);
- **skipped** / **kept**: outside the policy (a translated row under
  ``untranslated``; an approved row unless ``approved``);
- **conflict**: see above;
- **source changed**: the file translated an older source sentence; its text
  is stored with state *needs update*, never applied as if current;
- **updated**: written. ``report.changed_keys`` lists every key written
  (updated or stored as needs update), also in a dry run. A fuzzy entry becomes *draft*, a finished one
  *translated*; an XLIFF ``wb:`` state is kept, except that a file never
  approves — approval happens in the workbench (*approved* arrives as
  *translated*). ``fuzzy`` counts the updated entries that landed unfinished.

Refused with ``FileImportError`` (file and line), writing nothing: a file of
another document (its ``X-Document`` header, or no key matching), a language
that is missing, unknown, the source language or different from the one
asked for, a file without entries, control characters, and anything the
parser refuses.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from datetime import datetime

from django.db import transaction
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.utils.translation import ngettext, npgettext

from .. import languages
from ..exporters.base import FUZZY_STATES
from ..importers import Catalog, CatalogEntry
from ..importers import for_path as importer_for_path
from ..importers import get as get_importer
from ..language_tags import from_tag
from ..importers.base import check_control_characters
from ..models import Document, Provenance, Segment, State, Translation, TranslationChange
from ..parsing import SourceFormatError
from .checks import checks_deferred
from .translations import EditConflict, translation_save

# States a file may set; "approved" is the workbench's own decision.
IMPORTABLE_STATES = frozenset({State.DRAFT, State.TRANSLATED, State.NEEDS_REVIEW, State.NEEDS_UPDATE})
MAX_NOTES = 200


class ImportPolicy(models.TextChoices):
    """Which rows an upload may change (Weblate's "only untranslated", "also translated", "also approved")."""

    UNTRANSLATED = "untranslated", gettext_lazy("only untranslated rows")
    TRANSLATED = "translated", gettext_lazy("also translated rows (approved rows are kept)")
    APPROVED = "approved", gettext_lazy("also approved rows (reviewers)")


class FileImportError(SourceFormatError):
    """The file cannot be imported into this document and language; nothing was written."""


@dataclass(frozen=True)
class ImportConflict:
    """An entry the import did not apply because its row changed after the file was made.

    ``current_*`` is the workbench's row now, ``file_text``/``base_version``
    what the file says (``base_version`` None: the file has no versions, its
    revision date decided). ``overwritten``: ``force`` took the file's side.
    """

    key: str
    line: int | None
    current_text: str
    file_text: str
    current_version: int
    base_version: int | None
    current_state: str = ""
    changed_by: str = ""
    changed_at: datetime | None = None
    overwritten: bool = False


@dataclass
class CatalogImportReport:
    """What an import did (or, with ``dry_run``, would do), for commands, the admin and APIs.

    The counts partition ``entries``; ``conflicts`` lists every conflict
    (also the ones ``force`` overwrote, marked ``overwritten``), key by key
    with both texts; ``notes`` are the first ``MAX_NOTES`` remarks, each
    with its line.
    """

    document: Document
    language: str
    path: str
    format: str
    policy: str = ImportPolicy.TRANSLATED
    force: bool = False
    entries: int = 0
    updated: int = 0
    fuzzy: int = 0
    unchanged: int = 0
    source_changed: int = 0
    unknown_keys: int = 0
    kept: int = 0
    skipped: int = 0
    empty: int = 0
    dry_run: bool = False
    notes: list[str] = field(default_factory=list)
    # Keys of the segments the import writes (or, in a dry run, would write), in file order.
    changed_keys: list[str] = field(default_factory=list)
    conflicts: list[ImportConflict] = field(default_factory=list)

    @property
    def unresolved(self) -> list[ImportConflict]:
        """The conflicts whose rows kept the workbench's text (all of them unless ``force``)."""
        return [conflict for conflict in self.conflicts if not conflict.overwritten]

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
            (_("skipped (approved, kept)"), self.kept),
            (_("skipped (already translated)"), self.skipped),
            (_("conflicts (changed in the workbench since the file was made)"), len(self.conflicts)),
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
                "%(count)d skipped (approved, kept)",
                "%(count)d skipped (approved, kept)",
                self.kept,
            )
            % {"count": self.kept},
            "empty": npgettext("entries", "%(count)d empty", "%(count)d empty", self.empty) % {"count": self.empty},
        }
        extra = []
        if self.skipped:
            extra.append(
                npgettext(
                    "entries", "%(count)d skipped (already translated)", "%(count)d skipped (already translated)",
                    self.skipped,
                )
                % {"count": self.skipped}
            )
        if self.conflicts:
            count = len(self.conflicts)
            if self.force:
                message = ngettext(
                    "%(count)d conflict: the file's text taken (--force)",
                    "%(count)d conflicts: the file's text taken (--force)",
                    count,
                )
            else:
                message = ngettext(
                    "%(count)d conflict: changed in the workbench since the file was made; kept, listed below",
                    "%(count)d conflicts: changed in the workbench since the file was made; kept, listed below",
                    count,
                )
            extra.append(message % {"count": count})
        if extra:
            summary = "; ".join([summary, *extra])
        return _("[dry run, nothing written] %(summary)s") % {"summary": summary} if self.dry_run else summary

    def conflict_lines(self) -> list[str]:
        """The conflicts key by key, both texts, for the commands (the admin shows them as a table)."""
        lines = []
        for conflict in self.conflicts:
            where = _("line %(line)d") % {"line": conflict.line} if conflict.line else _("no line")
            lines.append(
                _("%(key)s (%(where)s): workbench v%(current)s by %(user)s%(taken)s")
                % {
                    "key": conflict.key,
                    "where": where,
                    "current": conflict.current_version,
                    "user": conflict.changed_by or _("nobody"),
                    "taken": _(", the file's text taken") if conflict.overwritten else "",
                }
            )
            lines.append("    " + _("workbench: %(text)r") % {"text": conflict.current_text})
            base = conflict.base_version if conflict.base_version is not None else "?"
            lines.append("    " + _("file (v%(base)s): %(text)r") % {"base": base, "text": conflict.file_text})
        return lines


def translation_file_import(
    *,
    document: Document,
    data: bytes,
    path: str | Path,
    language: str | None = None,
    user=None,
    force: bool = False,
    policy: str = ImportPolicy.TRANSLATED,
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
        policy=policy,
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
    policy: str = ImportPolicy.TRANSLATED,
    dry_run: bool = False,
    progress: Callable[[Iterable], Iterable] | None = None,
) -> CatalogImportReport:
    """Apply ``catalog`` to ``document`` in ``language``: all of it in one transaction, or nothing.

    ``user`` is recorded as the author of the changes; permissions are the
    caller's to check first (``permissions.import_check``). ``policy`` says
    which rows may change (``ImportPolicy``), ``force`` takes the file's side
    in conflicts, ``dry_run`` reports without writing. Raises
    ``FileImportError`` (file and line) and writes nothing when the file
    cannot be imported; otherwise returns the report, conflicts included.
    """
    if policy not in ImportPolicy.values:
        raise ValueError(f"unknown import policy {policy!r}; one of {ImportPolicy.values}")
    code = catalog_language(document=document, catalog=catalog, language=language)
    check_control_characters(catalog)
    report = CatalogImportReport(
        document=document,
        language=code,
        path=catalog.path,
        format=catalog.format,
        policy=policy,
        force=force,
        dry_run=dry_run,
    )
    with transaction.atomic():
        segments = {
            segment.key: segment
            for segment in Segment.objects.filter(document=document, retired=False).select_related("document")
        }
        _check_document(document, catalog, segments)
        rows = {
            row.segment_id: row
            for row in Translation.objects.filter(
                segment__document=document, segment__retired=False, language=code
            ).select_related("changed_by")
        }
        base_texts = _texts_at_base_versions(document, code, catalog.entries, segments, rows)
        entries = progress(catalog.entries) if progress else catalog.entries
        # Check each touched block once at the end, not once per entry.
        with checks_deferred():
            for entry in entries:
                report.entries += 1
                _import_entry(report, entry, segments, rows, base_texts, catalog=catalog, user=user)
        if dry_run:
            transaction.set_rollback(True)
    return report


def _texts_at_base_versions(document, code, entries, segments, rows) -> dict[tuple[int, int], str]:
    """The text each row had at the version its entry was exported from, where it has moved on since.

    From the history (every version has its ``TranslationChange``), in one
    query: a row whose text is still the one it had then only changed state
    (a source change marked it, a reviewer sent it back), which is no
    conflict.
    """
    wanted: set[tuple[int, int]] = set()
    for entry in entries:
        segment = segments.get(entry.key)
        row = rows.get(segment.pk) if segment is not None else None
        if row is not None and entry.base_version and row.version != entry.base_version:
            wanted.add((segment.pk, entry.base_version))
    if not wanted:
        return {}
    history = TranslationChange.objects.filter(
        segment__document=document, language=code, version__in={version for _id, version in wanted}
    ).values_list("segment_id", "version", "new_text")
    return {(segment_id, version): text for segment_id, version, text in history if (segment_id, version) in wanted}


def _stale(entry: CatalogEntry, row: Translation | None, db_text: str, base_texts, catalog: Catalog) -> bool:
    """Whether the row changed after the file was made (see the module docstring)."""
    if row is None or not db_text:
        return False  # nothing in the workbench to lose
    if entry.base_version is not None:
        if row.version == entry.base_version:
            return False
        return base_texts.get((row.segment_id, entry.base_version)) != db_text
    # A file without versions: its revision date is all there is.
    return row.changed_at is not None and (catalog.revised_at is None or row.changed_at > catalog.revised_at)


def _import_entry(report, entry, segments, rows, base_texts, *, catalog, user) -> None:
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
        if db_text == target and db_state == State.NEEDS_UPDATE:
            report.source_changed += 1
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
    if db_state == State.APPROVED and report.policy != ImportPolicy.APPROVED:
        report.kept += 1
        report.note(
            entry,
            _("%(key)s: approved in the workbench; kept (the upload policy “also approved” changes it)")
            % {"key": entry.key},
        )
        return
    if db_text and report.policy == ImportPolicy.UNTRANSLATED:
        report.skipped += 1
        return
    if db_text != target and _stale(entry, row, db_text, base_texts, catalog):
        report.conflicts.append(
            ImportConflict(
                key=entry.key,
                line=entry.line,
                current_text=db_text,
                file_text=target,
                current_version=row.version,
                base_version=entry.base_version,
                current_state=db_state,
                changed_by=row.changed_by.get_username() if row.changed_by_id else "",
                changed_at=row.changed_at,
                overwritten=report.force,
            )
        )
        if not report.force:
            return
    if source_changed:
        report.source_changed += 1
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
