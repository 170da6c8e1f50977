#!/usr/bin/env bash
# Install test of the Debian package in a clean Debian 12 root (`make deb-install-test`).
#
#   build/linux/test-install.sh dist/counterdesk_<version>_amd64.deb
#
# 1. A clean root: debootstrap --variant=minbase bookworm (kept in build/.work/bookworm-base
#    and copied for each run). Without debootstrap (or root), the fallback checks the
#    dependencies with `apt-get --simulate` on this host, unpacks with `dpkg --root` and runs
#    the program from there with this host's libraries (a weaker test; it says so).
# 2. apt-get install --no-install-recommends of the package: its Depends alone must suffice
#    (ldd of every bundled library in the root finds all but the Recommends).
# 3. From the installed tree, as an ordinary user under `env -i`: counterdesk --version,
#    procedures check (the shipped procedures), staff add, queue issue/call (a journal with a
#    service), db check.
# 4. Upgrade: the next version is built from a copy of this tree with the version bumped and
#    one journal migration appended (what a release with a schema change is), installed over
#    the first; the kiosk's first start (the program the systemd user unit runs) migrates the
#    journal, with a backup, and the data is still there.
# Needs root (chroot, mounts) and the network for apt (Debian's mirror). ~5 minutes.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT_DIR="$PWD"
deb="$(realpath "${1:?usage: $0 dist/counterdesk_<version>_amd64.deb}")"
work="$ROOT_DIR/build/.work/install-test"
base="$ROOT_DIR/build/.work/bookworm-base"
mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
PY="$ROOT_DIR/.venv/bin/python"

say() { printf 'test-install: %s\n' "$*"; }
fail() { printf 'test-install: FAILED: %s\n' "$*" >&2; exit 1; }

version_of() { dpkg-deb -f "$1" Version; }
v1="$(version_of "$deb")"

