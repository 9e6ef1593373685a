/* ISC license. */
/* tend: a FIFO that its owner holds open (a control FIFO, supervise/ok). */
#ifndef TEND_FIFO_H
#define TEND_FIFO_H

/* Creates the FIFO path if needed (mode 0600) and opens it with flags (O_RDONLY or O_RDWR),
   non-blocking and close-on-exec, without following a link (ELOOP). Then it belongs to the
   caller's euid and egid with mode 0600, whatever the umask or whoever made it. Returns the
   fd, or -1 with errno (EINVAL: path exists and is not a FIFO). */
extern int tend_fifo_open (char const *path, int flags) ;

/* 1 when fd is a FIFO that holds unread bytes (a reader must stay), else 0. */
extern int tend_fifo_pending (int fd) ;

#endif
