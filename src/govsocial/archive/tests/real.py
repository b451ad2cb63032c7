"""Where the real platform exports are: the repository's sibling `shared/`
folder (never copied into the repository), or GOVSOCIAL_REAL_EXPORTS."""

import os
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[4]
REAL = Path(
    os.environ.get("GOVSOCIAL_REAL_EXPORTS") or REPO.parent / "shared" / "fixtures" / "real-exports"
)

needs_real = pytest.mark.skipif(
    not REAL.is_dir(), reason=f"the real exports are not at {REAL} (../shared is absent)"
)


def real_files(platform: str, *suffixes: str) -> list[Path]:
    if not REAL.is_dir():
        return []
    return sorted(p for p in (REAL / platform).rglob("*") if p.is_file() and p.suffix in suffixes)


def zip_folder(folder: Path, target: Path) -> Path:
    """The folder as a ZIP in a temporary place, the way a platform delivers an export."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, path.relative_to(folder).as_posix())
    return target


def ids(paths: list[Path]) -> list[str]:
    return [str(p.relative_to(REAL)) for p in paths]
