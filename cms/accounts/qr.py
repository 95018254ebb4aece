import segno


def svg_data_uri(content: str, *, scale: int = 4) -> str:
    """A QR code as an SVG data URI, to embed in pages and PDFs without another request."""
    return segno.make(content, error="m").svg_data_uri(scale=scale)
