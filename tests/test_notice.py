"""The conclusion notice: what it says (core), the .docx it makes (template), the PDF LibreOffice makes."""

from __future__ import annotations

import dataclasses
import os
import random
import re
import shutil
import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest
from conftest import fixture_path, labels
from docx import Document
from docx.oxml.ns import qn
from kiennghi.io.importer import plan_import
from kiennghi.io.word import check_template, default_template, export as export_notice

from sheet_corpus import SECTORS, Gen

from kiennghi.cli import main
from kiennghi.dates import in_words
from kiennghi.edits import default_conference
from kiennghi.errors import InputError, Undecided
from kiennghi.model import Conference, Item, NewItem, Topic
from kiennghi.notice import (MAX_CONCERNS, build_notice, clause, concerns, count, lower_first, number, sentences,
                             without_personal_details)
from kiennghi.store import Edit
from kiennghi.text import document_text, fold

CONFERENCE_DAY = date(2025, 10, 31)
NEEDS_OFFICE = pytest.mark.skipif(
    not shutil.which("soffice") and not os.environ.get("CI"),
    reason="LibreOffice is not installed (CI installs it)",
)


# --- the words ------------------------------------------------------------------------------------


def test_document_conventions():
    assert number(5) == "05" and number(12) == "12" and number(1143) == "1.143"
    assert count(5) == "05 ý kiến"
    assert in_words(date(2025, 11, 3)) == "ngày 03 tháng 11 năm 2025"
    assert in_words(date(2025, 7, 5), with_year=False) == "ngày 05 tháng 7"
    assert in_words(date(2026, 2, 1)) == "ngày 01 tháng 02 năm 2026"


def test_a_clause_is_the_petition_s_first_sentence_whole():
    assert clause("Cử tri phản ánh: rãnh thoát nước ngõ 12 bị tắc. Đề nghị nạo vét.") == "rãnh thoát nước ngõ 12 bị tắc"
    assert clause("Đề nghị phường lắp đèn chiếu sáng (khoảng 5 bóng) tại ngõ 3") == "lắp đèn chiếu sáng tại ngõ 3"
    long = ("Nhân dân TDP số 6 kiến nghị: rác của các hộ kinh doanh trong chợ đổ ra đầu ngõ 40 từ sáng sớm xe thu "
            "gom đến muộn nên rác tràn ra lòng đường")
    assert clause(long) == long.split(": ", 1)[1]  # never cut
    assert clause("Ban đại diện cư dân KĐT A kiến nghị: Đề nghị cơ quan có thẩm quyền công bố lộ trình. Thêm.") == \
        "công bố lộ trình"
    assert clause("Ngập. Nước tràn vào 20 hộ ở ngõ 5 sau mỗi trận mưa.") == "ngập, nước tràn vào 20 hộ ở ngõ 5 sau mỗi trận mưa"
    assert sentences("Đường TP. Hà Nội hỏng 2,5 km. Đề nghị sửa năm 2025. Xong") == \
        ["Đường TP. Hà Nội hỏng 2,5 km", "Đề nghị sửa năm 2025", "Xong"]
    assert lower_first("UBND phường chậm trả lời") == "UBND phường chậm trả lời"
    assert lower_first("Ban Thanh tra nhân dân") == "Ban Thanh tra nhân dân"
    assert lower_first("Ủy ban Kiểm tra Đảng ủy xem xét") == "Ủy ban Kiểm tra Đảng ủy xem xét"
    assert lower_first("Lĩnh vực giao thông") == "lĩnh vực giao thông"


def test_personal_details_are_left_out_of_what_is_published():
    text = ("Ông Nguyễn Văn Hùng (ĐT 0912 345 678, email hung.nv@gmail.com, CCCD 001203004005) ở số nhà 25 ngõ 68 "
            "phản ánh bà Trần Thị Mai đổ rác ra phố Bà Triệu. Gọi 0987.654.321.")
    public = without_personal_details(text)
    for private in ("Nguyễn Văn Hùng", "0912", "hung.nv", "001203004005", "25 ngõ", "Trần Thị Mai", "654"):
        assert private not in public, private
    assert public.startswith("Ông N.V.H. (ĐT (đã ẩn số điện thoại)") and "bà T.T.M. đổ rác ra phố Bà Triệu." in public
    assert "N.V.H. (ĐT" in public and "ở ngõ 68" in public  # the house of the person named: no number
    # A house or parcel named after a person is their home; one without a person before it is
    # the place complained of, and stays.
    cases = {
        "Hộ bà Nguyễn Thị Quế tại thửa số 123 tờ bản đồ 45 bị lấn chiếm lối đi.": "Hộ bà N.T.Q. bị lấn chiếm lối đi.",
        "Bà Lê Thị Hoa (người cao tuổi, sống một mình, số nhà 3 ngõ 7) đề nghị hỗ trợ.":
            "Bà L.T.H. (người cao tuổi, sống một mình, ngõ 7) đề nghị hỗ trợ.",
        "Công trình xây dựng tại số nhà 25 ngõ 12 phố Ngọc Thụy xây sai phép.":
            "Công trình xây dựng tại số nhà 25 ngõ 12 phố Ngọc Thụy xây sai phép.",
        "Ông Trần Văn Bình ở nhà số 5B/12 ngách 3 phản ánh tiếng ồn.": "Ông T.V.B. ở ngách 3 phản ánh tiếng ồn.",
        # a street, a market named after a person is a place: its number stays
        "Đề nghị xử lý phố Bà Triệu số nhà 15 lấn chiếm vỉa hè.": "Đề nghị xử lý phố Bà Triệu số nhà 15 lấn chiếm vỉa hè.",
        "Liên hệ (hoa@gmail.com) để biết thêm.": "Liên hệ (đã ẩn thư điện tử) để biết thêm.",
    }
    for text, published in cases.items():
        assert without_personal_details(text) == published


def _generated(config, count_: int, seed: int, **fields) -> list[Item]:
    """`count_` triaged items in the ward's jurisdiction, worded by the sheet corpus's generator."""
    g = Gen(seed)
    items = []
    for n in range(count_):
        sector = SECTORS[n % 5]
        values = {"jurisdiction": "phuong", "owner": config.units.codes[n % 3], "sector": sector,
                  "deadline": date(2025, 11, 1) + timedelta(days=n), "to_dan_pho": f"Tổ dân phố số {n % 7 + 1}",
                  "submitter": g.person(), **fields}
        items.append(Item(content=g.petition(sector), id=f"KN-2025-{n + 1:03d}", year=2025, seq=n + 1,
                          stt=str(n + 1), **values))
    return items


