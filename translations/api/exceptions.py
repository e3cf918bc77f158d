"""Every API error is JSON: ``{"error": "<a sentence>", "field": "<name or null>"}``.

Validation errors also carry ``fields`` (every field, dotted for nested items:
``items.2.key``, with its messages); ``error`` repeats the first of them in
words. A service's "bad input" exception (a source file that cannot be read,
an invalid translation or comment) becomes ``BadInput`` in the view, which
knows which field it was about. Nothing is written when any of these is
answered: the views raise before the service writes, or the service's
transaction is rolled back.
"""

from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.views import exception_handler


class BadInput(APIException):
    """400 for input the services refused; ``field`` names the request field it came from."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "invalid"

    def __init__(self, message: str, *, field: str | None = None, status_code: int | None = None):
        super().__init__(detail=message)
        self.field = field
        if status_code is not None:
            self.status_code = status_code


def _flatten(detail, prefix: str = "") -> dict[str, list[str]]:
    """``{"items": [{}, {"key": ["…"]}]}`` → ``{"items.1.key": ["…"]}``."""
    if isinstance(detail, dict):
        flat: dict[str, list[str]] = {}
        for name, value in detail.items():
            # A list's own error ("may not be empty") belongs to the list's field.
            inner = prefix if prefix and name == "non_field_errors" else f"{prefix}.{name}" if prefix else str(name)
            flat.update(_flatten(value, inner))
        return flat
    if isinstance(detail, list) and any(isinstance(item, (dict, list)) for item in detail):
        flat = {}
        for index, value in enumerate(detail):
            if value:
                flat.update(_flatten(value, f"{prefix}.{index}" if prefix else str(index)))
        return flat
    items = detail if isinstance(detail, list) else [detail]
    return {prefix or "non_field_errors": [str(item) for item in items]}


def api_exception_handler(exc, context):
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, ValidationError):
        fields = _flatten(exc.detail)
        name, messages = next(iter(fields.items()), ("non_field_errors", [_("Invalid input.")]))
        field = None if name == "non_field_errors" else name
        message = messages[0] if field is None else _("%(field)s: %(message)s") % {"field": name, "message": messages[0]}
        response.data = {"error": message, "field": field, "fields": fields}
    else:
        detail = response.data.get("detail", "") if isinstance(response.data, dict) else response.data
        response.data = {"error": str(detail), "field": getattr(exc, "field", None)}
    return response
