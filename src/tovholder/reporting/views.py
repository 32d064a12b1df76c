import json

from django.http import HttpResponse

from . import fhir


def citizen_fhir(request, citizen_id: int):
    """One citizen as a FHIR R4 Bundle (JSON) to download; the read is logged by `open_citizen`."""
    bundle = fhir.citizen_bundle(actor=request.user, citizen=citizen_id)
    response = HttpResponse(json.dumps(bundle, ensure_ascii=False, indent=2),
                            content_type="application/fhir+json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="borger-{citizen_id}-fhir.json"'
    return response


FFB_KINDS = {"Patient": "Borger", "ServiceRequest": "Sag", "Condition": "Tilstande og målgrupper",
             "ClinicalImpression": "Udredning", "Observation": "Støttebehov og opfølgninger",
             "CarePlan": "Indsatser og ydelser", "Organization": "Tilbudstyper", "Goal": "Indsatsmål"}


def _ffb_principal(request):
    from tovholder.accounts.principals import require_perm

    return require_perm(request.user, "reporting.report_ffb")


def ffb_deliveries(request):
    """The municipality's FFB deliveries per day (counts by resource type, refusals with reasons) and
    "Indberet nu", which queues the delivery up to today."""
    from django.contrib import messages
    from django.shortcuts import redirect, render
    from django.utils import timezone

    from .models import FfbBundle, FfbDelivery
    from .tasks import deliver_ffb_task

    principal = _ffb_principal(request)
    if request.method == "POST":
        deliver_ffb_task.enqueue(municipality_id=principal.municipality_id,
                                 until=timezone.localdate().isoformat(), user_id=request.user.pk)
        messages.success(request, "Indberetningen er sat i gang. Siden viser status, når den er kørt.")
        return redirect("ffb_deliveries")
    deliveries = list(FfbDelivery.objects.filter(municipality_id=principal.municipality_id)[:60])
    refused = list(FfbBundle.objects.filter(municipality_id=principal.municipality_id,
                                            status=FfbBundle.Status.REFUSED, delivery__in=deliveries)
                   .select_related("delivery").order_by("-delivery__day", "pk")[:100])
    rows = [(d, [(f"{FFB_KINDS.get(kind, kind)} ({kind})", n) for kind, n in sorted(d.counts.items())])
            for d in deliveries]
    return render(request, "reporting/ffb_deliveries.html", {"rows": rows, "refused": refused})


def ffb_download(request, day: str):
    """One day's sent bundles as a zip of JSON files (as they were sent)."""
    import datetime
    import io
    import zipfile

    from django.http import Http404

    from .models import FfbBundle

    principal = _ffb_principal(request)
    try:
        on = datetime.date.fromisoformat(day)
    except ValueError as exc:
        raise Http404("Ukendt dag.") from exc
    bundles = FfbBundle.objects.filter(municipality_id=principal.municipality_id, delivery__day=on,
                                       status=FfbBundle.Status.SENT).order_by("pk")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for n, b in enumerate(bundles, start=1):
            name = (b.name.rsplit("/", 1)[-1] if b.name else f"bundt-{n}.json")
            archive.writestr(name, json.dumps(b.content, ensure_ascii=False, indent=1))
    response = HttpResponse(buffer.getvalue(), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="ffb-{on.isoformat()}.zip"'
    return response
