/*
 * coro.h - coroutines: a function running on a small stack of its own,
 * suspended and resumed by switching the stack pointer, in one thread.
 *
 * This is what lets the coroutines model write each connection as plain
 * sequential code (read, answer, sleep) like a thread, while one thread
 * runs them all: where the code would block, it registers what it waits
 * for and yields; the scheduler resumes it when that has happened.
 *
 * The interface is asymmetric, like Lua's: a scheduler resumes a
 * coroutine; the coroutine runs until it yields (back to whoever resumed
 * it) or its function returns.  A switch saves the callee-saved registers
 * and the stack pointer and loads the other side's: a few instructions,
 * no system call (coro.c says what ucontext's swapcontext costs instead).
 *
 * Stacks are mmap'd, each with a PROT_NONE guard page below it, so an
 * overflow faults at once instead of silently overwriting the memory
 * below; a fault still ends the whole process, as a thread's would.
 * Only the pages a coroutine touches cost memory.  Each stack is two
 * mappings (guard and stack) of the vm.max_map_count the process may
 * have (65,530 by default), which caps coroutines near 32,000, as it caps
 * threads.
 *
 * Functions return 0 or -errno.
 */
#ifndef CORO_H
#define CORO_H

#include <stddef.h>

#if !defined(__x86_64__) || defined(CORO_UCONTEXT)
#define CORO_USE_UCONTEXT 1
#include <ucontext.h>
#endif

struct coro {
	void *sp;	 /* the coroutine's saved stack pointer */
	void *caller_sp; /* its resumer's, while the coroutine runs */
	char *map;	 /* the mapping: guard page, then the stack */
	size_t map_size; /* bytes of the mapping */
	char *stack;	 /* the stack: the mapping past the guard page */
	size_t stack_size;
	void (*fn)(void *);
	void *arg;
	int done; /* fn returned: free it, never resume it */
#ifdef CORO_USE_UCONTEXT
	ucontext_t uc, caller_uc;
#endif
	/* For the sanitizers (coro.c): the resumer's stack, the fiber. */
	const void *caller_stack;
	size_t caller_stack_size;
	void *tsan_fiber, *tsan_caller;
};

/*
 * Makes co, ready to run fn(arg) on its own stack of stack_size bytes
 * (rounded up to whole pages) plus a guard page, when first resumed.
 * Returns 0 or -errno (-ENOMEM: the mapping was refused).
 */
int coro_create(struct coro *co, size_t stack_size, void (*fn)(void *),
		void *arg);

/*
 * Runs co until it yields or its function returns.  Returns 0 when it
 * yielded, 1 when it is done (then coro_free it).  Never resume a
 * coroutine from inside itself.
 */
int coro_resume(struct coro *co);

/* Called by the running coroutine co: back to its resumer. */
void coro_yield(struct coro *co);

/* Unmaps co's stack: co is done, or will never be resumed again. */
void coro_free(struct coro *co);

#endif
