"""A crest for the fictional demo council, drawn here so its packs show a logo on the cover."""

from __future__ import annotations

import io

from PIL import Image, ImageDraw

NAVY = (31, 58, 95)
GOLD = (224, 168, 32)
SKY = (214, 228, 240)


def demo_council_logo() -> bytes:
    """A PNG crest: a shield with a bridge over a river under three towers."""
    scale = 4  # drawn large, then reduced, for smooth edges
    size = 120 * scale
    image = Image.new("RGBA", (size, size), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    s = scale
    shield = [
        (10 * s, 8 * s),
        (110 * s, 8 * s),
        (110 * s, 62 * s),
        (60 * s, 112 * s),
        (10 * s, 62 * s),
    ]
    draw.polygon(shield, fill=NAVY)
    draw.polygon([(18 * s, 16 * s), (102 * s, 16 * s), (102 * s, 58 * s), (60 * s, 100 * s),
                  (18 * s, 58 * s)], fill=SKY)  # fmt: skip
    for left in (30, 52, 74):
        draw.rectangle([left * s, 26 * s, (left + 16) * s, 52 * s], fill=NAVY)
        for tooth in range(3):
            x = (left + tooth * 6) * s
            draw.rectangle([x, 22 * s, x + 4 * s, 26 * s], fill=NAVY)
    draw.arc([26 * s, 52 * s, 94 * s, 92 * s], 180, 360, fill=GOLD, width=6 * s)
    draw.rectangle([24 * s, 70 * s, 96 * s, 74 * s], fill=NAVY)
    reduced = image.resize((120, 120), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    reduced.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
