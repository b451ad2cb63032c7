"""Run every benchmark module in this folder (or those named on the command line)."""

import argparse
import atexit
import importlib
import os
import pkgutil
import shutil
import sys
import tempfile

# Always a folder of their own, never the installation's (`make` exports var/, where
# `make run` keeps the demo): the benchmarks add thousands of organisations.
os.environ["GOVSOCIAL_DATA_DIR"] = tempfile.mkdtemp(prefix="govsocial-bench-")
atexit.register(shutil.rmtree, os.environ["GOVSOCIAL_DATA_DIR"], True)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "govsocial.settings")


def main() -> int:
    import benchmarks

    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument("names", nargs="*", help="benchmark modules to run (all when none)")
    parser.add_argument(
        "--archive-items", type=int, help="archive_bench: items to import (100,000 when not given)"
    )
    args = parser.parse_args()
    if args.archive_items:
        os.environ["GOVSOCIAL_ARCHIVE_BENCH_ITEMS"] = str(args.archive_items)
    wanted = set(args.names)
    names = sorted(
        m.name for m in pkgutil.iter_modules(benchmarks.__path__) if not m.name.startswith("_")
    )
    failures = 0
    for name in names:
        if wanted and name not in wanted:
            continue
        module = importlib.import_module(f"benchmarks.{name}")
        if not hasattr(module, "main"):
            continue
        print(f"=== {name} ===", flush=True)
        try:
            module.main()
        except Exception as exc:  # one broken benchmark should not hide the others
            failures += 1
            print(f"{name} failed: {exc!r}", flush=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
