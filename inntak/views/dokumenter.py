"""Caseworker download of a document the applicant uploaded in the portal: særtilgang and the søknad's county in
scope (``inntak.services.dokument.dokument_for_saksbehandler``), every download audited. Served as an attachment
with the type sniffed on upload and ``nosniff``, so an upload can never be rendered by the browser."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required, permission_required
from django.http import FileResponse, Http404
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from inntak.models import SoknadDokument
from inntak.services import dokument as tjeneste
from vigo.models import Innsyn
from vigo.revisjon import logg_innsyn


@never_cache
@require_GET
@login_required
@permission_required("inntak.view_soknad", raise_exception=True)
def soknaddokument(request, pk: int):
    try:
        dok = tjeneste.dokument_for_saksbehandler(request.user, pk)  # PermissionDenied without særtilgang
    except SoknadDokument.DoesNotExist:
        raise Http404 from None
    soknad = dok.soknad
    # The file name is the applicant's data: the audit row names the document by number only.
    logg_innsyn(Innsyn.Handling.NEDLASTING, f"Søkerdokument nr. {dok.pk} (søknad {soknad.skolear.kode})",
                request=request, person=soknad.person, fylke=soknad.fylke)  # fmt: skip
    try:
        fil = dok.fil.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    resp = FileResponse(fil, as_attachment=True, filename=dok.navn, content_type=dok.innholdstype)
    resp["X-Content-Type-Options"] = "nosniff"
    resp["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return resp
