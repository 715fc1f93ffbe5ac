#!/bin/sh
# tests/bench/run.sh: import, search, scoring and trainer benchmarks for winnow (`make bench`).
#
#   WINNOW=./winnow BUILD=build sh tests/bench/run.sh [SIZE...]
#
# For each size (rows; default "100000 1000000", or $BENCH_SIZES, or the arguments):
#   1. $BUILD/gen_samples writes SIZE Alpaca rows as JSONL and as CSV (not timed);
#   2. winnow import of the JSONL;
#   3. the SQLite floor: the sqlite3 shell alone importing the CSV and building an FTS5
#      index over its three columns, two ways (FTS 'rebuild', and INSERT ... SELECT);
#   4. sqlite-utils insert --nl + enable-fts, if sqlite-utils is installed;
#   5. search latency: `winnow search` against the sqlite3 shell running a bare FTS query;
#   6. scoring: the per-sample families, then the corpus-fitted lm and rel (fit + score),
#      then the corpus steps vec, knn, kmeans and dsir;
#   7. selection (a threshold + rank recipe, the default) and DEITA diversity;
#      between the two, the TUI's key latencies (tests/bench/tui.sh) and threshold
#      tuning's (tests/bench/tune.sh);
# and last, the ROC AUC of the lm and rel scores on the planted defects of samples/.
# First, once: the trainer's tokens/s against PyTorch's on the same model (bench_trainer
# below); BENCH_ONLY=trainer stops after it.
# Wall time and peak RSS come from tests/bench/measure.c. Scratch files live in a temp dir
# under ${TMPDIR:-/tmp}, removed at the end. With BENCH_OUT set, the figures are also
# appended there as tab-separated "bench" lines.
set -u

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WINNOW=${WINNOW:-./winnow}
BUILD=${BUILD:-build}
GEN=$BUILD/gen_samples
DATA=$ROOT/../shared/data/alpaca_random13k/alpaca_random13k.json
TARGET=$ROOT/../shared/data/dolly_3k_alpagasus/dolly_3k_alpagasus.json
SIZES=${BENCH_SIZES:-100000 1000000}
LIMIT=50
[ $# -gt 0 ] && SIZES=$*

die() {
	echo "bench: $*" >&2
	exit 1
}

case $SIZES in
*[!0-9\ ]* | "") die "sizes must be row counts, e.g. BENCH_SIZES=10000 (got '$SIZES')" ;;
esac
[ -f "$DATA" ] || die "shared data not found: $DATA
  (the repo is expected to be checked out next to a shared/ folder holding data/alpaca_random13k/)"
[ -x "$WINNOW" ] || die "no winnow binary at WINNOW=$WINNOW (run make)"
[ -x "$GEN" ] || die "no data generator at $GEN (run make $GEN)"
command -v sqlite3 >/dev/null || die "the sqlite3 shell is needed (apt-get install sqlite3)"
HAVE_SU=0
command -v sqlite-utils >/dev/null && HAVE_SU=1

T=$(mktemp -d "${TMPDIR:-/tmp}/winnow-bench.XXXXXX") || die "cannot make a temp dir"
trap 'rm -rf "$T"' EXIT
trap 'exit 130' INT TERM
MEASURE=$T/measure
cc -O2 -o "$MEASURE" "$ROOT/tests/bench/measure.c" || die "cannot compile tests/bench/measure.c"

# ---- helpers ------------------------------------------------------------------------

# measure TAG CMD...: run CMD (stdin /dev/null, output to $T/TAG.log), set SECS and PEAK.
# A failing command stops the whole benchmark with its output.
measure() {
	_tag=$1
	shift
	"$MEASURE" "$T/$_tag.m" "$@" </dev/null >"$T/$_tag.log" 2>&1
	_rc=$?
	if [ $_rc -ne 0 ]; then
		echo "bench: FAILED (exit $_rc): $*" >&2
		tail -n 20 "$T/$_tag.log" >&2
		exit 1
	fi
	read -r SECS PEAK <"$T/$_tag.m"
}

# bytes FILE...: total size of the files that exist (a DB and its -wal, say).
bytes() {
	_n=0
	for _f; do
		[ -f "$_f" ] && _n=$((_n + $(wc -c <"$_f")))
	done
	echo $_n
}

