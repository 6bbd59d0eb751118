"""The words of what the change log records beyond an item's fields (a conference's details,
an item's coming and going), and a conference's defaults."""

from __future__ import annotations

from .config import Config
from .fields import FIELD
from .model import Conference

CONFERENCE_FIELD_NAMES = {
    "date": "ngày hội nghị",
    "place": "địa điểm",
    "chairs": "chủ trì hội nghị",
    "attendees": "thành phần dự",
    "basis": "căn cứ tổ chức",
    "reports_heard": "các báo cáo hội nghị đã nghe",
    "speakers": "số đại biểu phát biểu",
    "results": "kết quả thực hiện nhiệm vụ",
    "conclusions": "kết luận theo lĩnh vực",
    "topics": "kết luận các nội dung khác",
    "notice_number": "số thông báo",
    "notice_date": "ngày thông báo",
    "signing_authority": "thẩm quyền ký",
    "signer_title": "chức vụ người ký",
    "signer_name": "người ký",
    "recipients": "nơi nhận",
}

# The change log's rows that are not a field edited: an item's coming and going.
EVENT_NAMES = {"created": "tạo mới", "import": "nhập tệp", "hidden": "ẩn (xóa)", "carried": "mang sang năm sau"}


def change_name(field: str) -> str:
    """A change-log row's field in words: an item's field, an event, or a conference's detail."""
    if field.startswith("conference."):
        key = field.removeprefix("conference.")
        return f"hội nghị: {CONFERENCE_FIELD_NAMES.get(key, key)}"
    return FIELD[field].label if field in FIELD else EVENT_NAMES.get(field, field)


def default_conference(config: Config, year: int) -> Conference:
    """A year's conference as the configuration's defaults describe it, before anyone edits it."""
    defaults = config.conference
    return Conference(
        year=year,
        place=defaults.get("place", ""),
        chairs=list(defaults.get("chairs", [])),
        attendees=defaults.get("attendees", ""),
        basis=list(defaults.get("basis", [])),
        reports_heard=defaults.get("reports_heard", ""),
        results=defaults.get("results", ""),
        signing_authority=defaults.get("signing_authority", ""),
        signer_title=defaults.get("signer_title", ""),
        signer_name=defaults.get("signer_name", ""),
        recipients=list(defaults.get("recipients", [])),
    )
