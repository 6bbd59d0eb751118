"""An officer outside the officers' group, or in a folder only its owner may write, is told
which path stands in the way, whose it is and what to ask the administrator: never "Lỗi không
lường trước (PermissionError…)".

The commands run as the user `nobody` in a forked child (the only way to be refused for root,
which runs CI); the folders live in /tmp, which nobody may enter, not in pytest's own folder."""

from __future__ import annotations

import grp
import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest
from conftest import ROOT, fixture_path
import kiennghi.tui.app  # noqa: F401 - loaded before the child gives up root's files

from kiennghi.cli import main

NOBODY = 65534
pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="acting as another user needs root")


def _group() -> tuple[int, str]:
    """A group nobody is not in, to share the folders with."""
    try:
        return grp.getgrnam("users").gr_gid, "users"
    except KeyError:
        return 0, "root"


@pytest.fixture
def shared():
    """/tmp/…/: config.toml, srv/ (2770, the group's, holding the store ward.db 0660 with the
    sample sheet imported), own/ (nobody's, with a store of theirs) and closed/ (root's, 0755)."""
    top = Path(tempfile.mkdtemp(prefix="kiennghi-access-"))
    try:
        os.chmod(top, 0o755)
        shutil.copy(ROOT / "config.toml", top / "config.toml")
        # The template beside it: the checkout itself may be closed to nobody (a private temporary
        # folder), where an installed kiennghi never is.
        shutil.copy(ROOT / "templates" / "thong-bao-ket-luan.docx", top / "mau.docx")
        gid, _ = _group()
        srv = top / "srv"
        srv.mkdir()
        as_root = ["--config", str(top / "config.toml"), "--db", str(srv / "ward.db")]
        assert main([*as_root, "import", str(fixture_path("mttq-2025.xlsx"))]) == 0
        # Each command once as root, in this process: the modules each loads on first use are
        # loaded before the child gives up root's files (Python's own among them).
        warm = top / "warm"
        for command in (["export", "workbook", "-o", str(warm / "x.xlsx")],
                        ["export", "notice", "--draft", "-o", str(warm / "x.docx")], ["backup", str(warm)], ["check"]):
            assert main([*as_root, *command]) == 0
        shutil.rmtree(warm)
        for path in (srv, *srv.iterdir()):
            os.chown(path, 0, gid)
        os.chmod(srv, 0o2770)
        own = top / "own"
        shutil.copytree(srv, own)
        for path in (own, *own.iterdir()):
            os.chown(path, NOBODY, NOBODY)
        (top / "closed").mkdir(mode=0o755)
        yield top
    finally:
        shutil.rmtree(top)


def as_nobody(top: Path, *args: str) -> tuple[int, str]:
    """`kiennghi --config top/config.toml ARGS` run by nobody: exit code and what it printed."""
    read, write = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - the child
        code = 99
        try:
            sys.stdout = sys.stderr = os.fdopen(write, "w", encoding="utf-8")
            os.setgroups([])
            os.setgid(NOBODY)
            os.setuid(NOBODY)
            os.chdir(top)
            code = main(["--config", str(top / "config.toml"), *args])
            sys.stdout.flush()
        finally:
            os._exit(code)
    os.close(write)
    with os.fdopen(read, encoding="utf-8") as output:
        printed = output.read()
    _, status = os.waitpid(child, 0)
    return os.waitstatus_to_exitcode(status), " ".join(printed.split())


def _refused(code: int, printed: str, path: Path, doing: str) -> None:
    assert code == 1, printed
    assert "không lường trước" not in printed and "Traceback" not in printed
    assert f"Tài khoản nobody không có quyền {doing} {path} (chủ root" in printed, printed
    assert "Hãy nhờ người quản trị" in printed


def test_an_officer_outside_the_group_is_told_to_ask_to_join_it(shared):
    _, group = _group()
    for command in (["list"], ["app"], ["export", "workbook", "-o", "x.xlsx"]):
        code, printed = as_nobody(shared, "--db", str(shared / "srv" / "ward.db"), *command)
        _refused(code, printed, shared / "srv", "vào thư mục")
        assert f"quyền rwxrws---). Hãy nhờ người quản trị thêm tài khoản nobody vào nhóm {group} " \
               f"(sudo usermod -aG {group} nobody), rồi đăng xuất và đăng nhập lại." in printed


def test_a_store_others_may_only_read_is_refused_before_sqlite_says_readonly(shared):
    os.chmod(shared / "srv", 0o2775)
    os.chmod(shared / "srv" / "ward.db", 0o644)
    code, printed = as_nobody(shared, "--db", str(shared / "srv" / "ward.db"), "set", "KN-2025-001", "--owner", "CA")
    _refused(code, printed, shared / "srv", "ghi vào thư mục")
    os.chmod(shared / "srv", 0o2777)
    code, printed = as_nobody(shared, "--db", str(shared / "srv" / "ward.db"), "list")
    _refused(code, printed, shared / "srv" / "ward.db", "ghi tệp")
    assert "quyền rw-r--r--). Hãy nhờ người quản trị cho nhóm các cán bộ quyền ghi ở đó" in printed


def test_a_new_store_in_a_folder_nobody_may_write(shared):
    code, printed = as_nobody(shared, "--db", str(shared / "closed" / "new.db"), "list")
    _refused(code, printed, shared / "closed", "ghi vào thư mục")
    assert not (shared / "closed" / "new.db").exists()


def test_exports_into_a_folder_nobody_may_write(shared):
    db = str(shared / "own" / "ward.db")
    for target, doing in ((shared / "closed" / "x.xlsx", "ghi vào thư mục"),
                          (shared / "closed" / "2025" / "x.xlsx", "tạo tệp hay thư mục trong thư mục")):
        code, printed = as_nobody(shared, "--db", db, "export", "workbook", "-o", str(target))
        _refused(code, printed, shared / "closed", doing)
        code, printed = as_nobody(shared, "--db", db, "export", "notice", "--draft", "--template",
                                  str(shared / "mau.docx"), "-o", str(target.with_suffix(".docx")))
        _refused(code, printed, shared / "closed", doing)
    assert os.listdir(shared / "closed") == []


def test_backups_and_checks_refused_with_the_path(shared):
    code, printed = as_nobody(shared, "--db", str(shared / "own" / "ward.db"), "backup", str(shared / "closed"))
    _refused(code, printed, shared / "closed", "ghi vào thư mục")
    for command in ("backup", "check"):
        code, printed = as_nobody(shared, "--db", str(shared / "srv" / "ward.db"), command)
        _refused(code, printed, shared / "srv", "vào thư mục")
    os.chmod(shared / "srv", 0o2775)
    code, printed = as_nobody(shared, "--db", str(shared / "srv" / "ward.db"), "check")
    _refused(code, printed, shared / "srv" / "ward.db", "đọc tệp")
    assert os.listdir(shared / "closed") == []
