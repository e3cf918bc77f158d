"""``manage.py import_docx SLUG FILE [--lang LANG] [--force] [--user NAME] [--dry-run]``."""

from ..exchange import ImportCommand


class Command(ImportCommand):
    help = (
        "Import a Word review table (exported with --format docx) into a document: changed translation cells "
        "are applied unless the row changed in the workbench since the export; all or nothing."
    )
    format = "docx"
