"""The optional sentiment model from a local folder: a tiny BERT that this module
makes and saves with save_pretrained, loaded by the real code, on the pages, in
the report and in `govsocial insights evaluate --method model`; bad folders give
a message in English and Dutch; nothing reaches for the network."""

import json
import os
import shutil
import socket
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from govsocial.archive.importers.base import PUBLIC, REPLY
from govsocial.archive.tests.factories import archive_records, record
from govsocial.insights import services
from govsocial.insights.services import methods, model, sentiment
from govsocial.insights.services.report import month_report, render_report
from govsocial.insights.tests.factories import MONDAY, make_month

POSITIVE_WORDS = ("good", "great", "thanks", "goed", "bedankt", "top")
NEGATIVE_WORDS = ("bad", "awful", "slow", "late", "slecht", "traag", "laat")
OTHER_WORDS = ("the", "service", "is", "bus", "was", "again", "open")
OTHER_WORDS += ("de", "dienst", "weer", "te", "geregeld")
SPECIAL = ("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]")
THREE_LABELS = {0: "negative", 1: "neutral", 2: "positive"}
HIDDEN = 16
MARCH = services.Month(2025, 3)
LATER = datetime(2025, 6, 1, tzinfo=UTC)


def build_tiny_model(folder: Path) -> Path:
    """A BERT of one layer whose answer is known: the sign of (positive words −
    negative words). Each sentiment word's embedding is +1 or −1 in dimension 0 and
    every other weight that would mix dimensions is zero or the identity; attention
    is uniform (zero query and key), so [CLS] reads the mean of the words, and the
    classifier turns that dimension's sign into negative, neutral or positive."""
    import torch
    import transformers
    from transformers import BertConfig, BertForSequenceClassification, BertTokenizerFast

    transformers.logging.disable_progress_bar()  # "Writing model shards" on standard error

    vocab = [*SPECIAL, *POSITIVE_WORDS, *NEGATIVE_WORDS, *OTHER_WORDS]
    vocab_file = folder.parent / f"{folder.name}-vocab.txt"
    vocab_file.write_text("\n".join(vocab) + "\n", encoding="utf-8")
    tokenizer = BertTokenizerFast(str(vocab_file), do_lower_case=True, model_max_length=64)
    config = BertConfig(
        vocab_size=len(vocab),
        hidden_size=HIDDEN,
        num_hidden_layers=1,
        num_attention_heads=2,
        intermediate_size=HIDDEN,
        max_position_embeddings=64,
        num_labels=3,
        id2label=THREE_LABELS,
        label2id={name: i for i, name in THREE_LABELS.items()},
        layer_norm_eps=1e-3,  # a (near) zero mean stays (near) zero: neutral
    )
    network = BertForSequenceClassification(config)
    identity = torch.eye(HIDDEN)
    with torch.no_grad():
        for parameter in network.parameters():
            parameter.zero_()
        embeddings = network.bert.embeddings
        for word in POSITIVE_WORDS + NEGATIVE_WORDS:
            value = 1.0 if word in POSITIVE_WORDS else -1.0
            embeddings.word_embeddings.weight[vocab.index(word), 0] = value
        layer = network.bert.encoder.layer[0]
        layer.attention.self.value.weight.copy_(identity)
        layer.attention.output.dense.weight.copy_(identity)
        network.bert.pooler.dense.weight.copy_(identity)
        for norm in (
            embeddings.LayerNorm,
            layer.attention.output.LayerNorm,
            layer.output.LayerNorm,
        ):
            norm.weight.fill_(1.0)
        network.classifier.weight[0, 0] = -5.0  # negative
        network.classifier.weight[2, 0] = 5.0  # positive
        network.classifier.bias[1] = 1.0  # neutral when the words cancel out
    network.save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder


@pytest.fixture(scope="module")
def tiny(tmp_path_factory) -> str:
    return str(build_tiny_model(tmp_path_factory.mktemp("models") / "tiny-sentiment"))


def _copy(tiny: str, to: Path, id2label: dict | None = None) -> str:
    """A fresh folder (never loaded in this process yet), optionally with other labels."""
    shutil.copytree(tiny, to)
    if id2label is not None:
        config = json.loads((to / "config.json").read_text())
        config["id2label"] = {str(k): v for k, v in id2label.items()}
        config["label2id"] = {v: k for k, v in id2label.items()}
        (to / "config.json").write_text(json.dumps(config))
    return str(to)


