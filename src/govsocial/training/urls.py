from django.urls import path, re_path, register_converter

from . import player_views, views
from .game import COUNTRY_CODES, FORMATS, KINDS


class SummaryFormat:
    regex = "md|pdf|docx|html"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(SummaryFormat, "summaryfmt")

app_name = "training"

GAME_FILE = (
    rf"^game/(?P<kind>{'|'.join(KINDS)})-(?P<country>{'|'.join(COUNTRY_CODES)})"
    rf"-(?P<lang>en|nl)\.(?P<fmt>{'|'.join(FORMATS)})$"
)

urlpatterns = [
    path("", views.index, name="index"),
    path("check/", views.check, name="check"),
    path("api/check", views.check_api, name="check_api"),
    path("policy/", views.policy_page, name="policy"),
    path("acknowledgements/", views.acknowledgements, name="acknowledgements"),
    path("quiz/", views.quiz, name="quiz"),
    path("quiz/results/", views.quiz_results, name="quiz_results"),
    path("quiz/<uuid:attempt>/", views.quiz_result, name="quiz_result"),
    path("elections/", views.elections, name="elections"),
    path("elections/<int:pk>/delete/", views.election_delete, name="election_delete"),
    path("game/", views.game_index, name="game"),
    path("game/deck.pdf", views.game_deck, name="game_deck"),
    path("game/print/", views.game_print, name="game_print"),
    re_path(GAME_FILE, views.game_download, name="game_download"),
    path("game/<uuid:session>/", views.game_session, name="game_session"),
    path("game/<uuid:session>/join.svg", player_views.game_join_qr, name="game_join_qr"),
    path("game/<uuid:session>/play/<str:code>/", player_views.game_play, name="game_play"),
    path("game/<uuid:session>/deal/", views.game_deal, name="game_deal"),
    path("game/<uuid:session>/choices/", views.game_choices, name="game_choices"),
    path("game/<uuid:session>/end/", views.game_end, name="game_end"),
    path("game/<uuid:session>/guidelines/", views.game_guidelines, name="game_guidelines"),
    path("game/<uuid:session>/summary.<summaryfmt:fmt>", views.game_summary, name="game_summary"),
]
