/* metric.h: what every scorer family declares about the numbers it produces.
 * A family (text statistics, rule flags, duplicates, ...) computes several metrics in one
 * pass; each metric is one column a curator can sort, filter and threshold on. */
#ifndef WINNOW_METRIC_H
#define WINNOW_METRIC_H

enum direction {
	DIR_HIGHER,	/* higher is better */
	DIR_LOWER,	/* lower is better */
	DIR_FLAG,	/* 0 or 1; 1 means the sample has the problem */
	DIR_NEUTRAL,	/* descriptive (lengths, ids): no better side */
};

struct metric_def {
	const char *name;	/* snake_case, says which side it reads: prompt_*, resp_*, ... */
	const char *desc;	/* one line */
	enum direction dir;
	double lo, hi;		/* valid range (inclusive); values are clamped into it */
};

#endif
