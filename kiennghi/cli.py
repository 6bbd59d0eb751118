"""The `kiennghi` command: the app by default, subcommands for importing and scripting.

This module is the composition root: it wires the core (`kiennghi`), the formats
(`kiennghi.io`) and the app (`kiennghi.tui`) together, and is the only place that does.
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib
import json
import os
import re
import shlex
import sys
import traceback
from contextlib import contextmanager, nullcontext
from datetime import date
from pathlib import Path
from typing import Any, Callable, Iterator, NoReturn, Sequence

from rich.console import Console
from rich.table import Table
from rich.text import Text

from . import __version__
from .access import denied
from .backup import DEFAULT_FOLDER, DEFAULT_KEEP, backup, backup_folder
from .check import check_store
from .config import Config, load_config
from .dates import moment, parse_date, short
from .describe import change_text, item_details
from .edits import change_name, default_conference
from .fields import FIELD, FIELDS, Field
from .errors import InputError, KienNghiError, StaleEdit, TouchedItems
from .import_plan import LayoutChoices, column_letter
from .tui.listing import Column, print_rows
from .model import SHEET_SOURCES, SOURCE_NAMES, SOURCES, Conference, Item
from .sheet_fixes import Spelling, add_column, add_rows, add_value, aliases_for, remember_shapes, remembered_shapes
from .reminders import DEFAULT_DAYS
from .store import Store
from .text import excerpt, fold, printable, shown_name, shown_path
from .triage import Filters

console = Console(highlight=False)
errors = Console(stderr=True, highlight=False)


# --- arguments ----------------------------------------------------------------------------------

# argparse's own words, in Vietnamese. argparse writes them in English; the parser below puts
# them in the officers' language where it prints them (its public `format_usage`, `format_help`
# and `error`), so the help and the error messages speak Vietnamese.
_HEADINGS = [(re.compile(r"^usage: ", re.M), "cách dùng: "),
             (re.compile(r"^options:$", re.M), "tùy chọn:"),
             (re.compile(r"^positional arguments:$", re.M), "tham số:")]
_ERRORS = [(re.compile(pattern), words) for pattern, words in (
    (r"^argument (\S+): ", r"tham số \1: "),
    (r"the following arguments are required: ", "thiếu tham số bắt buộc: "),
    (r"^one of the arguments (.+) is required$", r"cần một trong các tham số \1"),
    (r"not allowed with argument (\S+)$", r"không dùng được cùng tham số \1"),
    (r"^unrecognized arguments: ", "tham số không hiểu được: "),
    (r"invalid choice: (.+) \(choose from (.+)\)$", r"lựa chọn \1 không hợp lệ (chọn một trong \2)"),
    (r"invalid \S+ value: (.+)$", r"giá trị \1 không hợp lệ"),
    (r"expected one argument$", "cần một giá trị"),
    (r"expected at least one argument$", "cần ít nhất một giá trị"),
    (r"^ambiguous option: (\S+) could match (.+)$", r"tùy chọn \1 mơ hồ, có thể là \2"),
)]


def _vietnamese(text: str, words: list[tuple[re.Pattern[str], str]]) -> str:
    for pattern, replacement in words:
        text = pattern.sub(replacement, text)
    return text


class _Parser(argparse.ArgumentParser):
    """argparse's parser, speaking Vietnamese (its subcommands' parsers are of the same class)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **{**kwargs, "add_help": False})
        if kwargs.get("add_help", True):
            self.add_argument("-h", "--help", action="help", help="in hướng dẫn này rồi thoát")

    def format_usage(self) -> str:
        return _vietnamese(super().format_usage(), _HEADINGS)

    def format_help(self) -> str:
        return _vietnamese(super().format_help(), _HEADINGS)

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: lỗi: {_vietnamese(message, _ERRORS)}\n")


def _whole(text: str) -> int:
    """A whole number given to an option ("--days 7", "--year 2025")."""
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}” không phải một số nguyên") from None


def _source(text: str) -> tuple[str | None, str]:
    """`--source`: "hoi-nghi" for every sheet, or "SHEET=hoi-nghi" for one."""
    sheet, _, source = text.rpartition("=")
    if source not in SHEET_SOURCES:
        raise argparse.ArgumentTypeError(f"nguồn “{source}” không có; chọn {' hoặc '.join(SHEET_SOURCES)}")
    return sheet.strip() or None, source


def _field_option(parser: argparse.ArgumentParser, field: Field) -> None:
    """`kiennghi set`'s option for a field: --forward-to for forward_to; a list's option is
    repeated, in the singular (--co-owner)."""
    option = "--" + field.name.replace("_", "-")
    words = f"{field.label}: {field.help}" if field.help else field.label
    if field.kind.repeated:
        parser.add_argument(option.removesuffix("s"), action="append", dest=field.name,
                            metavar=field.kind.metavar, help=words)
    else:
        parser.add_argument(option, dest=field.name, metavar=field.kind.metavar, help=words)


def _latest_year_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--year", type=_whole, metavar="NĂM", help="năm (mặc định: năm mới nhất)")


