#!/bin/sh
# message_corpus.sh [BIN [DIR]] - measure the bounce-message reader on the
# shared corpus of real bounces: recipients and codes found against
# DIR/bounces.tsv (default ../shared/corpus), with tests/message_corpus.
# A measurement, not a test: exits 0 whatever the figures, and when the
# corpus is absent ("skipped"); 2 when the tool is missing or cannot read
# the corpus.  MESSAGE_CORPUS_VERBOSE=1 lists the files that differ.
set -u
cd "$(dirname "$0")/.." || exit 2
bin=${1:-tests/message_corpus}
dir=${2:-../shared/corpus}
if [ ! -f "$dir/bounces.tsv" ]; then
	echo "message corpus: $dir/bounces.tsv absent, skipped"
	exit 0
fi
if [ ! -x "$bin" ]; then
	echo "message corpus: $bin not built (make $bin)" >&2
	exit 2
fi
if [ "${MESSAGE_CORPUS_VERBOSE:-0}" = 1 ]; then
	"$bin" -v "$dir"
else
	"$bin" "$dir"
fi
