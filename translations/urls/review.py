"""The review page and its actions, under /review/ (namespace ``review``)."""

from django.urls import path

from ..views import review

app_name = "review"

urlpatterns = [
    path("<slug:slug>/", review.review, name="document"),
    path("<slug:slug>/state/", review.set_state, name="state"),
    path("<slug:slug>/bulk/", review.bulk_state, name="bulk"),
    path("<slug:slug>/edit/", review.edit, name="edit"),
    path("<slug:slug>/align/", review.align, name="align"),
    path("<slug:slug>/undo/<int:edit_id>/", review.undo, name="undo"),
    path("<slug:slug>/split/<int:segment_id>/", review.split_tool, name="split"),
    path("<slug:slug>/comments/<int:segment_id>/<str:language>/", review.thread, name="thread"),
    path("<slug:slug>/comments/<int:segment_id>/<str:language>/add/", review.comment_create, name="comment_add"),
    path("<slug:slug>/comment/<int:comment_id>/resolve/", review.comment_toggle, name="comment_resolve"),
]
