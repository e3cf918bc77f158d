"""Exports through the API: every registered format, quick ones at once, long ones as jobs.

``GET exports/`` lists the formats (``translations.exporters`` registry);
``GET exports/{format}/?language=…`` builds a quick one during the request;
``POST exports/`` starts a background job for any format (editions, which
take minutes for a book, only this way) and answers 202 with the job (see
``api.jobs``). Reading a document is all it takes (``can_view_documents``).
"""

from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from .. import exporters
from ..models import Document, State
from ..services.jobs import job_enqueue
from . import serializers as s
from .exceptions import BadInput
from .jobs import JobSerializer, accepted
from .views import document_or_404, error_responses, target_language


class ExportJobSerializer(serializers.Serializer):
    format = serializers.CharField(help_text=gettext_lazy("An export format id (GET exports/ lists them)."))
    language = serializers.ListField(child=serializers.CharField(), allow_empty=False)
    state = serializers.ListField(
        child=serializers.ChoiceField(choices=State.choices), required=False,
        help_text=gettext_lazy("PO/MO: keep only translations in these states."),
    )
    layout = serializers.ChoiceField(choices=["columns", "facing"], required=False)


def export_request(
    document: Document, exporter, *, codes: list[str], states: list[str] | None = None, layout: str | None = None
) -> exporters.ExportRequest:
    """The ``ExportRequest`` for ``codes`` (and the ``states`` and ``layout`` options), checked."""
    for code in codes:
        target_language(document, code)
    options = {}
    if states:
        unknown = set(states) - set(State.values)
        if unknown:
            raise BadInput(_("Unknown state %(state)s; use one of %(states)s.")
                           % {"state": ", ".join(sorted(unknown)), "states": ", ".join(State.values)}, field="state")
        if not exporter.filters_states:
            raise BadInput(_("%(format)s cannot filter by state.") % {"format": exporter.name}, field="state")
        options["states"] = set(states)
    if layout:
        options["layout"] = layout
    request = exporters.ExportRequest(document=document, languages=list(codes), options=options)
    if not exporter.supports(request):
        raise BadInput(exporter.unsupported_reason(request), field="language")
    return request


def _exporter(format_id: str):
    try:
        return exporters.get(format_id)
    except exporters.UnknownExporter:
        raise BadInput(
            _("Unknown format %(format)s; use one of %(formats)s.")
            % {"format": format_id, "formats": ", ".join(exporter.id for exporter in exporters.all_exporters())},
            field="format", status_code=status.HTTP_404_NOT_FOUND,
        ) from None


class ExportFormats(APIView):
    """Every registered export format; quick ones are downloaded at their ``url``; POST starts a job."""

    @extend_schema(responses={200: s.ExportFormatSerializer(many=True), **error_responses(404)})
    def get(self, request, slug):
        document = document_or_404(slug)
        data = [
            {
                "id": exporter.id,
                "name": str(exporter.name),
                "extension": exporter.extension,
                "content_type": exporter.content_type,
                "background": exporter.background,
                "url": None if exporter.background else request.build_absolute_uri(
                    reverse("api:export", args=[document.slug, exporter.id])
                ),
            }
            for exporter in exporters.all_exporters()
        ]
        return Response(s.ExportFormatSerializer(data, many=True).data)

    @extend_schema(request=ExportJobSerializer, responses={202: JobSerializer, **error_responses(400, 404)})
    def post(self, request, slug):
        document = document_or_404(slug)
        body = ExportJobSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        exporter = _exporter(data["format"])
        export = export_request(document, exporter, codes=data["language"], states=data.get("state"),
                                layout=data.get("layout"))
        kind, params = _job_params(exporter, export)
        job = job_enqueue(kind=kind, user=request.user, document=document, params=params)
        return accepted(request, job)


def _job_params(exporter, export: exporters.ExportRequest) -> tuple[str, dict]:
    """The job kind and params that build ``export``: editions have a kind of their own."""
    if exporter.id.startswith("edition-"):
        return "edition", {
            "format": exporter.id.removeprefix("edition-"),
            "languages": export.languages,
            "layout": export.options.get("layout", "columns"),
        }
    params = {"format": exporter.id, "languages": export.languages}
    if export.options.get("states"):
        params["states"] = sorted(export.options["states"])
    return "export", params


class ExportDownload(APIView):
    """The file, built now (formats that are quick). ``?language=de&state=approved`` for approved German."""

    @extend_schema(
        parameters=[
            OpenApiParameter("language", str, many=True, description="Target languages (PO/MO/XLIFF: one)."),
            OpenApiParameter("state", str, many=True, description="PO/MO: keep only translations in these states."),
            OpenApiParameter("layout", str, description="Editions: columns or facing."),
        ],
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY, **error_responses(400, 404)},
    )
    def get(self, request, slug, format_id):
        document = document_or_404(slug)
        exporter = _exporter(format_id)
        if exporter.background:
            raise BadInput(
                _("%(format)s takes long to build: it is made as a background job (POST to the exports).")
                % {"format": exporter.name},
                field="format",
            )
        query = request.query_params
        export = export_request(document, exporter, codes=query.getlist("language"), states=query.getlist("state"),
                                layout=query.get("layout"))
        response = HttpResponse(exporter.export(export), content_type=exporter.content_type)
        response["Content-Disposition"] = f'attachment; filename="{exporter.filename(export)}"'
        return response


