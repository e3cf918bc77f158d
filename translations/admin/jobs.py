"""The Jobs page: background jobs with a live progress bar, their file, their error, a Cancel button.

``JobAdmin`` lists the jobs a user started (a superuser sees everyone's) and
shows one job read-only. Its extra views:

- ``<id>/status/``: the job as JSON (status, done/total, percent, message,
  error, download URL), polled by ``translations/admin/jobs.js`` to move the
  bar without reloading;
- ``<id>/download/``: the result file, for those who may see the job;
- ``<id>/cancel/`` (POST): cancels a queued or running job.

Every staff user may open the page; ``permissions.can_see_job`` decides per
job. Jobs are started elsewhere (the edition form, the exchange page, the
alignment upload) through ``services.jobs.job_enqueue``; ``job_started``
sends the user to the new job's page.
"""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from .. import jobs
from ..models import Job, JobStatus
from ..permissions import can_cancel_job, can_see_job
from ..services.jobs import job_cancel, job_files_delete


def job_url(job: Job) -> str:
    return reverse("admin:translations_job_change", args=[job.pk])


def job_started(request, job: Job) -> HttpResponseRedirect:
    """The answer to a form that started ``job``: its page, with a word of what happens next."""
    messages.info(request, _("The job was queued; this page follows it while it runs."))
    return HttpResponseRedirect(job_url(job))


def job_status(job: Job) -> dict:
    """What the status endpoint answers, and what the page shows at first."""
    return {
        "id": job.pk,
        "status": job.status,
        "status_label": job.get_status_display(),
        "finished": job.finished,
        "done": job.progress_done,
        "total": job.progress_total,
        "percent": job.percent,
        "message": job.message,
        "text": progress_text(job),
        "error": job.error,
        "result_name": job.result_name,
        "download_url": reverse("admin:translations_job_download", args=[job.pk]) if job.result else "",
        "result_url": job.result_url,
    }


def progress_text(job: Job) -> str:
    """The line beside the bar: how far, and what the job is doing or what came of it."""
    if job.status == JobStatus.QUEUED:
        return _("waiting for a worker")
    if job.percent is not None and not job.finished:
        return f"{job.percent}% {job.message}".strip()
    return job.message


class KindFilter(admin.SimpleListFilter):
    """The registered kinds by their names (the column holds ids)."""

    title = gettext_lazy("kind")
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        return [(kind.id, kind.label) for kind in jobs.kinds().values()]

    def queryset(self, request, queryset):
        return queryset.filter(kind=self.value()) if self.value() else queryset


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ("title", "document_slug", "created_by", "created_at", "progress_bar")
    list_filter = ("status", KindFilter)
    list_select_related = ("document", "created_by")
    fields = ("kind_label", "document", "created_by", "input_name", "created_at", "started_at", "finished_at",
              "progress_bar", "outcome", "error_text")
    readonly_fields = fields
    change_form_template = "admin/translations/job/change_form.html"

    class Media:
        css = {"all": ["translations/admin/jobs.css"]}
        js = ["translations/admin/jobs.js"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("document", "created_by")
        if request.user.is_superuser:
            return queryset
        return queryset.filter(created_by=request.user)

    # Every staff user has a Jobs page (their own jobs); nobody adds or edits jobs by hand.
    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request) and (obj is None or can_see_job(request.user, obj))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser and (obj is None or obj.finished)

    # Deleting a job (superusers, finished jobs) also deletes its files.
    def delete_model(self, request, obj):
        job_files_delete([obj])
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        job_files_delete(queryset)
        super().delete_queryset(request, queryset)

    def get_fields(self, request, obj=None):
        return [name for name in self.fields if name != "input_name" or (obj is not None and obj.input_name)]

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<path:object_id>/status/", wrap(self.status_view), name="translations_job_status"),
            path("<path:object_id>/download/", wrap(self.download_view), name="translations_job_download"),
            path("<path:object_id>/cancel/", wrap(require_POST(self.cancel_view)), name="translations_job_cancel"),
            *super().get_urls(),
        ]

    def _job(self, request, object_id) -> Job:
        job = get_object_or_404(Job.objects.select_related("document", "created_by"), pk=unquote(object_id))
        if not can_see_job(request.user, job):
            raise PermissionDenied
        return job

    def status_view(self, request, object_id):
        return JsonResponse(job_status(self._job(request, object_id)))

    def download_view(self, request, object_id):
        job = self._job(request, object_id)
        if not job.result:
            raise Http404(f"job {job.pk} has no file")
        return FileResponse(job.result.open("rb"), as_attachment=True, filename=job.result_name)

    def cancel_view(self, request, object_id):
        job = self._job(request, object_id)
        if job_cancel(job=job, user=request.user):
            messages.success(request, _("The job was cancelled."))
        else:
            messages.warning(request, _("The job had already finished; nothing was cancelled."))
        return HttpResponseRedirect(job_url(job))

    def render_change_form(self, request, context, *args, obj=None, **kwargs):
        context["can_cancel"] = obj is not None and not obj.finished and can_cancel_job(request.user, obj)
        return super().render_change_form(request, context, *args, obj=obj, **kwargs)

    @admin.display(description=gettext_lazy("job"), ordering="-id")
    def title(self, job):
        return f"{jobs.label(job.kind)} #{job.pk}"

    @admin.display(description=gettext_lazy("document"), ordering="document__slug")
    def document_slug(self, job):
        return job.document.slug if job.document else "—"

    @admin.display(description=gettext_lazy("kind"), ordering="kind")
    def kind_label(self, job):
        return jobs.label(job.kind)

    @admin.display(description=gettext_lazy("progress"), ordering="status")
    def progress_bar(self, job):
        """The bar jobs.js keeps moving while the job is not finished."""
        percent = job.percent
        return format_html(
            '<div class="wb-job" data-status-url="{}" data-status="{}" data-finished="{}">'
            '<span class="wb-job-status">{}</span>'
            '<span class="wb-job-bar{}"><span class="wb-job-done" style="width:{}%"></span></span>'
            '<span class="wb-job-text">{}</span></div>',
            reverse("admin:translations_job_status", args=[job.pk]),
            job.status,
            "true" if job.finished else "false",
            job.get_status_display(),
            " wb-job-bar-unknown" if percent is None and not job.finished else "",
            percent or 0,
            progress_text(job),
        )

    @admin.display(description=gettext_lazy("result"))
    def outcome(self, job):
        parts = []
        if job.result:
            parts.append(format_html(
                '<a class="wb-job-download button" href="{}">{}</a>',
                reverse("admin:translations_job_download", args=[job.pk]),
                _("Download %(name)s") % {"name": job.result_name},
            ))
        if job.result_url:
            parts.append(
                format_html('<a class="wb-job-outcome" href="{}">{}</a>', job.result_url, _("See the outcome"))
            )
        return format_html(" ".join(["{}"] * len(parts)), *parts) if parts else "—"

    @admin.display(description=gettext_lazy("error"))
    def error_text(self, job):
        return format_html('<p class="wb-job-error">{}</p>', job.error) if job.error else "—"
