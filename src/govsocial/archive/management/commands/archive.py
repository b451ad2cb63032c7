"""govsocial archive import|sync|verify|status|search — the records archive on the command line."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from govsocial.core import registry
from govsocial.core.commands import organisation_option
from govsocial.core.errors import GovSocialError

from ... import services
from ...models import AuthorKind, Disclosure, Kind


def _mapping(pairs: list[str] | None) -> dict[str, str]:
    mapping = {}
    for pair in (p for given in pairs or [] for p in given.split(",") if p.strip()):
        field, sep, column = pair.partition("=")
        if not sep or not field.strip() or not column.strip():
            raise CommandError(
                _("Write each mapping as FIELD=COLUMN, e.g. text=Message (not “%(pair)s”).")
                % {"pair": pair},
                returncode=2,
            )
        mapping[field.strip()] = column.strip()
    return mapping


def _date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value).replace(tzinfo=UTC)
    except ValueError as exc:
        raise CommandError(
            _("“%(value)s” is not a date; write it as YYYY-MM-DD.") % {"value": value}, returncode=2
        ) from exc


def _filter_arguments(parser) -> None:  # type: ignore[no-untyped-def]
    parser.add_argument("--channel", type=int)
    parser.add_argument("--kind", choices=Kind.values)
    parser.add_argument("--author", choices=AuthorKind.values, dest="author_kind")
    parser.add_argument("--language", help=_("language code, e.g. nl"))
    parser.add_argument("--since", help=_("from this date (YYYY-MM-DD)"))
    parser.add_argument("--until", help=_("before this date (YYYY-MM-DD)"))
    parser.add_argument("--deleted", choices=["yes", "no"], help=_("only deleted items, or none"))


def _filters(options) -> services.Filters:  # type: ignore[no-untyped-def]
    return services.Filters(
        channel_id=options.get("channel"),
        kind=options.get("kind"),
        author_kind=options.get("author_kind"),
        language=options.get("language"),
        since=_date(options.get("since")),
        until=_date(options.get("until")),
        deleted={"yes": True, "no": False}.get(options.get("deleted") or ""),
    )


class Command(BaseCommand):
    help = _(
        "The records archive: import exports, verify the hash chains, status, search and "
        "disclosure packages."
    )

    def add_arguments(self, parser):
        languages = [code for code, _name in settings.LANGUAGES]
        sub = parser.add_subparsers(dest="action", required=True)

        imp = sub.add_parser("import", help=_("Import a platform export (ZIP) or one file of it."))
        imp.add_argument("--org", required=True, help=_("the organisation's slug"))
        imp.add_argument(
            "--channel", required=True, type=int, help=_("the channel's number in the register")
        )
        imp.add_argument("--source", required=True, choices=sorted(registry.importers()))
        imp.add_argument("path", help=_("the export: a ZIP, or a JSON, JS, CSV or CAR file"))
        imp.add_argument(
            "--mapping",
            "--map",
            action="append",
            dest="map",
            metavar="FIELD=COLUMN,…",
            help=_(
                "for --source csv: the column of conversation, time, direction, author, text "
                "(and id); overrides the channel's saved mapping field by field"
            ),
        )
        imp.add_argument(
            "--save-mapping",
            action="store_true",
            help=_("for --source csv: save the mapping for the channel's next imports"),
        )
        imp.add_argument("--format", choices=["text", "json"], default="text", dest="fmt")

        syn = sub.add_parser(
            "sync", help=_("Sync a channel from its platform's API (with its saved settings).")
        )
        syn.add_argument("--org", required=True, help=_("the organisation's slug"))
        syn.add_argument(
            "--channel", required=True, type=int, help=_("the channel's number in the register")
        )
        syn.add_argument("--format", choices=["text", "json"], default="text", dest="fmt")

        ver = sub.add_parser(
            "verify", help=_("Check every channel's hash chain; exit 1 on any fault.")
        )
        ver.add_argument("--org", required=True, help=_("the organisation's slug"))
        ver.add_argument("--format", choices=["text", "json"], default="text", dest="fmt")

        sta = sub.add_parser(
            "status", help=_("Items per channel and kind, deletions, last capture, gaps.")
        )
        sta.add_argument("--org", required=True, help=_("the organisation's slug"))
        sta.add_argument("--format", choices=["text", "json"], default="text", dest="fmt")

        sea = sub.add_parser("search", help=_("Search the archive's text."))
        sea.add_argument("--org", required=True, help=_("the organisation's slug"))
        sea.add_argument(
            "query", help=_("words that must all occur; end a word with * for a prefix")
        )
        _filter_arguments(sea)
        sea.add_argument("--limit", type=int, default=20)
        sea.add_argument("--format", choices=["text", "json"], default="text", dest="fmt")

        exp = sub.add_parser(
            "export", help=_("Write a disclosure package (Woo/FOI) for a records request as a ZIP.")
        )
        exp.add_argument("--org", required=True, help=_("the organisation's slug"))
        exp.add_argument("--query", default="", help=_("words that must all occur"))
        exp.add_argument("--out", required=True, help=_("the ZIP file to write"))
        exp.add_argument("--reference", default="", help=_("the request's reference"))
        exp.add_argument("--title", default="", help=_("what was asked"))
        exp.add_argument(
            "--disclosure", type=int, help=_("export this package (with its redactions) again")
        )
        exp.add_argument(
            "--keep-public-authors",
            action="store_true",
            help=_("do not blank the names of members of the public"),
        )
        _filter_arguments(exp)

        des = sub.add_parser(
            "destroy",
            help=_("Destroy the items past their retention period (not those on legal hold)."),
        )
        des.add_argument("--org", required=True, help=_("the organisation's slug"))
        des.add_argument(
            "--dry-run", action="store_true", help=_("only show what would be destroyed")
        )
        des.add_argument("--ground", default="", help=_("the decision or schedule carried out"))
        des.add_argument("--format", choices=["text", "json"], default="text", dest="fmt")

        for p in (imp, syn, ver, sta, sea, exp, des):
            p.add_argument(
                "--lang",
                choices=languages,
                default=None,
                help=_("language of the messages (en or nl)"),
            )

    def handle(self, *args, **options):
        with translation.override(options.get("lang") or "en"):
            try:
                return getattr(self, f"do_{options['action']}")(options)
            except GovSocialError as exc:
                raise CommandError(getattr(exc, "message", str(exc)), returncode=2) from exc

    def _json(self, value) -> None:  # type: ignore[no-untyped-def]
        self.stdout.write(json.dumps(value, ensure_ascii=False, indent=2, default=str))

    # --- import ---
    def do_import(self, options):
        organisation = organisation_option(options["org"])
        mapping = _mapping(options.get("map"))
        if options["save_mapping"] and options["source"] != "csv":
            raise CommandError(_("--save-mapping is only for --source csv."), returncode=2)
        with _progress(self, enabled=options["fmt"] == "text") as progress:
            counts = services.import_export(
                organisation,
                options["channel"],
                options["source"],
                options["path"],
                mapping=mapping,
                progress=progress,
                started_by="cli",
            )
        if options["save_mapping"] and options["source"] == "csv":
            services.save_mapping(
                organisation,
                options["channel"],
                services.mapping_for(organisation, options["channel"], mapping),
                by="cli",
            )
        if options["fmt"] == "json":
            return self._json(counts.as_dict())
        self.stdout.write(
            _(
                "%(new)s new, %(versions)s new versions, %(deleted)s marked deleted, %(unchanged)s unchanged "
                "(%(records)s from %(files)s)."
            )
            % {
                "new": counts.new,
                "versions": counts.new_versions,
                "deleted": counts.marked_deleted,
                "unchanged": counts.unchanged,
                "records": _records(counts.records),
                "files": ngettext("%(count)s file", "%(count)s files", len(counts.files))
                % {"count": len(counts.files)},
            }
        )

    # --- sync ---
    def do_sync(self, options):
        organisation = organisation_option(options["org"])
        counts = services.sync_channel(organisation, options["channel"], started_by="cli")
        if options["fmt"] == "json":
            return self._json(counts.as_dict())
        self.stdout.write(
            _(
                "%(new)s new, %(versions)s new versions, %(deleted)s marked deleted, "
                "%(unchanged)s unchanged (%(records)s from %(source)s)."
            )
            % {
                "new": counts.new,
                "versions": counts.new_versions,
                "deleted": counts.marked_deleted,
                "unchanged": counts.unchanged,
                "records": _records(counts.records),
                "source": counts.files[0],
            }
        )
        if counts.media_kept or counts.media_not_kept:
            self.stdout.write(
                _("Photos and videos: %(kept)s fetched and kept, %(missing)s listed but not kept.")
                % {"kept": counts.media_kept, "missing": counts.media_not_kept}
            )
        if not counts.complete:
            self.stdout.write(services.incomplete_sync_text())

    # --- verify ---
    def do_verify(self, options):
        organisation = organisation_option(options["org"])
        result = services.verify(organisation)
        if options["fmt"] == "json":
            self._json(
                {
                    "ok": result.ok,
                    "channels": result.channels,
                    "records": result.records,
                    "problems": [p.__dict__ for p in result.problems],
                }
            )
        else:
            labels = {
                "changed": _("changed"),
                "removed": _("removed"),
                "reordered": _("reordered"),
                "added": _("added"),
            }
            for problem in result.problems:
                self.stdout.write(
                    (
                        _("channel %(channel)s, record %(sequence)s: %(kind)s — %(detail)s")
                        if problem.sequence
                        else _("channel %(channel)s: %(kind)s — %(detail)s")
                    )
                    % {
                        "channel": problem.channel_id,
                        "sequence": problem.sequence,
                        "kind": labels[problem.kind],
                        "detail": problem.detail,
                    }
                )
            self.stdout.write(
                _("%(records)s records in %(channels)s channels checked: %(verdict)s.")
                % {
                    "records": result.records,
                    "channels": result.channels,
                    "verdict": _("intact") if result.ok else _("NOT intact"),
                }
            )
        if not result.ok:
            raise CommandError(_("The archive's hash chain does not hold."), returncode=1)

    # --- status ---
    def do_status(self, options):
        organisation = organisation_option(options["org"])
        channels = services.status(organisation)
        if options["fmt"] == "json":
            return self._json([c.as_dict() for c in channels])
        for c in channels:
            kinds = ", ".join(f"{Kind(k).label}: {n}" for k, n in sorted(c.kinds.items())) or "—"
            self.stdout.write(
                _(
                    "%(id)s %(name)s (%(platform)s): %(total)s items (%(kinds)s), %(deleted)s deleted, "
                    "last capture %(capture)s"
                )
                % {
                    "id": c.channel_id,
                    "name": c.name,
                    "platform": c.platform,
                    "total": c.total,
                    "kinds": kinds,
                    "deleted": c.deleted,
                    "capture": c.last_capture.date().isoformat() if c.last_capture else _("never"),
                }
            )
            for gap in c.gaps:
                self.stdout.write(
                    "    "
                    + _("no items for %(days)s days: %(start)s – %(end)s")
                    % {"days": gap.days, "start": gap.start.date(), "end": gap.end.date()}
                )
            if c.without_raw:
                self.stdout.write(
                    "    " + _("%(n)s versions without raw payload") % {"n": c.without_raw}
                )

    # --- search ---
    def do_search(self, options):
        organisation = organisation_option(options["org"])
        filters = _filters(options)
        items = services.search(
            organisation, options["query"], filters, limit=max(1, options["limit"])
        )
        if options["fmt"] == "json":
            return self._json([_item_dict(i) for i in items])
        for item in items:
            when = item.published_at.date().isoformat() if item.published_at else "—"
            marker = " " + _("[deleted]") if item.deleted_seen_at else ""
            text = " ".join(item.text.split())[:160]
            self.stdout.write(
                f"{when} #{item.channel_id} {Kind(item.kind).label}{marker} {item.author_handle}: {text}"
            )
        if not items:
            self.stdout.write(_("Nothing found."))

    # --- export ---
    def do_export(self, options):
        organisation = organisation_option(options["org"])
        out = Path(options["out"])
        if not out.parent.is_dir() or out.is_dir():
            raise CommandError(
                _("Cannot write %(path)s: its folder does not exist.") % {"path": out},
                returncode=2,
            )
        language = options.get("lang") or "en"
        with transaction.atomic():
            if options.get("disclosure"):
                disclosure = Disclosure.objects.filter(
                    organisation=organisation, pk=options["disclosure"]
                ).first()
                if disclosure is None:
                    raise CommandError(
                        _("%(org)s has no disclosure package %(id)s.")
                        % {"org": organisation.slug, "id": options["disclosure"]},
                        returncode=2,
                    )
            else:
                disclosure = services.create_disclosure(
                    organisation,
                    None,
                    reference=options["reference"] or out.stem,
                    title=options["title"],
                    query=options["query"],
                    filters=_filters(options),
                    language=language,
                    redact_public_authors=not options["keep_public_authors"],
                )
            summary = services.write_package(disclosure, out, by="cli")
        items = ngettext("%(count)s item", "%(count)s items", summary["items"]) % {
            "count": summary["items"]
        }
        threads = ngettext(
            "%(count)s conversation", "%(count)s conversations", summary["threads"]
        ) % {"count": summary["threads"]}
        self.stdout.write(
            _("%(items)s (%(withheld)s withheld or partly) in %(threads)s written to %(path)s.")
            % {"items": items, "withheld": summary["withheld"], "threads": threads, "path": out}
        )

    # --- destroy ---
    def do_destroy(self, options):
        organisation = organisation_option(options["org"])
        plans = services.plan(organisation)
        if options["dry_run"]:
            rows = [p.__dict__ for p in plans]
        else:
            done = {
                d.channel_id: d
                for d in services.destroy(organisation, None, options["ground"], by="cli")
            }
            rows = [
                {**p.__dict__, "destroyed": done[p.channel_id].count if p.channel_id in done else 0,
                 "destruction": done[p.channel_id].pk if p.channel_id in done else None}
                for p in plans
            ]  # fmt: skip
        if options["fmt"] == "json":
            return self._json(rows)
        if not rows:
            self.stdout.write(_("No channel has a retention schedule: nothing is destroyed."))
        for row in rows:
            message = (
                _("channel %(channel)s: %(due)s items due, %(held)s kept by a legal hold")
                if options["dry_run"]
                else _(
                    "channel %(channel)s: %(destroyed)s items destroyed, %(held)s kept by a legal hold"
                )
            )
            self.stdout.write(message % {**row, "channel": row["channel_id"]})


def _item_dict(item) -> dict:  # type: ignore[no-untyped-def]
    return {
        "id": item.pk,
        "channel_id": item.channel_id,
        "source": item.source,
        "external_id": item.external_id,
        "kind": item.kind,
        "author_kind": item.author_kind,
        "author_handle": item.author_handle,
        "language": item.language,
        "published_at": item.published_at.isoformat() if item.published_at else None,
        "deleted_seen_at": item.deleted_seen_at.isoformat() if item.deleted_seen_at else None,
        "url": item.url,
        "text": item.text,
    }


class _progress:
    """A rich progress bar on the terminal, while an import reads the export."""

    def __init__(self, command: BaseCommand, enabled: bool) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, DownloadColumn, Progress, TimeRemainingColumn

        console = Console(file=command.stderr._out, stderr=True)
        self.progress = Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            DownloadColumn(),
            TimeRemainingColumn(),
            console=console,
            transient=True,
            disable=not enabled or not console.is_terminal,
        )
        self.task = self.progress.add_task(_("Importing"), total=None)

    def __enter__(self):  # type: ignore[no-untyped-def]
        self.progress.start()
        return self.update

    def update(self, done: int, total: int) -> None:
        self.progress.update(self.task, completed=done, total=total or None)

    def __exit__(self, *exc) -> None:  # type: ignore[no-untyped-def]
        self.progress.stop()


def _records(count: int) -> str:
    return ngettext("%(count)s record", "%(count)s records", count) % {"count": count}
