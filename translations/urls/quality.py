"""Quality pages and endpoints, under /quality/ (namespace ``quality``)."""

from django.urls import path

from ..views import quality as views

app_name = "quality"

urlpatterns = [
    path("findings/<int:pk>/dismiss/", views.finding_dismiss_view, name="finding-dismiss"),
    path("findings/<int:pk>/restore/", views.finding_restore_view, name="finding-restore"),
    path("memory/<int:segment_id>/<str:language>/", views.memory_suggestions, name="memory-suggestions"),
    path("segments/<int:segment_id>/<str:language>/", views.segment_quality, name="segment"),
    path("<slug:slug>/<str:language>/", views.document_findings, name="document-findings"),
]
