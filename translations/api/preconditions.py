"""No lost updates: a translation's ``ETag`` is its version; writes must send it back.

``GET`` answers ``ETag: "<version>"`` (0 for a segment never translated). A
write without ``If-Match`` is refused with 428 Precondition Required, one whose
``If-Match`` is not the current version with 412 Precondition Failed; both
bodies carry the current text, state and version so the client can merge and
retry. The service re-checks the version in the same statement that writes
(``translation_save``), so two clients that sent the same ``If-Match`` at the
same moment cannot both win: the loser gets 412 too.
"""

from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.response import Response

from .exceptions import BadInput


class MissingPrecondition(Exception):
    pass


def etag(version: int) -> str:
    return f'"{version}"'


def if_match_version(request) -> int:
    """The version in ``If-Match`` (``"3"``, ``W/"3"`` or ``3``); ``MissingPrecondition`` without one."""
    value = request.headers.get("If-Match", "").strip()
    if not value or value == "*":
        # "*" (any version) is exactly the blind overwrite this header prevents.
        raise MissingPrecondition
    value = value.removeprefix("W/").strip('"')
    try:
        return int(value)
    except ValueError:
        raise BadInput(
            _("If-Match must be the ETag of the translation (its version, e.g. \"3\"), not %(value)s.")
            % {"value": request.headers["If-Match"]},
            field="If-Match",
        ) from None


def precondition_required(current: dict) -> Response:
    return Response(
        {
            "error": _("Send the ETag you read in If-Match: a write without it could overwrite someone else's."),
            "field": "If-Match",
            "current": current,
        },
        status=status.HTTP_428_PRECONDITION_REQUIRED,
        headers={"ETag": etag(current["version"])},
    )


def precondition_failed(current: dict, *, sent: int) -> Response:
    return Response(
        {
            "error": _(
                "The translation changed since you read it (you sent version %(sent)d, it is now version "
                "%(version)d, by %(user)s); nothing was written."
            )
            % {"sent": sent, "version": current["version"], "user": current["changed_by"] or _("someone else")},
            "field": "If-Match",
            "current": current,
        },
        status=status.HTTP_412_PRECONDITION_FAILED,
        headers={"ETag": etag(current["version"])},
    )
