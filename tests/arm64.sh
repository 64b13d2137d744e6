#!/bin/sh
# arm64.sh - the unit tests (the Makefile's TESTS: every cmocka suite and
# tests/test_fastpass) cross-built for arm64 and run under qemu-user, so
# that the portable fast pass runs where it is the only one.  As root with
# apt-get, installs what it lacks: gcc-aarch64-linux-gnu and its C
# library, qemu-user, and cmocka for arm64 (multiarch: dpkg
# --add-architecture arm64); otherwise
# says what is missing and skips.  Builds in a copy of the tree, so the
# native objects in src/ and tests/ stay as they are.
set -eu
cd "$(dirname "$0")/.."

cc=aarch64-linux-gnu-gcc
sysroot=/usr/aarch64-linux-gnu
libdir=/usr/lib/aarch64-linux-gnu
have() { command -v "$1" >/dev/null 2>&1; }
qemu() {
	if have qemu-aarch64; then echo qemu-aarch64
	elif have qemu-aarch64-static; then echo qemu-aarch64-static
	fi
}

need=
have $cc || need="$need gcc-aarch64-linux-gnu"
[ -e $sysroot/include/stdio.h ] || need="$need libc6-dev-arm64-cross"
[ -n "$(qemu)" ] || need="$need qemu-user"
[ -e $libdir/libcmocka.so.0 ] || need="$need libcmocka-dev:arm64"
if [ -n "$need" ]; then
	if [ "$(id -u)" != 0 ] || ! have apt-get; then
		echo "arm64: skipped: not root with apt-get, and missing:$need"
		exit 0
	fi
	echo "arm64: installing$need"
	case $need in
	*:arm64*)
		dpkg --print-foreign-architectures | grep -qx arm64 ||
		    dpkg --add-architecture arm64
		;;
	esac
	apt-get update -qq
	inst() {
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
		    --no-install-recommends "$@" >/dev/null
	}
	# The arm64 cmocka's headers, should its -dev not install beside
	# the native one, are the native package's (they are the same).
	if ! inst $need; then
		need=$(echo "$need" | sed 's/libcmocka-dev:arm64/libcmocka0:arm64 libcmocka-dev/')
		inst $need
	fi
fi
if [ -e $libdir/libcmocka.so ]; then
	cmocka=-lcmocka
else
	cmocka=$libdir/libcmocka.so.0
fi
[ -e /usr/include/cmocka.h ] || {
	echo "arm64: cmocka.h missing" >&2
	exit 1
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# The tree as it stands, tracked and new files, without build products.
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	git ls-files -co --exclude-standard -z |
	    xargs -0 sh -c 'for f; do [ -f "$f" ] && printf "%s\n" "$f"; done' sh |
	    tar -cf - -T - | tar -xf - -C "$tmp"
else
	cp -R . "$tmp"
	make -s -C "$tmp" clean >/dev/null
fi

tests=$(printf 'arm64-tests:\n\t@echo $(TESTS)\n' |
    make -s -C "$tmp" -f Makefile -f - arm64-tests)
(cd "$tmp" && find . \( -name '*.o' -o -name '*.a' \) -exec rm -f {} + &&
    rm -f $tests)
echo "arm64: building $(echo $tests | wc -w) suites with $cc"
make -s -C "$tmp" CC=$cc CMOCKA="$cmocka" $tests >/dev/null

# The C library of the cross compiler, under qemu's -L: ld.so would
# otherwise take libc.so.6 from the arm64 multiarch libc6 that cmocka
# brings in, of another build than itself (and fork() then hangs).
q="$(qemu) -L $sysroot -E LD_LIBRARY_PATH=$sysroot/lib:$libdir"
# Each suite in a session of its own, ended with whatever it left
# running (a child forked by a test that failed), and 5 minutes at most.
suite() {
	setsid -w sh -c 'trap "" TERM
	timeout --foreground -s KILL 300 "$@"
	r=$?
	kill -TERM 0 2>/dev/null
	exit $r' sh "$@"
}
fail=0
for t in $tests; do
	echo "== $t (arm64: $q)"
	(cd "$tmp" && suite $q "./$t") || fail=1
done
if [ $fail -ne 0 ]; then
	echo "arm64: FAILED" >&2
	exit 1
fi
echo "arm64: every suite passed"