commas() {
	echo "$1" | awk '{ s = sprintf("%d", $1); while (s ~ /[0-9][0-9][0-9][0-9]/) sub(/[0-9][0-9][0-9]($|,)/, ",&", s); print s }'
}

# out FIELDS...: one tab-separated line to $BENCH_OUT, if set.
out() {
	[ -n "${BENCH_OUT:-}" ] || return 0
	(IFS='	'; echo "bench	$*") >>"$BENCH_OUT"
}

# import_row LABEL TOOL SECS PEAK DB_BYTES: a line of the import table, and of $BENCH_OUT.
import_row() {
	awk -v l="$1" -v s="$3" -v p="$4" -v db="$5" -v r="$(commas "$(awk -v n="$N" -v s="$3" 'BEGIN { print n / s }')")" \
		-v b="$IN_BYTES" 'BEGIN {
		printf "%-30s %8.2f %10s %7.1f %8.1f %8s\n", l, s, r, b / 1048576 / s, p,
			db == "" ? "-" : sprintf("%.1f", db / 1048576) }'
	out import "$2" "$N" "seconds=$(awk -v s="$3" 'BEGIN { printf "%.3f", s }')" \
		"rows_per_s=$(awk -v n="$N" -v s="$3" 'BEGIN { printf "%.0f", n / s }')" \
		"mb_per_s=$(awk -v b="$IN_BYTES" -v s="$3" 'BEGIN { printf "%.1f", b / 1048576 / s }')" \
		"peak_mb=$4" ${5:+"db_mb=$(awk -v d="$5" 'BEGIN { printf "%.1f", d / 1048576 }')"}
}

ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2fx", a / b }'
}

# sql_quote TEXT: TEXT as an SQL string literal.
sql_quote() {
	printf "'%s'" "$(printf '%s' "$1" | sed "s/'/''/g")"
}

# count_rows DB SQL: the single number a query returns (fails with the query).
count_rows() {
	sqlite3 -bail "$1" "$2" </dev/null
}

# ---- machine ------------------------------------------------------------------------

CPU=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null)
CORES=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo "?")
RAM=$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo 2>/dev/null)
KERNEL=$(uname -r)
WHEN=$(date -u '+%Y-%m-%d %H:%M UTC')
SQLV=$(sqlite3 --version | cut -d' ' -f1)
SUV=$([ $HAVE_SU = 1 ] && sqlite-utils --version | awk '{ print $NF }' || echo "not installed")
WV=$("$WINNOW" version 2>/dev/null | head -n 1)

echo "winnow bench, $WHEN"
echo "machine: ${CPU:-unknown CPU}, $CORES cores, $RAM RAM, Linux $KERNEL"
echo "winnow:  ${WV:-$WINNOW (no version)}"
echo "tools:   sqlite3 $SQLV, sqlite-utils $SUV; MB = 2^20 bytes; times are wall clock"
echo "notes:   winnow and the sqlite3 floor use journal_mode=WAL, synchronous=NORMAL;"
echo "         sqlite-utils runs with its own defaults. The floor stores and indexes only the"
echo "         three text columns; winnow also keeps each row's raw JSON and metadata."
out machine "date=$WHEN" "cpu=$CPU" "cores=$CORES" "ram=$RAM" "kernel=$KERNEL" \
	"winnow=$WV" "sqlite3=$SQLV" "sqlite_utils=$SUV"

# ---- one size -----------------------------------------------------------------------

