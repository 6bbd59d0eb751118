"""How a sheet's rows and columns are told apart, on sheets laid out unlike the fixtures, and
how the officer corrects what kiennghi is unsure of (`--column`, `--row`, `--end`, `--map`,
`--save`). `test_import_corpus.py` runs the same rules over hundreds of generated shapes."""

from __future__ import annotations

import tomllib
from pathlib import Path

import openpyxl
import pytest
from kiennghi.io.importer import plan_import

from kiennghi.cli import main
from kiennghi.config import load_config
from kiennghi.errors import InputError
from kiennghi.import_plan import LayoutChoices
from kiennghi.store import Store

TITLE = [
    ["ỦY BAN MTTQ VIỆT NAM", "", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
    ["PHƯỜNG PHÚC LỢI", "", "Độc lập - Tự do - Hạnh phúc"],
    [],
    ["TỔNG HỢP Ý KIẾN, KIẾN NGHỊ CỦA CỬ TRI NĂM 2025"],
    [],
]
# The sheet of the issue: "TT | Cử tri (Tên cử tri, Địa chỉ) | Ý kiến cử tri | Đơn vị trả lời",
# a two-row header with x marks under "Thẩm quyền giải quyết", numerals apart from their titles,
# sub-headings, a heading naming two sectors, a summary table and a signature block.
CONFERENCE_SHEET = [
    ["Ý KIẾN PHÁT BIỂU TRỰC TIẾP TẠI HỘI NGHỊ"],
    ["STT", "Đại biểu", "Nội dung ý kiến"],
    [1, "Ông Lê Văn Tám, TDP 4", "Đề nghị nạo vét rãnh thoát nước ngõ 5 trước mùa mưa bão năm sau"],
    [2, "Bà Ngô Thị Hạnh, TDP 8", "Đề nghị lắp camera an ninh tại khu vực vườn hoa TDP 8 vì hay mất trộm xe"],
]
MAIN_SHEET = TITLE + [
    ["TT", "Cử tri (Tên cử tri, Địa chỉ)", "Ý kiến cử tri", "Đơn vị trả lời", "Thẩm quyền giải quyết", ""],
    ["", "", "", "", "Phường", "Cấp trên"],
    ["I.", "LĨNH VỰC ĐÔ THỊ, XÂY DỰNG"],
    ["1.", "Trật tự đô thị"],
    ["1.1", "Ông Nguyễn Văn Hùng, TDP 5", "Đề nghị xử lý việc lấn chiếm vỉa hè làm nơi kinh doanh tại ngõ 12 phố Ngọc Thụy",
     "Phòng Kinh tế, Hạ tầng và Đô thị", "x", ""],
    ["1.2", "Bà Lê Thị Mai - Tổ dân phố số 3", "Đề nghị kiểm tra công trình xây dựng sai phép tại số nhà 25 ngõ 68",
     "Phòng KT-HT-ĐT", "x", ""],
    ["2.", "Chiếu sáng"],
    ["2.1", "Cử tri TDP 7", "Ngõ 12 Ngọc Thụy ban đêm không có đèn chiếu sáng, đề nghị lắp đặt bổ sung",
     "Phòng Kinh tế, Hạ tầng và Đô thị", "x", ""],
    ["II.", "LĨNH VỰC GIÁO DỤC, Y TẾ"],
    ["1", "Chi hội Người cao tuổi TDP 3", "Đề nghị Trạm Y tế phường tổ chức khám sức khỏe định kỳ cho người cao tuổi",
     "Phòng Văn hóa - Xã hội", "x", ""],
    ["2", "Ông Trần Văn Bình (TDP 9)", "Đề nghị Sở Giáo dục sớm công bố phương án tuyển sinh lớp 10 năm học tới",
     "Sở Giáo dục và Đào tạo", "", "x"],
    ["VI.", "NỘI DUNG KHÁC"],
    ["1", "Ông Đỗ Văn Nam, TDP 2", "Đề nghị phường công khai kế hoạch sử dụng nhà văn hóa tổ dân phố sau sáp nhập",
     "Văn phòng HĐND và UBND phường", "x", ""],
    [],
    ["", "Lĩnh vực", "Số ý kiến"],
    ["", "Đô thị", 3],
    ["", "Giáo dục, y tế", 2],
    ["", "Tổng cộng", 6],
    [],
    ["", "", "Phúc Lợi, ngày 20 tháng 10 năm 2025"],
    ["", "", "TM. BAN THƯỜNG TRỰC"],
    ["", "", "CHỦ TỊCH"],
    ["", "", "(đã ký)"],
    ["", "", "Nguyễn Thị Lan"],
]


def write(path: Path, sheets: dict[str, list[list[object]]], merges: dict[str, list[str]] | None = None) -> Path:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
        for cells in (merges or {}).get(name, []):
            sheet.merge_cells(cells)
    workbook.save(path)
    return path


@pytest.fixture
def issue_sheet(tmp_path) -> Path:
    return write(tmp_path / "y-kien-cu-tri.xlsx", {"Tổng hợp": MAIN_SHEET, "Ý kiến trực tiếp tại HN": CONFERENCE_SHEET},
                 {"Tổng hợp": ["E6:F6"]})


def test_the_issue_sheet_is_read_by_structure(issue_sheet, config):
    plan = plan_import(issue_sheet, config, strict=False)
    main, conference = plan.sheets
    assert main.header.rows == [6, 7]
    got = [(i.stt, i.submitter, i.to_dan_pho, i.sector, i.jurisdiction, i.proposed, i.source) for i in main.items]
    assert got == [
        ("1.1", "Ông Nguyễn Văn Hùng", "TDP 5", "DO-THI", "phuong", "Phòng Kinh tế, Hạ tầng và Đô thị", "mttq"),
        ("1.2", "Bà Lê Thị Mai", "Tổ dân phố số 3", "DO-THI", "phuong", "Phòng KT-HT-ĐT", "mttq"),
        ("2.1", "Cử tri TDP 7", "", "DO-THI", "phuong", "Phòng Kinh tế, Hạ tầng và Đô thị", "mttq"),
        ("1", "Chi hội Người cao tuổi TDP 3", "", "GIAO-DUC", "phuong", "Phòng Văn hóa - Xã hội", "mttq"),
        ("2", "Ông Trần Văn Bình", "TDP 9", "GIAO-DUC", "cap-tren", "Sở Giáo dục và Đào tạo", "mttq"),
        ("1", "Ông Đỗ Văn Nam", "TDP 2", "KHAC", "phuong", "Văn phòng HĐND và UBND phường", "mttq"),
    ]
    assert all(item.response == "" for item in main.items)  # a unit column is never the response
    assert [(g.row, g.sub) for g in main.groups] == [(8, False), (9, True), (12, True), (14, False), (17, False)]
    assert main.groups[3].alternatives == ("Y-TE",)
    assert [(d.kind, d.row) for d in main.doubts] == [("two-sectors", 14)]
    assert {s.row for s in main.skipped} >= {20, 21, 22, 23, 25, 26, 27, 28, 29}
    assert [(i.submitter, i.to_dan_pho, i.source) for i in conference.items] == [
        ("Ông Lê Văn Tám", "TDP 4", "hoi-nghi"), ("Bà Ngô Thị Hạnh", "TDP 8", "hoi-nghi")]
    assert not conference.doubts and conference.confidence == 100
    assert main.confidence < 100


def test_a_mapped_heading_takes_the_officers_sector(issue_sheet, config):
    choices = LayoutChoices(values={"linh vuc giao duc y te": "Y-TE"})
    plan = plan_import(issue_sheet, config, choices=choices)
    assert [i.sector for i in plan.sheets[0].items][3:5] == ["Y-TE", "Y-TE"]
    assert not plan.doubts


def test_the_officer_says_what_a_column_and_a_row_are(tmp_path, config):
    rows = [["STT", "Nội dung", "Ý kiến"],  # "Nội dung" holds the place; the sentences are in C
            [1, "TDP 3", "Đề nghị sửa chữa mặt đường ngõ 40 bị sụt lún sau mưa lớn"],
            [2, "TDP 4", "Đề nghị lắp thêm đèn chiếu sáng ở đầu ngõ 12 vì buổi tối rất tối"],
            [3, "TDP 5", "Đề nghị bố trí thùng rác công cộng ở khu vực chợ tạm Gia Quất"],
            [4, "Tổng hợp", "Ghi chú: đã lấy ý kiến tại 3 tổ dân phố trong tháng 9/2025"]]
    path = write(tmp_path / "mau-2025.xlsx", {"Sheet1": rows})
    plan = plan_import(path, config, strict=False)
    assert [i.content[:12] for i in plan.items][:3] == ["Đề nghị sửa ", "Đề nghị lắp ", "Đề nghị bố t"]
    assert [d.kind for _, d in plan.doubts] == ["column-disagrees"]
    fixed = plan_import(path, config, choices=LayoutChoices(columns={1: "to_dan_pho", 2: "content"}, rows={5: "skip"}))
    assert [(i.stt, i.to_dan_pho) for i in fixed.items] == [("1", "TDP 3"), ("2", "TDP 4"), ("3", "TDP 5")]
    assert not fixed.doubts
    assert [i.stt for i in plan_import(path, config, choices=LayoutChoices(end=3), strict=False).items] == ["1", "2"]


def test_unknown_check_column_is_a_doubt_and_can_be_mapped(tmp_path, config):
    rows = [["STT", "Nội dung kiến nghị", "Thẩm quyền", ""],
            ["", "", "Phường", "Quận"],
            [1, "Đề nghị nạo vét mương thoát nước dọc đường Cổ Linh trước mùa mưa", "x", ""],
            [2, "Đề nghị Thành phố đầu tư tuyến xe buýt kết nối khu đô thị với trung tâm", "", "x"]]
    path = write(tmp_path / "x-2025.xlsx", {"Sheet1": rows}, {"Sheet1": ["C1:D1"]})
    plan = plan_import(path, config, strict=False)
    assert [i.jurisdiction for i in plan.items] == ["phuong", None]
    assert [(d.kind, d.column) for _, d in plan.doubts] == [("unknown-value", 3)]
    mapped = plan_import(path, config, choices=LayoutChoices(values={"quan": "cap-tren"}))
    assert [i.jurisdiction for i in mapped.items] == ["phuong", "cap-tren"] and not mapped.doubts


def test_names_signatures_and_totals_in_the_content_column_are_doubts_not_items(tmp_path, config):
    rows = [["STT", "Nội dung ý kiến"],
            [1, "Đề nghị sửa chữa hệ thống thoát nước ngõ 15 phố Phúc Lợi bị tắc"],
            [2, "Nguyễn Văn Hùng"],
            [3, "Tổng cộng: 2 ý kiến"],
            [4, "Đề nghị tăng cường tuần tra ban đêm tại khu vực vườn hoa TDP 9"]]
    plan = plan_import(write(tmp_path / "ten-2025.xlsx", {"Sheet1": rows}), config, strict=False)
    assert [i.stt for i in plan.items] == ["1", "4"]
    assert [(d.kind, d.row) for _, d in plan.doubts] == [("looks-like-name", 3), ("looks-like-total", 4)]
    forced = plan_import(write(tmp_path / "ten-2025.xlsx", {"Sheet1": rows}), config,
                         choices=LayoutChoices(rows={3: "item"}), strict=False)
    assert [i.stt for i in forced.items] == ["1", "2", "4"]


def test_a_row_without_stt_but_with_its_own_place_is_a_doubt(tmp_path, config):
    rows = [["STT", "Nội dung ý kiến", "Tổ dân phố"],
            [1, "Đề nghị sửa chữa hệ thống thoát nước ngõ 15 phố Phúc Lợi bị tắc", "TDP 3"],
            ["", "Đề nghị lắp đặt biển báo giảm tốc độ trước cổng trường tiểu học", "TDP 8"]]
    plan = plan_import(write(tmp_path / "noi-2025.xlsx", {"Sheet1": rows}), config, strict=False)
    assert len(plan.items) == 1 and [(d.kind, d.row) for _, d in plan.doubts] == [("continuation-looks-like-item", 3)]
    split = plan_import(write(tmp_path / "noi-2025.xlsx", {"Sheet1": rows}), config,
                        choices=LayoutChoices(rows={3: "item"}))
    assert [i.to_dan_pho for i in split.items] == ["TDP 3", "TDP 8"]


def test_items_resume_after_a_section_total(tmp_path, config):
    rows = [["STT", "Nội dung ý kiến"],
            ["A", "Ý KIẾN CỬ TRI DO MTTQ TỔNG HỢP"],
            [1, "Đề nghị sửa chữa hệ thống thoát nước ngõ 15 phố Phúc Lợi bị tắc"],
            ["", "Cộng: 1 ý kiến"],
            ["B", "Ý KIẾN PHÁT BIỂU TẠI HỘI NGHỊ"],
            [1, "Đề nghị tăng cường tuần tra ban đêm tại khu vực vườn hoa TDP 9"],
            ["", "Tổng cộng: 2 ý kiến"]]
    plan = plan_import(write(tmp_path / "phan-2025.xlsx", {"Sheet1": rows}), config)
    assert [(i.stt, i.source) for i in plan.items] == [("1", "mttq"), ("1", "hoi-nghi")]
    assert not plan.doubts


def test_every_clean_fixture_has_no_doubt(config):
    from tests.test_import_fixtures import SHAPES
    from tests.conftest import fixture_path

    for name in SHAPES + ["theo-doi-2024.xlsx"]:
        plan = plan_import(fixture_path(name), config)
        assert plan.doubts == [], name
        assert all(sheet.confidence == 100 for sheet in plan.sheets), name


# --- the command line -------------------------------------------------------------------------


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_dry_run_shows_everything_even_when_the_import_would_be_refused(workdir, capsys):
    rows = [["STT", "Nội dung", "Lĩnh vực"],
            [1, "Đề nghị sửa chữa hệ thống thoát nước ngõ 15 phố Phúc Lợi bị tắc", "Thủy lợi nội đồng"],
            [2, "Đề nghị tăng cường tuần tra ban đêm tại khu vực vườn hoa TDP 9", "An ninh trật tự"]]
    path = write(workdir / "loi-2025.xlsx", {"Sheet1": rows})
    code, out, _ = run(capsys, "import", str(path), "--dry-run")
    assert code == 1 and "Ô không hợp lệ" in out and "Thủy lợi nội đồng" in out and "2 ý kiến đầu tiên" in out
    code, _, err = run(capsys, "import", str(path))
    assert code == 1 and "ô C2" in err and not Store.open(workdir / "kiennghi.db").items()
    code, out, _ = run(capsys, "import", str(path), "--map", "Thủy lợi nội đồng=NGAP-UNG")
    assert code == 0 and "Đã nhập 2 ý kiến" in out


def test_doubts_wait_for_the_officer(workdir, capsys, issue_sheet):
    code, out, _ = run(capsys, "import", str(issue_sheet), "--dry-run")
    assert code == 4 and "Điều chưa chắc chắn" in out and "LĨNH VỰC GIÁO DỤC, Y TẾ" in out
    code, out, err = run(capsys, "import", str(issue_sheet))
    assert code == 4 and "--accept-doubts" in err
    with Store.open(workdir / "kiennghi.db") as store:
        assert store.items() == []
    code, out, _ = run(capsys, "import", str(issue_sheet), "--accept-doubts")
    assert code == 0 and "Đã nhập 8 ý kiến" in out


def test_wrong_fixes_are_refused_with_exit_2(workdir, capsys, issue_sheet):
    for option in (["--column", "D=nguoi"], ["--column", "5=content"], ["--row", "a=skip"],
                   ["--row", "3=xoa"], ["--map", "Quận=KHONG-CO"], ["--map", "Quận"]):
        with pytest.raises(SystemExit) as exited:
            main(["import", str(issue_sheet), "--dry-run", *option])
        assert exited.value.code == 2, option
        assert "Lỗi:" in capsys.readouterr().err


def test_save_teaches_the_config_a_spelling_and_keeps_its_comments(workdir, capsys, issue_sheet):
    before = (workdir / "config.toml").read_text("utf-8")
    code, out, _ = run(capsys, "import", str(issue_sheet), "--map", "LĨNH VỰC GIÁO DỤC, Y TẾ=Y-TE", "--save")
    assert code == 0 and "Đã thêm cách viết mới" in out
    after = (workdir / "config.toml").read_text("utf-8")
    assert (workdir / "config.toml.bak").read_text("utf-8") == before
    assert [line for line in before.splitlines() if line.startswith("#")] == \
        [line for line in after.splitlines() if line.startswith("#")]
    health = next(s for s in tomllib.loads(after)["sectors"] if s["code"] == "Y-TE")
    assert health["aliases"][-1] == "LĨNH VỰC GIÁO DỤC, Y TẾ"
    assert load_config(workdir / "config.toml").sectors.match("Lĩnh vực giáo dục, y tế").code == "Y-TE"


def test_save_remembers_the_columns_for_the_next_sheet_of_the_same_shape(workdir, capsys):
    header = ["STT", "Nội dung", "Ý kiến"]
    first = write(workdir / "dot1-2025.xlsx", {"Sheet1": [header, [1, "TDP 3", "Đề nghị sửa chữa mặt đường ngõ 40 bị sụt lún sau mưa"],
                                                          [2, "TDP 4", "Đề nghị lắp thêm đèn chiếu sáng ở đầu ngõ 12 vì buổi tối"]]})
    second = write(workdir / "dot2-2025.xlsx", {"Sheet1": [header, [1, "TDP 9", "Đề nghị bố trí thùng rác công cộng ở khu vực chợ tạm"]]})
    code, _, _ = run(capsys, "import", str(first), "--column", "B=to_dan_pho", "--column", "C=content", "--save")
    assert code == 0
    code, out, _ = run(capsys, "import", str(second), "--dry-run")
    assert code == 0 and "đã lưu" in out
    code, _, _ = run(capsys, "import", str(second))
    assert code == 0
    with Store.open(workdir / "kiennghi.db") as store:
        assert [(i.to_dan_pho, i.content[:7]) for i in store.items(2025)][-1] == ("TDP 9", "Đề nghị")


def test_save_without_a_config_file_says_so(tmp_path, monkeypatch, issue_sheet):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("KIENNGHI_CONFIG", raising=False)
    from kiennghi.io.config_file import add_aliases

    config = load_config()
    if Path(config.source).is_file():
        pytest.skip("a system configuration exists on this machine")
    with pytest.raises(InputError, match="cấu hình mặc định"):
        add_aliases(config, [("sectors", "Y-TE", "Y tế học đường")])


# --- the app's import preview -------------------------------------------------------------------


async def preview(pilot, path: Path):
    """The import screen, `path` typed and previewed: the screen."""
    pilot.app.screen.query_one("#path").value = str(path)
    await pilot.press("enter")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    return pilot.app.screen


async def test_the_officer_fixes_the_reading_in_the_app_preview(workdir, issue_sheet):
    from kiennghi.io.config_file import add_aliases
    from kiennghi.tui.app import KienNghiApp
    from kiennghi.tui.documents import Documents

    config = load_config(workdir / "config.toml")
    documents = Documents(document=None, workbooks=None, read_workbook=None, add_aliases=add_aliases)
    with Store.open(workdir / "ward.db") as store:
        app = KienNghiApp(config, store, planner=plan_import, documents=documents)
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await preview(pilot, issue_sheet)
            assert [d.kind for _, d in screen.plan.doubts] == ["two-sectors"]
            await pilot.press("v")  # the prompt proposes the doubtful heading
            await pilot.pause()
            prompt = app.screen.query_one("#prompt-input")
            assert prompt.value == "LĨNH VỰC GIÁO DỤC, Y TẾ="
            await pilot.press("Y", "minus", "T", "E", "enter")
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert screen.plan.doubts == [] and screen.plan.sheets[0].items[3].sector == "Y-TE"
            await pilot.press("r")
            await pilot.pause()
            await pilot.press("1", "0", "equals_sign", *"skip", "enter")  # not the first item after all
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert [i.stt for i in screen.plan.sheets[0].items][:2] == ["1.2", "2.1"]
            await pilot.press("s", "enter")
            await pilot.pause()
            assert app.items_screen.year == 2025 and len(app.items_screen.items) == 7
        assert load_config(workdir / "config.toml").sectors.match("LĨNH VỰC GIÁO DỤC, Y TẾ").code == "Y-TE"


async def test_a_column_is_chosen_from_pickers_in_the_app(workdir):
    from kiennghi.tui.app import KienNghiApp

    rows = [["STT", "Nội dung", "Ý kiến"],
            [1, "TDP 3", "Đề nghị sửa chữa mặt đường ngõ 40 bị sụt lún sau mưa lớn"],
            [2, "TDP 4", "Đề nghị lắp thêm đèn chiếu sáng ở đầu ngõ 12 vì buổi tối rất tối"]]
    path = write(workdir / "cot-2025.xlsx", {"Sheet1": rows})
    config = load_config(workdir / "config.toml")
    with Store.open(workdir / "ward.db") as store:
        app = KienNghiApp(config, store, planner=plan_import)
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await preview(pilot, path)
            assert [d.kind for _, d in screen.plan.doubts] == ["column-disagrees"]
            await pilot.press("c")
            await pilot.pause()
            await pilot.press("b", "enter")  # column B …
            await pilot.pause()
            await pilot.press(*"to dan", "enter")  # … is the residential group
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert [i.to_dan_pho for i in screen.plan.items] == ["TDP 3", "TDP 4"]
            assert screen.plan.doubts == []


# --- what a new user's own sheets showed (tests/... trial of 2026-12-01) ---------------------------


def test_a_summary_sheet_and_one_sheet_per_group_bring_each_petition_once(tmp_path, config):
    petitions = {12: ["Đề nghị sửa chữa hệ thống thoát nước ngõ 15 phố Phúc Lợi bị tắc lâu ngày",
                      "Đề nghị lắp thêm đèn chiếu sáng ở đầu ngõ 68 vì buổi tối rất tối"],
                 13: ["Đề nghị bố trí thùng rác công cộng ở khu vực chợ tạm Gia Quất"]}
    summary = [["TT", "Nội dung kiến nghị", "Tổ dân phố"]] + [
        [n, text, f"TDP {tdp}"] for n, (tdp, text) in enumerate(((t, x) for t, xs in petitions.items() for x in xs), 1)]
    sheets = {"Tổng hợp": summary + [[], ["", "Tổng số: 3 ý kiến"]]}
    for tdp, texts in petitions.items():
        sheets[f"TDP {tdp}"] = [["TT", "Nội dung kiến nghị"], *([n, t] for n, t in enumerate(texts, 1)),
                                [], ["", f"Tổ trưởng TDP {tdp}"]]
    sheets["TDP 14"] = [["TT", "Nội dung kiến nghị"], [1, "Đề nghị tăng cường tuần tra ban đêm tại vườn hoa TDP 14"]]
    plan = plan_import(write(tmp_path / "cum-2025.xlsx", sheets), config)
    assert [(i.origin.sheet, i.to_dan_pho) for i in plan.items] == [
        ("Tổng hợp", "TDP 12"), ("Tổng hợp", "TDP 12"), ("Tổng hợp", "TDP 13"), ("TDP 14", "TDP 14")]
    assert [s.ignored for s in plan.sheets[1:3]] == ["mọi ý kiến của trang đã có ở trang “Tổng hợp”: không nhập lại"] * 2
    assert plan.doubts == []


def test_numbered_merged_and_loose_rows_are_never_glued_to_the_item_above(tmp_path, config):
    rows = [["STT", "Tổ dân phố", "Nội dung kiến nghị", "Người kiến nghị"],
            [1, "TDP 4", "Đề nghị sửa chữa hệ thống thoát nước ngõ 15 phố Phúc Lợi bị tắc", "Ông Giang"],
            [2, "", "Đề nghị lắp thêm đèn chiếu sáng ở đầu ngõ 68 vì buổi tối rất tối", "Bà Hằng"],
            [3, "TDP 6", "", "Bà Lan"],  # a number of its own, its content lost: never the end of item 2
            [],
            ["", "", "Người tổng hợp: Nguyễn Văn Tám (0912 345 678)", ""],
            ["", "", "Ghi chú: các ý kiến tại hội nghị năm trước đã được trả lời", ""]]
    path = write(tmp_path / "gop-2025.xlsx", {"Sheet1": rows}, {"Sheet1": ["B2:B3"]})  # "TDP 4" merged down
    plan = plan_import(path, config, strict=False)
    assert [(i.stt, i.to_dan_pho, i.submitter, i.origin.rows) for i in plan.items] == [
        ("1", "TDP 4", "Ông Giang", [2]), ("2", "TDP 4", "Bà Hằng", [3])]
    assert [(d.kind, d.row) for _, d in plan.doubts] == [("looks-like-item", 4)]
    assert all(i.source == "mttq" for i in plan.items)


def test_a_row_alone_after_a_blank_row_is_not_a_continuation(tmp_path, config):
    rows = [["STT", "Nội dung kiến nghị"],
            [1, "Đề nghị sửa chữa hệ thống thoát nước ngõ 15 phố Phúc Lợi bị tắc"],
            [],
            ["", "và nạo vét mương dọc đường Cổ Linh"]]
    plan = plan_import(write(tmp_path / "roi-2025.xlsx", {"Sheet1": rows}), config, strict=False)
    assert plan.items[0].origin.rows == [2]
    assert [(d.kind, d.row) for _, d in plan.doubts] == [("loose-row", 4)]
    joined = plan_import(write(tmp_path / "roi-2025.xlsx", {"Sheet1": rows}), config, choices=LayoutChoices(rows={4: "item"}))
    assert len(joined.items) == 2


def test_conference_sheets_known_by_their_title_or_a_delegates_name(tmp_path, config):
    items = [["STT", "Họ tên đại biểu", "Nội dung"],
             [1, "Ông Lý Văn Mạnh (TDP 13)", "Đề nghị nạo vét rãnh thoát nước ngõ 5 trước mùa mưa bão năm sau"]]
    sheets = {"Đại biểu nêu ý kiến 31.10": items, "Sheet2": [["Ý KIẾN PHÁT BIỂU TẠI HỘI NGHỊ"], *items[:1],
                                                               [1, "Bà Lê Thị Mai", "Đề nghị lắp camera an ninh tại vườn hoa TDP 8 vì hay mất trộm xe"]]}
    plan = plan_import(write(tmp_path / "hn-2025.xlsx", sheets), config)
    assert [(i.source, i.submitter, i.to_dan_pho) for i in plan.items] == [
        ("hoi-nghi", "Ông Lý Văn Mạnh", "TDP 13"), ("hoi-nghi", "Bà Lê Thị Mai", "")]
    by_option = plan_import(tmp_path / "hn-2025.xlsx", config, sheet_sources={"sheet2": "mttq"})
    assert [i.source for i in by_option.items] == ["hoi-nghi", "mttq"]


def test_a_tracking_workbook_titled_for_the_conference_holds_no_conference_items(tmp_path, config):
    """"SỔ THEO DÕI … KIẾN NGHỊ TẠI HỘI NGHỊ ĐỐI THOẠI NĂM 2024" follows the conference's items,
    wherever each was raised: its results columns say so (found by a new user's trial: the
    sample tracking workbook's 160 items were all taken as raised at the conference); the same
    title over a sheet without results is the conference's own list."""
    title = [["SỔ THEO DÕI KẾT QUẢ GIẢI QUYẾT Ý KIẾN, KIẾN NGHỊ TẠI HỘI NGHỊ ĐỐI THOẠI NĂM 2024"], []]
    rows = [[1, "Đề nghị nạo vét rãnh thoát nước ngõ 5 trước mùa mưa bão năm sau", "Đã giải quyết xong"]]
    for header, source in ((["STT", "Nội dung ý kiến, kiến nghị", "Tình trạng"], "mttq"),
                           (["STT", "Nội dung ý kiến, kiến nghị", "Kết quả giải quyết"], "mttq"),
                           (["STT", "Nội dung ý kiến, kiến nghị", "Ghi chú"], "hoi-nghi")):
        plan = plan_import(write(tmp_path / "theo-doi-2024.xlsx", {"Theo dõi": [*title, header, *rows]}), config)
        assert [i.source for i in plan.items] == [source], header


def test_sector_cells_and_sub_headings_that_name_sectors(tmp_path, config):
    rows = [["STT", "Lĩnh vực", "Nội dung kiến nghị"],
            [1, "Môi trường - đô thị", "Đề nghị xử lý điểm đổ phế thải xây dựng tự phát cuối ngõ 12"],
            [2, "1/2", "1/2"]]
    plan = plan_import(write(tmp_path / "lv-2025.xlsx", {"Sheet1": rows}), config, strict=False)
    assert plan.items[0].sector == "MOI-TRUONG"
    assert [(d.kind, d.row) for _, d in plan.doubts] == [("two-sectors", 2), ("not-a-petition", 3)]
    rows = [["STT", "Nội dung kiến nghị"],
            ["I", "LĨNH VỰC ĐÔ THỊ, GIAO THÔNG"],
            ["1", "Trật tự đô thị"], ["1.1", "Đề nghị xử lý việc lấn chiếm vỉa hè làm nơi kinh doanh tại ngõ 12"],
            ["2", "Giao thông"], ["2.1", "Đề nghị lắp biển báo hạn chế tốc độ trước cổng trường tiểu học"]]
    plan = plan_import(write(tmp_path / "con-2025.xlsx", {"Sheet1": rows}), config, strict=False)
    assert [i.sector for i in plan.items] == ["DO-THI", "GIAO-THONG"]


def test_the_ward_among_the_units_of_a_check_heading_is_the_jurisdiction(tmp_path, config):
    rows = [["STT", "Nội dung kiến nghị", "Đơn vị giải quyết", "", ""],
            ["", "", "Phường", "Công an phường", "Điện lực"],
            [1, "Đề nghị sửa chữa hệ thống thoát nước ngõ 15 phố Phúc Lợi bị tắc", "x", "", ""],
            [2, "Đề nghị kiểm tra việc cho thuê trọ không khai báo tạm trú ngõ 5", "", "x", ""],
            [3, "Khu vực TDP 11 thường xuyên mất điện vào buổi tối trong mùa hè", "", "", "x"]]
    plan = plan_import(write(tmp_path / "dv-2025.xlsx", {"Sheet1": rows}, {"Sheet1": ["C1:E1"]}), config)
    assert [(i.jurisdiction, i.proposed) for i in plan.items] == [
        ("phuong", ""), (None, "Công an phường"), (None, "Điện lực")]
    assert plan.doubts == []


def test_a_dry_run_says_the_real_import_would_be_refused_and_which_fixes_did_nothing(workdir, capsys, issue_sheet):
    assert main(["import", str(issue_sheet), "--accept-doubts"]) == 0
    capsys.readouterr()
    copy = workdir / "ban-sao-2025.xlsx"
    copy.write_bytes(issue_sheet.read_bytes())
    code, _, err = run(capsys, "import", str(copy), "--dry-run", "--map", "Không có chữ này=CA", "--column", "Z=note")
    err = " ".join(err.split())
    assert code == 1 and "Nhập thật sẽ bị từ chối" in err and "(với tên y-kien-cu-tri.xlsx)" in err
    assert "Không dùng đến" in err and "“Không có chữ này”" in err and "--column Z" in err
    code, out, _ = run(capsys, "import", str(copy), "--dry-run", "--sheet", "y kien truc tiep tai hn")
    assert "Ý kiến trực tiếp tại HN" in out and "Tổng hợp" not in out.split("5 ý kiến đầu tiên")[0].split("Trang")[1]


def test_control_characters_of_a_sheet_never_reach_the_terminal(workdir, capsys):
    """A petition holding ESC sequences (the clipboard's OSC 52, a title, a clear screen) is stored
    as it is, and shown with visible marks by `list`, `show` and the preview."""
    hostile = "Đề nghị sửa đèn\x1b]52;c;ZWNobyBoaQ==\x07 ngõ 5\x1b[2J và\x9b31m cống, phí \u202egnóđ 000.01\u202c"
    path = workdir / "doc-2025.csv"
    path.write_text(f"STT,Nội dung kiến nghị\n1,\"{hostile}\"\n", "utf-8")
    for command in (["import", str(path), "--dry-run"], ["import", str(path)], ["list"], ["show", "KN-2025-001"]):
        code, out, err = run(capsys, *command)
        assert code == 0, (command, err)
        assert not any(ch in out + err for ch in "\x1b\x07\x9b\u202e\u202c"), command
    assert "␛" in out
    with Store.open(workdir / "kiennghi.db") as store:
        assert store.item("KN-2025-001").content == hostile  # kept as the sheet had it


def test_a_file_name_with_escapes_never_reaches_the_terminal(workdir, capsys):
    """A name can come from an archive unpacked on the server: the import, the export, the
    merge and the backup say it with visible marks."""
    path = workdir / "tong-hop-2025\x1b]0;PWNED\x1b\\\x1b[2J.csv"
    path.write_text("STT,Nội dung kiến nghị\n1,Đề nghị sửa đèn chiếu sáng ngõ 5 bị hỏng đã lâu\n", "utf-8")
    book = workdir / "theo-doi\x1b[2J.xlsx"
    for command in (["import", str(path)], ["export", "workbook", "--year", "2025", "-o", str(book)],
                    ["merge", str(book)], ["backup", str(workdir / "sao-luu\x1b[2J")]):
        code, out, err = run(capsys, *command)
        assert code == 0, (command, err)
        assert "\x1b" not in out + err and "␛" in out + err, command  # the name said, with marks


def test_a_front_compilation_titled_for_the_conference_is_asked_about(tmp_path, config):
    """"TỔNG HỢP Ý KIẾN, KIẾN NGHỊ CỦA NHÂN DÂN TẠI HỘI NGHỊ ĐỐI THOẠI" under "ỦY BAN MTTQ": the
    petitions sent to the conference, or those said at it? Taken as said, and asked (a new
    user's trial: the Front's written sheet read as spoken, without a word); "Ý KIẾN PHÁT BIỂU
    TẠI HỘI NGHỊ" is not asked about."""
    header = ["STT", "Nội dung ý kiến, kiến nghị", "Tổ dân phố"]
    rows = [[1, "Đề nghị nạo vét rãnh thoát nước ngõ 5 trước mùa mưa bão năm sau", "TDP 3"]]
    for titles, asked in (
        (["ỦY BAN MTTQ PHƯỜNG AN KHÁNH", "TỔNG HỢP Ý KIẾN, KIẾN NGHỊ CỦA NHÂN DÂN TẠI HỘI NGHỊ ĐỐI THOẠI NĂM 2025"], True),
        (["TỔNG HỢP Ý KIẾN CỬ TRI TẠI HỘI NGHỊ ĐỐI THOẠI"], True),
        (["ỦY BAN MTTQ PHƯỜNG AN KHÁNH", "TỔNG HỢP Ý KIẾN PHÁT BIỂU TẠI HỘI NGHỊ ĐỐI THOẠI"], False),
        (["Ý KIẾN PHÁT BIỂU TẠI HỘI NGHỊ"], False),
    ):
        sheet = {"Tổng hợp": [*([t] for t in titles), [], header, *rows]}
        plan = plan_import(write(tmp_path / "an-khanh-2025.xlsx", sheet), config, strict=False)
        assert [i.source for i in plan.items] == ["hoi-nghi"], titles
        unsure = [d for _, d in plan.doubts if d.kind == "source-unsure"]
        assert bool(unsure) == asked, titles
        if asked:
            assert '--source "Tổng hợp=mttq"' in unsure[0].message
        told = plan_import(tmp_path / "an-khanh-2025.xlsx", config, sheet_sources={"tổng hợp": "mttq"}, strict=False)
        assert [i.source for i in told.items] == ["mttq"] and not [d for _, d in told.doubts if d.kind == "source-unsure"]
