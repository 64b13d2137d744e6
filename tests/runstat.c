/*
 * runstat.c - run a command N times; print the median wall time in
 * seconds and the peak resident memory of the children in KiB:
 * runstat N COMMAND [ARG...]   (the command's stdout goes to /dev/null)
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int
cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int
main(int argc, char **argv)
{
	struct timespec t0, t1;
	struct rusage ru;
	double *t;
	int n, i, st, fd;
	pid_t pid;

	if (argc < 3 || (n = atoi(argv[1])) < 1) {
		fprintf(stderr, "usage: runstat N command [arg...]\n");
		return 2;
	}
	t = malloc(sizeof *t * (size_t)n);
	if (t == NULL)
		return 2;
	for (i = 0; i < n; i++) {
		clock_gettime(CLOCK_MONOTONIC, &t0);
		pid = fork();
		if (pid == 0) {
			fd = open("/dev/null", O_WRONLY);
			dup2(fd, 1);
			execvp(argv[2], argv + 2);
			_exit(127);
		}
		if (pid < 0 || waitpid(pid, &st, 0) < 0)
			return 2;
		clock_gettime(CLOCK_MONOTONIC, &t1);
		if (!WIFEXITED(st) || WEXITSTATUS(st) > 1) {
			fprintf(stderr, "runstat: %s failed\n", argv[2]);
			return 2;
		}
		t[i] = (double)(t1.tv_sec - t0.tv_sec) +
		    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	}
	qsort(t, (size_t)n, sizeof *t, cmp);
	getrusage(RUSAGE_CHILDREN, &ru);
	printf("%.6f %ld\n", t[n / 2], ru.ru_maxrss);
	return 0;
}
