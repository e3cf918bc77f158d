"""The importer contract: files in, a ``Catalog`` out, nothing written.

An importer reads one exchange format into a ``Catalog``: the target
language and document the file says it belongs to, when it was last revised,
and one ``CatalogEntry`` per translation unit with the line it starts on.
Importers only parse and check the file itself (syntax, encoding, duplicate
keys); comparing with the database and writing is the job of
``services.exchange.catalog_import``, the same for every format.

Each entry carries ``base_version``, the ``Translation.version`` it was
exported from when the file says it (PO ``#. wb-version: N``, XLIFF
``wb:version`` on the unit, TMX ``x-wb-version`` prop, CSV ``<lang> version``
column): an import changes only rows that have not changed since (see
``services.exchange``). A new importer (DOCX, say) only has to register an
``Importer`` producing ``CatalogEntry`` objects with ``line`` (row or line
number) and ``base_version``.

Every problem raises ``SourceFormatError`` naming the file and line.
Importers are registered by id (``@register``) and found by id or by file
extension; their modules are listed in ``IMPORTER_MODULES``.
"""

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from django.utils.translation import gettext as _

from ..parsing import SourceFormatError, control_characters_refuse
from ..plugins import ClassRegistry


@dataclass(frozen=True, slots=True)
class CatalogEntry:
    key: str  # the segment's stable key (PO msgctxt, XLIFF unit id); "" when the file has none
    source: str
    target: str
    line: int | None
    fuzzy: bool = False
    # The workbench state the file claims, when the format can say it (XLIFF
    # subState); None means "derive it from fuzzy".
    state: str | None = None
    # The ``Translation.version`` the exported entry was made from (0: the row
    # did not exist, the segment was untranslated); None when the file does not
    # say (another tool's file, or an export from before versions were
    # written). ``catalog_import`` uses it to refuse stale entries.
    base_version: int | None = None


@dataclass
class Catalog:
    path: str
    format: str
    language_tag: str = ""  # as written in the file (``de_DE``, ``zh-Hans``)
    language_line: int | None = None
    document: str = ""  # the slug the file says it belongs to, "" if it does not say
    document_line: int | None = None
    revised_at: datetime | None = None  # when its translations were last revised
    entries: list[CatalogEntry] = field(default_factory=list)


def check_unique_keys(catalog: Catalog, *, label: str) -> None:
    """Two entries for one key would make the result depend on their order: refuse."""
    seen: dict[str, int | None] = {}
    for entry in catalog.entries:
        if not entry.key:
            continue
        if entry.key in seen:
            first = seen[entry.key]
            raise SourceFormatError(
                _("duplicate %(label)s %(key)r (first used on line %(first)s); each sentence may appear once")
                % {"label": label, "key": entry.key, "first": first},
                path=catalog.path,
                line=entry.line,
            )
        seen[entry.key] = entry.line


def check_control_characters(catalog: Catalog, *, label: str = "key") -> None:
    """Refuse a catalog whose keys or texts hold control characters (see ``parsing.control_characters_refuse``)."""
    for entry in catalog.entries:
        for text, where in (
            (entry.key, _("in %(label)s %(key)r")),
            (entry.source, _("in the source text of %(label)s %(key)r")),
            (entry.target, _("in the translation of %(label)s %(key)r")),
        ):
            control_characters_refuse(
                text,
                path=catalog.path,
                line=entry.line,
                where=where % {"label": label, "key": entry.key[:40]},
                count_lines=False,
            )


class Importer:
    """Subclasses set ``id``, ``name``, ``extensions`` and override ``parse``."""

    id: str = ""
    name: str = ""
    extensions: tuple[str, ...] = ()

    def parse(self, data: bytes, *, path: str | Path) -> Catalog:
        raise NotImplementedError


class UnknownImporter(KeyError):
    pass


IMPORTER_MODULES: list[str] = [
    "translations.importers.po",
    "translations.importers.xliff",
    "translations.importers.docx",
]
_importers: ClassRegistry[Importer] = ClassRegistry(
    kind="import format", modules=IMPORTER_MODULES, unknown=UnknownImporter
)
registry = _importers.classes
register = _importers.register
get = _importers.get


def for_path(path: str | Path) -> Importer:
    """The importer for a file name's extension; ``SourceFormatError`` when none reads it."""
    _importers.load()
    suffix = Path(path).suffix.lower().lstrip(".")
    for cls in registry.values():
        if suffix in cls.extensions:
            return cls()
    known = sorted(ext for cls in registry.values() for ext in cls.extensions)
    raise SourceFormatError(
        _("cannot import a .%(suffix)s file; known types: %(known)s")
        % {"suffix": suffix or _("(no extension)"), "known": ", ".join("." + e for e in known)},
        path=path,
    )