# The documents whose templates `kiennghi template check --kind` checks: their records' module and name.
TEMPLATE_KINDS = {"notice": ("kiennghi.notice", "Notice"), "review": ("kiennghi.review", "Review"),
                  "reminder": ("kiennghi.reminders", "Reminder")}


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="kiennghi",
        description="Phân loại, giao việc và theo dõi ý kiến, kiến nghị của Nhân dân. "
                    "Không có lệnh con: mở ứng dụng.",
    )
    parser.add_argument("--version", action="version", version=f"kiennghi {__version__}",
                        help="in số phiên bản rồi thoát")
    parser.add_argument("--db", metavar="PATH",
                        help="tệp cơ sở dữ liệu (mặc định: KIENNGHI_DB, hoặc database.path trong cấu hình)")
    parser.add_argument("--config", metavar="PATH", default=os.environ.get("KIENNGHI_CONFIG"),
                        help="tệp cấu hình (mặc định: KIENNGHI_CONFIG, ./config.toml, "
                             "/etc/kiennghi/config.toml, rồi cấu hình đi kèm)")
    commands = parser.add_subparsers(dest="command", metavar="LỆNH")

    app = commands.add_parser("app", help="mở ứng dụng (như khi không có lệnh con)")
    app.add_argument("--year", type=_whole, metavar="NĂM", help="năm hội nghị mở đầu tiên")

    demo = commands.add_parser("demo", help="mở ứng dụng trên dữ liệu mẫu đi kèm (phường Phúc Lợi)")
    demo.add_argument("--no-app", action="store_true", help="chỉ tạo cơ sở dữ liệu mẫu, không mở ứng dụng")

    imp = commands.add_parser("import", help="nhập bảng tổng hợp ý kiến (xlsx, xls, ods, csv)")
    imp.add_argument("file", type=Path, metavar="TỆP", help="tệp bảng tính")
    imp.add_argument("--year", type=_whole, metavar="NĂM", help="năm hội nghị (mặc định: đọc từ tiêu đề hoặc tên tệp)")
    imp.add_argument("--sheet", action="append", default=[], metavar="TRANG",
                     help="chỉ nhập trang (sheet) này, không cần dấu (lặp lại được)")
    imp.add_argument("--source", action="append", default=[], metavar="[TRANG=]NGUỒN", type=_source,
                     help="nguồn: mttq (MTTQ tổng hợp) hoặc hoi-nghi (phát biểu tại hội nghị), cho cả tệp "
                          "hoặc cho một trang: \"Đại biểu nêu ý kiến=hoi-nghi\" (lặp lại được)")
    imp.add_argument("--dry-run", action="store_true",
                     help="chỉ xem trước (toàn bộ cách đọc, kể cả điều chưa chắc và ô không hợp lệ), không ghi gì")
    imp.add_argument("--column", action="append", default=[], metavar="CỘT=TRƯỜNG",
                     help="cột đó là trường nào, ví dụ D=submitter, C=content; D=- để bỏ cột (lặp lại được)")
    imp.add_argument("--row", action="append", default=[], metavar="DÒNG=LOẠI",
                     help="dòng (hoặc khoảng 12-14) là item (ý kiến), group (tiêu đề nhóm) hay skip (bỏ qua)")
    imp.add_argument("--end", type=_whole, metavar="DÒNG", help="bảng ý kiến kết thúc ở dòng này")
    imp.add_argument("--map", action="append", default=[], metavar="GIÁ-TRỊ=MÃ",
                     help="chữ trong bảng ứng với mã nào, ví dụ \"Quận=cap-tren\", \"P. KT-HT-ĐT=KT-HT-DT\"")
    imp.add_argument("--save", action="store_true",
                     help="nhớ cách đọc cột cho các bảng cùng mẫu, thêm cách viết của --map vào config.toml")
    imp.add_argument("--accept-doubts", action="store_true",
                     help="vẫn nhập khi còn điều chưa chắc chắn (đã xem bằng --dry-run)")
    imp.add_argument("--replace", type=_whole, metavar="SỐ",
                     help="gỡ lần nhập SỐ (xem kiennghi imports) và nhập tệp này trong cùng một lần: "
                          "cả hai, hoặc không gì cả")
    imp.add_argument("--force", action="store_true",
                     help="với --replace: gỡ cả khi có ý kiến đã được phân loại hoặc sửa sau lần nhập đó")

    imports = commands.add_parser("imports", help="liệt kê các lần nhập tệp")
    imports.add_argument("--json", action="store_true", help="in JSON")

    refusals = commands.add_parser("refusals", help="những việc bị từ chối vì vai trò (bảng [roles] của cấu hình)")
    refusals.add_argument("--last", type=_at_least_one, metavar="N", help="chỉ N lần gần nhất")
    refusals.add_argument("--json", action="store_true", help="in JSON")

    unimport = commands.add_parser("unimport", help="gỡ một lần nhập: ẩn các ý kiến của nó, cho nhập lại tệp")
    unimport.add_argument("id", type=_whole, metavar="SỐ", help="số của lần nhập (xem kiennghi imports)")
    unimport.add_argument("--force", action="store_true",
                          help="gỡ cả khi có ý kiến đã được phân loại hoặc sửa sau khi nhập")

    delete = commands.add_parser("delete", help="xóa (ẩn) ý kiến: mã và lịch sử vẫn giữ, khôi phục được")
    delete.add_argument("ids", nargs="+", metavar="MÃ", help="mã ý kiến, ví dụ KN-2025-001")

    restore = commands.add_parser("restore", help="khôi phục ý kiến đã xóa (ẩn)")
    restore.add_argument("ids", nargs="+", metavar="MÃ", help="mã ý kiến (xem kiennghi list --deleted)")

    lst = commands.add_parser("list", help="liệt kê ý kiến")
    _latest_year_option(lst)
    lst.add_argument("--json", action="store_true", help="in JSON (để dùng trong script)")
    lst.add_argument("--status", metavar="MÃ", help="lọc theo mã tình trạng")
    lst.add_argument("--owner", metavar="MÃ", help="lọc theo mã đơn vị chủ trì")
    lst.add_argument("--sector", metavar="MÃ", help="lọc theo mã lĩnh vực")
    lst.add_argument("--jurisdiction", choices=("phuong", "cap-tren"), help="lọc theo thẩm quyền")
    lst.add_argument("--source", choices=SOURCES, help="lọc theo nguồn")
    lst.add_argument("--tdp", metavar="TÊN", help="lọc theo tổ dân phố (đúng như trong bảng)")
    lst.add_argument("--untriaged", action="store_true", help="chỉ những ý kiến chưa phân loại")
    lst.add_argument("--overdue", action="store_true", help="chỉ những ý kiến quá hạn mà chưa xong")
    lst.add_argument("--search", metavar="CHỮ", help="tìm trong nội dung, TDP, người kiến nghị (không cần dấu)")
    lst.add_argument("--deleted", action="store_true", help="chỉ những ý kiến đã xóa (ẩn)")

    show = commands.add_parser("show", help="xem một ý kiến và lịch sử thay đổi")
    show.add_argument("id", metavar="MÃ", help="mã ý kiến, ví dụ KN-2025-001")
    show.add_argument("--json", action="store_true", help="in JSON")

    edit = commands.add_parser("set", help="sửa một ý kiến (ghi vào nhật ký thay đổi)")
    edit.add_argument("id", metavar="MÃ", help="mã ý kiến")
    for field in FIELDS:
        if field.editable:
            _field_option(edit, field)
    edit.add_argument("--expect-version", type=_whole, metavar="N",
                      help="chỉ ghi nếu ý kiến vẫn ở phiên bản N (chống ghi đè)")

    sug = commands.add_parser("suggest", help="gợi ý phân loại và các ý kiến trùng nhau")
    _latest_year_option(sug)
    sug.add_argument("--json", action="store_true", help="in JSON")

    carry = commands.add_parser("carry", help="mang các ý kiến chưa giải quyết xong của năm trước sang năm sau "
                                              "(nguồn “tồn năm trước”, giữ liên kết và lịch sử)")
    carry.add_argument("ids", nargs="*", metavar="MÃ", help="chỉ những ý kiến này (mặc định: mọi ý kiến chưa xong)")
    carry.add_argument("--from", dest="source_year", type=_whole, metavar="NĂM",
                       help="năm có ý kiến tồn (mặc định: năm có ý kiến ngay trước --to)")
    carry.add_argument("--to", dest="year", type=_whole, metavar="NĂM", help="năm nhận (mặc định: năm mới nhất)")
    carry.add_argument("--dry-run", action="store_true", help="chỉ liệt kê, không ghi gì")

    link = commands.add_parser("link", help="liên kết ý kiến với ý kiến năm trước chưa giải quyết xong mà nó lặp lại")
    link_commands = link.add_subparsers(dest="link_command", metavar="LỆNH", required=True)
    link_list = link_commands.add_parser("list", help="các gợi ý liên kết chưa xác nhận, kèm lý do")
    _latest_year_option(link_list)
    link_list.add_argument("--json", action="store_true", help="in JSON")
    for name, words in (("confirm", "xác nhận gợi ý: ý kiến này là ý kiến tồn năm trước đó"),
                        ("reject", "bác gợi ý: không phải ý kiến đó (không gợi ý lại)")):
        decide = link_commands.add_parser(name, help=words)
        decide.add_argument("ids", nargs="+", metavar="MÃ", help="mã ý kiến có gợi ý")
    link_suggest = link_commands.add_parser("suggest", help="tìm lại gợi ý cho các ý kiến chưa có liên kết hay gợi ý")
    _latest_year_option(link_suggest)

    conf = commands.add_parser("conference", help="thông tin hội nghị của từng năm")
    conf_commands = conf.add_subparsers(dest="conference_command", metavar="LỆNH", required=True)
    conf_show = conf_commands.add_parser("show", help="in thông tin hội nghị dạng TOML")
    _latest_year_option(conf_show)
    conf_set = conf_commands.add_parser("set", help="nạp thông tin hội nghị từ tệp TOML")
    conf_set.add_argument("file", type=Path, metavar="TỆP", help="tệp TOML (xem `kiennghi conference show`)")

    export = commands.add_parser("export", help="xuất thông báo kết luận (.docx) hoặc sổ theo dõi (.xlsx)")
    export_commands = export.add_subparsers(dest="export_command", metavar="LOẠI", required=True)
    notice = export_commands.add_parser("notice", help="thông báo kết luận hội nghị (.docx, tùy chọn PDF)")
    _latest_year_option(notice)
    notice.add_argument("-o", "--output", type=Path, metavar="TỆP",
                        help="tệp ghi ra (mặc định: thong-bao-ket-luan-NĂM.docx)")
    notice.add_argument("--template", type=Path, metavar="TỆP", help="mẫu .docx (mặc định: mẫu đi kèm)")
    notice.add_argument("--annex", action=argparse.BooleanOptionalAction, default=True,
                        help="kèm phụ lục danh sách ý kiến (mặc định: có)")
    notice.add_argument("--with-names", action="store_true",
                        help="ghi cả tên người kiến nghị vào phụ lục (mặc định: không, vì là dữ liệu cá nhân)")
    notice.add_argument("--pdf", action="store_true", help="ghi thêm bản PDF (cần LibreOffice)")
    notice.add_argument("--draft", action="store_true",
                        help="bản dự thảo (ghi “DỰ THẢO”): xuất được cả khi còn ý kiến chưa phân loại")
    notice.add_argument("--public", action="store_true",
                        help="bản công khai, gửi tổ trưởng tổ dân phố: không tên người dân, không thông tin cá nhân; "
                             "phụ lục theo từng tổ dân phố")

    review = export_commands.add_parser("review", help="báo cáo kết quả giải quyết các ý kiến, kiến nghị (.docx, tùy chọn PDF)")
    _latest_year_option(review)
    review.add_argument("-o", "--output", type=Path, metavar="TỆP", help="tệp ghi ra (mặc định: bao-cao-ket-qua-NĂM.docx)")
    review.add_argument("--template", type=Path, metavar="TỆP", help="mẫu .docx (mặc định: mẫu đi kèm)")
    review.add_argument("--pdf", action="store_true", help="ghi thêm bản PDF (cần LibreOffice)")
    review.add_argument("--as-of", type=_day, metavar="NGÀY",
                        help="số liệu tại cuối ngày đó, dựng lại từ nhật ký thay đổi (28/11/2025 hoặc 2025-11-28)")

    workbook = export_commands.add_parser("workbook", help="sổ theo dõi (.xlsx) để các đơn vị cập nhật")
    _latest_year_option(workbook)
    workbook.add_argument("-o", "--output", type=Path, metavar="TỆP",
                          help="tệp ghi ra (mặc định: theo-doi-NĂM.xlsx)")
    workbook.add_argument("--owner", metavar="MÃ", help="chỉ những ý kiến đơn vị này chủ trì hoặc phối hợp")
    workbook.add_argument("--by-owner", type=Path, metavar="THƯ_MỤC",
                          help="mỗi đơn vị một sổ riêng trong thư mục này (để gửi đi)")

    remind = commands.add_parser("remind", help="phiếu nhắc việc gửi từng đơn vị: ý kiến quá hạn và sắp đến hạn (.docx)")
    remind.add_argument("--unit", metavar="MÃ", help="chỉ đơn vị này (mặc định: mọi đơn vị có ý kiến đến hạn)")
    remind.add_argument("--days", type=_whole, default=DEFAULT_DAYS, metavar="N",
                        help=f"kể cả những ý kiến đến hạn trong N ngày tới (mặc định: {DEFAULT_DAYS})")
    remind.add_argument("-o", "--output", type=Path, default=Path("."), metavar="THƯ_MỤC",
                        help="thư mục ghi ra, mỗi đơn vị một tệp (mặc định: thư mục hiện tại)")
    remind.add_argument("--template", type=Path, metavar="TỆP", help="mẫu .docx (mặc định: mẫu đi kèm)")

    merge = commands.add_parser("merge", help="gộp sổ theo dõi các đơn vị đã cập nhật (.xlsx, .xls, .ods)")
    merge.add_argument("file", type=Path, metavar="TỆP", help="sổ theo dõi do kiennghi xuất ra, đã sửa")
    merge.add_argument("--dry-run", action="store_true", help="chỉ báo cáo, không ghi gì")
    merge.add_argument("--accept-new", action="store_true", help="thêm các dòng chưa có mã thành ý kiến mới")
    merge.add_argument("--skip-invalid", action="store_true",
                       help="bỏ qua các ô không hợp lệ và gộp phần còn lại (mặc định: không gộp gì)")
    merge.add_argument("--year", type=_whole, metavar="NĂM", help="năm của các ý kiến mới (mặc định: theo mã trong sổ)")

    template = commands.add_parser("template", help="kiểm tra mẫu văn bản (.docx)")
    template_commands = template.add_subparsers(dest="template_command", metavar="LỆNH", required=True)
    check = template_commands.add_parser("check", help="báo lỗi cú pháp và biến không có trong mẫu")
    check.add_argument("file", type=Path, metavar="TỆP", help="tệp mẫu .docx")
    check.add_argument("--kind", choices=tuple(TEMPLATE_KINDS), default="notice",
                       help="mẫu của văn bản nào: notice (thông báo kết luận, mặc định), review (báo cáo kết quả), "
                            "reminder (phiếu nhắc việc)")

    copy = commands.add_parser("backup", help="sao lưu cơ sở dữ liệu (nhất quán cả khi cán bộ đang làm việc)")
    copy.add_argument("folder", nargs="?", type=Path, metavar="THƯ_MỤC",
                      help=f"thư mục ghi bản sao lưu (mặc định: {DEFAULT_FOLDER} cạnh cơ sở dữ liệu)")
    copy.add_argument("--keep", type=_at_least_one, default=DEFAULT_KEEP, metavar="N",
                      help=f"giữ N bản sao lưu mới nhất, xóa các bản cũ hơn (mặc định: {DEFAULT_KEEP})")

    commands.add_parser("check", help="kiểm tra tệp cơ sở dữ liệu và nhật ký thay đổi (mã thoát 1 nếu có vấn đề)")
    return parser


