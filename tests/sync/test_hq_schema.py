"""``counterdesk hq init`` and ``hq add-branch`` on the real PostgreSQL server."""

from __future__ import annotations

import base64
import contextlib
from collections.abc import Callable

import psycopg2
import pytest
from hq_helpers import RoleNames, query, schema_snapshot

from counterdesk.app.cli import main
from counterdesk.app.cli_common import EXIT_DATABASE, EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE
from counterdesk.core.errors import DomainError
from counterdesk.storage.fields import JsonField, UtcDateTimeField
from counterdesk.storage.models import SYNCED_MODELS
from counterdesk.sync.hq import (
    BRANCH_ROLE_PREFIX,
    PASSWORD_ENV,
    add_branch,
    branch_role,
    init_hq,
    scram_verifier,
)
from counterdesk.sync.hq_facts_schema import FACT_TABLES
from counterdesk.sync.hq_schema import (
    BRANCH_TABLES,
    HQ_SCHEMA_VERSION,
    REFERENCE_TABLES,
    STAR_TABLES,
)

pytestmark = pytest.mark.postgres
Databases = Callable[[], contextlib.AbstractContextManager[str]]
CLOSED_PORT = "postgresql://postgres@127.0.0.1:1/hq"


def _role_exists(url: str, role: str) -> bool:
    return bool(query(url, "SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)))


def _tables(url: str) -> set[str]:
    # The tables themselves, not the monthly partitions of the partitioned ones.
    rows = query(
        url,
        "SELECT relname FROM pg_class WHERE relnamespace = 'hq'::regnamespace "
        "AND relkind IN ('r', 'p') AND NOT relispartition",
    )
    return {name for (name,) in rows}


def test_init_creates_the_schema_and_a_second_init_changes_nothing(
    hq_url: str, roles: RoleNames
) -> None:
    first = init_hq(hq_url, roles.owner)
    before = schema_snapshot(hq_url)
    second = init_hq(hq_url, roles.owner)

    assert (first.before, first.after) == (0, HQ_SCHEMA_VERSION)
    assert (second.before, second.after) == (HQ_SCHEMA_VERSION, HQ_SCHEMA_VERSION)
    assert schema_snapshot(hq_url) == before
    assert _tables(hq_url) == {
        *BRANCH_TABLES,
        *REFERENCE_TABLES,
        *STAR_TABLES,
        *FACT_TABLES,
        "branch",
        "hq_meta",
        "hq_setting",
    }
    # Every table is the owner's, and row-level security binds even the owner where it is on.
    owners = {owner for _, _, _, owner in before["security"]}
    assert owners == {roles.owner}
    secured = {name for name, on, forced, _ in before["security"] if on}
    assert secured == {
        *BRANCH_TABLES,
        *FACT_TABLES,
        "ref_staff",
        "ref_lobby_notice",
        "star_level",
        "star_adjustment",
    }
    assert all(forced for name, on, forced, _ in before["security"] if on)


def test_the_cli_says_what_init_did_each_time(
    hq_url: str, roles: RoleNames, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["hq", "init", hq_url, "--owner-role", roles.owner]) == EXIT_OK
    assert main(["hq", "init", hq_url]) == EXIT_OK

    lines = capsys.readouterr().out.splitlines()
    assert lines[0].endswith(f"HQ schema upgraded from version 0 to {HQ_SCHEMA_VERSION} "
                             f"(owner {roles.owner})")  # fmt: skip
    assert lines[1].endswith("monthly partitions created (rows waiting in DEFAULT moved into them)")
    assert lines[2].endswith(f"HQ schema already at version {HQ_SCHEMA_VERSION}")
    assert len(lines) == 3


def test_hq_tables_keep_the_journal_column_names_and_types(hq_url: str, roles: RoleNames) -> None:
    init_hq(hq_url, roles.owner)
    rows = query(
        hq_url,
        "SELECT table_name, column_name, data_type FROM information_schema.columns "
        "WHERE table_schema = 'hq'",
    )
    types = {(table, column): kind for table, column, kind in rows}

    for model in SYNCED_MODELS:
        table = model._meta.table_name
        for field in model._meta.sorted_fields:
            kind = types.get((table, field.column_name))
            assert kind is not None, f"{table}.{field.column_name} missing at HQ"
            if isinstance(field, UtcDateTimeField):
                assert kind == "timestamp with time zone", (table, field.column_name)
            elif isinstance(field, JsonField):
                assert kind == "jsonb", (table, field.column_name)
        assert types[(table, "uuid")] == "uuid"
        assert types[(table, "branch_code")] == "text"
        assert types[(table, "terminal_id")] == "uuid"


def test_init_upgrades_from_every_shipped_version(
    roles: RoleNames, pg_databases: Databases
) -> None:
    with pg_databases() as fresh:
        init_hq(fresh, roles.owner)
        expected = schema_snapshot(fresh)
    for version in range(1, HQ_SCHEMA_VERSION):
        with pg_databases() as url:
            init_hq(url, roles.owner, target=version)
            result = init_hq(url)

            assert (result.before, result.after) == (version, HQ_SCHEMA_VERSION)
            assert schema_snapshot(url) == expected


def test_a_newer_schema_is_refused_and_left_as_it_is(
    hq_url: str, roles: RoleNames, capsys: pytest.CaptureFixture[str]
) -> None:
    init_hq(hq_url, roles.owner)
    query(hq_url, "UPDATE hq.hq_meta SET version = %s", (HQ_SCHEMA_VERSION + 1,))
    before = schema_snapshot(hq_url)

    with pytest.raises(DomainError, match="newer than this program"):
        init_hq(hq_url)
    assert main(["hq", "init", hq_url]) == EXIT_PROBLEMS

    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert f"schema {HQ_SCHEMA_VERSION + 1}, newer than this program's" in err
    assert schema_snapshot(hq_url) == before


def test_init_with_another_owner_is_refused(hq_url: str, roles: RoleNames) -> None:
    init_hq(hq_url, roles.owner)

    with pytest.raises(DomainError, match=f"owned by {roles.owner}, not someone_else"):
        init_hq(hq_url, "someone_else")
    assert not _role_exists(hq_url, "someone_else")


@pytest.mark.parametrize(
    ("url", "code", "says"),
    [
        ("postgresql://postgres@127.0.0.1:5432/counterdesk_no_such_db", EXIT_DATABASE,
         "does not exist"),
        (CLOSED_PORT, EXIT_DATABASE, "127.0.0.1"),
        ("postgresql://postgres@127.0.0.1:5432", EXIT_USAGE, "names no database"),
        ("mysql://root@127.0.0.1/hq", EXIT_USAGE, "not a postgresql:// URL"),
    ],
)  # fmt: skip
def test_init_that_cannot_reach_its_database_says_so_in_one_line_and_creates_nothing(
    url: str, code: int, says: str, roles: RoleNames, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["hq", "init", url, "--owner-role", roles.owner]) == code

    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    assert says in err
    assert not _role_exists("postgresql://postgres@127.0.0.1:5432/postgres", roles.owner)


def test_add_branch_creates_a_login_role_in_the_branches_group(
    hq_url: str,
    roles: RoleNames,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    init_hq(hq_url, roles.owner)
    code = roles.code("N")
    monkeypatch.setenv(PASSWORD_ENV, "correct-horse-battery")

    assert main(["hq", "add-branch", code, "--name", "North", "--url", hq_url]) == EXIT_OK

    role = branch_role(code)
    assert capsys.readouterr().out.startswith(f"branch {code}: role {role} created")
    assert query(hq_url, "SELECT code, name, role_name FROM hq.branch") == [(code, "North", role)]
    flags = query(
        hq_url,
        "SELECT rolcanlogin, rolsuper, rolcreaterole, rolcreatedb, rolinherit, rolbypassrls "
        "FROM pg_roles WHERE rolname = %s",
        (role,),
    )
    assert flags == [(True, False, False, False, True, False)]
    groups = query(
        hq_url,
        "SELECT g.rolname FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid "
        "JOIN pg_roles r ON r.oid = m.member WHERE r.rolname = %s",
        (role,),
    )
    assert groups == [(f"{roles.owner}_branches",)]


def test_the_server_gets_the_passwords_scram_verifier_never_the_password(
    hq_url: str, roles: RoleNames
) -> None:
    init_hq(hq_url, roles.owner)
    code = roles.code("S")
    add_branch(hq_url, code, "s3cret-Branch-pw")

    [(stored,)] = query(
        hq_url, "SELECT rolpassword FROM pg_authid WHERE rolname = %s", (branch_role(code),)
    )
    # The verifier PostgreSQL itself makes, recomputed with the stored salt: the same keys.
    method_iterations, _keys = stored.split("$", 1)[1].split("$")
    iterations, salt = method_iterations.split(":")
    assert stored == scram_verifier(
        "s3cret-Branch-pw", salt=base64.b64decode(salt), iterations=int(iterations)
    )
    assert "s3cret" not in stored


@pytest.mark.parametrize("code", ["", "BR 01", "BR01;DROP", "x" * 17, "北京", "BR01\n"])
def test_add_branch_with_a_bad_code_is_refused_before_anything_is_created(
    hq_url: str,
    roles: RoleNames,
    code: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    init_hq(hq_url, roles.owner)
    monkeypatch.setenv(PASSWORD_ENV, "correct-horse-battery")
    # The one role add-branch could have made of this code (counting every role of the server
    # would count the roles other tests make at the same time).
    count_roles = "SELECT count(*) FROM pg_roles WHERE rolname = %s"
    would_be = (BRANCH_ROLE_PREFIX + code.lower(),)

    assert main(["hq", "add-branch", code, "--url", hq_url]) == EXIT_USAGE

    assert "is not a branch code" in capsys.readouterr().err
    assert query(hq_url, "SELECT count(*) FROM hq.branch") == [(0,)]
    assert query(hq_url, count_roles, would_be) == [(0,)]


def test_add_branch_without_a_password_is_refused_and_creates_nothing(
    hq_url: str,
    roles: RoleNames,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    init_hq(hq_url, roles.owner)
    code = roles.code("P")
    monkeypatch.delenv(PASSWORD_ENV, raising=False)
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")

    assert main(["hq", "add-branch", code, "--url", hq_url]) == EXIT_USAGE

    err = capsys.readouterr().err
    assert PASSWORD_ENV in err
    assert "keyring" in err
    assert err.count("\n") == 1
    assert not _role_exists(hq_url, branch_role(code))
    assert query(hq_url, "SELECT count(*) FROM hq.branch") == [(0,)]


def test_add_branch_takes_the_password_from_the_keyring(
    hq_url: str, roles: RoleNames, monkeypatch: pytest.MonkeyPatch
) -> None:
    import keyring
    from keyring.backend import KeyringBackend

    class Memory(KeyringBackend):
        priority = 1

        def get_password(self, service: str, username: str) -> str | None:
            return "from-the-keyring" if service == "counterdesk-hq" else None

        def set_password(self, service: str, username: str, password: str) -> None:
            raise NotImplementedError

        def delete_password(self, service: str, username: str) -> None:
            raise NotImplementedError

    init_hq(hq_url, roles.owner)
    code = roles.code("K")
    monkeypatch.delenv(PASSWORD_ENV, raising=False)
    previous = keyring.get_keyring()
    keyring.set_keyring(Memory())  # type: ignore[no-untyped-call]
    try:
        assert main(["hq", "add-branch", code, "--url", hq_url]) == EXIT_OK
    finally:
        keyring.set_keyring(previous)
    assert _role_exists(hq_url, branch_role(code))


def test_add_branch_twice_or_before_init_is_refused(
    roles: RoleNames,
    pg_databases: Databases,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv(PASSWORD_ENV, "correct-horse-battery")
    code = roles.code("T")
    with pg_databases() as url:
        assert main(["hq", "add-branch", code, "--url", url]) == EXIT_PROBLEMS
        assert "run counterdesk hq init first" in capsys.readouterr().err
        assert not _role_exists(url, branch_role(code))

        init_hq(url, roles.owner)
        assert main(["hq", "add-branch", code, "--url", url]) == EXIT_OK
        assert main(["hq", "add-branch", code.lower(), "--url", url]) == EXIT_PROBLEMS
        assert "already registered" in capsys.readouterr().err
        assert query(url, "SELECT count(*) FROM hq.branch") == [(1,)]


def test_a_refused_statement_leaves_no_half_made_branch(
    hq_url: str, roles: RoleNames, monkeypatch: pytest.MonkeyPatch
) -> None:
    init_hq(hq_url, roles.owner)
    code = roles.code("H")
    # The branch row goes in after the role is made: a refusal there must take the role back.
    query(hq_url, f"ALTER TABLE hq.branch ADD CONSTRAINT no_h CHECK (code NOT LIKE '{code}')")

    with pytest.raises(psycopg2.errors.CheckViolation):
        add_branch(hq_url, code, "correct-horse-battery")
    assert not _role_exists(hq_url, branch_role(code))
