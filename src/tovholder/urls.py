from django.urls import include, path

from tovholder import health, home

urlpatterns = [
    path("", home.home, name="home"),
    path("sundhed/", health.health, name="health"),
    path("", include("tovholder.accounts.urls")),
    path("adgangskode/", include("tovholder.passwords")),
    path("borgere/", include("tovholder.citizens.urls")),
    path("tilbud/", include("tovholder.offers.urls")),
    path("aktiviteter/", include("tovholder.activities.urls")),
    path("visitation/", include("tovholder.visitation.urls")),
    path("planer/", include("tovholder.plans.urls")),
    path("stoette/", include("tovholder.support.urls")),
    path("journal/", include("tovholder.journal.urls")),
    path("effekt/", include("tovholder.outcomes.urls")),
    path("tvaersektorielt/", include("tovholder.crosssector.urls")),
    path("frivillige/", include("tovholder.volunteers.urls")),
    path("korrespondance/", include("tovholder.crosssector.care_urls")),
    path("vaerested/", include("tovholder.dropin.urls")),
    path("forloeb/", include("tovholder.courses.urls")),
    path("bolig/", include("tovholder.housing.urls")),
    path("indberetning/", include("tovholder.reporting.urls")),
    path("unge/", include("tovholder.youth.urls")),
    path("prognose/", include("tovholder.forecast.urls")),
    path("kommune/", include("tovholder.tenancy.urls")),
    path("sletning/", include("tovholder.retention.urls")),
    path("opgaver/", include("tovholder.todo.urls")),
    path("overgang/", include("tovholder.transition.urls")),
    path("styring/", include("tovholder.figures.urls")),
    path("normering/", include("tovholder.staffing.urls")),
    path("oekonomi/", include("tovholder.budget.urls")),
    path("handleplan/", include("tovholder.actionplan.urls")),
    path("udvalg/", include("tovholder.committee.urls")),
    path("min/", include("tovholder.portal.urls")),
    path("beskeder/", include("tovholder.portal.staff_urls")),
    path("indlaesning/", include("tovholder.conversion.urls")),
    path("api/", include("tovholder.api.urls")),
]

handler400 = "tovholder.layout.errors.bad_request"
handler500 = "tovholder.layout.errors.server_error"
