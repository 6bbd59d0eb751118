"""Places and matters read from petitions, and the concerns they make one (kiennghi.subjects,
Suggester.concerns): generated variations of places, spellings and synonyms."""

from __future__ import annotations

import random

import pytest

from kiennghi.model import Item
from kiennghi.subjects import Reader, Spot, same_matter, same_place
from kiennghi.suggest import find_repeats, suggest_year
from kiennghi.text import strip_accents
from tests.conftest import labels

SYLLABLES = ["Hòa", "Lâm", "Đông", "Thịnh", "Quang", "Phú", "Mỹ", "Ngọc", "Khánh", "Bình", "Tường", "Liễu", "Vĩnh",
             "Xuân", "Đức", "Thượng", "Hạ", "Yên", "Sơn", "Trung"]


@pytest.fixture
def reader(config):
    return Reader.of(config)


def street(rng: random.Random) -> str:
    return " ".join(rng.sample(SYLLABLES, rng.choice((2, 3))))


def key(name: str) -> str:
    return strip_accents(name).lower()


def test_a_lane_is_read_in_every_spelling(reader):
    rng = random.Random(5)
    for _ in range(200):
        number, name = rng.choice(["12", "140", "66/12", "25/8", "7a"]), street(rng)
        form = rng.choice([f"ngõ {number} {name}", f"ngách {number} phố {name}", f"N.{number} {name}",
                           f"Ngõ {number} đường {name}", f"hẻm {number} {name}"])
        text = f"Đề nghị sửa chữa {form}, đã hỏng lâu ngày."
        subject = reader.read(text)
        assert Spot("ngõ", number, key(name)) in subject.spots, text
        assert ("phố", key(name)) in subject.areas
        bare = reader.read(strip_accents(text))  # typed without accents
        assert Spot("ngõ", number, key(name)) in bare.spots, strip_accents(text)


def test_places_of_every_kind(reader):
    rng = random.Random(6)
    for _ in range(100):
        name = street(rng)
        for text, place in (
            (f"Rác ở cổng chợ {name} chưa được thu gom", Spot("chợ", key(name))),
            (f"Trước cổng Trường Tiểu học {name} ngập", Spot("trường", key(name), "tieu hoc")),
            (f"Trước cổng Trường THCS {name} ngập", Spot("trường", key(name), "thcs")),
            (f"Cây đổ trước số nhà 45 phố {name}", Spot("số", "45", key(name))),
            ("Thang máy tòa HH4C hỏng", Spot("tòa", "hh4c")),
            ("Sân chung giữa CT9 và CT10 ồn ào", Spot("tòa", "ct9")),
        ):
            assert place in reader.read(text).spots, text
        assert ("nước", key(name)) in reader.read(f"Hồ {name} ô nhiễm").areas
        assert ("khu", key(name)) in reader.read(f"Cư dân KĐT {name} phản ánh").areas
        # Places of villages, dykes, canals and shrines; a school by its level alone.
        # A one-word place word typed without accents that is as often another word ("de" is
        # "đề", "ao" "áo") is read only with its accents.
        for word, area in (("xóm", "khu"), ("thôn", "khu"), ("cánh đồng", "khu"), ("khu TĐC", "khu"),
                           ("cụm dân cư", "khu"), ("bãi sông", "khu"), ("đường đê", "phố"), ("đại lộ", "phố"),
                           ("quốc lộ", "phố"), ("đê", "phố"), ("bãi", "khu"), ("ao", "ao"), ("đầm", "ao")):
            text = f"Người dân {word} {name} phản ánh"
            assert (area, key(name)) in reader.read(text).areas, text
            bare = reader.read(strip_accents(text)).areas
            assert ((area, key(name)) in bare) == (word not in ("đê", "bãi", "đầm")), strip_accents(text)
        for initials in ("ĐL", "QL", "QL."):  # a road by its initials, before its name
            assert ("phố", key(name)) in reader.read(f"Gầm cầu đường gom {initials} {name} thành bãi rác").areas
            # The words it is read as are not typed: a text typed without accents stays so.
            assert reader.read(strip_accents(f"Nhiều rác dưới gầm cầu {initials} {name}")).main == {"rac-thai"}
        for word, spot in (("đình", Spot("đình", key(name))), ("đền", Spot("đền", key(name))),
                           ("nhà thờ", Spot("nhà thờ", key(name))), ("nghĩa trang", Spot("nghĩa trang", key(name))),
                           ("ga", Spot("ga", key(name))), ("trạm bơm", Spot("trạm bơm", key(name))),
                           ("cầu vượt", Spot("cầu", key(name))), ("cầu đi bộ", Spot("cầu", key(name))),
                           ("bến xe", Spot("bến xe", key(name))),
                           ("MN", Spot("trường", key(name), "mam non")), ("THCS", Spot("trường", key(name), "thcs")),
                           ("mầm non", Spot("trường", key(name), "mam non"))):
            text = f"Trước cổng {word} {name} ùn tắc"
            assert spot in reader.read(text).spots, text


def test_a_building_by_its_name_and_a_place_by_its_initials(reader):
    """Buildings go by names as well as codes ("chung cư Nhật Tân Green", "KTT Thượng Đình");
    a name is written by its initials too ("chợ HĐ" for "chợ Hà Đông"), but not another's."""
    rng = random.Random(9)
    for _ in range(50):
        name = " ".join(rng.sample(SYLLABLES, 2))
        for word in ("chung cư", "tòa nhà", "khu tập thể", "KTT"):
            text = f"Cư dân {word} {name} phản ánh"
            assert Spot("tòa", key(name)) in reader.read(text).spots, text
        initials = "".join(w[0] for w in name.split()).upper()
        market = reader.read(f"Ngập trước cổng chợ {name} mỗi khi mưa")
        assert same_place(market, reader.read(f"Ngập ở trước chợ {initials} vẫn chưa khắc phục")) == f"chợ {key(name)}"
        other = " ".join(rng.sample([w for w in SYLLABLES if w[0] not in initials], 2))
        assert same_place(market, reader.read(f"Ngập trước cổng chợ {other}")) == ""


