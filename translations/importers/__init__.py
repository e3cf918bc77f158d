"""Importers: exchange files (PO, XLIFF) read into catalogs, one module per format.

See ``base`` for the contract. ``tmx.read_tmx`` parses TMX for code that
needs translation units of several languages (a translation memory).
"""

from .base import (  # noqa: F401
    Catalog,
    CatalogEntry,
    Importer,
    UnknownImporter,
    for_path,
    get,
    register,
    registry,
)
