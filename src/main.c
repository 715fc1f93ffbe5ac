/* main.c: winnow's entry point: a table of subcommands, one handler each. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <cjson/cJSON.h>
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/commands.h"
#include "store.h"

#define DECIDE_HELP \
	"A hand decision always wins over the recipe: 'winnow select' keeps every accepted\n" \
	"sample and leaves out every rejected one. Each action is one transaction with one\n" \
	"entry per changed sample in the audit log ('winnow log'); 'winnow undo' reverts it.\n\n" \
	"Options:\n" \
	"  ID...            sample IDs (as 'winnow search' and 'winnow show' print them)\n" \
	"  --where FILTER   every sample the filter matches, e.g.\n" \
	"                   'flag_refusal or resp_words < 3', 'verdict == none and dup_rep'\n" \
	"                   (see 'Filters' in README.md; 'winnow scorers' lists the names)\n" \
	"  --search FTS     every sample the full-text query matches (with --where: both)\n" \
	"  --recipe R       every sample the recipe R (a name or a file) chooses, before\n" \
	"                   any curator decision (with --where/--search: all of them)\n" \
	"  --reason R       why, kept in the audit log\n" \
	"  --note N         a free note, kept in the audit log\n" \
	"  --curator C      who decides (default: $WINNOW_CURATOR, else $USER)\n" \
	"  --quiet          print nothing on success\n"

static int cmd_help(const struct command *cmd, int argc, char **argv);
static int cmd_version(const struct command *cmd, int argc, char **argv);

static const struct command commands[] = {
	{"import", cmd_import, "FILE... [--db P] [--format F] [--skip-bad] [--bad-report F]",
	 "Read dataset files (JSONL or a JSON array) into a project file.",
	 "Formats are detected from the keys of the first row (or given with --format):\n"
	 "  alpaca             instruction, input, output\n"
	 "  dolly              instruction, context, response, category\n"
	 "  sharegpt           conversations: [{from, value}]  (human, gpt, system)\n"
	 "  messages           messages: [{role, content}]     (OpenAI chat; alias openai)\n"
	 "  prompt_completion  prompt, completion              (alias pc)\n"
	 "  text               text\n"
	 "  mixed              detect every row on its own\n"
	 "Unknown keys are kept: each row's JSON is stored as it was and exported unchanged.\n\n"
	 "Options:\n"
	 "  --db P          project file (default: DATA.winnow.db beside the first file,\n"
	 "                  or in the current folder if that one is read-only; or $WINNOW_DB)\n"
	 "  --format F      the format above instead of detecting it\n"
	 "  --skip-bad      import the good rows and list the bad ones in a report\n"
	 "  --bad-report F  where that report goes (default: PROJECT.bad.txt)\n"
	 "  --max-row-mb N  the largest row accepted, in MiB (default 16)\n"
	 "  --quiet         no progress bar, no summary\n\n"
	 "Without --skip-bad one bad row rejects the whole import and nothing is written.\n"
	 "Importing the same file again does nothing (files are known by their SHA-256).\n"},
	{"stats", cmd_stats, "[--db P]",
	 "Counts per dataset and format, turn counts and length distributions.", ""},
	{"search", cmd_search, "[QUERY] [--regex PAT] [--limit N] [--rank] [--count] [--db P]",
	 "Full-text search over prompts and responses; prints id, file:line and a snippet.",
	 "QUERY is FTS5 syntax: words (all must match), \"a phrase\", prefix*, OR, NOT,\n"
	 "NEAR(a b, 5), and column filters: prompt:word, response:word.\n\n"
	 "Options:\n"
	 "  --regex PAT   keep hits whose prompt or response matches this PCRE2 pattern\n"
	 "                (alone it scans every sample)\n"
	 "  --limit N     at most N hits (default 20, 0 for all)\n"
	 "  --rank        best matches first (bm25) instead of in file order\n"
	 "  --count       print only the number of matches\n"
	 "  --color WHEN  highlight matches: auto (default), always, never\n"},
	{"show", cmd_show, "ID [--raw] [--db P]",
	 "Print one sample: every turn, labelled by role.",
	 "Options:\n  --raw   print the row's original JSON instead\n"},
	{"export", cmd_export, "(--all | --ids FILE | --selection S [--rejected]) -o OUT [--as json|jsonl] [--to F]",
	 "Write samples back in their original JSON, byte for byte.",
	 "Options:\n"
	 "  --all         every sample, in dataset and file order\n"
	 "  --ids FILE    the samples whose IDs are listed in FILE, one a line ('-': stdin)\n"
	 "  --selection S a stored selection ('winnow select'), plus OUT.manifest.json: the\n"
	 "                recipe, seed, counts, input and output SHA-256s, scorer versions,\n"
	 "                the audit log's hash; the same command writes the same bytes\n"
	 "  --rejected    with --selection: every sample it leaves out instead\n"
	 "  --to FORMAT   rebuild each row from its turns as alpaca (the last exchange only),\n"
	 "                sharegpt or messages, instead of the original JSON\n"
	 "  -o OUT        the output file ('-' for standard output); written to a temporary\n"
	 "                file and renamed, so OUT is never half-written\n"
	 "  --as FORMAT   json (an array) or jsonl; default: json if OUT ends in .json\n"
	 "Exporting a whole JSON-array dataset as .json rebuilds the original file exactly.\n"},
	{"score", cmd_score, "[--only FAMILIES] [--threads N] [--rules FILE] [--target FILE] [--model CKPT] [--db P]",
	 "Compute automated quality scores for every sample not yet scored.",
	 "Runs each scorer family (see 'winnow scorers') over the samples whose scores are\n"
	 "missing or were made by another version of it, on every core, committing each\n"
	 "batch: Ctrl-C loses no finished batch, and running it again finishes the job.\n\n"
	 "Options:\n"
	 "  --only LIST    comma-separated families to run (text, rules, lang, lm, rel,\n"
	 "                 dup, vec, knn, kmeans, dsir)\n"
	 "  --threads N    worker threads (default: all cores)\n"
	 "  --rules FILE   rule file for the flags (default: the built-in rules;\n"
	 "                 'winnow scorers --rules' prints them)\n"
	 "  --dup-threshold J  near duplicates: MinHash Jaccard of word 5-shingles (0.8)\n"
	 "  --reference FILE  fit the lm family on this file of known-good samples (any\n"
	 "                 supported format) instead of on the project's own samples\n"
	 "  --knn K        knn_dist: distance to the K-th nearest neighbour (10)\n"
	 "  --clusters K   k-means clusters (default: sqrt(samples / 2), at most 1000)\n"
	 "  --target FILE  examples of the target task (any format 'import' reads): adds\n"
	 "                 dsir_logw, the DSIR importance weight; without it dsir is skipped\n"
	 "  --seed S       seed for k-means (0)\n"
	 "  --model CKPT   also the gpt family: IFD and response losses under a model\n"
	 "                 trained by winnow (winnow eval --save-models DIR writes them)\n"
	 "  --quiet        no progress bar, no summary\n"},
	{"scorers", cmd_scorers, "[--rules]", "List every score: its family, which way is better, what it measures.",
	 "Options:\n  --rules   print the built-in rule file instead (a starting point for --rules FILE)\n"},
	{"scores", cmd_scores, "export [-o FILE] [--format csv|jsonl] | import FILE --name N [...] | "
	 "auc --labels FILE",
	 "Export every sample's scores, import a score made elsewhere, or test scores on labels.",
	 "winnow scores export: one row per sample: id, dataset, line, one column per score.\n"
	 "  -o FILE           output file (default: standard output); written atomically\n"
	 "  --format F        csv (default) or jsonl; unscored values are empty / null\n\n"
	 "winnow scores import FILE --name N: a JSONL or CSV (by its .csv ending) file of\n"
	 "per-sample values (an LLM judge's rating, a reward model, IFD from a GPU) becomes the\n"
	 "score column N. All rows or none; a non-numeric value is an error naming its line.\n"
	 "  --key K           how rows find their sample: id (default), line (with a 'dataset'\n"
	 "                    field or --dataset when the project has several), or hash (the\n"
	 "                    SHA-256 of the row's original JSON without its line break)\n"
	 "  --key-field F     the field holding the key (default: the key's name)\n"
	 "  --field F         the field holding the value (default: score)\n"
	 "  --dataset NAME    with --key line: the dataset every row belongs to\n"
	 "  --direction D     higher (default) or lower is better\n"
	 "  --skip-unmatched  import the rows that match and list the others (default: refuse)\n\n"
	 "winnow scores auc --labels FILE: how well each score picks out labelled rows (a kind\n"
	 "of defect, rows a reviewer flagged) from the unlabelled rest, as ROC AUC with a 95%\n"
	 "interval (Hanley-McNeil). 1.0: every labelled row scores worse than every other row;\n"
	 "0.5: no better than chance. FILE is TSV with a header: file<TAB>line<TAB>kind (the\n"
	 "dataset's name and line, as samples/defects.tsv) or id<TAB>kind.\n"
	 "  --top N           the N best scores per label (default 3)\n"
	 "  --tsv             every (label, score) pair as TSV, for other tools\n"},
	{"accept", cmd_accept, "(ID... | --where FILTER | --search FTS | --recipe R) [--reason R] [--note N]"
	 " [--curator C]", "Accept samples by hand: they are kept whatever the recipe says.",
	 DECIDE_HELP},
	{"reject", cmd_reject, "(ID... | --where FILTER | --search FTS | --recipe R) [--reason R] [--note N]"
	 " [--curator C]", "Reject samples by hand: they are left out whatever the recipe says.",
	 DECIDE_HELP},
	{"clear", cmd_clear, "(ID... | --where FILTER | --search FTS | --recipe R) [--curator C]",
	 "Take back the decision on samples: the recipe decides again.", DECIDE_HELP},
	{"undo", cmd_undo, "[--curator C]", "Revert your last action (a bulk one as a whole).",
	 "Writes new audit entries that put every sample of your last action not yet undone\n"
	 "back as it was; the history is kept. A sample someone else has changed since is\n"
	 "left as it is. Run it again to go further back.\n\n"
	 "  --curator C   whose action (default: $WINNOW_CURATOR, else $USER)\n"},
	{"redo", cmd_redo, "[--curator C]", "Re-apply the action you last undid.",
	 "Possible until you make a new decision.\n\n"
	 "  --curator C   whose action (default: $WINNOW_CURATOR, else $USER)\n"},
	{"log", cmd_log, "[--curator C] [--since T] [--sample ID] [--limit N] [--jsonl]",
	 "Print the audit log: every decision, undo and redo, oldest first.",
	 "Each line: entry number, time (UTC), curator, action, kind, sample, old -> new\n"
	 "verdict, reason, note and the bulk query that chose the sample.\n\n"
	 "Options:\n"
	 "  --curator C  only this curator's entries\n"
	 "  --since T    entries at or after T: a UTC time (2026-11-24, 2026-11-24T10:30)\n"
	 "               or an age (90s, 30m, 2h, 7d)\n"
	 "  --sample ID  only this sample's history\n"
	 "  --limit N    only the newest N entries, newest first\n"
	 "  --jsonl      one JSON object per entry\n"},
	{"select", cmd_select, "[RECIPE | --recipe NAME|FILE] [--name S] [--seed N] [--dry-run] [--quiet] | --list | --rm S",
	 "Choose a subset: a recipe's filters, ranking, diversity and budget, then the curator's decisions.",
	 "Runs the recipe (default: the built-in 'default'; see 'winnow recipe list') and\n"
	 "prints how many samples are left after each step. The final selection is every\n"
	 "sample a curator accepted plus every sample the recipe chose that no curator\n"
	 "rejected. It is stored under its name (default: the recipe's) for 'winnow why'\n"
	 "and 'winnow export --selection'. The same recipe, seed and data give the same ids.\n\n"
	 "Options:\n"
	 "  --recipe R       a saved recipe's name, or a recipe file (JSON)\n"
	 "  --recipe-file F  a recipe file\n"
	 "  --name S         store the selection as S (replacing one of that name)\n"
	 "  --seed N         the seed for random and DSIR draws (overrides the recipe's)\n"
	 "  --dry-run        print the counts, store nothing\n"
	 "  --quiet          print nothing but warnings and errors\n"
	 "  --list           list the stored selections\n"
	 "  --rm S           remove a stored selection\n"},
	{"why", cmd_why, "ID [--selection S]",
	 "Explain why a sample is in or out of a selection.",
	 "Prints which filter steps it fails, its rank, the diversity, quota or budget step\n"
	 "that left it out, and the curator decision that overrode the recipe, as recorded\n"
	 "when the selection was made (default: the latest), and its decision now.\n"},
	{"recipe", cmd_recipe, "list | show NAME | save NAME FILE | import FILE [--name N] | export NAME [-o F] | check FILE | rm NAME",
	 "Manage selection recipes saved in the project.",
	 "A recipe is a JSON document (see 'Selection' in README.md): filter, ranges, flags,\n"
	 "search, regex, rank, normalize, diversity, budget, target, seed.\n\n"
	 "  list             the built-in 'default' and every saved recipe\n"
	 "  show NAME        the recipe in canonical form (every key, defaults written out)\n"
	 "  save NAME FILE   check FILE ('-': standard input) against the project and save it\n"
	 "  import FILE      the same, named after the file (or --name N)\n"
	 "  export NAME      write it to -o F (atomically) or standard output\n"
	 "  check FILE       check a recipe file and print its canonical form\n"
	 "  rm NAME          remove a saved recipe\n\n"
	 "Options:\n"
	 "  --force          let save/import replace a recipe of the same name\n"},
	{"eval", cmd_eval, "(--selection S | --ids FILE) [--eval-set F] [--budget TOKENS] [--equal steps|epochs] [--quick | --external CMD] | --list | --show RUN",
	 "Train on the subset, the full data and a random subset; compare them on held-out data.",
	 "Trains three models with the same configuration and budget: on every sample (full),\n"
	 "on the subset, and on a random subset of the subset's size. Each is scored by its mean\n"
	 "loss per response byte on one held-out set, and the run is stored in the project.\n"
	 "Reports SDF = |subset| / |full| and PIR = loss_full / loss_subset (> 1: the subset won),\n"
	 "the same against the random subset, and the survey's reference line. See README.\n\n"
	 "The comparison:\n"
	 "  --selection S      the subset: a stored selection (winnow select; its final ids,\n"
	 "                     the curator's decisions included)\n"
	 "  --ids FILE         or: one sample id a line ('-': standard input)\n"
	 "  --eval-set FILE    the held-out set: a dataset file in any import format (not\n"
	 "                     imported); default: a seeded random split no model trains on\n"
	 "  --eval-frac F      the split's share (default 0.1, at most 2000 samples)\n"
	 "  --budget TOKENS    training tokens per model (default 2000000)\n"
	 "  --equal steps      every model trains on the budget (default; the subset repeats)\n"
	 "  --equal epochs     every model makes the passes over its own data that the budget\n"
	 "                     buys the full model (the subset model gets less compute)\n"
	 "  --quick            a byte n-gram model instead of the transformer (seconds); each\n"
	 "                     counts --budget tokens, by default one pass over the subset\n"
	 "  --order N          the n-gram's order (default 5)\n"
	 "  --seed N           the split, the random subset, initialisation and order (1)\n"
	 "  --threads N        trainer threads (default: every core; results do not change)\n"
	 "  --save-models DIR  write full.ckpt, subset.ckpt and random.ckpt there (for\n"
	 "                     winnow score --model)\n"
	 "  --quiet            no progress line and no report\n\n"
	 "Another training stack instead of the built-in one:\n"
	 "  --external 'CMD'   run CMD once per model; it trains on {train}, scores on {eval}\n"
	 "                     and writes {\"value\": X, \"metric\": \"loss\"} to {out}. Also\n"
	 "                     {model} {dir} {run} {seed} {budget}; each becomes one quoted\n"
	 "                     word, and WINNOW_TRAIN, WINNOW_EVAL, ... are set too\n"
	 "  --work-dir DIR     keep the sets, results and logs there (default: a temporary\n"
	 "                     folder, removed after a run that succeeds)\n\n"
	 "The transformer (defaults): --layers 4 --heads 4 --width 128 --seq 256 --batch 8\n"
	 "  --lr 1e-3 --weight-decay 0.1 (AdamW, 5% warm-up, cosine to 10%, clip 1.0)\n\n"
	 "Other actions:\n"
	 "  --list             every stored run, one a line\n"
	 "  --show RUN         one run: configuration, figures, loss curves\n"
	 "  --export-sets DIR  write the three training sets and the held-out set as JSONL with\n"
	 "                     manifest.json, to train elsewhere (with the options above)\n"
	 "  --import-result F  record an external result: {\"run\", \"metric\", \"direction\",\n"
	 "                     \"full\", \"subset\", \"random\"}\n"
	 "  --bench STEPS      time the trainer: tokens/s of forward + backward + update\n"
	 "Ctrl-C stops a run; it stays in the project marked cancelled.\n"},
	{"tui", cmd_tui, "[FILE...] [--db P] [--headless --keys K [--size CxR]]",
	 "Review samples in a terminal: browse, sort, search, read with scores.",
	 "Opens the project (--db, $WINNOW_DB or the one *.winnow.db here). Given dataset\n"
	 "files, it imports and scores them first, with a gauge (Esc cancels). 'winnow' with\n"
	 "no command does the same when it finds a project file. Press ? inside for the keys.\n\n"
	 "Options:\n"
	 "  --db P        project file (default: as for import when FILEs are given)\n"
	 "  --headless    no terminal: read keys from --keys and print screens (for tests)\n"
	 "  --keys K      the key script: lines 'key j <Enter>', 'type text', 'dump LABEL',\n"
	 "                'resize 80x24' ('-': standard input)\n"
	 "  --size CxR    the headless screen size (default 100x30)\n"
	 "Environment: NO_COLOR=1 no colours; WINNOW_TUI_COLUMNS=a,b the list's columns.\n"},
	{"help", cmd_help, "[COMMAND]", "Show help for winnow or for one command.", ""},
	{"version", cmd_version, "", "Print the version of winnow and its libraries.", ""},
};

#define N_COMMANDS (sizeof(commands) / sizeof(commands[0]))

static const struct command *
find_command(const char *name)
{
	for (size_t i = 0; i < N_COMMANDS; i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

static void
usage(FILE *fp)
{
	fprintf(fp, "winnow %s: curate LLM fine-tuning datasets\n\n"
		    "usage: winnow COMMAND [ARGS]\n\ncommands:\n", WINNOW_VERSION);
	for (size_t i = 0; i < N_COMMANDS; i++)
		fprintf(fp, "  %-9s %s\n", commands[i].name, commands[i].summary);
	fprintf(fp, "\nRun 'winnow COMMAND --help' for a command's options.\n"
		    "Exit codes: 0 ok, 1 runtime error, 2 usage, 3 bad input data,\n"
		    "            4 file not readable/writable, 5 not found, 130 interrupted.\n");
}

static int
cmd_help(const struct command *cmd, int argc, char **argv)
{
	(void)cmd;
	if (argc > 1) {
		const struct command *c = find_command(argv[1]);
		if (!c) {
			fprintf(stderr, "winnow help: no command '%s'\n", argv[1]);
			return EXIT_USAGE;
		}
		return cli_help(c);
	}
	usage(stdout);
	return EXIT_OK;
}

static int
cmd_version(const struct command *cmd, int argc, char **argv)
{
	char pcre[64] = "?";

	(void)cmd;
	(void)argc;
	(void)argv;
	pcre2_config(PCRE2_CONFIG_VERSION, pcre);
	printf("winnow %s (SQLite %s, PCRE2 %s, cJSON %s)\n", WINNOW_VERSION, store_sqlite_version(),
	       pcre, cJSON_Version());
	return EXIT_OK;
}

/* `winnow` alone: the TUI when a project file is found and this is a terminal. */
static int
tui_or_usage(void)
{
	struct err err = {0};
	char *path = cli_project_path(NULL, NULL, &err);
	char *argv[] = {"tui", NULL};

	if (!path || !isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		free(path);
		usage(stderr);
		return EXIT_USAGE;
	}
	free(path);
	return cmd_tui(find_command("tui"), 1, argv);
}

int
main(int argc, char **argv)
{
	const struct command *cmd;

	if (argc < 2)
		return tui_or_usage();
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)
		return cmd_help(NULL, 1, argv);
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0)
		return cmd_version(NULL, 0, NULL);
	cmd = find_command(argv[1]);
	if (!cmd) {
		fprintf(stderr, "winnow: unknown command '%s'\nRun 'winnow --help' for the list.\n",
			argv[1]);
		return EXIT_USAGE;
	}
	return cmd->fn(cmd, argc - 1, argv + 1);
}