LABELLED = (
    "text,label,lang\n"
    '"good service, thanks",positive,en\n'
    "the bus was late again,negative,en\n"
    "the service is open,neutral,en\n"
    '"goed geregeld, bedankt",positive,nl\n'
    "de bus was weer te laat,negative,nl\n"
    "de dienst is open,neutral,nl\n"
)


def _labels(tmp_path) -> str:
    path = tmp_path / "labels.csv"
    path.write_text(LABELLED, encoding="utf-8")
    return str(path)


# The label rule, on config.json's id2label as models write it (no model needed).


@pytest.mark.parametrize(
    ("id2label", "labels"),
    [
        ({0: "NEGATIVE", 1: "POSITIVE"}, ("negative", "positive")),
        ({"0": "LABEL_0", "1": "LABEL_1", "2": "LABEL_2"}, ("negative", "neutral", "positive")),
        ({0: "LABEL_0", 1: "LABEL_1"}, ("negative", "positive")),
        ({0: "Neg", 1: "Neu", 2: "Pos"}, ("negative", "neutral", "positive")),
        ({0: "positief", 1: "negatief", 2: "neutraal"}, ("positive", "negative", "neutral")),
        (
            {i: f"{i + 1} star{'s' if i else ''}" for i in range(5)},
            ("negative", "negative", "neutral", "positive", "positive"),
        ),
    ],
)
def test_common_label_names_are_read_as_positive_neutral_negative(id2label, labels):
    assert model.label_map(id2label) == labels


@pytest.mark.parametrize(
    "id2label",
    [
        {0: "joy", 1: "anger", 2: "sadness"},
        {i: f"LABEL_{i}" for i in range(4)},  # four unnamed labels: no known order
        {0: "LABEL_0", 1: "positive"},
        {0: "positive", 1: "neutral"},  # nothing can be negative
        {1: "negative", 2: "positive"},  # not numbered from 0
    ],
)
def test_labels_that_cannot_be_read_are_refused_with_their_names(id2label):
    with pytest.raises(model.ModelError, match="cannot read as positive") as refused:
        model.label_map(id2label, "/models/x")
    assert str(next(iter(id2label.values()))) in str(refused.value)


def test_a_model_without_a_neutral_label_says_neutral_unless_it_is_sure():
    two = ("negative", "positive")
    assert model.decide([0.3, 0.7], two)[0] == "neutral"
    assert model.decide([0.2, 0.8], two) == ("positive", pytest.approx(0.6))
    assert model.decide([0.9, 0.1], two)[0] == "negative"
    stars = ("negative", "negative", "neutral", "positive", "positive")
    assert model.decide([0.3, 0.3, 0.2, 0.1, 0.1], stars)[0] == "negative"  # 1 and 2 stars add up


# The tiny model, loaded by the real code.


def test_the_model_labels_each_comment_as_it_says(tiny):
    plan = methods.plan(methods.MODEL, tiny, strict=True)
    texts = ["the bus was late again", "good service, thanks", "the service is open",
             "de bus was weer te laat", "good bad"]  # fmt: skip
    found = methods.score_many(texts, methods=plan)
    assert [(s.language, s.label) for s in found] == [
        ("en", "negative"), ("en", "positive"), ("en", "neutral"),
        ("nl", "negative"), ("en", "neutral"),
    ]  # fmt: skip
    assert found[0].score < -0.9 and found[1].score > 0.9
    # The word lists read the first differently: the label above is the model's.
    assert sentiment.score(texts[0]).label == "neutral"
    assert model.load_model(tiny) is model.load_model(tiny)  # loaded once per process


def test_batches_give_the_same_labels_as_one_comment_at_a_time(tiny):
    loaded = model.load_model(tiny)
    texts = [
        " ".join(["good"] * (i % 3) + ["the", "service"] * (i % 7) + ["slow"] * (i % 4))
        for i in range(model.BATCH_SIZE + 9)
    ]
    loaded.cache.clear()
    together = loaded.predict(texts)
    loaded.cache.clear()
    alone = [loaded.predict([text])[0] for text in texts]
    assert [label for label, _ in together] == [label for label, _ in alone]
    assert [v for _, v in together] == pytest.approx([v for _, v in alone], abs=1e-5)
    assert {label for label, _ in together} == {"positive", "neutral", "negative"}


