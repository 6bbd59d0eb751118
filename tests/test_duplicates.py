"""Petitions linked as one concern (kiennghi.duplicates): groups, linking and unlinking on
generated chains, and how the notice and the review count them."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest

from kiennghi.duplicates import concern_of, concerns, link, root_of, unlink
from kiennghi.errors import StoreError
from kiennghi.model import Conference, Item, NewItem
from kiennghi.notice import build_notice
from kiennghi.review import build_review
from kiennghi.store import Edit, ImportBatch


def items(n: int, year: int = 2025, **fields) -> list[Item]:
    return [Item(content=f"Ý kiến số {k}", id=f"KN-{year}-{k:03}", year=year, seq=k, **fields) for k in range(1, n + 1)]


def applied(by_id: dict[str, Item], changes: dict[str, str | None]) -> dict[str, Item]:
    return {i: replace(item, duplicate_of=changes.get(i, item.duplicate_of)) for i, item in by_id.items()}


def groups_of(by_id: dict[str, Item]) -> set[frozenset[str]]:
    return {frozenset(i.id for i in group) for group in concerns(list(by_id.values()))}


def test_links_and_unlinks_keep_every_other_concern_whole():
    """Random links and unlinks: after each, the concerns are exactly the sets a plain
    union-find of the same operations gives."""
    rng = random.Random(19)
    for _ in range(50):
        by_id = {i.id: i for i in items(12, 2024) + items(12)}
        expected = [{i} for i in by_id]  # the concerns, worked out afresh

        def find(item_id: str) -> set[str]:
            return next(s for s in expected if item_id in s)

        for _ in range(15):
            a, b = rng.sample(sorted(by_id), 2)
            if rng.random() < 0.7:
                by_id = applied(by_id, link(by_id, [by_id[a]], by_id[b]))
                merged = find(a) | find(b)
                expected = [s for s in expected if not s & merged] + [merged]
            else:
                by_id = applied(by_id, unlink(by_id, by_id[a]))
                rest = find(a) - {a}
                expected = [s for s in expected if a not in s] + [{a}] + ([rest] if rest else [])
            assert groups_of(by_id) == {frozenset(s) for s in expected}
            for group in concerns(list(by_id.values())):  # the root is the oldest
                oldest = min(group, key=lambda i: (i.year, i.seq))
                assert all(root_of(by_id, i.id) == oldest.id for i in group)


def test_a_link_to_an_item_not_given_or_a_cycle_ends_the_chain():
    a, b, c = items(3)
    a.duplicate_of, b.duplicate_of, c.duplicate_of = "KN-2025-002", "KN-2025-001", "KN-2020-009"
    assert root_of({i.id: i for i in (a, b, c)}, "KN-2025-003") == "KN-2025-003"
    assert root_of({i.id: i for i in (a, b, c)}, "KN-2025-001") in {"KN-2025-001", "KN-2025-002"}
    assert [i.id for i in concern_of([a, b, c], "KN-2025-002")] == ["KN-2025-001", "KN-2025-002"]


def test_the_review_counts_a_concern_once_and_names_its_petitions(config):
    year = items(6, jurisdiction="phuong", owner="KT-HT-DT", status="da-giai-quyet", to_dan_pho="TDP 1")
    year[1].duplicate_of = year[0].id
    year[2].duplicate_of = year[1].id
    year[3].status = "dang-giai-quyet"
    year[2].to_dan_pho = "TDP 2"
    review = build_review(config, 2025, year)
    assert review.total.shares[0].text.startswith("03/04 ý kiến")  # 3 concerns done of 4
    assert "06 ý kiến (các ý kiến trùng nhau gộp lại còn 04 nội dung)" in review.summary
    row = review.done.rows[0]
    assert row.id == "KN-2025-001, KN-2025-002, KN-2025-003" and row.to_dan_pho == "TDP 1, TDP 2"
    assert len(review.done.rows) == 3


def test_the_notice_counts_a_forwarded_concern_once_and_its_annex_every_petition(config):
    year = items(4, jurisdiction="cap-tren", owner="KT-HT-DT", forward_to="SO-XD")
    year[1].duplicate_of = year[0].id
    notice = build_notice(config, Conference(2025), year)
    assert notice.beyond[0].count == "03 nội dung" and "Liên quan đến 03 nội dung" in notice.beyond[0].text
    assert sum(1 for row in notice.annex_rows if row.stt) == 4
    assert notice.counts.total == "04"  # the petitions received, as the seeds count them


def test_linked_petitions_are_one_concern_whichever_comes_first_and_when_they_repeat_last_years(config):
    """A link may point to a later petition of the year (the officer linked from the first), or
    several of the year's may repeat one of last year's: the notice's conclusions and its bodies'
    paragraphs, and the review, count each such concern once, whatever the items' order."""
    from kiennghi.notice import concerns as notice_concerns

    rng = random.Random(23)
    for _ in range(40):
        year = items(8, jurisdiction="phuong", owner="KT-HT-DT", status="da-giai-quyet")
        for k, one in enumerate(year):  # texts unalike, so that only the links make them one
            one.content = f"Đề nghị {' '.join(rng.sample(['sửa', 'lắp', 'dọn', 'xử lý'], 2))} " + \
                " ".join(f"điểm{k}{letter}" for letter in "abcdef")
        first, later, a, b = rng.sample(year, 4)
        first.duplicate_of = later.id  # to a later one
        a.duplicate_of = b.duplicate_of = "KN-2024-001"  # both repeat last year's
        rng.shuffle(year)
        expected = len(year) - 2
        assert len(notice_concerns(config, year)) == expected
        assert len(concerns(year)) == expected
        review = build_review(config, 2025, year)
        assert f"(các ý kiến trùng nhau gộp lại còn {expected:02d} nội dung)" in review.summary
        upward = [replace(one, jurisdiction="cap-tren", forward_to="SO-XD") for one in year]
        assert build_notice(config, Conference(2025), upward).beyond[0].count == f"{expected:02d} nội dung"


