"""The chair's conclusions (`K`): one box per sector, starting from kiennghi's draft made from its
items, and one box for the topics not tied to a sector. The screen returns the conference with
the conclusions as edited (or None); its opener saves it. Ctrl+S or F2 saves, Esc cancels."""

from __future__ import annotations

import re
from dataclasses import replace

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Label, Static

from kiennghi.config import Config
from kiennghi.model import Conference, Topic
from kiennghi.text import clean_cell, nfc

from .editor import SAVE_HINT, FormScreen
from .fields import TextBox

# A draft is selected in its box: what the officer types replaces it, an arrow key keeps it to edit.
DRAFT_HINT = "bản nháp kiennghi soạn từ các ý kiến: gõ để viết lại, phím mũi tên để sửa bản nháp"
TOPICS_HELP = ("Các nội dung khác, không theo lĩnh vực: mỗi nội dung một khối, dòng đầu là tiêu đề "
               "(ví dụ “Về công tác chuyển đổi số”), các dòng sau là kết luận; các khối cách nhau một dòng trống")


class ConclusionsScreen(FormScreen):
    """`conference`'s conclusions: for each sector with a draft (`drafts`, by code, from
    `kiennghi.notice.conclusion_drafts`) or a conclusion written, the officer's text or the
    draft; a box left as the draft, or emptied, keeps the draft (and the notice says it is
    one). Returns the conference with its `conclusions` and `topics` replaced, or None;
    `problem` says why the last save was refused."""

    AUTO_FOCUS = "TextBox"

    def __init__(self, config: Config, conference: Conference, drafts: dict[str, str], problem: str = "") -> None:
        super().__init__()
        self.config = config
        self.conference = conference
        self.drafts = drafts
        self.codes = [code for code in config.sectors.codes if code in drafts or code in conference.conclusions]
        self.refused = problem

    def compose(self) -> ComposeResult:
        written = self.conference.conclusions
        with VerticalScroll(classes="dialog tall"):
            yield Static(Text(f"Kết luận của chủ tọa hội nghị năm {self.conference.year}", style="bold"))
            for n, code in enumerate(self.codes):
                state = "đã viết" if code in written else DRAFT_HINT
                yield Label(Text(f"{self.config.sectors.name(code)} ({state})"))
                yield TextBox(written.get(code) or self.drafts.get(code, ""), id=f"sector-{n}", soft_wrap=True,
                              classes="conclusion")
            yield Label(Text(TOPICS_HELP))
            blocks = [f"{topic.title}\n{topic.text}" for topic in self.conference.topics]
            yield TextBox("\n\n".join(blocks), id="topics", soft_wrap=True, classes="conclusion")
            yield Static(Text(self.refused, style="bold red"), id="form-error")
            yield Static(Text(SAVE_HINT, style="dim"))

    def on_mount(self) -> None:
        super().on_mount()
        for n, code in enumerate(self.codes):
            if code not in self.conference.conclusions:
                self.query_one(f"#sector-{n}", TextBox).select_all()

    def action_save(self) -> None:
        conclusions = {}
        for n, code in enumerate(self.codes):
            text = self.text_of(f"sector-{n}")
            if text and text != self.drafts.get(code):
                conclusions[code] = text
        topics = []  # blocks apart by a blank line (which cleaning a cell's text would not keep)
        for block in re.split(r"\n\s*\n", self.query_one("#topics", TextBox).text):
            title, _, text = clean_cell(nfc(block)).partition("\n")
            if title:
                topics.append(Topic(title, text))
        self.dismiss(replace(self.conference, conclusions=conclusions, topics=topics))
