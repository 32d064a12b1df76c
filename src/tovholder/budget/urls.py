from django.urls import path

from . import views

urlpatterns = [
    path("", views.followup, name="budget_followup"),
    path("tilbud/", views.offers, name="budget_offers"),
    path("bevillinger/", views.appropriations, name="budget_appropriations"),
    path("forbrug/", views.actuals, name="budget_actuals"),
    path("forklaring/<int:function_id>/<int:year>/", views.explanation, name="budget_explanation"),
    path("opsaetning/", views.setup, name="budget_setup"),
]