bench_import() {
	echo
	echo "== import, $(commas "$N") rows ($(awk -v b="$IN_BYTES" 'BEGIN { printf "%.1f", b / 1048576 }') MB JSONL) =="
	printf '%-30s %8s %10s %7s %8s %8s\n' tool seconds rows/s MB/s "peak MB" "db MB"

	# winnow
	measure import "$WINNOW" import "$J" --db "$T/w.db" --quiet
	W_SECS=$SECS
	got=$(count_rows "$T/w.db" "SELECT count(*) FROM samples") || die "cannot read $T/w.db"
	[ "$got" = "$N" ] || die "winnow imported $got rows, expected $N"
	import_row "winnow import" winnow "$SECS" "$PEAK" "$(bytes "$T/w.db" "$T/w.db-wal")"

	# SQLite floor, two ways; each on a fresh file.
	pragmas="PRAGMA journal_mode=WAL;
PRAGMA synchronous=NORMAL;"
	fts="CREATE VIRTUAL TABLE t_fts USING fts5(instruction, input, output, content='t', content_rowid='rowid');"
	cat >"$T/rebuild.sql" <<-EOF
		$pragmas
		.mode csv
		.import "$C" t
		$fts
		INSERT INTO t_fts(t_fts) VALUES('rebuild');
	EOF
	cat >"$T/insert.sql" <<-EOF
		$pragmas
		$fts
		.mode csv
		.import "$C" t
		INSERT INTO t_fts(rowid, instruction, input, output) SELECT rowid, instruction, input, output FROM t;
	EOF
	F_SECS=
	for way in rebuild insert; do
		rm -f "$T/f.db" "$T/f.db-wal" "$T/f.db-shm"
		measure "floor-$way" sqlite3 -bail "$T/f.db" ".read \"$T/$way.sql\""
		got=$(count_rows "$T/f.db" "SELECT count(*) FROM t") || die "cannot read $T/f.db"
		[ "$got" = "$N" ] || die "sqlite3 .import loaded $got rows, expected $N"
		case $way in
		rebuild) label="sqlite3 floor (rebuild)" ;;
		insert) label="sqlite3 floor (insert-select)" ;;
		esac
		import_row "$label" "sqlite3_$way" "$SECS" "$PEAK" "$(bytes "$T/f.db" "$T/f.db-wal")"
		if [ -z "$F_SECS" ] || awk -v a="$SECS" -v b="$F_SECS" 'BEGIN { exit !(a < b) }'; then
			F_SECS=$SECS
			F_WAY=$way
		fi
	done
	rm -f "$T/f.db" "$T/f.db-wal" "$T/f.db-shm"

	# sqlite-utils
	S_SECS=
	if [ $HAVE_SU = 1 ]; then
		measure su-insert sqlite-utils insert "$T/su.db" samples "$J" --nl
		s1=$SECS p1=$PEAK
		measure su-fts sqlite-utils enable-fts "$T/su.db" samples instruction input output
		s2=$SECS p2=$PEAK
		S_SECS=$(awk -v a="$s1" -v b="$s2" 'BEGIN { printf "%.3f", a + b }')
		speak=$(awk -v a="$p1" -v b="$p2" 'BEGIN { print (a > b ? a : b) }')
		got=$(count_rows "$T/su.db" "SELECT count(*) FROM samples") || die "cannot read $T/su.db"
		[ "$got" = "$N" ] || die "sqlite-utils inserted $got rows, expected $N"
		sz=$(bytes "$T/su.db" "$T/su.db-wal")
		import_row "sqlite-utils insert+fts" sqlite_utils "$S_SECS" "$speak" "$sz"
		import_row "  insert --nl" sqlite_utils_insert "$s1" "$p1" ""
		import_row "  enable-fts" sqlite_utils_fts "$s2" "$p2" ""
		rm -f "$T/su.db" "$T/su.db-wal" "$T/su.db-shm"
	else
		printf '%-30s %s\n' "sqlite-utils insert+fts" "skipped: not installed"
	fi

	line="ratio winnow/floor: $(ratio "$W_SECS" "$F_SECS") (floor = sqlite3 $F_WAY)"
	[ -n "$S_SECS" ] && line="$line   winnow/sqlite-utils: $(ratio "$W_SECS" "$S_SECS")"
	echo "$line"
	out ratio winnow_floor "$N" "ratio=$(ratio "$W_SECS" "$F_SECS" | tr -d x)" "floor=sqlite3_$F_WAY"
	[ -n "$S_SECS" ] && out ratio winnow_sqlite_utils "$N" "ratio=$(ratio "$W_SECS" "$S_SECS" | tr -d x)"
	return 0
}

