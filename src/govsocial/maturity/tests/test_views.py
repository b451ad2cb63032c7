import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from govsocial.core.models import AuditEvent, Organisation
from govsocial.core.tests.factories import make_person
from govsocial.maturity import services
from govsocial.maturity.models import Assessment, Response

from .factories import all_answers, make_completed, scoping_urls

pytestmark = pytest.mark.django_db
THEME_1 = [q.id for q in services.content().themes[0].questions]


def test_a_member_answers_saves_as_they_go_and_submits(staff_client, staff, organisation):
    response = staff_client.post(reverse("maturity:start"))
    assessment = Assessment.objects.get(organisation=organisation)
    assert response["Location"] == reverse("maturity:theme", args=[assessment.pk, 1])
    page = staff_client.get(response["Location"]).content.decode()
    assert "Leadership and innovation" in page and "Don&#x27;t know" in page
    data = {qid: "2" for qid in THEME_1} | {THEME_1[0]: "dont_know", "action": "later"}
    assert staff_client.post(response["Location"], data)["Location"] == reverse("maturity:index")
    saved = Response.objects.get(assessment=assessment, respondent=staff).answers
    assert saved[THEME_1[0]] == "dont_know" and saved[THEME_1[1]] == 2
    # htmx saves on every change and answers with a status line
    partial = staff_client.post(response["Location"], {THEME_1[2]: "5"}, HTTP_HX_REQUEST="true")
    assert "Saved at" in partial.content.decode()
    assert Response.objects.get(assessment=assessment, respondent=staff).answers[THEME_1[2]] == 5
    review = staff_client.get(reverse("maturity:review", args=[assessment.pk])).content.decode()
    assert "10 of 50 questions answered" in review
    staff_client.post(reverse("maturity:review", args=[assessment.pk]))
    assert Response.objects.get(assessment=assessment, respondent=staff).submitted_at is not None
    # only the lead closes the round
    assert staff_client.post(reverse("maturity:complete", args=[assessment.pk])).status_code == 403


def test_two_respondents_combine_and_their_disagreement_is_listed(client, lead, organisation):
    colleague = make_person(organisation, role="editor", first_name="Kim", last_name="Jansen")
    assessment = make_completed(
        organisation,
        all_answers(2) | {"gov_register": 1},
        all_answers(2) | {"gov_register": 4},
        people=[lead, colleague],
        person=lead,
    )
    assert assessment.answers["gov_register"] == 2.5
    client.force_login(lead)
    page = client.get(reverse("maturity:disagreements", args=[assessment.pk])).content.decode()
    assert "How does your organisation keep track of its social media accounts?" in page
    assert "Kim Jansen" in page and "Nobody knows exactly how many accounts" in page
    assert "What money and time" not in page
    assert AuditEvent.objects.filter(
        organisation=organisation, action="maturity.completed"
    ).exists()


def test_scorecard_page_and_pdf_in_both_languages(lead_client, organisation, lead):
    import io

    from pypdf import PdfReader

    make_completed(organisation, all_answers(1), person=lead)
    assessment = make_completed(
        organisation, all_answers(3) | {"pol_policy": "dont_know"}, person=lead
    )
    page = lead_client.get(reverse("maturity:scorecard", args=[assessment.pk])).content.decode()
    for text in (
        "Stage 3 of 5: Professionalising",
        "<svg",
        "Score, stage and share of unknown answers per theme",
        "The numbers in this chart are in the table",
        "This peer group has 0.",
        "Progress per theme across assessments",
        'href="/policy/"',
    ):
        assert text in page, text
    assert "Is there a written social media policy for staff?" in page  # the don't-know finding
    for language, words in (("en", "Scores per theme"), ("nl", "Wat u niet weet")):
        pdf = lead_client.get(reverse("maturity:pdf", args=[assessment.pk]) + f"?lang={language}")
        assert pdf["Content-Type"] == "application/pdf"
        text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
        assert words in text


def test_upload_answers_file_into_an_open_round(lead_client, lead, organisation):
    assessment = services.start_round(organisation, lead)
    upload = SimpleUploadedFile(
        "a.yaml", services.answers_file(services.example_answers(), "en").encode()
    )
    response = lead_client.post(
        reverse("maturity:upload", args=[assessment.pk]), {"answers_file": upload}
    )
    assert response["Location"] == reverse("maturity:review", args=[assessment.pk])
    assert services.response_for(assessment, lead).answers == services.example_answers()
    bad = SimpleUploadedFile("a.yaml", b"answers:\n  lead_sponsor: 9\n")
    lead_client.post(reverse("maturity:upload", args=[assessment.pk]), {"answers_file": bad})
    assert services.response_for(assessment, lead).answers == services.example_answers()


