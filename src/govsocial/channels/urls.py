from django.urls import path

from . import views

app_name = "channels"

urlpatterns = [
    path("", views.index, name="index"),
    path("request/", views.request_channel, name="request"),
    path("governance/", views.governance, name="governance"),
    path("import/", views.import_channels, name="import"),
    path("import/template.csv", views.import_template, name="import_template"),
    path("export/", views.export_page, name="export"),
    path("export/channels.csv", views.export_download, {"fmt": "csv"}, name="export_csv"),
    path("export/channels.json", views.export_download, {"fmt": "json"}, name="export_json"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/custody/", views.custody, name="custody"),
    path("<int:pk>/activity/", views.activity, name="activity"),
    path("<int:pk>/report/", views.report, name="report"),
    path("<int:pk>/<slug:slug>/", views.transition, name="transition"),
]
