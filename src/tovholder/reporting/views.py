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