@pytest.mark.parametrize("mttq,raised,beyond,untriaged", [
    (m, r, b, u) for m in (0, 3) for r in (0, 2) for b in (0, 1) for u in (0, 2) if m + r > b + u])
def test_the_counts_say_nothing_of_what_is_none(config, mttq, raised, beyond, untriaged):
    """The counts' paragraph names each source and each kind of jurisdiction that has items, in
    numbers that add up; none is said as "00 ý kiến", a kind that is all of them as "đều …"."""
    items = _generated(config, mttq + raised, 5)
    items = [dataclasses.replace(item, source="mttq" if n < mttq else "hoi-nghi",
                                 jurisdiction=None if n < untriaged else "cap-tren" if n < untriaged + beyond else "phuong",
                                 forward_to="EVN" if untriaged <= n < untriaged + beyond else None)
             for n, item in enumerate(items)]
    summary = build_notice(config, Conference(2025), items, draft=True).summary
    heard, _, kinds = summary.partition("; trong đó ")
    numbers = [int(n) for n in re.findall(r"\b(\d\d) ý kiến", summary)]
    sources = [n for n in (mttq, raised) if n]
    within = mttq + raised - beyond - untriaged
    decided = [n for n in (within, beyond, untriaged) if n]
    assert numbers == sources + (decided if len(decided) > 1 else []), summary
    assert ("Mặt trận Tổ quốc" in heard) == (mttq > 0) and ("phát biểu tại Hội nghị" in heard) == (raised > 0)
    assert ("chưa phân loại" in summary) == (untriaged > 0) and ("không thuộc" in summary) == (beyond > 0)
    assert ("thuộc thẩm quyền giải quyết của phường" in summary.replace("không thuộc", "")) == (within > 0)
    assert (", đều " in summary) == (len(decided) == 1) and "00 " not in summary


@pytest.mark.parametrize("seed", [3, 17, 101])
def test_drafts_are_whole_clauses_grouped_by_concern(config, seed):
    items = _generated(config, 60, seed)
    # The same concern raised again, in other words around it, and marked as a duplicate: one concern.
    repeated = dataclasses.replace(items[0], id="KN-2025-900", seq=900, content="Cử tri tiếp tục kiến nghị: "
                                   + clause(items[0].content) + ". Đề nghị sớm xử lý.")
    marked = dataclasses.replace(items[1], id="KN-2025-901", seq=901, content="Nội dung như trên",
                                 duplicate_of=items[1].id)
    items += [repeated, marked]
    grouped = concerns(config, items[:1] + [repeated])
    assert len(grouped) == 1 and len(grouped[0].items) == 2
    for concern in concerns(config, items):
        for item in concern.items:
            if item.duplicate_of:
                continue
            whole = clause(item.content)
            # A whole sentence of the petition (its opening formula dropped), never cut.
            assert not whole.endswith(("…", ",", ";")) and whole == lower_first(whole)
            assert any(without_personal_details(re.sub(r"\s*\([^()]*\)", "", sentence)).endswith(whole[-20:])
                       for sentence in sentences(item.content)), (whole, item.content)
    notice = build_notice(config, Conference(2025), items)
    drafts = [c for c in notice.conclusions if c.drafted]
    assert [c.sector for c in drafts] == [code for code in config.sectors.codes if code in SECTORS[:5]]
    for conclusion in drafts:
        mine = [i for i in items if i.sector == conclusion.sector]
        assert conclusion.count == count(len(mine))
        assert conclusion.paragraphs[0].startswith(f"- {conclusion.heading}: Hội nghị ghi nhận {count(len(mine))}, ")
        assert "…" not in conclusion.text and conclusion.text.endswith(".")
        named = concerns(config, mine)[:MAX_CONCERNS]
        for concern in named:
            assert concern.clause in conclusion.text
        rest = sum(len(c.items) for c in concerns(config, mine)[MAX_CONCERNS:])
        assert (f"cùng {count(rest)} khác." in conclusion.text) == bool(rest)
    # A published text names nobody: the generator's residents are not in the drafts.
    assert not any(i.submitter in c.text for i in items for c in drafts)


def test_a_resident_speaking_in_the_first_person_is_not_quoted(config):
    """A conference's spoken items are often written as said ("Tôi xin nhắc lại …"): the notice
    states the concern, not the speaker's words about it (a new user's trial)."""
    rng = random.Random(47)
    concerns_said = ["đèn chiếu sáng ngõ 12 phố Tân Mai vẫn chưa được sửa", "lắp đèn ngõ 9 Kim Giang",
                     "xử lý rác thải ở cổng chợ Hôm"]
    openings = ["Tôi xin nhắc lại: ", "Tôi xin nhắc lại kiến nghị năm trước về việc ", "Chúng tôi kiến nghị ",
                "Em xin phản ánh ", "Gia đình tôi đề nghị phường ", "Tôi là cư dân tổ 3, tôi xin kiến nghị ",
                "Tôi tiếp tục đề nghị ", "Cháu xin phản ánh: "]
    for _ in range(40):
        said = rng.choice(concerns_said)
        whole = clause(f"{rng.choice(openings)}{said}. Mong phường quan tâm.")
        assert whole == said, whole


def test_the_same_words_about_other_places_are_other_concerns(config):
    """Drafts group petitions whose words are alike, but not about two places: "ngõ 12" and
    "ngách 12/3 ngõ 12", "số 120" and "số 240" of one street, "ngõ 8 Kim Giang" and "ngõ 8 Minh
    Khai" (a new user's trial: one concern of four, named in the words of the odd one)."""
    rng = random.Random(43)
    streets = ["Tân Mai", "Kim Giang", "Minh Khai", "Hoàng Văn Thụ", "Lĩnh Nam", "Vĩnh Hưng"]
    said = ["Đề nghị lắp bổ sung đèn chiếu sáng tại {} vì buổi tối rất tối, người dân đi lại khó khăn",
            "Quán karaoke tại {} hát đến khuya gây ồn, đề nghị phường kiểm tra xử lý"]
    for _ in range(20):
        street, other_street = rng.sample(streets, 2)
        n = rng.randint(2, 90)
        places = [f"ngõ {n} phố {street}", f"ngách {n}/3 ngõ {n} phố {street}", f"ngõ {n} phố {other_street}",
                  f"số {2 * n} phố {street}", f"số {2 * n + 100} phố {street}"]
        text = rng.choice(said)
        petitions = [Item(id=f"KN-2025-{k:03}", year=2025, seq=k, content=text.format(place))
                     for k, place in enumerate(places, start=1)]
        again = Item(id="KN-2025-009", year=2025, seq=9, content="Cử tri tiếp tục phản ánh: " + text.format(places[0]))
        grouped = concerns(config, [*petitions, again])
        assert sorted(len(c.items) for c in grouped) == [1, 1, 1, 1, 2], [c.clause for c in grouped]


