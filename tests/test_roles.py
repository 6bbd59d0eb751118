"""Roles on the shared server (config.toml's [roles], kiennghi.roles), enforced by the store.

Real store files; each officer's Unix groups are given explicitly, except in the tests that read
the real groups of the user running them.
"""

from __future__ import annotations

import grp
import json
import os
import pwd
from datetime import date
from pathlib import Path

import pytest

from kiennghi.check import check_store
from kiennghi.cli import main
from kiennghi.config import parse_config
from kiennghi.errors import ConfigError, NotPermitted
from kiennghi.fields import FIELD, FIELDS, RESULTS
from kiennghi.model import Conference, NewItem, Origin
from kiennghi.roles import Role, Roles, groups_of
from kiennghi.store import Edit, ImportBatch, Store, current_user
from tests.conftest import ROOT

DEFAULT = (ROOT / "config.toml").read_text("utf-8")
ROLES = """
[roles]
mttq = { role = "triage" }
ktht = { role = "unit", unit = "KT-HT-DT" }
vhxh = { role = "unit", unit = "VH-XH" }
kiennghi = { role = "read" }
"""


@pytest.fixture(scope="module")
def roles() -> Roles:
    return parse_config(DEFAULT + ROLES, "x.toml", Path(".")).roles


@pytest.fixture
def ward(tmp_path, roles) -> Path:
    """A store of five items: 1 and 2 owned by KT-HT-DT, 3 by VH-XH with KT-HT-DT co-owning, 4
    by VH-XH, 5 untriaged."""
    path = tmp_path / "ward.db"
    with Store.open(path, user="lan", roles=roles, groups=["mttq"]) as store:
        items = [NewItem(f"Ý kiến số {n}", stt=str(n), origin=Origin("a.xlsx", "S", [n])) for n in range(1, 6)]
        store.import_batch(ImportBatch("a.xlsx", "sha-a", 2025, items))
        for item_id, changes in (("KN-2025-001", {"owner": "KT-HT-DT"}), ("KN-2025-002", {"owner": "KT-HT-DT"}),
                                 ("KN-2025-003", {"owner": "VH-XH", "co_owners": ["KT-HT-DT"]}),
                                 ("KN-2025-004", {"owner": "VH-XH"})):
            store.update_item(item_id, {"jurisdiction": "phuong", **changes}, None, "cli")
    return path


def officer(ward: Path, roles: Roles, user: str, *groups: str) -> Store:
    return Store.open(ward, create=False, user=user, roles=roles, groups=groups)


def test_the_results_are_the_fields_the_table_marks():
    assert RESULTS == ("status", "response", "answer_no", "answer_date", "roadmap", "expected", "responsible",
                       "reason", "recommendation", "reply_body", "reply_no", "reply_date", "reply_text", "note")
    assert all(field.editable and not field.petition for field in FIELDS if field.result)


def test_roles_are_read_from_the_config(roles):
    assert roles.roles == (Role("mttq", "triage"), Role("ktht", "unit", "KT-HT-DT"), Role("vhxh", "unit", "VH-XH"),
                           Role("kiennghi", "read"))
    assert not parse_config(DEFAULT, "x.toml", Path(".")).roles.configured


@pytest.mark.parametrize("table, key, words", [
    ('mttq = "triage"', "roles.mttq", "một bảng { role"),
    ('mttq = { role = "admin" }', "roles.mttq.role", "một trong triage, unit, read"),
    ('ktht = { role = "unit" }', "roles.ktht.unit", "một mã đơn vị trong VP-UBND"),
    ('ktht = { role = "unit", unit = "KTHT" }', "roles.ktht.unit", "vai trò unit phải nói là đơn vị nào"),
    ('mttq = { role = "triage", unit = "CA" }', "roles.mttq.unit", "chỉ vai trò \"unit\" mới kèm đơn vị"),
    ('mttq = { role = "triage", units = "CA" }', "roles.mttq.units", "không được hỗ trợ"),
    ('"" = { role = "read" }', "roles.", "tên một nhóm Unix"),
])
def test_a_wrong_role_names_the_key(table, key, words):
    with pytest.raises(ConfigError) as caught:
        parse_config(f"{DEFAULT}\n[roles]\n{table}\n", "x.toml", Path("."))
    assert f"`{key}" in str(caught.value) and words in str(caught.value)


