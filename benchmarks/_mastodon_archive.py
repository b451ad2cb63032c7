"""The archive's Mastodon importer against `mastodon-archive` (PyPI, 1.4.8), an
existing open tool that reads the same statuses, on the same generated data:
here its `text` command, which reads the tool's own archive file (its import,
`archive`, fetches from the API: `_mastodon_api.py` compares that with ours).

mastodon-archive keeps the statuses the Mastodon API returned in
`<domain>.user.<name>.json` (`{"statuses": [...]}`); its `text` command reads
that file and writes every status as text. Our importer reads that same file
(an organisation that archived with the tool brings its archive in this way)
and archives every status (hashed, chained, indexed). The tool lives in a throw-away venv, never a
dependency of GovSocial:

    python3 -m venv /tmp/mastodon-archive-venv
    /tmp/mastodon-archive-venv/bin/pip install mastodon-archive==1.4.8

GOVSOCIAL_MASTODON_ARCHIVE_VENV names another venv; without one this part is skipped.
"""

from __future__ import annotations

import json
import os
import random
import resource
import subprocess
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import orjson

VENV = Path(os.environ.get("GOVSOCIAL_MASTODON_ARCHIVE_VENV", "/tmp/mastodon-archive-venv"))
USER, DOMAIN = "gemeente", "social.example"


def statuses(count: int) -> list[dict[str, Any]]:
    """REST API statuses as `/api/v1/accounts/:id/statuses` returns them."""
    from govsocial.archive.generate import START, sentence

    rng = random.Random(3)
    account = {"id": "1", "username": USER, "acct": USER, "display_name": "Gemeente"}
    found = []
    for n in range(count):
        language = "nl" if n % 3 else "en"
        found.append(
            {
                "id": str(110_000_000 + n),
                "uri": f"https://{DOMAIN}/users/{USER}/statuses/{110_000_000 + n}",
                "url": f"https://{DOMAIN}/@{USER}/{110_000_000 + n}",
                "created_at": (START + timedelta(minutes=41 * n)).strftime(
                    "%Y-%m-%dT%H:%M:%S.000Z"
                ),
                "content": f"<p>{sentence(rng, language)}</p>",
                "language": language,
                "visibility": "public",
                "in_reply_to_id": None,
                "reblog": None,
                "spoiler_text": "",
                "media_attachments": [],
                "favourites_count": rng.randrange(40),
                "reblogs_count": rng.randrange(9),
                # No replies: mastodon-archive's `archive` does not fetch a thread's
                # replies; our sync would, a request per status (_mastodon_api.py).
                "replies_count": 0,
                "account": account,
            }
        )
    return found


def write(folder: Path, count: int) -> Path:
    """The tool's archive file of `count` statuses."""
    body = b"[" + b",\n".join(orjson.dumps(s) for s in statuses(count)) + b"]"
    path = folder / f"{DOMAIN}.user.{USER}.json"
    path.write_bytes(
        b'{"account": {"username": "' + USER.encode() + b'"}, "statuses": '
        + body + b', "favourites": [], "mentions": []}'
    )  # fmt: skip
    return path


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def theirs(folder: Path) -> dict[str, float]:
    start, cpu = time.perf_counter(), _children_cpu()
    subprocess.run(
        [str(VENV / "bin" / "mastodon-archive"), "text", "--collection", "statuses",
         f"{USER}@{DOMAIN}"],
        cwd=folder, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    return {"seconds": time.perf_counter() - start, "cpu_seconds": _children_cpu() - cpu}


def ours(count: int, folder: str) -> dict[str, float]:
    """Our import of the tool's file into a Mastodon channel (run in its own process)."""
    from benchmarks.archive_bench import scratch

    with scratch("govsocial-mastodon-bench-") as data:
        os.environ["GOVSOCIAL_DATA_DIR"] = str(data)
        return _ours(count, folder)


def bench_channel() -> tuple[Any, Any]:
    """Django on the data folder set up by the caller: a fresh database, an organisation
    and its Mastodon channel."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "govsocial.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from govsocial.channels.models import Channel
    from govsocial.core.models import Organisation

    organisation = Organisation.objects.create(slug="bench", name_en="Bench", name_nl="Bench")
    channel = Channel.objects.create(
        organisation=organisation, platform="mastodon", name="Bench", handle=USER
    )
    return organisation, channel


def _ours(count: int, folder: str) -> dict[str, float]:
    organisation, channel = bench_channel()
    from govsocial.archive import services

    start, cpu = time.perf_counter(), time.process_time()
    counts = services.import_export(
        organisation, channel.pk, "mastodon", Path(folder) / f"{DOMAIN}.user.{USER}.json"
    )
    seconds = time.perf_counter() - start
    assert counts.new == count, counts
    return {"seconds": seconds, "cpu_seconds": time.process_time() - cpu}


def compare(count: int) -> float | None:
    """Their time / ours on the same statuses (goal >= 5); None when the tool is absent."""
    if not (VENV / "bin" / "mastodon-archive").exists():
        print(
            f"mastodon-archive: skipped ({VENV} has no mastodon-archive; see "
            "benchmarks/_mastodon_archive.py or README's benchmark section to create it)"
        )
        return None
    from benchmarks.archive_bench import scratch

    with scratch("govsocial-mastodon-files-") as folder:
        return _compare(folder, count)


def _compare(folder: Path, count: int) -> float:
    from benchmarks.archive_bench import _child_code

    write(folder, count)
    their = theirs(folder)
    our = json.loads(
        _child_code(
            "from benchmarks import _mastodon_archive as m; "
            f"print(json.dumps(m.ours({count}, {str(folder)!r})))"
        )
    )
    ratio = their["seconds"] / our["seconds"]
    print(
        f"mastodon-archive 1.4.8 `text` over {count:,} statuses: {their['seconds']:.1f} s; our "
        f"import of the same file {our['seconds']:.1f} s; ours is {ratio:.1f}x as fast "
        "(`text` prints an archive the tool already holds: the import against import, goal "
        f">= 5x, is `archive` above); in CPU time {their['cpu_seconds']:.1f} s against "
        f"{our['cpu_seconds']:.1f} s, {their['cpu_seconds'] / our['cpu_seconds']:.1f}x"
    )
    return ratio
