// Process hardening every front end does before any secret exists.
#ifndef TVAULT_PROCESS_H_
#define TVAULT_PROCESS_H_

namespace tvault {

// No core dumps (RLIMIT_CORE 0), no ptrace or /proc/PID/mem access by other
// processes of the same user (PR_SET_DUMPABLE 0), and files created
// readable by the owner only (umask 077). Call first thing in main, before
// any thread starts. Cannot fail in a way worth reporting: each step is
// best effort on a kernel that refuses it.
void HardenProcess();

}  // namespace tvault

#endif  // TVAULT_PROCESS_H_
