"""The Windows recipe's promises that can be checked without Windows.

build/windows/counterdesk.iss, .github/workflows/windows.yml and the icon and version the
spec gives the executables are built and run only on a Windows runner; these tests hold them
to what the README tells IT staff: per-machine install, shortcuts without a console, data
that outlives the program, both languages, a silent install that is smoke-tested.
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest
import yaml  # type: ignore[import-untyped]  # PyYAML comes with python-escpos
from PySide6.QtGui import QColor, QImage, QImageReader

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "build" / "windows"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "build"))

import translations
import winres

ROOT = Path(__file__).resolve().parents[1]
ISS = ROOT / "build" / "windows" / "counterdesk.iss"
WORKFLOW = ROOT / ".github" / "workflows" / "windows.yml"


def iss_section(name: str) -> list[str]:
    """The entry lines of one section of the installer recipe (comments left out)."""
    text = ISS.read_text(encoding="utf-8-sig")
    match = re.search(rf"^\[{name}\]\r?\n(.*?)(?=^\[|\Z)", text, re.MULTILINE | re.DOTALL)
    assert match, f"no [{name}] section"
    return [
        line.strip()
        for line in match.group(1).splitlines()
        if line.strip() and not line.lstrip().startswith(";")
    ]


def test_the_installer_recipe_is_utf8_with_a_byte_order_mark() -> None:
    # Inno Setup reads a file without one in the system's ANSI code page: Chinese would break.
    assert ISS.read_bytes().startswith(b"\xef\xbb\xbf")


def test_it_installs_per_machine_under_a_fixed_app_id() -> None:
    setup = dict(line.split("=", 1) for line in iss_section("Setup") if "=" in line)
    assert re.fullmatch(r"\{\{[0-9A-F]{8}(-[0-9A-F]{4}){3}-[0-9A-F]{12}\}", setup["AppId"])
    assert setup["PrivilegesRequired"] == "admin"
    assert setup["DefaultDirName"] == r"{autopf}\{#AppName}"
    # The version is the executable's, which the spec writes from __version__.
    assert setup["AppVersion"] == "{#AppVersion}"
    text = ISS.read_text(encoding="utf-8-sig")
    assert 'GetStringFileInfo(AppExe, "ProductVersion")' in text


def test_shortcuts_start_the_program_without_a_console() -> None:
    icons = iss_section("Icons")
    assert len(icons) == 3
    assert all(r'Filename: "{app}\counterdeskw.exe"' in line for line in icons)


def test_the_data_folder_is_writable_by_users_and_never_uninstalled() -> None:
    (data,) = iss_section("Dirs")
    assert r'Name: "{commonappdata}\{#AppName}"' in data
    assert "Permissions: users-modify" in data
    assert "uninsneveruninstall" in data
    config = [line for line in iss_section("Files") if "config.toml" in line]
    assert config
    assert "uninsneveruninstall" in config[0]


def test_every_installer_text_is_in_english_and_chinese() -> None:
    messages = [line.split("=", 1)[0] for line in iss_section("CustomMessages")]
    english = {m.removeprefix("en.") for m in messages if m.startswith("en.")}
    chinese = {m.removeprefix("zh_CN.") for m in messages if m.startswith("zh_CN.")}
    assert english == chinese
    used = set(re.findall(r"\{cm:(\w+)", ISS.read_text(encoding="utf-8-sig")))
    used |= set(re.findall(r"CustomMessage\('(\w+)'\)", ISS.read_text(encoding="utf-8-sig")))
    # CreateDesktopIcon and AdditionalIcons come with Inno Setup's own message files.
    assert used - english == {"CreateDesktopIcon", "AdditionalIcons"}
    languages = iss_section("Languages")
    assert [line.split(";")[0] for line in languages] == ['Name: "en"', 'Name: "zh_CN"']


def test_the_workflow_builds_signs_installs_smoke_tests_and_uninstalls() -> None:
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    job = workflow["jobs"]["installer"]
    assert job["runs-on"] == "windows-latest"
    steps = job["steps"]
    runs = "\n".join(step.get("run", "") for step in steps)
    python = next(s for s in steps if s.get("uses", "").startswith("actions/setup-python"))
    assert python["with"]["python-version"] == "3.11"
    for command in (
        "python build/translations.py",
        "--workpath build/.work --distpath dist build/counterdesk.spec",
        r"build\windows\counterdesk.iss",
        "'/VERYSILENT', '/SUPPRESSMSGBOXES', '/NORESTART'",
        "python tools/smoke.py",
        r"unins000.exe",
    ):
        assert command in runs, command
    signing = [s for s in steps if "sign" in s.get("name", "").lower() and "if" in s]
    assert signing
    assert all(s["if"] == "steps.signing.outputs.available == 'true'" for s in signing)
    assert "::warning" in runs  # an unsigned build says so


def test_the_icon_has_every_size_windows_asks_for_the_right_way_up(tmp_path: Path) -> None:
    source = QImage(32, 32, QImage.Format.Format_ARGB32)
    source.fill(QColor("#0000ff"))
    for y in range(16):  # red on top, blue below
        for x in range(32):
            source.setPixelColor(x, y, QColor("#ff0000"))
    picture = tmp_path / "source.png"
    source.save(str(picture))

    icon = winres.write_icon(picture, tmp_path / "counterdesk.ico")

    reader = QImageReader(str(icon))
    sizes = []
    for index in range(reader.imageCount()):
        reader.jumpToImage(index)
        image = reader.read()
        size = image.width()
        sizes.append(size)
        top = image.pixelColor(size // 2, int(size * 0.2))
        bottom = image.pixelColor(size // 2, int(size * 0.8))
        assert (top.red(), top.blue()) == (255, 0), size
        assert (bottom.red(), bottom.blue()) == (0, 255), size
    assert sorted(sizes) == sorted(winres.ICON_SIZES)


def test_the_program_icon_is_made_from_a_shipped_picture() -> None:
    assert (ROOT / "resources" / "icons" / winres.ICON_SOURCE).is_file()


@pytest.mark.parametrize(
    ("version", "numbers"),
    [
        ("0.1.0", (0, 1, 0, 0)),
        ("1.2", (1, 2, 0, 0)),
        ("2.0.1rc1", (2, 0, 1, 0)),
        ("1.2.3.4", (1, 2, 3, 4)),
    ],
)
def test_windows_file_versions_come_from_the_package_version(
    version: str, numbers: tuple[int, int, int, int]
) -> None:
    assert winres.file_version(version) == numbers
    assert winres.version_strings(version, "counterdeskw", "d")["ProductVersion"] == version


def test_translations_build_without_make(tmp_path: Path) -> None:
    source = next((ROOT / "resources" / "i18n").glob("*.ts"))
    copy = tmp_path / source.name
    shutil.copy(source, copy)
    assert translations.stale(tmp_path) == [copy]

    (built,) = translations.build([copy])

    assert built.stat().st_size > 0
    assert translations.stale(tmp_path) == []
