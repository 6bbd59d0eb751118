"""A corpus of MTTQ petition sheets as wards write them, each with the items an import must yield.

`build_shape(seed)` makes one workbook (or CSV) from `random.Random(seed)`: a title block, a
header in one of many wordings over one or two rows, sector group rows in the styles wards use,
sub-headings, continued items, totals, a summary table and the footer; one sheet or several
(residential-group clusters, an instructions sheet, conference sheets); .xlsx, .xls, .ods or
.csv; Unicode, decomposed Unicode or TCVN3. From a new user's trial: a TDP or submitter cell
merged down beside several items; a "Tổng hợp" sheet with a TDP column followed by a sheet per
TDP repeating its petitions; a sheet per TDP named "TDP 12" with no TDP column; a contact line
or a signer's title in capitals right under the items; a note row among the items; conference
sheets named "Sheet2" (only the title says so) or "Đại biểu nêu ý kiến 31.10"; sub-headings
naming each sector under a heading that names two. These draw on a random stream of their own,
so that a shape none of them touches is the shape its seed made before them. `write_shape(shape, folder)` writes it, and the shape
carries what an import must find: the items in order (`Expected`) and the doubts the sheet must
raise (`ExpectedDoubt`) where an ambiguity was planted on purpose.

The expectations are what a person reading the sheet would say, never what an importer happens to
do: this module does not look at `kiennghi.io.layout`. Codes are those of the project's
`config.toml`; the wordings of sectors, units and bodies below are taken from it.

Run as a script to look at samples:

    python tests/sheet_corpus.py OUTDIR --count 20          # sheets and OUTDIR/expected.jsonl
    python tests/sheet_corpus.py OUTDIR --check             # also import each and tabulate failures
"""

from __future__ import annotations

import argparse
import csv
import difflib
import json
import random
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path

from kiennghi.io.legacy import TCVN3_TABLE

SHAPE_COUNT = 300
YEAR = 2025
WARD = "Phúc Lợi"

# --------------------------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------------------------


