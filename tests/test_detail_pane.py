from __future__ import annotations

from kiennghi.tui.detail_pane import ONE_CELL_RANGES, _runs, cells, wrap
from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

CONTENT = ("Trạm trung chuyển rác thải giáp ranh phường bốc mùi hôi nặng, xe chở rác rỉ nước dọc đường "
           "Cổ Linh.\n\nNguồn: https://dichvucong.hanoi.gov.vn/thu-tuc-hanh-chinh/chi-tiet-ho-so-12345\n"
           "  thụt đầu dòng   và   nhiều   khoảng trắng")


def test_lines_fit_and_cover_the_text():
    for width in (8, 13, 20, 37, 80):
        spans = wrap(CONTENT, width, 100)
        assert all(cell_len(CONTENT[a:b].rstrip()) <= width for a, b in spans)
        # Each line starts where the one before ended, or after the paragraph's "\n".
        assert spans[0][0] == 0 and spans[-1][1] == len(CONTENT)
        for (_, end), (start, _) in zip(spans, spans[1:]):
            assert start == end or (start == end + 1 and CONTENT[end] == "\n")


def test_words_are_whole_unless_longer_than_a_line():
    lines = [CONTENT[a:b].rstrip() for a, b in wrap(CONTENT, 20, 100)]
    assert lines[:4] == ["Trạm trung chuyển", "rác thải giáp ranh", "phường bốc mùi hôi", "nặng, xe chở rác rỉ"]
    assert "" in lines  # the blank paragraph
    assert "https://dichvucong.h" in lines  # cut at the width


def test_same_lines_as_rich():
    console = Console(width=30)
    rich_lines = [line.plain.rstrip() for line in Text(CONTENT).wrap(console, 30)]
    ours = [CONTENT[a:b].rstrip() for a, b in wrap(CONTENT, 30, 100)]
    assert ours == rich_lines


def test_height_cuts_and_spans_keep_their_styles():
    assert len(wrap(CONTENT, 10, 3)) == 3
    text = Text()
    text.append("Tổ dân phố: ", style="bold")
    text.append("Tổ dân phố số 36")
    runs = _runs(0, len(text.plain), text.spans)
    assert [(text.plain[a:b], style) for a, b, style in runs] == [("Tổ dân phố: ", "bold"), ("Tổ dân phố số 36", None)]


def test_cells_counts_vietnamese_as_one_cell_and_asks_rich_otherwise():
    assert cells("Phường Phúc Lợi, ngập úng — đường Hội Xá") == cell_len("Phường Phúc Lợi, ngập úng — đường Hội Xá")
    assert cells("Hà Nội 北京") == cell_len("Hà Nội 北京") == 11
    assert cells("e\u0301") == 1  # decomposed: the mark takes no cell
    assert all(cell_len(chr(c)) == 1 for a, b in ONE_CELL_RANGES for c in range(a, b + 1))
