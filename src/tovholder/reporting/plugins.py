"""What reporting plugs in (menu entries, start-page panels, overview sections)."""

from tovholder.citizens.overview import section


# FHIR export of one citizen (ADR 0028): a download link, no query of its own
@section(key="fhir", title="Udtræk til andre systemer", template="reporting/overview_fhir.html", order=95)
def fhir_section(user, citizen) -> dict:
    return {}


# KL's daily FFB delivery (ADR 0029)
from tovholder.layout import menu  # noqa: E402

menu.add(label="FFB-indberetning", url_name="ffb_deliveries", order=95, perms=("reporting.report_ffb",))