def fold(text: str) -> str:
    """Lower case, without accents, whitespace collapsed: how wordings are compared here."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(text.lower().split())


# Sector group headings: every wording names exactly one sector of config.toml (its name, its
# short name or one of its aliases). Acronyms stand alone only after a "Lĩnh vực"/"Về" prefix.
SECTOR_WORDINGS: dict[str, list[str]] = {
    "DO-THI": ["Lĩnh vực đô thị, xây dựng", "Đô thị - Xây dựng", "Quản lý đô thị", "Trật tự xây dựng", "Đô thị"],
    "GIAO-THONG": ["Lĩnh vực giao thông", "Giao thông", "Giao thông vận tải"],
    "MOI-TRUONG": ["Lĩnh vực môi trường, vệ sinh", "Môi trường", "Vệ sinh môi trường", "Môi trường - Vệ sinh"],
    "NGAP-UNG": ["Lĩnh vực ngập úng, thoát nước", "Ngập úng - Thoát nước", "Thoát nước", "Chống ngập", "Ngập úng"],
    "DAT-DAI": ["Lĩnh vực đất đai, giải phóng mặt bằng", "Đất đai - GPMB", "Đất đai", "Giải phóng mặt bằng"],
    "AN-NINH": ["Lĩnh vực an ninh, trật tự", "An ninh trật tự", "An ninh - Trật tự", "An ninh trật tự, an toàn xã hội"],
    "PCCC": ["Công tác phòng cháy, chữa cháy", "Phòng cháy, chữa cháy", "Phòng cháy chữa cháy", "PCCC"],
    "DIEN-NUOC": ["Lĩnh vực điện, nước sinh hoạt", "Điện - Nước", "Điện, nước", "Cấp điện, cấp nước", "Điện nước sinh hoạt"],
    "VH-XH": ["Lĩnh vực văn hóa - xã hội", "Văn hóa - Xã hội", "Văn hóa xã hội", "Chính sách xã hội",
              "Lao động - Thương binh - Xã hội"],
    "Y-TE": ["Lĩnh vực y tế", "Y tế", "Y tế - Dân số"],
    "GIAO-DUC": ["Lĩnh vực giáo dục", "Giáo dục", "Giáo dục - Đào tạo", "Giáo dục và Đào tạo"],
    "TTHC": ["Thủ tục hành chính, chuyển đổi số", "TTHC - Chuyển đổi số", "Thủ tục hành chính", "Cải cách hành chính",
             "Chuyển đổi số"],
    "XD-DANG": ["Công tác xây dựng Đảng", "Xây dựng Đảng", "Xây dựng Đảng, hệ thống chính trị", "Công tác Đảng"],
    "CHUNG-CU": ["Quản lý, vận hành nhà chung cư", "Chung cư", "Nhà chung cư", "Quản lý chung cư"],
    "KHAC": ["Các nội dung khác", "Nội dung khác", "Lĩnh vực khác", "Ý kiến khác"],
}
# The value a "Lĩnh vực" column holds: the sector's short name in config.toml.
SECTOR_SHORT = {
    "DO-THI": "Đô thị - Xây dựng", "GIAO-THONG": "Giao thông", "MOI-TRUONG": "Môi trường",
    "NGAP-UNG": "Ngập úng - Thoát nước", "DAT-DAI": "Đất đai - GPMB", "AN-NINH": "An ninh trật tự", "PCCC": "PCCC",
    "DIEN-NUOC": "Điện - Nước", "VH-XH": "Văn hóa - Xã hội", "Y-TE": "Y tế", "GIAO-DUC": "Giáo dục",
    "TTHC": "TTHC - Chuyển đổi số", "XD-DANG": "Xây dựng Đảng", "CHUNG-CU": "Chung cư", "KHAC": "Khác",
}
SECTORS = list(SECTOR_WORDINGS)
_STANDS_ALONE = ("linh vuc", "cong tac", "cac noi dung", "noi dung", "y kien", "quan ly", "thu tuc")

# Headings that name two sectors at once ("ĐÔ THỊ, GIAO THÔNG"): (code, wording) pairs.
TWO_SECTOR_PAIRS = [
    (("DO-THI", "Đô thị"), ("GIAO-THONG", "Giao thông")),
    (("GIAO-DUC", "Giáo dục"), ("Y-TE", "Y tế")),
    (("MOI-TRUONG", "Môi trường"), ("NGAP-UNG", "Thoát nước")),
    (("AN-NINH", "An ninh trật tự"), ("PCCC", "PCCC")),
    (("VH-XH", "Văn hóa - Xã hội"), ("Y-TE", "Y tế")),
    (("DAT-DAI", "Đất đai"), ("CHUNG-CU", "Chung cư")),
    (("TTHC", "Thủ tục hành chính"), ("XD-DANG", "Xây dựng Đảng")),
    (("GIAO-DUC", "Giáo dục"), ("VH-XH", "Văn hóa xã hội")),
    (("GIAO-THONG", "Giao thông"), ("MOI-TRUONG", "Vệ sinh môi trường")),
]

# Sub-headings inside a group ("1. Trật tự đô thị"): short topics that name no other sector.
SUBTOPICS = {
    "DO-THI": ["Trật tự đô thị", "Chiếu sáng công cộng", "Hạ tầng ngõ xóm", "Vỉa hè, lòng đường"],
    "GIAO-THONG": ["Đèn tín hiệu", "Bãi đỗ xe", "Tuyến xe buýt", "Biển báo, gờ giảm tốc"],
    "MOI-TRUONG": ["Thu gom rác thải", "Cây xanh, vườn hoa", "Khói bụi, mùi hôi"],
    "NGAP-UNG": ["Rãnh, cống", "Nạo vét mương", "Điểm ngập khi mưa lớn"],
    "DAT-DAI": ["Cấp giấy chứng nhận", "Bồi thường, hỗ trợ", "Ranh giới đất"],
    "AN-NINH": ["Camera an ninh", "Tiếng ồn", "Lừa đảo qua mạng"],
    "PCCC": ["Nhà trọ, nhà cho thuê", "Trụ nước chữa cháy", "Lối thoát nạn"],
    "DIEN-NUOC": ["Cấp điện", "Cấp nước sạch", "Dây điện, cột điện"],
    "VH-XH": ["Người có công", "Nhà văn hóa", "Hộ nghèo, cận nghèo"],
    "Y-TE": ["Trạm y tế", "Bảo hiểm y tế", "An toàn thực phẩm"],
    "GIAO-DUC": ["Trường mầm non", "Tuyển sinh đầu cấp", "Cổng trường"],
    "TTHC": ["Dịch vụ công trực tuyến", "Bộ phận một cửa", "Căn cước, cư trú"],
    "XD-DANG": ["Sinh hoạt chi bộ", "Phát triển đảng viên"],
    "CHUNG-CU": ["Thang máy", "Phí dịch vụ", "Ban quản trị"],
    "KHAC": ["Loa truyền thanh", "Thông tin, tuyên truyền"],
}

# Units and bodies as a sheet names them (config.toml names, short names, aliases), with the
# sectors they usually answer for.
UNITS = {
    "Phòng Kinh tế, Hạ tầng và Đô thị": ["DO-THI", "GIAO-THONG", "MOI-TRUONG", "NGAP-UNG", "DAT-DAI", "CHUNG-CU"],
    "Phòng KT-HT-ĐT": ["DO-THI", "GIAO-THONG", "MOI-TRUONG", "NGAP-UNG", "DAT-DAI", "CHUNG-CU"],
    "Phòng Kinh tế - Hạ tầng - Đô thị": ["DO-THI", "NGAP-UNG", "DAT-DAI"],
    "Phòng Văn hóa - Xã hội": ["VH-XH", "Y-TE", "GIAO-DUC"],
    "Phòng VH-XH": ["VH-XH", "Y-TE", "GIAO-DUC"],
    "Công an phường": ["AN-NINH", "PCCC"],
    "CA phường": ["AN-NINH", "PCCC"],
    "Trung tâm Phục vụ hành chính công phường": ["TTHC"],
    "TT PVHCC": ["TTHC"],
    "Văn phòng HĐND và UBND phường": ["KHAC", "TTHC"],
    "VP HĐND-UBND": ["KHAC"],
    "Văn phòng Đảng ủy": ["XD-DANG"],
    "Ban Xây dựng Đảng": ["XD-DANG"],
    "Ủy ban MTTQ phường": ["KHAC", "XD-DANG"],
    "Ban Chỉ huy Quân sự phường": ["KHAC"],
}
BODIES = {
    "Sở Xây dựng": ["DO-THI", "GIAO-THONG", "CHUNG-CU"],
    "UBND Thành phố": ["DAT-DAI", "DO-THI", "KHAC"],
    "UBND Thành phố Hà Nội": ["DAT-DAI", "DO-THI"],
    "Sở Nông nghiệp và Môi trường": ["MOI-TRUONG", "DAT-DAI"],
    "Sở NN&MT": ["MOI-TRUONG", "DAT-DAI"],
    "Sở Y tế": ["Y-TE"],
    "Sở Giáo dục và Đào tạo": ["GIAO-DUC"],
    "Sở GD&ĐT": ["GIAO-DUC"],
    "Sở Tài chính": ["VH-XH", "CHUNG-CU"],
    "EVN Hà Nội": ["DIEN-NUOC"],
    "Điện lực": ["DIEN-NUOC"],
    "Công ty Nước sạch Hà Nội": ["DIEN-NUOC"],
    "Công ty Thoát nước Hà Nội": ["NGAP-UNG"],
    "Chủ đầu tư": ["CHUNG-CU", "DAT-DAI"],
}
# Units a ward has but config.toml does not know: planted as x-mark column headers.
UNKNOWN_UNITS = ["Ban quản lý chợ Gia Quất", "Công ty CP Tập đoàn Nam Hà Nội", "Đoàn Thanh niên phường",
                 "Hội Liên hiệp Phụ nữ phường", "Hội Cựu chiến binh phường"]
# x-mark column headers under "Đơn vị giải quyết": short names, as such headers are written.
XMARK_UNITS = ["Phòng KT-HT-ĐT", "Phòng VH-XH", "Công an phường", "TT PVHCC", "VP HĐND-UBND", "Sở Xây dựng",
               "EVN Hà Nội", "UBND Thành phố", "Chủ đầu tư", "Sở GD&ĐT", "Điện lực"]
# Jurisdiction as text: (phường, cấp trên) in one wording per sheet.
JURISDICTION_TEXTS = [("Phường", "Cấp trên"), ("Thuộc thẩm quyền phường", "Không thuộc thẩm quyền phường"),
                      ("TQ phường", "Chuyển cấp trên"), ("Thẩm quyền phường", "Ngoài thẩm quyền")]
JURISDICTION_XHEADS = [("Phường", "Cấp trên"), ("Thuộc thẩm quyền phường", "Không thuộc thẩm quyền"),
                       ("Thẩm quyền phường", "Ngoài thẩm quyền")]

NGO = ["ngõ 12 phố Ngọc Thụy", "ngõ 68 Phúc Lợi", "ngách 25/8 Phúc Lợi", "ngõ 43 Gia Quất", "ngõ 191 Hội Xá",
       "ngõ 5 Mai Phúc", "ngõ 260 Thượng Thanh", "ngõ 91 Giang Biên", "ngõ 17 Phúc Lợi"]
SONHA = ["số nhà 25 ngõ 68", "số 17 ngõ 5 Mai Phúc", "số nhà 9 ngách 25/8", "số 112 đường Phúc Lợi",
         "số nhà 40 ngõ 191 Hội Xá", "số 6 ngõ 43 Gia Quất"]
DUONG = ["đường Phúc Lợi", "đường Mai Phúc", "phố Hội Xá", "đường Nguyễn Văn Linh", "đường Ngô Gia Tự",
         "đường Giang Biên", "phố Gia Quất"]
CHO = ["chợ Gia Quất", "chợ Phúc Lợi", "chợ Mai Phúc"]
TRUONG = ["Trường Tiểu học Phúc Lợi", "Trường THCS Phúc Lợi", "Trường Mầm non Hoa Sữa", "Trường Tiểu học Giang Biên"]
CHUNGCU = ["tòa CT2 khu đô thị Việt Hưng", "chung cư Phúc Lợi Garden", "tòa nhà HH1 Mai Phúc", "chung cư Ecohome Phúc Lợi"]

# Petitions by sector. Slots: {ngo} {sonha} {duong} {duong2} {cho} {truong} {cc} {tdp}.
PETITIONS: dict[str, list[str]] = {
    "DO-THI": [
        "Đề nghị kiểm tra, xử lý tình trạng lấn chiếm vỉa hè làm nơi kinh doanh, để xe tại {ngo}, người đi bộ phải đi xuống lòng đường rất nguy hiểm.",
        "Đề nghị xử lý dứt điểm công trình xây dựng sai phép tại {sonha}.",
        "Cử tri phản ánh nhiều hộ dân trong {ngo} cơi nới ban công, mái che vươn ra ngõ, che hết ánh sáng, đề nghị phường kiểm tra.",
        "Đề nghị lắp đặt bổ sung đèn chiếu sáng tại {ngo}, buổi tối rất tối, ảnh hưởng đến an toàn của người dân đi lại.",
        "Đề nghị sửa chữa mặt đường {ngo} bị bong tróc, xuống cấp nhiều năm nay.",
        "Đề nghị UBND phường công khai kết quả xử lý các công trình vi phạm trật tự xây dựng mà người dân đã phản ánh trong năm.",
        "Khu đất trống cạnh {cho} bị một số hộ dân quây tôn làm bãi tập kết vật liệu xây dựng, gây bụi bẩn, mất mỹ quan đô thị. Cử tri đã nhiều lần phản ánh nhưng chưa được xử lý. Đề nghị phường kiểm tra, xử lý dứt điểm, trả lại mặt bằng và có phương án sử dụng khu đất làm sân chơi cho trẻ em của tổ dân phố.",
        "Đề nghị lắp đèn chiếu sáng cuối ngõ.",
        "Đề nghị xử lý các biển quảng cáo treo sai quy định trên {duong}.",
        "Đề nghị cải tạo, nâng cấp vỉa hè {duong} đồng bộ với hệ thống cây xanh và chiếu sáng.",
    ],
    "GIAO-THONG": [
        "Đề nghị lắp đặt đèn tín hiệu giao thông tại nút giao {duong} với {duong2}, giờ cao điểm thường xuyên ùn tắc.",
        "Đề nghị bố trí thêm gờ giảm tốc tại đầu {ngo}, xe máy đi tốc độ cao gây nguy hiểm cho học sinh.",
        "Đề nghị Sở Xây dựng xem xét mở thêm tuyến xe buýt đi qua {duong}.",
        "Ô đất quy hoạch bãi đỗ xe công cộng tại {tdp} bỏ trống nhiều năm, đề nghị sớm đầu tư bãi đỗ xe cho người dân khu vực.",
        "Tình trạng xe tải chở vật liệu chạy qua {duong} vào ban đêm làm hư hỏng mặt đường, đề nghị có biện pháp hạn chế.",
        "Đề nghị sơn lại vạch kẻ đường trên {duong}.",
        "Đề nghị cắm biển cấm xe tải vào ngõ.",
        "Đề nghị phân luồng giao thông giờ cao điểm tại nút giao {duong}.",
        "Nút giao giữa {duong} và {duong2} không có biển báo, tầm nhìn bị che khuất bởi các biển quảng cáo và cây xanh, thời gian qua đã xảy ra nhiều vụ va chạm giao thông. Cử tri đề nghị cơ quan chức năng khảo sát, lắp đặt biển báo, gương cầu lồi và sơn vạch giảm tốc.",
    ],
    "MOI-TRUONG": [
        "Điểm tập kết rác tại đầu {ngo} thường xuyên quá tải, rác thải tràn ra lòng đường gây mùi hôi thối, đề nghị tăng tần suất thu gom.",
        "Đề nghị đơn vị thu gom rác thu gom đúng giờ, không để xe rác đỗ trên {duong} trong giờ cao điểm.",
        "Cử tri phản ánh một số cơ sở sản xuất trong khu dân cư {tdp} xả nước thải chưa qua xử lý ra rãnh chung, gây ô nhiễm, đề nghị kiểm tra.",
        "Đề nghị trồng bổ sung cây xanh tại vườn hoa {tdp} và cắt tỉa các cây có nguy cơ gãy đổ trước mùa mưa bão.",
        "Tình trạng đốt rác tại khu đất trống gần {cho} gây khói bụi, đề nghị xử lý.",
        "Đề nghị xử lý điểm rác thải tự phát.",
        "Đề nghị đặt thêm thùng rác công cộng.",
        "Đề nghị thu gom rác vào buổi tối sau 18 giờ tại {tdp}.",
        "Khu vực bãi đất trống cuối {ngo}:\n- Người dân đổ trộm phế thải xây dựng, rác sinh hoạt;\n- Rác để lâu ngày bốc mùi, phát sinh ruồi muỗi.\nĐề nghị phường cho thu dọn và rào chắn khu đất, lắp camera giám sát.",
    ],
    "NGAP-UNG": [
        "Mỗi khi mưa lớn, đoạn {duong} trước cổng {truong} bị ngập sâu 30 - 40 cm, đề nghị cải tạo hệ thống thoát nước.",
        "Đề nghị nạo vét rãnh thoát nước trong {ngo}, rãnh bị tắc gây ứ đọng nước thải.",
        "Đề nghị thay thế các tấm đan rãnh bị vỡ tại {ngo}, nguy hiểm cho người đi bộ, nhất là người già và trẻ nhỏ.",
        "Đề nghị Công ty thoát nước sớm thi công tuyến cống trên {duong} để chống ngập cho khu dân cư {tdp}.",
        "Đề nghị nạo vét mương thoát nước.",
        "Đề nghị khơi thông cống thoát nước trước số nhà 17 ngõ 5 Mai Phúc.",
        "Khu dân cư {tdp} nằm thấp hơn {duong} sau khi đường được nâng cốt, mỗi trận mưa nước từ mặt đường tràn vào ngõ, nhiều hộ phải kê cao đồ đạc. Đề nghị phường khảo sát, bổ sung ga thu nước và đấu nối tuyến rãnh trong ngõ với cống chung của thành phố.",
    ],
    "DAT-DAI": [
        "Đề nghị phường hướng dẫn, giải quyết hồ sơ cấp giấy chứng nhận quyền sử dụng đất cho các hộ dân {tdp} đã nộp hồ sơ nhiều năm nay chưa được cấp.",
        "Cử tri đề nghị công khai phương án bồi thường, hỗ trợ giải phóng mặt bằng dự án mở rộng {duong}.",
        "Đề nghị làm rõ ranh giới giữa phần đất của các hộ dân và đất công tại {sonha}, tránh tranh chấp kéo dài.",
        "Dự án xây dựng trường học tại {tdp} đã thu hồi đất từ nhiều năm nhưng đến nay vẫn chưa triển khai, khu đất bỏ hoang, cỏ mọc um tùm, là nơi tụ tập của thanh thiếu niên. Cử tri đề nghị cấp có thẩm quyền sớm có kế hoạch triển khai dự án hoặc cho phép tổ dân phố tạm sử dụng làm sân thể thao.",
        "Đề nghị sớm cấp sổ đỏ cho các hộ dân.",
        "Đề nghị Thành phố xem xét điều chỉnh bảng giá đất tại khu vực {duong} cho phù hợp với thực tế.",
    ],
    "AN-NINH": [
        "Đề nghị Công an phường tăng cường tuần tra, kiểm soát vào ban đêm tại khu vực {cho}, thời gian gần đây xảy ra nhiều vụ trộm cắp xe máy.",
        "Quán karaoke tại {sonha} thường xuyên hát to đến khuya, gây ồn ào, ảnh hưởng đến sinh hoạt của các hộ xung quanh.",
        "Đề nghị lắp đặt camera an ninh tại các đầu ngõ của {tdp}.",
        "Đề nghị tuyên truyền, cảnh báo người cao tuổi về các thủ đoạn lừa đảo qua điện thoại, mạng xã hội.",
        "Tình trạng thanh thiếu niên tụ tập, đua xe trên {duong} vào đêm khuya, đề nghị có biện pháp xử lý.",
        "Đề nghị tăng cường tuần tra ban đêm.",
        "Đề nghị xử lý tình trạng bán hàng rong, lấn chiếm lòng đường trước {cho}.",
    ],
    "PCCC": [
        "Đề nghị kiểm tra công tác phòng cháy, chữa cháy tại các nhà trọ, nhà cho thuê trong {ngo}.",
        "Trụ nước chữa cháy trên {duong} bị hỏng lâu ngày, đề nghị sửa chữa.",
        "Đề nghị trang bị bình chữa cháy cho các hộ kinh doanh nhỏ và tổ chức diễn tập chữa cháy tại tổ dân phố.",
        "Nhiều hộ dân lắp lồng sắt, khung bảo vệ kín ban công, không có lối thoát nạn, đề nghị tuyên truyền, hướng dẫn mở lối thoát hiểm.",
        "Đề nghị tập huấn phòng cháy cho người dân.",
        "Đề nghị kiểm tra việc sạc xe điện trong nhà ở của các hộ dân {tdp}.",
        "Lối vào {ngo} nhỏ hẹp, xe chữa cháy không vào được, nhiều hộ kinh doanh hàng dễ cháy trong nhà ở. Đề nghị Công an phường khảo sát, bố trí điểm chữa cháy công cộng đầu ngõ, hướng dẫn các hộ trang bị bình chữa cháy và thiết bị báo cháy.",
    ],
    "DIEN-NUOC": [
        "Khu vực {tdp} thường xuyên mất điện vào buổi tối mùa hè, đề nghị Điện lực nâng công suất trạm biến áp.",
        "Đề nghị chỉnh trang, bó gọn hệ thống dây điện, dây viễn thông chằng chịt trên các cột điện tại {ngo}.",
        "Áp lực nước sạch tại {cc} rất yếu vào giờ cao điểm, các hộ ở tầng cao không có nước sinh hoạt.",
        "Đề nghị Công ty nước sạch sớm lắp đặt đường ống cấp nước cho các hộ dân cuối {ngo} hiện vẫn dùng nước giếng khoan.",
        "Cột điện tại {sonha} bị nghiêng, có nguy cơ đổ, đề nghị kiểm tra, khắc phục ngay.",
        "Đề nghị khắc phục tình trạng mất nước kéo dài.",
        "Đề nghị thông báo trước lịch cắt điện để người dân chủ động sinh hoạt.",
    ],
    "VH-XH": [
        "Nhà văn hóa {tdp} đã xuống cấp, mái bị dột, đề nghị phường bố trí kinh phí sửa chữa.",
        "Đề nghị quan tâm, hỗ trợ các hộ nghèo, hộ cận nghèo trong dịp Tết Nguyên đán.",
        "Đề nghị giải quyết chế độ trợ cấp cho người có công với cách mạng còn vướng mắc hồ sơ tại {tdp}.",
        "Đề nghị đầu tư sân chơi, thiết bị tập thể dục ngoài trời cho người cao tuổi và trẻ em tại {tdp}.",
        "Đề nghị phường quản lý chặt chẽ việc tổ chức đám cưới, đám tang chiếm dụng lòng đường kéo dài nhiều ngày.",
        "Đề nghị sửa chữa nhà văn hóa.",
        "Đề nghị sớm chi trả trợ cấp cho người cao tuổi từ đủ 75 tuổi.",
        "Nhà văn hóa {tdp} được xây dựng từ năm 1998, diện tích nhỏ, không đủ chỗ khi tổ chức hội nghị, sinh hoạt chi bộ và các hoạt động văn nghệ, thể thao của người dân. Đề nghị phường xem xét bố trí quỹ đất và kinh phí để cải tạo, mở rộng nhà văn hóa.",
    ],
    "Y-TE": [
        "Đề nghị Trạm y tế phường bố trí thêm ngày tiêm chủng mở rộng, hiện phải chờ đợi rất lâu.",
        "Nhiều người cao tuổi chưa được hướng dẫn gia hạn thẻ bảo hiểm y tế, đề nghị tổ chức cấp phát tại tổ dân phố.",
        "Đề nghị tăng cường phun thuốc diệt muỗi phòng chống dịch sốt xuất huyết tại {tdp}.",
        "Đề nghị kiểm tra các cơ sở kinh doanh thực phẩm, hàng ăn trước cổng {truong} về an toàn thực phẩm.",
        "Đề nghị khám sức khỏe định kỳ cho người cao tuổi.",
        "Đề nghị hướng dẫn thủ tục cấp thẻ bảo hiểm y tế cho trẻ dưới 6 tuổi.",
    ],
    "GIAO-DUC": [
        "Đề nghị bổ sung chỉ tiêu tuyển sinh lớp 1 tại {truong}, nhiều trẻ trong địa bàn phải đi học xa.",
        "Cổng {truong} giờ tan học thường xuyên ùn tắc do phụ huynh dừng đỗ xe tràn lan, đề nghị bố trí lực lượng phân luồng.",
        "Đề nghị Sở Giáo dục và Đào tạo kiểm tra việc thu các khoản ngoài học phí tại các trường trên địa bàn.",
        "Đề nghị sớm đầu tư xây dựng thêm trường mầm non công lập tại khu vực {tdp}, các lớp hiện nay quá tải.",
        "Đề nghị sửa chữa nhà vệ sinh trường học.",
        "Đề nghị công khai các khoản thu đầu năm học tại {truong}.",
    ],
    "TTHC": [
        "Đề nghị Trung tâm Phục vụ hành chính công phường bố trí thêm cán bộ hướng dẫn người cao tuổi nộp hồ sơ trực tuyến.",
        "Thủ tục chứng thực bản sao còn phải chờ lâu, đề nghị cải tiến quy trình, rút ngắn thời gian giải quyết.",
        "Đề nghị hướng dẫn người dân cài đặt và sử dụng ứng dụng iHanoi, VNeID để phản ánh kiến nghị và làm thủ tục trực tuyến.",
        "Việc cấp đổi căn cước công dân cho người già yếu, đi lại khó khăn cần tổ chức làm lưu động tại tổ dân phố.",
        "Đề nghị niêm yết công khai thủ tục hành chính.",
    ],
    "XD-DANG": [
        "Đề nghị Đảng ủy quan tâm công tác phát triển đảng viên trong lực lượng thanh niên tại các tổ dân phố.",
        "Đề nghị đổi mới nội dung sinh hoạt chi bộ tổ dân phố, tránh hình thức, nặng về thông báo.",
        "Cử tri đề nghị cấp ủy tăng cường nắm bắt tình hình tư tưởng của đảng viên cao tuổi, đảng viên được miễn sinh hoạt.",
        "Đề nghị trao huy hiệu Đảng kịp thời.",
    ],
    "CHUNG-CU": [
        "Ban quản trị {cc} chưa công khai thu chi quỹ bảo trì, đề nghị phường kiểm tra, giám sát.",
        "Thang máy tại {cc} thường xuyên hỏng, đề nghị chủ đầu tư khắc phục và bảo trì định kỳ.",
        "Đề nghị chủ đầu tư {cc} sớm bàn giao nhà sinh hoạt cộng đồng cho cư dân theo đúng cam kết.",
        "Mức phí dịch vụ tại {cc} tăng nhưng chất lượng dịch vụ không được cải thiện, đề nghị xem xét.",
        "Đề nghị tổ chức hội nghị nhà chung cư.",
        "Đề nghị kiểm tra hệ thống phòng cháy, chữa cháy tại {cc}.",
    ],
    "KHAC": [
        "Đề nghị loa truyền thanh của phường phát vào giờ phù hợp, không phát quá sớm vào buổi sáng.",
        "Cử tri ghi nhận và đánh giá cao kết quả hoạt động của chính quyền phường sau khi sắp xếp lại đơn vị hành chính.",
        "Đề nghị phường thông tin kịp thời về kết quả giải quyết các kiến nghị của cử tri tại hội nghị lần trước.",
        "Đề nghị công khai kết quả trả lời kiến nghị.",
    ],
}

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô", "Dương", "Đinh", "Phan", "Trịnh"]
MALE_MIDDLE = ["Văn", "Đức", "Xuân", "Minh", "Quang", "Hữu", "Thế", "Ngọc"]
FEMALE_MIDDLE = ["Thị", "Thu", "Thanh", "Ngọc", "Thị Thanh", "Thị Thu"]
MALE_GIVEN = ["Hùng", "Dũng", "Long", "Thắng", "Hải", "Sơn", "Tuấn", "Bình", "Cường", "Thạch", "Lực", "Quý"]
FEMALE_GIVEN = ["Mai", "Lan", "Hằng", "Hoa", "Hương", "Nga", "Thủy", "Yến", "Loan", "Hạnh"]
GROUP_SUBMITTERS = ["Chi hội Người cao tuổi {tdp}", "Ban công tác Mặt trận {tdp}", "Cử tri {tdp}", "Chi bộ {tdp}",
                    "Một số hộ dân {tdp}", "Chi hội Cựu chiến binh {tdp}", "Chi hội Phụ nữ {tdp}"]
NOTES = ["Tái kiến nghị", "Đã kiến nghị năm 2024", "Bức xúc", "Nhiều hộ dân ký tên", "Kèm ảnh"]

# Header wordings, per field.
HEAD_STT = ["STT", "TT", "Số TT", "Stt", "Số thứ tự"]
HEAD_CONTENT = ["Nội dung ý kiến, kiến nghị", "Ý kiến cử tri", "Nội dung", "Nội dung kiến nghị",
                "Ý kiến, kiến nghị của Nhân dân", "Nội dung phản ánh, kiến nghị", "Nội dung ý kiến",
                "Ý kiến, kiến nghị", "Nội dung ý kiến, kiến nghị của cử tri"]
HEAD_CONTENT_CONFERENCE = ["Nội dung ý kiến", "Nội dung phát biểu", "Ý kiến phát biểu", "Nội dung", "Nội dung kiến nghị"]
HEAD_TDP = ["Tổ dân phố", "TDP", "Địa bàn", "Địa bàn (TDP)", "Tổ dân phố/Khu dân cư"]
HEAD_ADDRESS = ["Địa chỉ", "Nơi phản ánh"]
HEAD_SUBMITTER = ["Người kiến nghị", "Cử tri", "Họ tên cử tri", "Đại biểu", "Người phát biểu",
                  "Tổ chức, cá nhân kiến nghị", "Người phản ánh", "Cử tri kiến nghị"]
HEAD_SUBMITTER_CONFERENCE = ["Người phát biểu", "Đại biểu", "Họ tên đại biểu", "Người kiến nghị"]
HEAD_COMBINED = ["Cử tri (Tên cử tri, Địa chỉ)", "Họ tên, địa chỉ cử tri", "Người kiến nghị (họ tên, địa chỉ)",
                 "Cử tri kiến nghị (họ tên - địa chỉ)"]
HEAD_SECTOR = ["Lĩnh vực", "Nhóm lĩnh vực", "Lĩnh vực kiến nghị"]
HEAD_PROPOSED = ["Đơn vị trả lời", "Cơ quan có thẩm quyền giải quyết", "Đơn vị giải quyết", "Cơ quan, đơn vị trả lời"]
HEAD_PROPOSED_TOP = ["Đơn vị giải quyết", "Đơn vị trả lời", "Cơ quan, đơn vị giải quyết"]
HEAD_JURISDICTION = ["Thẩm quyền", "Thẩm quyền giải quyết", "Phân loại thẩm quyền"]
HEAD_JURISDICTION_TOP = ["Thẩm quyền giải quyết", "Thẩm quyền", "Phân loại"]
HEAD_NOTE = ["Ghi chú"]
# Two-row headers grouping two ordinary columns: (top, [(field, bottom wordings)...]).
HEAD_PAIRS = [
    (["Người kiến nghị", "Cử tri kiến nghị", "Thông tin cử tri"],
     [("submitter", ["Họ và tên", "Họ tên", "Tên cử tri"]), ("place", ["Địa chỉ", "Tổ dân phố", "TDP"])]),
    (["Ý kiến, kiến nghị", "Ý kiến cử tri"],
     [("content", ["Nội dung", "Nội dung kiến nghị"]), ("place", ["Địa bàn (TDP)", "Tổ dân phố", "Nơi phản ánh"])]),
]

MAIN_SHEET_NAMES = ["Tổng hợp", "Sheet1", "TH ý kiến", "Kiến nghị", "Tong hop", "MTTQ tổng hợp"]
CONFERENCE_SHEET_NAMES = ["Ý kiến trực tiếp tại HN", "Phát biểu tại hội nghị", "Ý kiến tại Hội nghị", "HN đối thoại",
                          "Phát biểu tại HN"]
INSTRUCTION_SHEET_NAMES = ["Hướng dẫn", "Huong dan", "Hướng dẫn nhập"]
SIGNERS = ["Nguyễn Thị Thanh Hằng", "Đỗ Văn Quý", "Trần Thị Thu Hương", "Lê Minh Đức", "Phạm Xuân Long"]
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV"]
LETTERS = "ABCDEFGHIKLMNOP"

# Seen in a new user's trial (the later variations below the items, among them, and in the workbook).
# A contact line under the items: who compiled the sheet and a telephone number.
CONTACT_LINES = ["Người tổng hợp: {name} ({mobile})", "Người tổng hợp: {name} - ĐT: {mobile}", "ĐT: {landline}",
                 "ĐT liên hệ: {landline}", "Người lập biểu: {name}, ĐT: {mobile}", "Điện thoại: {landline}"]
# A signer's title in capitals, under the items rather than in a footer's right-hand column.
SIGNER_TITLES = ["THƯ KÝ HỘI NGHỊ", "TRƯỞNG BAN CÔNG TÁC MẶT TRẬN", "NGƯỜI TỔNG HỢP", "NGƯỜI LẬP BIỂU"]
# A note row among the items: it names no sector and starts no section.
NOTE_ROWS = ["Ghi chú: các ý kiến sau đây đã được trả lời tại hội nghị năm trước",
             "Ghi chú: Các ý kiến dưới đây đã được trả lời tại Hội nghị năm 2024",
             "(Ghi chú: các ý kiến sau đây là tái kiến nghị)",
             "Ghi chú: các ý kiến từ đây trở xuống do cử tri gửi qua hòm thư góp ý",
             "Lưu ý: các ý kiến sau đây đã được trả lời tại hội nghị năm trước"]
# Conference sheets whose name does not say "hội nghị": a plain name (the title row says it) or
# the delegates' sheet of one day.
PLAIN_SHEET_NAMES = ["Sheet2", "Sheet3", "Trang tính2"]
DELEGATE_SHEET_NAMES = ["Đại biểu nêu ý kiến 31.10", "Đại biểu nêu ý kiến 30.10", "Đại biểu nêu ý kiến 05.11",
                        "Đại biểu nêu ý kiến"]
CONFERENCE_TITLES_PLAIN = ["Ý KIẾN PHÁT BIỂU TẠI HỘI NGHỊ", "Ý KIẾN PHÁT BIỂU TẠI HỘI NGHỊ ĐỐI THOẠI",
                           "CÁC Ý KIẾN PHÁT BIỂU TẠI HỘI NGHỊ"]
# Header wordings that say nothing of a conference: under a plain sheet name only the title does.
HEAD_CONTENT_NEUTRAL = ["Nội dung ý kiến", "Nội dung", "Nội dung kiến nghị"]
HEAD_SUBMITTER_NEUTRAL = ["Đại biểu", "Họ tên đại biểu", "Người kiến nghị"]
# A summary sheet of a workbook with one sheet per residential group.
SUMMARY_SHEET_NAMES = ["Tổng hợp", "Tổng hợp", "Tổng hợp chung", "Tong hop"]
# Sub-headings naming one sector, under a heading naming two ("1. Trật tự đô thị", "2. Giao thông").
SECTOR_SUBHEADINGS = {code: [w for w in words if w != "PCCC"] for code, words in SECTOR_WORDINGS.items()}
SECTOR_SUBHEADINGS["DO-THI"] = SECTOR_SUBHEADINGS["DO-THI"] + ["Trật tự đô thị", "Trật tự đô thị"]


def _word_in(needle: str, hay: str) -> bool:
    return re.search(rf"(?<![a-z0-9]){re.escape(fold(needle))}(?![a-z0-9])", fold(hay)) is not None


def _check_vocabulary() -> None:
    """Sub-topics name no other sector; a sector's wordings name no other sector."""
    all_words = {code: words + [SECTOR_SHORT[code]] for code, words in SECTOR_WORDINGS.items()}
    for code, topics in SUBTOPICS.items():
        for topic in topics:
            for other, words in all_words.items():
                if other != code:
                    assert not any(_word_in(w, topic) for w in words), (topic, other)
    for code, words in SECTOR_WORDINGS.items():
        for wording in words:
            for other, others in all_words.items():
                if other != code:
                    assert not any(_word_in(w, wording) and fold(w) != "xa hoi" for w in others), (wording, other)


