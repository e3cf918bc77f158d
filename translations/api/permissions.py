"""DRF permission classes over ``translations.permissions`` (the one place rules live).

``CanRead`` is every view's default (settings ``REST_FRAMEWORK``): an anonymous
client gets 401, a signed-in one without the admin's read access 403.
Per-language decisions (translate, review, comment) need the object, so views
call ``translations.permissions`` directly; ``deny`` turns a "no" into the
same 403 with a sentence saying what was refused.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission

from .. import permissions


class CanRead(BasePermission):
    message = _("Your account may not use the workbench (an active staff account with access to documents is needed).")

    def has_permission(self, request, view) -> bool:
        return permissions.can_view_documents(request.user)


class CanReadEditorWrites(CanRead):
    """Reading as ``CanRead``; writing (importing a source text) only for editors."""

    def has_permission(self, request, view) -> bool:
        if not super().has_permission(request, view):
            return False
        if request.method in SAFE_METHODS:
            return True
        self.message = _("Only editors may import source texts.")
        return permissions.can_edit_source(request.user)


def deny(allowed: bool, message: str) -> None:
    """Raise 403 with ``message`` unless ``allowed``."""
    if not allowed:
        raise PermissionDenied(message)
