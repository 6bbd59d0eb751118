from __future__ import annotations

import unicodedata

import pytest
from kiennghi.io.csvfile import decode_bytes
from kiennghi.io.importer import plan_import
from kiennghi.io.legacy import TCVN3_TABLE, VNI_TABLE, decode, decode_cell, encoding_of_font, guess_encoding

from tests.conftest import fixture_path

UNICODE = "Đề nghị phường kiểm tra việc lấn chiếm vỉa hè ở ngõ 12, người đi bộ phải xuống lòng đường."


def to_tcvn3(text: str) -> str:
    """TCVN3 as typists wrote it: capital toned vowels do not exist, so they are lower case."""
    reverse = {v: chr(k) for k, v in TCVN3_TABLE.items()}
    return "".join(reverse.get(ch) or reverse.get(ch.lower(), ch) for ch in text)


def to_vni(text: str) -> str:
    reverse = {v: k for k, v in VNI_TABLE.items()}
    return "".join(reverse.get(ch, ch) for ch in text)


def to_cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese keyboards write it: tone marks as combining characters."""
    tones = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
    out = []
    for ch in text:
        parts = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(p for p in parts if p not in tones))
        out.append(base + "".join(p for p in parts if p in tones))
    return "".join(out).encode("cp1258")


def test_fonts_tell_the_encoding():
    assert encoding_of_font(".VnTime") == ("tcvn3", False)
    assert encoding_of_font(".VnTimeH") == ("tcvn3", True)
    assert encoding_of_font(".VnArialH") == ("tcvn3", True)
    assert encoding_of_font("VNI-Times") == ("vni", False)
    assert encoding_of_font("Times New Roman") == (None, False)


def test_tcvn3_round_trip_and_capitals():
    assert decode(to_tcvn3(UNICODE), "tcvn3") == UNICODE
    assert decode_cell("lÜnh vùc ®« thÞ, x©y dùng", ".VnTimeH") == "LĨNH VỰC ĐÔ THỊ, XÂY DỰNG"
    assert decode_cell("§Ò nghÞ ñy ban MTTQ ph­êng", ".VnTime") == "Đề nghị Ủy ban MTTQ phường"
    assert decode_cell("ViÖc cÊp ñy. ¸p dông", ".VnTime") == "Việc cấp ủy. Áp dụng"


def test_vni_round_trip():
    assert decode(to_vni(UNICODE), "vni") == UNICODE
    assert decode_cell("Vieät Nam", "VNI-Times") == "Việt Nam"


@pytest.mark.parametrize("text, expected", [
    (UNICODE, None),
    ("Ông Lê Quang Thái", None),
    ("Samsung® Galaxy, giá 5.000.000 đồng", None),
    ("Hello world", None),
])
def test_unicode_text_is_never_converted(text, expected):
    assert guess_encoding(text) is expected
    assert decode_cell(text, None) == text


def test_guessing_by_pattern():
    assert guess_encoding(to_tcvn3(UNICODE)) == "tcvn3"
    assert guess_encoding(to_vni(UNICODE)) == "vni"


@pytest.mark.parametrize("encoder", ["cp1258", "utf-16", "utf-8", "tcvn3-bytes", "vni-bytes"])
def test_csv_in_every_encoding_imports_the_same_items(encoder, config, tmp_path):
    text = fixture_path("mttq-2025.csv").read_text("utf-8-sig")
    data = {
        "cp1258": lambda: to_cp1258(text),
        "utf-16": lambda: text.encode("utf-16"),
        "utf-8": lambda: text.encode("utf-8"),
        "tcvn3-bytes": lambda: to_tcvn3(text).encode("latin-1"),
        "vni-bytes": lambda: to_vni(text).encode("cp1252"),
    }[encoder]()
    path = tmp_path / f"mttq-2025-{encoder}.csv"
    path.write_bytes(data)
    expected = plan_import(fixture_path("mttq-2025.csv"), config).items
    got = plan_import(path, config).items
    assert [(i.content, i.to_dan_pho, i.submitter, i.sector) for i in got] == \
           [(i.content, i.to_dan_pho, i.submitter, i.sector) for i in expected]


def test_decode_bytes_prefers_utf8():
    assert decode_bytes("Tổ dân phố".encode()) == ("Tổ dân phố", None)