_check_vocabulary()

# --------------------------------------------------------------------------------------------
# Legacy encodings
# --------------------------------------------------------------------------------------------


def _tcvn3_encoder() -> dict[str, str]:
    """Unicode letter -> its TCVN 5712:1993 (VN3) byte, as a Latin-1 character: the decoding
    table of `kiennghi.io.legacy` turned round, and the bytes that table leaves as they are
    (ASCII, and "ý", whose byte is its own Latin-1 letter)."""
    encoder = {chr(code): chr(code) for code in range(0x80, 0x100) if code not in TCVN3_TABLE}
    encoder.update((letter, chr(code)) for code, letter in TCVN3_TABLE.items())
    return encoder


_TCVN3 = None
_TONED_LOWER = "àảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ"


def is_caps(text: str) -> bool:
    return any(ch.isalpha() for ch in text) and text == text.upper()


def tcvn3_cell(text: str) -> tuple[str, str] | None:
    """`text` as a TCVN3 typist stores it and the font that shows it, or None if it cannot be
    typed so that it reads back as `text` (TCVN3's ordinary faces have no capital toned vowels).
    Text in capitals goes in the `.VnTimeH` face, typed in lower case."""
    global _TCVN3
    if _TCVN3 is None:
        _TCVN3 = _tcvn3_encoder()
    caps = is_caps(text)
    source = text.lower() if caps else text
    out = []
    for ch in source:
        if ord(ch) < 128:
            out.append(ch)
        elif ch in _TCVN3:
            out.append(_TCVN3[ch])
        else:
            return None
    if not caps and (re.search(rf"(?:^|[.!?]\s|\n)[{_TONED_LOWER}]", text) or "ủy ban" in text):
        return None  # an ordinary face's lower-case toned vowel where a capital belongs: unclear
    return "".join(out), ".VnTimeH" if caps else ".VnTime"


# --------------------------------------------------------------------------------------------
# The model of a generated sheet
# --------------------------------------------------------------------------------------------


@dataclass
class Cell:
    value: str | int | float
    bold: bool = False
    italic: bool = False
    across: int = 1  # merged with the cells to its right
    down: int = 1    # merged with the cells below


@dataclass
class Expected:
    """An item an import must yield."""

    content: str
    stt: str | None
    to_dan_pho: str = ""
    submitter: str = ""
    sector: str | None = None
    source: str = "mttq"
    jurisdiction: str | None = None
    proposed: str = ""
    rows: list[int] = field(default_factory=list)
    sector_choices: list[str] = field(default_factory=list)  # under a two-sector heading: any one
    group_row: int | None = None  # the group heading's row: items of one group share a sector


@dataclass
class ExpectedDoubt:
    kind: str
    row: int | None
    column: int | None = None
    note: str = ""


@dataclass
class Sheet:
    name: str
    cells: dict[tuple[int, int], Cell] = field(default_factory=dict)  # (row 1-based, column 0-based)
    roles: dict[int, str] = field(default_factory=dict)  # what each row is, for reports
    items: list[Expected] = field(default_factory=list)
    doubts: list[ExpectedDoubt] = field(default_factory=list)
    widths: dict[int, float] = field(default_factory=dict)
    last: int = 0  # the last row written
    labels: dict[str, str] = field(default_factory=dict)  # field → header label, for reports
    group_style: str = ""  # for reports

    def add(self, role: str, cells: dict[int, Cell | str | int | float]) -> int:
        self.last += 1
        for column, value in cells.items():
            if value is None or value == "":
                continue
            self.cells[(self.last, column)] = value if isinstance(value, Cell) else Cell(value)
        self.roles[self.last] = role
        return self.last

    def blank(self, count: int = 1) -> None:
        for _ in range(count):
            self.add("blank", {})


@dataclass
class Shape:
    seed: int
    fmt: str       # xlsx, xls, ods, csv
    encoding: str  # unicode, nfd, tcvn3
    sheets: list[Sheet]
    year: int | None  # what to pass to plan_import: None when a title says the year
    tags: list[str]

    @property
    def filename(self) -> str:
        return f"shape-{self.seed:03d}.{self.fmt}"

    @property
    def items(self) -> list[Expected]:
        return [item for sheet in self.sheets for item in sheet.items]


# --------------------------------------------------------------------------------------------
# Generation
# --------------------------------------------------------------------------------------------