def test_without_roles_everyone_may_do_everything(tmp_path):
    with Store.open(tmp_path / "ward.db", user="khach", groups=[]) as store:
        assert not store.permissions.restricted and store.permissions.may("import")
        store.import_batch(ImportBatch("a.xlsx", "sha-a", 2025, [NewItem("Ý kiến số 1")]))
        store.update_item("KN-2025-001", {"owner": "CA"}, None, "cli")
        store.delete_items({"KN-2025-001": None}, "cli")


def test_a_store_keeps_its_roles_whatever_configuration_opens_it(ward, roles):
    """An officer who may only read passes a configuration without [roles], or with other ones
    (--config, KIENNGHI_CONFIG): the roles the store was first opened with still hold. A triage
    officer changes them by opening it with the new ones."""
    everyone = Roles([Role("mttq", "triage"), Role("kiennghi", "triage")])
    for given in (None, everyone):
        with Store.open(ward, create=False, user="khach", roles=given, groups=["kiennghi"]) as store:
            assert store.permissions.restricted and not store.permissions.may_write
            with pytest.raises(NotPermitted):
                store.delete_items({"KN-2025-005": None}, "cli")
    with Store.open(ward, create=False, user="lan", roles=everyone, groups=["mttq"]) as store:
        assert store.permissions.triage  # lan (mttq: triage) may change the roles
    with Store.open(ward, create=False, user="khach", groups=["kiennghi"]) as store:
        assert store.permissions.triage  # the new roles hold now, with or without a configuration


def test_triage_may_do_everything(ward, roles):
    with officer(ward, roles, "lan", "users", "mttq") as store:
        assert all(store.permissions.may(action) for action in ("import", "unimport", "delete", "restore", "add",
                                                                "conference"))
        store.update_item("KN-2025-004", {"owner": "CA", "status": "dang-giai-quyet"}, None, "tui")
        store.save_conference(Conference(year=2025, version=0, place="Hội trường"), "tui")
        store.add_item(2025, NewItem("Phát biểu tại hội nghị", source="hoi-nghi"), "tui")
        assert store.refusals() == []


