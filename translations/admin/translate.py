"""Wires the translate view (``views.translate``) into ``DocumentAdmin``.

URLs, all under the document, all behind ``admin_site.admin_view`` (staff
login, CSRF) and named ``admin:translations_document_translate*``:

- ``<id>/translate/<lang>/``                        the translate page
- ``<id>/translate/<lang>/save/``                   POST one row (JSON)
- ``<id>/translate/<lang>/history/<segment id>/``   a segment's history
- ``<id>/translate/<lang>/revert/<change id>/``     POST: undo a change
"""

from functools import partial

from django.urls import path

from ..views import translate as views


def translate_urls(model_admin) -> list:
    """URL patterns to put before ``ModelAdmin.get_urls()`` of the document admin."""
    wrap = model_admin.admin_site.admin_view
    info = model_admin.opts.app_label, model_admin.opts.model_name

    def view(function):
        return wrap(partial(function, model_admin=model_admin))

    prefix = "<int:document_id>/translate/<str:language>/"
    return [
        path(prefix, view(views.translate_page), name="%s_%s_translate" % info),
        path(f"{prefix}save/", view(views.translate_save), name="%s_%s_translate_save" % info),
        path(
            f"{prefix}history/<int:segment_id>/",
            view(views.segment_history),
            name="%s_%s_translate_history" % info,
        ),
        path(f"{prefix}revert/<int:change_id>/", view(views.change_revert), name="%s_%s_translate_revert" % info),
    ]
