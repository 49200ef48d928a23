/* Callgrind's client requests, for `make bench INSTRUCTIONS=1`: Python cannot issue them
   itself. A benchmark loads this with ctypes and counts the instructions of the code it
   measures (outside valgrind the requests do nothing). */
#include <valgrind/callgrind.h>

void coop_callgrind_start(void) {
    CALLGRIND_ZERO_STATS;
    CALLGRIND_START_INSTRUMENTATION;
}

void coop_callgrind_stop(void) {
    CALLGRIND_STOP_INSTRUMENTATION;
    CALLGRIND_DUMP_STATS;
}
