"""The month as a `Document`: the insights page embeds it, the monthly report
renders it to HTML and PDF. Build it inside `translation.override(language)`."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.utils import formats
from django.utils.text import capfirst
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from govsocial.documents.heatmap import heat_map
from govsocial.documents.model import Block, BulletList, Chart, Paragraph, Section, Table

from ..content import question_rules
from .measures import Measures
from .methods import Plan, describe, problems
from .month import ChannelMonth, OrganisationMonth
from .mood import NEGATIVE, POSITIVE, Mood
from .responses import Question, Responses

MAX_OVERDUE_ROWS = 20
EXCERPT = 140


def number(value: float | int | None, digits: int = 1) -> str:
    if value is None:
        return "–"
    if isinstance(value, int) or float(value).is_integer():
        return formats.number_format(int(value), 0, use_l10n=True, force_grouping=True)
    return formats.number_format(round(value, digits), digits, use_l10n=True)


def percent(value: float | None) -> str:
    return "–" if value is None else _("%(value)s %%") % {"value": number(round(value))}


def promise_words(month: OrganisationMonth) -> str:
    terms = month.terms
    amount_text, _sep, unit = terms.promise_text.partition(" ")
    if not amount_text.isdigit():
        return _("no promise")
    amount = int(amount_text)
    if unit.startswith("working"):
        return ngettext("%(n)s working day", "%(n)s working days", amount) % {"n": amount}
    return ngettext("%(n)s hour", "%(n)s hours", amount) % {"n": amount}


def month_label(month: OrganisationMonth) -> str:
    from datetime import date

    return formats.date_format(date(month.month.year, month.month.month, 1), "YEAR_MONTH_FORMAT")


def excerpt(text: str, limit: int = EXCERPT) -> str:
    flat = " ".join((text or "").split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


# --- output and conversation -------------------------------------------------------


def measure_rows(m: Measures) -> list[list[str]]:
    rows = [
        [_("Posts"), number(m.posts)],
        [_("Replies and comments by the organisation"), number(m.replies)],
        [_("Reposts"), number(m.reposts)],
        [_("Comments received from the public"), number(m.comments_received)],
        [_("Direct messages received"), number(m.messages_received)],
        [_("Engagement (likes, reposts and replies on posts)"), number(m.engagement)],
        [_("Engagement per post"), number(m.engagement_rate)],
        [_("Broadcasts (posts and reposts) of all output"), percent(m.broadcast_share)],
    ]
    if m.engagement is None:  # the export gives no counts: say so once, not in three rows
        rows = [row for row in rows if row[1] != "–"]
        rows.append([_("Engagement"), _("not in this export")])
    return rows


def channels_table(month: OrganisationMonth) -> Table:
    header = [
        _("Channel"),
        _("Posts"),
        _("Replies"),
        _("Reposts"),
        _("Comments received"),
        _("Engagement per post"),
        _("Broadcasts"),
    ]

    def row(name: str, m: Measures) -> list[str]:
        return [
            name,
            number(m.posts),
            number(m.replies),
            number(m.reposts),
            number(m.comments_received),
            number(m.engagement_rate),
            percent(m.broadcast_share),
        ]

    rows = [row(c.label, c.measures) for c in month.channels]
    rows.append(row(_("All channels"), month.measures))
    return Table(header=header, rows=rows, caption=_("Output and conversation per channel"))


def heat_chart(m: Measures) -> Chart:
    return heat_map(m.posting, m.reactions, _("When the organisation posts and the public reacts"))


# --- response to the public --------------------------------------------------------


def response_summary(month: OrganisationMonth, r: Responses) -> list[Block]:
    terms = month.terms
    promise = promise_words(month)
    if not month.has_policy:
        basis = _(
            "There is no published policy yet, so the suggested answers stand in: "
            "answers within %(promise)s, counted in staffed hours."
        ) % {"promise": promise}
    elif terms.around_the_clock:
        basis = _("The policy promises an answer within %(promise)s, around the clock.") % {
            "promise": promise
        }
    else:
        basis = _(
            "The policy promises an answer within %(promise)s, counted in staffed hours "
            "(%(hours)s staffed hours a day; public holidays do not count)."
        ) % {"promise": promise, "hours": number(terms.hours_per_day)}
    paragraphs: list[Block] = [Paragraph(basis)]
    if not r.asked:
        paragraphs.append(Paragraph(_("The public asked no questions this month.")))
        return paragraphs
    working_days = (
        r.median_staffed_hours / terms.hours_per_day
        if r.median_staffed_hours is not None and terms.hours_per_day and not terms.around_the_clock
        else None
    )
    paragraphs.append(
        Paragraph(
            _(
                "%(asked)s questions, %(answered)s answered. Median time to answer: "
                "%(staffed)s staffed hours (%(days)s working days), %(calendar)s hours on the "
                "clock. Answered within the promise: %(within)s."
            )
            % {
                "asked": number(r.asked),
                "answered": number(len(r.answered)),
                "staffed": number(r.median_staffed_hours),
                "days": number(working_days),
                "calendar": number(r.median_calendar_hours),
                "within": percent(r.within_share),
            },
            emphasis=True,
        )
    )
    return paragraphs


def responses_table(month: OrganisationMonth) -> Table:
    header = [
        _("Channel"),
        _("Questions"),
        _("Answered"),
        _("Median staffed hours"),
        _("Median clock hours"),
        _("Within the promise"),
    ]

    def row(name: str, r: Responses) -> list[str]:
        return [
            name,
            number(r.asked),
            number(len(r.answered)),
            number(r.median_staffed_hours),
            number(r.median_calendar_hours),
            percent(r.within_share),
        ]

    rows = [row(c.label, c.responses) for c in month.channels if c.responses.asked]
    rows.append(row(_("All channels"), month.responses))
    return Table(header=header, rows=rows, caption=_("Response to the public per channel"))


def overdue_table(
    month: OrganisationMonth,
    questions: tuple[Question, ...],
    limit: int,
    *,
    with_channel: bool = True,
    caption: str = "",
    text_limit: int = EXCERPT,
    names: Mapping[int, str] | None = None,
    moment: str = "SHORT_DATETIME_FORMAT",
) -> Table:
    """The first `limit` questions unanswered past the promise, the oldest first."""
    names = names or {c.channel_id: c.label for c in month.channels}
    rows = [
        [
            formats.date_format(q.asked_at.astimezone(month.zone), moment),
            *([names.get(q.channel_id, "")] if with_channel else []),
            excerpt(q.text, text_limit),
            number(q.staffed_hours),
        ]
        for q in questions[:limit]
    ]
    header = [_("Asked"), _("Channel"), _("Question"), _("Staffed hours waiting")]
    return Table(
        header=header if with_channel else [h for h in header if h != _("Channel")],
        rows=rows,
        caption=caption,
    )


def overdue_blocks(
    month: OrganisationMonth,
    questions: tuple[Question, ...],
    limit: int = MAX_OVERDUE_ROWS,
    *,
    with_channel: bool = True,
    caption: str | None = None,
    more: Callable[[int], Paragraph] | None = None,
    **table: Any,
) -> list[Block]:
    """The overdue questions' table (`table`: overdue_table's options) and how many more."""
    if not questions:
        return [Paragraph(_("No question is unanswered past the promise."))]
    if caption is None:
        # On a channel's page the heading above says it already.
        caption = _("Questions unanswered past the promise") if with_channel else ""
    blocks: list[Block] = [
        overdue_table(month, questions, limit, with_channel=with_channel, caption=caption, **table)
    ]
    if len(questions) > limit:
        blocks.append((more or _and_more)(len(questions) - limit))
    return blocks


def _and_more(count: int) -> Paragraph:
    return Paragraph(_("And %(count)s more.") % {"count": number(count)})


def label_names() -> dict[str, str]:
    return {"positive": _("positive"), "neutral": _("neutral"), "negative": _("negative")}


def method_blocks(methods: Plan, languages: tuple[str, ...] | None = None) -> list[Block]:
    """Which method found the sentiment, and why a configured model was not used."""
    if not methods:
        return []
    shown = languages or tuple(methods)
    return [
        Paragraph(_("Sentiment found with: %(methods)s") % {"methods": describe(methods, shown)}),
        *(Paragraph(note) for note in problems({k: methods[k] for k in shown if k in methods})),
    ]


def mood_blocks(mood: Mood, text_limit: int = EXCERPT, *, short: bool = False) -> list[Block]:
    """The month's comments by label and language, with the clearest positive and negative
    example (`short`: "Positive: “…”", for the report's half-page column)."""
    if not mood.total:
        return [Paragraph(_("No comments from the public this month."))]
    names = label_names()
    blocks: list[Block] = [
        Paragraph(
            _(
                "%(total)s comments: %(positive)s positive, %(neutral)s neutral, "
                "%(negative)s negative."
            )
            % {
                "total": number(mood.total),
                "positive": percent(mood.share("positive")),
                "neutral": percent(mood.share("neutral")),
                "negative": percent(mood.share("negative")),
            }
        ),
        Table(
            header=[_("Language"), names["positive"], names["neutral"], names["negative"]],
            rows=[
                [{"en": _("English"), "nl": _("Dutch")}[language], *map(number, counts.values())]
                for language, counts in mood.counts.items()
                if sum(counts.values())
            ],
            numeric=True,
        ),
    ]
    example = (
        _("%(label)s: “%(text)s”") if short else _("Example of a %(label)s comment: “%(text)s”")
    )
    examples = [
        example
        % {
            "label": capfirst(names[label]) if short else names[label],
            "text": excerpt(found.text, text_limit),
        }
        for label in (POSITIVE, NEGATIVE)
        if (found := mood.example(label)) is not None
    ]
    if examples:
        blocks.append(BulletList(examples))
    if short:  # the report names the methods once, in its note on how figures are counted
        return blocks
    present = tuple(lang for lang, counts in mood.counts.items() if sum(counts.values()))
    return blocks + method_blocks(mood.methods, present)


def how_counted(methods: Plan) -> Section:
    rules = [rule.explain.get(get_language()) for rule in question_rules()]
    return Section(
        _("How these figures are counted"),
        [
            Paragraph(
                _(
                    "A comment or message from the public counts as a question when one of "
                    "these rules applies:"
                )
            ),
            BulletList(rules),
            Paragraph(
                _(
                    "An answer is the organisation's first reply after the question that replies "
                    "to it, or that sits in the same conversation without replying to someone "
                    "else. Staffed hours count only the policy's staffed days and hours, without "
                    "public holidays; clock hours count every hour."
                )
            ),
            Paragraph(
                _(
                    "Sentiment: the language of each comment is detected (English or Dutch) "
                    "and the comment scored with the method for its language. %(methods)s "
                    "A label a person corrected counts instead."
                )
                % {"methods": describe(methods)}
            ),
        ],
        id="how-counted",
    )


def organisation_sections(month: OrganisationMonth) -> list[Section]:
    """The organisation's month on the insights page (the report has its own, shorter page)."""
    return [
        Section(
            _("Output and conversation"),
            [channels_table(month), heat_chart(month.measures)],
            id="output",
        ),
        Section(
            _("Response to the public"),
            [*response_summary(month, month.responses), responses_table(month)],
            id="response",
        ),
        Section(
            _("Questions unanswered past the promise"),
            overdue_blocks(month, month.responses.overdue),
            id="overdue",
        ),
        Section(_("The public's mood"), mood_blocks(month.mood), id="mood"),
        how_counted(month.mood.methods),
    ]


def last_capture(month: OrganisationMonth, facts: Mapping[str, Any]) -> str:
    last = facts.get("last_capture")
    if not last:
        return _("never")
    return formats.date_format(last.astimezone(month.zone), "SHORT_DATETIME_FORMAT")


def completeness_rows(month: OrganisationMonth, facts: Mapping[str, Any]) -> list[list[str]]:
    """From the archive: when the channel was last captured and its gaps in time."""
    return [
        [_("Last capture"), last_capture(month, facts)],
        [_("Gaps of a month or more without items"), number(facts.get("gaps", 0))],
        [_("Longest gap in days"), number(facts.get("longest_gap_days", 0))],
        [_("Items deleted on the platform"), number(facts.get("deleted", 0))],
    ]


def completeness_blocks(month: OrganisationMonth, facts: Mapping[str, Any] | None) -> list[Block]:
    if not facts:
        return [Paragraph(_("The archive has no capture of this channel."))]
    blocks: list[Block] = [Table([_("Measure"), _("Value")], completeness_rows(month, facts))]
    if facts.get("stale"):
        blocks.append(
            Paragraph(_("The archive of this channel is out of date: import a new export."))
        )
    return blocks


def channel_sections(
    month: OrganisationMonth,
    channel: ChannelMonth,
    *,
    completeness: Mapping[str, Any] | None = None,
) -> list[Section]:
    """The channel's month on the insights page."""
    output: list[Block] = [
        Table([_("Measure"), _("Value")], measure_rows(channel.measures)),
        heat_chart(channel.measures),
    ]
    return [
        Section(_("Output and conversation"), output, id="output"),
        Section(
            _("Response to the public"), response_summary(month, channel.responses), id="response"
        ),
        Section(
            _("Questions unanswered past the promise"),
            overdue_blocks(month, channel.responses.overdue, with_channel=False),
            id="overdue",
        ),
        Section(_("The public's mood"), mood_blocks(channel.mood), id="mood"),
        Section(
            _("Completeness of the record"),
            completeness_blocks(month, completeness),
            id="completeness",
        ),
        how_counted(month.mood.methods),
    ]
