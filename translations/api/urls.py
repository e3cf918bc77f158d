"""The API's URLconf, under /api/v1/ (namespace ``api``), with the OpenAPI schema and its pages.

A later, incompatible version gets its own prefix (/api/v2/) beside this one.
"""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from . import exports, jobs, views

app_name = "api"

DOCUMENT = "documents/<slug:slug>/"
SEGMENT = DOCUMENT + "segments/<str:key>/"

urlpatterns = [
    path("", views.Root.as_view(), name="root"),
    path("documents/", views.DocumentList.as_view(), name="documents"),
    path(DOCUMENT, views.DocumentDetail.as_view(), name="document"),
    path(DOCUMENT + "source/", views.DocumentSource.as_view(), name="source"),
    path(DOCUMENT + "progress/", views.Progress.as_view(), name="progress"),
    path(DOCUMENT + "segments/", views.SegmentList.as_view(), name="segments"),
    path(SEGMENT, views.SegmentDetail.as_view(), name="segment"),
    path(SEGMENT + "translations/<str:language>/", views.TranslationDetail.as_view(), name="translation"),
    path(SEGMENT + "comments/", views.CommentList.as_view(), name="comments"),
    path(DOCUMENT + "translations/<str:language>/bulk/", views.BulkTranslations.as_view(), name="bulk"),
    path("comments/<int:pk>/resolve/", views.CommentResolve.as_view(), name="comment-resolve"),
    path(DOCUMENT + "exports/", exports.ExportFormats.as_view(), name="exports"),
    path(DOCUMENT + "exports/<str:format_id>/", exports.ExportDownload.as_view(), name="export"),
    path(DOCUMENT + "alignments/", jobs.AlignmentJobs.as_view(), name="alignments"),
    path("jobs/<int:pk>/", jobs.JobDetail.as_view(), name="job"),
    path("jobs/<int:pk>/result/", jobs.JobResult.as_view(), name="job-result"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("schema/swagger/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="swagger"),
    path("schema/redoc/", SpectacularRedocView.as_view(url_name="api:schema"), name="redoc"),
]
