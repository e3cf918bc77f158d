"""The API's resources, one view each; writes go through ``translations.services``.

Reading needs ``permissions.can_view_documents`` (the admin's gate); each write checks
the rule for what it changes, before anything is written:

- import a document or re-import its source: ``can_edit_source`` (editors);
- write a translation (text or state): ``translation_check`` (translators of
  the language; approving and touching approved rows: its reviewers);
- comment: ``can_comment``; resolve: ``can_resolve_comment``.

Translations carry an ``ETag`` (``preconditions``); bulk writes are one
transaction, so one bad item leaves every segment as it was.
"""

import tempfile
from contextlib import contextmanager
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.response import Response
from rest_framework.views import APIView

from .. import languages, permissions
from ..models import Comment, Document, Segment, State, Translation, TranslationChange
from ..parsing import SourceFormatError
from ..selectors import document_progress, segments_listed
from ..services.checks import checks_deferred
from ..services.comments import InvalidComment, comment_add, comment_resolve
from ..services.documents import document_import
from ..services.translations import EditConflict, InvalidTranslation, translation_save
from . import serializers as s
from .exceptions import BadInput
from .permissions import CanReadEditorWrites, deny
from .preconditions import MissingPrecondition, etag, if_match_version, precondition_failed, precondition_required

ERRORS = {
    400: OpenApiResponse(s.ErrorSerializer, description="Bad input; nothing was written."),
    401: OpenApiResponse(s.ErrorSerializer, description="No valid token or session."),
    403: OpenApiResponse(s.ErrorSerializer, description="Not allowed for this user (and language)."),
    404: OpenApiResponse(s.ErrorSerializer, description="No such document, segment or comment."),
}


def error_responses(*codes: int) -> dict:
    return {code: ERRORS[code] for code in (401, 403, *codes)}


def document_or_404(slug: str) -> Document:
    return get_object_or_404(Document, slug=slug)


def segment_or_404(document: Document, key: str) -> Segment:
    return get_object_or_404(Segment.objects.select_related("document", "block"), document=document, key=key,
                             retired=False)


def target_language(document: Document, code: str, *, field: str = "language") -> str:
    if code not in document.target_languages:
        raise BadInput(
            _("%(code)s is not a target language of %(document)s; use one of %(targets)s.")
            % {"code": code, "document": document.slug, "targets": ", ".join(document.target_languages)},
            field=field,
        )
    return code


# --- documents ---------------------------------------------------------------


@contextmanager
def uploaded_file(upload):
    """The upload as a file under its own name in a temporary directory, for services that read paths.

    A ``SourceFormatError`` raised in the block becomes a 400 naming the
    uploaded file (not the temporary path) and the field ``file``.
    """
    name = Path(upload.name).name
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / name
        with path.open("wb") as file:
            for chunk in upload.chunks():
                file.write(chunk)
        try:
            yield path
        except SourceFormatError as error:
            where = name if error.line is None else _("%(file)s, line %(line)d") % {"file": name, "line": error.line}
            raise BadInput(f"{where}: {error.reason}", field="file") from None


def _import_upload(upload, **arguments):
    """``document_import`` on an uploaded file: the same parsing, stable keys and checks as the command."""
    with uploaded_file(upload) as path:
        return document_import(path=path, origin=path.name, **arguments)


def _import_response(request, report, status_code: int) -> Response:
    data = {
        "document": s.DocumentSerializer(report.document, context={"request": request}).data,
        "report": s.ImportReportSerializer(report).data,
    }
    return Response(data, status=status_code)


class DocumentList(generics.ListAPIView):
    """The documents; POST a source text (multipart) to import a new one (editors)."""

    queryset = Document.objects.order_by("slug")
    serializer_class = s.DocumentSerializer
    permission_classes = [CanReadEditorWrites]

    @extend_schema(
        request={"multipart/form-data": s.DocumentCreateSerializer},
        responses={201: s.ImportResultSerializer, **error_responses(400)},
    )
    def post(self, request):
        upload = s.DocumentCreateSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        data = upload.validated_data
        report = _import_upload(data["file"], slug=data["slug"], title=data.get("title"), language=data.get("language"))
        return _import_response(request, report, status.HTTP_201_CREATED)


