"""The "edition" job: a bilingual edition (PDF, HTML, or any ``edition-<format>`` exporter).

Params: ``languages`` (target codes), ``format`` (``pdf``, ``html``: the
exporter ``edition-<format>``), ``layout`` (``columns`` or ``facing``).
Progress: the segments read, then the rendering (Typst for a PDF) as the
second half of the bar.
"""

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..exporters import ExportRequest
from ..exporters import get as get_exporter
from ..permissions import can_view_documents
from ..selectors import active_segments
from . import JobResult, counted, job_kind


def edition_exporter_id(format: str) -> str:
    return f"edition-{format}"


@job_kind("edition", label=gettext_lazy("bilingual edition"), permission=can_view_documents)
def edition(job, progress):
    params = job.params
    exporter = get_exporter(edition_exporter_id(params.get("format", "pdf")))
    total = active_segments(job.document).count()

    def stage(name):
        if name == "rendering":  # the second half of the bar: Typst has no progress of its own
            progress(total, 2 * total, _("Typesetting %(format)s") % {"format": exporter.name})

    request = ExportRequest(
        document=job.document,
        languages=list(params.get("languages", [])),
        options={
            "layout": params.get("layout", "columns"),
            "progress": counted(progress, _("Reading the texts"), share=2),
            "stage": stage,
        },
    )
    content = exporter.export(request)
    name = exporter.filename(request)
    summary = _("%(name)s, %(size)s") % {"name": name, "size": filesizeformat(len(content))}
    return JobResult(filename=name, content=content, summary=summary)
