"""Which library CTranslate2 multiplies int8 with: what ``wa models info`` tells a user."""

from __future__ import annotations

from pathlib import Path

import pytest

from wa_core.engine.numerics import MKL, ONEDNN, cpu_vendor, describe, int8_library


def test_an_intel_cpu_multiplies_with_mkl_and_any_other_x86_cpu_with_onednn() -> None:
    assert int8_library({}, "GenuineIntel", "x86_64") == MKL
    assert int8_library({}, "AuthenticAMD", "x86_64") == ONEDNN
    assert int8_library({}, "HygonGenuine", "AMD64") == ONEDNN


@pytest.mark.parametrize(("value", "library"), [("1", MKL), ("true", MKL), ("TRUE", MKL), ("0", ONEDNN),
                                                ("yes", ONEDNN), ("on", ONEDNN)])  # fmt: skip
def test_ct2_use_mkl_decides_as_ctranslate2_reads_it(value: str, library: str) -> None:
    assert int8_library({"CT2_USE_MKL": value}, "AuthenticAMD", "x86_64") == library
    assert int8_library({"CT2_USE_MKL": value}, "GenuineIntel", "x86_64") == library


def test_off_x86_or_with_no_vendor_it_does_not_guess() -> None:
    assert int8_library({}, "GenuineIntel", "aarch64") is None
    assert int8_library({"CT2_USE_MKL": "1"}, "", "arm64") is None
    assert int8_library({}, "", "x86_64") is None


def test_the_vendor_is_read_from_cpuinfo(tmp_path: Path) -> None:
    cpuinfo = tmp_path / "cpuinfo"
    cpuinfo.write_text("processor\t: 0\nvendor_id\t: AuthenticAMD\ncpu family\t: 25\n")
    assert cpu_vendor(cpuinfo) == "AuthenticAMD"
    assert cpu_vendor(tmp_path / "missing") == ""
    cpuinfo.write_text("processor\t: 0\nmodel name\t: some ARM core\n")
    assert cpu_vendor(cpuinfo) == ""


def test_the_info_line_says_why_and_how_to_change_it() -> None:
    assert describe({}, "GenuineIntel", "x86_64") == "Intel MKL (an Intel CPU)"
    amd = describe({}, "AuthenticAMD", "x86_64")
    assert amd.startswith("oneDNN (not an Intel CPU") and "CT2_USE_MKL=1" in amd
    assert describe({"CT2_USE_MKL": "1"}, "AuthenticAMD", "x86_64") == "Intel MKL (CT2_USE_MKL=1)"
    assert describe({}, "", "aarch64").startswith("not x86-64")
