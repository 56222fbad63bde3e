#!/usr/bin/env bash
# tests/fuzz/seeds.sh: regenerates the seed corpora (tests/fuzz/corpus/<target>/)
# from what the integration tests really send and receive: runs them (scripts/check,
# CHECK_ONLY=integration; CK_RUN_SUITE=name for one suite) under strace, keeps the
# JSON lines written on the sockets, and has tests/fuzz/seeds.py turn them into
# seeds for each target. Needs bin/test_integration built (make tests) and strace.
set -euo pipefail
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
cd "$REPO"
tmp=$(mktemp -d /tmp/svcdesk-seeds.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
# A test that fails under strace (a timing one) still sent what it sent.
CHECK_ONLY=integration strace -f --seccomp-bpf -qq -e trace=sendto,writev \
    -s 300000 -xx -o "$tmp/trace" scripts/check ||
    echo "seeds.sh: integration failed under strace; its lines are used all the same" >&2
python3 tests/fuzz/seeds.py "$tmp/trace" tests/fuzz/corpus
