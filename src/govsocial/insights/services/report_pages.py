"""The monthly report's parts, one A4 page each: the organisation's, then each channel's.

A part holds what a communications lead acts on: the actions, output and
conversation (with the heat map and its numbers), the response to the public
against the promise, the public's mood with examples, dormancy and the
completeness of the record. Every list on a part is capped and says how many
more there are, so a busy month keeps to its page. The HTML report is the PDF's
source and says the same; the full lists are on the insights pages, which the
capped lists point to. Build inside `translation.override(language)`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from govsocial.channels.services import platform_name
from govsocial.documents.model import Block, BulletList, Note, Paragraph, Section, Table

from .document import (
    heat_chart,
    last_capture,
    mood_blocks,
    number,
    overdue_blocks,
    percent,
    response_summary,
)
from .measures import Measures
from .methods import Plan, describe, problems
from .month import ChannelMonth, OrganisationMonth
from .responses import Question

ORGANISATION_OVERDUE_ROWS = 3
CHANNEL_OVERDUE_ROWS = 5
CHANNEL_ROWS = 8  # the organisation's table; each channel has its own page anyway
QUIET_NAMES = 3
TEXT_LIMIT = 90  # a question in one or two lines
EXAMPLE_LIMIT = 80  # a comment in two lines of half the page's width
NAME_LIMIT = 36
# The month is the report's: the day and the time say enough, on one line.
ASKED_FORMAT = "j\u00a0M\u00a0H:i"
ACTIVE = "active"
DORMANT = "dormant"

Record = Mapping[int, Mapping[str, Any]]  # archive completeness per channel id


def short_label(name: str, platform: str) -> str:
    """The channel's name with its platform; a long name loses words in its middle, not
    its end (one organisation's names often differ only there)."""
    words = name.split()
    flat = " ".join(words)
    if len(flat) > NAME_LIMIT:
        tail: list[str] = []
        while len(words) > 1 and len(" ".join([words[-1], *tail])) <= NAME_LIMIT * 2 // 5:
            tail.insert(0, words.pop())
        end = " ".join(tail) or flat[-(NAME_LIMIT * 2 // 5) :]
        head: list[str] = []
        room = NAME_LIMIT - len(end) - 3
        for word in words:
            if len(" ".join([*head, word])) > room:
                break
            head.append(word)
        start = " ".join(head).rstrip(",;:-") or flat[:room]
        flat = f"{start} … {end}"
    return f"{flat} ({platform_name(platform)})" if platform else flat


def names_and_more(names: Sequence[str], limit: int = QUIET_NAMES) -> str:
    """ "A, B, C and 2 more": a list of names that keeps to a line or two."""
    shown = ", ".join(names[:limit])
    if len(names) <= limit:
        return shown
    return _("%(names)s and %(count)s more") % {"names": shown, "count": number(len(names) - limit)}


def more_questions(count: int) -> Paragraph:
    return Paragraph(
        ngettext(
            "And %(count)s more question unanswered past the promise, on the insights page "
            "in GovSocial.",
            "And %(count)s more questions unanswered past the promise, on the insights page "
            "in GovSocial.",
            count,
        )
        % {"count": number(count)}
    )


def overdue_part(
    month: OrganisationMonth, questions: tuple[Question, ...], limit: int, *, with_channel: bool
) -> list[Block]:
    return overdue_blocks(
        month,
        questions,
        limit,
        with_channel=with_channel,
        caption=_("Questions unanswered past the promise, the oldest first"),
        more=more_questions,
        text_limit=TEXT_LIMIT,
        names={c.channel_id: short_label(c.name, c.platform) for c in month.channels},
        moment=ASKED_FORMAT,
    )


# --- dormancy and actions ----------------------------------------------------------


def quiet_channels(month: OrganisationMonth) -> list[str]:
    """Active channels of the register on which the organisation published nothing this month."""
    busy = {c.channel_id for c in month.channels if c.measures.last_published is not None}
    return [
        short_label(c.name, c.platform)
        for c in month.register
        if c.status == ACTIVE and c.id not in busy
    ]


def dormant_channels(month: OrganisationMonth) -> list[str]:
    return [short_label(c.name, c.platform) for c in month.register if c.status == DORMANT]


def answer_action(overdue: int) -> str:
    return ngettext(
        "Answer %(count)s question unanswered past the promise.",
        "Answer %(count)s questions unanswered past the promise.",
        overdue,
    ) % {"count": number(overdue)}


def organisation_actions(month: OrganisationMonth, record: Record) -> list[str]:
    actions = []
    if not month.has_policy:
        actions.append(
            _("Publish the policy: until then the suggested answers stand in for its promise.")
        )
    if overdue := len(month.responses.overdue):
        actions.append(answer_action(overdue))
    if quiet := len(quiet_channels(month)):
        actions.append(
            ngettext(
                "Publish on %(count)s active channel that was quiet this month, or mark it "
                "dormant in the register.",
                "Publish on %(count)s active channels that were quiet this month, or mark them "
                "dormant in the register.",
                quiet,
            )
            % {"count": number(quiet)}
        )
    if awake := sum(1 for c in month.channels if c.status == DORMANT and c.measures.last_published):
        actions.append(
            ngettext(
                "Activate %(count)s channel in the register: it is marked dormant, but the "
                "organisation published on it this month.",
                "Activate %(count)s channels in the register: they are marked dormant, but the "
                "organisation published on them this month.",
                awake,
            )
            % {"count": number(awake)}
        )
    if stale := sum(1 for facts in record.values() if facts.get("stale")):
        actions.append(
            ngettext(
                "Import a new export for %(count)s channel whose archive is out of date.",
                "Import new exports for %(count)s channels whose archives are out of date.",
                stale,
            )
            % {"count": number(stale)}
        )
    return actions


def channel_actions(channel: ChannelMonth, facts: Mapping[str, Any] | None) -> list[str]:
    actions = []
    if overdue := len(channel.responses.overdue):
        actions.append(answer_action(overdue))
    if channel.status == ACTIVE and channel.measures.last_published is None:
        actions.append(
            _(
                "The organisation published nothing here this month: publish, or mark the "
                "channel dormant in the register."
            )
        )
    if channel.status == DORMANT and channel.measures.last_published is not None:
        actions.append(
            _(
                "Activate the channel in the register: it is marked dormant, but the "
                "organisation published on it this month."
            )
        )
    if not facts:
        actions.append(_("Import an export: the archive has no capture of this channel."))
    elif facts.get("stale"):
        actions.append(_("Import a new export: the archive of this channel is out of date."))
    return actions


def actions_section(actions: list[str]) -> Section:
    blocks: list[Block] = (
        [BulletList(actions)] if actions else [Paragraph(_("Nothing needs doing this month."))]
    )
    return Section(_("Actions"), blocks, id="actions")


# --- the organisation's page ---------------------------------------------------------


def _busiest(month: OrganisationMonth, limit: int) -> list[ChannelMonth]:
    """The channels with the most output and conversation, in the report's order."""
    if len(month.channels) <= limit:
        return list(month.channels)

    def activity(c: ChannelMonth) -> int:
        return c.measures.output + c.measures.comments_received + c.responses.asked

    kept = {c.channel_id for c in sorted(month.channels, key=activity, reverse=True)[:limit]}
    return [c for c in month.channels if c.channel_id in kept]


def overview_table(month: OrganisationMonth, limit: int = CHANNEL_ROWS) -> list[Block]:
    """Output, conversation and response per channel in one table: the page has room for one."""
    header = [
        _("Channel"),
        _("Posts"),
        _("Replies"),
        _("Comments received"),
        _("Engagement per post"),
        _("Broadcasts"),
        _("Questions"),
        _("Within the promise"),
        _("Median staffed hours"),
    ]

    def row(name: str, m: Measures, c: ChannelMonth | None) -> list[str]:
        r = c.responses if c is not None else month.responses
        return [
            name,
            number(m.posts),
            number(m.replies),
            number(m.comments_received),
            number(m.engagement_rate),
            percent(m.broadcast_share),
            number(r.asked),
            percent(r.within_share),
            number(r.median_staffed_hours),
        ]

    shown = _busiest(month, limit)
    rows = [row(short_label(c.name, c.platform), c.measures, c) for c in shown]
    rows.append(row(_("All channels"), month.measures, None))
    blocks: list[Block] = [Table(header, rows, numeric=True)]  # the heading above names it
    if hidden := len(month.channels) - len(shown):
        blocks.append(
            Paragraph(
                ngettext(
                    "And %(count)s more channel with less activity, on its own page.",
                    "And %(count)s more channels with less activity, each on its own page.",
                    hidden,
                )
                % {"count": number(hidden)}
            )
        )
    return blocks


def dormancy_blocks(month: OrganisationMonth) -> list[Block]:
    quiet, dormant = quiet_channels(month), dormant_channels(month)
    blocks: list[Block] = [
        Paragraph(
            _("Active channels on which the organisation published nothing this month: %(names)s.")
            % {"names": names_and_more(quiet)}
            if quiet
            else _("The organisation published on every active channel this month.")
        )
    ]
    if dormant:
        blocks.append(
            Paragraph(
                _("Marked dormant in the register: %(names)s.") % {"names": names_and_more(dormant)}
            )
        )
    return blocks


def how_counted_note(methods: Plan) -> Note:
    text = _(
        "How these figures are counted: questions by the rules on the insights page; an "
        "answer is the organisation's first reply in the same thread or conversation; staffed "
        "hours count only the policy's staffed days and hours, without public holidays; "
        "sentiment by the method for the comment's language, or a person's correction. "
        "%(methods)s"
    ) % {"methods": describe(methods)}
    return Note(" ".join([text, *problems(methods)]))


def organisation_page(month: OrganisationMonth, record: Record) -> Section:
    return Section(
        _("All channels"),
        [
            actions_section(organisation_actions(month, record)),
            Section(
                _("The channels this month"),
                [*overview_table(month), heat_chart(month.measures)],
                id="organisation-output",
            ),
            Section(
                _("Response to the public"),
                [
                    *response_summary(month, month.responses),
                    *overdue_part(
                        month,
                        month.responses.overdue,
                        ORGANISATION_OVERDUE_ROWS,
                        with_channel=True,
                    ),
                ],
                id="organisation-response",
            ),
            Section(
                _("The public's mood"),
                mood_blocks(month.mood, EXAMPLE_LIMIT, short=True),
                id="organisation-mood",
                half=True,
            ),
            Section(
                _("Quiet and dormant channels"),
                dormancy_blocks(month),
                id="organisation-dormancy",
                half=True,
            ),
            how_counted_note(month.mood.methods),
        ],
        id="organisation",
    )


# --- a channel's page ------------------------------------------------------------------


def key_figures(m: Measures) -> Table:
    """The channel's measures side by side in one row: a table of two rows, not nine."""
    figures = [
        (_("Posts"), number(m.posts)),
        (_("Replies"), number(m.replies)),
        (_("Reposts"), number(m.reposts)),
        (_("Comments received"), number(m.comments_received)),
        (_("Direct messages received"), number(m.messages_received)),
        (_("Engagement"), number(m.engagement) if m.engagement is not None else "–"),
        (_("Engagement per post"), number(m.engagement_rate)),
        (_("Broadcasts"), percent(m.broadcast_share)),
    ]
    return Table(
        [label for label, _value in figures],
        [[value for _label, value in figures]],
        caption=_("Output and conversation this month"),
    )


def activity_blocks(
    month: OrganisationMonth, channel: ChannelMonth, facts: Mapping[str, Any] | None
) -> list[Block]:
    last = channel.measures.last_published
    activity = (
        _("Last post, reply or repost by the organisation: %(when)s.")
        % {"when": formats.date_format(last.astimezone(month.zone), "SHORT_DATETIME_FORMAT")}
        if last
        else _("The organisation published nothing on this channel this month.")
    )
    if channel.status == DORMANT:
        activity += " " + _("The register marks this channel as dormant.")
    blocks: list[Block] = [Paragraph(activity)]
    if facts:
        blocks.append(
            Paragraph(
                _(
                    "Archive: last capture %(when)s; %(gaps)s gaps of a month or more without "
                    "items (the longest %(days)s days); %(deleted)s items deleted on the platform."
                )
                % {
                    "when": last_capture(month, facts),
                    "gaps": number(facts.get("gaps", 0)),
                    "days": number(facts.get("longest_gap_days", 0)),
                    "deleted": number(facts.get("deleted", 0)),
                }
            )
        )
    else:
        blocks.append(Paragraph(_("The archive has no capture of this channel.")))
    return blocks


def channel_page(
    month: OrganisationMonth, channel: ChannelMonth, facts: Mapping[str, Any] | None
) -> Section:
    return Section(
        channel.label,
        [
            actions_section(channel_actions(channel, facts)),
            Section(
                _("Output and conversation"),
                [key_figures(channel.measures), heat_chart(channel.measures)],
                id="output",
            ),
            Section(
                _("Response to the public"),
                [
                    *response_summary(month, channel.responses),
                    *overdue_part(
                        month, channel.responses.overdue, CHANNEL_OVERDUE_ROWS, with_channel=False
                    ),
                ],
                id="response",
            ),
            Section(
                _("The public's mood"),
                mood_blocks(channel.mood, EXAMPLE_LIMIT, short=True),
                id="mood",
                half=True,
            ),
            Section(
                _("Activity and completeness of the record"),
                activity_blocks(month, channel, facts),
                id="record",
                half=True,
            ),
        ],
        id=f"channel-{channel.channel_id}",
        new_page=True,
    )