def test_names_without_a_place_word_and_masked_numbers(reader):
    """A junction named by its two streets ("Khuất Duy Tiến - Nguyễn Trãi"), the second after a
    dash, or "giao" ("Nút Khuất Duy Tiến giao …"); a lane's number masked in
    a sheet made public ("ngõ 1xx"); a quarter and the street named after it."""
    rng = random.Random(10)
    # Not a name that begins with a word that begins a place word ("Trung", as "trung tâm"):
    # after a dash it is cut ("Liễu Thịnh"), a limit kept (reading it cost a lake's name).
    syllables = [s for s in SYLLABLES if s != "Trung"]
    for _ in range(50):
        one, two = (" ".join(rng.sample(syllables, 3)) for _ in range(2))
        dash = rng.choice(("-", "–", ","))
        first = reader.read(f"Mưa to là ngập nút giao {one} {dash} {two}, xe chết máy")
        assert {("", key(one)), ("", key(two))} <= first.areas
        again = reader.read(f"Nút {one} giao {two} cứ mưa là thành sông, đề nghị cải tạo cống")
        assert same_place(first, again) == "nút giao " + " - ".join(sorted((key(one), key(two))))
        assert same_matter(first, again) == "ngap-ung"
        masked = f"{rng.randint(1, 9)}xx"
        assert Spot("ngõ", masked, key(one)) in reader.read(f"Nhà trọ trong ngõ {masked} {one} không khai báo").spots
        name = " ".join(rng.sample(SYLLABLES, 2))
        assert same_place(reader.read(f"Quán bar trên đường {name} mở nhạc to"),
                          reader.read(f"Tiếng ồn quán nhậu khu {name} về đêm")) == key(name)


def test_a_matter_is_the_concern_not_where_it_happens(reader):
    """A boarding house has fires, thefts and residence papers: three matters, none "nhà trọ";
    drug injection is no vaccination; the BRT lane is the buses'."""
    rng = random.Random(13)
    for _ in range(20):
        where = f"nhà trọ {rng.choice(('sinh viên', 'công nhân', ''))} ngõ {rng.randint(2, 300)}".replace("  ", " ")
        fire = reader.read(f"Các {where} không có lối thoát hiểm, bình chữa cháy hết hạn")
        theft = reader.read(f"Trộm xe máy ở các {where} tăng")
        papers = reader.read(f"Nhiều {where} không khai báo tạm trú cho người thuê")
        assert same_matter(fire, theft) == same_matter(theft, papers) == same_matter(fire, papers) == "", where
        assert "ma-tuy" in reader.read(f"Tối có người lạ vào {where}, nghi tiêm chích").main
        street = " ".join(rng.sample(SYLLABLES, 2))
        assert same_matter(reader.read(f"Làn BRT trên {street} bỏ trống, xe buýt chạy thưa"),
                           reader.read(f"Đề nghị bỏ làn riêng BRT trên {street}")) == "xe-buyt"
    assert "y-te" not in reader.read("nghi tiêm chích ma túy").matters
    assert "lan-chiem-dat" not in reader.read("Học sinh tan học chen lấn trước cổng trường").matters
    # "dot" typed without accents is "đốt" as often as "dột": no worn-out building
    assert "xuong-cap" not in reader.read("Nguoi dan dot rac canh nha van hoa to 5").matters


def test_a_building_named_without_its_place_word_is_the_building(reader):
    """"tòa Nhuệ Giang Tower" and "chủ đầu tư Nhuệ Giang Tower" are one building; a market
    named after its street is not the street ("chợ Hạ Đình", "nút giao Hạ Đình - Kim Giang")."""
    rng = random.Random(16)
    for _ in range(30):
        name = f"{' '.join(rng.sample(SYLLABLES, 2))} {rng.choice(('Tower', 'Plaza', 'Green'))}"
        assert same_place(reader.read(f"BQT tòa {name} kiến nghị chưa nhận quỹ bảo trì"),
                          reader.read(f"Đề nghị buộc chủ đầu tư {name} bàn giao quỹ bảo trì")) == f"tòa {key(name)}"
        one, two = (" ".join(rng.sample(SYLLABLES, 2)) for _ in range(2))
        assert not same_place(reader.read(f"Xe máy đỗ tràn quanh chợ {one} gây ùn tắc"),
                              reader.read(f"Nút giao {one} - {two} hay ùn tắc"))


def test_a_groups_hall_and_a_worn_out_building(config, reader):
    """A residential group's hall is a place ("nhà văn hóa TDP 7", "NVH tổ 7"); its leaking roof
    said twice is one concern, the playground beside it another; another group's hall is
    another place."""
    rng = random.Random(15)
    for _ in range(20):
        n, other = rng.sample(range(1, 40), 2)
        hall = rng.choice((f"Nhà văn hóa TDP {n}", f"NVH tổ {n}", f"Nhà văn hoá tổ dân phố số {n}"))
        assert Spot("nhà văn hóa", f"tổ {n}") in reader.read(f"{hall} dột").spots, hall
        roof, again, play, elsewhere = items(
            f"{hall} {rng.choice(('bị dột mỗi khi mưa', 'xuống cấp, tường thấm'))}, đề nghị sửa chữa.",
            f"Đề nghị phường sớm sửa nhà văn hóa tổ {n} dột nát như năm ngoái.",
            f"Sân chơi trẻ em cạnh nhà văn hóa tổ {n} cầu trượt gãy, đề nghị thay mới.",
            f"Nhà văn hóa tổ {other} dột nát, đề nghị sửa chữa.")
        found = {s.id: s for s in suggest_year(config, [roof, again, play, elsewhere], 2025)}
        assert found[again.id].duplicates == [roof.id], (roof.content, again.content)
        assert found[play.id].duplicates == [] and found[elsewhere.id].duplicates == []


def test_review_of_the_places_read(reader):
    """Two blocks of one estate are two places; a residential group after a street's name is no
    part of it; a lagoon's name typed without accents is the lagoon; a school's level reads
    before its name."""
    rng = random.Random(17)
    for _ in range(30):
        estate, street = (" ".join(rng.sample(SYLLABLES, 2)) for _ in range(2))
        one, two = rng.sample(("B7", "C1", "A3", "D2"), 2)
        assert same_place(reader.read(f"Nhà {one} KTT {estate} mất nước"),
                          reader.read(f"Nhà {two} KTT {estate} mất nước")) == ""
        assert same_place(reader.read(f"Cử tri phố {street} Tổ {rng.randint(1, 30)} phản ánh đường ngập"),
                          reader.read(f"Phố {street} ngập sâu")) == key(street)
        lagoon = rng.choice(SYLLABLES)
        assert same_place(reader.read(f"Đầm {lagoon} bốc mùi hôi thối"),
                          reader.read(strip_accents(f"Đầm {lagoon} bốc mùi hôi thối"))) == key(lagoon)
    assert str(reader.read("Trước cổng trường mầm non Hoa Sen ùn tắc").spots[0]) == "trường mam non hoa sen"


