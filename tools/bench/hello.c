/*
 * hello.c: the FastCGI ceiling for tools/dev bench: the same libfcgi, the
 * same kind of socket and the same number of prefork workers as the app,
 * answering a fixed body.
 *
 *   hello SOCKET WORKERS
 */
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <fcgiapp.h>

static const char answer[] =
    "Status: 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 3\r\n\r\nok\n";

static void
serve(int fd)
{
	FCGX_Request	 rq;

	FCGX_InitRequest(&rq, fd, 0);
	while (FCGX_Accept_r(&rq) >= 0) {
		FCGX_PutStr(answer, (int)sizeof answer - 1, rq.out);
		FCGX_Finish_r(&rq);
	}
	_exit(0);
}

int
main(int argc, char *argv[])
{
	struct sockaddr_un	 sa;
	int			 fd, i, n;

	if (argc != 3 || (n = atoi(argv[2])) < 1 || n > 256 ||
	    strlen(argv[1]) >= sizeof sa.sun_path) {
		fprintf(stderr, "usage: hello socket workers\n");
		return 2;
	}
	FCGX_Init();
	unlink(argv[1]);
	memset(&sa, 0, sizeof sa);
	sa.sun_family = AF_UNIX;
	memcpy(sa.sun_path, argv[1], strlen(argv[1]) + 1);
	if ((fd = socket(AF_UNIX, SOCK_STREAM, 0)) < 0 ||
	    bind(fd, (struct sockaddr *)&sa, sizeof sa) != 0 ||
	    chmod(argv[1], 0666) != 0 || listen(fd, 1024) != 0) {
		perror("hello");
		return 1;
	}
	for (i = 0; i < n; i++)
		if (fork() == 0)
			serve(fd);
	signal(SIGTERM, SIG_DFL);
	while (wait(NULL) > 0)
		;
	return 0;
}
