"""Import (`i`, and at once when the store is empty): a path with completion, the importer's
preview (header, columns, groups, skipped rows, doubts, first items), the officer's corrections
on the spot (what a column is, what rows are, where the table ends, what a value stands for),
then Enter to store it all."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from rich.console import Group
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Input, Static

from kiennghi.config import Config
from kiennghi.errors import KienNghiError
from kiennghi.import_plan import ImportPlan, LayoutChoices, column_letter
from kiennghi.sheet_fixes import COLUMN_FIELDS, Spelling, add_column, add_rows, add_value, remembered_shapes
from kiennghi.store import Store
from kiennghi.text import fold

from .fields import TextInput
from .pickers import Choice, Picked, PickerScreen
from .preview import column_meaning, first_items, plan_doubts, plan_summary, sheet_renderable
from .prompts import PromptScreen

Planner = Callable[..., ImportPlan]  # plan_import(path, config, *, choices, remembered, strict)
SHEET_SUFFIXES = (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods", ".csv")
FIX_HINT = ("c: cột là gì · r: dòng là gì · k: bảng kết thúc ở dòng · v: chữ ứng với mã · "
            "s: lưu cách đọc cho lần sau · Tab: về ô đường dẫn (các lời khuyên --column, --row, --end, --map "
            "bên dưới là các phím c, r, k, v)")


class PathSuggester(Suggester):
    """Completes a path: the first folder or spreadsheet whose name starts with what is typed."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        typed = Path(value).expanduser()
        folder, prefix = (typed, "") if value.endswith("/") else (typed.parent, typed.name)
        try:
            names = sorted(entry for entry in folder.iterdir()
                           if entry.name.startswith(prefix) and not entry.name.startswith(".")
                           and (entry.is_dir() or entry.suffix.lower() in SHEET_SUFFIXES))
        except OSError:
            return None
        if not names:
            return None
        found = names[0]
        completed = value + found.name[len(prefix):]
        return completed + "/" if found.is_dir() else completed


def _checked(add: Callable[[LayoutChoices, str], object]) -> Callable[[str], str]:
    """A prompt's check from one of `sheet_fixes`' parsers: "" when the text is right."""
    def check(text: str) -> str:
        try:
            add(LayoutChoices(), text)
        except ValueError as error:
            return str(error)
        return ""
    return check


@dataclass
class ImportChosen:
    """What the officer chose to import: the plan, and when the reading is to be kept for next
    time (`remember`), the column and value choices made and the new spellings."""

    plan: ImportPlan
    choices: LayoutChoices
    spellings: list[Spelling]
    remember: bool


