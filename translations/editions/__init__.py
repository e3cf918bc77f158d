"""Bilingual editions: a document and its translations set side by side.

- ``builder``: reads the document once and assembles an ``Edition`` (blocks
  in order, each with its segments in every language of the edition, and the
  counts that decide the "draft translation" note). Exporters read nothing
  else.
- ``fonts``: which font covers which script, and the check that stops an
  export before a script would print as empty boxes.
- ``typesetting``: the PDF: the edition as JSON handed to the Typst template
  ``translations/typst/edition.typ`` (user text is never pasted into markup).
- ``html``: the standalone HTML edition (a Django template), including its
  facing-page spreads, estimated from text length.
- ``labels``: the title-page and draft-note wording both formats print.

The exporters (``exporters/edition_pdf.py``, ``exporters/edition_html.py``),
the ``export_edition`` command and the admin's download view are thin layers
over these.
"""

from .builder import (  # noqa: F401
    LAYOUTS,
    Edition,
    EditionBlock,
    EditionError,
    EditionLanguage,
    edition_build,
)
