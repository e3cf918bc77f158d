"""``manage.py import_po SLUG FILE [--lang LANG] [--force] [--user NAME] [--dry-run]``."""

from ..exchange import ImportCommand


class Command(ImportCommand):
    help = (
        "Import a PO file's translations into a document (matched by msgctxt), all or nothing; "
        "prints what was updated, unchanged, fuzzy, unknown, source-changed and kept."
    )
    format = "po"
