from django.urls import path

from . import views

urlpatterns = [
    path("", views.volunteer_list, name="volunteer_list"),
    path("ny/", views.volunteer_create, name="volunteer_create"),
    path("<int:volunteer_id>/ret/", views.volunteer_edit, name="volunteer_edit"),
    path("oensker/", views.wish_list, name="wish_list"),
    path("oensker/<int:wish_id>/", views.wish_match, name="wish_match"),
    path("borger/<int:citizen_id>/", views.citizen_companion, name="citizen_companion"),
    path("borger/<int:citizen_id>/oenske/", views.wish_create, name="wish_create"),
    path("aftale/<int:agreement_id>/", views.agreement, name="companion_agreement"),
    path("aftale/<int:agreement_id>/til-den-frivillige/", views.agreement_sheet, name="companion_sheet"),
]
