"""The document font: Times New Roman where the system has it (Decree 30/2020 names it), else the
bundled Liberation Serif, which has the same glyph widths, so lines break in the same places.

Both are TrueType fonts registered with reportlab, which embeds the glyphs used (a subset) in every
PDF: a printout never depends on the fonts of the machine that opens the file.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from reportlab.graphics.shapes import STATE_DEFAULTS
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from desktop.ledger.resources import resource_path

FAMILY = "SoTNSerif"
FACES = ("regular", "bold", "italic", "bold_italic")
_BUNDLED = {
    "regular": "LiberationSerif-Regular.ttf",
    "bold": "LiberationSerif-Bold.ttf",
    "italic": "LiberationSerif-Italic.ttf",
    "bold_italic": "LiberationSerif-BoldItalic.ttf",
}
# The file names Times New Roman ships under: Windows and the Debian/Ubuntu core-fonts package.
_TIMES_NAMES = {
    "regular": ("times.ttf", "Times_New_Roman.ttf", "Times New Roman.ttf"),
    "bold": ("timesbd.ttf", "Times_New_Roman_Bold.ttf", "Times New Roman Bold.ttf"),
    "italic": ("timesi.ttf", "Times_New_Roman_Italic.ttf", "Times New Roman Italic.ttf"),
    "bold_italic": (
        "timesbi.ttf",
        "Times_New_Roman_Bold_Italic.ttf",
        "Times New Roman Bold Italic.ttf",
    ),
}
# Every letter Vietnamese writes; a font without all of them is not used.
VIETNAMESE = "ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúýĂăĐđĨĩŨũƠơƯư" + "".join(
    chr(c) for c in range(0x1EA0, 0x1EFA)
)


@dataclass(frozen=True)
class DocumentFont:
    family: str  # the name builders use
    source: str  # "Times New Roman" or "Liberation Serif"
    files: tuple[Path, ...]

    @property
    def regular(self) -> str:
        return f"{self.family}-regular"

    @property
    def bold(self) -> str:
        return f"{self.family}-bold"

    @property
    def italic(self) -> str:
        return f"{self.family}-italic"

    @property
    def bold_italic(self) -> str:
        return f"{self.family}-bold_italic"


def _font_dirs() -> list[Path]:
    dirs = []
    if sys.platform == "win32":
        windir = os.environ.get("WINDIR", r"C:\Windows")
        dirs.append(Path(windir) / "Fonts")
        local = os.environ.get("LOCALAPPDATA")
        if local:
            dirs.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
    elif sys.platform == "darwin":
        dirs += [Path("/Library/Fonts"), Path("/System/Library/Fonts/Supplemental")]
    else:
        dirs += [
            Path("/usr/share/fonts/truetype/msttcorefonts"),
            Path("/usr/share/fonts/TTF"),
            Path.home() / ".fonts",
            Path.home() / ".local/share/fonts",
        ]
    return dirs


def find_times(dirs: list[Path] | None = None) -> dict[str, Path] | None:
    """The four Times New Roman files, if all are installed and cover Vietnamese."""
    found: dict[str, Path] = {}
    for face, names in _TIMES_NAMES.items():
        for folder in dirs if dirs is not None else _font_dirs():
            hit = next((folder / n for n in names if (folder / n).is_file()), None)
            if hit is not None:
                found[face] = hit
                break
    if len(found) != len(FACES) or not _covers_vietnamese(found["regular"]):
        return None
    return found


def _covers_vietnamese(path: Path) -> bool:
    # Old Times New Roman builds (before Windows Vista) lack the Vietnamese block U+1EA0–1EF9.
    try:
        font = TTFont("probe", str(path))
    except (TTFError, OSError):
        return False
    chars = font.face.charToGlyph
    return all(ord(ch) in chars for ch in VIETNAMESE)


def bundled_files() -> dict[str, Path]:
    return {face: resource_path("fonts", name) for face, name in _BUNDLED.items()}


@cache
def document_font(choice: str = "auto") -> DocumentFont:
    """Register and return the document font: `auto`, `times` (falls back if missing) or
    `liberation`. Registered once per process and choice."""
    files = find_times() if choice in ("auto", "times") else None
    source = "Times New Roman"
    if files is None:
        files, source = bundled_files(), "Liberation Serif"
    family = f"{FAMILY}{'T' if source.startswith('Times') else 'L'}"
    for face in FACES:
        pdfmetrics.registerFont(TTFont(f"{family}-{face}", str(files[face])))
    for bold, italic, face in (
        (0, 0, "regular"),
        (1, 0, "bold"),
        (0, 1, "italic"),
        (1, 1, "bold_italic"),
    ):
        addMapping(family, bold, italic, f"{family}-{face}")
    # Charts (reportlab.graphics) start every drawing in this font: the default, Helvetica, would
    # otherwise be named in the PDF without being embedded.
    STATE_DEFAULTS["fontName"] = f"{family}-regular"
    return DocumentFont(family, source, tuple(files[f] for f in FACES))
