/* ISC license. */
/* tend: telling the scanner of a boot something through its control FIFO, when it may not
   be listening yet (right after the boot) or any more (while it stops). */
#ifndef TEND_SCANNER_H
#define TEND_SCANNER_H

/* Opens SCANDIR/.tend-svscan/control for writing (non-blocking, close-on-exec). Right after
   the boot the scanner may not have opened it yet: then waits for it at most ms, by a
   blocking open() when the FIFO is there (tend-init makes it before the scanner runs), else
   through inotify on .tend-svscan/ (its creation, then its opening). The inotify instance,
   when one was needed, is left in *ifd (else -1), for the caller to close when nothing waits
   for it: closing one waits for an RCU grace period (milliseconds). Returns the fd, or -1
   with errno (ETIMEDOUT when ms passed). */
extern int tend_scanner_open (char const *scandir, unsigned int ms, int *ifd) ;

/* Writes the command c on fd (from tend_scanner_open). 1, or 0 with errno. */
extern int tend_scanner_write (int fd, char c) ;

/* tend_scanner_open, tend_scanner_write, and closes what they opened. 1 if c was sent, or 0
   with errno. */
extern int tend_scanner_send (char const *scandir, char c, unsigned int ms) ;

#endif
