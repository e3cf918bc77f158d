"""The "edition" job: a bilingual edition (PDF, HTML, or any ``edition-<format>`` exporter).

Params: ``languages`` (target codes), ``format`` (``pdf``, ``html``: the
exporter ``edition-<format>``), ``layout`` (``columns`` or ``facing``).
Progress: the segments read, then the rendering (Typst for a PDF) as the
second half of the bar.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..exporters import ExportRequest
from ..exporters import get as get_exporter
from ..permissions import can_view_documents
from ..selectors import active_segments
from . import JobResult, job_kind


def edition_exporter_id(format: str) -> str:
    return f"edition-{format}"


@job_kind("edition", label=gettext_lazy("bilingual edition"), permission=can_view_documents)
def edition(job, progress):
    params = job.params
    exporter = get_exporter(edition_exporter_id(params.get("format", "pdf")))
    total = active_segments(job.document).count()
    read = 0

    def reading(segments):
        nonlocal read
        progress(0, 2 * total, _("Reading the texts"))
        for segment in segments:
            yield segment
            read += 1
            progress(read, 2 * total, _("Reading the texts"))

    def stage(name):
        if name == "rendering":
            progress(total, 2 * total, _("Typesetting %(format)s") % {"format": exporter.name})

    request = ExportRequest(
        document=job.document,
        languages=list(params.get("languages", [])),
        options={"layout": params.get("layout", "columns"), "progress": reading, "stage": stage},
    )
    content = exporter.export(request)
    return JobResult(filename=exporter.filename(request), content=content, summary=_("%(name)s, %(size)s") % {
        "name": exporter.filename(request), "size": _size(len(content))})


def _size(size: int) -> str:
    from django.template.defaultfilters import filesizeformat

    return str(filesizeformat(size))
