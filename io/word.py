"""The office's documents as .docx, each from a docxtpl template officers may edit in Word (the
notice, the review report, the reminders to units), and templates checked.

The words come from the core (`kiennghi.notice`, `kiennghi.review`): each document is a record
whose fields are the names its template may use; this module only fills a template with them.
Values are escaped (autoescape), so "&", "<" and Jinja-like text from petitions come out literally.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from dataclasses import dataclass, fields
from importlib import resources
from pathlib import Path
from typing import Iterator

import jinja2
from docx import Document
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docxtpl import DocxTemplate
from jinja2 import meta, nodes

from kiennghi.errors import InputError
from kiennghi.text import document_text
from kiennghi.notice import Notice, template_names
from kiennghi.reminders import Reminder
from kiennghi.review import Review

from .office import convert
from .output import write_atomically

# The template shipped for each document (in `templates/`).
TEMPLATES: dict[type, str] = {
    Notice: "thong-bao-ket-luan.docx",
    Review: "bao-cao-ket-qua.docx",
    Reminder: "nhac-viec.docx",
}
# docxtpl's own tags ("{%p for … %}", "{%tr … %}", "{{r … }}") read as plain Jinja.
_DOCXTPL_PREFIX = re.compile(r"\{([{%])(?:p|tr|tc|r)(?=\s)")
_MERGE_TAG = re.compile(r"\{%\s*[hv]m\s*%\}")
_TAG = re.compile(r"\{[{%].*?[}%]\}")
_CURLY = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})
_TYPOGRAPHIC = "“”‘’„«»…–—"


@contextmanager
def default_template(kind: type = Notice) -> Iterator[Path]:
    """The template shipped with kiennghi for documents of `kind` (`templates/thong-bao-ket-luan.docx`…)."""
    with resources.as_file(resources.files("kiennghi.templates").joinpath(TEMPLATES[kind])) as path:
        yield path


def _environment() -> jinja2.Environment:
    """Every value printed escaped, and as a document may hold it (`document_text`)."""
    return jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined,
                              finalize=lambda value: document_text(value) if isinstance(value, str) else value)


def render(record: object, template: Path, target: Path) -> Path:
    """Write `record` (a notice, a review, a reminder) through `template` to `target`,
    atomically. Returns `target`.

    A template that fails is checked (`check_template`) so that the message names the places."""
    document = DocxTemplate(template)
    context = {f.name: getattr(record, f.name) for f in fields(record)}
    try:
        document.render(context, jinja_env=_environment(), autoescape=True)
    except jinja2.TemplateError as error:
        problems = [str(p) for p in check_template(template, type(record)) if p.error] or [str(error)]
        listed = "\n".join(f"  - {p}" for p in problems)
        raise InputError(f"Mẫu {template} có lỗi, chưa ghi gì:\n{listed}") from None
    return write_atomically(target, lambda temp: document.save(temp))


# --- checking a template -------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """Something wrong in a template, with the place an officer finds it at in Word."""

    place: str
    message: str
    error: bool = True  # False: a warning, the template still renders

    def __str__(self) -> str:
        kind = "lỗi" if self.error else "lưu ý"
        return f"{self.place}: {kind}: {self.message}"


@dataclass(frozen=True)
class _Paragraph:
    place: str
    text: str


def check_template(path: Path, kind: type = Notice) -> list[Problem]:
    """The syntax errors of a template for documents of `kind` (`Notice`, `Review`) and the
    names it uses that kiennghi does not provide."""
    try:
        document = Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError, OSError) as error:
        raise InputError(f"Không mở được mẫu {path} (cần tệp .docx của Word): {error}") from None
    paragraphs = list(_paragraphs(document))
    problems = [
        Problem(p.place, "Word đã đổi dấu nháy thẳng thành nháy cong trong thẻ; kiennghi tự đổi lại, "
                         "nên gõ lại bằng dấu nháy thẳng", error=False)
        for p in paragraphs if any(ch in tag for tag in _TAG.findall(p.text) for ch in "“”‘’")
    ]
    skeleton = "\n".join(_plain_jinja(p.text) for p in paragraphs)
    environment = _environment()
    try:
        ast = environment.parse(skeleton)
    except jinja2.TemplateSyntaxError as error:
        where = paragraphs[error.lineno - 1] if 0 < error.lineno <= len(paragraphs) else None
        hint = ""
        if where and any(ch in tag for tag in _TAG.findall(where.text) for ch in _TYPOGRAPHIC):
            hint = " (trong thẻ có dấu do Word tự đổi: “ ” … –; hãy gõ lại bằng dấu thẳng \" ' ...)"
        problems.append(Problem(where.place if where else "cuối mẫu",
                                f"sai cú pháp mẫu: {error.message}{hint}"))
        return problems
    names = template_names(kind)
    for name in sorted(meta.find_undeclared_variables(ast) - set(names)):
        problems.append(Problem(_place_of(paragraphs, name), f"biến “{name}” không có trong kiennghi "
                                f"(xem templates/README.md)"))
    for line, name, attribute in _unknown_attributes(ast, names):
        problems.append(Problem(paragraphs[line - 1].place,
                                f"“{name}.{attribute}” không có (có: {', '.join(sorted(names_of(name, ast, names)))})"))
    return problems


def names_of(name: str, ast: nodes.Template, names: dict[str, set[str] | None]) -> set[str]:
    """The fields `name` has: a record of the notice, or the item of a loop over a list of records."""
    return _loop_records(ast, names).get(name) or names.get(name) or set()


def _loop_records(ast: nodes.Template, names: dict[str, set[str] | None]) -> dict[str, set[str]]:
    records: dict[str, set[str]] = {}
    for loop in ast.find_all(nodes.For):
        if isinstance(loop.target, nodes.Name) and isinstance(loop.iter, nodes.Name):
            record = names.get(loop.iter.name)
            if record:
                records[loop.target.name] = record
    return records


def _unknown_attributes(ast: nodes.Template, names: dict[str, set[str] | None]) -> Iterator[tuple[int, str, str]]:
    records = _loop_records(ast, names)
    for node in ast.find_all(nodes.Getattr):
        if not isinstance(node.node, nodes.Name):
            continue
        known = records.get(node.node.name) or names.get(node.node.name)
        if known and node.attr not in known:
            yield node.lineno, node.node.name, node.attr


def _plain_jinja(text: str) -> str:
    text = _MERGE_TAG.sub("", _DOCXTPL_PREFIX.sub(r"{\1", text))
    return _TAG.sub(lambda m: m.group(0).translate(_CURLY), text)


def _place_of(paragraphs: list[_Paragraph], name: str) -> str:
    pattern = re.compile(rf"\b{re.escape(name)}\b")
    for paragraph in paragraphs:
        if any(pattern.search(tag) for tag in _TAG.findall(paragraph.text)):
            return paragraph.place
    return "mẫu"


def _paragraphs(document) -> Iterator[_Paragraph]:
    """Every paragraph of the body (tables included), then of the headers and footers, each with
    the place an officer finds it at ("đoạn 12", "bảng 2, hàng 3, cột 1", "đầu trang")."""
    body = document.element.body
    tables = {t: n for n, t in enumerate(body.iter(qn("w:tbl")), start=1)}
    count = 0
    for p in body.iter(qn("w:p")):
        cell = next((a for a in p.iterancestors(qn("w:tc"))), None)
        if cell is None:
            count += 1
            place = f"đoạn {count}"
        else:
            row = cell.getparent()
            table = row.getparent()
            place = f"bảng {tables[table]}, hàng {_position(row)}, cột {_position(cell)}"
        yield _Paragraph(f"{place} «{_excerpt(p)}»", _text(p))
    for section in document.sections:
        for name, story in (("đầu trang", section.header), ("đầu trang 1", section.first_page_header),
                            ("chân trang", section.footer), ("chân trang 1", section.first_page_footer)):
            if not story.is_linked_to_previous:
                for p in story.part.element.iter(qn("w:p")):
                    yield _Paragraph(f"{name} «{_excerpt(p)}»", _text(p))


def _position(element) -> int:
    """1 for the first row of its table (or cell of its row), 2 for the next…"""
    return sum(1 for sibling in element.itersiblings(preceding=True) if sibling.tag == element.tag) + 1


def _text(p) -> str:
    return "".join(t.text or "" for t in p.iter(qn("w:t")))


def _excerpt(p) -> str:
    text = " ".join(_text(p).split())
    return text if len(text) <= 50 else text[:49] + "…"


def export(record: object, target: Path, template: Path | None = None, pdf: bool = False) -> list[Path]:
    """Write `record` as .docx at `target` through `template` (default: the one shipped for its
    kind), and as PDF beside it with `pdf`; the paths written."""
    if template is None:
        with default_template(type(record)) as shipped:
            written = [render(record, shipped, target)]
    else:
        written = [render(record, template, target)]
    if pdf:
        pdf_path = target.with_suffix(".pdf")
        written.append(write_atomically(pdf_path, lambda temp: convert(target, "pdf", temp)))
    return written