# -- the clean root ---------------------------------------------------------------------------
mounted=()
cleanup() {
  for ((i=${#mounted[@]}-1; i>=0; i--)); do umount -l "${mounted[$i]}" 2>/dev/null || true; done
}
trap cleanup EXIT

fallback() {
  say "no debootstrap root ($1): fallback to dpkg --root with apt-get --simulate"
  apt-get --simulate --no-install-recommends install "$deb" >"$work/simulate.txt" 2>&1 \
    || { cat "$work/simulate.txt"; fail "apt-get --simulate cannot satisfy the Depends"; }
  say "apt-get --simulate: $(grep -c '^Inst ' "$work/simulate.txt" || true) packages to install, Depends satisfiable"
  mkdir -p "$work/root/var/lib/dpkg/updates" "$work/root/var/lib/dpkg/info"
  touch "$work/root/var/lib/dpkg/status"
  dpkg --root="$work/root" --force-depends --force-script-chrootless -i "$deb" >/dev/null
  prog="$work/root/opt/counterdesk/counterdesk"
  home="$work/home"; mkdir -p "$home"
  env -i HOME="$home" QT_QPA_PLATFORM=offscreen "$prog" --version
  env -i HOME="$home" QT_QPA_PLATFORM=offscreen "$prog" procedures check \
    "$work"/root/opt/counterdesk/_internal/counterdesk/_resources/procedures/*.toml
  say "fallback passed (program run with this host's libraries, no upgrade test)"
  exit 0
}

rm -rf "$work"
mkdir -p "$work"
[ "$(id -u)" -eq 0 ] || fallback "not root"
if [ ! -x "$base/bin/sh" ]; then
  command -v debootstrap >/dev/null || fallback "debootstrap not installed"
  say "debootstrap bookworm into $base"
  rm -rf "$base.tmp"
  debootstrap --variant=minbase bookworm "$base.tmp" "$mirror" >"$work/debootstrap.log" 2>&1 \
    || fallback "debootstrap failed, see $work/debootstrap.log"
  mv "$base.tmp" "$base"
fi
root="$work/root"
cp -a "$base" "$root"
cp /etc/resolv.conf "$root/etc/resolv.conf"
for fs in proc dev; do
  mount --bind "/$fs" "$root/$fs"; mounted+=("$root/$fs")
done
in_root() { chroot "$root" "$@"; }
in_root useradd --create-home --shell /bin/bash teller
# The program as a deployed terminal runs it: an ordinary user, a bare environment.
as_teller() {
  chroot --userspec=teller:teller "$root" env -i HOME=/home/teller PATH=/usr/bin:/bin \
    QT_QPA_PLATFORM=offscreen "$@"
}

say "glibc of the clean root: $(in_root ldd --version | head -1)"
in_root apt-get update -qq >"$work/apt.log" 2>&1 || { cat "$work/apt.log"; fail "apt-get update in the root"; }

install_deb() {
  cp "$1" "$root/tmp/"
  local name; name="$(basename "$1")"
  in_root apt-get --simulate --no-install-recommends install "/tmp/$name" >"$work/simulate-$name.txt" 2>&1 \
    || { cat "$work/simulate-$name.txt"; fail "apt-get --simulate: Depends of $name not satisfiable"; }
  local started=$SECONDS
  DEBIAN_FRONTEND=noninteractive in_root apt-get install -y -qq --no-install-recommends \
    "/tmp/$name" >>"$work/apt.log" 2>&1 || { tail -30 "$work/apt.log"; fail "apt-get install $name"; }
  say "installed $name with its Depends ($(grep -c '^Inst ' "$work/simulate-$name.txt") packages, $((SECONDS - started)) s)"
}

# -- version N ----------------------------------------------------------------------------------
install_deb "$deb"
# Every bundled library finds what it links in the clean root with the Depends alone, except
# the two optional Qt plugins, whose libraries are Recommends (not installed here).
unresolved="$(in_root sh -c 'find /opt/counterdesk -type f -name "*.so*" | while read -r f; do
    LD_LIBRARY_PATH=/opt/counterdesk/_internal ldd "$f" 2>/dev/null | grep "not found" | sed "s|^|$f: |"
  done' | grep -v -e 'libcupsprintersupport.so:[[:space:]]*libcups.so.2 ' -e 'libqtexttospeech_speechd.so:[[:space:]]*libspeechd.so.2 ' || true)"
[ -z "$unresolved" ] || fail "libraries not found with the Depends alone:
$unresolved"
say "ldd: every bundled library resolves with the Depends (the CUPS and voice plugins' wait for the Recommends)"
got="$(as_teller counterdesk --version)"
[[ "$got" == *"$v1"* ]] || fail "counterdesk --version says '$got', the package is $v1"
say "counterdesk --version: $got"
[ -L "$root/usr/bin/counterdesk" ] || fail "/usr/bin/counterdesk is not the link to /opt"
for unit in counterdesk-kiosk.service counterdesk-display.service; do
  [ -f "$root/usr/lib/systemd/user/$unit" ] || fail "$unit not installed"
done
[ -f "$root/etc/counterdesk/config.toml" ] || fail "no /etc/counterdesk/config.toml"
[ -f "$root/usr/share/applications/counterdesk.desktop" ] || fail "no desktop entry"
say "procedures check: $(as_teller sh -c 'counterdesk procedures check /opt/counterdesk/_internal/counterdesk/_resources/procedures/*.toml' | tail -1)"

# The site-wide file names the branch; the teller's own file the counter.
cat >"$root/etc/counterdesk/config.toml" <<'EOF'
language = "zh_CN"
[branch]
code = "BJ0101"
name = "Chaoyang Sub-branch"
EOF
as_teller mkdir -p /home/teller/.config/counterdesk
as_teller sh -c 'printf "[counter]\nnumber = 3\n" > /home/teller/.config/counterdesk/config.toml'
printf '1234\n1234\n' | as_teller counterdesk staff add 1001 --name "Install Test" --role teller >/dev/null
issued="$(as_teller counterdesk queue issue DEP --json | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["label"])')"
as_teller env COUNTERDESK_PIN=1234 counterdesk queue call --counter 3 --staff 1001 --json >/dev/null
say "queue issue/call: $issued issued and called at counter 3 (a service in the journal)"
say "db check: $(as_teller counterdesk db check | tail -1)"
journal="$root/home/teller/.local/share/counterdesk/counterdesk.db"
[ -f "$journal" ] || fail "no journal at ${journal#"$root"}"
journal_facts() {
  "$PY" - "$journal" <<'EOF'
import sqlite3, sys
db = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
version = db.execute("PRAGMA user_version").fetchone()[0]
services = db.execute("SELECT count(*) FROM service").fetchone()[0]
print(version, services)
EOF
}
read -r schema1 services1 <<<"$(journal_facts)"
[ "$services1" -ge 1 ] || fail "the journal has no service"
say "journal after version $v1: schema $schema1, $services1 service(s)"

# -- version N+1: this tree with the version bumped and one more journal migration --------------
v2="${v1}+upgradetest1"
next="$work/next"
say "building $v2 (bundle + package) from a copy of this tree"
mkdir -p "$next/src"
tar -C "$ROOT_DIR" --exclude=./.venv --exclude=./.git --exclude=./build/.work --exclude=./dist \
  --exclude=.mypy_cache --exclude=.pytest_cache --exclude=.ruff_cache -cf - . | tar -C "$next/src" -xf -
sed -i "s/^__version__ = \".*\"/__version__ = \"$v2\"/" "$next/src/counterdesk/__init__.py"
"$PY" - "$next/src/counterdesk/storage/migrations.py" <<'EOF'
import sys
from pathlib import Path
path = Path(sys.argv[1])
text = path.read_text()
marker = "LATEST = MIGRATIONS[-1].version\n"
assert text.count(marker) == 1, "migrations.py changed shape"
text = text.replace(marker, '''

def _upgrade_test_marker(db: peewee.SqliteDatabase) -> None:
    _run(db, ("CREATE TABLE upgrade_test_marker (id INTEGER PRIMARY KEY)",))


MIGRATIONS = (
    *MIGRATIONS,
    Migration(MIGRATIONS[-1].version + 1, "install test: the next release", _upgrade_test_marker),
)
''' + marker)
path.write_text(text)
EOF
{ printf 'counterdesk (%s) bookworm; urgency=medium\n\n  * Install test: the next version, with one more journal migration.\n\n -- counterdesk maintainers <counterdesk@example.org>  %s\n\n' "$v2" "$(date -R)"
  cat "$ROOT_DIR/build/linux/changelog"; } >"$next/src/build/linux/changelog.new"
mv "$next/src/build/linux/changelog.new" "$next/src/build/linux/changelog"
started=$SECONDS
(cd "$next/src" && "$ROOT_DIR/.venv/bin/pyinstaller" --noconfirm --log-level WARN \
  --workpath "$next/work" --distpath "$next/dist" build/counterdesk.spec >"$next/bundle.log" 2>&1) \
  || { tail -20 "$next/bundle.log"; fail "building the $v2 bundle"; }
"$PY" "$next/src/build/linux/deb.py" --bundle "$next/dist/counterdesk" --out "$next" \
  --work "$next/deb" >"$next/deb.log" 2>&1 || { tail -20 "$next/deb.log"; fail "building the $v2 package"; }
deb2="$next/counterdesk_${v2}_amd64.deb"
say "built $(basename "$deb2") in $((SECONDS - started)) s"
dpkg --compare-versions "$v2" gt "$v1" || fail "$v2 does not sort after $v1"

install_deb "$deb2"
got="$(as_teller counterdesk --version)"
[[ "$got" == *"$v2"* ]] || fail "after the upgrade counterdesk --version says '$got'"
grep -q '^language = "zh_CN"' "$root/etc/counterdesk/config.toml" \
  || fail "the upgrade replaced the site's edited /etc/counterdesk/config.toml"
say "upgraded to $got; the site's /etc/counterdesk/config.toml kept"

# First start: the kiosk, as counterdesk-kiosk.service starts it, until the journal is migrated.
as_teller counterdesk --role kiosk >"$work/kiosk.log" 2>&1 &
kiosk=$!
migrated=no
for _ in $(seq 120); do
  read -r schema2 _ <<<"$(journal_facts 2>/dev/null || echo "0 0")"
  if [ "$schema2" -gt "$schema1" ]; then migrated=yes; break; fi
  kill -0 "$kiosk" 2>/dev/null || break
  sleep 0.5
done
alive=no; kill -0 "$kiosk" 2>/dev/null && alive=yes
kill "$kiosk" 2>/dev/null || true
wait "$kiosk" 2>/dev/null || true
[ "$migrated" = yes ] || { cat "$work/kiosk.log"; fail "the kiosk's first start did not migrate the journal"; }
[ "$alive" = yes ] || { cat "$work/kiosk.log"; fail "the kiosk exited after migrating"; }
read -r schema2 services2 <<<"$(journal_facts)"
backups=("$root"/home/teller/.local/share/counterdesk/backups/counterdesk.v"$schema1".*.db)
[ -f "${backups[0]}" ] || fail "no backup of the schema-$schema1 journal before the migration"
[ "$services2" -eq "$services1" ] || fail "the journal had $services1 services, now $services2"
say "kiosk's first start: journal migrated from schema $schema1 to $schema2, backup ${backups[0]#"$root"}, $services2 service(s) kept"
say "db check: $(as_teller counterdesk db check | tail -1)"
say "passed"
