"""``counterdesk report stars`` on a generated month at HQ: levels, adjustments, publishing, pull.

The month is the generated business day of ``kpi_day_helpers`` (2026-11-30, three tellers at
three counters) pushed to a real HQ, plus a teller of the branch's directory who served nobody.
The last test is the end-to-end one: published levels reach a real terminal through
``counterdesk sync`` and its customer screen (a real window) shows them.
"""

from __future__ import annotations

import contextlib
import getpass
import io
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hq_helpers import RoleNames, query
from kpi_day_helpers import PASSWORD, ZONE, serve_and_push

from counterdesk.app.cli import main
from counterdesk.app.cli_common import EXIT_OK, EXIT_PROBLEMS
from counterdesk.core.business import Catalogue
from counterdesk.core.kpis import By
from counterdesk.core.staff import hash_pin
from counterdesk.core.stars import parse_policy
from counterdesk.sync.hq import connect_admin
from counterdesk.sync.hq_kpi import HqKpis, Scope
from counterdesk.sync.hq_stars import month_days
from counterdesk.sync.publish import STAFF_COLUMNS, publish_reference

pytestmark = pytest.mark.postgres
Databases = Callable[[], contextlib.AbstractContextManager[str]]
MONTH = "2026-11"
IDLE_TELLER = "1009"

#: Small enough to read: two dimensions, 5 services make a level.
POLICY = """
policy = "test-staff"
version = 1
title_en = "Test levels"
title_zh = "测试"
min_served = 5
stars = [20, 40, 60, 80]

[[dimensions]]
id = "performance"
name_en = "Performance"
name_zh = "业绩"
weight = 60
  [[dimensions.measures]]
  measure = "satisfaction"
  weight = 50
  full = 100
  zero = 0
  [[dimensions.measures]]
  measure = "served"
  weight = 50
  full = 100
  zero = 0

[[dimensions]]
id = "conduct"
name_en = "Conduct"
name_zh = "品行"
weight = 40
  [[dimensions.measures]]
  measure = "complaints"
  weight = 50
  full = 0
  zero = 10
  [[dimensions.measures]]
  measure = "audit_anomalies"
  weight = 50
  full = 0
  zero = 3
"""


@pytest.fixture(scope="module")
def hq_month(
    tmp_path_factory: pytest.TempPathFactory,
    catalogue: Catalogue,
    module_roles: RoleNames,
    pg_databases: Databases,
) -> Iterator[tuple[str, str]]:
    """HQ holding the generated day of one branch and a directory teller who served nobody."""
    with pg_databases() as url:
        code = module_roles.code("S")
        folder = tmp_path_factory.mktemp("month")
        serve_and_push(folder, catalogue, url, module_roles.owner, code)
        staff = folder / "staff.csv"
        staff.write_text(
            ",".join(STAFF_COLUMNS)
            + f"\n{IDLE_TELLER},Idle Teller,teller,{hash_pin('2580')},true,4.5,{code}\n",
            encoding="utf-8",
        )
        published = publish_reference(url, [staff])
        assert published.staff == 1
        assert "stars column is ignored" in published.warnings[0]
        yield url, code


def _config(tmp_path: Path, url: str, code: str, **extra: str) -> str:
    config = tmp_path / "config.toml"
    lines = [f'[branch]\ncode = "{code}"', f'[hq]\nurl = "{url}"']
    lines += [f"[{table}]\n{value}" for table, value in extra.items()]
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(config)


