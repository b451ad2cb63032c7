"""The .docx package of a house template: what is taken out before it is kept.

A template may point outside itself: an attached template on a file server
(`attachedTemplate`, which Word tries to open with the reader's credentials),
linked pictures or web links that call home when the document is opened. Every
relationship with TargetMode="External" is dropped, and so is whatever refers to
it (the element when the reference is all it is, otherwise just the reference:
a link's text stays, without the link).
"""

from __future__ import annotations

import io
import posixpath
import zipfile

from lxml import etree

RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
# Elements that are nothing but a pointer to another file: removed with the relationship.
POINTERS = {
    "attachedTemplate",
    "subDoc",
    "altChunk",
    "dataSource",
    "headerSource",
    "recipientData",
    "src",
}


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def _serialise(root: etree._Element) -> bytes:
    return etree.tostring(
        root.getroottree(), xml_declaration=True, encoding="UTF-8", standalone=True
    )


def _source_part(rels_name: str) -> str:
    """word/_rels/settings.xml.rels -> word/settings.xml (_rels/.rels: the package, "")."""
    folder, name = posixpath.split(rels_name)
    return posixpath.join(posixpath.dirname(folder), name[: -len(".rels")]).lstrip("/")


def _drop_external(rels: bytes) -> tuple[bytes, set[str]]:
    root = etree.fromstring(rels, _parser())
    dropped = set()
    for relationship in root.findall(f"{{{RELATIONSHIPS}}}Relationship"):
        if (relationship.get("TargetMode") or "").lower() == "external":
            dropped.add(relationship.get("Id") or "")
            root.remove(relationship)
    return _serialise(root), dropped


def _drop_references(xml: bytes, ids: set[str]) -> bytes:
    root = etree.fromstring(xml, _parser())
    for element in list(root.iter()):
        if not isinstance(element.tag, str):
            continue
        references = [k for k, v in element.attrib.items() if k.startswith(f"{{{R}}}") and v in ids]
        if not references:
            continue
        parent = element.getparent()
        if etree.QName(element).localname in POINTERS and parent is not None:
            parent.remove(element)
        else:
            for key in references:
                del element.attrib[key]
    return _serialise(root)


def without_external_relationships(data: bytes) -> bytes:
    """The package without external relationships (unchanged when it has none).

    Raises etree.XMLSyntaxError, zipfile.BadZipFile or KeyError on a broken package."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        infos = source.infolist()
        names = {info.filename for info in infos}
        replaced: dict[str, bytes] = {}
        for info in infos:
            if not info.filename.endswith(".rels"):
                continue
            rels, dropped = _drop_external(source.read(info.filename))
            if not dropped:
                continue
            replaced[info.filename] = rels
            part = _source_part(info.filename)
            if part in names:
                replaced[part] = _drop_references(source.read(part), dropped)
        if not replaced:
            return data
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for info in infos:
                target.writestr(info, replaced.get(info.filename) or source.read(info.filename))
    return out.getvalue()