def _day(text: str) -> date:
    """`--as-of`: a day with its year."""
    try:
        return parse_date(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _at_least_one(text: str) -> int:
    """`backup --keep`: a whole number, 1 or more."""
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"cần một số nguyên từ 1 trở lên, không phải “{text}”")
    return int(text)


# --- running ------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        try:
            return _dispatch(args)
        except PermissionError as error:  # the store, a document, a backup: say whose and what to ask
            if error.filename is None:
                raise
            raise denied(error.filename) from None
    except KienNghiError as error:
        errors.print(Text(f"Lỗi: {error}", style="bold red"))
        return 1
    except KeyboardInterrupt:
        errors.print(Text("Đã dừng.", style="yellow"))
        return 130
    except Exception as error:  # noqa: BLE001 - the officer must never see a bare traceback
        if os.environ.get("KIENNGHI_DEBUG"):
            traceback.print_exc()
        errors.print(Text(
            f"Lỗi không lường trước ({type(error).__name__}: {error}). Chưa có gì bị ghi dở. "
            "Hãy báo cho người quản trị (đặt KIENNGHI_DEBUG=1 để xem chi tiết).",
            style="bold red",
        ))
        return 3


DEMO_DB = "kiennghi-demo.db"  # `kiennghi demo`'s store, in the current directory unless --db names one


