"""URL configuration: the admin is the workbench's home."""

from pathlib import Path

from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import include, path
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from django.views.generic import RedirectView
from django.views.i18n import JavaScriptCatalog

FAVICON = Path(__file__).resolve().parent.parent / "translations" / "static" / "translations" / "favicon.svg"


@require_GET
@cache_control(max_age=86400, public=True)
def favicon(request):
    """/favicon.ico, which browsers ask for on their own (pages link the same SVG with rel=icon)."""
    return HttpResponse(FAVICON.read_bytes(), content_type="image/svg+xml")


urlpatterns = [
    path("", RedirectView.as_view(pattern_name="admin:index", permanent=False)),
    path("favicon.ico", favicon, name="favicon"),
    path("i18n/", include("django.conf.urls.i18n")),
    # The interface strings of our scripts (locale/*/LC_MESSAGES/djangojs.po) as window.gettext,
    # for signed-in users like every page but the login (the pages that need it are theirs).
    path("jsi18n/", login_required(JavaScriptCatalog.as_view()), name="javascript-catalog"),
    path("admin/", admin.site.urls),
    path("review/", include("translations.urls.review")),
    path("quality/", include("translations.urls.quality")),
    path("api/v1/", include("translations.api.urls")),
]