def _stars(config: str, *args: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(["--config", config, "report", "stars", *args], out)
    return code, out.getvalue()


def _policy_file(tmp_path: Path, text: str = POLICY, name: str = "policy.toml") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def _month_json(config: str, policy: str, *extra: str) -> dict[str, Any]:
    code, text = _stars(config, "--month", MONTH, "--zone", ZONE.key, "--policy", policy,
                        "--json", *extra)  # fmt: skip
    assert code == EXIT_OK, text
    data: dict[str, Any] = json.loads(text)
    return data


def test_a_policy_file_with_errors_is_refused_with_every_problem_listed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = POLICY.replace("version = 1", "version = 0").replace(
        'measure = "served"', 'measure = "smiles"'
    )
    config = _config(tmp_path, "", "BR01")

    code, _ = _stars(config, "--check", _policy_file(tmp_path, broken))

    assert code == EXIT_PROBLEMS
    err = capsys.readouterr().err
    assert "key 'version': must be a positive whole number" in err
    assert "unknown measure 'smiles'" in err
    assert "refused, 2 problem(s) listed above" in err
    assert _stars(config, "--check", _policy_file(tmp_path))[0] == EXIT_OK


def test_every_teller_gets_a_level_explained_point_by_point_and_one_who_served_nobody_none(
    hq_month: tuple[str, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    catalogue: Catalogue,
) -> None:
    url, branch = hq_month
    monkeypatch.setenv("COUNTERDESK_HQ_PASSWORD", PASSWORD)
    config = _config(tmp_path, url, branch)
    policy = parse_policy(POLICY, "test")

    data = _month_json(config, _policy_file(tmp_path))  # as the branch's role

    levels = {level["teller"]: level for level in data["levels"]}
    assert set(levels) == {"1001", "1002", "1003", IDLE_TELLER}
    idle = levels[IDLE_TELLER]
    assert (idle["served"], idle["stars"], idle["score"]) == (0, None, None)
    assert idle["no_level"].startswith("Served {served} this month, fewer than")
    assert idle["no_level_reason"] == "Served 0 this month, fewer than the 5 a level needs"
    first, last = month_days(MONTH)
    conn = connect_admin(url)
    try:
        report = HqKpis(conn, Scope(first, last, branch, ZONE), catalogue)
        served = report.served(by=[By.TELLER])
        mood = report.satisfaction(by=[By.TELLER])
    finally:
        conn.close()
    for teller in ("1001", "1002", "1003"):
        level = levels[teller]
        assert level["served"] == served[(teller,)]
        lines = {line["measure"]: line for line in level["lines"]}
        assert lines["satisfaction"]["value"] == pytest.approx(mood[(teller,)].mean_score)
        # audit_anomalies has no data: its half of conduct goes to complaints.
        assert lines["audit_anomalies"]["value"] is None
        assert lines["audit_anomalies"]["share"] == 0
        assert lines["complaints"]["share"] == pytest.approx(0.4)
        assert lines["served"]["points"] == pytest.approx(served[(teller,)])  # 0-100 served
        total = sum(line["contribution"] for line in level["lines"])
        assert level["score"] == pytest.approx(round(total, 1), abs=0.051)
        assert level["stars"] == policy.stars_for(level["score"])
        assert level["adjusted"] is None

    code, text = _stars(config, "--month", MONTH, "--zone", ZONE.key, "--policy",
                        _policy_file(tmp_path))  # fmt: skip
    assert code == EXIT_OK
    assert f"{IDLE_TELLER}: no level (Served 0 this month, fewer than the 5 a level needs)" in text
    assert "Performance / Mean rating on a 0-100 scale: value" in text
    score = levels["1001"]["score"]
    assert f"1001: {levels['1001']['stars']} of 5 stars (score {score:.1f}, served " in text


def test_the_policy_at_hq_is_versioned_and_a_changed_text_needs_a_new_version(
    hq_month: tuple[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url, branch = hq_month
    config = _config(tmp_path, url, branch)
    first = _policy_file(tmp_path)
    changed = _policy_file(tmp_path, POLICY.replace("min_served = 5", "min_served = 6"), "b.toml")
    second = _policy_file(tmp_path, POLICY.replace("version = 1", "version = 2"), "c.toml")

    assert _stars(config, "--publish-policy", first) == (
        EXIT_OK, "star policy test-staff version 1: published\n"
    )  # fmt: skip
    assert _stars(config, "--publish-policy", first)[1].endswith("already published with this "
                                                                 "text\n")  # fmt: skip
    assert _stars(config, "--publish-policy", changed)[0] == EXIT_PROBLEMS
    assert "already published with another text; raise its version" in capsys.readouterr().err
    assert _stars(config, "--publish-policy", second)[0] == EXIT_OK
    old = _policy_file(tmp_path, POLICY.replace("test-staff", "other"), "d.toml")
    assert _stars(config, "--publish-policy", old)[0] == EXIT_OK  # another policy's version 1
    rows = query(url, "SELECT policy, version FROM hq.star_policy ORDER BY 1, 2")
    assert rows == [("other", 1), ("test-staff", 1), ("test-staff", 2)]


def test_an_adjustment_is_refused_by_the_rules_and_otherwise_audited_for_good(
    hq_month: tuple[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url, branch = hq_month
    config = _config(tmp_path, url, branch)
    policy = _policy_file(tmp_path)
    computed = {
        level["teller"]: level for level in _month_json(config, policy, "--admin")["levels"]
    }
    base = ("--month", MONTH, "--zone", ZONE.key, "--policy", policy, "--adjust", "1002")

    for refused, says in (
        (("--stars", "6", "--reason", "x", "--by", "2001"), "A level is 1 to 5 stars, not 6"),
        (("--stars", "5", "--reason", "  ", "--by", "2001"), "the reason is audited"),
        (("--stars", "5", "--reason", "mine", "--by", "1002"), "cannot change their own level"),
    ):
        assert _stars(config, *base, *refused)[0] == EXIT_PROBLEMS
        assert says in capsys.readouterr().err
    assert query(url, "SELECT count(*) FROM hq.star_adjustment") == [(0,)]

    code, text = _stars(config, *base, "--stars", "5", "--reason", "Praised by the regional "
                        "office for the flood week", "--by", "2001")  # fmt: skip

    assert code == EXIT_OK, text
    rows = query(
        url,
        "SELECT month, staff_no, branch_code, stars, computed_stars, computed_score, reason, "
        "adjusted_by, os_user, db_user, policy, policy_version, "
        "explanation->>'computed_stars' FROM hq.star_adjustment",
    )
    level = computed["1002"]
    assert rows == [
        (MONTH, "1002", branch, 5, level["stars"], level["score"],
         "Praised by the regional office for the flood week", "2001", getpass.getuser(),
         "postgres", "test-staff", 1, str(level["stars"]))
    ]  # fmt: skip
    after = {lv["teller"]: lv for lv in _month_json(config, policy, "--admin")["levels"]}
    assert (after["1002"]["stars"], after["1002"]["adjusted"]) == (5, 5)
    assert after["1002"]["computed_stars"] == level["stars"]
    # Append-only: not even the server's superuser changes or removes the audit.
    import psycopg2

    for statement in (
        "UPDATE hq.star_adjustment SET stars = 1",
        "DELETE FROM hq.star_adjustment",
        "TRUNCATE hq.star_adjustment CASCADE",
    ):
        with pytest.raises(psycopg2.errors.InsufficientPrivilege, match="append-only"):
            query(url, statement)
    assert query(url, "SELECT count(*) FROM hq.star_adjustment") == [(1,)]


def test_published_levels_reach_a_terminal_through_sync_and_show_on_its_customer_screen(
    hq_month: tuple[str, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    qtbot: Any,
) -> None:
    from counterdesk.app.builders import build_desk
    from counterdesk.app.config import Config
    from counterdesk.app.station import Station
    from counterdesk.core.clock import SystemClock
    from counterdesk.core.staff import Role
    from counterdesk.ui.customer.parts import StarRating
    from counterdesk.ui.customer.window import CustomerWindow
    from counterdesk.ui.tasks import TaskRunner
    from counterdesk.ui.teller.controller import DeskController
    from counterdesk.ui.teller.station import CustomerPresenter, connect_teller
    from counterdesk.ui.teller.window import TellerWindow

    url, branch = hq_month
    monkeypatch.setenv("COUNTERDESK_HQ_PASSWORD", PASSWORD)
    admin = _config(tmp_path, url, branch)
    policy = _policy_file(tmp_path)
    levels = {lv["teller"]: lv for lv in _month_json(admin, policy, "--admin")["levels"]}
    expected = levels["1001"]["stars"]
    assert expected is not None

    code, text = _stars(admin, "--month", MONTH, "--zone", ZONE.key, "--policy", policy,
                        "--publish")  # fmt: skip

    assert code == EXIT_OK, text
    assert "(4 teller(s))" in text
    published = query(url, "SELECT staff_no, branch_code, stars FROM hq.star_level ORDER BY 1")
    assert published == [
        (t, branch, levels[t]["stars"]) for t in ("1001", "1002", "1003", IDLE_TELLER)
    ]
    # A terminal of the branch: its teller 1001 added there, then a pull through `sync`.
    data = tmp_path / "terminal"
    config = Config(data_dir=data, counter_number=3, branch_name="Branch S", branch_code=branch,
                    hq_url=url)  # fmt: skip
    with Station.open(config, SystemClock()) as opened:
        build_desk(opened).staff.add("1001", "Li Na", Role.TELLER, "1234")
        build_desk(opened).queue.close()
    terminal = _config(
        tmp_path / "terminal", url, branch, journal=f'path = "{data}/counterdesk.db"'
    )
    out = io.StringIO()
    assert main(["--config", terminal, "sync", "--pull-only"], out) == EXIT_OK, out.getvalue()

    # The real windows: the teller signs in; the customer screen shows the published level.
    opened = Station.open(config, SystemClock())
    desk = build_desk(opened)
    runner = TaskRunner()
    controller = DeskController(desk, runner, opened.clock)
    teller = TellerWindow(opened.catalogue, 3, [1, 2, 4], "en", opened.clock.now)
    customer = CustomerWindow(language="en")
    connect_teller(teller, controller)
    presenter = CustomerPresenter(customer, controller, opened.catalogue, "en")
    qtbot.addWidget(teller)
    qtbot.addWidget(customer)
    try:
        with qtbot.waitExposed(customer):
            customer.show()
        controller.start()
        controller.sign_in("1001", "1234")
        stars = customer.findChild(StarRating, "tellerStars")
        assert stars is not None
        qtbot.waitUntil(lambda: customer.page() == "idle" and stars.isVisible())
        assert stars.accessibleName() == f"{expected} of 5 stars"
        # The teller who served nobody: no level, so no stars (not the CSV's hand-typed 4.5).
        assert desk.staff.get(IDLE_TELLER).stars == 0.0
    finally:
        del presenter
        controller.stop()
        qtbot.waitUntil(lambda: runner.idle)
        runner.shutdown()
        desk.queue.close()
        opened.close()


def test_the_tellers_month_so_far_comes_from_hq_with_no_figure_below_ten_ratings(
    hq_month: tuple[str, str], tmp_path: Path, catalogue: Catalogue
) -> None:
    from datetime import UTC, date, datetime

    from counterdesk.core.clock import FixedClock
    from counterdesk.storage.db import open_journal
    from counterdesk.storage.reference import ReferenceCache
    from counterdesk.sync.pull import pull_teller_months

    url, branch = hq_month
    clock = FixedClock(datetime(2026, 11, 30, 14, 0, tzinfo=UTC))  # 22:00 in Shanghai
    journal = open_journal(tmp_path / "journal.db", clock)
    environ = {"COUNTERDESK_HQ_PASSWORD": PASSWORD}

    stored = pull_teller_months(journal, url, branch, clock, catalogue, zone=ZONE,
                                environ=environ)  # fmt: skip

    conn = connect_admin(url)
    try:
        mood = HqKpis(conn, Scope(date(2026, 11, 1), date(2026, 11, 30), branch, ZONE),
                      catalogue).satisfaction(by=[By.TELLER])  # fmt: skip
    finally:
        conn.close()
    tellers = {key[0]: value for key, value in mood.items() if key[0]}
    assert stored == len(tellers) == 3
    cache = ReferenceCache(journal)
    for teller, figures in tellers.items():
        own = cache.own_month(teller)
        assert (own.month, own.as_of) == ("2026-11", "2026-11-30T22:00+08:00")
        if figures.rated >= 10:
            assert own.rated == figures.rated
            assert own.mean == pytest.approx(figures.mean_score)
            assert own.satisfied_share == pytest.approx(100 * figures.satisfied / figures.rated)
        else:
            assert (own.enough, own.rated, own.mean) == (False, None, None)
    assert cache.own_month(IDLE_TELLER).month == ""  # no finished service, nothing stored
    journal.close()


def _station(tmp_path: Path, url: str, code: str, catalogue: Catalogue) -> Any:
    from datetime import UTC, datetime

    from counterdesk.app.config import Config
    from counterdesk.app.station import Station
    from counterdesk.core.clock import FixedClock
    from counterdesk.storage.db import open_journal

    clock = FixedClock(datetime(2026, 12, 2, 9, 0, tzinfo=UTC))
    config = Config(data_dir=tmp_path, branch_code=code, hq_url=url)
    journal = open_journal(tmp_path / "journal.db", clock)
    return Station(config=config, clock=clock, journal=journal, catalogue=catalogue)


def test_the_manager_windows_stars_reader_gets_the_levels_the_command_prints(
    hq_month: tuple[str, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    catalogue: Catalogue,
) -> None:
    from counterdesk.app.stars_source import stars_reader
    from counterdesk.sync.hq_stars import levels_json

    url, branch = hq_month
    monkeypatch.setenv("COUNTERDESK_HQ_PASSWORD", PASSWORD)
    monkeypatch.setenv("TZ", ZONE.key)
    config = _config(tmp_path, url, branch)
    # The branch's role reads the policy in force at head office, as the command does.
    code, text = _stars(config, "--month", MONTH, "--json", "--branch", branch)
    assert code == EXIT_OK, text
    printed = json.loads(text)
    station = _station(tmp_path, url, branch, catalogue)
    try:
        reader = stars_reader(station)
        assert reader is not None
        levels = reader(MONTH)
    finally:
        station.journal.close()
    assert (levels.policy.policy, levels.policy.version) == (
        printed["policy"],
        printed["policy_version"],
    )
    assert levels_json(levels) == printed["levels"]
    assert {level.teller for level in levels.grades} == {"1001", "1002", "1003", IDLE_TELLER}
    newest = query(url, "SELECT policy, version FROM hq.star_policy "
                        "ORDER BY published_at DESC, version DESC LIMIT 1")  # fmt: skip
    if newest:  # published by the versioning test above (the month is the module's)
        assert (levels.policy.policy, levels.policy.version) == newest[0]


def test_the_stars_reader_is_none_without_head_office_and_says_when_it_is_down(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, catalogue: Catalogue
) -> None:
    from counterdesk.app.stars_source import stars_reader
    from counterdesk.sync.push import HqUnavailable

    monkeypatch.setenv("COUNTERDESK_HQ_PASSWORD", PASSWORD)
    station = _station(tmp_path, "", "BR01", catalogue)
    try:
        assert stars_reader(station) is None
    finally:
        station.journal.close()
    down = _station(tmp_path, "postgresql://127.0.0.1:1/hq", "BR01", catalogue)
    try:
        reader = stars_reader(down)
        assert reader is not None
        with pytest.raises(HqUnavailable):
            reader(MONTH)
    finally:
        down.journal.close()
