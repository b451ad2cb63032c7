from django.urls import path

from . import views

app_name = "archive"
urlpatterns = [
    path("", views.index, name="index"),
    path("search/", views.search, name="search"),
    path("upload/", views.upload, name="upload"),
    path("verify/", views.verify, name="verify"),
    path("channel/<int:channel_id>/", views.channel, name="channel"),
    path("item/<int:pk>/", views.item, name="item"),
    path("imports/<int:pk>/", views.job, name="job"),
]
