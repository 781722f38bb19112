"""Writes the shipped DOCX template of the office's consolidated report (Nghị định 30/2020/NĐ-CP layout).

    python -m app.consolidate.make_template [FILE.docx]

The office may edit the template in Word (names, signer, recipients, fonts) and keep its placeholders:
{{co_quan_chu_quan}}, {{co_quan_ban_hanh}}, {{trich_yeu}}, {{ten_don_vi}}, {{nam}} anywhere in the text,
and the paragraphs {{noi_dung}} (the body) and {{phu_luc}} (the table of each school), alone on their
line, where generated content goes.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt
from docx.text.paragraph import Paragraph

from app.consolidate.ooxml import borders, rule_below, use_font_everywhere, widths
from app.consolidate.wording import DEFAULT_SIGNER

TEMPLATE = Path(__file__).resolve().parent / "templates" / "bao-cao-tong-hop.docx"
FONT = "Times New Roman"
CENTER = WD_ALIGN_PARAGRAPH.CENTER


def build() -> DocumentObject:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    use_font_everywhere(doc, FONT)
    normal = doc.styles["Normal"]
    normal.font.size = Pt(14)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.0
    doc.core_properties.title = "Báo cáo tổng hợp"
    doc.core_properties.author = "baocao"

    header = doc.add_table(rows=1, cols=2)
    borders(header, visible=False)
    header.alignment = WD_TABLE_ALIGNMENT.CENTER
    widths(header, (7, 9.5))
    left, right = header.rows[0].cells
    _line(left.paragraphs[0], "{{co_quan_chu_quan}}", size=12, after=0)
    _line(left.add_paragraph(), "{{co_quan_ban_hanh}}", size=12, bold=True, after=0)
    _rule(left.add_paragraph(), 2.3)
    _line(left.add_paragraph(), "Số:        /BC-………", size=13)
    _line(right.paragraphs[0], "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=12, bold=True, after=0)
    _line(right.add_paragraph(), "Độc lập - Tự do - Hạnh phúc", size=13, bold=True, after=0)
    _rule(right.add_paragraph(), 2.2)
    _line(right.add_paragraph(), "………, ngày …… tháng …… năm ……", size=14, italic=True)

    _line(doc.add_paragraph(), "", size=8)
    _line(doc.add_paragraph(), "BÁO CÁO", bold=True, after=0)
    _line(doc.add_paragraph(), "{{trich_yeu}}", bold=True, after=0)
    _rule(doc.add_paragraph(), 6)
    _line(doc.add_paragraph(), "Kính gửi: ………………………………………", before=6)
    _body(doc.add_paragraph(), "Căn cứ báo cáo của các đơn vị trực thuộc, {{ten_don_vi}} báo cáo như sau:")
    _body(doc.add_paragraph(), "{{noi_dung}}")
    _body(doc.add_paragraph(), "Trên đây là báo cáo tổng hợp của {{ten_don_vi}}./.")

    signature = doc.add_table(rows=1, cols=2)
    borders(signature, visible=False)
    widths(signature, (8, 8.5))
    recipients, signer = signature.rows[0].cells
    first = recipients.paragraphs[0]
    first.alignment = WD_ALIGN_PARAGRAPH.LEFT
    run = first.add_run("Nơi nhận:")
    run.bold, run.italic, run.font.size = True, True, Pt(12)
    for item in ("- Như trên;", "- Lưu: VT."):
        paragraph = recipients.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(0)
        paragraph.add_run(item).font.size = Pt(11)
    _line(signer.paragraphs[0], DEFAULT_SIGNER, bold=True, after=0)
    for _ in range(4):
        _line(signer.add_paragraph(), "", after=0)
    _line(signer.add_paragraph(), "……………………", bold=True)

    annex = _line(doc.add_paragraph(), "PHỤ LỤC", bold=True, after=0)
    annex.paragraph_format.page_break_before = True
    _line(doc.add_paragraph(), "SỐ LIỆU BÁO CÁO CỦA TỪNG ĐƠN VỊ", bold=True, after=0)
    _line(
        doc.add_paragraph(),
        "(Kèm theo Báo cáo số      /BC-……… ngày …/…/{{nam}} của {{ten_don_vi}})",
        size=13,
        italic=True,
    )
    _body(doc.add_paragraph(), "{{phu_luc}}")
    return doc


def _line(
    paragraph: Paragraph,
    text: str,
    *,
    size: float = 14,
    bold: bool = False,
    italic: bool = False,
    before: float = 0,
    after: float = 6,
) -> Paragraph:
    """A centred line of the header, title or signature block."""
    paragraph.alignment = CENTER
    paragraph.paragraph_format.space_before = Pt(before)
    paragraph.paragraph_format.space_after = Pt(after)
    run = paragraph.add_run(text)
    run.bold, run.italic = bold, italic
    run.font.size = Pt(size)
    return paragraph


def _rule(paragraph: Paragraph, indent_cm: float) -> None:
    """A short centred line: an empty paragraph with a bottom border, shortened by its indents."""
    _line(paragraph, "", size=3, after=4)
    rule_below(paragraph)
    paragraph.paragraph_format.left_indent = paragraph.paragraph_format.right_indent = Cm(indent_cm)


def _body(paragraph: Paragraph, text: str) -> Paragraph:
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    paragraph.paragraph_format.first_line_indent = Cm(1)
    paragraph.add_run(text)
    return paragraph


def main(argv: list[str]) -> None:
    target = Path(argv[0]) if argv else TEMPLATE
    target.parent.mkdir(parents=True, exist_ok=True)
    build().save(str(target))
    print(target)


if __name__ == "__main__":
    main(sys.argv[1:])
