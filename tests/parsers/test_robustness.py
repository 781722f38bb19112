"""Random, truncated and bit-flipped input of every format never crashes or hangs read_attachment."""

from __future__ import annotations

import io

import openpyxl
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from PIL import Image, ImageDraw

from parsers.document import Limits, Reading
from parsers.read import read_attachment, read_body
from samples import documents
from tests import pki
from tests.parsers import corpus

# OCR of damaged images must stay quick: low resolution and a short per-page limit.
LIMITS = Limits(ocr_page_seconds=3, ocr_dpi=72, max_pages=3)
PAPER = corpus.paper(seed=11)
_CA = pki.Authority.create()


def _tiny_workbook() -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["BÁO CÁO KẾT QUẢ THỰC HIỆN NGHỊ QUYẾT 121"])
    sheet.append(["Số buổi tuyên truyền", 8])
    sheet.merge_cells("A3:A4")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _tiny_image(fmt: str) -> bytes:
    image = Image.new("L", (240, 60), 255)
    ImageDraw.Draw(image).text((5, 20), "BAO CAO 2025", fill=0)
    out = io.BytesIO()
    image.save(out, format=fmt)
    return out.getvalue()


SEEDS = {
    "docx": documents.render_docx(PAPER),
    "pdf": corpus.pdf_of_lines(["Báo cáo kết quả thực hiện Nghị quyết 121/2020/QH14 năm 2025"] * 3),
    "signed-pdf": pki.sign(
        corpus.pdf_of_lines(["Báo cáo năm 2025"] * 3),
        _CA.issue(organization="TRƯỜNG TIỂU HỌC MỸ AN", common_name="TRƯỜNG TIỂU HỌC MỸ AN"),
        _CA,
    ),
    "zip": documents.zip_files({"bc.txt": documents.render_text(PAPER).encode(), "a.docx": b"PK\x03\x04"}),
    "7z": corpus.seven_zip({"bc.txt": b"Bao cao"}),
    "msg": corpus.outlook_msg({"bc.txt": b"Bao cao"}),
    "doc": corpus.fixture("bc-nq121.doc"),
    "xlsx": _tiny_workbook(),
    "rtf": corpus.rtf("Báo cáo năm 2025"),
    "html": b"<html><body><p>B\xc3\xa1o c\xc3\xa1o</p><table><tr><td>1</td></tr></table></body></html>",
    "jpeg": _tiny_image("JPEG"),
    "png": _tiny_image("PNG"),
    "tiff": _tiny_image("TIFF"),
}

SETTINGS = settings(
    max_examples=10, deadline=30_000, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)


def _check(reading: Reading) -> None:
    assert isinstance(reading, Reading)
    for failure in reading.failures:
        assert failure.reason and failure.code in {
            "encrypted",
            "corrupt",
            "empty",
            "unsupported",
            "too_large",
            "timeout",
            "format",  # two bytes FF 0A open a JPEG XL image, "MZ" a program: random bytes may be either
            "program",
        }


@pytest.mark.parametrize("kind", SEEDS)
@SETTINGS
@given(data=st.data())
def test_truncated_input_never_crashes(kind: str, data: st.DataObject) -> None:
    seed = SEEDS[kind]
    cut = data.draw(st.integers(0, len(seed)))
    _check(read_attachment(f"x.{kind}", seed[:cut], LIMITS))


@pytest.mark.parametrize("kind", SEEDS)
@SETTINGS
@given(data=st.data())
def test_bit_flipped_input_never_crashes(kind: str, data: st.DataObject) -> None:
    damaged = bytearray(SEEDS[kind])
    for position in data.draw(st.lists(st.integers(0, len(damaged) - 1), min_size=1, max_size=20)):
        damaged[position] ^= 1 << data.draw(st.integers(0, 7))
    _check(read_attachment(f"x.{kind}", bytes(damaged), LIMITS))


@settings(max_examples=40, deadline=10_000)
@given(st.binary(max_size=4096))
@example(b"\xff\n")  # JPEG XL's signature
@example(b"MZ\x90\x00" + bytes(60))  # a program's
def test_random_bytes_never_crash(blob: bytes) -> None:
    _check(read_attachment("x.bin", blob, LIMITS))


@settings(max_examples=40, deadline=10_000)
@given(
    st.sampled_from(
        [
            b"%PDF-1.4\n",
            b"PK\x03\x04",
            b"{\\rtf1 ",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
            b"7z\xbc\xaf\x27\x1c",
            b"Rar!\x1a\x07\x00",
            b"\xff\xd8\xff\xe0",
        ]
    ),
    st.binary(max_size=2048),
)
def test_magic_followed_by_garbage_never_crashes(magic: bytes, blob: bytes) -> None:
    _check(read_attachment("x", magic + blob, LIMITS))


@settings(max_examples=50, deadline=5_000)
@given(st.text(max_size=3000))
def test_any_body_text_is_handled(body: str) -> None:
    document = read_body(body)
    assert document is None or document.text


def test_a_tiff_with_a_damaged_frame_header_is_reported_as_corrupt() -> None:
    """Pillow raised TypeError ("Missing dimensions") while seeking the frames of a TIFF with one
    flipped bit in its header, and the whole message crashed instead of failing with a reason."""
    damaged = bytearray(SEEDS["tiff"])
    damaged[8] ^= 1
    reading = read_attachment("scan.tiff", bytes(damaged), LIMITS)
    assert reading.documents or reading.failures
    assert all(f.reason for f in reading.failures)
