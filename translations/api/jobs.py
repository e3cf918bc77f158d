"""Background jobs through the API: start an alignment (exports: ``api.exports``), poll, download.

Jobs are the workbench's own (``translations.jobs``, ``services.jobs``): the
API only starts them with ``job_enqueue`` (which checks the kind's permission)
and shows them. Starting answers **202 Accepted** with the job's URL in
``Location`` and the body; ``GET /api/v1/jobs/{id}/`` reports its status and
progress, ``GET …/result/`` downloads its file once it succeeded, ``DELETE``
cancels it. A job is seen by whoever started it (and superusers):
``permissions.can_see_job``; others get 404, as for a job that does not exist.
"""

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from .. import languages, permissions
from ..models import Job, JobStatus
from ..parsing import read_blocks
from ..services.jobs import job_cancel, job_enqueue
from . import serializers as s
from .exceptions import BadInput
from .permissions import deny
from .views import document_or_404, error_responses, target_language, uploaded_file


class JobSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    status = serializers.ChoiceField(choices=JobStatus.choices)
    document = serializers.CharField(allow_null=True, help_text=gettext_lazy("The document's slug."))
    progress_done = serializers.IntegerField()
    progress_total = serializers.IntegerField()
    percent = serializers.IntegerField(allow_null=True)
    message = serializers.CharField(allow_blank=True)
    error = serializers.CharField(allow_blank=True, help_text=gettext_lazy("Why it failed, in words."))
    created_at = serializers.DateTimeField()
    started_at = serializers.DateTimeField(allow_null=True)
    finished_at = serializers.DateTimeField(allow_null=True)
    result_name = serializers.CharField(allow_blank=True)
    result_url = serializers.CharField(allow_null=True, help_text=gettext_lazy("Download, once succeeded."))
    url = serializers.CharField()

    def to_representation(self, job):
        request = self.context["request"]

        def url(name):
            return request.build_absolute_uri(reverse(f"api:{name}", args=[job.pk]))

        return {
            "id": job.pk,
            "kind": job.kind,
            "status": job.status,
            "document": job.document.slug if job.document_id else None,
            "progress_done": job.progress_done,
            "progress_total": job.progress_total,
            "percent": job.percent,
            "message": job.message,
            "error": job.error,
            "created_at": serializers.DateTimeField().to_representation(job.created_at),
            "started_at": serializers.DateTimeField().to_representation(job.started_at) if job.started_at else None,
            "finished_at": serializers.DateTimeField().to_representation(job.finished_at) if job.finished_at else None,
            "result_name": job.result_name,
            "result_url": url("job-result") if job.status == JobStatus.SUCCEEDED and job.result else None,
            "url": url("job"),
        }


class AlignmentJobSerializer(serializers.Serializer):
    file = serializers.FileField(help_text=gettext_lazy("The translation as plain text (.txt) or Markdown (.md)."))
    language = serializers.CharField()
    force = serializers.BooleanField(default=False, help_text=gettext_lazy("Also replace approved translations."))


def accepted(request, job: Job) -> Response:
    data = JobSerializer(job, context={"request": request}).data
    return Response(data, status=status.HTTP_202_ACCEPTED, headers={"Location": data["url"]})


class AlignmentJobs(APIView):
    """Align an uploaded translation to the document, in the background; the result is drafts."""

    @extend_schema(request={"multipart/form-data": AlignmentJobSerializer},
                   responses={202: JobSerializer, **error_responses(400, 404)})
    def post(self, request, slug):
        document = document_or_404(slug)
        body = AlignmentJobSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        code = target_language(document, data["language"])
        params = {"language": code, "force": data["force"]}
        # Checked before reading the file, so a refusal is about the user, not the file.
        if data["force"] and permissions.can_translate(request.user, code):
            message = _("Only reviewers of %(language)s may replace approved translations.")
        else:
            message = _("You may not translate into %(language)s.")
        deny(
            permissions.can_align_translation(request.user, document=document, params=params),
            message % {"language": languages.display_name(code)},
        )
        _check_readable(data["file"])
        job = job_enqueue(
            kind="alignment", user=request.user, document=document,
            params=params, input_file=data["file"],
        )
        return accepted(request, job)


def _check_readable(upload) -> None:
    """Refuse now, naming it, a file the worker could not read (the job would only fail later)."""
    with uploaded_file(upload) as path:
        read_blocks(path)
    upload.seek(0)


def _job(request, pk: int) -> Job:
    job = get_object_or_404(Job.objects.select_related("document"), pk=pk)
    if not permissions.can_see_job(request.user, job):
        raise Http404
    return job


class JobDetail(APIView):
    @extend_schema(responses={200: JobSerializer, **error_responses(404)})
    def get(self, request, pk):
        return Response(JobSerializer(_job(request, pk), context={"request": request}).data)

    @extend_schema(responses={200: JobSerializer, **error_responses(404)})
    def delete(self, request, pk):
        """Cancel the job (a queued one never runs; a running one stops at its next progress report)."""
        job = _job(request, pk)
        job_cancel(job=job, user=request.user)
        job.refresh_from_db()
        return Response(JobSerializer(job, context={"request": request}).data)


class JobResult(APIView):
    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY,
                              409: OpenApiResponse(s.ErrorSerializer, description="Not finished, or no file."),
                              **error_responses(404)})
    def get(self, request, pk):
        job = _job(request, pk)
        if job.status != JobStatus.SUCCEEDED or not job.result:
            raise BadInput(
                _("Job %(id)d has no file to download (it is %(status)s).")
                % {"id": job.pk, "status": JobStatus(job.status).label},
                status_code=status.HTTP_409_CONFLICT,
            )
        return FileResponse(job.result.open("rb"), as_attachment=True, filename=job.result_name)