@dataclass
class Col:
    """A column of the items table."""

    field: str  # stt content place submitter combined sector proposed jurisdiction xjur xunit note
    label: str
    top: str | None = None  # the merged label above it, in a two-row header
    value: str | None = None  # xjur: the jurisdiction code; xunit: the unit as the header names it
    unknown: bool = False  # xunit: a unit config.toml does not know
    index: int = 0


@dataclass
class Layout:
    cols: list[Col]
    two_rows: bool
    place_kind: str  # tdp, address or ""
    tdp_style: str
    jurisdiction_texts: tuple[str, str] = ("", "")
    combined_sep: str = ", "
    marked: set[str] = field(default_factory=set)  # the units some item names

    def get(self, name: str) -> Col | None:
        return next((c for c in self.cols if c.field == name), None)

    @property
    def first(self) -> int:
        return self.cols[0].index

    @property
    def width(self) -> int:
        return len(self.cols)

    @property
    def content(self) -> Col:
        return self.get("content")


@dataclass
class Draft:
    """An item before it is written."""

    parts: list[str]
    sector: str | None
    place: str = ""
    submitter: str = ""
    proposed: str = ""
    jurisdiction: str | None = None
    note: str = ""


def capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def dated(day: int, month: int) -> str:
    """"ngày 05 tháng 7": a leading zero below ten for days, for months 1 and 2 only."""
    return f"ngày {day:02d} tháng {f'{month:02d}' if month < 3 else month} năm {YEAR}"


def count_text(n: int) -> str:
    return f"{n:02d}"


# Words a phrase starts with: where a typist breaks an item onto the next row.
_LINK_WORDS = {"tại", "và", "cho", "trên", "để", "của", "trong", "vào", "do", "khi", "gây", "nhưng", "từ", "đến",
               "theo", "với", "hoặc", "không", "là", "làm", "trước", "sau"}


class Gen:
    """The choices for one shape, all drawn from its own `random.Random(seed)`."""

    def __init__(self, seed: int) -> None:
        self.seed = seed
        self.rng = random.Random(seed)
        self.tags: set[str] = set()
        self.used: set[str] = set()
        fmt = self.rng.choices(["xlsx", "xls", "ods", "csv"], weights=[56, 16, 16, 12])[0]
        encoding = "unicode"
        if fmt == "xlsx":
            encoding = self.rng.choices(["unicode", "tcvn3", "nfd"], weights=[80, 11, 9])[0]
        self.fmt, self.encoding = fmt, encoding
        self.tdp_range = (1, 48)
        # The later variations draw on a stream of their own: a shape they leave alone is the
        # shape the seed made before them.
        self.extra = random.Random(1_000_003 + seed)
        self.tdp_pool: list[int] | None = None  # the residential groups a summary sheet's items come from
        self.sheet_tdp = ""  # the residential group the sheet being written stands for
        self.sector_subheadings = False  # a two-sector group divided by sub-headings naming each sector

    # -- choices --------------------------------------------------------------------------
    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def ok(self, text: str) -> bool:
        """Whether `text` can be written as it must read back (TCVN3 cannot type every text)."""
        return self.encoding != "tcvn3" or tcvn3_cell(text) is not None

    def pick(self, options, check: bool = True):
        options = list(options)
        fitting = [o for o in options if not check or not isinstance(o, str) or self.ok(o)]
        return self.rng.choice(fitting or options)

    def tdp_number(self) -> int:
        return self.rng.randint(*self.tdp_range)

    # -- texts ----------------------------------------------------------------------------
    def fill(self, template: str) -> str:
        first, second = self.rng.sample(DUONG, 2)
        return template.format(
            ngo=self.rng.choice(NGO), sonha=self.rng.choice(SONHA), duong=first, duong2=second,
            cho=self.rng.choice(CHO), truong=self.rng.choice(TRUONG), cc=self.rng.choice(CHUNGCU),
            tdp=self.rng.choice(["TDP {n}", "tổ dân phố số {n}", "TDP số {n}"]).format(n=self.tdp_number()))

    def petition(self, sector: str | None, line_breaks: bool = False) -> str:
        sector = sector or self.rng.choice(SECTORS)
        text = base = ""
        for _ in range(30):
            text = base = self.fill(self.rng.choice(PETITIONS[sector]))
            if line_breaks and "\n" not in text and self.chance(0.5):
                if ", đề nghị " in text:
                    text = text.replace(", đề nghị ", ".\nĐề nghị ", 1)
                else:
                    other = self.fill(self.rng.choice(PETITIONS[sector]))
                    text = f"- {text}\n- {other}"
            if base not in self.used and self.ok(text):
                break
        self.used.add(base)
        if "\n" in text:
            self.tags.add("line-breaks")
        if len(text.split()) >= 40:
            self.tags.add("long-text")
        return text

    def person(self) -> str:
        for _ in range(30):
            if self.chance(0.5):
                name = f"Ông {self.rng.choice(SURNAMES)} {self.rng.choice(MALE_MIDDLE)} {self.rng.choice(MALE_GIVEN)}"
            else:
                name = f"Bà {self.rng.choice(SURNAMES)} {self.rng.choice(FEMALE_MIDDLE)} {self.rng.choice(FEMALE_GIVEN)}"
            if self.ok(name):
                return name
        return name

    def submitter(self, conference: bool = False) -> str:
        roll = self.rng.random()
        if roll < 0.55 or conference and roll < 0.85:
            name = self.person()
            if conference and self.chance(0.3):
                role = self.pick(["Tổ trưởng", "Bí thư chi bộ", "Trưởng ban công tác Mặt trận"])
                name = f"{name} - {role} TDP {self.tdp_number()}"
            return name
        if roll < 0.65:
            return self.person().split(" ", 1)[1]  # the name without Ông / Bà
        return self.pick([t.format(tdp=f"TDP {self.tdp_number()}") for t in GROUP_SUBMITTERS])

    def place(self, kind: str, tdp_style: str) -> str:
        if kind == "tdp" or self.chance(0.3):
            return tdp_style.format(n=self.tdp_number())
        return self.pick([
            f"Số {self.rng.randint(2, 120)} ngõ {self.rng.choice([12, 43, 68, 91, 191, 260])} {self.rng.choice(['Phúc Lợi', 'Gia Quất', 'Mai Phúc', 'Hội Xá'])}",
            capital(self.rng.choice(NGO)), capital(self.rng.choice(CHO)), "Khu tái định cư Giang Biên",
            capital(self.rng.choice(CHUNGCU)),
        ])

    def proposed(self, sector: str | None) -> str:
        sector = sector or self.rng.choice(SECTORS)
        fitting = [name for name, sectors in {**UNITS, **BODIES}.items() if sector in sectors]
        return self.pick(fitting or list(UNITS))

    def split(self, text: str) -> list[str]:
        """A long item continued on the next row(s): split where the next word is lower case."""
        if "\n" in text:
            return [text]
        words = text.split(" ")
        cuts = [i for i in range(5, len(words) - 2) if words[i][:1].islower()
                and (words[i - 1].lower(), words[i]) != ("đề", "nghị")
                # TCVN3 has no capital toned vowels: a cell opening with one reads as a sentence
                and not (self.encoding == "tcvn3" and words[i][:1] in _TONED_LOWER)]
        after_comma = [i for i in cuts if words[i - 1].endswith(",")]
        before_link = [i for i in cuts if words[i] in _LINK_WORDS]
        if after_comma and self.chance(0.7):
            cuts = after_comma
        elif before_link:
            cuts = before_link
        if not cuts:
            return [text]
        count = 2 if len(cuts) < 6 or self.chance(0.7) else 3
        chosen = sorted(self.rng.sample(cuts, min(count - 1, len(cuts))))
        parts, start = [], 0
        for cut in chosen:
            if cut - start >= 3:
                parts.append(" ".join(words[start:cut]))
                start = cut
        parts.append(" ".join(words[start:]))
        return parts

    # -- headings -------------------------------------------------------------------------
    def sector_title(self, code: str, caps: bool) -> str:
        wording = self.rng.choice(SECTOR_WORDINGS[code])
        folded = fold(wording)
        if code == "KHAC":
            prefixes = ["", "Về "] if folded.startswith("cac noi dung") else [""]
        elif wording == "PCCC":
            prefixes = ["Lĩnh vực ", "Về công tác "]
        elif folded.startswith(_STANDS_ALONE):
            prefixes = ["", "", "Về "]
        else:
            prefixes = ["", "Lĩnh vực ", "Lĩnh vực ", "Về ", "Về lĩnh vực "]
        prefix = self.rng.choice(prefixes)
        if prefix and not wording.split()[0].isupper():
            wording = wording[0].lower() + wording[1:]
        title = prefix + wording
        title = title[0].upper() + title[1:]
        return title.upper() if caps else title

    def two_sector_title(self) -> tuple[str, list[str]]:
        (code_a, word_a), (code_b, word_b) = self.rng.choice(TWO_SECTOR_PAIRS)
        if self.chance(0.5):
            (code_a, word_a), (code_b, word_b) = (code_b, word_b), (code_a, word_a)
        plain = not any(ch in word_a + word_b for ch in ",-")
        joiner = self.rng.choice([", ", " và ", " - "] if plain else [" và ", "; "])
        prefix = self.rng.choice(["", "Lĩnh vực ", "Về "])
        return (prefix + word_a + joiner + word_b).upper(), [code_a, code_b]


def make_layout(g: Gen, role: str, place_rule: str = "", neutral: bool = False) -> Layout:
    """The columns of a sheet of `role`. `place_rule` "tdp" asks for a TDP column and "none" for
    no column naming the place; `neutral` for header wordings that do not say "conference"."""
    conference = role == "conference"
    heads = HEAD_CONTENT_NEUTRAL if neutral else HEAD_CONTENT_CONFERENCE if conference else HEAD_CONTENT
    content = Col("content", g.pick(heads, check=False))
    place = submitter = combined = None
    place_kind = ""
    if not place_rule and not conference and g.chance(0.12):
        combined = Col("combined", g.pick(HEAD_COMBINED, check=False))
        g.tags.add("combined-submitter")
    else:
        if place_rule == "tdp" or place_rule != "none" and g.chance(0.35 if conference else 0.78):
            place_kind = "tdp" if place_rule else g.rng.choice(["tdp", "tdp", "address"])
            place = Col("place", g.pick(HEAD_TDP if place_kind == "tdp" else HEAD_ADDRESS, check=False))
            if place_kind == "address":
                g.tags.add("address-column")
        else:
            g.tags.add("no-place")
        if g.chance(0.9 if conference else 0.55):
            heads = HEAD_SUBMITTER_NEUTRAL if neutral else HEAD_SUBMITTER_CONFERENCE if conference else HEAD_SUBMITTER
            submitter = Col("submitter", g.pick(heads, check=False))
        else:
            g.tags.add("no-submitter")
    tdp_style = g.rng.choice(["TDP {n}", "TDP {n}", "TDP số {n}", "Tổ dân phố số {n}", "Tổ dân phố {n}"])

    front = [c for c in (content, place, submitter, combined) if c]
    pair = None
    if combined is None and g.chance(0.15):
        tops, members = g.rng.choice(HEAD_PAIRS)
        fields = {"content": content, "place": place, "submitter": submitter}
        if all(fields[f] for f, _ in members):
            pair = [fields[f] for f, _ in members]
            top = g.rng.choice(tops)
            for col, (_, bottoms) in zip(pair, members):
                col.top, col.label = top, g.rng.choice(bottoms)
            front = [c for c in front if c not in pair]
            front.insert(g.rng.randint(0, len(front)), pair)  # kept side by side
    if pair is None:
        if g.chance(0.5):
            rest = front[1:]
            g.rng.shuffle(rest)
            front = [front[0]] + rest
        else:
            g.rng.shuffle(front)
    flat: list[Col] = []
    for entry in front:
        flat.extend(entry if isinstance(entry, list) else [entry])
    if flat[0] is not content:
        g.tags.add("column-order-varied")

    if g.chance(0.25):
        sector = Col("sector", g.pick(HEAD_SECTOR, check=False))
        flat.insert(flat.index(content) if g.chance(0.3) else len(flat), sector)
        g.tags.add("sector-column")

    blocks: list[list[Col]] = []
    roll = g.rng.random()
    if roll < 0.28:
        blocks.append([Col("proposed", g.pick(HEAD_PROPOSED, check=False))])
        g.tags.add("proposed-text")
    elif roll < 0.28 + (0.08 if g.fmt == "csv" else 0.16):
        top = g.pick(HEAD_PROPOSED_TOP, check=False)
        units = g.rng.sample([u for u in XMARK_UNITS if g.ok(u)], g.rng.randint(3, 5))
        block = [Col("xunit", unit, top=top, value=unit) for unit in units]
        if g.chance(0.4):
            spot = g.rng.randrange(len(block))
            unknown = g.pick(UNKNOWN_UNITS)
            block[spot] = Col("xunit", unknown, top=top, value=unknown, unknown=True)
            g.tags.add("unknown-value")
        blocks.append(block)
        g.tags.add("proposed-xmarks")
    jurisdiction_texts = ("", "")
    roll = g.rng.random()
    if roll < 0.12:
        blocks.append([Col("jurisdiction", g.pick(HEAD_JURISDICTION, check=False))])
        jurisdiction_texts = g.pick(JURISDICTION_TEXTS, check=False)
        g.tags.add("jurisdiction-text")
    elif roll < 0.38:
        top = g.pick(HEAD_JURISDICTION_TOP, check=False)
        heads = g.rng.choice(JURISDICTION_XHEADS)
        blocks.append([Col("xjur", heads[0], top=top, value="phuong"), Col("xjur", heads[1], top=top, value="cap-tren")])
        g.tags.add("jurisdiction-xmarks")
    g.rng.shuffle(blocks)
    for block in blocks:
        flat.extend(block)
    if g.chance(0.3):
        flat.append(Col("note", "Ghi chú"))

    if g.chance(0.9 if conference else 0.9):
        flat.insert(0, Col("stt", g.pick(HEAD_STT, check=False)))
    else:
        g.tags.add("no-stt")
    offset = g.rng.choices([0, 1, 2], weights=[70, 22, 8])[0]
    if offset:
        g.tags.add("offset-columns")
    for i, col in enumerate(flat):
        col.index = offset + i
        if col.field not in ("xunit", "xjur") and len(col.label.split()) >= 3 and g.chance(0.1):
            words = col.label.split(" ")
            cut = len(words) // 2
            col.label = " ".join(words[:cut]) + "\n" + " ".join(words[cut:])
            g.tags.add("header-line-break")
    two_rows = any(c.top for c in flat)
    if two_rows:
        g.tags.add("two-row-header")
    return Layout(flat, two_rows, place_kind or ("tdp" if combined else ""), tdp_style,
                  jurisdiction_texts, g.rng.choice([", ", ", ", " - "]))


