"""What reporting plugs in (menu entries, start-page panels, overview sections)."""

from tovholder.citizens.overview import section


# FHIR export of one citizen (ADR 0028): a download link, no query of its own
@section(key="fhir", title="Udtræk til andre systemer", template="reporting/overview_fhir.html", order=95)
def fhir_section(user, citizen) -> dict:
    return {}


# KL's daily FFB delivery (ADR 0029)
from tovholder.layout import menu  # noqa: E402

menu.add(label="FFB-indberetning", url_name="ffb_deliveries", order=95, perms=("reporting.report_ffb",))
# Statistics Denmark's monthly report (ADR 0030): in the menu of those who report
menu.add(label="DST-indberetning", url_name="dst_index", order=96, perms=("reporting.report_dst",))


from tovholder.retention import registry as retention  # noqa: E402


@retention.before_erase
def _forget_dst_lines(pks: dict) -> None:
    """The DST files kept here name efforts by id and citizens by CPR, with no foreign key to follow."""
    from tovholder.visitation.models import Decision

    from .dst.services import forget_efforts

    ids = set(pks.get(Decision, ()))
    forget_efforts(ids, set(Decision.objects.filter(pk__in=ids).values_list("citizen_id", flat=True)))
