/* job.h: what the batch jobs share: options, configuration, the database, a lock. */
#ifndef STOLIK_JOB_H
#define STOLIK_JOB_H

#include "stolik.h"

/* Options a job takes beyond -c, -n and -h. */
#define JOB_WATCH	0x01	/* --watch and --once */
#define JOB_LIMIT	0x02	/* --limit N */

struct job {
	const char	*prog;		/* "stolik-remind" */
	const char	*name;		/* "remind": the lock and log name */
	HDF		*conf;
	struct db	*db;
	bool		 dry_run;
	bool		 watch;
	long		 limit;		/* 0: no limit */
	int64_t		 now;		/* the job's clock, fixed at the start */
	bool		 fixed_now;	/* --now was given (test builds) */
	const char	*base_url;
	char		 domain[256];	/* of base_url, for Message-IDs */
	double		 woke_at;	/* mono_now() of the last notification */
};

/*
 * Parse the options (exit 2 on a bad one), load the configuration and the
 * secret key, connect, and, with lock, take the job's advisory lock. Returns
 * JOB_GO to go on, or the exit status: 0 when another copy holds the lock,
 * 1 on failure (with a message on standard error).
 */
#define JOB_GO	(-1)
int	 job_start(struct job *, const char *prog, const char *name,
	    unsigned opts, const char *help, int argc, char *argv[], bool lock);
/* Move the clock to the present (each round of a long-running job). */
void	 job_tick(struct job *);
/*
 * Sleep until a notification on the channel listened to, or seconds at
 * most. For JOB_BUSY_WINDOW after a notification it sleeps JOB_BUSY_POLL
 * at most: the writers send one wake per OUTBOX_WAKE_MS among many commits
 * (outbox_queued), and the commits after a wake are found by these looks.
 */
#define JOB_BUSY_WINDOW	1.0
#define JOB_BUSY_POLL	0.05
void	 job_wait(struct job *, double seconds);
/*
 * The delay in milliseconds before the attempt after attempts: doubling
 * from first seconds up to cap seconds, half of it random ("equal
 * jitter") so the retries of one outage spread out.
 */
int	 job_backoff_ms(int first, int cap, int attempts);
/* Log err and say on standard error that the job failed; returns 1. */
int	 job_fail(struct job *, NEOERR **err);
void	 job_end(struct job *);
/* One JSON line for an action: obj (taken over) gets "dry_run" added. */
void	 job_log(struct job *, const char *msg, json_t *obj);

#endif
