"""The admin is where translators and editors work; one module per area."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from . import alignment, documents, jobs, quality, review, segments  # noqa: F401  (registers the model admins)

# The admin is the workbench's home page: name it for what it is, in the reader's language.
admin.site.site_header = _("Translation workbench")
admin.site.site_title = _("Translation workbench")
admin.site.index_title = _("Texts, translations and quality")
