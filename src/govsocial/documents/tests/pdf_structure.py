"""Reading a PDF's accessibility back: its structure tree, marking, language and XMP.

Shared by the tests of every app that makes PDFs (policies, maturity, documents).
"""

from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from pypdf import PdfReader


@dataclass
class Structure:
    tags: Counter = field(default_factory=Counter)  # structure type -> count ("H1": 1, ...)
    figures_alt: list[str] = field(default_factory=list)
    header_ids: set[str] = field(default_factory=set)  # TH /ID
    cell_headers: list[list[str]] = field(default_factory=list)  # each TD's /Headers
    lang: str = ""
    marked: bool = False
    display_title: bool = False
    xmp: str = ""
    output_intent: bool = False


def _kids(node: Any) -> list[Any]:
    kids = node.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, list) else [kids]


def _walk(node: Any, found: Structure) -> None:
    node = node.get_object()
    tag = str(node.get("/S", "")).lstrip("/")
    if tag:
        found.tags[tag] += 1
    if tag == "Figure":
        found.figures_alt.append(str(node.get("/Alt", "")))
    if tag == "TH" and "/ID" in node:
        found.header_ids.add(str(node["/ID"]))
    if tag == "TD":
        attributes = node.get("/A")
        headers = attributes.get_object().get("/Headers", []) if attributes else []
        found.cell_headers.append([str(h) for h in headers])
    for kid in _kids(node):
        if hasattr(kid, "get_object"):
            child = kid.get_object()
            if isinstance(child, dict) and "/S" in child:
                _walk(child, found)


def read_structure(data: bytes) -> Structure:
    reader = PdfReader(io.BytesIO(data))
    catalog = reader.trailer["/Root"]
    found = Structure(
        lang=str(catalog.get("/Lang", "")),
        marked=bool(catalog.get("/MarkInfo", {}).get("/Marked")),
        display_title=bool(catalog.get("/ViewerPreferences", {}).get("/DisplayDocTitle")),
        output_intent="/OutputIntents" in catalog,
    )
    if reader.xmp_metadata is not None:
        found.xmp = reader.xmp_metadata.stream.get_data().decode("utf-8", "replace")
    if "/StructTreeRoot" in catalog:
        for kid in _kids(catalog["/StructTreeRoot"].get_object()):
            _walk(kid, found)
    return found


def xmp_value(xmp: str, name: str) -> str:
    """An XMP property written as an attribute (name="v") or an element (<name>v</name>)."""
    match = re.search(rf'{re.escape(name)}(?:="([^"]*)"|>([^<]*)<)', xmp)
    return (match.group(1) or match.group(2) or "") if match else ""


def assert_accessible(data: bytes, language: str, *, tables: bool = True) -> Structure:
    """Tagged PDF/A-3a declaring PDF/UA-1: headings, lists, tables, language and marking."""
    found = read_structure(data)
    assert found.marked, "/MarkInfo /Marked is not true"
    assert found.lang == language, f"/Lang is {found.lang!r}, not {language!r}"
    assert found.display_title, "the viewer does not show the document title"
    assert found.tags["Document"] == 1
    assert found.tags["H1"] == 1, f"one H1 (the title), found {found.tags['H1']}"
    assert found.tags["H2"] >= 1
    assert found.tags["L"] >= 1 and found.tags["LI"] >= 1 and found.tags["LBody"] >= 1
    if tables:
        assert found.tags["Table"] >= 1 and found.tags["TR"] >= 1
        assert found.tags["TH"] >= 1 and found.tags["TD"] >= 1
        # every data cell points at the header cells that name it
        assert found.cell_headers and all(found.cell_headers)
        assert all(set(h) <= found.header_ids for h in found.cell_headers)
    assert all(found.figures_alt), "a figure without alternative text"
    assert xmp_value(found.xmp, "pdfaid:part") == "3"
    assert xmp_value(found.xmp, "pdfaid:conformance") == "A"
    assert xmp_value(found.xmp, "pdfuaid:part") == "1"
    assert "<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>" in found.xmp
    assert "<dc:title>" in found.xmp
    assert found.output_intent
    return found