def write_header(g: Gen, sheet: Sheet, layout: Layout) -> list[int]:
    bold = True
    if not layout.two_rows:
        return [sheet.add("header", {c.index: Cell(c.label, bold=bold) for c in layout.cols})]
    top: dict[int, Cell] = {}
    bottom: dict[int, Cell] = {}
    i = 0
    cols = layout.cols
    while i < len(cols):
        col = cols[i]
        if col.top is None:
            top[col.index] = Cell(col.label, bold=bold, down=2)
            i += 1
            continue
        j = i
        while j < len(cols) and cols[j].top == col.top:
            bottom[cols[j].index] = Cell(cols[j].label, bold=bold)
            j += 1
        top[col.index] = Cell(col.top, bold=bold, across=j - i)
        i = j
    return [sheet.add("header", top), sheet.add("header", bottom)]


def title_block(g: Gen, sheet: Sheet, layout: Layout, role: str, cluster: str = "", titled: bool = False) -> bool:
    """The rows above the header; True if they state the year. `titled`: a conference sheet
    whose title row is all that says so."""
    first, width = layout.first, layout.width
    roll = g.rng.random()
    if role == "main":
        size = 0 if roll < 0.12 else 1 if roll < 0.3 else 2 if roll < 0.5 else 3
    else:
        size = 0 if roll < 0.3 and not sheet.name.startswith("HN") and not titled else 1 if roll < 0.7 else 2
    if size == 0:
        g.tags.add("no-title") if role == "main" else None
        return False
    if role == "main":
        g.tags.add("title-block")
    with_year = g.chance(0.8)
    year_row = with_year and g.chance(0.2)
    if size >= 3:
        left = g.rng.choice([["ỦY BAN MTTQ VIỆT NAM", "PHƯỜNG PHÚC LỢI"],
                             ["ỦY BAN MẶT TRẬN TỔ QUỐC VIỆT NAM", "PHƯỜNG PHÚC LỢI"],
                             ["MTTQ VIỆT NAM PHƯỜNG PHÚC LỢI", "BAN THƯỜNG TRỰC"]])
        right = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
        both = width >= 3 and g.chance(0.7)
        span = 2 if width >= 4 else 1
        for a, b in zip(left, right):
            cells = {first: Cell(a, bold=True, across=span)}
            if both:
                cells[first + span] = Cell(b, bold=True, across=width - span)
            sheet.add("title", cells)
        if g.chance(0.7):
            sheet.blank()
    if role == "main":
        title = g.rng.choice([
            "TỔNG HỢP Ý KIẾN, KIẾN NGHỊ CỦA CỬ TRI VÀ NHÂN DÂN PHƯỜNG PHÚC LỢI",
            "TỔNG HỢP Ý KIẾN, KIẾN NGHỊ CỦA MTTQ, CÁC TỔ CHỨC CHÍNH TRỊ - XÃ HỘI VÀ NHÂN DÂN",
            "BẢNG TỔNG HỢP Ý KIẾN CỬ TRI TRƯỚC HỘI NGHỊ ĐỐI THOẠI",
            "TỔNG HỢP Ý KIẾN, KIẾN NGHỊ CỦA NHÂN DÂN GỬI HỘI NGHỊ ĐỐI THOẠI",
            "TỔNG HỢP Ý KIẾN, KIẾN NGHỊ CỦA CỬ TRI VÀ NHÂN DÂN",
        ])
    elif role == "cluster":
        title = f"TỔNG HỢP Ý KIẾN CỬ TRI {cluster.upper()}"
    elif titled:
        title = g.extra.choice(CONFERENCE_TITLES_PLAIN)
    else:
        title = g.rng.choice(["Ý KIẾN PHÁT BIỂU TẠI HỘI NGHỊ ĐỐI THOẠI", "TỔNG HỢP Ý KIẾN PHÁT BIỂU TRỰC TIẾP TẠI HỘI NGHỊ",
                              "CÁC Ý KIẾN PHÁT BIỂU TẠI HỘI NGHỊ"])
    if with_year and not year_row:
        title += f" NĂM {YEAR}"
    sheet.add("title", {first: Cell(title, bold=True, across=width)})
    if year_row:
        sheet.add("title", {first: Cell(f"Năm {YEAR}", bold=True, across=width)})
    if size >= 2 and role == "main":
        sub = g.rng.choice([
            "(Kèm theo Báo cáo số 25/BC-MTTQ ngày 15/10/{year} của Ban Thường trực Ủy ban MTTQ phường)",
            "(Phục vụ Hội nghị đối thoại giữa người đứng đầu cấp ủy, chính quyền với MTTQ, các tổ chức chính trị - xã hội và Nhân dân)",
            "(Kèm theo Báo cáo số 31/BC-BTT ngày 20/10/{year})",
        ])
        if "{year}" in sub and not with_year:
            sub = sub.replace(" ngày 15/10/{year}", "").replace(" ngày 20/10/{year}", "")
        sheet.add("title", {first: Cell(sub.format(year=YEAR), italic=True, across=width)})
    if g.chance(0.75):
        sheet.blank()
    return with_year


@dataclass
class Options:
    """How one sheet lays out its rows."""

    groups: bool
    group_style: str  # merged, split, caps, incontent
    numeral: str  # roman, letter
    numeral_sep: str
    caps_titles: bool
    subheadings: bool
    numbering: str  # int, "1", "1.", "1)"
    restart: bool
    continuation: float
    line_breaks: bool
    blank_groups: bool
    blank_items: float
    two_sector_group: int | None
    caps_first_column: bool = False  # caps headings in the first column rather than the content's
    sector_subheadings: bool = False  # the two-sector group divided by sub-headings naming each sector
    note_at: int | None = None  # a note row before the sheet's item of this index


def choose_options(g: Gen, layout: Layout, role: str, allow_groups: bool = True) -> Options:
    has_stt = layout.get("stt") is not None
    groups = allow_groups and g.chance(0.15 if role == "conference" else 0.68)
    styles = ["merged", "split", "caps", "incontent"] if has_stt else ["merged", "caps", "incontent"]
    style = g.rng.choice(styles)
    numeral = g.rng.choice(["roman", "roman", "roman-dot", "letter", "letter-dot"])
    numbering = g.rng.choice(["int", "int", "1", "1.", "1)"])
    options = Options(
        groups=groups, group_style=style, numeral=numeral,
        numeral_sep=g.rng.choice([". ", ". ", "/ ", " - "]),
        caps_titles=style == "caps" or g.chance(0.85),
        subheadings=groups and has_stt and g.chance(0.22),
        numbering=numbering, restart=g.chance(0.4),
        continuation=g.rng.choice([0.2, 0.3]) if has_stt and g.chance(0.3) else 0.0,
        line_breaks=g.chance(0.25),
        blank_groups=g.chance(0.3), blank_items=0.08 if g.chance(0.15) else 0.0,
        two_sector_group=None, caps_first_column=g.chance(0.3),
    )
    if groups and layout.get("sector") is None and g.chance(0.14):
        options.two_sector_group = 0  # decided when the groups are known
    return options


def numeral(kind: str, i: int) -> str:
    return ROMAN[i] if kind.startswith("roman") else LETTERS[i]


def stt_value(style: str, n: int) -> tuple[int | str, str]:
    if style == "int":
        return n, str(n)
    return {"1": f"{n}", "1.": f"{n}.", "1)": f"{n})"}[style], {"1": f"{n}", "1.": f"{n}.", "1)": f"{n})"}[style]


def write_heading(g: Gen, sheet: Sheet, layout: Layout, opt: Options, index: int, title: str,
                  role: str = "group", style: str | None = None) -> tuple[int, int]:
    """A group (or section) heading row; returns its row and the column holding the title."""
    style = style or opt.group_style
    stt = layout.get("stt")
    first, width = layout.first, layout.width
    num = numeral(opt.numeral, index)
    dotted = opt.numeral.endswith("dot")
    g.tags.add(f"groups-{style}") if role == "group" else None
    if opt.numeral.startswith("letter") and role == "group" and style != "caps":
        g.tags.add("group-numerals-letter")
    if style == "merged":
        return sheet.add(role, {first: Cell(f"{num}{opt.numeral_sep}{title}", bold=True, across=width)}), first
    if style == "split" and stt is not None:
        column = stt.index + 1
        across = width - 1 if g.chance(0.5) else 1
        return sheet.add(role, {stt.index: Cell(num + ("." if dotted else ""), bold=True),
                                column: Cell(title, bold=True, across=across)}), column
    if style == "caps":
        column = first if opt.caps_first_column else layout.content.index
        return sheet.add(role, {column: Cell(title.upper(), bold=True)}), column
    column = layout.content.index
    return sheet.add(role, {column: Cell(f"{num}{opt.numeral_sep}{title}", bold=True)}), column


def item_cells(g: Gen, layout: Layout, draft: Draft, stt: int | str | None) -> dict[int, Cell | str | int]:
    cells: dict[int, Cell | str | int] = {}
    for col in layout.cols:
        if col.field == "stt" and stt is not None:
            cells[col.index] = stt
        elif col.field == "content":
            cells[col.index] = draft.parts[0]
        elif col.field == "place":
            cells[col.index] = draft.place
        elif col.field == "submitter":
            cells[col.index] = draft.submitter
        elif col.field == "combined":
            cells[col.index] = draft.submitter + (layout.combined_sep + draft.place if draft.place else "")
        elif col.field == "sector" and draft.sector:
            cells[col.index] = SECTOR_SHORT[draft.sector]
        elif col.field == "proposed":
            cells[col.index] = draft.proposed
        elif col.field == "jurisdiction" and draft.jurisdiction:
            cells[col.index] = layout.jurisdiction_texts[0 if draft.jurisdiction == "phuong" else 1]
        elif col.field == "xjur" and draft.jurisdiction == col.value:
            cells[col.index] = g.rng.choice(["x", "x", "X"])
        elif col.field == "xunit" and draft.proposed == col.value:
            cells[col.index] = g.rng.choice(["x", "x", "X"])
        elif col.field == "note" and draft.note:
            cells[col.index] = draft.note
    return cells


def make_draft(g: Gen, layout: Layout, opt: Options, sector: str | None, role: str) -> Draft:
    text = g.petition(sector, opt.line_breaks)
    parts = [text]
    if opt.continuation and g.chance(opt.continuation) and len(text.split()) >= 12:
        parts = g.split(text)
        if len(parts) > 1:
            g.tags.add("continuation")
    draft = Draft(parts, sector)
    if layout.get("combined"):
        draft.submitter = g.person()
        if g.chance(0.88):
            draft.place = g.pick([layout.tdp_style.format(n=g.tdp_number()), f"Tổ dân phố số {g.tdp_number()}",
                                  f"TDP {g.tdp_number()}", f"Số {g.rng.randint(2, 99)} ngõ 68 Phúc Lợi"])
    else:
        if layout.get("place") and g.tdp_pool:
            draft.place = layout.tdp_style.format(n=g.rng.choice(g.tdp_pool))
        elif layout.get("place") and g.chance(0.9):
            draft.place = g.place(layout.place_kind, layout.tdp_style)
        if layout.get("submitter") and g.chance(0.85):
            draft.submitter = g.submitter(role == "conference")
    xunits = [c for c in layout.cols if c.field == "xunit"]
    unknown = [c for c in xunits if c.unknown]
    if layout.get("proposed") and g.chance(0.9):
        draft.proposed = g.proposed(sector)
    elif unknown and unknown[0].value not in layout.marked:
        draft.proposed = unknown[0].value  # the unknown unit gets at least one mark
    elif xunits and g.chance(0.92):
        draft.proposed = g.rng.choice(xunits).value
    if draft.proposed:
        layout.marked.add(draft.proposed)
    if layout.get("jurisdiction") or layout.get("xjur"):
        if g.chance(0.92):
            if draft.proposed in BODIES:
                draft.jurisdiction = "cap-tren"
            elif draft.proposed in UNITS:
                draft.jurisdiction = "phuong"
            else:
                draft.jurisdiction = g.rng.choice(["phuong", "phuong", "cap-tren"])
    if layout.get("note") and g.chance(0.25):
        draft.note = g.pick(NOTES)
    return draft


def write_note_row(g: Gen, sheet: Sheet, layout: Layout) -> None:
    """A note among the items ("Ghi chú: các ý kiến sau đây ..."), alone in the content column or
    merged across the table: neither an item nor a heading."""
    text = g.pick(NOTE_ROWS)
    if text.startswith("Lưu ý"):
        g.tags.add("note-row-luu-y")
    if sheet.roles.get(sheet.last) == "subheading":
        g.tags.add("note-row-after-subheading")
    if g.fmt != "csv" and g.extra.random() < 0.45:
        sheet.add("note", {layout.first: Cell(text, italic=g.extra.random() < 0.5, across=layout.width)})
        g.tags.add("note-row-merged")
    else:
        sheet.add("note", {layout.content.index: Cell(text, italic=g.extra.random() < 0.5)})
        g.tags.add("note-row-content")
    g.tags.add("note-row")


def write_item(g: Gen, sheet: Sheet, layout: Layout, draft: Draft, stt: int | str | None, stt_text: str | None,
               source: str, sector: str | None, choices: list[str], group_row: int | None,
               opt: Options | None = None) -> Expected:
    if opt is not None and opt.note_at is not None and opt.note_at == len(sheet.items):
        write_note_row(g, sheet, layout)
        opt.note_at = None
    rows = [sheet.add("item", item_cells(g, layout, draft, stt))]
    for part in draft.parts[1:]:
        rows.append(sheet.add("continuation", {layout.content.index: part}))
    expected = Expected(
        content=" ".join(draft.parts), stt=stt_text if layout.get("stt") else None,
        to_dan_pho=draft.place or g.sheet_tdp, submitter=draft.submitter, sector=sector, source=source,
        jurisdiction=draft.jurisdiction, proposed=draft.proposed, rows=rows,
        sector_choices=list(choices), group_row=group_row)
    sheet.items.append(expected)
    return expected