class DocumentDetail(generics.RetrieveAPIView):
    serializer_class = s.DocumentSerializer
    lookup_field = "slug"
    queryset = Document.objects.all()


class DocumentSource(APIView):
    """Re-import a revised source text: the same stable-key rules as ``import_document``."""

    permission_classes = [CanReadEditorWrites]

    @extend_schema(
        request={"multipart/form-data": s.SourceUploadSerializer},
        responses={200: s.ImportResultSerializer, **error_responses(400, 404)},
    )
    def put(self, request, slug):
        document = document_or_404(slug)
        upload = s.SourceUploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        data = upload.validated_data
        report = _import_upload(data["file"], slug=document.slug, title=data.get("title"))
        return _import_response(request, report, status.HTTP_200_OK)


class Progress(APIView):
    @extend_schema(responses={200: s.ProgressSerializer(many=True), **error_responses(404)})
    def get(self, request, slug):
        document = document_or_404(slug)
        progress = document_progress([document])[document.pk]
        data = [
            {
                "language": item.language,
                "total": item.total,
                "translated": item.translated,
                "approved": item.approved,
                "translated_percent": item.translated_percent,
                "approved_percent": item.approved_percent,
                "states": item.states,
            }
            for item in progress.values()
        ]
        return Response(s.ProgressSerializer(data, many=True).data)


# --- segments and translations -------------------------------------------------


LANGUAGE_PARAMETER = OpenApiParameter(
    "language", str, many=True, description="Target languages to include (repeatable; default: all)."
)
STATE_PARAMETER = OpenApiParameter(
    "state", str, enum=State.values, description="Only segments in this state (needs exactly one language)."
)


class SegmentList(generics.ListAPIView):
    """The document's active segments in reading order, with their translations; paged."""

    serializer_class = s.SegmentSerializer

    def _codes(self) -> list[str]:
        document = self.document
        codes = self.request.query_params.getlist("language") or document.target_languages
        return [target_language(document, code) for code in codes]

    def get_queryset(self):
        self.document = document_or_404(self.kwargs["slug"])
        self.codes = self._codes()
        state = self.request.query_params.get("state") or None
        if state is not None:
            if state not in State.values:
                raise BadInput(
                    _("Unknown state %(state)s; use one of %(states)s.")
                    % {"state": state, "states": ", ".join(State.values)},
                    field="state",
                )
            if len(self.codes) != 1:
                raise BadInput(_("Filtering by state needs exactly one language."), field="language")
        return segments_listed(self.document, codes=self.codes, state=state)

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "codes": getattr(self, "codes", [])}

    @extend_schema(parameters=[LANGUAGE_PARAMETER, STATE_PARAMETER], responses={200: s.SegmentSerializer(many=True),
                                                                                   **error_responses(400, 404)})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class SegmentDetail(APIView):
    @extend_schema(parameters=[LANGUAGE_PARAMETER], responses={200: s.SegmentSerializer, **error_responses(400, 404)})
    def get(self, request, slug, key):
        document = document_or_404(slug)
        codes = request.query_params.getlist("language") or document.target_languages
        codes = [target_language(document, code) for code in codes]
        segment = get_object_or_404(segments_listed(document, codes=codes), key=key)
        return Response(s.SegmentSerializer(segment, context={"codes": codes, "request": request}).data)


def _translation_row(segment: Segment, code: str):
    return segment.translations.filter(language=code).select_related("changed_by").first()


def _fresh(segment: Segment, code: str) -> dict:
    """The row and its text as stored now, read in ONE statement.

    The segment and its row were read by two statements; a write committed
    between them pairs the old text with the new version. A 412 must show the
    text that beat the client, so it reads both again together.
    """
    row = (
        Translation.objects.select_related("segment", "changed_by")
        .filter(segment_id=segment.pk, language=code)
        .first()
    )
    return s.translation_data(row.segment if row is not None else segment, code, row)