# Best of 3 for each query: winnow search (a whole process), the sqlite3 shell running a bare
# FTS query (a whole process), and that query alone as the shell's .timer sees it.
bench_search() {
	echo
	echo "== search, $(commas "$N") rows: first $LIMIT hits, best of 3, ms =="
	printf '%-20s %9s %6s %10s %10s %10s\n' query matches hits winnow "sqlite3" "query only"
	set -- water photosynthesis '"machine learning"' 'response:explain'
	for q; do
		lit=$(sql_quote "$q")
		matches=$(count_rows "$T/w.db" "SELECT count(*) FROM samples_fts WHERE samples_fts MATCH $lit") ||
			die "FTS query $q failed on the winnow DB"
		hits=$(count_rows "$T/w.db" "SELECT min(count(*), $LIMIT) FROM samples_fts WHERE samples_fts MATCH $lit") ||
			die "FTS query $q failed on the winnow DB"
		# .timer only reports statements read from a file or stdin, not from arguments.
		printf '.output /dev/null\n.timer on\nSELECT rowid FROM samples_fts WHERE samples_fts MATCH %s LIMIT %d;\n' \
			"$lit" "$LIMIT" >"$T/query.sql"
		w_best='' s_best='' q_best=''
		for _ in 1 2 3; do
			measure search "$WINNOW" search "$q" --db "$T/w.db" --limit "$LIMIT"
			w_best=$(awk -v a="$SECS" -v b="$w_best" 'BEGIN { print (b == "" || a < b) ? a : b }')
			measure search-sql sqlite3 -bail "$T/w.db" ".read \"$T/query.sql\""
			s_best=$(awk -v a="$SECS" -v b="$s_best" 'BEGIN { print (b == "" || a < b) ? a : b }')
			qt=$(awk '/^Run Time:/ { print $4; exit }' "$T/search-sql.log")
			[ -n "$qt" ] || die "no .timer line from sqlite3: $(cat "$T/search-sql.log")"
			q_best=$(awk -v a="$qt" -v b="$q_best" 'BEGIN { print (b == "" || a < b) ? a : b }')
		done
		awk -v q="$q" -v m="$matches" -v h="$hits" -v w="$w_best" -v s="$s_best" -v t="$q_best" 'BEGIN {
			printf "%-20s %9d %6d %10.1f %10.1f %10s\n", q, m, h, w * 1000, s * 1000,
				(t + 0 == 0) ? "<1" : sprintf("%.0f", t * 1000) }'
		out search winnow "$N" "query=$q" "matches=$matches" "ms=$(awk -v s="$w_best" 'BEGIN { printf "%.1f", s * 1000 }')"
		out search sqlite3 "$N" "query=$q" "ms=$(awk -v s="$s_best" 'BEGIN { printf "%.1f", s * 1000 }')" \
			"query_ms=$(awk -v s="$q_best" 'BEGIN { printf "%.0f", s * 1000 }')"
	done
	echo "(winnow and sqlite3: whole process, start to exit; query only: sqlite3 .timer, 1 ms resolution)"
}

# The built-in scorers over the imported rows, on 2 threads and then on 1: the per-sample
# families (text, rules, lang: one pass), then near-duplicate clustering (dup), each
# timed alone. Version columns are reset before each run so it scores everything again.
bench_score() {
	echo "== score, $(commas "$N") rows: per-sample families (text+rules+lang), then dup =="
	printf "%-36s %8s %10s %8s\n" "run" "seconds" "samples/s" "peak MB"
	for th in 2 1; do
		for what in text,rules,lang dup; do
			case $what in
			dup) reset="v_dup = NULL" ;;
			*) reset="v_text = NULL, v_rules = NULL, v_lang = NULL" ;;
			esac
			sqlite3 "$T/w.db" "UPDATE scores SET $reset" 2>/dev/null
			measure "score$th$what" "$WINNOW" score --db "$T/w.db" --only "$what" --threads "$th" --quiet
			awk -v t="$th" -v w="$what" -v s="$SECS" -v p="$PEAK" -v n="$N" 'BEGIN {
				printf "%-36s %8.2f %10.0f %8.1f\n", "score --only " w " --threads " t, s, n / s, p }'
			out score winnow "$N" "only=$what" "threads=$th" "seconds=$SECS" \
				"samples_per_s=$(awk -v n="$N" -v s="$SECS" 'BEGIN { printf "%.0f", n / s }')" "peak_mb=$PEAK"
		done
	done
	echo "(whole process: start, reading, scoring, writing and committing every batch)"
	echo
}