def write_items(g: Gen, sheet: Sheet, layout: Layout, opt: Options, role: str, source: str,
                count_range: tuple[int, int], start_number: int = 1) -> None:
    """The items, with their group rows and sub-headings."""
    has_sector_column = layout.get("sector") is not None
    number = start_number
    if not opt.groups:
        for _ in range(g.rng.randint(*count_range)):
            sector = g.rng.choice(SECTORS)
            draft = make_draft(g, layout, opt, sector, role)
            stt, text = stt_value(opt.numbering, number)
            write_item(g, sheet, layout, draft, stt, text, source, sector if has_sector_column else None, [], None, opt)
            number += 1
            if opt.blank_items and g.chance(opt.blank_items):
                sheet.blank()
                g.tags.add("blank-rows")
        return
    group_count = g.rng.choices([1, 2, 3, 4, 5, 6], weights=[8, 20, 25, 22, 15, 10])[0]
    sectors = g.rng.sample(SECTORS, group_count)
    two_sector_at = g.rng.randrange(group_count) if opt.two_sector_group is not None else None
    for gi, sector in enumerate(sectors):
        if opt.blank_groups and (gi or g.chance(0.3)):
            sheet.blank()
            g.tags.add("blank-rows")
        choices: list[str] = []
        if gi == two_sector_at:
            title, choices = g.two_sector_title()
            sector = choices[0]
        else:
            title = g.sector_title(sector, opt.caps_titles or opt.group_style == "caps")
        if not opt.caps_titles and opt.group_style != "caps":
            g.tags.add("groups-titlecase")
        row, column = write_heading(g, sheet, layout, opt, gi, title)
        if choices:
            sheet.doubts.append(ExpectedDoubt("two-sectors", row, column, title))
            g.tags.add("two-sectors")
        if opt.restart:
            number = 1
            g.tags.add("numbering-restarts")
        if choices and opt.sector_subheadings:
            sector_subheadings(g, sheet, layout, opt, role, source, choices, row)
            continue
        if opt.subheadings and g.chance(0.7):
            g.tags.add("subheadings")
            letters = g.chance(0.35)
            closer = g.rng.choice([")", "."])
            topics = g.rng.sample(SUBTOPICS[sector], min(len(SUBTOPICS[sector]), g.rng.randint(1, 3)))
            stt_col = layout.get("stt").index
            for k, topic in enumerate(topics, start=1):
                label = g.rng.choice([f"{k}.", f"{k}", k])
                sheet.add("subheading", {stt_col: Cell(label, bold=True), layout.content.index: Cell(topic, bold=True, italic=g.chance(0.5))})
                for j in range(1, g.rng.randint(1, 3) + 1):
                    text = f"{'abcdefgh'[j - 1]}{closer}" if letters else f"{k}.{j}"
                    draft = make_draft(g, layout, opt, sector, role)
                    write_item(g, sheet, layout, draft, text, text, source, sector, choices, row, opt)
            continue
        for _ in range(g.rng.randint(1, 5)):
            draft = make_draft(g, layout, opt, sector, role)
            stt, text = stt_value(opt.numbering, number)
            write_item(g, sheet, layout, draft, stt, text, source, sector, choices, row, opt)
            number += 1
            if opt.blank_items and g.chance(opt.blank_items):
                sheet.blank()
                g.tags.add("blank-rows")


def sector_subheadings(g: Gen, sheet: Sheet, layout: Layout, opt: Options, role: str, source: str,
                       codes: list[str], group_row: int) -> None:
    """Under a heading naming two sectors, a sub-heading naming each ("1. Trật tự đô thị",
    "2. Giao thông"): its items are of the sub-heading's sector."""
    g.tags.add("subheading-sectors")
    order = list(codes) if g.extra.random() < 0.7 else list(reversed(codes))
    letters = g.extra.random() < 0.3
    closer = g.extra.choice([")", "."])
    stt_col = layout.get("stt").index
    for k, code in enumerate(order, start=1):
        topic = g.pick(SECTOR_SUBHEADINGS[code])
        label = g.extra.choice([f"{k}.", f"{k}", k])
        sheet.add("subheading", {stt_col: Cell(label, bold=True),
                                 layout.content.index: Cell(topic, bold=True, italic=g.extra.random() < 0.5)})
        for j in range(1, g.extra.randint(1, 3) + 1):
            text = f"{'abcdefgh'[j - 1]}{closer}" if letters else f"{k}.{j}"
            draft = make_draft(g, layout, opt, code, role)
            write_item(g, sheet, layout, draft, text, text, source, code, [], group_row, opt)


def write_totals(g: Gen, sheet: Sheet, layout: Layout, count: int) -> None:
    content = layout.content.index
    stt = layout.get("stt")
    after = content + 1 if content + 1 < layout.first + layout.width else None
    choices = ["inline", "merged"]
    if stt is not None and stt.index != content:
        choices.append("label-in-stt")
    if after is not None:
        choices.append("number-after")
    style = g.rng.choice(choices)
    g.tags.add("totals")
    if style == "inline":
        sheet.add("total", {content: Cell(f"{g.rng.choice(['Tổng cộng', 'Tổng số', 'Cộng'])}: {count_text(count)} ý kiến", bold=True)})
    elif style == "merged":
        sheet.add("total", {layout.first: Cell(f"Tổng số: {count_text(count)} ý kiến, kiến nghị", bold=True, across=layout.width)})
    elif style == "label-in-stt":
        sheet.add("total", {stt.index: Cell("Tổng cộng", bold=True), content: Cell(f"{count_text(count)} ý kiến", bold=True)})
    else:
        sheet.add("total", {content: Cell(g.rng.choice(["Tổng số", "Tổng cộng"]), bold=True), after: Cell(count, bold=True)})


def write_summary(g: Gen, sheet: Sheet, layout: Layout) -> None:
    """A small table of counts by sector (or by residential group) below the items."""
    sheet.blank(g.rng.randint(1, 2))
    c1 = layout.content.index
    c2 = c1 + 1
    by_sector = Counter(i.sector or (i.sector_choices[0] if i.sector_choices else None) for i in sheet.items)
    g.tags.add("summary-table")
    if None not in by_sector:
        if g.chance(0.5):
            sheet.add("summary", {c1: Cell(g.rng.choice(["TỔNG HỢP THEO LĨNH VỰC", "Phân loại theo lĩnh vực:"]), bold=True)})
        sheet.add("summary", {c1: Cell("Lĩnh vực", bold=True), c2: Cell(g.rng.choice(["Số ý kiến", "Số lượng"]), bold=True)})
        for code, n in by_sector.items():
            sheet.add("summary", {c1: SECTOR_SHORT[code], c2: n})
    else:
        places = Counter(i.to_dan_pho for i in sheet.items if i.to_dan_pho)
        if not places:
            sheet.add("summary", {c1: Cell("Số ý kiến tổng hợp:", bold=True), c2: Cell(len(sheet.items), bold=True)})
            return
        sheet.add("summary", {c1: Cell("Địa bàn", bold=True), c2: Cell("Số ý kiến", bold=True)})
        for place, n in list(places.items())[:6]:
            sheet.add("summary", {c1: place, c2: n})
    sheet.add("summary", {c1: Cell(g.rng.choice(["Tổng cộng", "Cộng"]), bold=True), c2: Cell(len(sheet.items), bold=True)})


def write_footer(g: Gen, sheet: Sheet, layout: Layout, role: str) -> None:
    sheet.blank(g.rng.randint(1, 2))
    g.tags.add("footer")
    first, width = layout.first, layout.width
    left = g.rng.choice([first, layout.content.index])
    rights = [c for c in (first + width - 2, first + width - 1, layout.content.index) if c > left]
    right = g.rng.choice(rights) if rights else left + 1
    if role == "conference":
        signer = [g.rng.choice(["THƯ KÝ HỘI NGHỊ", "NGƯỜI TỔNG HỢP"]), "", g.rng.choice(SIGNERS)]
    elif role == "cluster":
        signer = ["TRƯỞNG BAN CÔNG TÁC MẶT TRẬN", "(đã ký)", g.rng.choice(SIGNERS)]
    else:
        signer = [g.rng.choice(["TM. BAN THƯỜNG TRỰC", "T/M BAN THƯỜNG TRỰC", "TM. ỦY BAN MTTQ PHƯỜNG"]),
                  g.rng.choice(["CHỦ TỊCH", "PHÓ CHỦ TỊCH"]), g.rng.choice(["(đã ký)", "(Đã ký)", ""]), "",
                  g.rng.choice(SIGNERS)]
    signer = [s for s in signer if s or g.chance(0.5)]
    recipients = []
    if role == "main" and g.chance(0.6):
        recipients = ["Nơi nhận:", "- Như trên;", "- Thường trực Đảng ủy;", "- UBND phường;", "- Lưu VT."]
        recipients = recipients[:2] + recipients[2:4][: g.rng.randint(0, 2)] + recipients[4:]
    if g.chance(0.85):
        day, month = g.rng.randint(1, 28), g.rng.choice([9, 10, 10, 11])
        sheet.add("footer", {right: Cell(f"{WARD}, {dated(day, month)}", italic=True)})
    for k in range(max(len(signer), len(recipients))):
        cells = {}
        if k < len(recipients):
            cells[left] = Cell(recipients[k], bold=k == 0, italic=k == 0)
        if k < len(signer) and signer[k]:
            cells[right] = Cell(signer[k], bold=k < 2 or k == len(signer) - 1)
        sheet.add("footer", cells)


CLUSTERS = [("Cụm 1", (1, 8)), ("Cụm 2", (9, 16)), ("Cụm 3", (17, 26)), ("Cụm 4", (27, 36)), ("Cụm 5", (37, 48))]


def petition_sheet(g: Gen, name: str, role: str, *, cluster: str = "", section_b: bool = False,
                   count: tuple[int, int] = (3, 14), place_rule: str = "", titled: bool = False) -> tuple[Sheet, bool]:
    """A sheet of items; returns it and whether its title states the year. `place_rule` as for
    `make_layout`; `titled`: a conference sheet known only by its title row."""
    layout = make_layout(g, role, place_rule, neutral=titled)
    if place_rule == "tdp" and fold(layout.get("place").label) not in {fold(h) for h in HEAD_TDP}:
        layout.get("place").label = g.extra.choice(["Tổ dân phố", "TDP"])  # the TDP column says so
    sheet = Sheet(name)
    for col in layout.cols:
        sheet.widths[col.index] = 55 if col.field == "content" else 6 if col.field in ("stt", "xjur", "xunit") else 18
    with_year = title_block(g, sheet, layout, role, cluster, titled)
    for col in layout.cols:
        sheet.labels.setdefault(col.field, " ".join(col.label.split()) if col.field not in ("xjur", "xunit")
                                else f"x under “{col.top}”")
    header_rows = write_header(g, sheet, layout)
    for col in layout.cols:
        if col.unknown:
            sheet.doubts.append(ExpectedDoubt("unknown-value", header_rows[-1], col.index, col.label))
    if g.chance(0.3):
        as_text = g.chance(0.6)
        sheet.add("column-numbers", {c.index: (f"({i})" if as_text else i) for i, c in enumerate(layout.cols, start=1)})
        g.tags.add("column-numbers")
    opt = choose_options(g, layout, role, allow_groups=not section_b)
    if g.sector_subheadings and not section_b and layout.get("stt") and not layout.get("sector"):
        opt.groups, opt.two_sector_group, opt.sector_subheadings = True, 0, True
        g.sector_subheadings = False  # one such group a shape
    if g.extra.random() < 0.1:
        opt.note_at = g.extra.randint(1, 4)
    sheet.group_style = opt.group_style if opt.groups else ""
    if layout.get("stt") is None:
        pass
    elif opt.numbering == "int":
        g.tags.add("stt-number-cells")
    elif opt.numbering != "1":
        g.tags.add(f"stt-{opt.numbering}")
    source = "hoi-nghi" if role == "conference" else "mttq"
    if section_b:
        g.tags.add("section-b")
        sections = g.rng.choice([("A", "B"), ("I", "II")])
        style = g.rng.choice(["merged", "incontent"] + (["split"] if layout.get("stt") else []))
        sep = g.rng.choice([". ", "/ "])
        if g.chance(0.6):
            title = g.rng.choice(["Ý KIẾN, KIẾN NGHỊ DO ỦY BAN MTTQ PHƯỜNG TỔNG HỢP",
                                  "Ý KIẾN CỬ TRI TỔNG HỢP TỪ CÁC TỔ DÂN PHỐ", "Ý KIẾN, KIẾN NGHỊ TRƯỚC HỘI NGHỊ"])
            section_heading(g, sheet, layout, sections[0], sep, title, style)
        write_items(g, sheet, layout, opt, role, "mttq", count)
        if g.chance(0.4):
            sheet.blank()
        title = g.rng.choice(["Ý KIẾN PHÁT BIỂU TẠI HỘI NGHỊ", "CÁC Ý KIẾN PHÁT BIỂU TRỰC TIẾP TẠI HỘI NGHỊ",
                              "Ý KIẾN TẠI HỘI NGHỊ ĐỐI THOẠI", "Ý KIẾN CỬ TRI PHÁT BIỂU TẠI HỘI NGHỊ ĐỐI THOẠI"])
        section_heading(g, sheet, layout, sections[1], sep, title, style)
        write_items(g, sheet, layout, opt, "conference", "hoi-nghi", (1, 6))
    else:
        write_items(g, sheet, layout, opt, role, source, count)
    merge_down(g, sheet, layout, role)
    contact = []  # what is written under the items: a contact line, a signer's title
    if g.extra.random() < 0.12:
        contact = g.extra.choice([["contact"], ["signer"], ["contact", "signer"], ["signer", "contact"]])
    if contact == ["contact"] and g.extra.random() < 0.6:  # at once under the items, above the totals
        write_contact(g, sheet, layout, contact)
        contact = []
    if g.chance(0.4):
        if g.chance(0.3):
            sheet.blank()
        write_totals(g, sheet, layout, len(sheet.items))
    if contact:
        write_contact(g, sheet, layout, contact)
    if g.chance(0.2) and "signer" not in contact:  # no table of counts under a signature
        write_summary(g, sheet, layout)
    if g.chance(0.6 if role == "main" else 0.3):
        write_footer(g, sheet, layout, role)
    return sheet, with_year


