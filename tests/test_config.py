from __future__ import annotations

from pathlib import Path

import pytest

from kiennghi.config import STATUS_GROUPS, load_config, parse_config
from kiennghi.errors import ConfigError
from tests.conftest import ROOT

DEFAULT = (ROOT / "config.toml").read_text("utf-8")


def test_default_config_has_the_standard_lists(config):
    assert config.units.codes == ("VP-UBND", "KT-HT-DT", "VH-XH", "TT-HCC", "CA", "QS", "VP-DU", "BXDD", "UBKT", "MTTQ")
    assert config.bodies.codes == ("UBND-TP", "SO-XD", "SO-NNMT", "SO-TC", "SO-YT", "SO-GDDT", "EVN", "NUOC", "THOAT-NUOC", "CDT", "TW")
    assert len(config.sectors.codes) == 15 and config.sectors.codes[-1] == "KHAC"
    assert config.statuses.codes == ("chua-giai-quyet", "dang-giai-quyet", "da-giai-quyet", "da-giai-trinh",
                                     "khong-thuc-hien-duoc")
    assert {s.group for s in config.statuses} == set(STATUS_GROUPS) == set(config.categories)
    assert config.database == ROOT / "kiennghi.db"


@pytest.mark.parametrize("text, where", [
    ("cong an", "CA"), ("Phòng Kinh tế, Hạ tầng và Đô thị", "KT-HT-DT"), ("ủy ban mttq phường", "MTTQ"),
])
def test_units_match_without_accents(config, text, where):
    assert config.units.match(text).code == where


@pytest.mark.parametrize("change, key", [
    (("[ward]", "[ward]\nbogus = 1"), "ward.bogus"),
    (('code = "CA"', "code = 5"), "units[4].code"),
    (('group = "done"', 'group = "xong"'), "statuses[2].group"),
    (('code = "MTTQ"', 'code = "CA"'), "units[9].code"),
    (("default_deadline_days = 30", "default_deadline_days = 0"), "conference.default_deadline_days"),
    (("[import]", '[categories]\nxong = "x"\n\n[import]'), "categories.xong"),
    (("[import]", '[categories]\ndone = ""\n\n[import]'), "categories.done"),
    (('code = "cap-tren"', 'code = "tren"'), "jurisdictions"),
    (("form = true, words", 'form = "có", words'), "matters.thu-tuc.form"),
])
def test_a_wrong_config_names_the_key(change, key):
    with pytest.raises(ConfigError) as caught:
        parse_config(DEFAULT.replace(*change, 1), "x.toml", Path("."))
    assert f"`{key}" in str(caught.value)


def test_syntax_error_is_reported():
    with pytest.raises(ConfigError, match="TOML"):
        parse_config("[ward\n", "x.toml", Path("."))


def test_lookup_order(workdir, monkeypatch, tmp_path):
    assert load_config().source == str(workdir / "config.toml")
    other = tmp_path / "khac.toml"
    other.write_text(DEFAULT.replace('path = "kiennghi.db"', 'path = "/srv/kn/phuc-loi.db"'), "utf-8")
    monkeypatch.setenv("KIENNGHI_CONFIG", str(other))
    assert load_config().database == Path("/srv/kn/phuc-loi.db")
    assert load_config(workdir / "config.toml").source == str(workdir / "config.toml")
    monkeypatch.delenv("KIENNGHI_CONFIG")
    (workdir / "config.toml").unlink()
    assert load_config().source == "cấu hình mặc định"
    with pytest.raises(ConfigError, match="Không tìm thấy"):
        load_config(workdir / "missing.toml")
