from django.urls import path

from . import views

app_name = "insights"
urlpatterns = [
    path("", views.index, name="index"),
    path("reports/", views.reports, name="reports"),
    path("reports/<int:report_id>/<str:language>.pdf", views.report_file, name="report_file"),
    path("channel/<int:channel_id>/", views.channel, name="channel"),
    path("channel/<int:channel_id>/comments/", views.comments, name="comments"),
    path(
        "channel/<int:channel_id>/comments/<int:item_id>/label/",
        views.correct,
        name="correct",
    ),
]