def merge_down(g: Gen, sheet: Sheet, layout: Layout, role: str) -> None:
    """The residential group or the submitter written once in a cell merged down beside several
    items (B7:B9): every item it covers has that value. Only .xlsx and .xls files merge here."""
    if g.fmt not in ("xlsx", "xls") or g.extra.random() >= 0.16:
        return
    runs: list[list[Expected]] = []
    for item in sheet.items:  # items of one row each, on consecutive rows
        if len(item.rows) == 1 and runs and len(runs[-1][-1].rows) == 1 and item.rows[0] == runs[-1][-1].rows[0] + 1:
            runs[-1].append(item)
        else:
            runs.append([item])
    runs = [run for run in runs if len(run) >= 2]
    columns = [c for c in (layout.get("place"), layout.get("submitter")) if c is not None]
    if not runs or not columns:
        return
    g.extra.shuffle(columns)
    for col in columns[: 2 if g.extra.random() < 0.25 else 1]:
        run = g.extra.choice(runs)
        length = g.extra.randint(2, min(4, len(run)))
        start = g.extra.randrange(len(run) - length + 1)
        covered = run[start:start + length]
        if col.field == "place":
            n = g.rng.choice(g.tdp_pool) if g.tdp_pool else g.tdp_number()
            value = layout.tdp_style.format(n=n)
            g.tags.add("merged-down-tdp")
        else:
            value = g.submitter(role == "conference")
            g.tags.add("merged-down-submitter")
        if not g.ok(value):
            continue
        first = covered[0].rows[0]
        for item in covered:
            sheet.cells.pop((item.rows[0], col.index), None)
            if col.field == "place":
                item.to_dan_pho = value
            else:
                item.submitter = value
        sheet.cells[(first, col.index)] = Cell(value, down=length)
        g.tags.add("merged-down")


def write_contact(g: Gen, sheet: Sheet, layout: Layout, parts: list[str]) -> None:
    """Under the items, at once or after a blank row: a contact line ("Người tổng hợp: Nguyễn Văn
    Tám (0912 345 678)", "ĐT: 0243 …"), a signer's title in capitals ("THƯ KÝ HỘI NGHỊ"),
    in the content column, the first or merged across. Never items, never part of the last."""
    if g.extra.random() < 0.35:
        sheet.blank()
    content, first, width = layout.content.index, layout.first, layout.width
    for part in parts:
        where = g.extra.choice(["content", "content", "first", "across"] if g.fmt != "csv" else ["content", "first"])
        column = first if where in ("first", "across") else content
        across = width if where == "across" else 1
        if part == "contact":
            digits = [g.extra.randint(0, 9) for _ in range(10)]
            mobile = g.extra.choice(["09{0}{1} {2}{3}{4} {5}{6}{7}", "09{0}{1}.{2}{3}{4}.{5}{6}{7}",
                                     "09{0}{1}{2}{3}{4}{5}{6}{7}"]).format(*digits)
            landline = g.extra.choice(["0243 {0}{1}{2} {3}{4}{5}{6}", "024.3{0}{1}{2}.{3}{4}{5}{6}",
                                       "024 3{0}{1}{2} {3}{4}{5}{6}"]).format(*digits)
            text = g.extra.choice(CONTACT_LINES).format(name=g.person().split(" ", 1)[1], mobile=mobile,
                                                        landline=landline)
            if not g.ok(text):
                text = f"ĐT: {landline}"
            sheet.add("contact", {column: Cell(text, italic=g.extra.random() < 0.4, across=across)})
            g.tags.add("contact-line")
        else:
            title = g.pick(SIGNER_TITLES)
            sheet.add("signer", {column: Cell(title, bold=True, across=across)})
            g.tags.add("signer-caps")
            roll = g.extra.random()
            if roll < 0.6:
                if roll < 0.4:
                    sheet.blank(g.extra.randint(1, 2))
                sheet.add("signer", {column: Cell(g.rng.choice(SIGNERS), bold=True, across=across)})


def tdp_copy_sheet(g: Gen, n: int, items: list[Expected], submitter: bool) -> Sheet:
    """One residential group's sheet of a workbook whose summary sheet holds every petition with
    its TDP: the group's petitions again, without a TDP column. Nothing in it is a new item."""
    sheet = Sheet(f"TDP {n}")
    cols = [Col("stt", g.pick(HEAD_STT, check=False)), Col("content", g.pick(HEAD_CONTENT, check=False))]
    if submitter and g.extra.random() < 0.7:
        cols.append(Col("submitter", g.pick(HEAD_SUBMITTER, check=False)))
    if g.extra.random() < 0.3:
        cols.append(Col("note", "Ghi chú"))
    for i, col in enumerate(cols):
        col.index = i
        sheet.widths[i] = 55 if col.field == "content" else 6 if col.field == "stt" else 18
        sheet.labels[col.field] = col.label
    if g.extra.random() < 0.7:
        sheet.add("title", {0: Cell(g.extra.choice([f"TỔNG HỢP Ý KIẾN CỬ TRI TDP {n}", f"Ý KIẾN, KIẾN NGHỊ TDP {n}",
                                                    f"Ý KIẾN CỬ TRI TỔ DÂN PHỐ SỐ {n}"]), bold=True, across=len(cols))})
        sheet.blank()
    sheet.add("header", {c.index: Cell(c.label, bold=True) for c in cols})
    for k, item in enumerate(items, start=1):
        values = {"stt": k, "content": item.content, "submitter": item.submitter, "note": ""}
        sheet.add("copy", {c.index: values[c.field] for c in cols})
    return sheet


def section_heading(g: Gen, sheet: Sheet, layout: Layout, letter: str, sep: str, title: str, style: str) -> None:
    stt = layout.get("stt")
    if style == "merged":
        sheet.add("section", {layout.first: Cell(f"{letter}{sep}{title}", bold=True, across=layout.width)})
    elif style == "split" and stt is not None:
        sheet.add("section", {stt.index: Cell(letter, bold=True), stt.index + 1: Cell(title, bold=True)})
    else:
        sheet.add("section", {layout.content.index: Cell(f"{letter}{sep}{title}", bold=True)})


def instruction_sheet(g: Gen) -> Sheet:
    sheet = Sheet(g.rng.choice(INSTRUCTION_SHEET_NAMES))
    sheet.add("instructions", {0: Cell("HƯỚNG DẪN TỔNG HỢP Ý KIẾN, KIẾN NGHỊ", bold=True)})
    sheet.blank()
    for line in ["1. Mỗi ý kiến ghi trên một dòng, đánh số thứ tự liên tục.",
                 "2. Cột Tổ dân phố ghi theo mẫu: TDP 5.",
                 "3. Lĩnh vực ghi theo danh mục của Ủy ban MTTQ phường.",
                 "4. Gửi bản tổng hợp về Văn phòng trước ngày 15/10."]:
        sheet.add("instructions", {0: line})
    if g.chance(0.5):
        sheet.blank()
        sheet.add("instructions", {0: Cell("Ví dụ:", italic=True)})
        sheet.add("instructions", {0: Cell("STT", bold=True), 1: Cell("Nội dung kiến nghị", bold=True), 2: Cell("Tổ dân phố", bold=True)})
        sheet.add("instructions", {0: 1, 1: "Đề nghị sửa đèn chiếu sáng ngõ 3", 2: "TDP 5"})
    sheet.widths[0] = 12
    sheet.widths[1] = 50
    return sheet


def build_shape(seed: int) -> Shape:
    g = Gen(seed)
    kinds = ["single", "instructions", "clusters", "conference", "section-b", "clusters+conference"]
    weights = [50, 8, 11, 14, 11, 6] if g.fmt != "csv" else [75, 0, 0, 0, 25, 0]
    kind = g.rng.choices(kinds, weights=weights)[0]
    conference_name = ""  # a conference sheet under a name that does not say so
    if g.fmt != "csv":
        roll = g.extra.random()
        if roll < 0.07:
            kind = "summary-tdp"
        elif roll < 0.13:
            kind = "tdp-sheets"
        elif kind == "single" and roll < 0.25 or kind.endswith("conference") and roll < 0.55:
            kind = kind if kind.endswith("conference") else "conference"
            conference_name = g.extra.choice(["plain", "delegates"])
    g.sector_subheadings = g.extra.random() < 0.12
    g.tags.add(f"workbook-{kind}")
    sheets: list[Sheet] = []
    main_year = False
    if kind == "instructions":
        sheets.append(instruction_sheet(g))
    if kind == "summary-tdp":
        # "Tổng hợp" with every petition and its TDP, then a sheet per TDP repeating its own
        g.tdp_pool = sorted(g.extra.sample(range(1, 49), g.extra.randint(2, 4)))
        sheet, main_year = petition_sheet(g, g.extra.choice(SUMMARY_SHEET_NAMES), "main", place_rule="tdp")
        sheets.append(sheet)
        if any(not re.fullmatch(r"TDP \d+", i.to_dan_pho) for i in sheet.items):
            g.tags.add("summary-tdp-wording-differs")  # "Tổ dân phố số 12" in the column, "TDP 12" as the sheet name
        for n in g.tdp_pool:
            own = [i for i in sheet.items if re.search(rf"(?<!\d){n}$", i.to_dan_pho)]
            if own:
                sheets.append(tdp_copy_sheet(g, n, own, sheet.labels.get("submitter") is not None))
        g.tdp_pool = None
    elif kind == "tdp-sheets":
        # a sheet per residential group, named for it, with no TDP column
        for k, n in enumerate(sorted(g.extra.sample(range(1, 49), g.extra.randint(1, 4)))):
            g.tdp_range, g.sheet_tdp = (n, n), f"TDP {n}"
            sheet, with_year = petition_sheet(g, f"TDP {n}", "cluster", cluster=f"TDP {n}", count=(2, 8),
                                              place_rule="none")
            main_year = main_year or (k == 0 and with_year)
            sheets.append(sheet)
        g.tdp_range, g.sheet_tdp = (1, 48), ""
    elif kind.startswith("clusters"):
        chosen = CLUSTERS[: g.rng.randint(2, 4)]
        style = g.rng.choice(["{name}", "{name} (TDP {a}-{b})", "TDP {a}-{b}"])
        for k, (name, span) in enumerate(chosen):
            g.tdp_range = span
            sheet_name = style.format(name=name, a=span[0], b=span[1])
            sheet, with_year = petition_sheet(g, sheet_name, "cluster", cluster=f"{name} (TDP {span[0]} - TDP {span[1]})",
                                              count=(2, 8))
            main_year = main_year or (k == 0 and with_year)
            sheets.append(sheet)
        g.tdp_range = (1, 48)
    else:
        sheet, main_year = petition_sheet(g, g.rng.choice(MAIN_SHEET_NAMES), "main", section_b=kind == "section-b")
        sheets.append(sheet)
    if kind.endswith("conference"):
        names = g.rng.sample(CONFERENCE_SHEET_NAMES, 2 if g.chance(0.2) else 1)
        if conference_name == "plain":
            names[0] = next(n for n in PLAIN_SHEET_NAMES if n not in {s.name for s in sheets})
            g.tags.add("conference-title-only")
        elif conference_name == "delegates":
            names[0] = g.extra.choice(DELEGATE_SHEET_NAMES)
            g.tags.add("conference-delegates-name")
        for k, name in enumerate(names):
            sheet, _ = petition_sheet(g, name, "conference", count=(2, 8), titled=k == 0 and conference_name == "plain")
            sheets.append(sheet)
        g.tags.add("conference-sheet")
    if any(s.doubts for s in sheets):
        g.tags.add("planted-doubt")
    g.tags.add(f"format-{g.fmt}")
    if g.encoding != "unicode":
        g.tags.add(f"encoding-{g.encoding}")
    year = None if main_year else YEAR
    if year:
        g.tags.add("year-given")
    return Shape(seed, g.fmt, g.encoding, sheets, year, sorted(g.tags))


# --------------------------------------------------------------------------------------------
# Writers
# --------------------------------------------------------------------------------------------


def stored(shape: Shape, value):
    """A cell's value as the file stores it, and the font it needs (TCVN3 only)."""
    if not isinstance(value, str):
        return value, None
    if shape.encoding == "nfd":
        return unicodedata.normalize("NFD", value), None
    if shape.encoding == "tcvn3":
        typed = tcvn3_cell(value) or tcvn3_cell(value.upper())
        if typed is None:
            raise ValueError(f"cannot be typed in TCVN3: {value!r}")
        return typed
    return value, None


def write_shape(shape: Shape, folder: Path) -> Path:
    path = Path(folder) / shape.filename
    {"xlsx": write_xlsx, "xls": write_xls, "ods": write_ods, "csv": write_csv}[shape.fmt](shape, path)
    return path


