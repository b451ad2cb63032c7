from django.urls import path

from . import views

app_name = "archive"
urlpatterns = [
    path("", views.index, name="index"),
    path("search/", views.search, name="search"),
    path("upload/", views.upload, name="upload"),
    path("verify/", views.verify, name="verify"),
    path("channel/<int:channel_id>/", views.channel, name="channel"),
    path("channel/<int:channel_id>/sync/", views.sync, name="sync"),
    path("channel/<int:channel_id>/csv-mapping/", views.mapping, name="mapping"),
    path("item/<int:pk>/", views.item, name="item"),
    path("item/<int:pk>/media/<int:media>/", views.media_file, name="media_file"),
    path("imports/<int:pk>/", views.job, name="job"),
    path("disclosure/", views.disclosures, name="disclosures"),
    path("disclosure/<int:pk>/", views.disclosure, name="disclosure"),
    path("disclosure/<int:pk>/item/<int:entry>/", views.disclosure_entry, name="disclosure_entry"),
    path(
        "disclosure/<int:pk>/redaction/<int:redaction>/remove/",
        views.redaction_remove,
        name="redaction_remove",
    ),
    path("retention/", views.retention, name="retention"),
    path("retention/<int:channel_id>/", views.retention_channel, name="retention_channel"),
    path("hold/<int:pk>/release/", views.hold_release, name="hold_release"),
    path("destroy/", views.destroy, name="destroy"),
    path("destroy/<int:pk>/", views.destruction, name="destruction"),
    path("disclosure/<int:pk>/package.zip", views.disclosure_download, name="disclosure_download"),
]