def test_a_unit_updates_the_results_of_its_own_items_only(ward, roles):
    with officer(ward, roles, "binh", "users", "ktht") as store:
        permissions = store.permissions
        own, co_owned, other = store.items_by_id(["KN-2025-001"]), store.items_by_id(["KN-2025-003"]), \
            store.items_by_id(["KN-2025-004"])
        assert permissions.may_edit("status", own[0]) and permissions.may_edit("response", co_owned[0])
        assert not permissions.may_edit("status", other[0]) and not permissions.may_edit("deadline", own[0])
        assert permissions.may_edit("roadmap") and not permissions.may_edit("owner")  # whether to offer the key
        assert not permissions.may("import") and permissions.may_write
        store.update_items([Edit("KN-2025-001", {"status": "da-giai-quyet", "response": "Đã sửa xong"}, None),
                            Edit("KN-2025-003", {"roadmap": "Quý 3", "expected": None}, None)], "tui")
        # a value left as it is is no change, and not refused
        store.update_item("KN-2025-001", {"owner": "KT-HT-DT", "note": "xong"}, None, "cli")
        with pytest.raises(NotPermitted) as caught:
            store.update_items([Edit("KN-2025-002", {"status": "da-giai-quyet"}, None),
                                Edit("KN-2025-004", {"status": "da-giai-quyet"}, None)], "tui")
        results = ", ".join(FIELD[name].label for name in RESULTS)
        assert str(caught.value).startswith("binh (nhóm users, ktht) không được sửa tình trạng của KN-2025-004. "
                                            "Theo bảng [roles] của cấu hình, binh chỉ được cập nhật kết quả "
                                            f"({results}) của các ý kiến do Phòng Kinh tế")
        assert "Chưa ghi gì" in str(caught.value) and "thêm binh vào nhóm mttq" in str(caught.value)
        assert store.item("KN-2025-002").status is None  # all or nothing
        with pytest.raises(NotPermitted, match="không được sửa hạn giải quyết, đơn vị chủ trì của KN-2025-001"):
            store.update_item("KN-2025-001", {"deadline": date(2025, 11, 30), "owner": "CA", "status": None},
                              None, "cli")
        for refused in (lambda: store.delete_items({"KN-2025-001": None}, "cli"),
                        lambda: store.unimport(1, "cli"),
                        lambda: store.add_item(2025, NewItem("Mới"), "tui"),
                        lambda: store.save_conference(Conference(year=2025, version=0), "tui"),
                        lambda: store.import_batch(ImportBatch("b.xlsx", "sha-b", 2025, [NewItem("B")]))):
            with pytest.raises(NotPermitted):
                refused()
        logged = store.refusals()
        assert [(r.user, r.groups, r.source, r.action, r.items) for r in logged] == [
            ("binh", ["users", "ktht"], "tui", "edit", ["KN-2025-004"]),
            ("binh", ["users", "ktht"], "cli", "edit", ["KN-2025-001"]),
            ("binh", ["users", "ktht"], "cli", "delete", ["KN-2025-001"]),
            ("binh", ["users", "ktht"], "cli", "unimport", []),
            ("binh", ["users", "ktht"], "tui", "add", []),
            ("binh", ["users", "ktht"], "tui", "conference", []),
            ("binh", ["users", "ktht"], "import", "import", []),
        ]
        assert "không được ẩn (xóa) ý kiến" in logged[2].message and store.refusals(last=1) == logged[-1:]
        assert store.item("KN-2025-001").response == "Đã sửa xong"
        assert [c.user for c in store.history("KN-2025-001")][-3:] == ["binh", "binh", "binh"]
    assert all(finding.ok for finding in check_store(ward))


def test_a_unit_merges_its_results_but_adds_no_item(ward, roles):
    with officer(ward, roles, "binh", "ktht") as store:
        store.merge([Edit("KN-2025-002", {"response": "Đã trả lời"}, 2)], [], 2025, "theo-doi.xlsx")
        with pytest.raises(NotPermitted, match="không được thêm ý kiến mới"):
            store.merge([Edit("KN-2025-002", {"note": "x"}, None)], [NewItem("Dòng mới")], 2025, "theo-doi.xlsx")
        with pytest.raises(NotPermitted, match="không được sửa lĩnh vực của KN-2025-002"):
            store.merge([Edit("KN-2025-002", {"sector": "KHAC"}, None)], [], 2025, "theo-doi.xlsx")
        assert store.item("KN-2025-002").note == "" and store.count(2025) == 5
        assert [r.source for r in store.refusals()] == ["merge", "merge"]


def test_several_unit_groups_give_several_units(ward, roles):
    with officer(ward, roles, "chi", "ktht", "vhxh") as store:
        assert store.permissions.units == ("KT-HT-DT", "VH-XH")
        store.update_item("KN-2025-004", {"status": "dang-giai-quyet"}, None, "cli")
        with store.another() as again:  # another connection, the same rights
            with pytest.raises(NotPermitted):
                again.update_item("KN-2025-004", {"deadline": None, "owner": "CA"}, None, "tui")


@pytest.mark.parametrize("groups, words", [
    (("kiennghi",), "chỉ được xem (tra cứu, xuất văn bản), không được ghi gì"),
    (("users",), "không nhóm nào của người này có vai trò trong bảng [roles]"),
    ((), "không nhóm nào của người này có vai trò"),
])
def test_read_and_no_role_write_nothing(ward, roles, groups, words):
    with officer(ward, roles, "dung", *groups) as store:
        assert not store.permissions.may_write and not store.permissions.may_edit("note")
        assert store.count(2025) == 5 and store.item("KN-2025-001").owner == "KT-HT-DT"  # reading is allowed
        with pytest.raises(NotPermitted) as caught:
            store.update_item("KN-2025-001", {"note": "x"}, None, "cli")
        assert words in str(caught.value)
        with pytest.raises(NotPermitted):
            store.restore_items({"KN-2025-001": None}, "cli")
        with pytest.raises(NotPermitted, match="không được nhập bảng kiến nghị"):
            store.require("import", "tui")
        assert [(r.user, r.action) for r in store.refusals()] == [("dung", "edit"), ("dung", "restore"),
                                                                  ("dung", "import")]


