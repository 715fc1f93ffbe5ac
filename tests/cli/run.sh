#!/bin/sh
# CLI tests: fixed arguments and input -> stdout/stderr and exit code, against the real
# binary. Prints "cli: N passed, N failed". Needs WINNOW (the binary) and samples/.
set -u
WINNOW=$(cd "$(dirname "$WINNOW")" && pwd)/$(basename "$WINNOW")
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SAMPLES=$ROOT/samples
T=$(mktemp -d "${TMPDIR:-/tmp}/winnow-cli-XXXXXX")
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 1
export HOME="$T" TZ=UTC LC_ALL=C.UTF-8 NO_COLOR=1
unset WINNOW_DB
pass=0 fail=0 name=""

# run NAME CODE CMD...: run CMD, keep out/err, check the exit code.
run() {
	name=$1 want=$2
	shift 2
	"$@" >out.txt 2>err.txt </dev/null
	got=$?
	if [ "$got" = "$want" ]; then ok; else bad "exit $got, expected $want"; fi
}
ok() { pass=$((pass + 1)); }
bad() {
	fail=$((fail + 1))
	echo "FAIL $name: $1"
	sed 's/^/    stderr: /' err.txt | head -5
}
# expect_out TEXT: stdout is exactly TEXT (plus the final newline).
expect_out() {
	printf '%s\n' "$1" >want.txt
	if cmp -s out.txt want.txt; then ok; else bad "stdout differs:"; diff want.txt out.txt | head -20; fi
}
# expect_err TEXT: stderr contains TEXT.
expect_err() { if grep -qF -- "$1" err.txt; then ok; else bad "stderr lacks '$1'"; fi; }
expect_outc() { if grep -qF -- "$1" out.txt; then ok; else bad "stdout lacks '$1'"; fi; }
# same A B: files are byte-identical.
same() { if cmp -s "$1" "$2"; then ok; else bad "$1 and $2 differ"; fi; }
absent() { if [ ! -e "$1" ]; then ok; else bad "$1 should not exist"; fi; }
samples_in() { "$WINNOW" search --count --regex . --db "$1" 2>/dev/null || echo none; }

# ---- basics and usage errors ----
run version 0 "$WINNOW" --version;             expect_outc "winnow 0.1.0 (SQLite"
run help 0 "$WINNOW" --help;                   expect_outc "import    Read dataset files"
run help_cmd 0 "$WINNOW" import --help;        expect_outc "--skip-bad"
run no_args 2 "$WINNOW"
run unknown_cmd 2 "$WINNOW" frobnicate;        expect_err "unknown command 'frobnicate'"
run import_no_files 2 "$WINNOW" import;        expect_err "no input files"
run import_bad_opt 2 "$WINNOW" import --nope x.jsonl
run import_bad_format 2 "$WINNOW" import --format csv x.jsonl; expect_err "unknown format 'csv'"
run show_not_a_number 2 "$WINNOW" show abc --db x.db
run no_project 2 "$WINNOW" stats;              expect_err "no project file here"
run missing_project 5 "$WINNOW" stats --db nope.db; expect_err "no such project file"

