/* atomic_file.c: temp file + fsync + rename. */
#include "atomic_file.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "xalloc.h"

enum status
atomic_file_open(struct atomic_file *af, const char *path, struct err *err)
{
	struct stat sb;

	memset(af, 0, sizeof(*af));
	if (strcmp(path, "-") == 0) {
		af->fp = stdout;
		return ST_OK;
	}
	af->path = xstrdup(path);
	if (stat(path, &sb) == 0 && !S_ISREG(sb.st_mode)) {
		if (S_ISDIR(sb.st_mode)) {
			enum status st = err_set(err, ST_IO, "%s: is a directory", path);
			atomic_file_abort(af);
			return st;
		}
		af->fp = fopen(path, "wb");	/* a device or pipe: in place */
		if (!af->fp) {
			enum status st = err_set(err, ST_IO, "%s: %s", path, strerror(errno));
			atomic_file_abort(af);
			return st;
		}
		return ST_OK;
	}
	af->tmp = xasprintf("%s.tmp.XXXXXX", path);
	int fd = mkstemp(af->tmp);
	if (fd < 0) {
		enum status st = err_set(err, ST_IO, "%s: cannot create a temporary file: %s", path,
					 strerror(errno));
		atomic_file_abort(af);
		return st;
	}
	af->fp = fdopen(fd, "wb");
	if (!af->fp) {
		close(fd);
		enum status st = err_set(err, ST_IO, "%s: %s", path, strerror(errno));
		atomic_file_abort(af);
		return st;
	}
	setvbuf(af->fp, NULL, _IOFBF, 1 << 20);
	return ST_OK;
}

enum status
atomic_file_commit(struct atomic_file *af, struct err *err)
{
	enum status st = ST_OK;

	if (!af->path) {	/* stdout */
		if (fflush(af->fp) != 0)
			st = err_set(err, ST_IO, "standard output: %s", strerror(errno));
		af->fp = NULL;
		return st;
	}
	if (!af->tmp) {		/* written in place: a device or a pipe */
		if (fflush(af->fp) != 0 || ferror(af->fp))
			st = err_set(err, ST_IO, "%s: write failed: %s", af->path, strerror(errno));
		if (fclose(af->fp) != 0 && st == ST_OK)
			st = err_set(err, ST_IO, "%s: write failed: %s", af->path, strerror(errno));
		af->fp = NULL;
		atomic_file_abort(af);
		return st;
	}
	if (fflush(af->fp) != 0 || ferror(af->fp) || fsync(fileno(af->fp)) != 0)
		st = err_set(err, ST_IO, "%s: write failed: %s", af->path, strerror(errno));
	if (fclose(af->fp) != 0 && st == ST_OK)
		st = err_set(err, ST_IO, "%s: write failed: %s", af->path, strerror(errno));
	af->fp = NULL;
	if (st == ST_OK && rename(af->tmp, af->path) != 0)
		st = err_set(err, ST_IO, "%s: cannot rename into place: %s", af->path,
			     strerror(errno));
	if (st == ST_OK) {
		free(af->tmp);
		af->tmp = NULL;
	}
	atomic_file_abort(af);
	return st;
}

void
atomic_file_abort(struct atomic_file *af)
{
	if (af->fp && af->fp != stdout)
		fclose(af->fp);
	af->fp = NULL;
	if (af->tmp)
		unlink(af->tmp);
	free(af->tmp);
	free(af->path);
	af->tmp = af->path = NULL;
}
