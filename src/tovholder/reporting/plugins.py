"""What reporting plugs in (menu entries, start-page panels, overview sections)."""

from tovholder.citizens.overview import section


# FHIR export of one citizen (ADR 0028): a download link, no query of its own
@section(key="fhir", title="Udtræk til andre systemer", template="reporting/overview_fhir.html", order=95)
def fhir_section(user, citizen) -> dict:
    return {}


# Statistics Denmark's monthly report (ADR 0030): in the menu of those who report
from tovholder.layout import menu  # noqa: E402

menu.add(label="DST-indberetning", url_name="dst_index", order=95, perms=("reporting.report_dst",))
