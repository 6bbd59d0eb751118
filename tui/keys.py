"""Every key of the items screen, in one table: the bindings, the help screen and the command
palette are all made from it, so none of them can forget a key."""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding


@dataclass(frozen=True)
class Key:
    """A key (Textual's names, comma-separated), its action, its words, and its group in help."""

    keys: str
    action: str
    label: str  # short, for the footer
    description: str  # whole, for help and the command palette
    group: str
    footer: bool = True


MOVE = "Di chuyển"
DECIDE = "Quyết định (áp dụng cho các ý kiến đang chọn, nếu có, và cả nhóm đã gộp trùng)"
SELECT = "Chọn, lọc, tìm"
SCREENS = "Màn hình khác"

KEYS: tuple[Key, ...] = (
    Key("down,j", "", "", "xuống một dòng", MOVE, False),
    Key("up,k", "", "", "lên một dòng", MOVE, False),
    Key("pagedown,pageup", "", "", "trang sau, trang trước", MOVE, False),
    Key("g,home", "", "", "đầu bảng", MOVE, False),
    Key("G,end", "", "", "cuối bảng", MOVE, False),
    Key("left_square_bracket", "year(-1)", "Năm trước", "xem năm trước", MOVE, False),
    Key("right_square_bracket", "year(1)", "Năm sau", "xem năm sau", MOVE, False),
    Key("1", "decide_ward", "Phường", "thuộc thẩm quyền phường, rồi chọn đơn vị chủ trì", DECIDE),
    Key("2", "decide_forward", "Cấp trên", "chuyển cấp trên, rồi chọn cơ quan nhận", DECIDE),
    Key("a", "accept", "Nhận gợi ý", "nhận gợi ý và sang ý kiến chưa phân loại tiếp theo", DECIDE),
    Key("o", "owner", "Chủ trì", "đơn vị chủ trì (+ để thêm đơn vị phối hợp)", DECIDE),
    Key("b", "body", "Cơ quan", "cơ quan cấp trên nhận ý kiến", DECIDE),
    Key("l", "sector", "Lĩnh vực", "lĩnh vực", DECIDE),
    Key("h", "deadline", "Hạn", "hạn giải quyết (28/11 theo hội nghị của ý kiến, 28/11/2025, +7, +30 từ hôm nay)",
        DECIDE),
    Key("s", "status", "Tình trạng", "tình trạng giải quyết", DECIDE),
    Key("r", "text('response')", "Kết quả", "kết quả giải quyết hoặc nội dung trả lời (nhiều dòng)", DECIDE),
    Key("t", "text('roadmap')", "Lộ trình", "lộ trình giải quyết: các bước, thời gian, người chịu trách nhiệm", DECIDE,
        False),
    Key("y", "text('reason')", "Lý do", "lý do không thực hiện được, kiến nghị, đề xuất", DECIDE, False),
    Key("d", "duplicate", "Trùng", "đánh dấu trùng với một ý kiến khác (chọn trong danh sách, gợi ý trước)", DECIDE),
    Key("D", "link_duplicates", "Gộp trùng", "gộp thành một nội dung: ý kiến này với ý kiến gợi ý trùng đầu tiên, "
        "hoặc các ý kiến đang chọn với nhau (ý kiến chưa phân loại nhận quyết định của nhóm)", DECIDE, False),
    Key("X", "not_duplicate", "Không trùng", "không trùng với ý kiến gợi ý trùng đầu tiên (không gợi ý lại)", DECIDE,
        False),
    Key("T", "unlink_duplicate", "Tách", "tách ý kiến khỏi nội dung đã gộp (các ý kiến khác vẫn gộp với nhau)", DECIDE,
        False),
    Key("v", "carry_link(True)", "Đúng tồn", "xác nhận gợi ý: ý kiến này là ý kiến tồn năm trước được gợi ý", DECIDE,
        False),
    Key("V", "carry_link(False)", "Bác tồn", "bác gợi ý tồn năm trước: không phải ý kiến đó (không gợi ý lại)", DECIDE,
        False),
    Key("delete", "delete_items", "Xóa", "xóa (ẩn) ý kiến, có hỏi lại; mã và lịch sử vẫn giữ, u lấy lại",
        DECIDE, False),
    Key("u", "undo", "Hoàn tác", "hoàn tác thay đổi vừa làm", DECIDE),
    Key("U", "redo", "Làm lại", "làm lại thay đổi vừa hoàn tác", DECIDE, False),
    Key("space", "toggle_select", "Chọn", "chọn hoặc bỏ chọn ý kiến ở con trỏ, rồi xuống dòng dưới", SELECT),
    Key("asterisk", "select_all", "Chọn hết", "chọn mọi ý kiến đang hiện", SELECT, False),
    Key("f", "filter", "Lọc", "lọc: chưa phân loại, thuộc phường, cấp trên, theo đơn vị, lĩnh vực, TDP, "
        "tình trạng, quá hạn (các bộ lọc kết hợp với nhau)", SELECT),
    Key("w", "concern", "Cùng nội dung", "chỉ hiện các ý kiến cùng nội dung với ý kiến này: đã gộp và có thể trùng "
        "(w hoặc Esc để bỏ)", SELECT, False),
    Key("slash", "search", "Tìm", "tìm trong nội dung, tổ dân phố, người kiến nghị (không cần dấu)", SELECT),
    Key("escape", "clear", "Bỏ tìm/chọn", "bỏ tìm kiếm, bỏ chọn, rồi bỏ lọc", SELECT, False),
    Key("n", "new_item", "Thêm", "thêm ý kiến phát biểu tại hội nghị", SCREENS, False),
    Key("e", "edit_item", "Sửa", "sửa nội dung, người kiến nghị, TDP, lĩnh vực, ghi chú", SCREENS, False),
    Key("H", "history", "Lịch sử", "lịch sử thay đổi của ý kiến (tab: của cả hội nghị)", SCREENS, False),
    Key("c", "conference", "Hội nghị", "thông tin hội nghị: ngày, địa điểm, chủ trì, số thông báo, "
        "người ký, nơi nhận", SCREENS, False),
    Key("K", "conclusions", "Kết luận", "kết luận của chủ tọa theo từng lĩnh vực và các nội dung khác, từ bản nháp "
        "kiennghi soạn từ các ý kiến", SCREENS, False),
    Key("i", "import_file", "Nhập", "nhập bảng tổng hợp của MTTQ hoặc sổ theo dõi", SCREENS, False),
    Key("C", "carry_over", "Mang tồn", "mang các ý kiến chưa giải quyết xong của năm trước sang năm đang xem "
        "(nguồn “tồn năm trước”, giữ liên kết và lịch sử; mang lại không sinh trùng)", SCREENS, False),
    Key("I", "imports", "Các lần nhập", "các lần nhập tệp: xem, gỡ một lần nhập (ẩn các ý kiến của nó)",
        SCREENS, False),
    Key("x", "export", "Xuất", "xuất thông báo kết luận (.docx, PDF) hoặc sổ theo dõi (.xlsx)", SCREENS),
    Key("m", "merge", "Gộp sổ", "gộp sổ theo dõi các đơn vị đã cập nhật: xem từng thay đổi, chọn rồi gộp",
        SCREENS, False),
    Key("Q", "app.overdue", "Quá hạn", "ý kiến quá hạn và sắp đến hạn của mọi năm, theo đơn vị; ghi phiếu nhắc việc",
        SCREENS, False),
    Key("B", "app.board", "Tiến độ", "bảng tiến độ: số ý kiến của từng đơn vị theo kết quả giải quyết, đơn vị chậm "
        "nhất ở trên", SCREENS, False),
    Key("question_mark", "app.help", "Trợ giúp", "danh sách phím", SCREENS),
    Key("ctrl+p", "app.palette", "Lệnh", "bảng lệnh: tìm và chạy mọi thao tác", SCREENS),
    Key("q", "app.quit", "Thoát", "thoát", SCREENS),
)


def bindings() -> list[Binding]:
    """The app's bindings (movement keys belong to the table and are only listed here)."""
    return [Binding(key.keys, key.action, key.label, show=key.footer, tooltip=key.description)
            for key in KEYS if key.action]


def display(keys: str) -> str:
    """Keys as help shows them: "down,j" → "↓ j"."""
    names = {"down": "↓", "up": "↑", "pagedown": "PgDn", "pageup": "PgUp", "home": "Home", "end": "End",
             "left_square_bracket": "[", "right_square_bracket": "]", "space": "Space", "asterisk": "*",
             "slash": "/", "escape": "Esc", "question_mark": "?", "ctrl+p": "Ctrl+P", "delete": "Del"}
    return " ".join(names.get(k, k) for k in keys.split(","))
