from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("", views.index, name="index"),
    path("sample.<str:fmt>", views.sample, name="sample"),
    path("house-template/", views.house_template, name="house_template"),
    path("house-template/remove/", views.house_template_remove, name="house_template_remove"),
    path("house-template/download/", views.house_template_download, name="house_template_download"),
]