class ImportScreen(ModalScreen[ImportChosen | None]):
    """Returns what to import, or None; it reads the store (saved sheet shapes, whether the
    import would be refused) and writes nothing."""

    AUTO_FOCUS = "Input"
    BINDINGS = [
        Binding("escape", "dismiss(None)", "Hủy"),
        Binding("enter", "submit", "Xem trước, nhập", priority=True),
        Binding("c", "fix_column", "Cột"),
        Binding("r", "fix_rows", "Dòng"),
        Binding("k", "fix_end", "Kết thúc"),
        Binding("v", "fix_value", "Giá trị"),
        Binding("s", "toggle_save", "Lưu cách đọc"),
        Binding("tab", "focus_path", "Đường dẫn", show=False),
    ]

    def __init__(self, config: Config, store: Store, planner: Planner) -> None:
        super().__init__()
        self.config = config
        self.store = store
        self.planner = planner
        self.plan: ImportPlan | None = None
        self.path: Path | None = None
        self.choices = LayoutChoices()
        self.spellings: list[Spelling] = []
        self.save = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog tall wide"):
            yield Static(Text("Nhập bảng tổng hợp ý kiến của MTTQ (hoặc sổ theo dõi)", style="bold"))
            yield TextInput(str(Path.cwd()) + "/", id="path", suggester=PathSuggester(),
                            placeholder="đường dẫn tới tệp .xlsx, .xls, .ods, .csv")
            yield Static(Text("→ hoặc End: nhận gợi ý đường dẫn · Enter: xem trước · Esc: hủy", style="dim"),
                         id="import-hint")
            with VerticalScroll(id="preview"):
                yield Static(id="preview-body")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action.startswith(("fix_", "toggle_save")):
            return self.plan is not None and not isinstance(self.focused, Input)
        return True

    def show(self, renderable: Text | Group) -> None:
        self.query_one("#preview-body", Static).update(renderable)

    def on_input_changed(self) -> None:
        self.plan = None

    def action_focus_path(self) -> None:
        self.query_one("#path").focus()

    def action_submit(self) -> None:
        if self.plan is not None:
            self.store_plan(self.plan)
            return
        path = Path(self.query_one(Input).value.strip()).expanduser()
        if not path.is_file():
            self.show(Text(f"Không có tệp {path}.", style="bold red"))
            return
        if path != self.path:
            self.choices, self.spellings, self.save = LayoutChoices(), [], False
        self.path = path
        self.show(Text(f"Đang đọc {path.name}…"))
        self.read(path)

    @work(thread=True, exclusive=True)
    def read(self, path: Path) -> None:
        remembered = remembered_shapes(self.store)
        try:
            plan = self.planner(path, self.config, choices=self.choices, remembered=remembered, strict=False)
        except KienNghiError as error:
            self.app.call_from_thread(self.show, Text(str(error), style="bold red"))
            return
        self.app.call_from_thread(self.previewed, plan)

    def previewed(self, plan: ImportPlan) -> None:
        self.plan = plan
        if plan.problems:
            action = Text(f"Còn {len(plan.problems)} ô không hợp lệ: sửa tệp, hoặc chỉ rõ giá trị bằng v.",
                          style="bold red")
        elif plan.doubts:
            action = Text("Sửa cách đọc bằng các phím dưới đây, hoặc nếu cách đọc đã đúng thì Enter để vẫn "
                          "nhập. Esc: hủy.", style="bold yellow")
        else:
            action = Text("Nhấn Enter lần nữa để nhập, Esc để hủy.", style="bold green")
        save = Text(("Sẽ lưu" if self.save else "Không lưu") + " cách đọc này cho lần sau (s).", style="dim")
        parts = [sheet_renderable(sheet, self.config, with_doubts=False) for sheet in plan.sheets]
        self.show(Group(plan_summary(plan), action, Text(FIX_HINT, style="dim"), save, *plan_doubts(plan),
                        Text(""), first_items(plan, self.config), Text(""), *parts))
        self.query_one("#preview").focus()

    def again(self) -> None:
        """Read the sheet again with the choices as they are now."""
        self.plan = None
        if self.path is not None:
            self.read(self.path)

    # --- the officer's corrections -------------------------------------------------------------

    def action_fix_column(self) -> None:
        assert self.plan is not None
        sheets = [sheet for sheet in self.plan.sheets if sheet.header is not None]
        choices = []
        for sheet in sheets:
            header = sheet.header
            for c, label in enumerate(header.labels):
                meaning = column_meaning(header, c) or "không dùng"
                letter = column_letter(c)
                if letter not in {choice.code for choice in choices}:
                    choices.append(Choice(letter, f"{letter}  {label}".rstrip(), fold(f"{letter} {label}"), meaning))
        self.app.push_screen(PickerScreen("Cột nào?", choices), self.column_chosen)

    def column_chosen(self, picked: Picked | None) -> None:
        if picked is None or not picked.code:
            return
        fields = [Choice("-", "không dùng cột này", "bo khong dung"),
                  *(Choice(name, label, fold(f"{name} {label}")) for name, label in COLUMN_FIELDS.items())]
        self.app.push_screen(PickerScreen(f"Cột {picked.code} là", fields),
                             lambda field: self.field_chosen(picked.code, field))

    def field_chosen(self, letter: str, picked: Picked | None) -> None:
        if picked is None or not picked.code:
            return
        add_column(self.choices, f"{letter}={picked.code}")
        self.again()

    def action_fix_rows(self) -> None:
        self.app.push_screen(PromptScreen(
            "Dòng nào là gì? (ví dụ 12=skip, 12-14=item, 30=group)", hint="item: ý kiến · group: tiêu đề nhóm · "
            "skip: không phải ý kiến", check=_checked(add_rows)), self.rows_given)

    def rows_given(self, text: str | None) -> None:
        if text:
            add_rows(self.choices, text)
            self.again()

    def action_fix_end(self) -> None:
        def check(text: str) -> str:
            return "" if text.strip().isdigit() and int(text) > 0 else "cần một số dòng"
        self.app.push_screen(PromptScreen("Bảng ý kiến kết thúc ở dòng", str(self.choices.end or ""), check=check),
                             self.end_given)

    def end_given(self, text: str | None) -> None:
        if text:
            self.choices.end = int(text)
            self.again()

    def action_fix_value(self) -> None:
        assert self.plan is not None
        unknown = next((doubt.message.split("“", 1)[1].split("”", 1)[0] for _, doubt in self.plan.doubts
                        if doubt.kind in ("unknown-value", "two-sectors", "no-sector") and "“" in doubt.message), "")
        self.app.push_screen(PromptScreen(
            "Chữ trong bảng ứng với mã nào? (GIÁ-TRỊ=MÃ)", f"{unknown}=" if unknown else "",
            hint="ví dụ Quận=cap-tren · LĨNH VỰC Y TẾ, GIÁO DỤC=Y-TE · P. KT-HT-ĐT=KT-HT-DT",
            check=_checked(lambda choices, text: add_value(choices, text, self.config)), select=False),
            self.value_given)

    def value_given(self, text: str | None) -> None:
        if text:
            self.spellings.append(add_value(self.choices, text, self.config))
            self.again()

    def action_toggle_save(self) -> None:
        self.save = not self.save
        if self.plan is not None:
            self.previewed(self.plan)

    def store_plan(self, plan: ImportPlan) -> None:
        if plan.problems:
            self.app.notify("Còn ô không hợp lệ: chưa nhập được.", severity="error", timeout=4)
            return
        refusal = self.store.import_refusal(plan.batch())
        if refusal is not None:
            self.plan = None
            self.show(Text(refusal, style="bold red"))
            return
        self.dismiss(ImportChosen(plan, self.choices, self.spellings, self.save))