# Selection over the scored rows: a threshold + rank recipe (10% budget) and the built-in
# default, each stored with its per-sample trace; then the diversity filter (DEITA) at a
# 10% budget on synthetic sparse vectors of the same count (tests/bench/bench_diverse.c),
# until the vectors work gives real ones.
bench_select() {
	echo "== select, $(commas "$N") rows =="
	printf "%-36s %8s %8s\n" "run" "seconds" "peak MB"
	printf '%s\n' '{"filter": ["resp_words >= 5", "not flag_refusal", "not flag_dup"],' \
		' "ranges": {"resp_ttr": {"min": 0.2}},' \
		' "rank": [{"score": "resp_mtld"}, {"score": "resp_words", "direction": "higher", "weight": 0.3}],' \
		' "budget": {"fraction": 0.1}}' >"$T/rank.json"
	for r in "$T/rank.json" default; do
		measure "select" "$WINNOW" select "$r" --db "$T/w.db"
		printf "%-36s %8.2f %8.1f\n" "select $(basename "$r")" "$SECS" "$PEAK"
		out select winnow "$N" "recipe=$(basename "$r")" "seconds=$SECS" "peak_mb=$PEAK"
	done
	cc -O2 -std=c11 -D_DEFAULT_SOURCE -I"$ROOT/src" -o "$T/bench_diverse" "$ROOT/tests/bench/bench_diverse.c" \
		"$ROOT/src/select/strategy_diverse.c" "$ROOT/src/select/strategy_rank.c" \
		"$ROOT/src/util/rng.c" "$ROOT/src/util/xalloc.c" -lm || die "cannot compile bench_diverse.c"
	measure "diverse" "$T/bench_diverse" "$N" $((N / 10)) 0.1
	sed 's/^/  /' "$T/diverse.log"
	printf "%-36s %8.2f %8.1f\n" "deita+kcenter (synthetic vectors)" "$SECS" "$PEAK"
	out diversity synthetic "$N" "seconds=$SECS" "peak_mb=$PEAK"
	echo
}

# The built-in trainer (winnow eval): forward + backward + AdamW of the default model
# (4 layers, 4 heads, width 128, 256 tokens, batch 8) on 1 and 2 threads, and beside it
# the same model, batch and sequence length in PyTorch on the CPU (tests/bench/torch_peer.py)
# when some python3 on the machine can import torch (Debian: python3-torch, with
# libopenblas0-pthread so that it does not fall back to the reference BLAS).
TRAIN_STEPS=${BENCH_TRAIN_STEPS:-8}
bench_trainer() {
	echo "== trainer: default GPT, batch 8 x 256 tokens, forward + backward + AdamW =="
	best=0
	for th in 1 2; do
		"$WINNOW" eval --bench "$TRAIN_STEPS" --threads "$th" >"$T/trainer$th.log" 2>&1 ||
			{ cat "$T/trainer$th.log" >&2; die "winnow eval --bench failed"; }
		tps=$(sed -n 's/.*: \([0-9]*\) tokens\/s$/\1/p' "$T/trainer$th.log")
		printf "%-30s %10s tokens/s\n" "winnow, threads $th" "$(commas "$tps")"
		out trainer winnow "threads=$th" "tokens_per_s=$tps"
		[ "$tps" -gt "$best" ] && best=$tps
	done
	py=
	for cand in python3 /usr/bin/python3; do
		if command -v "$cand" >/dev/null && "$cand" -c 'import torch' >/dev/null 2>&1; then
			py=$cand
			break
		fi
	done
	if [ -z "$py" ]; then
		echo "PyTorch peer: not run (no python3 here can import torch; on Debian:"
		echo "  apt-get install python3-torch libopenblas0-pthread)"
		echo
		return
	fi
	"$py" "$ROOT/tests/bench/torch_peer.py" --steps "$TRAIN_STEPS" --threads 1,2 \
		>"$T/torch.log" 2>"$T/torch.err" || { cat "$T/torch.err" >&2; die "torch_peer.py failed"; }
	tbest=0
	for th in 1 2; do
		tps=$(sed -n "s/.* $th threads: \([0-9]*\) tokens\/s$/\1/p" "$T/torch.log")
		printf "%-30s %10s tokens/s\n" "PyTorch $($py -c 'import torch; print(torch.__version__)' 2>/dev/null), threads $th" "$(commas "$tps")"
		out trainer torch "threads=$th" "tokens_per_s=$tps"
		[ "$tps" -gt "$tbest" ] && tbest=$tps
	done
	awk -v w="$best" -v t="$tbest" 'BEGIN { printf "%-30s %10.2fx (best of 1 and 2 threads each; target >= 1)\n", "winnow / PyTorch", w / t }'
	echo
}
bench_trainer
[ "${BENCH_ONLY:-}" = trainer ] && exit 0

