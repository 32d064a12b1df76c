from django.urls import include, path

from tovholder.layout import views as layout_views

urlpatterns = [
    path("", layout_views.home, name="home"),
    path("", include("tovholder.accounts.urls")),
    path("borgere/", include("tovholder.citizens.urls")),
    path("tilbud/", include("tovholder.offers.urls")),
]
