"""ZPL II text of a cooperative lot label (UTF-8, 203 dpi, 100 x 60 mm)."""

import textwrap
from dataclasses import dataclass

# Width of a character of font 0 as a share of its size: an estimate on the safe side (font 0
# is proportional; its mixed-case text averages narrower).
CHAR_WIDTH = 0.6


def escape(text):
    """Field data escaped for ``^FH_``: the characters ZPL treats as commands become hex."""
    text = " ".join(str(text or "").split())
    return text.replace("_", "_5F").replace("^", "_5E").replace("~", "_7E")


def fit(text, width_dots, size_dots, max_lines):
    """``text`` cut at a word, ending with "...", to fit ``max_lines`` lines of a ``^FB`` field
    block ``width_dots`` wide in font 0 of ``size_dots``: the printer prints the lines beyond
    the last one over it, unreadable."""
    wrapper = textwrap.TextWrapper(
        width=int(width_dots / (size_dots * CHAR_WIDTH)), max_lines=max_lines, placeholder="..."
    )
    return " ".join(wrapper.wrap(" ".join(str(text or "").split())))


@dataclass(frozen=True)
class LotLabel:
    product: str
    cooperative: str
    lot: str
    production_date: str
    best_before: str
    net_content: str
    certifications: str
    url: str


def label(data, width_dots=800, height_dots=480):
    """One ZPL label: texts on the left, the QR code of the trace URL on the right."""
    lines = [
        "^XA",
        "^CI28",
        f"^PW{width_dots}",
        f"^LL{height_dots}",
        "^LH0,0",
        f"^FO30,30^A0N,40,40^FB500,2,0,L^FH_^FD{escape(data.product)}^FS",
        f"^FO30,120^A0N,22,22^FB500,2,0,L^FH_^FD{escape(fit(data.cooperative, 500, 22, 2))}^FS",
        f"^FO30,170^A0N,30,30^FH_^FDLot: {escape(data.lot)}^FS",
    ]
    y = 215
    for caption, value in (
        ("Prod.", data.production_date),
        ("DDM", data.best_before),
        ("Net", data.net_content),
    ):
        if value:
            lines.append(f"^FO30,{y}^A0N,26,26^FH_^FD{caption}: {escape(value)}^FS")
            y += 38
    if data.certifications:
        lines.append(f"^FO30,{y}^A0N,22,22^FB500,2,0,L^FH_^FD{escape(data.certifications)}^FS")
    if data.url:
        # QR code, model 2, magnification 5, error correction M, automatic data mode.
        lines.append(f"^FO560,40^BQN,2,5^FH_^FDMA,{escape(data.url)}^FS")
    lines.append("^XZ")
    return "\n".join(lines) + "\n"