# --- a triaged conference from the fixture ----------------------------------------------------------


@pytest.fixture
def triaged(config, store):
    """The 2025 MTTQ sheet, triaged as its labels say, with deadlines and a conference."""
    plan = plan_import(fixture_path("mttq-2025.xlsx"), config)
    store.import_batch(plan.batch())
    by_stt = {str(label["stt"]): label for label in labels("mttq-2025.labels.jsonl")}
    edits = []
    for n, item in enumerate(store.items(2025)):
        label = by_stt[item.stt]
        changes = {key: label[key] for key in ("sector", "jurisdiction", "owner", "forward_to")}
        changes["deadline"] = CONFERENCE_DAY + timedelta(days=15 + n % 40)
        edits.append(Edit(item.id, changes, item.version))
    store.update_items(edits, "cli")
    conference = dataclasses.replace(
        default_conference(config, 2025), date=CONFERENCE_DAY, notice_number="46",
        notice_date=date(2025, 11, 3), signer_name="Nguyễn Xuân Long",
    )
    store.save_conference(conference, "cli")
    return store


def _notice(config, store, **options):
    return build_notice(config, store.conference(2025), store.items(2025), **options)


def _render(config, store, tmp_path, **options) -> Document:
    target = tmp_path / "tb.docx"
    with default_template() as template:
        export_notice(_notice(config, store, **options), target, template)
    return Document(str(target))


def _all_text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    for section in document.sections:
        parts += [p.text for p in section.header.paragraphs] + [p.text for p in section.footer.paragraphs]
    return "\n".join(parts)


def test_tasks_counts_and_groups_follow_the_items(config, triaged):
    items = triaged.items(2025)
    notice = _notice(config, triaged)
    within = [i for i in items if i.jurisdiction == "phuong"]
    beyond = [i for i in items if i.jurisdiction == "cap-tren"]
    assert notice.counts.mttq == number(len(items)) and notice.counts.within == number(len(within))
    assert f"trong đó {count(len(within))} thuộc thẩm quyền" in notice.summary
    # One task per owner unit, in the configuration's order, each with its earliest deadline.
    owners = [code for code in config.units.codes if any(i.owner == code for i in within)]
    assert [t.unit for t in notice.tasks] == [config.units.name(code) for code in owners]
    assert [t.number for t in notice.tasks] == [f"({n})" for n in range(1, len(owners) + 1)]
    for task, code in zip(notice.tasks, owners):
        mine = [i for i in within if i.owner == code]
        assert task.count == count(len(mine))
        assert task.deadline == min(i.deadline for i in mine).strftime("%d/%m/%Y")
        days = sorted({i.deadline.strftime("%d/%m/%Y") for i in mine}, key=lambda d: d[6:] + d[3:5] + d[:2])
        assert task.text.endswith(",")
        # Items due on several days are not all given the earliest.
        assert task.due == (f"xong trước ngày {days[0]}." if len(days) == 1 else
                            f"xong theo hạn của từng ý kiến, từ ngày {days[0]} đến ngày {days[-1]}.")
    # Beyond the ward: one group per body, in the configuration's order.
    bodies = [code for code in config.bodies.codes if any(i.forward_to == code for i in beyond)]
    assert [g.body for g in notice.beyond] == [config.bodies.name(code) for code in bodies]
    assert sum(int(g.count.split()[0].replace(".", "")) for g in notice.beyond) == len(beyond)
    assert [r.stt for r in notice.annex_rows if not r.heading] == [str(n) for n in range(1, len(items) + 1)]
    # Nothing is missing but the conclusions, all still kiennghi's drafts.
    [drafted] = notice.missing
    assert drafted.startswith(f"{count(len(notice.conclusions), 'nội dung')} kết luận còn là bản nháp")


def test_beyond_the_ward_in_one_paragraph_per_body(config, triaged):
    beyond = [i for i in triaged.items(2025) if i.jurisdiction == "cap-tren"]
    notice = _notice(config, triaged)
    for group in notice.beyond:
        mine = [i for i in beyond if config.bodies.name(i.forward_to) == group.body]
        assert group.text.startswith(f"Liên quan đến {count(len(mine), 'nội dung')} không thuộc thẩm quyền giải "
                                     f"quyết của phường, thuộc thẩm quyền của {group.body} (")
        assert f"({group.concerns}): Đảng ủy giao {group.reporters} tổng hợp, báo cáo {group.body}" in group.text
        for concern in concerns(config, mine)[:MAX_CONCERNS]:
            assert concern.clause[1:] in group.concerns


