"""Reading the archive for people: a channel's timeline in threads, one item's
versions side by side. Every lookup is scoped to the organisation."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from govsocial.channels import services as channels
from govsocial.core.access import get_for_org, scoped
from govsocial.core.models import Organisation

from ..models import Item, ItemVersion

PAGE_SIZE = 20
MAX_REPLIES = 200  # per page of threads; a thread longer than that links to its items


@dataclass(frozen=True)
class ChannelRef:
    id: int
    name: str
    platform: str
    handle: str
    in_register: bool

    @property
    def platform_name(self) -> str:
        return channels.platform_name(self.platform)


def channel_ref(organisation: Organisation, channel_id: int) -> ChannelRef:
    """The channel as the register names it, or one only the archive still knows; else 404."""
    for choice in channels.channel_choices(organisation):
        if choice.id == channel_id:
            return ChannelRef(choice.id, choice.name, choice.platform, choice.handle, True)
    if scoped(Item, organisation).filter(channel_id=channel_id).exists():
        return ChannelRef(channel_id, f"#{channel_id}", "?", "", False)
    raise Http404("Not found")


@dataclass
class Reply:
    item: Item
    depth: int


@dataclass
class Thread:
    root: Item
    replies: list[Reply] = field(default_factory=list)
    parent_missing: bool = False  # a reply whose post is not in the archive


@dataclass(frozen=True)
class Timeline:
    threads: list[Thread]
    page: int
    has_next: bool


def _roots(organisation: Organisation, channel_id: int) -> QuerySet[Item]:
    items = scoped(Item, organisation).filter(channel_id=channel_id)
    parent = Item.objects.filter(
        organisation=organisation, channel_id=channel_id, external_id=OuterRef("in_reply_to")
    )
    return items.filter(Q(in_reply_to="") | ~Exists(parent)).order_by("-published_at", "-pk")


def timeline(organisation: Organisation, channel_id: int, page: int = 1) -> Timeline:
    """A page of threads, newest first: each post (or orphaned reply) with its replies."""
    page = max(1, page)
    start = (page - 1) * PAGE_SIZE
    roots = list(_roots(organisation, channel_id)[start : start + PAGE_SIZE + 1])
    has_next = len(roots) > PAGE_SIZE
    roots = roots[:PAGE_SIZE]
    ids = [r.external_id for r in roots]
    replies = list(
        scoped(Item, organisation)
        .filter(channel_id=channel_id)
        .filter(Q(thread_id__in=ids) | Q(in_reply_to__in=ids))
        .exclude(in_reply_to="")
        .order_by("published_at", "pk")[:MAX_REPLIES]
    )
    threads = [Thread(root, parent_missing=bool(root.in_reply_to)) for root in roots]
    by_root = {t.root.external_id: t for t in threads}
    children: dict[str, list[Item]] = {}
    for reply in replies:
        children.setdefault(reply.in_reply_to, []).append(reply)

    def walk(thread: Thread, parent: str, depth: int) -> None:
        for child in children.pop(parent, []):
            thread.replies.append(Reply(child, min(depth, 4)))
            walk(thread, child.external_id, depth + 1)

    for thread in threads:
        walk(thread, thread.root.external_id, 1)
    # Replies in a thread whose parent is a reply not on this page: under their root.
    for parent, rest in children.items():
        for reply in rest:
            home = by_root.get(reply.thread_id) or by_root.get(parent)
            if home is not None and reply not in [r.item for r in home.replies]:
                home.replies.append(Reply(reply, 1))
    return Timeline(threads, page, has_next)


@dataclass(frozen=True)
class VersionView:
    version: ItemVersion
    changes: list[tuple[str, str]]  # (op, words): op is "", "ins" or "del"


def _changes(before: str, after: str) -> list[tuple[str, str]]:
    a, b = before.split(), after.split()
    parts: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(("", " ".join(a[i1:i2])))
            continue
        if op in ("delete", "replace"):
            parts.append(("del", " ".join(a[i1:i2])))
        if op in ("insert", "replace"):
            parts.append(("ins", " ".join(b[j1:j2])))
    return parts


def item_detail(organisation: Organisation, pk: int) -> tuple[Item, list[VersionView]]:
    """The item and its versions in order; each content version with its changes
    against the content version before it."""
    item = get_for_org(Item, organisation, pk=pk)
    versions = list(
        ItemVersion.objects.filter(organisation=organisation, item=item)
        .select_related("raw")
        .defer("raw__data")
        .order_by("number")
    )
    views: list[VersionView] = []
    previous: str | None = None
    for version in versions:
        content = version.event in (ItemVersion.Event.CAPTURED, ItemVersion.Event.EDITED)
        changes: list[tuple[str, str]] = (
            _changes(previous, version.text) if content and previous is not None else []
        )
        if content:
            previous = version.text
        views.append(VersionView(version, changes))
    return item, views


def thread_items(organisation: Organisation, item: Item) -> list[Item]:
    """Every archived item of the item's conversation, oldest first."""
    root = item.thread_id or item.in_reply_to or item.external_id
    return list(
        scoped(Item, organisation)
        .filter(channel_id=item.channel_id)
        .filter(Q(external_id=root) | Q(thread_id=root) | Q(in_reply_to=root))
        .order_by("published_at", "pk")
    )
