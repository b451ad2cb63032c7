"""The channel register's audit actions as sentences (see core registry.register_audit_texts)."""

from django.utils.translation import gettext_lazy as _

KINDS = {"channel": _("Channels")}

SENTENCES = {
    "channel.requested": _("Requested a channel"),
    "channel.updated": _("Changed a channel's details"),
    "channel.approved": _("Approved a channel"),
    "channel.rejected": _("Turned down a channel request"),
    "channel.activated": _("Made a channel active"),
    "channel.dormant": _("Marked a channel as dormant"),
    "channel.closed": _("Closed a channel"),
    "channel.custody_confirmed": _("Recorded who holds a channel's passwords"),
    "channel.activity_recorded": (_("Recorded activity on %(on)s"), _("Recorded activity")),
    "channel.report_received": (
        _("Received the monthly report for %(month)s"),
        _("Received a monthly report"),
    ),
    "channel.imported": _("Imported a channel from a spreadsheet"),
    "channel.handed_over": _("Handed a channel over to someone else"),
    "channel.register_exported": (
        _("Downloaded the channel register (%(channels)s channels)"),
        _("Downloaded the channel register"),
    ),
}
