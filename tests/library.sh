#!/bin/sh
# library.sh - libsmtpcode as a user gets it: make install into a staging
# directory, then the example program built against the installed header,
# library and smtpcode.pc through pkg-config, and run.
set -u
cc=${CC:-cc}
stage=$(mktemp -d) || exit 2
trap 'rm -rf "$stage"' EXIT
pass=0 fail=0
ok() { echo "ok   $1"; pass=$((pass + 1)); }
bad() { echo "FAIL $1"; fail=$((fail + 1)); }

if make -s install DESTDIR="$stage" PREFIX=/usr >"$stage/log" 2>&1; then
	ok "make install DESTDIR=... PREFIX=/usr"
else
	bad "make install: $(tail -3 "$stage/log")"
fi
for f in usr/lib/libsmtpcode.a usr/include/smtpcode.h \
    usr/lib/pkgconfig/smtpcode.pc usr/share/man/man3/smtpcode.3; do
	[ -f "$stage/$f" ] && ok "installed $f" || bad "not installed: $f"
done
# The public header stands alone: no -Idata, no private header.
if grep -q 'internal.h\|messages.def' "$stage/usr/include/smtpcode.h"; then
	bad "the installed header includes a private one"
else
	ok "the installed header stands alone"
fi
export PKG_CONFIG_SYSROOT_DIR="$stage" PKG_CONFIG_PATH="$stage/usr/lib/pkgconfig"
flags=$(pkg-config --cflags --libs smtpcode) && ok "pkg-config smtpcode: $flags" ||
	bad "pkg-config does not find smtpcode"
# shellcheck disable=SC2086
# The user's CFLAGS and LDFLAGS as make had them (sanitizers in CI).
# shellcheck disable=SC2086
if $cc -std=c11 -Wall -Wextra -Wpedantic -Werror ${CFLAGS:-} ${LDFLAGS:-} \
    -o "$stage/explain" examples/explain.c $flags 2>"$stage/cc"; then
	ok "examples/explain.c builds against the installed library"
else
	bad "examples/explain.c: $(head -5 "$stage/cc")"
fi
if [ -x "$stage/explain" ]; then
	out=$("$stage/explain" '550 5.1.1 <bob@example.com>: no such user'); st=$?
	[ $st = 0 ] && printf '%s\n' "$out" | grep -q 'Bad destination mailbox address' &&
		ok "explain '550 5.1.1 ...': exit 0, explained" || bad "explain 550 5.1.1: exit $st"
	"$stage/explain" 259 >/dev/null; st=$?
	[ $st = 1 ] && ok "explain 259: exit 1" || bad "explain 259: exit $st, want 1"
	"$stage/explain" abc >/dev/null 2>"$stage/err"; st=$?
	[ $st = 2 ] && grep -q "^explain: 'abc': " "$stage/err" && ok "explain abc: exit 2" ||
		bad "explain abc: exit $st"
	"$stage/explain" 354 >/dev/full 2>/dev/null; st=$?
	[ $st = 2 ] && ok "explain 354 >/dev/full: exit 2" || bad "explain >/dev/full: exit $st"
fi
make -s uninstall DESTDIR="$stage" PREFIX=/usr >/dev/null 2>&1
left=$(find "$stage/usr" -type f 2>/dev/null | head -3)
[ -z "$left" ] && ok "make uninstall removes every file" || bad "left after uninstall: $left"
echo "library: $pass passed, $fail failed"
[ $fail = 0 ]
