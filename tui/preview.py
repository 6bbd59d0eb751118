"""The import preview as Rich renderables: shown by `kiennghi import` and by the app."""

from __future__ import annotations

from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from kiennghi.config import Config
from kiennghi.edits import FIELD_NAMES
from kiennghi.import_plan import ImportPlan, SheetResult, column_letter
from kiennghi.model import SOURCE_NAMES

FIRST_ITEMS = 5
FIELD_LABELS = {"stt": "STT", **{name: label.capitalize() for name, label in FIELD_NAMES.items()}}


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
    return Text(f"{plan.path.name}: {len(plan.items)} ý kiến ({parts}), năm {plan.year} "
                f"(theo {plan.year_source}).", style="bold")


def sheet_renderable(sheet: SheetResult, config: Config) -> RenderableType:
    """How one sheet was read: header, mapping, groups, skipped rows, first items."""
    title = Text(f"Trang “{sheet.sheet}”", style="bold cyan")
    if sheet.ignored:
        return Group(title, Text(f"  bỏ qua: {sheet.ignored}", style="yellow"))
    assert sheet.header is not None
    header = sheet.header
    parts: list[RenderableType] = [title, Text(
        f"  Tiêu đề ở dòng {', '.join(map(str, header.rows))}; nguồn: {SOURCE_NAMES[sheet.source]}; "
        f"{len(sheet.items)} ý kiến, {len(sheet.groups)} nhóm, {len(sheet.skipped)} dòng bỏ qua, "
        f"{sheet.blank_rows} dòng trống."
    )]
    mapping = _plain_table("Cột", "Cột", "Tiêu đề trong tệp", "Hiểu là")
    by_column = {c: name for name, c in header.columns.items()}
    for c, label in enumerate(header.labels):
        if label or c in by_column:
            target = FIELD_LABELS.get(by_column.get(c, ""), "")
            mapping.add_row(Text(column_letter(c)), Text(label.replace("\n", " ")),
                            Text(target or "(không dùng)", style="" if target else "dim"))
    parts.append(mapping)
    if sheet.groups:
        groups = _plain_table("Nhóm", "Dòng", "Tiêu đề nhóm", "Lĩnh vực")
        for group in sheet.groups:
            groups.add_row(Text(str(group.row)), Text(group.text),
                           Text(config.sectors.name(group.sector) or "(không khớp lĩnh vực nào)"))
        parts.append(groups)
    if sheet.skipped:
        skipped = _plain_table("Dòng bỏ qua", "Dòng", "Lý do", "Nội dung ô")
        for row in sheet.skipped:
            skipped.add_row(Text(str(row.row)), Text(row.reason), Text(row.text, style="dim"))
        parts.append(skipped)
    return Group(*parts)


def first_items(plan: ImportPlan, config: Config, count: int = FIRST_ITEMS) -> Table:
    table = Table(title=f"{min(count, len(plan.items))} ý kiến đầu tiên", title_justify="left", expand=True)
    for column, options in (("STT", {"no_wrap": True}), ("Nội dung", {"ratio": 3}), ("Tổ dân phố", {"ratio": 1}),
                            ("Người kiến nghị", {"ratio": 1}), ("Lĩnh vực", {"ratio": 1}),
                            ("Dòng", {"no_wrap": True})):
        table.add_column(column, **options)
    for item in plan.items[:count]:
        table.add_row(
            Text(item.stt or ""), Text(item.content), Text(item.to_dan_pho), Text(item.submitter),
            Text(config.sectors.short(item.sector)),
            Text(f"{item.origin.sheet} {','.join(map(str, item.origin.rows))}"),
        )
    return table


def print_plan(console: Console, plan: ImportPlan, config: Config, detailed: bool) -> None:
    """Print the summary; with `detailed`, every sheet's reading and the first items too."""
    if detailed:
        for sheet in plan.sheets:
            console.print(sheet_renderable(sheet, config))
            console.print()
        console.print(first_items(plan, config))
    console.print(plan_summary(plan))
