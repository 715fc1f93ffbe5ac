/* main.c: winnow's entry point: a table of subcommands, one handler each. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <cjson/cJSON.h>
#include <pcre2.h>
#include <stdio.h>
#include <string.h>

#include "cli/commands.h"
#include "store.h"

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
	{"export", cmd_export, "(--all | --ids FILE) -o OUT [--as json|jsonl] [--db P]",
	 "Write samples back in their original JSON, byte for byte.",
	 "Options:\n"
	 "  --all         every sample, in dataset and file order\n"
	 "  --ids FILE    the samples whose IDs are listed in FILE, one a line ('-': stdin)\n"
	 "  -o OUT        the output file ('-' for standard output); written to a temporary\n"
	 "                file and renamed, so OUT is never half-written\n"
	 "  --as FORMAT   json (an array) or jsonl; default: json if OUT ends in .json\n"
	 "Exporting a whole JSON-array dataset as .json rebuilds the original file exactly.\n"},
	{"score", cmd_score, "[--only FAMILIES] [--threads N] [--rules FILE] [--target FILE] [--db P]",
	 "Compute automated quality scores for every sample not yet scored.",
	 "Runs each scorer family (see 'winnow scorers') over the samples whose scores are\n"
	 "missing or were made by another version of it, on every core, committing each\n"
	 "batch: Ctrl-C loses no finished batch, and running it again finishes the job.\n\n"
	 "Options:\n"
	 "  --only LIST    comma-separated families to run (text, rules, lang, dup, vec,\n"
	 "                 knn, kmeans, dsir)\n"
	 "  --threads N    worker threads (default: all cores)\n"
	 "  --rules FILE   rule file for the flags (default: the built-in rules;\n"
	 "                 'winnow scorers --rules' prints them)\n"
	 "  --dup-threshold J  near duplicates: MinHash Jaccard of word 5-shingles (0.8)\n"
	 "  --knn K        knn_dist: distance to the K-th nearest neighbour (10)\n"
	 "  --clusters K   k-means clusters (default: sqrt(samples / 2), at most 1000)\n"
	 "  --target FILE  examples of the target task (any format 'import' reads): adds\n"
	 "                 dsir_logw, the DSIR importance weight; without it dsir is skipped\n"
	 "  --seed S       seed for k-means (0)\n"
	 "  --quiet        no progress bar, no summary\n"},
	{"scorers", cmd_scorers, "[--rules]", "List every score: its family, which way is better, what it measures.",
	 "Options:\n  --rules   print the built-in rule file instead (a starting point for --rules FILE)\n"},
	{"scores", cmd_scores, "export [-o FILE] [--format csv|jsonl] | import FILE --name N [...]",
	 "Export every sample's scores for other tools, or import a score made elsewhere.",
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
	 "  --skip-unmatched  import the rows that match and list the others (default: refuse)\n"},
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

int
main(int argc, char **argv)
{
	const struct command *cmd;

	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
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