def test_conclusions_are_the_officer_s_where_written_and_the_draft_elsewhere(config, triaged):
    conference = dataclasses.replace(
        triaged.conference(2025),
        conclusions={"PCCC": "Là một nội dung quan trọng, cần thường xuyên tuyên truyền.\nBan Thường vụ sẽ ban hành "
                             "Nghị quyết chuyên đề.", "DIEN-NUOC": "Đề nghị các đơn vị cấp điện, nước bảo đảm."},
        topics=[Topic("Về đổi mới phương thức lãnh đạo của cấp ủy", "Phải thích ứng linh hoạt.")],
        basis=["Quyết định số 2200-QĐ/TU ngày 25/5/2017 của Thành ủy Hà Nội", "Kế hoạch số 58-KH/ĐU của Đảng ủy phường"],
        reports_heard="Báo cáo khái quát về kết quả phát triển kinh tế - xã hội", speakers=11,
        results="Từ 01/7/2025 đến nay, hệ thống chính trị vận hành thông suốt.\nThu ngân sách đạt cao.")
    notice = build_notice(config, conference, triaged.items(2025))
    by_sector = {c.sector: c for c in notice.conclusions if c.sector}
    fire = by_sector["PCCC"]
    assert not fire.drafted and fire.paragraphs == [
        "- Về công tác phòng cháy, chữa cháy: Là một nội dung quan trọng, cần thường xuyên tuyên truyền.",
        "Ban Thường vụ sẽ ban hành Nghị quyết chuyên đề."]
    assert not by_sector["DIEN-NUOC"].drafted  # a sector with no item within the ward, written all the same
    assert by_sector["DO-THI"].drafted and by_sector["DO-THI"].text.startswith("Hội nghị ghi nhận")
    assert notice.conclusions[-1].paragraphs == ["- Về đổi mới phương thức lãnh đạo của cấp ủy: Phải thích ứng linh hoạt."]
    [drafted] = notice.missing
    assert "công tác phòng cháy" not in drafted and "lĩnh vực đô thị, xây dựng" in drafted
    assert notice.basis == ("Thực hiện Quyết định số 2200-QĐ/TU ngày 25/5/2017 của Thành ủy Hà Nội; Kế hoạch số "
                            "58-KH/ĐU của Đảng ủy phường;")
    assert notice.reports == "Hội nghị đã nghe Báo cáo khái quát về kết quả phát triển kinh tế - xã hội."
    assert notice.speakers == "Hội nghị có 11 đại biểu phát biểu ý kiến."
    assert notice.results == ["Từ 01/7/2025 đến nay, hệ thống chính trị vận hành thông suốt.", "Thu ngân sách đạt cao."]
    assert (notice.section.results, notice.section.conclusions, notice.section.beyond, notice.section.office) == \
        ("1", "2", "4", "6")
    without = build_notice(config, dataclasses.replace(conference, results=""), triaged.items(2025))
    assert (without.section.results, without.section.conclusions, without.section.office) == ("", "1", "5")


def test_the_public_version_names_nobody_and_lists_each_residential_group(config, triaged, tmp_path):
    items = triaged.items(2025)
    item = items[0]
    triaged.update_item(item.id, {"content": "Ông Nguyễn Văn Hùng (0912 345 678) phản ánh cống vỡ.",
                                  "submitter": "Ông Nguyễn Văn Hùng"}, item.version, "cli")
    notice = _notice(config, triaged, public=True)
    groups = [r.heading for r in notice.annex_rows if r.heading]
    def natural(group: str) -> tuple[str, int]:  # "Tổ 2" before "Tổ 10"
        return fold(re.sub(r"\d+", "", group)), int(re.search(r"\d+", group).group())

    assert len(groups) == len({i.to_dan_pho for i in items}) and groups == sorted(groups, key=natural)
    assert notice.annex_title.endswith("theo tổ dân phố và phân công giải quyết")
    text = _all_text(_render(config, triaged, tmp_path, public=True, with_names=True))
    assert "Nguyễn Văn Hùng" not in text and "0912" not in text and "Ông N.V.H. (đã ẩn số điện thoại) phản ánh" in text
    first_group = [i for i in triaged.items(2025) if i.to_dan_pho == groups[0]]
    rows = iter(notice.annex_rows)
    assert next(rows).heading == groups[0]
    assert [next(rows).assignee for _ in first_group] == [
        config.bodies.name(i.forward_to) + f" ({config.units.short(i.owner)} tổng hợp)" if i.jurisdiction == "cap-tren"
        else config.units.name(i.owner) for i in first_group]


def test_the_annex_gives_the_persons_a_petition_names_by_their_initials(config, triaged):
    """As the body does: the annex that goes to the party's committees names no resident in
    full unless asked `with_names` (the petitions as written, and their submitters)."""
    first = triaged.items(2025)[0]
    said = "Hộ bà Nguyễn Thị Quế tại thửa số 123 tờ bản đồ 45 (ĐT 0912 345 678) bị lấn chiếm lối đi."
    items = [dataclasses.replace(first, content=said, submitter="Nguyễn Thị Quế"), *triaged.items(2025)[1:]]
    conference = triaged.conference(2025)
    row = next(r for r in build_notice(config, conference, items).annex_rows if r.stt == "1")
    assert row.content == "Hộ bà N.T.Q. (ĐT (đã ẩn số điện thoại)) bị lấn chiếm lối đi." and "Quế" not in row.to_dan_pho
    named = next(r for r in build_notice(config, conference, items, with_names=True).annex_rows if r.stt == "1")
    assert named.content == said and "Nguyễn Thị Quế" in named.to_dan_pho


def test_the_chairs_read_as_one_sentence_whatever_the_case_typed(config, triaged):
    conference = dataclasses.replace(triaged.conference(2025), chairs=[
        "Đồng chí Nguyễn Văn Thành - Bí thư Đảng ủy", "ĐỒNG CHÍ Trần Thị Hoa - Chủ tịch UBND phường"])
    notice = build_notice(config, conference, triaged.items(2025))
    assert notice.chairs_text == ("đồng chí Nguyễn Văn Thành - Bí thư Đảng ủy và "
                                  "đồng chí Trần Thị Hoa - Chủ tịch UBND phường")
    assert "Đồng chí Nguyễn Văn Thành - Bí thư Đảng ủy và đồng chí Trần Thị Hoa" in notice.opening


def test_an_item_settled_at_the_conference_is_no_unit_s_task(config, triaged):
    """Answered at the conference and resolved (or explained): counted as answered, given to
    nobody; answered but still in progress: still the unit's task."""
    items = triaged.items(2025)
    conference = triaged.conference(2025)
    owner = next(i.owner for i in items if i.jurisdiction == "phuong" and i.owner)
    mine = [i for i in items if i.jurisdiction == "phuong" and i.owner == owner]
    settled, going = mine[0], mine[1]
    changed = {settled.id: dict(response="Chủ tọa đã trả lời tại hội nghị", status="da-giai-quyet"),
               going.id: dict(response="Sẽ khảo sát", status="dang-giai-quyet")}
    items = [dataclasses.replace(i, **changed.get(i.id, {})) for i in items]
    notice = build_notice(config, conference, items, answered={settled.id, going.id})
    task = next(t for t in notice.tasks if t.unit == config.units.name(owner))
    assert task.count == count(len(mine) - 1) and notice.counts.answered == "02"


