"""config.toml errors name the key and the bad value; the shipped file loads."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kernel import config as config_mod
from kernel.errors import ConfigError
from tests import pki

ROOT = Path(__file__).resolve().parent.parent


def test_the_shipped_config_describes_thu_thua_and_nq121() -> None:
    cfg = config_mod.load(ROOT / "config.toml")
    assert cfg.district.timezone.key == "Asia/Ho_Chi_Minh"
    report = cfg.report("nq121")
    assert (report.deadline_month, report.deadline_day) == (10, 25)
    assert [s.id for s in report.sections] == ["chi_dao", "ket_qua", "kho_khan", "de_xuat"]
    assert len(cfg.schools) >= 30
    assert all(e.endswith("@example.edu.vn") for s in cfg.schools for e in s.emails)


def test_paths_are_relative_to_the_config_file(config_file: Path) -> None:
    cfg = config_mod.load(config_file)
    assert cfg.storage.database == f"sqlite:///{config_file.parent}/var/baocao.db"
    assert cfg.storage.archive == config_file.parent / "var/archive"


def test_secrets_come_from_the_named_environment_variable(
    config_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BAOCAO_IMAP_PASSWORD", "bí mật")
    assert config_mod.load(config_file).imap.secret() == "bí mật"
    monkeypatch.delenv("BAOCAO_IMAP_PASSWORD")
    with pytest.raises(ConfigError, match="BAOCAO_IMAP_PASSWORD"):
        config_mod.load(config_file).imap.secret()


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("port = 993", 'port = "abc"', r'\[imap\].port phải là một số, nhưng đang là "abc"'),
        ('deadline = "10-25"', 'deadline = "25/10"', r'\[reports\[0\]\].deadline phải có dạng "MM-DD"'),
        ('security = "ssl"', 'security = "tls"', r"\[imap\].security phải là một trong ssl, starttls, none"),
        ('timezone = "Asia/Ho_Chi_Minh"', 'timezone = "Saigon"', r"\[district\].timezone"),
        ('id = "th-my-lac"', 'id = "th-my-an"', r'mã "th-my-an" bị dùng hai lần'),
        ("[district]", "[districts]", r"thiếu mục \[district\]"),
        (
            'id = "th-my-lac"',
            'id = "th-my-lac"\npupils = "nhiều"',
            r"\[schools\[\d+\]\].pupils phải là một số",
        ),
        ('id = "th-my-lac"', 'id = "th-my-lac"\nstaff = -3', r"\[schools\[\d+\]\].staff phải là số không âm"),
        (
            'id = "vu_xam_hai"',
            'id = "vu_xam_hai"\nheadcount = "có"',
            r"\[reports\[0\].figures\[2\]\].headcount",
        ),
    ],
)
def test_a_bad_value_is_named_with_its_key(config_file: Path, old: str, new: str, message: str) -> None:
    text = config_file.read_text(encoding="utf-8")
    assert old in text
    config_file.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        config_mod.load(config_file)


def test_a_missing_file_says_how_to_point_at_one(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="--config"):
        config_mod.load(tmp_path / "nope.toml")


def test_broken_toml_is_reported_not_raised_raw(tmp_path: Path) -> None:
    bad = tmp_path / "c.toml"
    bad.write_text("[district\nname=", encoding="utf-8")
    with pytest.raises(ConfigError, match="không đúng cú pháp TOML"):
        config_mod.load(bad)


def _set(config_file: Path, **values: str) -> None:
    """Give keys of the shipped [trust] and [origin] sections new values (TOML text)."""
    text = config_file.read_text(encoding="utf-8")
    for key, value in values.items():
        text, count = re.subn(rf"(?m)^{key} = .*$", f"{key} = {value}", text)
        assert count == 1, key
    config_file.write_text(text, encoding="utf-8")


def test_trust_roots_are_read_at_load_relative_to_the_config_file(config_file: Path) -> None:
    ca = pki.Authority.create()
    (config_file.parent / "certs").mkdir()
    (config_file.parent / "certs/goc.pem").write_bytes(ca.root.pem)
    (config_file.parent / "certs/trung-gian.cer").write_bytes(ca.intermediate.der)
    _set(
        config_file,
        roots='["certs/goc.pem"]',
        intermediates='["certs/trung-gian.cer"]',
        authserv_id='"MX.Example.vn"',
        verify_dkim="true",
    )
    cfg = config_mod.load(config_file)
    assert cfg.trust.roots == (ca.root.der,) and cfg.trust.intermediates == (ca.intermediate.der,)
    assert (cfg.origin.authserv_id, cfg.origin.verify_dkim) == ("mx.example.vn", True)


def test_the_shipped_trust_and_origin_sections_trust_and_check_nothing(config_file: Path) -> None:
    cfg = config_mod.load(config_file)
    assert cfg.trust.roots == () and cfg.origin.authserv_id is None and not cfg.origin.verify_dkim


def test_without_trust_and_origin_sections_nothing_is_trusted_or_checked(config_file: Path) -> None:
    text = config_file.read_text(encoding="utf-8")
    config_file.write_text(re.sub(r"(?ms)^\[(trust|origin)\]\n.*?\n\n", "", text), encoding="utf-8")
    assert "authserv_id" not in config_file.read_text(encoding="utf-8")
    cfg = config_mod.load(config_file)
    assert cfg.trust.roots == () and cfg.origin.authserv_id is None and not cfg.origin.verify_dkim


@pytest.mark.parametrize(
    ("files", "values", "message"),
    [
        (
            {},
            {"roots": '["certs/khong-co.pem"]'},
            r'\[trust\].roots: không đọc được tệp ".*certs/khong-co.pem"',
        ),
        (
            {"certs/sai.pem": b"day khong phai chung thu"},
            {"intermediates": '["certs/sai.pem"]'},
            r'\[trust\].intermediates: tệp ".*certs/sai.pem" không phải chứng thư số X.509',
        ),
        ({}, {"roots": '"certs/goc.pem"'}, r"\[trust\].roots phải là danh sách chuỗi chữ"),
        ({}, {"verify_dkim": '"có"'}, r'\[origin\].verify_dkim phải là true hoặc false, nhưng đang là "có"'),
    ],
)
def test_a_bad_trust_or_origin_value_names_the_key_and_the_file(
    config_file: Path, files: dict[str, bytes], values: dict[str, str], message: str
) -> None:
    for name, data in files.items():
        (config_file.parent / name).parent.mkdir(exist_ok=True)
        (config_file.parent / name).write_bytes(data)
    _set(config_file, **values)
    with pytest.raises(ConfigError, match=message):
        config_mod.load(config_file)


def test_school_sizes_and_headcount_figures_are_optional(config_file: Path) -> None:
    """Pupils and staff, when the roster gives them, check the figures marked headcount = true."""
    text = config_file.read_text(encoding="utf-8")
    text = text.replace('id = "th-my-lac"', 'id = "th-my-lac"\npupils = 420\nstaff = 31', 1)
    text = text.replace('id = "nguoi_tham_gia"', 'id = "nguoi_tham_gia"\n  headcount = true', 1)
    config_file.write_text(text, encoding="utf-8")
    cfg = config_mod.load(config_file)
    assert (cfg.school("th-my-lac").pupils, cfg.school("th-my-lac").staff) == (420, 31)
    assert (cfg.school("th-my-an").pupils, cfg.school("th-my-an").staff) == (None, None)
    assert cfg.report("nq121").headcount_figures == ("nguoi_tham_gia",)
