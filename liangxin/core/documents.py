"""Word documents (.docx) built with python-docx, and their PDF made by LibreOffice.

Generic machinery for any written output of the site (the pairing bulletin, later the reports):
a document with the office's Chinese fonts, headings, paragraphs and tables, and `to_pdf()`.
Nothing here knows a domain app (tests/test_layers.py).

Why LibreOffice for the PDF: the .docx is what the office edits and files, so the PDF must be
the same document, not a second layout drawn by another library. `soffice --headless
--convert-to pdf` from Debian's libreoffice-writer-nogui (`make office-deps`) lays out the .docx
as Word does and, with fonts-noto-cjk installed, embeds Noto CJK in place of 宋体/黑体 (named
outright for the PDF: see PDF_FONTS). Measured on the 2-core machine while other test suites ran,
a one-page bulletin converted in 10–16 s (a fresh LibreOffice profile each time, so conversions
may run side by side); every Chinese character is in the PDF's text layer (the tests read the
points table back with pypdf) and the glyphs are the mainland's forms (checked with pdftoppm).
Drawing the PDF with fpdf2 or reportlab would need the font file located and
embedded by hand and a second copy of every table's layout. Without LibreOffice the PDF is
simply not offered (`pdf_available()`), and the .docx still is.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
import zipfile
from collections.abc import Sequence
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

# 公文 fonts: body in 宋体 (仿宋 for long official text is the office's choice to make in its
# copy), headings in 黑体. LibreOffice substitutes Noto Serif/Sans CJK for them on Linux.
BODY_FONT = "宋体"
HEADING_FONT = "黑体"
LATIN_FONT = "Times New Roman"
CONVERT_SECONDS = 120
# For the PDF only: the faces of Debian's fonts-noto-cjk named outright. Left to LibreOffice's own
# substitution, 宋体 and 黑体 became the Japanese face of Noto Sans CJK (measured with pdffonts:
# NotoSansCJKjp), whose glyphs differ from the mainland's standard forms; named, they are the SC faces.
PDF_FONTS = {BODY_FONT: "Noto Serif CJK SC", HEADING_FONT: "Noto Sans CJK SC"}


class ConversionUnavailable(RuntimeError):
    """No LibreOffice on this machine (make office-deps installs it)."""


def _east_asian(run_or_style, name: str) -> None:
    """Word reads Chinese text's font from w:eastAsia, not from the font's name."""
    element = run_or_style.element if hasattr(run_or_style, "element") else run_or_style._element
    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    fonts.set(qn("w:eastAsia"), name)
    # The language of the Chinese text: with it LibreOffice (fontconfig) substitutes the Simplified
    # Chinese face of Noto CJK for 宋体/黑体; without it, the Japanese one (other glyph shapes).
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = rpr.makeelement(qn("w:lang"), {})
        rpr.append(lang)
    lang.set(qn("w:eastAsia"), "zh-CN")


def new_document(title: str, subtitle: str = ""):
    """A document with the Chinese fonts set, its title centred and an optional line below it."""
    document = Document()
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = LATIN_FONT, Pt(12)
    _east_asian(normal, BODY_FONT)
    for level in (1, 2, 3):
        style = document.styles[f"Heading {level}"]
        style.font.name = LATIN_FONT
        _east_asian(style, HEADING_FONT)
    document.core_properties.title = title
    heading = document.add_heading(title, level=0)
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for run in heading.runs:
        _east_asian(run, HEADING_FONT)
    if subtitle:
        paragraph(document, subtitle, align="center")
    return document


def heading(document, text: str, level: int = 1):
    return document.add_heading(text, level=level)


def paragraph(document, text: str, bold: bool = False, align: str | None = None):
    result = document.add_paragraph()
    run = result.add_run(text)
    run.bold = bold
    if align == "center":
        result.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif align == "right":
        result.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    return result


def table(document, headers: Sequence[str], rows: Sequence[Sequence[object]], numeric: Sequence[int] = ()):
    """A grid table: a bold header row, then the rows as text; columns in `numeric` right-aligned."""
    result = document.add_table(rows=1, cols=len(headers))
    result.style = "Table Grid"
    result.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(result.rows[0].cells, headers, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(str(text)).bold = True
    for values in rows:
        cells = result.add_row().cells
        for index, (cell, value) in enumerate(zip(cells, values, strict=True)):
            cell.text = "" if value is None else str(value)
            if index in numeric:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    return result


def to_bytes(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _with_fonts(docx: bytes, fonts: dict[str, str]) -> bytes:
    """A copy of the .docx whose East Asian font names are replaced (document, styles, theme)."""
    source, out = zipfile.ZipFile(io.BytesIO(docx)), io.BytesIO()
    with source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.endswith(".xml"):
                text = data.decode("utf-8")
                for old, new in fonts.items():
                    text = text.replace(f'w:eastAsia="{old}"', f'w:eastAsia="{new}"')
                data = text.encode("utf-8")
            target.writestr(item, data)
    return out.getvalue()


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def pdf_available() -> bool:
    return soffice() is not None


def to_pdf(docx: bytes) -> bytes:
    """The PDF of a .docx, by LibreOffice in a profile of its own (conversions may run at once)."""
    program = soffice()
    if program is None:
        raise ConversionUnavailable("本机未安装 LibreOffice，暂不能生成 PDF（可下载 Word 文档）。")
    with tempfile.TemporaryDirectory(prefix="liangxin-pdf-") as folder:
        work = Path(folder)
        source = work / "document.docx"
        source.write_bytes(_with_fonts(docx, PDF_FONTS))
        subprocess.run(  # noqa: S603 -- our own file and a fixed program, no shell
            [program, f"-env:UserInstallation=file://{work / 'profile'}", "--headless", "--norestore",
             "--convert-to", "pdf", "--outdir", str(work), str(source)],
            check=True, capture_output=True, timeout=CONVERT_SECONDS,
        )
        result = work / "document.pdf"
        if not result.exists():
            raise ConversionUnavailable("LibreOffice 没有生成 PDF，请稍后重试或下载 Word 文档。")
        return result.read_bytes()
