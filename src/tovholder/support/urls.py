from django.urls import path

from . import views

urlpatterns = [
    path("timer/", views.hours, name="support_hours"),
    path("modtagelse/", views.intake, name="intake"),
    path("modtagelse/<int:order_id>/", views.order, name="order"),
    path("hjemtagning/", views.home_taking, name="home_taking"),
    path("hjemtagning/<int:placement_id>/", views.placement, name="placement"),
    path("borger/<int:citizen_id>/", views.citizen_support, name="citizen_support"),
    path("borger/<int:citizen_id>/forloeb/nyt/", views.episode_start, name="episode_start"),
    path("borger/<int:citizen_id>/forloeb/<int:episode_id>/", views.episode, name="episode"),
    path("borger/<int:citizen_id>/forloeb/<int:episode_id>/foerste-moede/", views.first_meeting,
         name="episode_first_meeting"),
    path("borger/<int:citizen_id>/forloeb/<int:episode_id>/intensitet/", views.intensity, name="episode_intensity"),
    path("borger/<int:citizen_id>/forloeb/<int:episode_id>/afslut/", views.episode_end, name="episode_end"),
    path("borger/<int:citizen_id>/klippekort/<int:card_id>/brug/", views.klippekort_return,
         name="klippekort_return"),
    path("borger/<int:citizen_id>/aftaler/ny/", views.appointment_add, name="appointment_add"),
    path("borger/<int:citizen_id>/aftaler/<int:occasion_id>/flyt/", views.appointment_move,
         name="appointment_move"),
    path("borger/<int:citizen_id>/aftaler/<int:occasion_id>/aflys/", views.appointment_cancel,
         name="appointment_cancel"),
]