def test_a_street_is_not_another_whose_name_begins_the_same(reader):
    """"Láng" and "Láng Hạ", "Kim Mã" and "Kim Mã Thượng" are two streets; a lake's bank by
    the lake's name is the lake ("Bờ Đầm Trị", "đầm Trị")."""
    rng = random.Random(14)
    for _ in range(50):
        name, more = " ".join(rng.sample(SYLLABLES, 2)), rng.choice(SYLLABLES)
        for word in ("Đường", "Phố", "Hồ"):
            assert same_place(reader.read(f"{word} {name} ngập"), reader.read(f"{word} {name} {more} ngập")) == ""
        lake = " ".join(rng.sample(SYLLABLES, 2))
        water = rng.choice(("Hồ", "Đầm", "Sông"))
        assert same_place(reader.read(f"Bờ {water} {lake} có người đổ rác"),
                          reader.read(f"Xung quanh {water.lower()} {lake} rác bẩn")) == key(lake)


def test_an_area_read_on_into_the_next_name_is_still_the_area(reader):
    """Without a comma a village's name runs on into its commune's ("xom Dinh Tu Hoang"): one
    place, as "Xóm Đình (Tu Hoàng)"; another village of the commune is not."""
    rng = random.Random(8)
    for _ in range(50):
        village, commune, other = rng.sample(SYLLABLES, 3)
        commune = f"{commune} {rng.choice(SYLLABLES)}"
        bare = reader.read(strip_accents(f"xóm {village} {commune} vẫn chưa có nước sạch"))
        assert same_place(reader.read(f"Xóm {village} ({commune}) chưa có nước sạch"), bare) == key(village)
        assert same_place(reader.read(f"Xóm {other} ({commune}) chưa có nước sạch"), bare) == ""


def test_not_places(reader):
    """A residential group, a person, a body, a number of years are no places; "cho" is not
    "chợ" in a text typed with accents; the ward's own name is none; "gia đình" is a family,
    "den Cong an" (typed without accents) a lamp or a visit, not a temple."""
    for text in ("Cử tri TDP 5 và tổ 7 phản ánh", "Ông Nguyễn Văn Tám đề nghị", "Đã nhận nhà 5 năm",
                 "Đề nghị Trạm Y tế phường", "chuyển cho Ban quản trị", "yêu cầu Ban quản trị công khai",
                 "Đề nghị Sở Xây dựng", "người dân phường Phúc Lợi", "bình xét Gia đình Văn hóa năm 2025",
                 "Hộ gia đình Ông Nguyễn Văn Hùng", "di den Cong an phuong", "de Cong an phuong xu ly",
                 "đền bù chậm", "bếp ga rò rỉ", "bãi bỏ thủ tục"):
        subject = reader.read(text)
        assert not subject.spots and not subject.areas, (text, subject)
    # A place word's letters in a name are the name ("Định Công", "Đại La", "Vành Đai 3").
    for text, name in (("Định Công ngập nặng", "dinh cong"), ("Nghĩa Đô mất điện", "nghia do"),
                       ("Đại La ùn tắc", "dai la"), ("Đinh Tiên Hoàng ùn tắc", "dinh tien hoang")):
        assert ("", name) in reader.read(text).areas, text
    assert reader.read("Đường Vành Đai 3 ùn tắc").areas == {("phố", "vanh dai")}
    # An abbreviation read does not make a text typed without accents an accented one.
    assert Spot("ngõ", "5") in reader.read("BQL KDT Viet Hung chua sua den ngo 5").spots
    assert "chieu-sang" in reader.read("CDT toa CT1 chua sua den ngo 5").matters


def test_every_matters_words_name_it(config, reader):
    for code, words in config.matters.items():
        for word in words:
            assert code in reader.read(f"Đề nghị xem xét việc {word} kéo dài").matters, (code, word)


def test_one_syllable_counts_only_with_its_accents(reader):
    assert "chieu-sang" in reader.read("Ngõ hỏng đèn đã lâu").matters
    assert "chieu-sang" not in reader.read("Trẻ em chơi đến khuya").matters
    assert "ngap-ung" in reader.read("ngo 15 ngap moi khi mua").matters  # typed without accents
    assert "ngap-ung" not in reader.read("ngach 66 Dinh Cong toi qua").matters  # "Cong" is a name
    assert reader.read("nhieu rac o pho Thuong Binh").main == {"rac-thai"}  # a name: no "thương binh"
    assert reader.read("ho so thuong binh cua ong A nop lau chua xong").main == {"tro-giup"}
    assert reader.read("sợ đổ vào nhà").matters == ()  # not "sổ đỏ"
    # The longer phrase wins: traffic lights are not street lighting.
    assert reader.read("Đề nghị lắp đèn tín hiệu giao thông").main == {"un-tac"}


def test_same_place_and_matter(reader):
    lane = reader.read("Đèn đường ngõ 140 Hoa Lâm hỏng")
    assert same_place(lane, reader.read("Chiếu sáng ngõ 140 phố Hoa Lâm kém")) == "ngõ 140 hoa lam"
    assert same_place(lane, reader.read("ngõ 140 tối om")) == "ngõ 140 hoa lam"  # no street said
    assert same_place(lane, reader.read("Đèn ngõ 25 Hoa Lâm hỏng")) == ""  # another lane
    assert same_place(lane, reader.read("Đèn ngõ 140 Vạn Hạnh hỏng")) == ""  # of another street
    assert same_matter(lane, reader.read("ngõ 140 tối om, thiếu ánh sáng")) == "chieu-sang"
    assert same_matter(lane, reader.read("rác đổ trộm ở ngõ 140")) == ""
    assert same_matter(lane, reader.read("Ngõ 140 Hoa Lâm")) is None


def items(*texts: str, year: int = 2025, **fields) -> list[Item]:
    return [Item(content=t, id=f"KN-{year}-{n:03}", year=year, seq=n, **fields) for n, t in enumerate(texts, 1)]


def test_the_same_place_and_matter_in_other_words_is_one_concern(config):
    rng = random.Random(7)
    lighting = ["đèn đường hỏng", "hệ thống chiếu sáng không hoạt động", "tối om vì bóng đèn cháy", "thiếu ánh sáng"]
    rubbish = ["điểm tập kết rác tự phát", "người dân đổ rác bừa bãi", "phế thải đổ trộm thành đống"]
    for _ in range(30):
        name, other_name = street(rng), street(rng)
        first, second, third, fourth = items(
            f"Ngõ 12 {name} {rng.choice(lighting)}, đề nghị phường sửa chữa.",
            f"Cử tri phản ánh {rng.choice(lighting)} tại ngõ 12 phố {name} đã nhiều tháng.",
            f"Ngõ 12 {name} có {rng.choice(rubbish)}, đề nghị xử lý.",  # the same lane, another matter
            f"Ngõ 30 {other_name} {rng.choice(lighting)}.",  # the same matter elsewhere
        )
        found = {s.id: s for s in suggest_year(config, [first, second, third, fourth], 2025)}
        assert found[second.id].duplicates == [first.id], (first.content, second.content)
        # Why, in the petitions' own words: the place and the matter as written, with accents.
        why = found[second.id].why_duplicate[first.id]
        assert why.startswith(f"cùng địa điểm (ngõ 12 {name}), cùng vấn đề ("), why
        assert why.removesuffix(")").rsplit("(", 1)[1] in second.content.lower(), why
        assert found[third.id].duplicates == [] and found[fourth.id].duplicates == []


