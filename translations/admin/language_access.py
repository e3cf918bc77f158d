"""Per-language rules for model admins that show a segment's texts.

modeltranslation puts every language's text (``text_de``, ``text_fr`` …) on
the segment's change form. Whoever may change segments there must still only
change the languages ``permissions.can_translate`` allows, and every change of
a translation must go through ``translation_save`` (state, version, history),
like the editor's. ``LanguageTextAdminMixin`` does both:

- the text of a language the user may not translate is read-only, and so is
  the source language's column (the source is ``source_text``);
- saving writes each changed translation with ``translation_save``, as the
  user, and refuses (``PermissionDenied``) a language they may not translate
  even if a crafted request sends it.
"""

from django.core.exceptions import PermissionDenied

from .. import languages
from ..permissions import can_translate
from ..services.translations import translation_save


def _editable_codes(request, obj) -> set[str]:
    if obj is None:
        return set()
    return {
        code
        for code in languages.codes()
        if code != obj.document.source_language and can_translate(request.user, code)
    }


class LanguageTextAdminMixin:
    def get_readonly_fields(self, request, obj=None):
        editable = _editable_codes(request, obj)
        locked = [languages.text_field(code) for code in languages.codes() if code not in editable]
        return [*super().get_readonly_fields(request, obj), *locked]

    def save_model(self, request, obj, form, change):
        text_fields = {languages.text_field(code): code for code in languages.codes()}
        changed = {name: text_fields[name] for name in form.changed_data if name in text_fields}
        editable = _editable_codes(request, obj)
        refused = sorted(code for code in changed.values() if code not in editable)
        if refused:
            raise PermissionDenied(f"{request.user} may not change the {', '.join(refused)} translation")
        if changed:
            # Keep the stored texts on the plain save; the service writes the new ones.
            stored = type(obj).objects.values(*changed).get(pk=obj.pk)
            for name in changed:
                setattr(obj, name, stored[name])
        super().save_model(request, obj, form, change)
        for name, code in changed.items():
            translation_save(segment=obj, language=code, text=form.cleaned_data[name] or "", user=request.user)


class ServiceWrittenAdminMixin:
    """Rows only the services write (a translation's state and version, its history): shown, never edited here.

    Changing ``Translation.version`` by hand would let a stale save win; editing
    history would rewrite who changed what. State changes and reverts go
    through ``translation_set_state`` / ``translation_revert``. Deleting stays
    with the model permission: deleting a segment or document in the admin
    deletes these rows with it.
    """

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False