def test_nothing_reaches_for_the_network(tiny, tmp_path, monkeypatch):
    tried = []

    def refuse(*args, **kwargs):
        tried.append(args)
        raise OSError("no network in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    fresh = _copy(tiny, tmp_path / "fresh")
    ((label, value),) = model.load_model(fresh).predict(["great service"])
    assert label == "positive" and value > 0.9
    with pytest.raises(model.ModelError, match="does not exist"):
        model.load_model("cardiffnlp/twitter-xlm-roberta-base-sentiment")  # a hub name
    assert tried == [] and os.environ["HF_HUB_OFFLINE"] == "1"


# On the command line.


def test_evaluate_compares_the_model_with_the_word_lists(tiny, tmp_path, capsys):
    labels = _labels(tmp_path)
    call_command("insights", "evaluate", "--labels", labels, "--model", tiny, "--format", "json")
    by_model = {r["language"]: r for r in json.loads(capsys.readouterr().out)["languages"]}
    assert by_model["en"]["method"] == "model" and by_model["en"]["model"] == tiny
    assert (by_model["en"]["accuracy"], by_model["en"]["macro_f1"]) == (1.0, 1.0)
    assert by_model["nl"]["accuracy"] == 1.0 and by_model["nl"]["count"] == 3
    call_command("insights", "evaluate", "--labels", labels, "--method", "lexicon",
                 "--format", "json")  # fmt: skip
    by_words = {r["language"]: r for r in json.loads(capsys.readouterr().out)["languages"]}
    assert by_words["en"]["method"] == "lexicon" and by_words["en"]["accuracy"] < 1.0
    call_command("insights", "evaluate", "--labels", labels, "--model", tiny)
    out = capsys.readouterr().out
    assert (
        "English: 3 comments, accuracy 100.0 %, macro-F1 1.000, with the model “tiny-sentiment”"
        in out
    )


def test_evaluate_uses_the_configured_model_for_its_language(tiny, tmp_path, settings, capsys):
    settings.GOVSOCIAL_SENTIMENT_MODEL_NL = tiny
    call_command("insights", "evaluate", "--labels", _labels(tmp_path), "--lang", "nl")
    out = capsys.readouterr().out
    assert "Engels: 3 reacties" in out and "met de VADER-woordenlijst" in out
    assert (
        "Nederlands: 3 reacties, nauwkeurigheid 100.0%" in out
        and "met het model “tiny-sentiment”" in out
    )


def _broken(kind: str, tiny: str, tmp_path: Path, monkeypatch) -> str:
    if kind == "missing":
        return str(tmp_path / "not-there")
    if kind == "not_a_model":
        (tmp_path / "empty").mkdir()
        return str(tmp_path / "empty")
    if kind == "unreadable":
        folder = _copy(tiny, tmp_path / "no-weights")
        (Path(folder) / "model.safetensors").unlink()
        return folder
    if kind == "unmappable":
        return _copy(tiny, tmp_path / "emotions", {0: "joy", 1: "anger", 2: "fear"})
    monkeypatch.setitem(sys.modules, "transformers", None)  # as if not installed
    return _copy(tiny, tmp_path / "without-transformers")


@pytest.mark.parametrize(
    ("kind", "english", "dutch"),
    [
        ("missing", "does not exist", "bestaat niet"),
        ("not_a_model", "has no config.json", "geen config.json"),
        ("unreadable", "cannot be read", "kan niet worden gelezen"),
        ("unmappable", "joy, anger, fear", "joy, anger, fear"),
        ("not_installed", "needs torch and transformers", "torch en transformers nodig"),
    ],
)
def test_a_bad_model_folder_stops_the_command_in_english_and_dutch(
    kind, english, dutch, tiny, tmp_path, monkeypatch
):
    folder = _broken(kind, tiny, tmp_path, monkeypatch)
    labels = _labels(tmp_path)
    for language, words in (("en", english), ("nl", dutch)):
        with pytest.raises(CommandError, match=words) as refused:
            call_command("insights", "evaluate", "--labels", labels, "--model", folder,
                         "--lang", language)  # fmt: skip
        assert refused.value.returncode == 2


def test_the_model_method_without_a_folder_is_refused(tmp_path, settings):
    settings.GOVSOCIAL_SENTIMENT_MODEL = ""
    settings.GOVSOCIAL_SENTIMENT_MODEL_EN = settings.GOVSOCIAL_SENTIMENT_MODEL_NL = ""
    with pytest.raises(CommandError, match="Er is geen map") as refused:
        call_command("insights", "evaluate", "--labels", _labels(tmp_path), "--method", "model",
                     "--lang", "nl")  # fmt: skip
    assert refused.value.returncode == 2


@pytest.mark.django_db
def test_the_report_command_stops_on_a_bad_configured_folder(organisation, tmp_path, settings):
    settings.GOVSOCIAL_SENTIMENT_MODEL_EN = str(tmp_path / "gone")
    make_month(organisation, threads=1)
    out = tmp_path / "report.html"
    with pytest.raises(CommandError, match="does not exist") as refused:
        call_command("insights", "report", "--org", organisation.slug, "--month", "2025-03",
                     "--format", "html", "--out", str(out))  # fmt: skip
    assert refused.value.returncode == 2 and not out.exists()


# On the pages and in the monthly report.


def _comments(organisation):  # type: ignore[no-untyped-def]
    channel = make_month(organisation, threads=0, name="Buslijn")
    archive_records(organisation, channel, [
        record(f"m{n}", text, kind=REPLY, author_kind=PUBLIC, thread_id="t",
               published_at=MONDAY + timedelta(minutes=n))
        for n, text in enumerate(["the bus was late again", "goed geregeld, bedankt"])
    ])  # fmt: skip
    return channel


@pytest.mark.django_db
def test_the_pages_and_the_report_say_the_model_found_the_sentiment(
    tiny, organisation, lead_client, settings
):
    settings.GOVSOCIAL_SENTIMENT_MODEL = tiny
    channel = _comments(organisation)
    html = lead_client.get(
        reverse("insights:comments", args=[channel.pk]), {"month": "2025-03"}
    ).content.decode()
    assert "Sentiment found with: English comments: the model “tiny-sentiment”" in html
    assert str(Path(tiny).parent) not in html  # the folder's name, not the server's path
    found = services.organisation_month(organisation, MARCH, now=LATER).mood
    assert {c.text: c.label for c in found.comments} == {
        "the bus was late again": "negative",  # the word lists say neutral
        "goed geregeld, bedankt": "positive",
    }
    index = lead_client.get(reverse("insights:index"), {"month": "2025-03"}).content.decode()
    assert "Dutch comments: the model “tiny-sentiment”" in index
    report = render_report(month_report(organisation, MARCH, "nl", now=LATER), "html", organisation)
    assert "Reacties in het Nederlands: het model “tiny-sentiment”" in report.decode()


@pytest.mark.django_db
def test_a_bad_folder_on_the_web_falls_back_to_the_word_lists_with_a_note(
    organisation, lead_client, client, lead, tmp_path, settings
):
    settings.GOVSOCIAL_SENTIMENT_MODEL = str(tmp_path / "gone")
    channel = _comments(organisation)
    url = reverse("insights:comments", args=[channel.pk])
    response = lead_client.get(url, {"month": "2025-03"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "so the word lists were used instead" in html and "“gone” does not exist" in html
    assert str(tmp_path) not in html
    assert "English comments: the VADER word list" in html
    index = lead_client.get(reverse("insights:index"), {"month": "2025-03"}).content.decode()
    assert "so the word lists were used instead" in index
    lead.language = "nl"
    lead.save()
    client.force_login(lead)
    dutch = client.get(url, {"month": "2025-03"}).content.decode()
    assert "daarom zijn de woordenlijsten gebruikt" in dutch
    report = month_report(organisation, MARCH, "en", now=LATER)
    assert (
        "so the word lists were used instead"
        in render_report(report, "html", organisation).decode()
    )
