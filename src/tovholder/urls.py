from django.urls import include, path

from tovholder import home

urlpatterns = [
    path("", home.home, name="home"),
    path("", include("tovholder.accounts.urls")),
    path("borgere/", include("tovholder.citizens.urls")),
    path("tilbud/", include("tovholder.offers.urls")),
    path("aktiviteter/", include("tovholder.activities.urls")),
    path("visitation/", include("tovholder.visitation.urls")),
    path("planer/", include("tovholder.plans.urls")),
    path("stoette/", include("tovholder.support.urls")),
    path("journal/", include("tovholder.journal.urls")),
    path("effekt/", include("tovholder.outcomes.urls")),
    path("prognose/", include("tovholder.forecast.urls")),
    path("kommune/", include("tovholder.tenancy.urls")),
    path("sletning/", include("tovholder.retention.urls")),
]