def test_why_names_a_matter_in_words_it_has_with_their_accents(config):
    """"đến đường" has the letters of "đèn đường", not its accents: the reason names what the
    petition says ("lắp đèn")."""
    first, second = items("Ngõ 9 Hòa Bình từ nhà đến đường chính tối om, đề nghị lắp đèn.",
                          "Ngõ 9 Hòa Bình đèn hỏng cả tháng, buổi tối tối om.")
    found = {s.id: s for s in suggest_year(config, [first, second], 2025)}
    why = found[first.id].why_duplicate[second.id]
    assert why.endswith("cùng vấn đề (lắp đèn)"), why  # not "(đến đường)"


def test_why_is_said_in_the_words_of_the_petition_typed_with_accents(config):
    rng = random.Random(11)
    for _ in range(20):
        name = street(rng)
        typed, corrected = items(strip_accents(f"Điểm tập kết rác cổng chợ {name} bốc mùi, đề nghị di dời."),
                                 f"Đề nghị xóa điểm đổ rác tự phát ở cổng chợ {name}.")
        found = {s.id: s for s in suggest_year(config, [typed, corrected], 2025)}
        for one, other in ((typed, corrected), (corrected, typed)):
            assert found[one.id].why_duplicate[other.id] == f"cùng địa điểm (chợ {name}), cùng vấn đề (đổ rác)"


def test_near_identical_texts_are_always_one_concern(config):
    text = ("Đề nghị phường kiểm tra, xử lý tình trạng xe tải chở vật liệu xây dựng đi vào ngõ 5 "
            "vào giờ cao điểm, làm vỡ nắp cống")
    typed, corrected, cut = items(strip_accents(text), text.replace("giờ cao điểm", "giờ cao diểm"),
                                  text.rsplit(",", 1)[0])
    typed.sector, corrected.sector = "GIAO-THONG", "NGAP-UNG"  # even in different sectors
    found = {s.id: s for s in suggest_year(config, [typed, corrected, cut], 2025)}
    assert set(found[cut.id].duplicates) == {typed.id, corrected.id}
    assert found[corrected.id].why_duplicate[typed.id] == "cùng nội dung"


def test_repeats_of_earlier_years(config):
    earlier = items("Điểm tập kết rác trước cổng chợ Ô Cách bốc mùi, đề nghị di chuyển",
                    "Đề nghị lắp đèn ngõ 8 Hoa Lâm", year=2024, status="dang-giai-quyet")
    earlier[1].status = "da-giai-quyet"
    new = items("Rác vẫn dồn ở cổng chợ Ô Cách, kiến nghị từ năm trước chưa được giải quyết",
                "Ngõ 8 Hoa Lâm lại hỏng đèn", "Đề nghị mở lớp học bơi cho thiếu nhi")
    repeats = find_repeats(config, new, earlier)
    assert [(r.id, r.earlier, r.carried_over) for r in repeats] == [
        ("KN-2025-001", "KN-2024-001", True), ("KN-2025-002", "KN-2024-002", False)]
    assert "chợ Ô Cách" in repeats[0].reason


def test_the_matter_tells_the_sector_and_the_place_whose_it_is(config):
    """Without history nor group rows: a matter's sector (config.toml [matters]); drains and
    pollution of a lane are the ward's, of a street or a river a body's above."""
    from kiennghi.suggest import Suggester

    rng = random.Random(8)
    for _ in range(30):
        name = street(rng)
        cases = [
            (f"Ngõ {rng.randint(2, 300)} {name} buổi tối tối om, bóng đèn hỏng hết", "DO-THI", "phuong", None),
            (f"Ngõ {rng.randint(2, 300)} {name} mưa là ngập, nước tràn vào nhà", "NGAP-UNG", "phuong", None),
            (f"Đường {name} ngập sâu sau mỗi trận mưa lớn", "NGAP-UNG", "cap-tren", "THOAT-NUOC"),
            (f"Trước số {rng.randint(2, 300)} phố {name} ngập sâu sau mỗi trận mưa", "NGAP-UNG", "cap-tren",
             "THOAT-NUOC"),  # a house of the street: on the street
            (f"Số nhà {rng.randint(2, 300)} ngập sâu sau mỗi trận mưa", "NGAP-UNG", "phuong", None),
            (f"Sông {name} ô nhiễm nặng, bốc mùi hôi thối", "MOI-TRUONG", "cap-tren", "SO-NNMT"),
            (f"Nhiều nhà trọ ở ngõ {rng.randint(2, 300)} {name} không khai báo tạm trú", "AN-NINH", "phuong", None),
        ]
        petitions = items(*(text for text, *_ in cases))
        suggester = Suggester(config, petitions)
        for petition, (text, sector, jurisdiction, body) in zip(petitions, cases):
            suggestion = suggester.suggest(petition)
            assert (suggestion.sector, suggestion.jurisdiction, suggestion.forward_to) == (sector, jurisdiction, body), text


def test_the_same_words_about_two_streets_are_two_concerns(config):
    rng = random.Random(9)
    for _ in range(20):
        one, other = street(rng), street(rng)
        if key(one) == key(other):
            continue
        template = "Trộm cắp xe máy {} vẫn xảy ra thường xuyên, đề nghị sớm lắp đặt camera an ninh"
        a, b = items(template.format(f"phố {one}"), template.format(f"đường {other}"))
        assert [s.duplicates for s in suggest_year(config, [a, b], 2025)] == [[], []], (one, other)


