"""The import preview as Rich renderables: shown by `kiennghi import` and by the app."""

from __future__ import annotations

from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from kiennghi.config import Config
from kiennghi.fields import FIELD
from kiennghi.import_plan import Doubt, Header, ImportPlan, Problem, SheetResult, column_letter
from kiennghi.model import SOURCE_NAMES
from kiennghi.text import printable, shown_name

FIRST_ITEMS = 5


def _title(name: str) -> str:
    return FIELD[name].title if name in FIELD else name


def _plain_table(title: str, *columns: str) -> Table:
    table = Table(title=title, title_justify="left", box=None, padding=(0, 1))
    for column in columns:
        table.add_column(column)
    return table


def plan_summary(plan: ImportPlan) -> Text:
    counts = {source: 0 for source in SOURCE_NAMES}
    for item in plan.items:
        counts[item.source] += 1
    parts = ", ".join(f"{n} {SOURCE_NAMES[s].lower()}" for s, n in counts.items() if n)
    summary = Text(f"{shown_name(plan.path)}: {len(plan.items)} ý kiến ({parts}), năm {plan.year} "
                   f"(theo {plan.year_source}).", style="bold")
    if plan.problems:
        summary.append(f" {len(plan.problems)} ô không hợp lệ: chưa nhập được.", style="bold red")
    elif plan.doubts:
        summary.append(f" {len(plan.doubts)} điều chưa chắc chắn: xem và xác nhận trước khi nhập.",
                       style="bold yellow")
    return summary


def column_meaning(header: Header, c: int) -> str:
    """What column `c` is read as, in words, with how kiennghi knows it."""
    mark = header.marks.get(c, False)
    if mark is None:
        return "dấu x: chưa rõ nghĩa"
    if mark:
        return f"dấu x: {_title(mark.field)} = {mark.label}"
    name = header.field_of(c)
    if name is None:
        return ""
    meaning = "Người kiến nghị + Tổ dân phố" if c == header.split else _title(name)
    if c in header.chosen:
        return f"{meaning} (theo lựa chọn)"
    if c in header.guessed:
        return f"{meaning} (theo nội dung các ô)"
    return meaning


def doubts_table(doubts: list[Doubt]) -> Table:
    table = _plain_table("Điều chưa chắc chắn", "Dòng", "Cột", "Vì sao")
    for doubt in doubts:
        table.add_row(Text(str(doubt.row or "")), Text(column_letter(doubt.column) if doubt.column is not None else ""),
                      Text(printable(doubt.message), style="yellow"))
    return table


def problems_table(problems: list[Problem]) -> Table:
    table = _plain_table("Ô không hợp lệ (phải sửa trước khi nhập)", "Ô", "Vì sao")
    for problem in problems:
        table.add_row(Text(f"{column_letter(problem.column)}{problem.row}"), Text(printable(problem.message), style="red"))
    return table


