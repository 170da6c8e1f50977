"""The wheel IT installs with pip: resources and translations inside, a working program.

Built from this checkout as ``pip install .`` would build it (hatchling, no editable
install), installed into a fresh venv without the network: the venv reaches the dependencies
through a path file naming this dev venv's site-packages (only that folder, none of its own
path files, so the editable counterdesk there stays out of sight). The installed program then
runs the smoke steps of ``tools/smoke.py``, the same ones ``make bundle-smoke`` runs on the
bundle.
"""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from tools.smoke import smoke

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow  # builds a wheel and a venv, runs the program a dozen times


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with the wheel of this checkout installed; returns the venv folder."""
    work = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
         "--wheel-dir", str(work), str(ROOT)],
        check=True, cwd=ROOT, capture_output=True, timeout=300,
    )  # fmt: skip
    (wheel,) = work.glob("counterdesk-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    assert "counterdesk/_resources/business_types.toml" in names
    assert "counterdesk/_resources/i18n/counterdesk_zh_CN.qm" in names
    assert not any(name.endswith(".ts") for name in names)
    venv = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet",
         "--no-deps", "--no-index", str(wheel)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True, capture_output=True, text=True,
    ).stdout.strip()  # fmt: skip
    (Path(site) / "counterdesk-dev-dependencies.pth").write_text(
        sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8"
    )
    return venv


def test_the_installed_program_uses_its_own_resources(installed: Path, tmp_path: Path) -> None:
    said = subprocess.run(
        ["env", "-i", f"HOME={tmp_path}", str(installed / "bin" / "python"), "-c",
         "from counterdesk.resources import resource; print(resource('i18n'))"],
        check=True, capture_output=True, text=True, cwd=tmp_path,
    ).stdout.strip()  # fmt: skip
    i18n = Path(said)
    assert i18n.is_relative_to(installed), f"resources read from {i18n}, not the venv"
    assert (i18n / "counterdesk_zh_CN.qm").is_file()


def test_the_installed_program_passes_the_smoke_steps(installed: Path, tmp_path: Path) -> None:
    lines: list[str] = []
    smoke(installed / "bin" / "counterdesk", tmp_path, lines)
    assert lines[0].startswith("--version: counterdesk ")
    assert "pictures match the checkout's" in lines[-1]