def test_place_words_whose_letters_without_accents_are_alike_are_each_read(reader):
    """"số" (a house) and "sở" (a department) are both "so" without accents; "tòa"/"toà",
    "nhà văn hóa"/"nhà văn hoá", "ủy ban"/"uỷ ban" are one word in two spellings: each is read."""
    rng = random.Random(11)
    for _ in range(100):
        name, number = street(rng), str(rng.randint(2, 600))
        house = Spot("số", number, key(name))
        for text in (f"Hộ kinh doanh tại số {number} đường {name} lấn chiếm vỉa hè",
                     f"Trước số {number} Đ. {name} có hố ga mất nắp"):
            assert house in reader.read(text).spots, text
            assert house in reader.read(strip_accents(text)).spots, strip_accents(text)
        assert not reader.read(f"Đề nghị Sở Xây dựng {name} kiểm tra").spots
        for initials in ("Đ.V.T", "D.V.T", "N.T.H", "P.Q.A"):  # a person's initials are no street
            assert not [area for area in reader.read(f"Ông {initials} ở {name} phản ánh").areas if area[0]], initials
        for building in ("tòa", "toà", "tòa nhà", "toà nhà", "chung cư"):
            code = rng.choice([f"{rng.randint(1, 40)}T{rng.randint(1, 3)}", f"CT{rng.randint(1, 12)}", "HH4C", "N09B2"])
            assert Spot("tòa", code.lower()) in reader.read(f"Thang máy {building} {code} hỏng").spots, building
        for hall in ("nhà văn hóa", "nhà văn hoá"):
            assert Spot("nhà văn hóa", key(name)) in reader.read(f"Mái {hall} {name} bị dột").spots, hall
        for committee in ("Ủy ban", "Uỷ ban"):
            assert not reader.read(f"Đề nghị {committee} Cầu {name} trả lời").spots, committee


def test_an_address_of_a_street_is_not_the_whole_street(reader):
    """A lane off a street or a house in it, against the street (or the river it is by) alone:
    nothing tells (neither the same place nor another); a landmark on the street against the
    street: the street; two houses of one street at other numbers: other places."""
    rng = random.Random(12)
    for _ in range(100):
        name = street(rng)
        whole = reader.read(f"Đường {name} ban đêm xe tải chạy ồn ào, rơi vãi đất cát")
        for address in (f"ngõ {rng.randint(2, 300)} {name}", f"số nhà {rng.randint(2, 300)} phố {name}"):
            assert same_place(reader.read(f"Rác ùn ứ ở {address} chưa được thu gom"), whole) is None, address
            assert same_place(whole, reader.read(f"Ngập sâu trước {address}")) is None, address
        landmark = reader.read(f"Phố {name} đoạn trước chợ {name} Hạ mưa là ngập")
        assert same_place(landmark, reader.read(f"Mưa lớn phố {name} ngập quá đầu gối")) == key(name)
        one, other = rng.sample(range(2, 500), 2)
        assert same_place(reader.read(f"Vỉa hè trước số {one} phố {name} bị lấn chiếm"),
                          reader.read(f"Vỉa hè trước số nhà {other} {name} bị lấn chiếm")) == ""
        # A lane by a lake or a river, against the water alone, is near it, not it: the rubbish
        # point of a lane by the river is not the river's smell.
        lake = street(rng)
        water = rng.choice(("hồ", "sông", "mương"))
        assert same_place(reader.read(f"Điểm rác đầu ngõ {one} {name} (sát {water} {lake}) bốc mùi hôi"),
                          reader.read(f"{water.capitalize()} {lake} nước đen, bốc mùi hôi thối")) is None
        assert same_place(reader.read(f"Chợ {name} Hạ sát {water} {lake} bốc mùi"),  # a landmark by it: it
                          reader.read(f"{water.capitalize()} {lake} bốc mùi hôi thối")) == key(lake)


def test_a_number_is_a_house_only_in_an_address(reader):
    """"số N" is a house when a street follows ("số 412 Kim Giang"), not a storm's, a
    document's or an opinion's number; a building's code has a letter ("chung cư 283 Khương
    Trung" is the street's number 283, not a building 283)."""
    rng = random.Random(13)
    for _ in range(50):
        name, number = street(rng), rng.randint(1, 3000)
        for text in (f"Sau bão số {number}, cây xanh trong ngõ 12 {name} bị đổ", f"Quyết định số {number}-QĐ/UBND",
                     f"Ý kiến số {number} đã được trả lời", f"Thực hiện văn bản số {number} của UBND"):
            assert Spot("số", str(number), "") not in reader.read(text).spots, text
        assert not any(spot.kind == "tòa" for spot in reader.read(f"Chung cư {number} {name} thang máy hỏng").spots)
        assert not any(spot.kind == "tòa" for spot in reader.read(f"Tòa nhà {number} tầng bị nứt").spots)


def test_a_buildings_fund_its_lifts_and_a_streets_broken_and_taken_pavement_are_each_their_own(config):
    """Who acts (the board, the investor) and what is done (a handover) name no matter: a
    building's maintenance fund, said in other words, is one concern, its lifts and fees are
    others; a street's broken pavement is not its pavement taken by stalls; the land of a
    garden asked to become residential land, again, is the same land concern."""
    rng = random.Random(41)
    fund = ["chưa bàn giao quỹ bảo trì 2% cho BQT", "mới chuyển một phần kinh phí bảo trì cho Ban quản trị",
            "chây ì bàn giao phí bảo trì"]
    other = ["thang máy hỏng liên tục, BQT chậm sửa", "phí dịch vụ tăng mà không tổ chức hội nghị nhà chung cư",
             "Ban quản trị không công khai phí dịch vụ"]
    broken = ["đá lát vỡ nhiều chỗ, bong bật", "gạch lát vỡ, sụt lún", "lát lại vì đá vỡ"]
    taken = ["bị hàng quán lấn chiếm vỉa hè", "các hộ bày bán hàng kín vỉa hè"]
    for _ in range(20):
        building = f"{rng.choice(('CT', 'HH', 'N'))}{rng.randint(1, 20)}"
        name = street(rng)
        texts = (f"Chủ đầu tư tòa {building} {rng.choice(fund)}, đề nghị cơ quan chức năng can thiệp.",
                 f"Cư dân tòa {building} phản ánh CĐT {rng.choice(fund)}.",
                 f"Tòa {building}: {rng.choice(other)}.",
                 f"Vỉa hè phố {name} {rng.choice(broken)}, người đi bộ dễ ngã.",
                 f"Vỉa hè phố {name} {rng.choice(taken)}, đề nghị xử lý.",
                 f"Đất vườn ở bãi {name} sử dụng từ trước 1993, đề nghị cho chuyển sang đất ở, cấp GCN.",
                 f"Năm 2024 đã kiến nghị chuyển mục đích đất vườn ở bãi {name} nhưng vướng quy hoạch.")
        found = {s.id: s for s in suggest_year(config, items(*texts), 2025)}
        ids = sorted(found)
        assert found[ids[1]].duplicates == [ids[0]], texts[:2]
        assert found[ids[2]].duplicates == [], texts[2]
        assert found[ids[4]].duplicates == [], texts[3:5]
        assert found[ids[6]].duplicates == [ids[5]], texts[5:]


