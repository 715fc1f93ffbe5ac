/* commands.h: one handler per subcommand (src/cli/cmd_*.c), listed in main.c's table. */
#ifndef WINNOW_COMMANDS_H
#define WINNOW_COMMANDS_H

#include "cli.h"

int cmd_import(const struct command *cmd, int argc, char **argv);
int cmd_stats(const struct command *cmd, int argc, char **argv);
int cmd_search(const struct command *cmd, int argc, char **argv);
int cmd_show(const struct command *cmd, int argc, char **argv);
int cmd_score(const struct command *cmd, int argc, char **argv);
int cmd_scorers(const struct command *cmd, int argc, char **argv);
int cmd_scores(const struct command *cmd, int argc, char **argv);
int cmd_export(const struct command *cmd, int argc, char **argv);
int cmd_accept(const struct command *cmd, int argc, char **argv);
int cmd_reject(const struct command *cmd, int argc, char **argv);
int cmd_clear(const struct command *cmd, int argc, char **argv);
int cmd_undo(const struct command *cmd, int argc, char **argv);
int cmd_redo(const struct command *cmd, int argc, char **argv);
int cmd_log(const struct command *cmd, int argc, char **argv);
int cmd_select(const struct command *cmd, int argc, char **argv);
int cmd_why(const struct command *cmd, int argc, char **argv);
int cmd_recipe(const struct command *cmd, int argc, char **argv);
int cmd_eval(const struct command *cmd, int argc, char **argv);
int cmd_tui(const struct command *cmd, int argc, char **argv);

#endif