def test_co_owners_are_named_in_the_task(config, triaged):
    item = next(i for i in triaged.items(2025) if i.owner == "KT-HT-DT")
    triaged.update_item(item.id, {"co_owners": ["CA"]}, item.version, "cli")
    task = next(t for t in _notice(config, triaged).tasks if t.unit == config.units.name("KT-HT-DT"))
    assert task.co_owners == "Công an phường" and ", phối hợp với Công an phường giải quyết" in task.text


def test_a_signed_notice_counts_only_what_is_decided(config, store):
    store.import_batch(plan_import(fixture_path("mttq-2025.xlsx"), config).batch())
    items = store.items(2025)
    store.update_item(items[0].id, {"jurisdiction": "phuong"}, items[0].version, "cli")
    with pytest.raises(Undecided, match=f"{count(len(items) - 1)} chưa phân loại thẩm quyền \\({items[1].id}") as refused:
        build_notice(config, default_conference(config, 2025), store.items(2025))
    assert refused.value.item_ids == [i.id for i in items[1:]] and "--draft" in str(refused.value)
    notice = build_notice(config, default_conference(config, 2025), store.items(2025), draft=True)
    assert notice.draft and notice.counts.untriaged == number(len(items) - 1)
    assert "đang được phân loại" not in notice.summary
    assert notice.missing[0].startswith(f"{count(len(items) - 1)} chưa phân loại thẩm quyền: {items[1].id}")
    assert any("chưa có đơn vị chủ trì" in line and items[0].id in line for line in notice.missing)
    assert notice.number == "      -TB/ĐU" and notice.place_date.endswith("năm\u00a02025")
    # The blanks left for the hand are said, with how to fill them in.
    assert any(line.startswith("chưa có số thông báo (phím c") for line in notice.missing)
    assert any(line.startswith("chưa có họ tên người ký") and "signer_name" in line for line in notice.missing)


def test_a_draft_made_before_any_triage_drafts_every_sector_and_no_empty_section(config, store, tmp_path):
    """Before triage a draft has the chair's conclusions drafted from every item by sector, and no
    "Giao nhiệm vụ" section with nothing under it (its sections numbered without it)."""
    store.import_batch(plan_import(fixture_path("mttq-2025.xlsx"), config).batch())
    items = store.items(2025)
    notice = build_notice(config, default_conference(config, 2025), items, draft=True)
    sectors = {i.sector for i in items if i.sector}
    assert {c.sector for c in notice.conclusions if c.sector} == sectors and all(c.text for c in notice.conclusions)
    assert not notice.tasks and notice.section.tasks == "" and notice.section.front == "2"
    headings = [c.heading for c in build_notice(config, default_conference(config, 2025),
                                                [dataclasses.replace(items[0], sector=None), *items[1:]],
                                                draft=True).conclusions]
    assert len(headings) == len(set(headings)) and headings[-1] == "Về các ý kiến chưa xếp lĩnh vực"
    with default_template() as template:
        export_notice(notice, tmp_path / "tb.docx", template)
    text = _all_text(Document(str(tmp_path / "tb.docx")))
    assert "Giao nhiệm vụ cụ thể" not in text and "2. Đề nghị Ủy ban MTTQ" in text and "00 ý kiến" not in text


# --- the document ---------------------------------------------------------------------------------


def test_the_document_has_the_party_format(config, triaged, tmp_path):
    document = _render(config, triaged, tmp_path)
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert [round(m.mm) for m in (section.top_margin, section.bottom_margin, section.left_margin,
                                  section.right_margin)] == [20, 20, 30, 15]
    # Page numbers from page 2: a PAGE field in the header, an empty header on the first page.
    assert section.different_first_page_header_footer
    assert "PAGE" in "".join(t.text for t in section.header.part.element.iter(qn("w:instrText")))
    assert not section.first_page_header.paragraphs[0].text.strip()
    assert document.styles["Normal"].font.name == "Times New Roman"
    head = document.tables[0]
    left, right = (cell.paragraphs for cell in head.rows[0].cells)
    assert [p.text for p in left] == ["ĐẢNG BỘ THÀNH PHỐ HÀ\u00a0NỘI", "ĐẢNG ỦY PHƯỜNG PHÚC\u00a0LỢI", "*", "Số 46-TB/ĐU"]
    assert left[1].runs[0].bold and not left[0].runs[0].bold
    assert right[0].text == "ĐẢNG CỘNG SẢN VIỆT NAM" and right[0].runs[0].bold
    assert right[1].paragraph_format.element.find(f"{qn('w:pPr')}/{qn('w:pBdr')}") is not None  # the rule under it
    place = next(p for p in right if p.text.startswith("Phúc\u00a0Lợi"))  # each part held whole
    assert place.text == "Phúc\u00a0Lợi, ngày\u00a003 tháng\u00a011 năm\u00a02025" and place.runs[0].italic
    texts = [p.text for p in document.paragraphs]
    assert "THÔNG BÁO" in texts
    assert texts[texts.index("THÔNG BÁO") + 1].endswith("trên địa bàn phường Phúc Lợi năm 2025")
    assert any(t.startswith("Ngày 31/10/2025, phường Phúc Lợi tổ chức Hội nghị") for t in texts)
    tasks = [t for t in texts if re.match(r"\(\d+\) ", t)]
    assert tasks[0].startswith("(1) Văn phòng HĐND và UBND phường chủ trì") or tasks[0].startswith("(1) Phòng")
    assert [t.split(")")[0] for t in tasks] == [f"({n}" for n in range(1, len(tasks) + 1)]
    assert any(t.startswith("- Về lĩnh vực đô thị, xây dựng: Hội nghị ghi nhận") for t in texts)
    assert any(t.startswith("Liên quan đến ") and "thuộc thẩm quyền của Sở Xây dựng (" in t for t in texts)
    assert "DỰ THẢO" not in texts
    # The deadline in bold, the rest of the task not.
    task = next(p for p in document.paragraphs if re.match(r"\(1\) ", p.text))
    assert [r.text for r in task.runs if r.bold] == [_notice(config, triaged).tasks[0].due]
    signature = document.tables[1].rows[0].cells
    assert signature[0].paragraphs[0].text == "Nơi nhận:" and signature[0].paragraphs[0].runs[0].underline
    assert signature[0].paragraphs[-1].text == "- Lưu VPĐU."
    assert [p.text for p in signature[1].paragraphs if p.text] == \
        ["T/L BAN THƯỜNG VỤ", "CHÁNH VĂN PHÒNG", "Nguyễn Xuân Long"]
    text = _all_text(document)
    assert "{{" not in text and "{%" not in text and "%}" not in text


