from django.urls import path

from . import views

app_name = "maturity"

urlpatterns = [
    path("", views.index, name="index"),
    path("start/", views.start, name="start"),
    path("<int:pk>/theme/<int:number>/", views.theme, name="theme"),
    path("<int:pk>/review/", views.review, name="review"),
    path("<int:pk>/complete/", views.complete, name="complete"),
    path("<int:pk>/upload/", views.upload, name="upload"),
    path("<int:pk>/answers.yaml", views.answers_download, {"fmt": "yaml"}, name="answers_yaml"),
    path("<int:pk>/answers.json", views.answers_download, {"fmt": "json"}, name="answers_json"),
    path("<int:pk>/scorecard/", views.scorecard, name="scorecard"),
    path("<int:pk>/scorecard.pdf", views.scorecard_pdf, name="pdf"),
    path("<int:pk>/retake/", views.retake, name="retake"),
    path("<int:pk>/disagreements/", views.disagreements, name="disagreements"),
    path("benchmark/", views.benchmark, name="benchmark"),
    path("benchmark.csv", views.benchmark_csv, name="benchmark_csv"),
    path("benchmark/import/", views.benchmark_import, name="benchmark_import"),
    # Without an account: every page below is reached only through the secret token.
    path("self-assessment/", views.anon_start, name="anon_start"),
    path("a/<str:token>/", views.anon_overview, name="anon_overview"),
    path("a/<str:token>/theme/<int:number>/", views.anon_theme, name="anon_theme"),
    path("a/<str:token>/review/", views.anon_review, name="anon_review"),
    path(
        "a/<str:token>/answers.yaml",
        views.anon_answers_download,
        {"fmt": "yaml"},
        name="anon_answers_yaml",
    ),
    path(
        "a/<str:token>/answers.json",
        views.anon_answers_download,
        {"fmt": "json"},
        name="anon_answers_json",
    ),
    path("a/<str:token>/result/", views.anon_scorecard, name="anon_scorecard"),
    path("a/<str:token>/result.pdf", views.anon_pdf, name="anon_pdf"),
    path("a/<str:token>/retake/", views.anon_retake, name="anon_retake"),
]