def _write_one(user, segment: Segment, code: str, data: dict, *, sent: int, row):
    """Write ``data`` (text and/or state) if ``sent`` is the current version.

    Returns ``(row_data, written)``; raises ``_Stale`` (412) or the service's
    errors. The version is compared here first (so a stale client is told
    about the conflict, not judged against a state it has not seen) and again
    by ``translation_save`` in the statement that writes.
    """
    current = s.translation_data(segment, code, row)
    if sent != current["version"]:
        raise _Stale(_fresh(segment, code), sent)
    text = data.get("text")
    state = data.get("state")
    if state == State.UNTRANSLATED and text:
        state = None  # a text in an untranslated row translates it
    permissions.translation_check(user, code, current_state=current["state"], new_state=state)
    unchanged_text = text is None or text == current["text"]
    if unchanged_text and state in (None, current["state"]):
        return current, False
    try:
        saved = translation_save(
            segment=segment,
            language=code,
            text=text,
            user=user,
            state=state,
            expected_version=sent,
            action=TranslationChange.Action.STATE if unchanged_text else TranslationChange.Action.EDIT,
        )
    except EditConflict as conflict:
        latest = conflict.current
        raise _Stale({**current, "text": latest.text, "state": latest.state, "version": latest.version,
                      "changed_by": latest.changed_by, "changed_at": latest.changed_at}, sent) from None
    saved.changed_by = user
    return s.translation_data(segment, code, saved), True


class _Stale(Exception):
    def __init__(self, current: dict, sent: int):
        self.current, self.sent = current, sent


def _current_json(current: dict) -> dict:
    return s.TranslationSerializer(current).data


class TranslationDetail(APIView):
    """A segment's translation in one language. ``ETag`` is its version; write with ``If-Match``."""

    @extend_schema(responses={200: s.TranslationSerializer, **error_responses(400, 404)})
    def get(self, request, slug, key, language):
        document = document_or_404(slug)
        code = target_language(document, language)
        segment = segment_or_404(document, key)
        current = s.translation_data(segment, code, _translation_row(segment, code))
        return Response(_current_json(current), headers={"ETag": etag(current["version"])})

    @extend_schema(
        request=s.TranslationWriteSerializer,
        parameters=[OpenApiParameter("If-Match", str, OpenApiParameter.HEADER, required=True,
                                     description="The ETag you read.")],
        responses={
            200: s.TranslationSerializer,
            412: OpenApiResponse(OpenApiTypes.OBJECT, description="Stale If-Match; body has the current text."),
            428: OpenApiResponse(OpenApiTypes.OBJECT, description="No If-Match; body has the current text."),
            **error_responses(400, 404),
        },
    )
    def put(self, request, slug, key, language):
        document = document_or_404(slug)
        code = target_language(document, language)
        segment = segment_or_404(document, key)
        body = s.TranslationWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            sent = if_match_version(request)
        except MissingPrecondition:
            return precondition_required(_current_json(s.translation_data(segment, code, _translation_row(segment, code))))
        try:
            current, _written = _write_one(
                request.user, segment, code, body.validated_data, sent=sent, row=_translation_row(segment, code)
            )
        except _Stale as stale:
            return precondition_failed(_current_json(stale.current), sent=stale.sent)
        except InvalidTranslation as invalid:
            raise BadInput(str(invalid), field="text") from None
        return Response(_current_json(current), headers={"ETag": etag(current["version"])})


class _BulkFailed(Exception):
    def __init__(self, response: Response):
        self.response = response