def _tr(row):
    """A table row's XML element (python-docx gives a paragraph's, through its format)."""
    return next(row.cells[0].paragraphs[0].paragraph_format.element.iterancestors(qn("w:tr")))


def test_the_annex_lists_every_item_under_a_repeated_header(config, triaged, tmp_path):
    document = _render(config, triaged, tmp_path)
    annex = document.tables[2]
    items = triaged.items(2025)
    sectors = [code for code in config.sectors.codes if any(i.sector == code for i in items)]
    assert len(annex.rows) == 1 + len(sectors) + len(items)
    assert _tr(annex.rows[0]).find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
    # Numbered 1…N once through the annex, under a heading row (one cell across) per sector.
    headings = [row for row in annex.rows[1:] if len({id(c) for c in row.cells}) == 1 or
                len(_tr(row).findall(qn("w:tc"))) == 1]
    assert [row.cells[0].text for row in headings] == [config.sectors.name(code) for code in sectors]
    numbers = [row.cells[0].text for row in annex.rows[1:] if len(_tr(row).findall(qn("w:tc"))) > 1]
    assert numbers == [str(n) for n in range(1, len(items) + 1)]
    first_sector = [i for i in items if i.sector == sectors[0]]
    first = [cell.text for cell in annex.rows[2].cells]
    assert first[0] == "1" and first[1] == " ".join(first_sector[0].content.split())
    assert first[5] == first_sector[0].deadline.strftime("%d/%m/%Y")
    without = _render(config, triaged, tmp_path, annex=False)
    assert len(without.tables) == 2 and "PHỤ LỤC" not in _all_text(without)


def test_a_control_character_in_one_item_leaves_every_other_text_whole(config, triaged, tmp_path):
    """XML cannot hold most C0 controls: one of them made the office library re-read the whole
    document and drop every "&" and "<"; a document leaves them out, with the terminal escape
    sequences they start and the bidi overrides (a font has no picture for them: they printed as
    boxes over the letters)."""
    said = "Đèn hỏng\x1b[2J\x1b[31m, chuông\x07 và\x08 \u202egnóđ 000.01\u202c ở ngõ\x1b]52;c;SGk=\x07 5\x0b\x7f\x9b"
    triaged.add_item(2025, NewItem(content=said), "cli")
    triaged.add_item(2025, NewItem(content="Vỉa hè A & B < 30 m2 bị lấn"), "cli")
    text = _all_text(_render(config, triaged, tmp_path, draft=True))
    assert "A & B < 30 m2" in text and "Đèn hỏng, chuông và gnóđ 000.01 ở ngõ 5" in text
    assert not any(ch in text for ch in "\x1b\x07\x08\x0b\x7f\x9b\u202e\u202c␛␇") and "[31m" not in text
    assert document_text("x\x1b(0y \x9b31mz \x1b]0;tên\x9cw") == "xy z w"  # whole sequences, 7- and 8-bit


def test_data_is_never_template_or_markup(config, triaged, tmp_path):
    hostile = 'Rác & "nước" <thải> [/b] {{ ward }} {% if true %}x{% endif %} ‘quote’'
    new = triaged.add_item(2025, NewItem(content=hostile, to_dan_pho="TDP <1> & 2", submitter="Ông Trần Văn Tên"),
                           "cli")
    text = _all_text(_render(config, triaged, tmp_path, draft=True))
    assert hostile in text and "TDP <1> & 2" in text
    assert "Trần Văn Tên" not in text  # private names stay out unless asked for
    with_names = _all_text(_render(config, triaged, tmp_path, with_names=True, draft=True))
    assert "TDP <1> & 2 (Ông Trần Văn Tên)" in with_names
    assert new.id in "\n".join(_notice(config, triaged, draft=True).missing)
    # The officer's own words are data too.
    conference = triaged.conference(2025)
    triaged.save_conference(dataclasses.replace(conference, conclusions={"DO-THI": hostile},
                                                topics=[Topic("Về <chủ đề> & {{ x }}", hostile)]), "cli")
    text = _all_text(_render(config, triaged, tmp_path, draft=True))
    assert f"- Về lĩnh vực đô thị, xây dựng: {hostile}" in text and f"- Về <chủ đề> & {{{{ x }}}}: {hostile}" in text


def test_export_is_atomic_and_respects_a_file_open_in_word(config, triaged, tmp_path):
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    target = tmp_path / "tb.docx"
    target.write_bytes(b"officer's own edits")
    (tmp_path / ".~lock.tb.docx#").write_text("open in LibreOffice")
    with default_template() as template, pytest.raises(InputError, match="đang được mở"):
        export_notice(_notice(config, triaged), target, template)
    assert target.read_bytes() == b"officer's own edits"
    broken = tmp_path / "broken.docx"
    _template_with(broken, "{{ ward }", "{{ year }}")
    (tmp_path / ".~lock.tb.docx#").unlink()
    with pytest.raises(InputError, match="sai cú pháp"):
        export_notice(_notice(config, triaged), target, broken)
    assert target.read_bytes() == b"officer's own edits"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.docx", "tb.docx"]  # no temp file left


# --- checking a template ----------------------------------------------------------------------------


def _template_with(path: Path, *paragraphs: str, table_cell: str | None = None) -> Path:
    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table_cell is not None:
        document.add_table(rows=2, cols=2).rows[1].cells[1].text = table_cell
    document.save(str(path))
    return path


def test_the_shipped_template_is_clean():
    with default_template() as template:
        assert check_template(template) == []


def test_template_check_names_unknown_variables_and_fields(tmp_path):
    path = _template_with(tmp_path / "t.docx", "Kính gửi {{ ward }}", "{{ chu_tich }}",
                          "{%p for task in tasks %}", "{{ task.donvi }} {{ task.unit }}", "{%p endfor %}",
                          table_cell="{{ counts.tong }}")
    problems = [str(p) for p in check_template(path)]
    assert any(p.startswith("đoạn 2 «{{ chu_tich }}»: lỗi: biến “chu_tich”") for p in problems)
    assert any(p.startswith("đoạn 4") and "“task.donvi” không có" in p for p in problems)
    assert any(p.startswith("bảng 1, hàng 2, cột 2") and "“counts.tong”" in p for p in problems)
    assert len(problems) == 3


