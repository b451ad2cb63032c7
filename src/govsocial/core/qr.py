"""QR codes as SVG, drawn on our own server (no outside service sees the address)."""

import io


def qr_svg(text: str) -> bytes:
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage)
    out = io.BytesIO()
    image.save(out)
    return out.getvalue()