# The corpus-fitted families, each on its own (fit over every sample, then score), on
# 2 threads: lm (n-gram perplexity and IFD) and rel (prompt-response relevance).
bench_lm() {
	echo "== fit + score, $(commas "$N") rows: lm and rel, 2 threads =="
	printf "%-30s %8s %10s %8s\n" "family" "seconds" "samples/s" "peak MB"
	for fam in lm rel; do
		sqlite3 "$T/w.db" "UPDATE scores SET v_$fam = NULL" 2>/dev/null
		measure "score-$fam" "$WINNOW" score --only "$fam" --db "$T/w.db" --threads 2 --quiet
		awk -v f="$fam" -v s="$SECS" -v p="$PEAK" -v n="$N" 'BEGIN {
			printf "%-30s %8.2f %10.0f %8.1f\n", "winnow score --only " f, s, n / s, p }'
		out score_fit "$fam" "$N" "threads=2" "seconds=$SECS" \
			"samples_per_s=$(awk -v n="$N" -v s="$SECS" 'BEGIN { printf "%.0f", n / s }')" "peak_mb=$PEAK"
	done
	echo
}

# The corpus steps one at a time on 2 threads: vec (document frequencies + a TF-IDF vector
# per sample), knn (vectors loaded, inverted index, k = 10), kmeans (sqrt(n/2) clusters)
# and dsir (towards the Dolly 3k set next to the Alpaca data, when it is there).
bench_vectors() {
	echo "== vectors, $(commas "$N") rows: one step at a time, 2 threads =="
	printf "%-30s %8s %10s %8s\n" "step" "seconds" "samples/s" "peak MB"
	for step in vec knn kmeans dsir; do
		set -- --only "$step"
		if [ "$step" = dsir ]; then
			[ -f "$TARGET" ] || { printf '%-30s %s\n' dsir "skipped: no $TARGET"; continue; }
			set -- "$@" --target "$TARGET"
		fi
		measure "vec-$step" "$WINNOW" score --db "$T/w.db" --threads 2 --quiet "$@"
		awk -v t="$step" -v s="$SECS" -v p="$PEAK" -v n="$N" 'BEGIN {
			printf "%-30s %8.2f %10.0f %8.1f\n", "winnow score --only " t, s, n / s, p }'
		out vectors "$step" "$N" "seconds=$SECS" \
			"samples_per_s=$(awk -v n="$N" -v s="$SECS" 'BEGIN { printf "%.0f", n / s }')" "peak_mb=$PEAK"
	done
	sz=$(count_rows "$T/w.db" "SELECT sum(length(vec)) FROM vectors") || die "no vectors table"
	echo "vectors table: $(awk -v b="$sz" -v n="$N" 'BEGIN { printf "%.1f MB, %.0f bytes a sample", b / 1048576, b / n }')"
	echo
}

for N in $SIZES; do
	J=$T/data.jsonl
	C=$T/data.csv
	rm -f "$T"/*.db "$T"/*.db-wal "$T"/*.db-shm "$J" "$C"
	"$GEN" --scale "$N" --from "$DATA" --out "$J" --csv "$C" --seed 1 >"$T/gen.log" 2>&1 ||
		{ cat "$T/gen.log" >&2; die "gen_samples --scale $N failed"; }
	IN_BYTES=$(bytes "$J")
	bench_import
	bench_search
	bench_score
	WINNOW=$WINNOW sh "$ROOT/tests/bench/tui.sh" "$T/w.db" || die "the TUI benchmark failed"
	WINNOW=$WINNOW sh "$ROOT/tests/bench/tune.sh" "$T/w.db" || die "the tuning benchmark failed"
	echo
	bench_lm
	bench_vectors
	bench_select
done

echo "== planted defects in samples/: the 3 best scores per defect kind, stratified ROC AUC (tests/defect_auc.sh) =="
WINNOW=$WINNOW sh "$ROOT/tests/defect_auc.sh" 3 || die "defect_auc.sh failed"