def test_a_bodys_paragraph_counts_concerns_and_its_brackets_petitions(config):
    """"Liên quan đến 02 nội dung … (A (02 ý kiến); B)": the concerns are "nội dung", the
    petitions that raised one are "ý kiến"."""
    year = items(3, jurisdiction="cap-tren", owner="KT-HT-DT", forward_to="SO-XD")
    year[0].content, year[1].content = "Đề nghị nạo vét mương Tô Lịch", "Đề nghị lắp camera ngã tư"
    year[2].content, year[2].duplicate_of = "Đề nghị nạo vét mương Tô Lịch đoạn cuối", year[0].id
    text = build_notice(config, Conference(2025), year).beyond[0].text
    assert "Liên quan đến 02 nội dung" in text and "(02 ý kiến)" in text and "(02 nội dung)" not in text


def test_an_item_repeats_one_of_its_year_or_before_never_a_later_one(store):
    """The store refuses a link to a later year's item (a 2024 petition cannot repeat one of
    2025), to an item that does not exist and to the item itself; one of the same year or an
    earlier one it takes."""
    store.import_batch(ImportBatch("a.xlsx", "sha-a", 2024, [NewItem("Ý kiến cũ"), NewItem("Ý kiến cũ khác")]))
    store.import_batch(ImportBatch("b.xlsx", "sha-b", 2025, [NewItem("Ý kiến mới"), NewItem("Ý kiến mới khác")]))
    old = store.item("KN-2024-001")
    for ref, why in (("KN-2025-001", "là ý kiến năm 2025, sau năm 2024"), ("KN-2024-009", "không có ý kiến nào"),
                     ("KN-2024-001", "là chính ý kiến này")):
        with pytest.raises(StoreError, match=why):
            store.update_item(old.id, {"duplicate_of": ref}, old.version, "cli")
    assert store.update_item(old.id, {"duplicate_of": "KN-2024-002"}, old.version, "cli").duplicate_of == "KN-2024-002"
    new = store.item("KN-2025-002")
    assert store.update_item(new.id, {"duplicate_of": "KN-2024-002"}, new.version, "cli").duplicate_of == "KN-2024-002"


def test_links_never_come_back_round_nor_name_a_hidden_item(store):
    """A link whose target's own links lead back to the item is refused, typed alone or written
    in the same edit as the link back (a merge of two rows); so is a link to a hidden item. Two
    items already linked to each other (an older version let them) are unlinked by `unlink`."""
    store.import_batch(ImportBatch("a.xlsx", "sha-a", 2025, [NewItem(f"Ý kiến {n}") for n in range(1, 5)]))
    first, second, third, fourth = store.items(2025)
    store.update_item(second.id, {"duplicate_of": first.id}, None, "cli")
    store.update_item(third.id, {"duplicate_of": second.id}, None, "cli")
    for ref in (second.id, third.id):
        with pytest.raises(StoreError, match="dẫn vòng lại ý kiến này"):
            store.update_item(first.id, {"duplicate_of": ref}, None, "cli")
    before = store.items(2025)
    with pytest.raises(StoreError, match="dẫn vòng lại ý kiến này"):
        store.update_items([Edit(fourth.id, {"duplicate_of": first.id}, None),
                            Edit(first.id, {"duplicate_of": fourth.id}, None)], "merge")
    assert store.items(2025) == before
    store.delete_items({fourth.id: None}, "cli")
    with pytest.raises(StoreError, match="đã bị ẩn"):
        store.update_item(first.id, {"duplicate_of": fourth.id}, None, "cli")
    one, other = items(2)
    one, other = replace(one, duplicate_of=other.id), replace(other, duplicate_of=one.id)
    by_id = {one.id: one, other.id: other}
    assert unlink(by_id, one) == {one.id: None, other.id: None}


def test_a_link_is_written_to_the_concerns_first_item_and_an_old_link_to_a_later_year_unlinks(store):
    """Linking to an item that repeats another links to the one it repeats (so that the notice,
    which knows a concern by its first item, counts it once), written alone or with the link it
    follows in one edit; unlinking the middle of a chain whose end is a later year's item (an
    older version let one be made) leaves the item after it alone rather than refused."""
    store.import_batch(ImportBatch("a.xlsx", "sha-a", 2024, [NewItem(f"Cũ {n}") for n in range(1, 4)]))
    store.import_batch(ImportBatch("b.xlsx", "sha-b", 2025, [NewItem(f"Mới {n}") for n in range(1, 4)]))
    old1, old2, old3 = store.items(2024)
    new1, new2, new3 = store.items(2025)
    store.update_item(old2.id, {"duplicate_of": old1.id}, None, "cli")
    assert store.update_item(new1.id, {"duplicate_of": old2.id}, None, "cli").duplicate_of == old1.id
    store.update_items([Edit(new3.id, {"duplicate_of": new2.id}, None), Edit(new2.id, {"duplicate_of": old3.id}, None)],
                       "merge")
    assert store.item(new3.id).duplicate_of == old3.id
    assert [len(group) for group in concerns(store.items(2025))] == [1, 2]  # new1 alone this year; new2, new3
    later = replace(items(1, year=2026)[0], id="KN-2026-001")
    middle = replace(items(1, year=2024)[0], id="KN-2024-002", duplicate_of=later.id)
    first = replace(items(1, year=2024)[0], id="KN-2024-001", duplicate_of=middle.id)
    by_id = {i.id: i for i in (later, middle, first)}
    assert unlink(by_id, middle) == {middle.id: None, first.id: None}
