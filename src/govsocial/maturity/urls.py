from django.urls import path

from . import views

app_name = "maturity"

urlpatterns = [
    path("", views.index, name="index"),
]