def _ward_db(config: Config) -> Path:
    """The ward's store when no --db is given: $KIENNGHI_DB, else the configuration's."""
    return Path(os.environ.get("KIENNGHI_DB") or config.database)


def _db_path(args: argparse.Namespace, config: Config) -> Path:
    return Path(args.db) if args.db else _ward_db(config)


def _dispatch(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    db_path = _db_path(args, config)
    if args.command in (None, "app"):
        return cmd_app(args, config, db_path)
    if args.command == "demo":  # never the ward's store, even when KIENNGHI_DB names it
        return cmd_demo(args, config, Path(args.db or DEMO_DB))
    if args.command == "template":
        return cmd_template(args)
    if args.command in ("backup", "check"):  # they read the store as it is: never create or migrate it
        return {"backup": cmd_backup, "check": cmd_check}[args.command](args, db_path)
    handler = {
        "export": cmd_export,
        "import": cmd_import,
        "imports": cmd_imports,
        "refusals": cmd_refusals,
        "unimport": cmd_unimport,
        "delete": cmd_delete,
        "restore": cmd_restore,
        "merge": cmd_merge,
        "remind": cmd_remind,
        "list": cmd_list,
        "show": cmd_show,
        "set": cmd_set,
        "suggest": cmd_suggest,
        "carry": cmd_carry,
        "link": cmd_link,
        "conference": cmd_conference,
    }[args.command]
    if args.command == "import" and args.dry_run:  # reads the store if there is one, never makes it
        if not db_path.is_file():
            return handler(args, config, None)
        with Store.open(db_path, create=False, roles=config.roles) as store:
            return handler(args, config, store)
    with Store.open(db_path, roles=config.roles) as store:
        return handler(args, config, store)


def _later(module: str, name: str) -> Callable[..., Any]:
    """`module.name`, imported on first call: the app's formats (openpyxl, docxtpl and Jinja)
    would slow its first paint by a quarter."""
    def call(*args: Any, **options: Any) -> Any:
        return getattr(importlib.import_module(module), name)(*args, **options)
    return call


def _documents():
    """The app's way to the notice and the tracking workbook (`tui` does not import `io`)."""
    from .tui.documents import Documents

    return Documents(document=_later("kiennghi.io.word", "export"),
                     workbooks=_later("kiennghi.io.tracking", "export_workbooks"),
                     read_workbook=_later("kiennghi.io.tracking", "read_workbook"),
                     add_aliases=_later("kiennghi.io.config_file", "add_aliases"))


def _latest_year(store: Store, year: int | None) -> int:
    if year is not None:
        return year
    years = store.years()
    if not years:
        raise KienNghiError(first_steps(store.path))
    return years[-1]


def first_steps(db_path: Path) -> str:
    """What to do with a store that holds no item yet: import a sheet, or look at the demo."""
    return (f"Cơ sở dữ liệu {shown_path(db_path.resolve())} chưa có ý kiến nào.\n"
            "  Nhập bảng tổng hợp của MTTQ:  kiennghi import TỆP.xlsx  (trong ứng dụng: phím i)\n"
            f"  Xem thử trên dữ liệu mẫu:     {_demo_command(db_path)}")


def _demo_command(db_path: Path) -> str:
    """How to open the demo: the store `kiennghi demo` made in this directory, or make one."""
    demo = Path(DEMO_DB).resolve()
    if demo.is_file() and demo != db_path.resolve():
        return f"kiennghi --db {shlex.quote(str(demo))}"
    return "kiennghi demo"


EXIT_DOUBTS = 4  # an import that waits for the officer to confirm or fix what is unsure


def _layout_choices(args: argparse.Namespace, config: Config) -> tuple[LayoutChoices, list[Spelling]]:
    """The officer's corrections from the command line; a wrong one ends with exit 2."""
    choices, spellings = LayoutChoices(end=args.end), []
    try:
        for text in args.column:
            add_column(choices, text)
        for text in args.row:
            add_rows(choices, text)
        for text in args.map:
            spellings.append(add_value(choices, text, config))
    except ValueError as error:
        errors.print(Text(f"Lỗi: {error}.", style="bold red"))
        raise SystemExit(2) from None
    return choices, spellings


def cmd_import(args: argparse.Namespace, config: Config, store: Store | None) -> int:
    """Import a sheet, or with --dry-run show everything about how it would be read. Exit 0:
    imported (or would import as it is); 1: refused; 4: doubts to confirm or fix first."""
    from .carry import link_repeats
    from .io.importer import plan_import, refusal
    from .tui.preview import print_plan

    if store is not None and (args.save or not args.dry_run):  # before reading a whole file for nothing
        store.require("import", "cli")
    choices, spellings = _layout_choices(args, config)
    remembered = remembered_shapes(store) if store is not None else {}
    with errors.status(f"Đọc {shown_name(args.file)}…") if errors.is_terminal else nullcontext():
        plan = plan_import(args.file, config, year=args.year, sheets=args.sheet,
                           source=next((s for sheet, s in args.source if sheet is None), None),
                           sheet_sources={sheet: s for sheet, s in args.source if sheet is not None},
                           choices=choices, remembered=remembered, strict=False)
    blocked = bool(plan.problems) or (bool(plan.doubts) and not args.accept_doubts)
    print_plan(console, plan, config, detailed=args.dry_run or blocked)
    _warn_unused(plan, choices, spellings)
    if args.save:
        _save_choices(plan, choices, spellings, config, None if args.dry_run else store)
    if args.dry_run:
        refused = store.import_refusal(plan.batch()) if store is not None and args.replace is None else None
        if refused:
            errors.print(Text(f"Nhập thật sẽ bị từ chối: {refused}", style="bold red"))
        if store is not None and not plan.problems:
            _say_linked(link_repeats(config, store, plan.batch()), plan.year, "sẽ được gợi ý là")
        console.print(Text("Xem trước (--dry-run): chưa ghi gì.", style="yellow"))
        return 1 if plan.problems or refused else EXIT_DOUBTS if plan.doubts else 0
    if plan.problems:
        raise InputError(refusal(plan))
    if plan.doubts and not args.accept_doubts:
        errors.print(Text(
            f"Chưa nhập: còn {len(plan.doubts)} điều chưa chắc chắn (bảng trên). Sửa cách đọc bằng --column, "
            "--row, --end, --map (thêm --save để nhớ cho lần sau), hoặc nếu cách đọc đã đúng thì nhập bằng "
            "--accept-doubts.", style="bold yellow"))
        return EXIT_DOUBTS
    batch = link_repeats(config, store, plan.batch())
    with _force_hint():
        ids = store.import_batch(batch, replacing=args.replace, force=args.force)
    instead = f" thay cho lần nhập {args.replace}" if args.replace is not None else ""
    console.print(Text(f"Đã nhập {len(ids)} ý kiến vào năm {plan.year}{instead}: {ids[0]} … {ids[-1]}.",
                       style="bold green"))
    _say_linked(batch, plan.year, "có vẻ")
    return 0


def _say_linked(batch, year: int, how: str) -> None:
    """How many of an import's items repeat an earlier year's unresolved item, and what to do."""
    linked = [item for item in batch.items if item.carry_suggested]
    if linked:
        console.print(Text(f"{len(linked)} ý kiến {how} lặp lại ý kiến năm trước chưa giải quyết xong "
                           f"({', '.join(dict.fromkeys(i.carry_suggested for i in linked[:8]))}"
                           f"{' …' if len(linked) > 8 else ''}): xem kiennghi link list --year {year}, rồi xác nhận "
                           "hoặc bác (phím v, V trong ứng dụng).", style="yellow"))


def _warn_unused(plan, choices: LayoutChoices, spellings: list[Spelling]) -> None:
    """Fixes that changed nothing: a text the sheets do not hold, a column past their last."""
    unused = [f"--map “{s.text}” (không có chữ đó trong các cột, tiêu đề đã đọc)" for s in spellings
              if fold(s.text) not in choices.used]
    widest = max((len(sheet.header.labels) for sheet in plan.sheets if sheet.header is not None), default=0)
    unused += [f"--column {column_letter(c)} (bảng chỉ có đến cột {column_letter(widest - 1)})"
               for c in choices.columns if c >= widest]
    if unused:
        errors.print(Text("Không dùng đến: " + "; ".join(unused) + ".", style="yellow"))


def _save_choices(plan, choices: LayoutChoices, spellings: list[Spelling], config: Config,
                  store: Store | None) -> None:
    """--save: the column choices for each sheet's shape into the store, the new spellings
    into config.toml."""
    from .io.config_file import add_aliases

    if choices.columns:
        if store is None:
            raise InputError("--save cần ghi vào cơ sở dữ liệu: bỏ --dry-run để lưu cách đọc cột.")
        remember_shapes(store, plan, choices)
        console.print(Text(f"Đã nhớ cách đọc cột trong {shown_path(store.path)}: bảng nào có hàng tiêu đề giống bảng này "
                           "sẽ được đọc như vậy (xem trước bằng --dry-run, đổi bằng --column … --save).",
                           style="green"))
    additions = aliases_for(spellings, plan)
    if additions:
        written = add_aliases(config, additions)
        if written:
            console.print(Text(f"Đã thêm cách viết mới vào {shown_path(written[0])} (bản cũ: {shown_name(written[1])}).", style="green"))


@contextmanager
def _force_hint() -> Iterator[None]:
    """Taking an import back refused because of its items' changes: say how to do it anyway."""
    try:
        yield
    except TouchedItems as error:
        raise KienNghiError(f"{error} Dùng --force để gỡ cả những ý kiến này.") from None


IMPORT_COLUMNS = (
    Column("Số", block="lần nhập {}", options={"justify": "right"}), Column("Tệp"), Column("Trang", block="trang {}"),
    Column("Năm", block="năm {}"), Column("Ý kiến", block="{} ý kiến", options={"justify": "right"}),
    Column("Còn hiện", block="còn hiện {}", options={"justify": "right"}),
    Column("Nhập bởi, lúc", block="nhập bởi {}"), Column("Gỡ bởi, lúc", block="gỡ bởi {}"),
)


def cmd_imports(args: argparse.Namespace, config: Config, store: Store) -> int:
    imports = store.imports()
    if args.json:
        _print_json([entry.to_json() for entry in imports])
        return 0
    rows = [[str(entry.id), entry.file_name, ", ".join(entry.sheets), str(entry.year), str(entry.item_count),
             str(entry.live), f"{entry.user} {moment(entry.at)}",
             f"{entry.undone_by} {moment(entry.undone_at)}" if entry.undone_at else ""] for entry in imports]
    print_rows(console, f"Các lần nhập tệp ({len(imports)})", IMPORT_COLUMNS, rows)
    return 0


REFUSAL_COLUMNS = (Column("Lúc"), Column("Người dùng"), Column("Nhóm", block="nhóm {}"), Column("Từ", block="từ {}"),
                   Column("Ý kiến"), Column("Lời báo", long=True))


def cmd_refusals(args: argparse.Namespace, config: Config, store: Store) -> int:
    """What users' roles refused, the oldest first: who, with which groups, when, from where."""
    refused = store.refusals(args.last)
    if args.json:
        _print_json([dataclasses.asdict(entry) for entry in refused])
        return 0
    rows = [[moment(entry.at), entry.user, ", ".join(entry.groups), entry.source, ", ".join(entry.items),
             entry.message] for entry in refused]
    print_rows(console, f"Các lần bị từ chối theo vai trò ({len(refused)})", REFUSAL_COLUMNS, rows)
    return 0


def cmd_unimport(args: argparse.Namespace, config: Config, store: Store) -> int:
    with _force_hint():
        hidden = store.unimport(args.id, "cli", args.force)
    shown = f": {hidden[0]} … {hidden[-1]}" if hidden else ""
    console.print(Text(f"Đã gỡ lần nhập {args.id}: ẩn {len(hidden)} ý kiến{shown}. Tệp đó nhập lại được; "
                       "mã của các ý kiến đã ẩn không dùng lại.", style="bold green"))
    return 0


def cmd_delete(args: argparse.Namespace, config: Config, store: Store) -> int:
    hidden = store.delete_items(dict.fromkeys(args.ids), "cli")
    ids = " ".join(item.id for item in hidden)
    console.print(Text(f"Đã xóa (ẩn) {ids}. Khôi phục: kiennghi restore {ids}", style="green"))
    return 0


def cmd_restore(args: argparse.Namespace, config: Config, store: Store) -> int:
    shown = store.restore_items(dict.fromkeys(args.ids), "cli")
    console.print(Text(f"Đã khôi phục {' '.join(item.id for item in shown)}.", style="green"))
    return 0


def cmd_app(args: argparse.Namespace, config: Config, db_path: Path) -> int:
    """Open the app; on a store that holds no item, say (in the app, and after it) how to begin."""
    from .tui.app import run_app

    code = run_app(config, db_path, year=getattr(args, "year", None), roles=config.roles,
                   planner=_later("kiennghi.io.importer", "plan_import"), documents=_documents(),
                   empty_hint=f"Cơ sở dữ liệu đang mở: {shown_path(db_path.resolve())}\n\nXem thử trên dữ liệu mẫu:\n\n"
                              f"  {_demo_command(db_path)}")
    with Store.open(db_path, roles=config.roles) as store:
        empty = not store.years()
    if empty:
        console.print(Text(first_steps(db_path), style="yellow"), soft_wrap=True)
    return code


def cmd_demo(args: argparse.Namespace, config: Config, db_path: Path) -> int:
    """Import the bundled samples (last year's tracking workbook, this year's MTTQ sheet) once,
    then open the app on them; say where they are and how to open them again."""
    from importlib import resources

    from .carry import link_repeats
    from .io.importer import file_sha256, plan_import

    samples = resources.files("kiennghi.samples")
    with Store.open(db_path) as store:
        for name in ("theo-doi-2024.xlsx", "mttq-2025.xlsx"):
            with resources.as_file(samples.joinpath(name)) as path:
                if store.import_record(file_sha256(path)) is None:
                    ids = store.import_batch(link_repeats(config, store, plan_import(path, config).batch()))
                    console.print(Text(f"Đã nhập {len(ids)} ý kiến mẫu từ {name}."))
    code = 0
    if not args.no_app:
        from .tui.app import run_app

        code = run_app(config, db_path, planner=plan_import, documents=_documents())
    where = db_path.resolve()
    console.print(Text(f"Dữ liệu mẫu ở {where}. Mở lại bằng:\n  kiennghi --db {shlex.quote(str(where))}\n"
                       f"(kiennghi không kèm --db mở cơ sở dữ liệu của phường: {_ward_db(config).resolve()})",
                       style="bold"), soft_wrap=True)
    return code


ITEM_COLUMNS = (
    Column("Mã"), Column("Nội dung", long=True), Column("TDP"), Column("Lĩnh vực"),
    Column("Thẩm quyền", missing="chưa phân loại"), Column("Chủ trì / chuyển"), Column("Hạn", block="hạn {}"),
    Column("Tình trạng"),
)


def cmd_list(args: argparse.Namespace, config: Config, store: Store) -> int:
    """The items: a table, a block each on a narrow terminal, a line each into a pipe."""
    if args.year is None and not store.years():
        errors.print(Text(first_steps(store.path), style="yellow"), soft_wrap=True)
        if args.json:
            _print_json([])
        return 0
    year = _latest_year(store, args.year)
    search_key = fold(args.search or "")
    filters = Filters(untriaged=args.untriaged, jurisdiction=args.jurisdiction, owner=args.owner,
                      sector=args.sector, to_dan_pho=args.tdp, status=args.status, source=args.source,
                      overdue=args.overdue)
    today = date.today()
    items = [item for item in store.items(year, hidden=args.deleted)
             if filters.matches(item, config, today) and (not search_key or search_key in item.search_key())]
    if args.json:
        _print_json([item.to_json() for item in items])
        return 0
    which = "đã xóa (ẩn) " if args.deleted else f"quá hạn (tính đến {short(today)}) " if args.overdue else ""
    columns = ITEM_COLUMNS + ((Column("Xóa (ẩn) bởi, lúc", block="xóa bởi {}"),) if args.deleted else ())
    rows = [[item.id, item.content, item.to_dan_pho, config.sectors.short(item.sector),
             config.jurisdictions.short(item.jurisdiction), _owner_text(config, item), short(item.deadline),
             config.statuses.name(item.status),
             *([f"{item.deleted_by} {moment(item.deleted_at or '')}"] if args.deleted else [])] for item in items]
    print_rows(console, f"Ý kiến {which}năm {year} ({len(items)})", columns, rows)
    return 0


def _owner_text(config: Config, item: Item) -> str:
    body = f"→ {config.bodies.short(item.forward_to)}" if item.forward_to else ""
    return " ".join(part for part in (config.units.short(item.owner), body) if part)


def _print_json(data: object) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


HISTORY_COLUMNS = (Column("Lúc"), Column("Người"), Column("Từ"), Column("Trường"), Column("Cũ", block="cũ: {}"),
                   Column("Mới", block="mới: {}"))


def cmd_show(args: argparse.Namespace, config: Config, store: Store) -> int:
    item = store.item(args.id)
    history = store.history(item.id)
    lineage = store.lineage(item.id)
    if args.json:
        data = item.to_json()
        data["history"] = [dataclasses.asdict(change) for change in history]
        data["carried_history"] = {earlier.id: [dataclasses.asdict(change) for change in store.history(earlier.id)]
                                   for earlier in lineage}
        _print_json(data)
        return 0
    if item.hidden:
        console.print(Text(
            f"Ý kiến này đã bị {item.deleted_by} xóa (ẩn) lúc {moment(item.deleted_at or '')}: không còn trong "
            f"danh sách, thông báo, sổ theo dõi. Khôi phục: kiennghi restore {item.id}", style="bold yellow"))
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold")
    table.add_column()
    rows = [
        ("Mã", item.id),
        ("Năm / STT", f"{item.year} / {item.stt or '—'}"),
        ("Nguồn", SOURCE_NAMES.get(item.source, item.source)),
        ("Nội dung", printable(item.content)),
        *item_details(config, item),
        ("Phiên bản", str(item.version)),
    ]
    for label, value in rows:
        table.add_row(Text(label), Text(value or "—"))
    console.print(table)
    console.print(Text("Lịch sử thay đổi", style="bold"))
    _print_history(config, history)
    for earlier in lineage:
        console.print(Text(f"Lịch sử của {earlier.id} (năm {earlier.year}), ý kiến này tồn từ đó", style="bold"))
        _print_history(config, store.history(earlier.id))
    return 0


def _print_history(config: Config, history: Sequence[Any]) -> None:
    print_rows(console, "", HISTORY_COLUMNS, [
        [moment(change.at), change.user, change.source, change_name(change.field),
         excerpt(change_text(config, change.field, change.old), 40),
         excerpt(change_text(config, change.field, change.new), 40)] for change in history])


def cmd_set(args: argparse.Namespace, config: Config, store: Store) -> int:
    """Change an item; a deadline typed without a year is one of the item's conference."""
    year = store.item(args.id).year
    conference = store.conference(year) or Conference(year)
    changes = {}
    for field in FIELDS:
        raw = getattr(args, field.name, None)
        if raw is None:
            continue
        try:
            changes[field.name] = field.parse(config, raw, conference)
        except ValueError as error:
            raise KienNghiError(f"Không sửa {args.id}: {error}.") from None
    if not changes:
        raise KienNghiError("Không có gì để sửa: hãy cho ít nhất một tùy chọn (xem kiennghi set --help).")
    try:
        item = store.update_item(args.id, changes, args.expect_version, "cli")
    except StaleEdit as error:
        lines = [str(error)] + [
            f"  • {c['at'][:16].replace('T', ' ')} {c['user']}: {change_name(c['field'])} "
            f"“{change_text(config, c['field'], c['old'])}” → “{change_text(config, c['field'], c['new'])}”"
            for c in error.changes
        ]
        raise KienNghiError("\n".join(lines)) from None
    due = f", hạn giải quyết {short(item.deadline) or 'trống'}" if "deadline" in changes else ""
    console.print(Text(f"Đã sửa {item.id} (phiên bản {item.version}){due}.", style="green"))
    return 0


SUGGESTION_COLUMNS = (
    Column("Mã"), Column("Thẩm quyền"), Column("Chủ trì"), Column("Chuyển đến", block="→ {}"), Column("Lĩnh vực"),
    Column("Độ tin", block="độ tin {}"), Column("Vì sao", long=True), Column("Trùng", block="trùng với {}"),
)


def cmd_suggest(args: argparse.Namespace, config: Config, store: Store) -> int:
    from .suggest import suggest_year

    year = _latest_year(store, args.year)
    suggestions = suggest_year(config, store.items(), year)
    if args.json:
        _print_json([s.to_json() for s in suggestions])
        return 0
    rows = [[s.id, config.jurisdictions.short(s.jurisdiction), config.units.short(s.owner),
             config.bodies.short(s.forward_to), config.sectors.short(s.sector), f"{s.confidence:.0%}", s.reason,
             ", ".join(s.duplicates)] for s in suggestions]
    print_rows(console, f"Gợi ý cho {len(suggestions)} ý kiến chưa phân loại, năm {year}", SUGGESTION_COLUMNS, rows)
    return 0


def cmd_carry(args: argparse.Namespace, config: Config, store: Store) -> int:
    """Carry an earlier year's unresolved items into a later one; once (carrying again adds nothing)."""
    from .carry import carry_over, previous_year

    year = _latest_year(store, args.year)
    source_year = args.source_year if args.source_year is not None else previous_year(store, year)
    if source_year is None:
        raise KienNghiError(f"Không có năm nào trước năm {year} có ý kiến để mang sang.")
    try:
        done = carry_over(config, store, source_year, year, "cli", args.ids, dry_run=args.dry_run)
    except StaleEdit as error:
        raise KienNghiError(f"{error} Chạy lại lệnh để mang theo tình trạng mới nhất.") from None
    if args.dry_run:
        by_id = {item.id: item for item in store.items_by_id([original for original, _ in done.carried])}
        rows = [[item.id, item.content, config.statuses.name(item.status) or "chưa có tình trạng",
                 _owner_text(config, item)] for item in (by_id[original] for original, _ in done.carried)]
        print_rows(console, f"Ý kiến của năm {source_year} sẽ mang sang năm {year} ({len(rows)})", CARRY_COLUMNS, rows)
    if done.carried and not args.dry_run:
        console.print(Text(f"Đã mang {len(done.carried)} ý kiến chưa giải quyết xong của năm {source_year} sang năm "
                           f"{year}: {_pairs(done.carried, '{} → {}')}.", style="bold green"))
    if done.followed:
        console.print(Text(f"{len(done.followed)} ý kiến đã có ở năm {year}, không mang lần nữa: "
                           f"{_pairs(done.followed, '{} (là {})')}."))
    if done.waiting:
        console.print(Text(f"{len(done.waiting)} ý kiến chưa mang vì có ý kiến năm {year} được gợi ý là lặp lại nó: "
                           f"{_pairs(done.waiting, '{} (gợi ý ở {})')}. Xác nhận hoặc bác gợi ý "
                           "(kiennghi link confirm|reject MÃ, phím v, V trong ứng dụng) rồi chạy lại.", style="yellow"))
    if not (done.carried or done.followed or done.waiting):
        console.print(Text(f"Năm {source_year} không có ý kiến nào chưa giải quyết xong.", style="green"))
    if args.dry_run:
        console.print(Text("Xem trước (--dry-run): chưa ghi gì.", style="yellow"))
    return 0


PAIRS_LISTED = 12  # pairs of IDs a line lists before "… và N ý kiến khác"


def _pairs(pairs: Sequence[tuple[str, str]], form: str) -> str:
    shown = ", ".join(form.format(*pair) for pair in pairs[:PAIRS_LISTED])
    return shown + (f" … và {len(pairs) - PAIRS_LISTED} ý kiến khác" if len(pairs) > PAIRS_LISTED else "")


CARRY_COLUMNS = (Column("Mã"), Column("Nội dung", long=True), Column("Tình trạng"), Column("Chủ trì / chuyển"))
LINK_COLUMNS = (Column("Mã"), Column("Nội dung", long=True), Column("Có thể tồn từ", block="tồn từ {}"),
                Column("Vì sao", long=True))


def cmd_link(args: argparse.Namespace, config: Config, store: Store) -> int:
    """The suggested links to an earlier year's unresolved item: list, confirm, reject, look again."""
    from .carry import confirm, reject, suggest_links
    from .store import Edit

    if args.link_command in ("list", "suggest"):
        year = _latest_year(store, args.year)
        if args.link_command == "suggest":
            found = suggest_links(config, store, year, "cli")
            console.print(Text(f"Đã gợi ý liên kết cho {len(found)} ý kiến năm {year}.", style="green"))
        pending = [item for item in store.items(year) if item.carry_suggested]
        if getattr(args, "json", False):
            _print_json([{"id": i.id, "carry_suggested": i.carry_suggested, "reason": i.carry_reason} for i in pending])
            return 0
        rows = [[i.id, i.content, i.carry_suggested or "", i.carry_reason] for i in pending]
        print_rows(console, f"Gợi ý tồn từ năm trước chưa xác nhận, năm {year} ({len(pending)})", LINK_COLUMNS, rows)
        return 0
    decide = confirm if args.link_command == "confirm" else reject
    items = [store.item(item_id) for item_id in args.ids]
    edits = [Edit(item.id, decide(item), item.version) for item in items]
    word = "Xác nhận" if args.link_command == "confirm" else "Bác"
    store.update_items(edits, "cli", f"{word} gợi ý tồn năm trước")
    for item in items:
        done = "là ý kiến tồn từ" if decide is confirm else "không phải ý kiến tồn từ"
        console.print(Text(f"{word}: {item.id} {done} {item.carry_suggested}.", style="green"))
    return 0


def cmd_conference(args: argparse.Namespace, config: Config, store: Store) -> int:
    from .io import conference_file

    if args.conference_command == "show":
        year = _latest_year(store, args.year)
        conference = store.conference(year) or default_conference(config, year)
        sys.stdout.write(conference_file.dumps(conference))
        return 0
    values = conference_file.load(args.file, config)
    year = values["year"]
    base = store.conference(year) or default_conference(config, year)  # type: ignore[arg-type]
    saved = store.save_conference(dataclasses.replace(base, **values), "cli", replacing=True)
    console.print(Text(f"Đã lưu thông tin hội nghị năm {saved.year} (phiên bản {saved.version}).", style="green"))
    return 0


def cmd_export(args: argparse.Namespace, config: Config, store: Store) -> int:
    year = _latest_year(store, args.year)
    if args.export_command == "workbook":
        return _export_workbook(args, config, store, year)
    from .io.word import export

    if args.export_command == "review":
        from .review import year_review

        review = year_review(config, store, year, args.as_of)
        for line in review.warnings:
            errors.print(Text(f"Chú ý: {line}.", style="yellow"))
        suffix = f"-{args.as_of.isoformat()}" if args.as_of else ""
        for path in export(review, args.output or Path(f"bao-cao-ket-qua-{year}{suffix}.docx"), args.template,
                           pdf=args.pdf):
            console.print(Text(f"Đã ghi {shown_path(path)}.", style="bold green"))
        return 0
    from .notice import year_notice

    if args.public and args.with_names:
        raise KienNghiError("Bản công khai (--public) không ghi tên người dân: bỏ --with-names.")
    notice = year_notice(config, store, year, annex=args.annex, with_names=args.with_names, draft=args.draft,
                         public=args.public)
    for line in notice.missing:
        errors.print(Text(f"Chú ý: {line}.", style="yellow"))
    name = "thong-bao-ket-luan" + ("-cong-khai" if args.public else "") + ("-du-thao" if args.draft else "")
    target = args.output or Path(f"{name}-{year}.docx")
    for path in export(notice, target, args.template, pdf=args.pdf):
        console.print(Text(f"Đã ghi {shown_path(path)}.", style="bold green"))
    return 0


def _export_workbook(args: argparse.Namespace, config: Config, store: Store, year: int) -> int:
    from .io.tracking import export_workbooks

    if args.by_owner:
        target = args.by_owner
    else:
        target = args.output or Path(f"theo-doi-{year}{'-' + args.owner if args.owner else ''}.xlsx")
    for path, count in export_workbooks(config, store.items(year), year, target, args.owner, bool(args.by_owner)):
        console.print(Text(f"Đã ghi {shown_path(path)} ({count} ý kiến).", style="bold green"))
    return 0


def cmd_remind(args: argparse.Namespace, config: Config, store: Store) -> int:
    """One reminder per unit with items overdue or due within --days, every year's items."""
    from .io.word import export
    from .reminders import MAX_DAYS, file_name, nothing_due, reminders, unowned_due

    if not 0 <= args.days <= MAX_DAYS:
        raise KienNghiError(f"--days phải từ 0 đến {MAX_DAYS} (số ngày tới mà hạn giải quyết rơi vào); "
                            f"đã cho {args.days}.")
    today = date.today()
    items = store.items()
    found = reminders(config, items, today, args.days, args.unit)
    unowned = unowned_due(config, items, today, args.days) if args.unit is None else []
    if unowned:
        console.print(Text(f"{len(unowned)} ý kiến quá hạn hoặc đến hạn chưa có đơn vị chủ trì nên không có phiếu "
                           f"nhắc: {_pairs([(i.id,) for i in unowned], '{}')}. Phân công đơn vị chủ trì (phím o trong "
                           "ứng dụng) rồi chạy lại.", style="yellow"))
    if not found:
        console.print(Text(nothing_due(today, args.days), style="green"))
        return 0
    for reminder in found:
        for path in export(reminder, args.output / file_name(reminder.unit_code, today), args.template):
            console.print(Text(f"Đã ghi {shown_path(path)} ({len(reminder.rows)} ý kiến).", style="bold green"))
    return 0


def cmd_merge(args: argparse.Namespace, config: Config, store: Store) -> int:
    from .io.tracking import read_workbook
    from .describe import shown
    from .merge import plan_merge

    rows = read_workbook(args.file, config)
    plan = plan_merge(config, args.file.name, rows, store, args.year)
    table = Table(title=f"Thay đổi từ {shown_name(args.file)}", expand=True)
    for column in ("Mã", "Trường", "Trong cơ sở dữ liệu", "Trong sổ"):
        table.add_column(column)
    for change in plan.changes:
        table.add_row(*(Text(v) for v in (change.item_id, FIELD[change.field].label,
                                          excerpt(shown(config, change.field, change.store), 80),
                                          excerpt(shown(config, change.field, change.workbook), 80))))
    if plan.changes:
        console.print(table)
    for note in plan.notes(config):
        console.print(Text(f"{note}.", style="yellow"))
    for problem in plan.invalid:
        errors.print(Text(f"Không hợp lệ: {shown_name(args.file)}, {problem}", style="red"))
    console.print(Text(f"{shown_name(args.file)}: {plan.summary()}.", style="bold"))
    if plan.invalid and not args.skip_invalid:
        errors.print(Text("Chưa gộp gì vì có ô không hợp lệ: sửa trong sổ rồi gộp lại, "
                          "hoặc dùng --skip-invalid để bỏ qua các ô đó.", style="bold red"))
        return 1
    new_items = [new for _, new in plan.new_rows] if args.accept_new else []
    if plan.new_rows and not args.accept_new:
        console.print(Text(f"{len(plan.new_rows)} dòng chưa có mã (dòng {', '.join(str(n) for n, _ in plan.new_rows)})"
                           " không được thêm; dùng --accept-new để thêm thành ý kiến mới.", style="yellow"))
    year = args.year or plan.year
    if new_items and year is None:
        raise KienNghiError("Không biết năm của các ý kiến mới: hãy thêm --year.")
    if args.dry_run:
        console.print(Text("Xem trước (--dry-run): chưa ghi gì.", style="yellow"))
        return 0
    edits = plan.edits()
    if not edits and not new_items:
        console.print(Text("Không có gì để gộp.", style="green"))
        return 0
    _, added = store.merge(edits, new_items, year or 0, args.file.name)
    console.print(Text(f"Đã gộp {len(plan.changes)} thay đổi vào {len(edits)} ý kiến"
                       + (f", thêm {len(added)} ý kiến mới ({', '.join(added)})" if added else "") + ".",
                       style="bold green"))
    return 0


def cmd_template(args: argparse.Namespace) -> int:
    from .io.word import check_template

    module, name = TEMPLATE_KINDS[args.kind]
    problems = check_template(args.file, getattr(importlib.import_module(module), name))
    for problem in problems:
        (errors if problem.error else console).print(Text(str(problem), style="red" if problem.error else "yellow"))
    if not any(p.error for p in problems):
        console.print(Text(f"Mẫu {shown_path(args.file)} dùng được.", style="green"))
        return 0
    return 1


def cmd_backup(args: argparse.Namespace, db_path: Path) -> int:
    made, removed = backup(db_path, args.folder or backup_folder(db_path), args.keep)
    console.print(Text(f"Đã sao lưu {shown_path(db_path)} vào {shown_path(made)}.", style="bold green"), soft_wrap=True)
    if removed:
        console.print(Text(f"Đã xóa {len(removed)} bản sao lưu cũ (giữ {args.keep} bản mới nhất): "
                           f"{', '.join(path.name for path in removed)}."), soft_wrap=True)
    return 0


def cmd_check(args: argparse.Namespace, db_path: Path) -> int:
    """Every finding, the sound ones on stdout, the problems on stderr (what cron mails)."""
    findings = check_store(db_path)
    for finding in findings:
        if finding.ok:
            console.print(Text(f"✓ {printable(finding.text)}", style="green"), soft_wrap=True)
        else:
            errors.print(Text(f"✗ {printable(finding.text)}", style="bold red"), soft_wrap=True)
    problems = sum(not finding.ok for finding in findings)
    if problems:
        errors.print(Text(f"{shown_path(db_path)}: {problems} vấn đề. Hãy báo người quản trị, và giữ các bản sao lưu "
                          "cho tới khi xử lý xong.", style="bold red"), soft_wrap=True)
        return 1
    console.print(Text(f"{shown_path(db_path)}: không có vấn đề gì.", style="bold green"), soft_wrap=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