def write_xlsx(shape: Shape, path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.remove(book.active)
    fonts: dict[tuple, Font] = {}
    wrap = Alignment(wrap_text=True, vertical="top")
    for sheet in shape.sheets:
        ws = book.create_sheet(sheet.name)
        for (row, column), cell in sorted(sheet.cells.items()):
            value, font_name = stored(shape, cell.value)
            target = ws.cell(row=row, column=column + 1, value=value)
            key = (font_name or "Times New Roman", cell.bold, cell.italic)
            if key not in fonts:
                fonts[key] = Font(name=key[0], bold=key[1], italic=key[2], size=12)
            target.font = fonts[key]
            if isinstance(value, str) and "\n" in value:
                target.alignment = wrap
            if cell.across > 1 or cell.down > 1:
                ws.merge_cells(start_row=row, start_column=column + 1,
                               end_row=row + cell.down - 1, end_column=column + cell.across)
        for column, width in sheet.widths.items():
            ws.column_dimensions[get_column_letter(column + 1)].width = width
    book.save(path)


def write_xls(shape: Shape, path: Path) -> None:
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    styles: dict[tuple, object] = {}

    def style(cell: Cell, value) -> object:
        key = (cell.bold, cell.italic, isinstance(value, str) and "\n" in value)
        if key not in styles:
            spec = f"font: name Times New Roman, height 240, bold {'on' if key[0] else 'off'}, italic {'on' if key[1] else 'off'}"
            if key[2]:
                spec += "; alignment: wrap on, vert top"
            styles[key] = xlwt.easyxf(spec)
        return styles[key]

    for sheet in shape.sheets:
        ws = book.add_sheet(sheet.name, cell_overwrite_ok=True)
        for (row, column), cell in sorted(sheet.cells.items()):
            value, _ = stored(shape, cell.value)
            if cell.across > 1 or cell.down > 1:
                ws.write_merge(row - 1, row + cell.down - 2, column, column + cell.across - 1, value, style(cell, value))
            else:
                ws.write(row - 1, column, value, style(cell, value))
        for column, width in sheet.widths.items():
            ws.col(column).width = int(width * 300)
    book.save(str(path))


def write_ods(shape: Shape, path: Path) -> None:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.style import Style, TableColumnProperties, TextProperties
    from odf.table import CoveredTableCell, Table, TableCell, TableColumn, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    cell_styles: dict[tuple[bool, bool], Style] = {}
    for bold in (False, True):
        for italic in (False, True):
            st = Style(name=f"c{int(bold)}{int(italic)}", family="table-cell")
            props = {}
            if bold:
                props.update(fontweight="bold", fontweightasian="bold", fontweightcomplex="bold")
            if italic:
                props.update(fontstyle="italic", fontstyleasian="italic", fontstylecomplex="italic")
            st.addElement(TextProperties(fontname="Times New Roman", **props))
            doc.automaticstyles.addElement(st)
            cell_styles[(bold, italic)] = st
    column_styles: dict[float, Style] = {}
    for sheet in shape.sheets:
        table = Table(name=sheet.name)
        width = max((c + cell.across for (_, c), cell in sheet.cells.items()), default=1)
        for column in range(width):
            w = sheet.widths.get(column, 12)
            if w not in column_styles:
                st = Style(name=f"w{len(column_styles)}", family="table-column")
                st.addElement(TableColumnProperties(columnwidth=f"{w * 0.19:.2f}cm"))
                doc.automaticstyles.addElement(st)
                column_styles[w] = st
            table.addElement(TableColumn(stylename=column_styles[w]))
        covered = set()
        for (row, column), cell in sheet.cells.items():
            for r in range(row, row + cell.down):
                for c in range(column, column + cell.across):
                    if (r, c) != (row, column):
                        covered.add((r, c))
        for row in range(1, sheet.last + 1):
            tr = TableRow()
            for column in range(width):
                cell = sheet.cells.get((row, column))
                if cell is None:
                    tr.addElement(CoveredTableCell() if (row, column) in covered else TableCell())
                    continue
                value, _ = stored(shape, cell.value)
                spans = {}
                if cell.across > 1:
                    spans["numbercolumnsspanned"] = cell.across
                if cell.down > 1:
                    spans["numberrowsspanned"] = cell.down
                if isinstance(value, str):
                    tc = TableCell(valuetype="string", stylename=cell_styles[(cell.bold, cell.italic)], **spans)
                    for line in value.split("\n"):
                        tc.addElement(P(text=line))
                else:
                    tc = TableCell(valuetype="float", value=value, stylename=cell_styles[(cell.bold, cell.italic)], **spans)
                    tc.addElement(P(text=str(value)))
                tr.addElement(tc)
            table.addElement(tr)
        doc.spreadsheet.addElement(table)
    doc.save(str(path))


def write_csv(shape: Shape, path: Path) -> None:
    (sheet,) = shape.sheets
    width = max((c + cell.across for (_, c), cell in sheet.cells.items()), default=1)
    rows = [[""] * width for _ in range(sheet.last)]
    for (row, column), cell in sheet.cells.items():
        value, _ = stored(shape, cell.value)
        rows[row - 1][column] = str(value)
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows(rows)


# --------------------------------------------------------------------------------------------
# Comparing an import with the expectations
# --------------------------------------------------------------------------------------------

FIELDS = ("content", "stt", "to_dan_pho", "submitter", "sector", "source", "jurisdiction", "proposed", "rows")
MISSING = "<no such attribute>"


def collapse(text) -> str:
    return " ".join(str(text).split())


def got_record(item) -> dict:
    record = {name: getattr(item, name, MISSING) for name in FIELDS if name != "rows"}
    record["content"] = collapse(record["content"])
    record["rows"] = list(getattr(getattr(item, "origin", None), "rows", []) or [])
    return record


def sheet_of(shape: Shape, name: str | None) -> Sheet | None:
    """The generated sheet an imported sheet name stands for (a CSV file's one sheet has the
    name the reader gives it)."""
    if shape.fmt == "csv":
        return shape.sheets[0]
    return next((s for s in shape.sheets if s.name == name), None)


def expected_records(shape: Shape, got_items=()) -> list[dict]:
    """The expected items as dicts; under a two-sector heading the sector is the one the import
    chose, if it chose one of the two for the whole group (else the first, to show a difference)."""
    chosen: dict[tuple[int, int], str] = {}
    by_first_row = {}
    for item in got_items:
        origin = getattr(item, "origin", None)
        rows = getattr(origin, "rows", None) or [None]
        sheet = sheet_of(shape, getattr(origin, "sheet", None))
        by_first_row[(sheet.name if sheet else None, rows[0])] = getattr(item, "sector", None)
    records = []
    for si, sheet in enumerate(shape.sheets):
        groups: dict[int, list[Expected]] = defaultdict(list)
        for item in sheet.items:
            if item.sector_choices:
                groups[item.group_row].append(item)
        for group_row, members in groups.items():
            sectors = {by_first_row.get((sheet.name, m.rows[0])) for m in members}
            pick = sectors.pop() if len(sectors) == 1 else None
            chosen[(si, group_row)] = pick if pick in members[0].sector_choices else members[0].sector_choices[0]
        for item in sheet.items:
            record = {name: getattr(item, name) for name in FIELDS}
            record["content"] = collapse(item.content)
            if item.sector_choices:
                record["sector"] = chosen[(si, item.group_row)]
            records.append(record)
    return records


def doubt_problems(shape: Shape, plan) -> list[str]:
    """What is wrong with the doubts the import raised: planted ones must be there (kind and
    row), and a sheet raises no other kind of doubt."""
    problems = []
    by_name = {}
    for result in plan.sheets:
        sheet = sheet_of(shape, result.sheet)
        if sheet is not None:
            by_name[sheet.name] = result
    for sheet in shape.sheets:
        result = by_name.get(sheet.name)
        got = list(getattr(result, "doubts", None) or []) if result is not None else []
        kinds = {d.kind for d in sheet.doubts}
        for doubt in sheet.doubts:
            if not any(getattr(d, "kind", None) == doubt.kind and getattr(d, "row", None) == doubt.row for d in got):
                problems.append(f"{sheet.name}: no {doubt.kind} doubt on row {doubt.row} ({doubt.note})")
        for d in got:
            if getattr(d, "kind", None) not in kinds:
                problems.append(f"{sheet.name}: unexpected {getattr(d, 'kind', d)} doubt on row "
                                f"{getattr(d, 'row', None)}: {getattr(d, 'message', '')}")
    return problems


def describe(shape: Shape) -> dict:
    """The shape as one line of expected.jsonl."""
    return {
        "file": shape.filename, "seed": shape.seed, "year_argument": shape.year, "tags": shape.tags,
        "sheets": [{"name": s.name,
                    "items": [{k: v for k, v in asdict(i).items() if k != "group_row" and (k != "sector_choices" or v)}
                              for i in s.items],
                    "doubts": [asdict(d) for d in s.doubts]} for s in shape.sheets],
    }


def _check(shapes: list[Shape], folder: Path) -> None:
    """Import every shape and tabulate what goes wrong, by kind of problem and by tag. The
    `proposed` field and the sheets' `doubts` are left out when the importer has none at all."""
    from kiennghi.config import load_config
    from kiennghi.errors import InputError
    from kiennghi.io.importer import plan_import

    config = load_config(Path(__file__).resolve().parent.parent / "config.toml")
    shapes_by_category: dict[str, set[int]] = defaultdict(set)
    items_by_category: Counter = Counter()
    examples: dict[str, list[str]] = defaultdict(list)
    failing_by_tag: Counter = Counter()
    shapes_by_tag: Counter = Counter()
    failing = 0
    for shape in shapes:
        shapes_by_tag.update(shape.tags)
        path = write_shape(shape, folder)
        try:
            plan = plan_import(path, config, year=shape.year)
        except InputError as error:
            problems = [(_refusal(str(error)), str(error).splitlines()[1] if "\n" in str(error) else str(error))]
        except Exception as error:  # noqa: BLE001 - the report says what broke
            problems = [("crashed", f"{type(error).__name__}: {error}")]
        else:
            problems = analyse(shape, plan)
        if problems:
            failing += 1
            failing_by_tag.update(shape.tags)
        for category, detail in problems:
            shapes_by_category[category].add(shape.seed)
            items_by_category[category] += 1
            if len(examples[category]) < 3 and not any(e.startswith(f"seed {shape.seed} ") for e in examples[category]):
                examples[category].append(f"seed {shape.seed} ({shape.filename}): {detail}")
    print(f"{failing}/{len(shapes)} shapes fail (not counting the missing `proposed` field)\n")
    print("problem | shapes | times")
    for category, seeds in sorted(shapes_by_category.items(), key=lambda kv: -len(kv[1])):
        print(f"{category} | {len(seeds)} | {items_by_category[category]}")
    print("\ntag | failing | shapes with it")
    for tag, n in sorted(shapes_by_tag.items()):
        print(f"{tag} | {failing_by_tag[tag]} | {n}")
    print("\nexamples:")
    for category, lines in examples.items():
        print(f"  {category}:")
        for line in lines:
            print("    " + line[:300].replace("\n", " "))


def _refusal(message: str) -> str:
    lines = [l for l in message.splitlines()[1:] if "trang hướng dẫn" not in l]
    message = lines[0] if lines else message  # the first cell or sheet it names
    if "không tìm thấy hàng tiêu đề" in message or "Không tìm thấy ý kiến" in message:
        return "refused: no header or no items found"
    if "danh sách jurisdictions" in message:
        return "refused: x marks or unit names read as jurisdiction values"
    if "danh sách units" in message:
        return "refused: x marks or bodies read as ward units"
    if "danh sách sectors" in message:
        return "refused: a summary or heading cell read as a sector value"
    return "refused: other"


def analyse(shape: Shape, plan) -> list[tuple[str, str]]:
    """What an import got wrong, as (category, detail) pairs; items aligned by their content."""
    got = [got_record(i) for i in plan.items]
    expected = expected_records(shape, plan.items)
    sheets = [s for s in shape.sheets for _ in s.items]
    roles = {(s.name, row): role for s in shape.sheets for row, role in s.roles.items()}
    problems: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(a=[e["content"] for e in expected], b=[g["content"] for g in got], autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            for k, (e, g) in enumerate(zip(expected[a1:a2], got[b1:b2])):
                sheet = sheets[a1 + k]
                for name in FIELDS:
                    if name == "proposed" and g[name] == MISSING or e[name] == g[name]:
                        continue
                    detail = f"{sheet.name}!{e['rows'][0]} {name}: expected {e[name]!r}, got {g[name]!r}"
                    problems.append((_field_category(name, sheet, shape), detail))
            continue
        for g, item in zip(got[b1:b2], plan.items[b1:b2]):
            own = sheet_of(shape, getattr(item.origin, "sheet", None))
            name = own.name if own else None
            first = roles.get((name, g["rows"][0]), "?") if g["rows"] else "?"
            if first not in ("item", "continuation"):
                problems.append((f"extra item from a {first} row", f"{name}!{g['rows']} {g['content'][:70]!r}"))
                continue
            others = sorted({roles.get((name, r), "?") for r in g["rows"][1:]} - {"item", "continuation"})
            if others:
                problems.append((f"{'/'.join(others)} row joined to an item", f"{name}!{g['rows']} {g['content'][-70:]!r}"))
            else:
                problems.append(("item read with other content (another column, or rows split or merged)",
                                 f"{name}!{g['rows']} {g['content'][:70]!r}"))
        got_rows = {r for g in got[b1:b2] for r in g["rows"]}
        starts = {g["rows"][0]: set(g["rows"]) for g in got[b1:b2] if g["rows"]}
        for k, e in enumerate(expected[a1:a2]):
            sheet = sheets[a1 + k]
            if set(e["rows"]) <= starts.get(e["rows"][0], set()) and len(starts[e["rows"][0]]) > len(e["rows"]):
                continue  # joined with more rows: reported above
            if len(e["rows"]) > 1 and e["rows"][0] in got_rows:
                problems.append(("continuation row not joined", f"{sheet.name}!{e['rows']} {e['content'][:70]!r}"))
            elif e["rows"][0] not in got_rows:
                problems.append(("item lost", f"{sheet.name}!{e['rows']} {e['content'][:70]!r}"))
    for detail in doubt_problems(shape, plan):
        kind = detail.split(" no ")[1].split(" doubt")[0] if " no " in detail else None
        problems.append((f"doubt missing: {kind}" if kind else "unexpected doubt", detail))
    if plan.year != YEAR:
        problems.append(("wrong year", f"{plan.year}"))
    return problems


def _field_category(name: str, sheet: Sheet, shape: Shape) -> str:
    labels = sheet.labels
    if name in ("to_dan_pho", "submitter"):
        if "combined" in labels:
            return f"{name} wrong: combined column “{labels['combined']}”"
        label = labels.get("place" if name == "to_dan_pho" else "submitter")
        return f"{name} wrong: column “{label}”" if label else f"{name} wrong: no such column"
    if name == "sector":
        return f"sector wrong: groups-{sheet.group_style}" if sheet.group_style else "sector wrong: sector column"
    if name == "source":
        return "source wrong: section B" if "section-b" in shape.tags and sheet is shape.sheets[0] else \
            f"source wrong: sheet “{sheet.name}”"
    if name == "jurisdiction":
        return f"jurisdiction wrong: {labels.get('xjur') or 'column “%s”' % labels.get('jurisdiction')}"
    if name == "proposed":
        return f"proposed wrong: {labels.get('xunit') or 'column “%s”' % labels.get('proposed')}"
    return f"{name} wrong"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write sample sheets of the corpus, with expected.jsonl.")
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--count", type=int, default=SHAPE_COUNT)
    parser.add_argument("--first", type=int, default=0, help="the first seed")
    parser.add_argument("--check", action="store_true", help="import each sheet and tabulate the failures")
    args = parser.parse_args(argv)
    args.outdir.mkdir(parents=True, exist_ok=True)
    shapes = [build_shape(seed) for seed in range(args.first, args.first + args.count)]
    with open(args.outdir / "expected.jsonl", "w", encoding="utf-8") as handle:
        for shape in shapes:
            write_shape(shape, args.outdir)
            handle.write(json.dumps(describe(shape), ensure_ascii=False) + "\n")
    print(f"{len(shapes)} sheets and expected.jsonl written to {args.outdir}")
    if args.check:
        _check(shapes, args.outdir)
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    raise SystemExit(main())