def sheet_renderable(sheet: SheetResult, config: Config, with_doubts: bool = True) -> RenderableType:
    """How one sheet was read: header, mapping, groups, skipped rows; its doubts and invalid
    cells unless `with_doubts` is False (shown elsewhere, as `plan_doubts` does)."""
    title = Text(f"Trang “{printable(sheet.sheet)}”", style="bold cyan")
    if sheet.ignored:
        return Group(title, Text(f"  bỏ qua: {sheet.ignored}", style="yellow"))
    assert sheet.header is not None
    header = sheet.header
    parts: list[RenderableType] = [title, Text(
        f"  Tiêu đề ở dòng {', '.join(map(str, header.rows))}; nguồn: {SOURCE_NAMES[sheet.source]}; "
        f"{len(sheet.items)} ý kiến, {len(sheet.groups)} nhóm, {len(sheet.skipped)} dòng bỏ qua, "
        f"{sheet.blank_rows} dòng trống; độ tin cậy {sheet.confidence}%."
        + (f" Áp dụng {sheet.remembered}." if sheet.remembered else "")
    )]
    mapping = _plain_table("Cột", "Cột", "Tiêu đề trong tệp", "Hiểu là")
    for c, label in enumerate(header.labels):
        meaning = column_meaning(header, c)
        shown = label if not header.upper or header.upper[c] in ("", label) else f"{header.upper[c]} › {label}"
        if shown or meaning:
            mapping.add_row(Text(column_letter(c)), Text(printable(shown.replace("\n", " "))),
                            Text(meaning or "(không dùng)", style="" if meaning else "dim"))
    parts.append(mapping)
    if sheet.groups:
        groups = _plain_table("Nhóm", "Dòng", "Tiêu đề nhóm", "Lĩnh vực")
        for group in sheet.groups:
            sector = config.sectors.name(group.sector) or ("" if group.sub else "(không có lĩnh vực)")
            if group.alternatives:
                sector += " (hoặc: " + ", ".join(config.sectors.name(code) for code in group.alternatives) + ")"
            groups.add_row(Text(str(group.row)), Text(("  └ " if group.sub else "") + printable(group.text)), Text(sector))
        parts.append(groups)
    if sheet.skipped:
        skipped = _plain_table("Dòng bỏ qua", "Dòng", "Lý do", "Nội dung ô")
        for row in sheet.skipped:
            skipped.add_row(Text(str(row.row)), Text(row.reason), Text(row.text, style="dim"))
        parts.append(skipped)
    if with_doubts and sheet.doubts:
        parts.append(doubts_table(sheet.doubts))
    if with_doubts and sheet.problems:
        parts.append(problems_table(sheet.problems))
    return Group(*parts)


def plan_doubts(plan: ImportPlan) -> list[RenderableType]:
    """Every sheet's doubts and invalid cells, under the sheet's name: what the officer must
    look at first."""
    parts: list[RenderableType] = []
    for sheet in plan.sheets:
        if sheet.doubts or sheet.problems:
            parts.append(Text(f"Trang “{printable(sheet.sheet)}”", style="bold cyan"))
            if sheet.doubts:
                parts.append(doubts_table(sheet.doubts))
            if sheet.problems:
                parts.append(problems_table(sheet.problems))
    return parts


def first_items(plan: ImportPlan, config: Config, count: int = FIRST_ITEMS) -> Table:
    """The first items as they would be stored; the sheet's jurisdiction and proposed unit
    too when it gives them."""
    items = plan.items[:count]
    table = Table(title=f"{len(items)} ý kiến đầu tiên", title_justify="left", expand=True)
    extra = [(label, value) for label, value in (
        ("Thẩm quyền", lambda item: config.jurisdictions.short(item.jurisdiction)),
        ("Đơn vị đề xuất", lambda item: item.proposed),
    ) if any(value(item) for item in plan.items)]
    for column, options in (("STT", {"no_wrap": True}), ("Nội dung", {"ratio": 3}), ("Tổ dân phố", {"ratio": 1}),
                            ("Người kiến nghị", {"ratio": 1}), ("Lĩnh vực", {"ratio": 1}),
                            *((label, {"ratio": 1}) for label, _ in extra), ("Dòng", {"no_wrap": True})):
        table.add_column(column, **options)
    for item in items:
        table.add_row(
            Text(printable(item.stt or "")), Text(printable(item.content)), Text(printable(item.to_dan_pho)),
            Text(printable(item.submitter)),
            Text(config.sectors.short(item.sector)), *(Text(value(item)) for _, value in extra),
            Text(f"{printable(item.origin.sheet or '')} {','.join(map(str, item.origin.rows))}"),
        )
    return table


def print_plan(console: Console, plan: ImportPlan, config: Config, detailed: bool) -> None:
    """Print the summary; with `detailed`, every sheet's reading and the first items too;
    without, the doubts and invalid cells still, for nothing unsure goes by unsaid."""
    if detailed:
        for sheet in plan.sheets:
            console.print(sheet_renderable(sheet, config))
            console.print()
        console.print(first_items(plan, config))
    else:
        for part in plan_doubts(plan):
            console.print(part)
    console.print(plan_summary(plan))