def test_template_check_names_a_header_or_footer_by_its_place(tmp_path):
    document = Document()
    document.add_paragraph("{{ ward }}")
    section = document.sections[0]
    section.header.paragraphs[0].text = "{{ so_trang }}"
    section.different_first_page_header_footer = True
    section.first_page_footer.paragraphs[0].text = "{{ nguoi_ky }}"
    document.save(str(tmp_path / "t.docx"))
    problems = [str(p) for p in check_template(tmp_path / "t.docx")]
    assert any(p.startswith("đầu trang «{{ so_trang }}»") and "“so_trang”" in p for p in problems)
    assert any(p.startswith("chân trang 1 «") and "“nguoi_ky”" in p for p in problems)
    assert len(problems) == 2


def test_template_check_reports_syntax_errors_and_words_curly_quotes(tmp_path):
    curly = _template_with(tmp_path / "curly.docx", "{{ “a” if annex else ‘b’ }}")
    [problem] = check_template(curly)
    assert not problem.error and "nháy cong" in problem.message  # docxtpl straightens them itself
    broken = _template_with(tmp_path / "broken.docx", "Mở đầu", "{%p for task in tasks %}", "{{ task.text }}")
    [problem] = check_template(broken)
    assert problem.error and "sai cú pháp" in problem.message
    assert main(["template", "check", str(broken)]) == 1
    assert main(["template", "check", str(curly)]) == 0


# --- the command and LibreOffice --------------------------------------------------------------------


def test_export_notice_command(config, triaged, workdir, capsys):
    db = str(triaged.path)
    assert main(["--db", db, "export", "notice"]) == 0
    document = Document(str(workdir / "thong-bao-ket-luan-2025.docx"))
    assert "THÔNG BÁO" in _all_text(document)
    assert (workdir / "thong-bao-ket-luan-2025.docx").stat().st_mode & 0o777 == 0o640
    assert main(["--db", db, "export", "notice", "--no-annex", "-o", "khong-phu-luc.docx"]) == 0
    assert "PHỤ LỤC" not in _all_text(Document(str(workdir / "khong-phu-luc.docx")))


def test_pdf_without_libreoffice_says_so(config, triaged, workdir, monkeypatch, capsys):
    monkeypatch.setenv("PATH", str(workdir))
    assert main(["--db", str(triaged.path), "export", "notice", "--pdf"]) == 1
    assert "chưa cài LibreOffice" in capsys.readouterr().err
    assert (workdir / "thong-bao-ket-luan-2025.docx").exists()


@NEEDS_OFFICE
def test_libreoffice_renders_the_notice_as_the_seeds_read(config, triaged, workdir):
    assert main(["--db", str(triaged.path), "export", "notice", "--pdf"]) == 0
    pdf = workdir / "thong-bao-ket-luan-2025.pdf"
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    pages = text.split("\f")
    first = " ".join(pages[0].split())
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in first and "Số 46-TB/ĐU" in first and "THÔNG BÁO" in first
    assert "Phúc Lợi, ngày 03 tháng 11 năm 2025" in first
    assert pages[0].split("\n", 1)[0].strip() != "1"  # no page number on the first page
    assert pages[1].strip().startswith("2")  # "2" at the top of the second page
    assert any("PHỤ LỤC" in page for page in pages) and sum("Nội dung ý kiến" in p for p in pages) >= 2
    subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "1", str(pdf), str(workdir / "page")],
                   check=True)
    assert (workdir / "page-01.png").stat().st_size > 5000 or (workdir / "page-1.png").stat().st_size > 5000


def test_every_template_name_is_documented():
    from kiennghi.notice import template_names

    readme = (Path(__file__).resolve().parent.parent / "templates" / "README.md").read_text("utf-8")
    for name, record in template_names().items():
        assert f"`{name}" in readme, name
        for field in record or ():
            assert f".{field}`" in readme, f"{name}.{field}"


def test_answered_at_the_conference_means_answered_by_its_day(config, triaged):
    items = triaged.items(2025)
    triaged.update_item(items[0].id, {"response": "Đã trả lời trực tiếp tại Hội nghị"}, items[0].version, "tui")
    conference = triaged.conference(2025)
    today = date.today()
    assert triaged.answered_by(2025, today) == {items[0].id}
    assert triaged.answered_by(2025, today - timedelta(days=1)) == set()
    later = build_notice(config, conference, triaged.items(2025), answered=triaged.answered_by(2025, CONFERENCE_DAY))
    assert later.counts.answered == "00" and "trả lời" not in later.summary.split(";")[-1]
    same_day = build_notice(config, conference, triaged.items(2025), answered=triaged.answered_by(2025, today))
    assert same_day.counts.answered == "01" and "trực tiếp trao đổi, trả lời 01 ý kiến" in same_day.summary



def test_conference_file_carries_conclusions_topics_and_the_opening(config, triaged, workdir, capsys):
    db = str(triaged.path)
    (workdir / "hn.toml").write_text('''year = 2025
speakers = 11
basis = ["Quyết định số 2200-QĐ/TU ngày 25/5/2017 của Thành ủy Hà Nội"]
reports_heard = "Báo cáo tổng hợp các ý kiến"
results = "Thu ngân sách đạt cao."

[conclusions]
PCCC = """Là một nội dung quan trọng.
Ban Thường vụ sẽ ban hành Nghị quyết chuyên đề."""

[[topics]]
title = "Về công tác chuyển đổi số"
text = "Cần thực hiện đồng bộ."
''', "utf-8")
    assert main(["--db", db, "conference", "set", "hn.toml"]) == 0
    saved = triaged.conference(2025)
    assert saved.speakers == 11 and saved.conclusions["PCCC"].endswith("Nghị quyết chuyên đề.")
    assert saved.topics == [Topic("Về công tác chuyển đổi số", "Cần thực hiện đồng bộ.")]
    capsys.readouterr()
    assert main(["--db", db, "conference", "show"]) == 0
    shown = capsys.readouterr().out
    assert "speakers = 11" in shown and "[conclusions]" in shown and "[[topics]]" in shown
    (workdir / "again.toml").write_text(shown, "utf-8")
    assert main(["--db", db, "conference", "set", "again.toml"]) == 0
    assert dataclasses.replace(triaged.conference(2025), version=0) == dataclasses.replace(saved, version=0)
    (workdir / "bad.toml").write_text('year = 2025\n[conclusions]\nKHONG-CO = "x"\n', "utf-8")
    assert main(["--db", db, "conference", "set", "bad.toml"]) == 1
    assert "mã lĩnh vực không có trong cấu hình: KHONG-CO" in capsys.readouterr().err