def test_a_lane_or_a_house_that_marks_a_stretch_of_a_street_leaves_the_street_the_place(reader):
    rng = random.Random(43)
    for _ in range(30):
        name, lane, house = street(rng), rng.randint(2, 300), rng.randint(2, 200)
        near = rng.choice(("đoạn từ", "đoạn gần", "gần", "cạnh", "đối diện", "sát", "giáp"))
        stretch = reader.read(f"Vỉa hè phố {name} {near} ngõ {lane} bị hàng quán lấn chiếm")
        assert (stretch.spots, stretch.areas) == ((), {("phố", key(name))}), name
        assert same_place(stretch, reader.read(f"Hè phố {name} bị lấn chiếm bày bán")) == key(name)
        from_to = reader.read(f"Đoạn từ ngõ {lane} đến ngõ {lane + 10} phố {name} ngập sâu")
        assert from_to.spots == () and ("phố", key(name)) in from_to.areas
        # Houses are premises, not a stretch: "quán ăn từ số 2 đến số 8 phố …" are those houses.
        houses = reader.read(f"Quán ăn từ số {house} đến số {house + 6} phố {name} bày bàn ghế kín vỉa hè")
        assert [s.kind for s in houses.spots] == ["số"], houses
        # The lane itself, a house near; a lane near no street named.
        in_lane = reader.read(f"Đèn ngõ {lane} {name} hỏng đoạn gần nhà số {house}")
        assert [str(s) for s in in_lane.spots][:1] == [f"ngõ {lane} {key(name)}"], in_lane
        assert [str(s) for s in reader.read(f"Nhà tôi gần ngõ {lane} hay bị ngập").spots] == [f"ngõ {lane}"]


def test_words_that_are_also_other_things_name_no_matter_of_theirs(config):
    """Found by a review: what one building's investor has not handed over (a fund, a pink
    book, a hall) are three concerns; the fund's legal name is the fund; a seesaw is no broken
    pavement, a plot "đất ở cuối ngõ" no residential land, a petrol station no tree; a
    group's hall, a market's fees are no apartment block's."""
    rng = random.Random(47)
    for _ in range(10):
        building, name = f"{rng.choice(('CT', 'HH', 'N'))}{rng.randint(1, 20)}", street(rng)
        handed = [f"Tòa {building}: chủ đầu tư chưa bàn giao {what}." for what in
                  ("2% kinh phí bảo trì cho Ban quản trị", "sổ hồng cho cư dân", "phòng sinh hoạt cộng đồng")]
        handed.append(f"Tòa {building}: Ban quản trị không công khai phí dịch vụ.")
        handed.append(f"Cư dân tòa {building} đề nghị buộc CĐT bàn giao kinh phí bảo trì phần sở hữu chung.")
        found = suggest_year(config, items(*handed), 2025)
        assert [s.duplicates for s in found] == [["KN-2025-005"], [], [], [], ["KN-2025-001"]], handed
        lane = rng.randint(2, 300)
        plot, land = items(f"Mảnh đất ở cuối ngõ {lane} {name} bị đổ rác thải, bốc mùi.",
                           f"Các hộ ngõ {lane} {name} chưa được cấp sổ đỏ.")
        assert [s.duplicates for s in suggest_year(config, [plot, land], 2025)] == [[], []]
        for text, sector in ((f"Đề nghị lắp cầu trượt, bập bênh cho sân chơi tổ {lane}", "GIAO-THONG"),
                             (f"Đề nghị di dời cây xăng trên đường {name}", "DO-THI"),
                             (f"Đề nghị xây nhà sinh hoạt cộng đồng cho TDP số {lane % 20 + 1}", "CHUNG-CU"),
                             (f"Ban quản lý chợ {name} thu phí quản lý của tiểu thương quá cao", "CHUNG-CU")):
            (one,) = items(text)
            assert suggest_year(config, [one], 2025)[0].sector != sector, text
        (station,) = items(f"Đề nghị di dời cây xăng trên đường {name}")
        assert suggest_year(config, [station], 2025)[0].forward_to != "SO-XD"


def test_a_side_lane_with_its_lanes_address_is_the_side_lane(reader):
    """Found by a new user's trial: "ngách 12/5 ngõ 12 Cầu Mây" is the side lane, not lane 12."""
    rng = random.Random(61)
    for _ in range(20):
        name, lane = street(rng), rng.randint(2, 300)
        side = f"{lane}/{rng.randint(1, 40)}"
        within = reader.read(f"Đề nghị lắp đèn {rng.choice(('ngách', 'hẻm'))} {side} {rng.choice(('ngõ', 'ngo'))} {lane} {name}")
        assert [str(s) for s in within.spots] == [f"ngõ {side} {key(name)}"], within
        assert same_place(within, reader.read(f"Đèn ngõ {lane} {name} hỏng")) == ""
        house = reader.read(f"Nhà số {rng.randint(2, 90)} ngõ {lane} {name} xây không che chắn")  # a house of the lane
        assert f"ngõ {lane} {key(name)}" in [str(s) for s in house.spots], house


def test_a_junction_is_a_place_named_by_its_two_streets_in_either_order(config, reader):
    """"ngã tư A - B", "nút giao B và A": one junction; "ngã tư A - C" another. Its traffic
    lights, however said ("đèn xanh đèn đỏ"), are a matter of traffic, not of lighting."""
    rng = random.Random(29)
    signals = ["đèn tín hiệu giao thông hay hỏng", "đèn xanh đèn đỏ không hoạt động", "đèn giao thông chập chờn",
               "đèn xanh đỏ lúc sáng lúc tắt"]
    words = ["ngã tư", "nút giao", "Ngã tư", "ngã ba"]
    for _ in range(40):
        a, b, c = (street(rng) for _ in range(3))
        if len({key(a), key(b), key(c)}) < 3 or any(key(x) in key(y) for x in (a, b, c) for y in (a, b, c) if x != y):
            continue
        junction = rng.choice(words)
        first, second, other = items(
            f"Tại {junction} {a} - {b} {rng.choice(signals)}, đề nghị sửa chữa.",
            f"Cử tri phản ánh {rng.choice(signals)} ở {rng.choice(words)} {b} {rng.choice(['và', '-', '–'])} {a}, "
            "gây ùn tắc giờ cao điểm.",
            f"{junction.capitalize()} {a} - {c} {rng.choice(signals)}.",
        )
        read = [reader.read(item.content) for item in (first, second, other)]
        assert same_place(read[0], read[1]), (first.content, second.content)
        assert same_place(read[0], read[2]) == "", (first.content, other.content)
        assert all(subject.main == {"un-tac"} for subject in read), [s.main for s in read]
        found = {s.id: s for s in suggest_year(config, [first, second, other], 2025)}
        assert found[second.id].duplicates == [first.id], (first.content, second.content)
        assert found[other.id].duplicates == []
        assert all(s.sector == "GIAO-THONG" and s.jurisdiction == "cap-tren" for s in found.values()), \
            [(s.sector, s.jurisdiction) for s in found.values()]


