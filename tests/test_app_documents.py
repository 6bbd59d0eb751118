"""The app's way to the office's files: `x` writes the notice or the workbook, `m` merges one back."""

from __future__ import annotations

from dataclasses import replace

import openpyxl
from docx import Document
from kiennghi.io.word import export
from kiennghi.io.tracking import COLUMNS, export_workbook, export_workbooks, read_workbook
from kiennghi.tui.app import KienNghiApp
from kiennghi.tui.documents import Documents
from kiennghi.tui.merge_screen import MergeScreen
from kiennghi.tui.pickers import PickerScreen
from kiennghi.tui.prompts import ConfirmScreen, PromptScreen
from test_app import TODAY, ready, ward  # noqa: F401 - the fixture

DOCUMENTS = Documents(document=export, workbooks=export_workbooks, read_workbook=read_workbook)
LETTERS = {c.field: openpyxl.utils.get_column_letter(n) for n, c in enumerate(COLUMNS, start=1)}


def make_app(config, store) -> KienNghiApp:
    return KienNghiApp(config, store, today=TODAY, documents=DOCUMENTS)


async def _export(pilot, choice: str, target) -> None:
    await pilot.press("x")
    assert isinstance(pilot.app.screen, PickerScreen)
    await pilot.press(*choice, "enter")
    assert isinstance(pilot.app.screen, PromptScreen)
    pilot.app.screen.query_one("#prompt-input").value = str(target)
    await pilot.press("enter")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_x_writes_the_notice_and_the_workbook(config, ward, tmp_path):  # noqa: F811
    app = make_app(config, ward)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        # A notice to sign counts only what is decided: none of 2025 is triaged yet, said before writing.
        await _export(pilot, "thong bao ket luan docx", tmp_path / "tb.docx")
        assert not (tmp_path / "tb.docx").exists()
        # ... and a draft is offered beside it, which may count them.
        assert isinstance(app.screen, ConfirmScreen)
        assert "72 ý kiến chưa phân loại thẩm quyền" in str(app.screen.query_one("#confirm-text").render())
        await pilot.press("escape")
        assert not list(tmp_path.glob("*.docx"))
        await _export(pilot, "thong bao ket luan docx", tmp_path / "tb.docx")
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        draft = [p.text for p in Document(str(tmp_path / "tb-du-thao.docx")).paragraphs]
        assert "DỰ THẢO" in draft and not (tmp_path / "tb.docx").exists()
        asked = []  # the draft of a notice asked with its PDF comes with its PDF
        app.documents = replace(DOCUMENTS, document=lambda record, target, template, pdf: asked.append(pdf) or [target])
        await _export(pilot, "thong bao ket luan pdf", tmp_path / "tb.docx")
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        assert asked == [True]
        app.documents = DOCUMENTS
        await _export(pilot, "du thao", tmp_path / "dt.docx")
        assert (tmp_path / "dt.docx").exists()
        await _export(pilot, "so theo doi excel", tmp_path / "theo-doi.xlsx")
        sheet = openpyxl.load_workbook(tmp_path / "theo-doi.xlsx")["Theo dõi"]
        assert sheet.max_row == 2 + 72
        await _export(pilot, "tung don vi", tmp_path / "gui-di")
        assert not (tmp_path / "gui-di").exists()  # nothing of 2025 is assigned yet
        await pilot.press("left_square_bracket")
        await _export(pilot, "tung don vi", tmp_path / "gui-di")
        assert (tmp_path / "gui-di" / "theo-doi-2024-CA.xlsx").exists()
        await _export(pilot, "thong bao ket luan docx", tmp_path / "tb.docx")  # 2024 is triaged
        signed = [p.text for p in Document(str(tmp_path / "tb.docx")).paragraphs]
        assert "THÔNG BÁO" in signed and "DỰ THẢO" not in signed
        await _export(pilot, "ban cong khai", tmp_path / "ck.docx")
        public = [p.text for p in Document(str(tmp_path / "ck.docx")).paragraphs]
        assert any("theo tổ dân phố" in text for text in public) and not any("theo tổ dân phố" in text for text in signed)
        await _export(pilot, "bao cao ket qua docx", tmp_path / "bc.docx")
        paragraphs = [p.text for p in Document(str(tmp_path / "bc.docx")).paragraphs]
        assert "Kết quả giải quyết các ý kiến, kiến nghị tại Hội nghị đối thoại năm 2024" in paragraphs


async def test_m_reviews_every_change_and_merges_the_ticked_ones(config, ward, tmp_path):  # noqa: F811
    path = export_workbook(config, ward.items(2024), 2024, tmp_path / "theo-doi.xlsx")
    items = ward.items(2024)
    book = openpyxl.load_workbook(path)
    sheet = book["Theo dõi"]
    sheet[f"{LETTERS['note']}3"] = "gọi lại cho hộ dân"
    sheet[f"{LETTERS['roadmap']}4"] = "Quý I/2025"
    book.save(path)
    app = make_app(config, ward)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("m")
        app.screen.query_one("#prompt-input").value = str(path)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, MergeScreen)
        assert "áp dụng 2 thay đổi trên 2 ý kiến" in str(app.screen.query_one("Static").render())
        await pilot.press("down", "space")  # untick the second change
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert ward.item(items[0].id).note == "gọi lại cho hộ dân"
        assert ward.item(items[1].id).roadmap == items[1].roadmap  # not ticked, not merged
        assert ward.history(items[0].id)[-1].detail == "theo-doi.xlsx"
