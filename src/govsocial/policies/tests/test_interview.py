"""The way through the interview: next, previous, resume, and pages branching hides."""

import dataclasses

import pytest
from django.urls import reverse

from govsocial.policies import content, services
from govsocial.policies.models import Interview
from govsocial.policies.tests.factories import post_page

PAGES = ["before", "responsiveness", "publishing", "accounts", "governance"]


def test_the_shipped_pages_in_order_then_the_review():
    place = services.place("before", {})
    assert (place.number, place.count, place.previous_page, place.next_page) == (
        1,
        6,
        None,
        "responsiveness",
    )
    last = services.place("governance", {})
    assert last.is_last and last.previous_page == "accounts" and last.number == 5
    assert last.next_url() == reverse("policies:review")
    assert services.place("publishing", {}).next_url(from_review=True) == reverse("policies:review")
    assert services.place("before", {}).back_url() == reverse("policies:index")
    assert [s["id"] for s in services.steps("accounts", {}, "en")] == [*PAGES, "review"]


def test_resume_goes_to_the_page_after_the_last_saved_or_to_the_review():
    assert services.resume_page(None) == "before"
    assert services.resume_page(Interview(answers={}, last_page="publishing")) == "accounts"
    assert services.resume_page(Interview(answers={}, last_page="governance")) == "review"
    assert services.resume_page(Interview(answers={}, last_page="gone")) == "before"
    complete = Interview(answers=services.example_answers(), last_page="before")
    assert services.resume_page(complete) == "review"


@pytest.fixture
def moderation_page(monkeypatch):
    """The shipped content with moderation on a page of its own, after publishing."""
    real = content.load()
    pages = []
    for page in real.pages:
        if page.id == "publishing":
            ids = tuple(q for q in page.question_ids if q != "moderation")
            pages.append(dataclasses.replace(page, question_ids=ids))
            pages.append(dataclasses.replace(page, id="moderation", question_ids=("moderation",)))
        else:
            pages.append(page)
    changed = dataclasses.replace(real, pages=tuple(pages))
    monkeypatch.setattr(content, "load", lambda: changed)
    return changed


def test_a_page_whose_questions_are_all_skipped_is_left_out(moderation_page):
    closed = {"comments_open": False}
    assert [p.id for p in services.interview_pages(closed)] == PAGES
    assert services.place("publishing", closed).next_page == "accounts"
    assert services.place("accounts", closed).previous_page == "publishing"
    assert services.place("accounts", closed).count == 6
    assert "moderation" not in [s["id"] for s in services.steps("accounts", closed, "en")]
    resumed = Interview(answers={"goals": ["crisis"], **closed}, last_page="publishing")
    assert services.resume_page(resumed) == "accounts"
    sections, _missing = services.review_sections(closed, "en")
    assert "moderation" not in [s["id"] for s in sections]

    opened = {"comments_open": True}
    assert services.place("publishing", opened).next_page == "moderation"
    assert services.place("accounts", opened).previous_page == "moderation"
    assert services.place("accounts", opened).count == 7
    # Opened directly, a hidden page still knows its place.
    assert services.place("moderation", closed).next_page == "accounts"


@pytest.mark.django_db
def test_saving_a_page_follows_the_new_answers(moderation_page, lead_client, organisation):
    def post(comments_open):
        data = {"page": "publishing", "action": "next"}
        example = services.example_answers()
        for qid in ("posting_window", "check_officers"):
            data[qid] = example[qid]
        data["comments_open"] = "yes" if comments_open else "no"
        return post_page(lead_client, "publishing", data)

    assert post(False)["Location"] == reverse("policies:page", args=["accounts"])
    assert post(True)["Location"] == reverse("policies:page", args=["moderation"])