def test_parking_and_stalls_said_in_other_words_are_their_matters(config, reader):
    """Cars parked ("ô tô đỗ kín", "dừng đỗ"), and stalls ("hàng rong", "chợ cóc"), however said;
    a lorry named in passing ("xe rác không vào được") does not make parking a matter of rubbish."""
    rng = random.Random(37)
    parking = ["ô tô đỗ kín lối đi", "xe đỗ tràn lan hai bên", "tình trạng đỗ xe trái phép", "ô tô dừng đỗ cả ngày",
               "trông giữ xe tự phát chiếm lối đi"]
    stalls = ["hàng rong bày bán", "buôn bán lấn chiếm vỉa hè", "họp chợ cóc", "chợ tạm họp tràn ra đường",
              "bày bán hàng hóa"]
    for _ in range(30):
        name, number = street(rng), rng.randint(2, 199)
        lane = rng.choice([f"ngõ {number} {name}", f"N.{number} {name}", f"ngõ {number} phố {name}"])
        first, second = rng.sample(parking, 2)
        one = reader.read(f"{first.capitalize()} tại {lane}, xe rác không vào được")
        two = reader.read(f"Đề nghị xử lý {second} trong {lane}")
        assert "do-xe" in one.main and two.main == {"do-xe"}, (first, second)
        assert same_place(one, two) and same_matter(one, two) == "do-xe"
        first, second = rng.sample(stalls, 2)
        one = reader.read(f"{first.capitalize()} trước cổng chợ {name} gây mất trật tự")
        two = reader.read(f"Đề nghị giải tỏa {second} ở cổng chợ {name}")
        assert same_place(one, two) and same_matter(one, two) == "via-he", (first, second)


def test_a_file_or_a_procedure_is_the_main_matter_only_when_nothing_else_is_named(reader):
    """"Hồ sơ", "thủ tục" are how a thing is asked for: what it is asked for is the main matter."""
    rng = random.Random(71)
    for _ in range(20):
        form = rng.choice(("hồ sơ", "thủ tục", "hồ sơ trực tuyến"))
        assert reader.read(f"Nộp {form} cấp sổ đỏ ở ngõ {rng.randint(2, 99)} chưa có kết quả").main == {"dat-dai"}
        assert reader.read(f"{form.capitalize()} hưởng trợ cấp của người có công chậm").main == {"tro-giup"}
        assert reader.read(f"{form.capitalize()} rườm rà, phải đi lại nhiều lần").main == {"thu-tuc"}


def test_a_pedestrian_path_taken_is_one_concern_however_said(reader):
    """A pavement or a walk, taken by stalls' and cafés' tables or "lấn lối đi bộ", is one
    matter (the pavement's, or the taking's) however said; another street's is another place."""
    rng = random.Random(73)
    taken = ["để bàn ghế kín vỉa hè", "lấn lối đi bộ", "chiếm lối đi dạo", "bày hàng kín hè phố",
             "lấn chiếm hè đường", "chiếm hết lối đi bộ"]
    for _ in range(30):
        name, other = rng.sample([street(rng) for _ in range(3)], 2)
        first, second = rng.sample(taken, 2)
        one = reader.read(f"Hàng quán dọc phố {name} {first} suốt buổi tối")
        two = reader.read(f"Đề nghị xử lý tình trạng {second} trên {name}")
        three = reader.read(f"Cửa hàng ở phố {other} {second}")
        assert same_place(one, two) and same_matter(one, two), (first, second)
        assert same_place(one, three) == "" or other == name


def test_a_name_in_capitals_that_have_no_lower_case_is_still_a_name(reader):
    """Letters pasted from a "fancy font" (𝐊, ℂ) are capitals that lower() leaves as they are:
    what they begin is read as a name, as any capitalised word's is (found on review)."""
    for text in ("𝐊im 𝐆iang ngập nặng", "ℂầu Mây hỏng đèn"):
        assert reader.read(text).areas, text
    assert reader.read("\t 𝐊im  HH4C công an").areas  # a name, not the building HH4C


def test_a_reader_that_has_read_other_texts_reads_as_a_fresh_one(config, reader):
    """The words a reader keeps (each word as written, read once) change nothing: each text,
    typed with accents, without, in capitals or in lower case, is read as a fresh reader reads it."""
    texts = [label["content"] for name in ("theo-doi-2024.labels.jsonl", "mttq-2025.labels.jsonl")
             for label in labels(name)]
    texts += [strip_accents(t) for t in texts[::3]] + [t.upper() for t in texts[::5]] + [t.lower() for t in texts[::7]]
    for text in texts[::-1]:
        reader.read(text)
    for text in texts:
        assert reader.read(text) == Reader.of(config).read(text), text


def test_a_lane_by_its_name_is_a_lane(config, reader):
    """Lanes called by a name, not a number ("ngõ Quỳnh", "Ngách Chợ Khâm Thiên"): the lane is
    the place, and the same lane's same matter in other words is one concern."""
    rng = random.Random(41)
    for _ in range(60):
        name = street(rng)
        word = rng.choice(("ngõ", "Ngõ", "ngách", "hẻm"))
        text = rng.choice((f"{word} {name} vẫn ngập nặng sau mỗi trận mưa to",
                           f"Đề nghị cải tạo hệ thống cống của {word} {name}, mưa là úng"))
        assert Spot("ngõ", key(name)) in reader.read(text).spots, text
        assert Spot("ngõ", key(name)) in reader.read(strip_accents(text)).spots, strip_accents(text)
        other = street(rng)
        assert same_place(reader.read(f"ngõ {name} ngập"), reader.read(f"ngõ {other} ngập")) == ""
        pair = items(f"{word} {name} vẫn ngập nặng sau mỗi trận mưa to, nước tràn vào nhà",
                     f"Đề nghị xử lý úng ngập ở ngõ {name}, đã nhiều năm nay")
        assert [s.duplicates for s in suggest_year(config, pair, 2025)] == [["KN-2025-002"], ["KN-2025-001"]], pair


