"""Exchange-file jobs: "export" (PO, MO, XLIFF, TMX, CSV of a whole document) and
"translation-import" (a large PO/XLIFF file uploaded in the admin).

- export — params ``format`` (an exporter id), ``languages`` and optionally
  ``states`` (PO/MO: keep only translations in those states); the file is
  the result.
- translation-import — the uploaded file is ``job.input``; params
  ``language`` (None: the one the file declares), ``policy``, ``force``, ``dry_run``. The
  file's language is checked against the starter's rights once it is read;
  the import is all or nothing, and the summary is the report's.
"""

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..exporters import ExportRequest
from ..exporters import get as get_exporter
from ..importers import for_path
from ..parsing import SourceFormatError
from ..permissions import can_import_translation, can_view_documents, import_check
from ..services.exchange import ImportPolicy, catalog_import, catalog_language
from . import JobResult, counted, job_kind


@job_kind("export", label=gettext_lazy("export"), permission=can_view_documents)
def export(job, progress):
    exporter = get_exporter(job.params["format"])
    options = {"progress": counted(progress, _("Exporting"))}
    if job.params.get("states"):
        options["states"] = set(job.params["states"])
    request = ExportRequest(document=job.document, languages=list(job.params.get("languages", [])), options=options)
    if not exporter.supports(request):
        raise ValueError(exporter.unsupported_reason(request))
    content = exporter.export(request)
    return JobResult(filename=exporter.filename(request), content=content, summary=exporter.filename(request))


@job_kind("translation-import", label=gettext_lazy("translation import"), permission=can_import_translation)
def translation_import(job, progress):
    params, user, name = job.params, job.created_by, job.input_name
    progress(0, 0, _("Reading %(file)s") % {"file": name})
    with job.input.open("rb") as stream:
        data = stream.read()
    catalog = for_path(name).parse(data, path=name)
    code = catalog_language(document=job.document, catalog=catalog, language=params.get("language") or None)
    if user is None:
        raise PermissionDenied(_("The job has no user to import as."))
    policy = params.get("policy") or ImportPolicy.TRANSLATED
    import_check(user, code, policy=policy)
    try:
        report = catalog_import(
            document=job.document,
            catalog=catalog,
            language=code,
            user=user,
            force=bool(params.get("force")),
            policy=policy,
            dry_run=bool(params.get("dry_run")),
            progress=counted(progress, _("Importing")),
        )
    except SourceFormatError as error:
        raise SourceFormatError(
            _("%(error)s — nothing was imported.") % {"error": str(error).rstrip(".")}
        ) from error
    notes = "\n".join(report.conflict_lines() + report.notes)
    return JobResult(
        filename=f"{name}.report.txt" if notes else None,
        content=f"{report.summary()}\n\n{notes}\n".encode() if notes else None,
        summary=report.summary(),
        url=reverse("admin:translations_document_translate", args=[job.document.pk, code]),
    )
