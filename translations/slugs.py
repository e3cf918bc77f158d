"""Document slugs: Django's slug rules plus the names the workbench reserves.

A slug becomes a URL part (``/review/<slug>/``), a file name
(``<slug>.de.po``, ``<locale>/LC_MESSAGES/<slug>.po``) and a command
argument, so every entry point (``import_document``, the admin's document
form, ``document_import``) calls ``slug_validate`` before anything is stored:

- Django's ``validate_slug`` (ASCII letters, digits, ``-`` and ``_``), which
  rules out ``/``, ``.``, ``..``, spaces and anything a path could escape with;
- not ``django`` or ``djangojs``: ``export_po`` would write the document as
  the interface's own ``django.po``/``djangojs.po``;
- not starting with ``-``: the commands would read it as an option;
- at most 50 characters (the column's length).

``SlugRefused`` is a ``ValidationError`` (the admin shows it on the field)
and the services turn it into ``SourceFormatError``.
"""

from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.utils.translation import gettext as _

# File names the exporters reserve: the interface catalogs in locale/<lang>/LC_MESSAGES.
RESERVED_SLUGS = frozenset({"django", "djangojs"})
MAX_LENGTH = 50


class SlugRefused(ValidationError):
    """The slug breaks a rule; the message says which and how to fix it."""


def slug_validate(slug: str) -> None:
    """Raise ``SlugRefused`` unless ``slug`` may name a document (see the module docstring)."""
    if not slug:
        raise SlugRefused(_("a document needs a slug"), code="empty")
    if len(slug) > MAX_LENGTH:
        raise SlugRefused(
            _("the slug %(slug)r is longer than %(max)d characters") % {"slug": slug[:60], "max": MAX_LENGTH},
            code="too_long",
        )
    try:
        validate_slug(slug)
    except ValidationError:
        raise SlugRefused(
            _(
                "%(slug)r is not a valid slug: use only ASCII letters, digits, hyphens and underscores "
                "(no slashes, dots or spaces), e.g. %(example)r"
            )
            % {"slug": slug, "example": "my-essay"},
            code="invalid",
        ) from None
    if slug.startswith("-"):
        raise SlugRefused(
            _("the slug %(slug)r starts with a hyphen; commands would read it as an option") % {"slug": slug},
            code="leading_hyphen",
        )
    if slug.lower() in RESERVED_SLUGS:
        raise SlugRefused(
            _("the slug %(slug)r is reserved (the interface's own translation files are named so); choose another")
            % {"slug": slug},
            code="reserved",
        )