def test_the_words_of_a_name_say_no_matter(reader):
    """A street, a lane or a person named with a matter's word ("phố Cây Si", "ngõ Cống Vị",
    "ông Đinh Văn Cống"): the name says nothing of what the petition is about."""
    rng = random.Random(42)
    for _ in range(100):
        name = f"{rng.choice(('Cống', 'Cây', 'Rác', 'Khói', 'Cháy'))} {rng.choice(SYLLABLES)}"
        for text in (f"Mặt đường phố {name} nhiều ổ gà", f"Ngõ 7 {name} mặt ngõ bong tróc",
                     f"Ông Đinh Văn {name.split()[0]} phản ánh mặt ngõ 5 bong tróc",
                     f"Đoạn trước nhà 45 {name} nhiều ổ gà"):
            subject = reader.read(text)
            assert subject.matters == ("mat-duong",), (text, subject)
            assert reader.said(text, "mat-duong") and not any(
                reader.said(text, matter) for matter in ("ngap-ung", "cay-xanh", "rac-thai", "o-nhiem", "pccc"))
    assert reader.read("Cây xà cừ trước nhà 45 Cây Si nghiêng").matters == ("cay-xanh",)  # the tree, said too
    assert reader.read("Nhà 45 phố Trường Lâm").names == ("truong lam",)


def test_concerns_of_one_place_that_are_two(reader):
    """At one lane or one station, two concerns that share a field are two: the outages and the
    leaning pole; the vaccinations and the drugs; the city's price list and a plot's split; the
    old block's cracks and its water. Each said in several ways is still its own."""
    rng = random.Random(43)
    pairs = [
        (["mất điện nhiều lần", "trạm biến áp quá tải, hay mất điện", "điện yếu, hay cắt điện"],
         ["cột điện nghiêng", "dây điện võng thấp sát mái nhà", "dây cáp viễn thông chằng chịt"]),
        (["thiếu vắc-xin tiêm chủng mở rộng", "đề nghị mở thêm buổi tiêm phòng cuối tuần"],
         ["thiếu thuốc điều trị tăng huyết áp", "khám chữa bệnh phải chờ lâu"]),
        (["bảng giá đất mới quá cao", "tiền sử dụng đất phải nộp quá cao"],
         ["hướng dẫn làm thủ tục tách thửa", "chưa được cấp sổ đỏ lần đầu"]),
        (["tường nứt, ban công bong bê tông", "mảng bê tông rơi xuống lối đi", "đề nghị cải tạo, xây dựng lại chung cư cũ"],
         ["nước máy rất yếu, không có nước dùng", "nước không lên được tầng 3"]),
    ]
    for _ in range(30):
        number, name = rng.randint(2, 300), street(rng)
        place = rng.choice([f"ngõ {number} {name}", f"tập thể {name}", f"nhà C{number % 9 + 1} khu tập thể {name}"])
        for ones, others in pairs:
            one, again = (reader.read(f"Ở {place} {said}") for said in rng.sample(ones, 2))
            other = reader.read(f"Ở {place} {rng.choice(others)}")
            assert same_place(one, again) and same_matter(one, again), (place, ones)
            assert same_matter(one, other) == "", (place, one, other)


def test_parking_fire_services_and_old_blocks_in_the_words_residents_use(reader):
    rng = random.Random(44)
    for _ in range(20):
        name = street(rng)
        assert reader.read(f"Hầm {rng.choice(('gửi xe', 'trông xe', 'giữ xe'))} tòa {name} thu phí cao").main == {"do-xe"}
        assert reader.read(f"Ngõ {rng.randint(2, 99)} {name} xe {rng.choice(('cứu hỏa', 'cứu hoả'))} không vào được").main \
            == {"pccc"}
        assert "xuong-cap" in reader.read(f"Bà con tập thể {name} {rng.choice(('chờ cải tạo mấy chục năm', 'ở chung cư cũ nguy hiểm'))}").main
    for text, matter in (("Thanh niên hút bóng cười ở vườn hoa", "ma-tuy"), ("Quán nước trong chợ có người ghi lô đề", "co-bac"),
                         ("Nhiều cụ bị cuộc gọi lừa đảo chiếm đoạt tài sản", "lua-dao"),
                         ("Nhà ống làm lồng sắt kín, không có lối thoát hiểm", "pccc")):
        assert reader.read(text).main == {matter}, text
    assert Spot("tòa", "c4") in reader.read("Nhà tập thể C4 Tân Mai xuống cấp").spots
    assert not reader.read("Tập thể lãnh đạo phường đã họp").spots


def test_a_village_called_so_is_no_department_and_a_rivers_bank_is_the_river(reader):
    """"làng Sở Thượng", "TBA Sở Thượng 3" name a village, "Sở Xây dựng", "Sở GD&ĐT" a
    department; "bãi sông Hồng" is the river's bank, and the bank's own place ("bãi Phú Viên")."""
    rng = random.Random(45)
    for _ in range(30):
        name = f"Sở {rng.choice(SYLLABLES)}"
        outages = reader.read(f"Điện lưới khu làng {name} thường xuyên mất điện")
        station = reader.read(f"Đề nghị nâng công suất TBA {name} {rng.randint(1, 9)}, mất điện liên tục")
        assert same_place(outages, station) and same_matter(outages, station) == "dien", name
        river, other = rng.sample(SYLLABLES, 2)
        bank = reader.read(f"Bãi tập kết cát ngoài bãi sông {river} hoạt động trở lại, bụi mù")
        assert same_place(bank, reader.read(f"Tình trạng kinh doanh cát trái phép ven sông {river}"))
        assert same_place(bank, reader.read(f"Bãi {river} bị tập kết cát trái phép"))
        assert same_place(bank, reader.read(f"Tập kết cát ngoài bãi sông {other}")) == ""
    for department in ("Sở Xây dựng", "Sở GD&ĐT", "Sở Tài nguyên và Môi trường", "Sở Y tế", "Sở NN&MT"):
        assert not reader.read(f"Đề nghị {department} kiểm tra").areas, department
    assert not reader.read("có văn bản đề nghị Sở buộc chủ đầu tư bàn giao").areas


def test_an_industrial_clusters_smoke_is_not_its_waste_water(reader):
    rng = random.Random(46)
    for _ in range(20):
        name = street(rng)
        cluster = rng.choice((f"Cụm công nghiệp {name}", f"CCN {name}", f"khu công nghiệp {name}", f"KCN {name}"))
        smoke = reader.read(f"Xưởng trong {cluster} {rng.choice(('đốt phế liệu', 'đốt nhựa'))} ban đêm, khói đen")
        again = reader.read(f"Khói bụi, mùi khét từ {cluster} bay vào nhà dân")
        water = reader.read(f"Nước thải từ {cluster} xả thẳng ra mương, bốc mùi")
        assert ("khu", key(name)) in smoke.areas and same_place(smoke, again) and same_matter(smoke, again), cluster
        assert same_matter(smoke, water) == "", cluster
    fields = reader.read("Bờ mương cánh đồng Đồng Bông tồn đọng chai lọ thuốc trừ sâu")
    assert fields.main == {"bao-bi-thuoc"} and "y-te" not in fields.matters
