/* run_cmd.c: see run_cmd.h. */
#include "run_cmd.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "util/progress.h"
#include "util/xalloc.h"

#define GRACE_SECONDS 5.0

/* In the child: never returns. Only async-signal-safe calls after fork, except putenv,
 * which is safe here because the child is single-threaded from the fork on and execs. */
static void
child(const char *cmd, const char *const *env, int log_fd)
{
	int null_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);

	setpgid(0, 0);
	if (null_fd >= 0)
		dup2(null_fd, STDIN_FILENO);
	dup2(log_fd, STDOUT_FILENO);
	dup2(log_fd, STDERR_FILENO);
	for (size_t i = 0; env && env[i]; i++)
		putenv((char *)env[i]);
	execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
	_exit(127);
}

static void
nap(double seconds)
{
	struct timespec ts = {0, (long)(seconds * 1e9)};

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

/* Wait for pid, polling; on a stop, end its group. OUT: *status. */
static bool
wait_child(pid_t pid, run_cmd_poll poll, void *ctx, double t0, int *status)
{
	double stop_at = 0;
	bool stopped = false;

	for (;;) {
		pid_t got = waitpid(pid, status, WNOHANG);
		if (got == pid || (got < 0 && errno != EINTR))
			return stopped;
		double now = progress_now();
		if (!stopped && poll && !poll(ctx, now - t0)) {
			stopped = true;
			stop_at = now;
			kill(-pid, SIGTERM);
		} else if (stopped && now - stop_at > GRACE_SECONDS) {
			kill(-pid, SIGKILL);
		}
		nap(0.05);
	}
}

enum status
run_cmd(const char *cmd, const char *const *env, const char *log_path, run_cmd_poll poll,
	void *ctx, struct run_cmd_result *res, struct err *err)
{
	int log_fd = open(log_path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0666), status = 0;
	double t0 = progress_now();
	pid_t pid;
	bool stopped;

	memset(res, 0, sizeof(*res));
	if (log_fd < 0)
		return err_set(err, ST_IO, "%s: cannot open the log: %s", log_path, strerror(errno));
	pid = fork();
	if (pid < 0) {
		close(log_fd);
		return err_set(err, ST_ERROR, "cannot start a process: %s", strerror(errno));
	}
	if (pid == 0)
		child(cmd, env, log_fd);
	setpgid(pid, pid);	/* also here, so a stop right away finds the group */
	close(log_fd);
	stopped = wait_child(pid, poll, ctx, t0, &status);
	res->seconds = progress_now() - t0;
	res->exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
	res->signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
	if (stopped)
		return err_set(err, ST_CANCELLED, "stopped the command");
	return ST_OK;
}