def test_export_refuses_a_signed_notice_while_items_are_untriaged(config, triaged, workdir, capsys):
    new = triaged.add_item(2025, NewItem(content="Đề nghị sửa đèn ngõ 5.", source="hoi-nghi"), "cli")
    db = str(triaged.path)
    assert main(["--db", db, "export", "notice"]) == 1
    assert f"01 ý kiến chưa phân loại thẩm quyền ({new.id})" in " ".join(capsys.readouterr().err.split())
    assert not (workdir / "thong-bao-ket-luan-2025.docx").exists()
    assert main(["--db", db, "export", "notice", "--draft"]) == 0
    texts = [p.text for p in Document(str(workdir / "thong-bao-ket-luan-du-thao-2025.docx")).paragraphs]
    assert texts[0] == "DỰ THẢO" and any("01 ý kiến chưa phân loại" in t for t in texts)
    assert main(["--db", db, "export", "notice", "--public", "--with-names"]) == 1


@NEEDS_OFFICE
def test_no_blank_page_whatever_the_length(config, triaged, tmp_path):
    """The signature block pushed to every place on its page (by the number of recipients and
    topics): every page of the PDF holds text, the annex starts a page of its own."""
    conference = triaged.conference(2025)
    items = triaged.items(2025)[:12]
    paths = []
    for n in range(0, 24, 3):
        varied = dataclasses.replace(conference, recipients=[f"Nơi nhận số {k}" for k in range(n)],
                                     topics=[Topic(f"Về nội dung {k}", "Cần tập trung chỉ đạo, thực hiện. " * 6)
                                             for k in range(n // 3)])
        target = tmp_path / f"tb-{n:02d}.docx"
        with default_template() as template:
            export_notice(build_notice(config, varied, items), target, template)
        paths.append(target)
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), *map(str, paths)],
                   check=True, capture_output=True, timeout=300)
    for path in paths:
        text = subprocess.run(["pdftotext", "-layout", str(path.with_suffix(".pdf")), "-"], capture_output=True,
                              text=True, check=True).stdout
        pages = text.split("\f")[:-1]
        bare = [" ".join(page.split()) for page in pages]
        assert all(len(page) > 3 for page in bare), (path.name, [len(p) for p in bare])  # more than a page number
        annex = next(n for n, page in enumerate(bare) if "PHỤ LỤC" in page)
        assert bare[annex].split(" ", 1)[1].startswith("PHỤ LỤC") and "T/L BAN THƯỜNG VỤ" in " ".join(bare[:annex])
        signed = next(page for page in bare[:annex] if "T/L BAN THƯỜNG VỤ" in page)
        assert "Trên đây là nội dung kết luận" in signed, path.name  # the signature not alone on its page


WARD_NAMES = ["Láng", "Ngọc Thụy", "Thượng Thanh", "Hoàng Văn Thụ", "Ô Chợ Dừa", "Phương Liệt", "Khương Đình",
              "Tương Mai", "Hồng Hà", "Tây Hồ", "Long Biên", "Bồ Đề", "Hai Bà Trưng", "Nghĩa Đô", "Cửa Nam"]


@NEEDS_OFFICE
def test_the_issuing_body_keeps_the_ward_s_name_whole(config, triaged, tmp_path):
    """The header's left column, as LibreOffice lays it out: "ĐẢNG ỦY PHƯỜNG <NAME>" on one line
    where it fits (names as long as "Ngọc Thụy" do), else the name whole on the next line, never
    cut inside the name; the city's name in the line above too; the date beside it whole."""
    conference, items = triaged.conference(2025), triaged.items(2025)[:3]
    paths = []
    for n, name in enumerate(WARD_NAMES):
        ward = dataclasses.replace(config.ward, name=f"phường {name}", name_upper=f"PHƯỜNG {name.upper()}",
                                   place=name, party_committee=f"ĐẢNG ỦY PHƯỜNG {name.upper()}")
        target = tmp_path / f"tb-{n:02d}.docx"
        with default_template() as template:
            export_notice(build_notice(dataclasses.replace(config, ward=ward), conference, items, annex=False),
                          target, template)
        paths.append(target)
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), *map(str, paths)],
                   check=True, capture_output=True, timeout=300)
    for name, path in zip(WARD_NAMES, paths):
        # The left column: the top of the first page, cut before the right column (in points).
        text = subprocess.run(["pdftotext", "-layout", "-l", "1", "-x", "0", "-y", "0", "-W", "300", "-H", "160",
                               str(path.with_suffix(".pdf")), "-"], capture_output=True, text=True, check=True).stdout
        left = [line.strip() for line in text.splitlines() if line.strip()]
        committee = next(n for n, line in enumerate(left) if line.startswith("ĐẢNG ỦY"))
        whole = f"ĐẢNG ỦY PHƯỜNG {name.upper()}"
        assert left[committee] == whole or left[committee:committee + 2] == ["ĐẢNG ỦY PHƯỜNG", name.upper()], (
            name, left)
        if len(name) <= len("Ngọc Thụy"):
            assert left[committee] == whole, (name, left)
        assert left[:committee] == ["ĐẢNG BỘ THÀNH PHỐ HÀ NỘI"], (name, left)
        # The right column's date line breaks, if it must, between the place and the date's parts.
        text = subprocess.run(["pdftotext", "-layout", "-l", "1", "-x", "300", "-y", "0", "-W", "300", "-H", "160",
                               str(path.with_suffix(".pdf")), "-"], capture_output=True, text=True, check=True).stdout
        right = " ".join(text.split())
        assert "ngày 03 tháng 11 năm 2025" in right, (name, text)
        assert not re.search(r"(ngày|tháng|năm)\s*\n\s*\d", text), (name, text)


def test_a_year_without_items_has_no_notice(config, workdir, capsys):
    from kiennghi.cli import main

    assert main(["export", "notice", "--year", "2031", "-o", str(workdir / "tb.docx")]) == 1
    assert "Năm 2031 chưa có ý kiến nào" in capsys.readouterr().err.replace("\n", " ")
    assert not (workdir / "tb.docx").exists()