def test_the_refusal_log_is_append_only(ward, roles):
    with officer(ward, roles, "dung", "kiennghi") as store:
        with pytest.raises(NotPermitted):
            store.delete_items({"KN-2025-001": None}, "cli")
        for statement in ("UPDATE refusal SET user = 'ai'", "DELETE FROM refusal"):
            with pytest.raises(Exception, match="refusal is append-only"):
                store._db.execute(statement)


def _primary_group() -> str:
    return grp.getgrgid(pwd.getpwuid(os.geteuid()).pw_gid).gr_name


def test_the_real_groups_of_the_current_user_decide(tmp_path):
    user, group = current_user(), _primary_group()
    assert groups_of(user)[0] == group and groups_of("no-such-user-kiennghi") == ()
    for name, kind in (("read.db", "read"), ("triage.db", "triage")):
        with Store.open(tmp_path / name, user="setup") as store:
            store.import_batch(ImportBatch("a.xlsx", "sha-a", 2025, [NewItem("Ý kiến số 1")]))
        with Store.open(tmp_path / name, create=False, roles=Roles([Role(group, kind)])) as store:
            assert store.user == user and group in store.permissions.groups  # looked up, not given
            if kind == "read":
                with pytest.raises(NotPermitted, match=f"{user} .*không được sửa ghi chú của KN-2025-001"):
                    store.update_item("KN-2025-001", {"note": "x"}, None, "cli")
            else:
                store.update_item("KN-2025-001", {"note": "x"}, None, "cli")


def test_the_command_line_refuses_cleanly(workdir, capsys):
    group = _primary_group()
    (workdir / "config.toml").write_text(
        DEFAULT + f'\n[roles]\n"{group}" = {{ role = "unit", unit = "KT-HT-DT" }}\n', "utf-8")
    with Store.open(workdir / "kiennghi.db", user="lan") as store:  # seeded before the roles apply
        store.import_batch(ImportBatch("a.xlsx", "sha-a", 2025, [NewItem("Một"), NewItem("Hai")]))
        store.update_item("KN-2025-001", {"owner": "KT-HT-DT"}, None, "cli")
    assert main(["set", "KN-2025-001", "--status", "da-giai-quyet"]) == 0
    assert main(["set", "KN-2025-001", "--deadline", "30/11/2025"]) == 1
    err = capsys.readouterr().err
    assert "Lỗi:" in err and "không được sửa hạn giải quyết của KN-2025-001" in err and "Traceback" not in err
    assert main(["import", str(workdir / "missing.xlsx")]) == 1  # refused before the file is read
    assert "không được nhập bảng kiến nghị" in capsys.readouterr().err
    assert main(["delete", "KN-2025-002"]) == 1
    capsys.readouterr()
    assert main(["refusals", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(r["user"], r["groups"], r["source"], r["action"], r["items"]) for r in listed] == [
        (current_user(), [group], "cli", "edit", ["KN-2025-001"]), (current_user(), [group], "cli", "import", []),
        (current_user(), [group], "cli", "delete", ["KN-2025-002"])]
    assert main(["refusals", "--last", "1"]) == 0
    out = capsys.readouterr().out
    assert out.count("\n") == 1 and f"\t{group}\tcli\tKN-2025-002\t" in out and "không được ẩn (xóa) ý kiến" in out
    with Store.open(workdir / "kiennghi.db") as store:
        assert [r.action for r in store.refusals()] == ["edit", "import", "delete"]
        assert store.item("KN-2025-001").status == "da-giai-quyet" and not store.item("KN-2025-002").hidden
