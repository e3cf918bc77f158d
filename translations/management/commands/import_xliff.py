"""``manage.py import_xliff SLUG FILE [--lang LANG] [--force] [--user NAME] [--dry-run]``."""

from ..exchange import ImportCommand


class Command(ImportCommand):
    help = "Import an XLIFF 2.0 file's translations into a document (matched by unit id), all or nothing."
    format = "xliff"