def test_anonymous_test_result_lives_at_an_unguessable_link(client):
    response = client.post(reverse("maturity:anon_start"), {"action": "start"})
    assessment = Assessment.objects.get()
    assert assessment.organisation is None and len(assessment.token) >= 43
    assert response["Location"] == reverse("maturity:anon_theme", args=[assessment.token, 1])
    client.post(response["Location"], {qid: "4" for qid in THEME_1} | {"action": "next"})
    done = client.post(reverse("maturity:anon_review", args=[assessment.token]))
    assert done["Location"] == reverse("maturity:anon_scorecard", args=[assessment.token])
    page = client.get(done["Location"]).content.decode()
    assert "Keep this link." in page and assessment.token in page
    download = client.get(reverse("maturity:anon_answers_yaml", args=[assessment.token]))
    assert services.parse_answers_file(download.content) == {qid: 4 for qid in THEME_1}
    # anyone without the token gets nothing, and ids do not work
    assert client.get(reverse("maturity:anon_scorecard", args=["x" * 43])).status_code == 404
    assert (
        client.get(reverse("maturity:anon_scorecard", args=[str(assessment.pk)])).status_code == 404
    )
    assert (
        client.get(reverse("maturity:scorecard", args=[assessment.pk])).status_code == 302
    )  # sign in


def test_anonymous_upload_resumes_and_retake_keeps_the_old_result(client):
    upload = SimpleUploadedFile(
        "mine.json", services.answers_file({"lead_sponsor": 5}, "en", "json").encode()
    )
    response = client.post(
        reverse("maturity:anon_start"), {"action": "upload", "answers_file": upload}
    )
    first = Assessment.objects.get()
    assert response["Location"] == reverse("maturity:anon_review", args=[first.token])
    client.post(response["Location"])
    client.post(reverse("maturity:anon_retake", args=[first.token]))
    second = Assessment.objects.exclude(pk=first.pk).get()
    assert second.token != first.token
    assert services.anonymous_response(second).answers == {"lead_sponsor": 5}
    bad = SimpleUploadedFile("x.yaml", b"answers:\n  gov_access: 0\n")
    page = client.post(reverse("maturity:anon_start"), {"action": "upload", "answers_file": bad})
    assert page.status_code == 400 and "gov_access" in page.content.decode()


def test_tokens_are_random_and_not_sequential():
    tokens = {services.start_anonymous("en").token for _ in range(20)}
    assert len(tokens) == 20
    assert all(len(t) >= 43 for t in tokens)


def test_another_organisation_gets_404_for_every_maturity_url(client, organisation, other_lead):
    urls = scoping_urls(organisation)
    client.force_login(other_lead)
    for url in urls:
        assert client.get(url).status_code in (403, 404), url
        assert client.post(url).status_code in (403, 404), url


def test_benchmark_set_of_another_organisation_is_not_used(
    lead_client, organisation, other_organisation, lead
):
    from .factories import make_benchmark_set

    theirs = make_benchmark_set(other_organisation)
    assessment = make_completed(organisation, all_answers(3), person=lead)
    page = lead_client.get(
        reverse("maturity:scorecard", args=[assessment.pk]) + f"?compare=set-{theirs.pk}"
    )
    assert "Test set" not in page.content.decode()


def test_dashboard_panel_and_latest_result(lead_client, organisation, lead):
    assert services.latest_result(organisation) is None
    make_completed(organisation, all_answers(5), person=lead)
    assert services.latest_result(organisation)["overall"]["stage"] == 5
    assert "Networked organisation" in lead_client.get("/").content.decode()


def test_demo_seed_is_idempotent_and_labels_the_synthetic_peers(organisation, lead, lead_client):
    from govsocial.maturity import demo
    from govsocial.maturity.models import BenchmarkSet

    demo.seed(organisation)
    demo.seed(organisation)
    assert Assessment.objects.filter(organisation=organisation, status="completed").count() == 2
    latest = Assessment.objects.get(organisation=organisation, is_latest=True)
    assert latest.respondent_count == 2
    assert services.disagreement_list(latest, "en")
    # The synthetic peers are aggregates only: no made-up organisation joins the real
    # benchmark of this installation, which says why it has nothing to show.
    assert list(Organisation.objects.all()) == [organisation]
    assert services.benchmark(organisation, "all")["available"] is False
    [synthetic] = BenchmarkSet.objects.filter(organisation=organisation)
    assert "demo data, not real organisations" in synthetic.label
    # The scorecard compares with the labelled synthetic set by default.
    page = lead_client.get(reverse("maturity:scorecard", args=[latest.pk])).content.decode()
    assert "Synthetic peer set (demo data, not real organisations)" in page
    assert "Synthetische vergelijkingsgroep" not in page  # each page in one language
    assert "48 made-up organisations, not real results" in page
    assert "Middle half of organisations" in page


def test_demo_command_runs(organisation):
    call_command("demo")
    call_command("demo")
    assert not Organisation.objects.filter(slug__startswith="synthetic").exists()