# ---- round trips: every sample format, export, compare bytes ----
for f in alpaca.json alpaca.jsonl dolly.jsonl sharegpt.json messages.jsonl prompt_completion.jsonl text.jsonl; do
	ext=${f##*.}
	run "import_$f" 0 "$WINNOW" import "$SAMPLES/$f" --db "rt_$f.db" --quiet
	run "export_$f" 0 "$WINNOW" export --all -o "rt_$f.out.$ext" --db "rt_$f.db"
	name="roundtrip_$f"; same "rt_$f.out.$ext" "$SAMPLES/$f"
done
run exact_json 0 "$WINNOW" export --all -o again.json --db rt_alpaca.json.db
expect_err "wrote 300 rows (JSON array) to again.json, the original file byte for byte"
# A JSON array exported as JSONL: one compact row a line, each parses back the same.
run array_as_jsonl 0 "$WINNOW" export --all -o arr.jsonl --db rt_sharegpt.json.db
run reimport_jsonl 0 "$WINNOW" import arr.jsonl --db arr.db --quiet
name=array_as_jsonl_rows
[ "$(wc -l <arr.jsonl)" = "$(samples_in rt_sharegpt.json.db)" ] && ok || bad "row count"
run show_same_after_jsonl 0 "$WINNOW" show 7 --db arr.db; cp out.txt a7.txt
run show_orig 0 "$WINNOW" show 7 --db rt_sharegpt.json.db; sed 's/arr.jsonl/sharegpt.json/' a7.txt >a7b.txt
name=jsonl_turns_equal; sed '1d' a7b.txt >x1; sed '1d' out.txt >x2; same x1 x2

# ---- re-import is a no-op; a second file is a second dataset ----
run reimport 0 "$WINNOW" import "$SAMPLES/alpaca.jsonl" --db rt_alpaca.jsonl.db
expect_outc "already imported as dataset 1; nothing to do"
run second_file 0 "$WINNOW" import "$SAMPLES/dolly.jsonl" --db rt_alpaca.jsonl.db
expect_outc "as dataset 2"
run stats 0 "$WINNOW" stats --db rt_alpaca.jsonl.db
expect_outc "project rt_alpaca.jsonl.db: 400 samples in 2 datasets"
expect_outc "dolly                    200   50.0%"

# ---- bad input: each rejects the whole import, names file:line and field, writes nothing ----
printf '{"instruction":"a","output":"b"}\n{"instruction":"c", "output": }\n' >malformed.jsonl
run malformed 3 "$WINNOW" import malformed.jsonl --db bad.db
expect_err "malformed.jsonl:2: malformed JSON"
expect_err "nothing was imported"
name=malformed_wrote_nothing; [ "$(samples_in bad.db)" = 0 ] && ok || bad "rows were written"
printf '{"instruction":"a","output":"b"}\n{"instruction":"c"}\n' >missing.jsonl
run missing_field 3 "$WINNOW" import missing.jsonl --db bad.db; expect_err "missing.jsonl:2: missing field 'output'"
printf '{"instruction":"a","output":["b"]}\n' >wrongtype.jsonl
run wrong_type 3 "$WINNOW" import wrongtype.jsonl --db bad.db
expect_err "wrongtype.jsonl:1: field 'output': expected a string, found an array"
run bad_utf8 3 "$WINNOW" import "$SAMPLES/bad_utf8.jsonl" --db bad.db
expect_err "bad_utf8.jsonl:1: field 'output': invalid UTF-8"
: >empty.jsonl
run empty_file 3 "$WINNOW" import empty.jsonl --db bad.db; expect_err "empty.jsonl: the file is empty"
printf '[]\n' >emptyarr.json
run empty_array 3 "$WINNOW" import emptyarr.json --db bad.db; expect_err "no samples in the file"
printf '{"instruction":"a","output":"b"}\n{"messages":[{"role":"user","content":"q"},{"role":"assistant","content":"a"}]}\n' >mixed.jsonl
run mixed_formats 3 "$WINNOW" import mixed.jsonl --db bad.db
expect_err "mixed.jsonl:2: this row is messages"
run mixed_allowed 0 "$WINNOW" import mixed.jsonl --format mixed --db mixed.db
run no_such_file 4 "$WINNOW" import does-not-exist.jsonl --db bad.db; expect_err "does-not-exist.jsonl: cannot open"
mkdir adir
run directory 4 "$WINNOW" import adir --db bad.db; expect_err "is a directory"
printf '{"data": [1]}\n' >object.json
run unknown_keys 3 "$WINNOW" import object.json --db bad.db; expect_err "found keys: data"
name=bad_db_still_empty; [ "$(samples_in bad.db)" = 0 ] && ok || bad "bad.db has rows"
# a 50 MB line: rejected by the default row limit with a clear message, accepted when raised
{ printf '{"instruction":"big","output":"'; head -c 52428800 /dev/zero | tr '\0' 'x'; printf '"}\n{"instruction":"a","output":"b"}\n'; } >big.jsonl
run line_50mb 3 "$WINNOW" import big.jsonl --db bad.db; expect_err "big.jsonl:1: row is 50.0 MB, over the 16.0 MB limit"
run line_50mb_skip 0 "$WINNOW" import big.jsonl --db big.db --skip-bad --quiet
name=line_50mb_skip_rows; [ "$(samples_in big.db)" = 1 ] && ok || bad "expected 1 row"
run line_50mb_allowed 0 "$WINNOW" import big.jsonl --db big2.db --max-row-mb 64 --quiet
name=line_50mb_allowed_rows; [ "$(samples_in big2.db)" = 2 ] && ok || bad "expected 2 rows"
rm -f big.jsonl

# ---- --skip-bad: good rows in, a report of the bad ones ----
run skip_bad 0 "$WINNOW" import "$SAMPLES/bad_utf8.jsonl" --db skip.db --skip-bad
expect_outc "34 samples (alpaca) as dataset 1, 6 bad rows skipped"
name=skip_report; [ "$(wc -l <skip.bad.txt)" = 6 ] && ok || bad "report lines"
grep -q "bad_utf8.jsonl:40: field 'output': invalid UTF-8" skip.bad.txt && ok || bad "report text"

# ---- search, show (golden) ----
cat >g.jsonl <<'JSONL'
{"instruction":"How do I get a refund?","input":"","output":"Ask the shop for a refund within 30 days."}
{"instruction":"Name a colour.","input":"","output":"Blue."}
{"instruction":"Translate to French","input":"I want a refund","output":"Je veux un remboursement."}
JSONL
run g_import 0 "$WINNOW" import g.jsonl --quiet
run search_fts 0 "$WINNOW" search refund
expect_out "     1  g.jsonl:1  How do I get a **refund**?
     3  g.jsonl:3  Translate to French  I want a **refund**"
run search_column 0 "$WINNOW" search 'response:refund'
expect_out "     1  g.jsonl:1  Ask the shop for a **refund** within 30 days."
run search_regex 0 "$WINNOW" search --regex 'rem[a-z]+ment'
expect_out "     3  g.jsonl:3  Je veux un **remboursement**."
run search_both 0 "$WINNOW" search refund --regex '^Ask'
expect_out "     1  g.jsonl:1  How do I get a **refund**?"
run search_count 0 "$WINNOW" search --count refund; expect_out "2"
run search_none 0 "$WINNOW" search zebra; expect_err "no matches"
run search_bad_fts 2 "$WINNOW" search 'refund AND'; expect_err "syntax error"
run search_bad_regex 2 "$WINNOW" search --regex '(a'; expect_err "missing closing parenthesis at offset 2"
run show 0 "$WINNOW" show 3
expect_out "sample 3  ·  g.jsonl:3  ·  alpaca  ·  2 turns
── 1 user ──────────────────────────────────────────────────────
Translate to French

I want a refund
── 2 assistant ─────────────────────────────────────────────────
Je veux un remboursement."
run show_raw 0 "$WINNOW" show 2 --raw
expect_out '{"instruction":"Name a colour.","input":"","output":"Blue."}'
run show_missing 5 "$WINNOW" show 42; expect_err "no sample with id 42"

# ---- scores ----
run score 0 "$WINNOW" score --db g.winnow.db --threads 2
expect_outc "text   3 samples (version text-1)"
expect_outc "rules  3 samples (version"
expect_outc "scored together, one read and write per sample"
run score_again 0 "$WINNOW" score --db g.winnow.db
expect_outc "text   up to date (version text-1)"
run score_unknown 2 "$WINNOW" score --db g.winnow.db --only nosuch; expect_err "no scorer family 'nosuch'"
printf 'refusal response (unclosed\n' >bad.rules
run score_bad_rules 3 "$WINNOW" score --db g.winnow.db --rules bad.rules; expect_err "bad.rules:1"
run scorers 0 "$WINNOW" scorers; expect_outc "resp_ttr"; expect_outc "flag_refusal"; expect_outc "flag_dup"
run scorers_rules 0 "$WINNOW" scorers --rules; expect_outc "refusal       response"
"$WINNOW" scorers --rules >my.rules 2>/dev/null
run score_own_rules 0 "$WINNOW" score --db g.winnow.db --rules my.rules --only rules
expect_outc "rules  up to date"
sed 's/^refusal /refusal2 /' my.rules >my2.rules
run score_one_stale_family 0 "$WINNOW" score --db g.winnow.db --rules my2.rules
expect_outc "rules  3 samples in"; expect_outc "text   up to date"; expect_outc "lang   up to date"
name=score_one_stale_family_alone; grep -q "scored together" out.txt && bad "only rules was stale" || ok
run scores_export 0 "$WINNOW" scores export --db g.winnow.db
name=scores_export_header; head -1 out.txt | grep -q '^id,dataset,line,prompt_words,' && ok || bad "csv header"
name=scores_export_rows; [ "$(wc -l <out.txt)" = 4 ] && ok || bad "3 rows + header"
run scores_export_jsonl 0 "$WINNOW" scores export --db g.winnow.db --format jsonl -o sc.jsonl
name=scores_jsonl_row2; sed -n 2p sc.jsonl | grep -q '^{"id":2,"dataset":"g.jsonl","line":2,"prompt_words":3,' && ok || bad "jsonl row: $(sed -n 2p sc.jsonl | cut -c1-80)"
run scores_no_verb 2 "$WINNOW" scores --db g.winnow.db

# ---- scores import ----
printf '{"id":1,"score":4.5}\n{"id":3,"score":2}\n' >judge.jsonl
run scores_import_id 0 "$WINNOW" scores import judge.jsonl --name judge --db g.winnow.db
expect_out "judge.jsonl: 2 values imported as score 'judge'"
printf 'line,rating\r\n1,"7"\r\n2,8.5\r\n' >judge.csv
run scores_import_csv 0 "$WINNOW" scores import judge.csv --name rating --key line --field rating --db g.winnow.db
h=$(sed -n 2p g.jsonl | tr -d '\n' | sha256sum | cut -c1-64)
printf '{"hash":"%s","rm":0.25}\n{"hash":"%s","rm":1}\n' "$h" 0000 >rm.jsonl
run scores_import_unmatched 3 "$WINNOW" scores import rm.jsonl --name rm --key hash --field rm --db g.winnow.db
expect_err "1 keys match no sample (line 2 (0000)); nothing was imported"
run scores_import_skip 0 "$WINNOW" scores import rm.jsonl --name rm --key hash --field rm --skip-unmatched --db g.winnow.db
expect_outc "1 values imported as score 'rm'; 1 rows matched no sample"
run scores_export_imported 0 "$WINNOW" scores export --db g.winnow.db
name=scores_import_values; if grep -q '^1,"g.jsonl",1,.*,4.5,7,$' out.txt && grep -q '^2,"g.jsonl",2,.*,,8.5,0.25$' out.txt; then ok; else bad "values: $(cut -c1-20 out.txt | head -3) / $(tail -3 out.txt | rev | cut -d, -f1-3 | rev)"; fi
printf '{"id":2,"score":"high"}\n' >nan.jsonl
run scores_import_nonnumeric 3 "$WINNOW" scores import nan.jsonl --name j5 --db g.winnow.db
expect_err "nan.jsonl:1: field 'score': 'high' is not a number"
run scores_import_builtin 2 "$WINNOW" scores import judge.jsonl --name resp_ttr --db g.winnow.db; expect_err "is a built-in score"
run scores_import_noname 2 "$WINNOW" scores import judge.jsonl --db g.winnow.db

# ---- export by ids; failures leave no file ----
printf '3\n# a comment\n1\n' >ids.txt
run export_ids 0 "$WINNOW" export --ids ids.txt -o sub.jsonl
printf '%s\n%s\n' '{"instruction":"Translate to French","input":"I want a refund","output":"Je veux un remboursement."}' \
	'{"instruction":"How do I get a refund?","input":"","output":"Ask the shop for a refund within 30 days."}' >want_sub.jsonl
name=export_ids_bytes; same sub.jsonl want_sub.jsonl
printf '1\n99\n' >badids.txt
run export_unknown_id 5 "$WINNOW" export --ids badids.txt -o never.jsonl; expect_err "no sample with id 99"
absent never.jsonl
name=no_temp_left; if ls never.jsonl.tmp.* >/dev/null 2>&1; then bad "temp file left"; else ok; fi
run export_no_rows_choice 2 "$WINNOW" export -o x.jsonl
run export_stdout 0 "$WINNOW" export --all -o - --as jsonl
name=export_stdout_lines; [ "$(wc -l <out.txt)" = 3 ] && ok || bad "3 lines expected"
run env_db 0 env WINNOW_DB=g.winnow.db "$WINNOW" search --count --regex Blue; expect_out "1"
cp g.winnow.db h.winnow.db
run several_projects 2 "$WINNOW" stats; expect_err "several project files here"

# ---- one file per feature: tests/cli/t_*.sh, each run in a fresh folder with the
# helpers above (run, expect_out, expect_err, same, absent, ...) ----
for f in "$ROOT"/tests/cli/t_*.sh; do
	[ -e "$f" ] || continue
	d=$(mktemp -d "$T/t-XXXXXX") && cd "$d" || exit 1
	. "$f"
	cd "$T" || exit 1
done

echo "cli: $pass passed, $fail failed"
[ "$fail" = 0 ]