class BulkTranslations(APIView):
    """Write several translations in one language at once: all of them, or none."""

    @extend_schema(
        request=s.BulkWriteSerializer,
        responses={
            200: s.BulkResultSerializer,
            412: OpenApiResponse(OpenApiTypes.OBJECT, description="An item's version is stale; nothing written."),
            **error_responses(400, 404),
        },
    )
    def post(self, request, slug, language):
        document = document_or_404(slug)
        code = target_language(document, language)
        body = s.BulkWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        items = body.validated_data["items"]
        segments = {
            segment.key: segment
            for segment in Segment.objects.select_related("document", "block").filter(
                document=document, retired=False, key__in=[item["key"] for item in items]
            )
        }
        rows = {
            row.segment_id: row
            for row in Translation.objects.filter(segment__in=segments.values(), language=code).select_related(
                "changed_by"
            )
        }
        try:
            # checks_deferred: each touched block is checked once at the end, not once per item.
            with transaction.atomic(), checks_deferred():
                result = self._write(request.user, segments, rows, code, items)
        except _BulkFailed as failed:
            return failed.response
        return Response(s.BulkResultSerializer(result).data)

    def _write(self, user, segments, rows, code, items) -> dict:
        written = unchanged = 0
        translations = {}
        for index, item in enumerate(items):
            where = _("Item %(index)d (segment %(key)s)") % {"index": index, "key": item["key"]}
            segment = segments.get(item["key"])
            if segment is None:
                raise BadInput(_("%(item)s: no such active segment; nothing was written.") % {"item": where},
                               field=f"items.{index}.key", status_code=status.HTTP_404_NOT_FOUND)
            try:
                current, was_written = _write_one(
                    user, segment, code, item, sent=item["version"], row=rows.get(segment.pk)
                )
            except _Stale as stale:
                response = precondition_failed(_current_json(stale.current), sent=stale.sent)
                response.data["error"] = f"{where}: {response.data['error']}"
                response.data["field"] = f"items.{index}.version"
                raise _BulkFailed(response) from None
            except InvalidTranslation as invalid:
                raise BadInput(_("%(item)s: %(error)s Nothing was written.") % {"item": where, "error": invalid},
                               field=f"items.{index}.text") from None
            except PermissionDenied as denied:
                raise PermissionDenied(
                    _("%(item)s: %(error)s Nothing was written.") % {"item": where, "error": denied}
                ) from None
            written += was_written
            unchanged += not was_written
            translations[segment.key] = current
        return {"written": written, "unchanged": unchanged, "translations": translations}


# --- comments ----------------------------------------------------------------------


class CommentList(APIView):
    """The comments on a segment (all languages, or ``?language=``); POST adds one."""

    @extend_schema(parameters=[OpenApiParameter("language", str)],
                   responses={200: s.CommentSerializer(many=True), **error_responses(404)})
    def get(self, request, slug, key):
        segment = segment_or_404(document_or_404(slug), key)
        comments = Comment.objects.filter(segment=segment).select_related("segment", "author", "resolved_by")
        if request.query_params.get("language"):
            comments = comments.filter(language=request.query_params["language"])
        return Response(s.CommentSerializer(comments, many=True, context={"request": request}).data)

    @extend_schema(request=s.CommentCreateSerializer, responses={201: s.CommentSerializer, **error_responses(400, 404)})
    def post(self, request, slug, key):
        document = document_or_404(slug)
        segment = segment_or_404(document, key)
        body = s.CommentCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        code = body.validated_data["language"]
        if code != document.source_language:
            target_language(document, code)
        deny(permissions.can_comment(request.user, document, code),
             _("You may not comment on %(language)s.") % {"language": languages.display_name(code)})
        try:
            comment = comment_add(segment=segment, language=code, author=request.user, text=body.validated_data["text"])
        except InvalidComment as invalid:
            raise BadInput(str(invalid), field="text") from None
        return Response(s.CommentSerializer(comment, context={"request": request}).data,
                        status=status.HTTP_201_CREATED)


class CommentResolve(APIView):
    @extend_schema(request=s.CommentResolveSerializer, responses={200: s.CommentSerializer, **error_responses(400, 404)})
    def post(self, request, pk):
        comment = get_object_or_404(Comment.objects.select_related("segment__document", "author"), pk=pk)
        body = s.CommentResolveSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        deny(permissions.can_resolve_comment(request.user, comment.segment.document, comment),
             _("Only the author or a reviewer of the language may resolve a comment."))
        comment = comment_resolve(comment=comment, user=request.user, resolved=body.validated_data["resolved"])
        return Response(s.CommentSerializer(comment, context={"request": request}).data)


class Root(APIView):
    """Where to start: the documents, the schema and its pages."""

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request):
        def url(name):
            return request.build_absolute_uri(reverse(f"api:{name}"))

        return Response({"documents": url("documents"), "schema": url("schema"), "docs": url("swagger")})
