from __future__ import annotations

from kiennghi.model import Item
from kiennghi.suggest import Suggester, Vectoriser, names, suggest_year


def item(id_: str, content: str, year: int = 2025, **triage) -> Item:
    return Item(content=content, id=id_, year=year, **triage)


def test_abbreviations_read_as_their_words(config):
    vectoriser = Vectoriser(config.abbreviations)
    assert vectoriser.features("PCCC tại TDP 5") & vectoriser.features("phòng cháy chữa cháy tại tổ dân phố 5")
    assert "p:phong chay" in vectoriser.features("Kiểm tra PCCC")


def test_accents_do_not_matter_for_matching(config):
    vectoriser = Vectoriser(config.abbreviations)
    vectoriser.fit(["ngập úng đường Hội Xá", "sửa đèn"])
    from kiennghi.suggest import cosine
    assert cosine(vectoriser.vector("ngap ung duong Hoi Xa"), vectoriser.vector("ngập úng đường Hội Xá")) > 0.35


def test_keyword_rules_route_without_history(config):
    new = item("KN-2025-001", "Đề nghị kiểm tra PCCC các nhà trọ, nhiều phòng dùng bếp ga")
    suggestion = Suggester(config, [new]).suggest(new)
    assert (suggestion.owner, suggestion.sector, suggestion.jurisdiction) == ("CA", "PCCC", "phuong")
    assert "từ khóa" in suggestion.reason and "pccc" in suggestion.reason


def test_learning_from_history_beats_defaults(config):
    history = item("KN-2024-031", "Đề nghị sửa mái nhà văn hóa tổ dân phố bị dột", year=2024,
                   jurisdiction="phuong", owner="VH-XH", sector="VH-XH", status="da-giai-quyet")
    new = item("KN-2025-001", "Nhà văn hóa TDP 11 dột mái, đề nghị sửa chữa")
    suggestion = Suggester(config, [history, new]).suggest(new)
    assert suggestion.owner == "VH-XH"
    assert suggestion.reason.startswith("giống KN-2024-031 — Đã giải quyết xong")
    assert suggestion.owners_ranked[0] == "VH-XH" and len(suggestion.owners_ranked) == 5


def test_this_years_decisions_teach_the_next_item(config):
    decided = item("KN-2025-001", "Xe tải chở vật liệu đi vào ngõ 5 làm vỡ tấm đan rãnh", jurisdiction="phuong",
                   owner="VP-UBND", sector="KHAC")
    pending = item("KN-2025-002", "Xe tải chở vật liệu vào ngõ 5 làm vỡ tấm đan")
    assert Suggester(config, [decided, pending]).suggest(pending).owner == "VP-UBND"


def test_names_and_duplicates_across_years(config):
    assert names("Mỗi khi mưa lớn, đường Hội Xá đoạn trước Trường THCS Phúc Lợi ngập sâu") >= {"hoi xa"}
    old = item("KN-2024-039", "Đường Hội Xá mưa lớn là ngập sâu, đề nghị cải tạo thoát nước", year=2024,
               jurisdiction="cap-tren", owner="KT-HT-DT", sector="NGAP-UNG", status="dang-giai-quyet")
    a = item("KN-2025-001", "Đến bao giờ chấm dứt tình trạng ngập ở đường Hội Xá?", sector="NGAP-UNG")
    b = item("KN-2025-002", "Kiến nghị về ngập úng đường Hội Xá vẫn chưa được giải quyết", sector="NGAP-UNG")
    c = item("KN-2025-003", "Đề nghị lắp đèn đường ngõ 90 Tân Thụy", sector="DO-THI")
    by_id = {s.id: s for s in suggest_year(config, [old, a, b, c], 2025)}
    assert "KN-2025-002" in by_id["KN-2025-001"].duplicates
    assert "KN-2024-039" in by_id["KN-2025-001"].carried_over
    assert by_id["KN-2025-003"].duplicates == []
