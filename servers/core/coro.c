/*
 * coro.c - coroutine stacks and the switch between them (see coro.h).
 *
 * The switch.  A coroutine is suspended inside a call to the switch, so
 * the compiler has already saved every register the ABI lets a call
 * clobber; the switch only has to keep the callee-saved ones.  On x86-64
 * (System V) that is rbx, rbp, r12-r15, the stack pointer, and the control
 * bits of MXCSR and of the x87 control word: coro_transfer pushes them on
 * the old stack, stores the stack pointer, loads the other one and pops
 * the same set off it.  About twenty instructions and no system call:
 * 13 ns a switch here (tests/unit/test_coro.c --bench, 1,000,000 round
 * trips, x86-64, Linux 6.1, glibc 2.36, resume and yield calls included).
 *
 * The portable fallback is ucontext (makecontext/swapcontext), used on
 * other architectures or when built with -DCORO_UCONTEXT.  It works, but
 * swapcontext saves and restores the signal mask on every switch, which is
 * one rt_sigprocmask system call per switch (strace -c counts 200,001 of
 * them for 200,000 switches): 283 ns a switch on the same machine, 21
 * times the cost, so the two switches of every request would add over
 * half a microsecond of system calls to a request that costs the server
 * about 7.5 us in all (GET / at 100 connections).  The signal mask is
 * the same for every coroutine of a thread anyway, so there is nothing to
 * save.  (Boost.Context, libco, libdill and Go's runtime all switch by
 * hand for the same reason.)
 *
 * A new coroutine's stack is laid out as if it had called coro_transfer
 * itself: the registers to pop (r12 = the coroutine, r13 = coro_main) and
 * a return address pointing at coro_start, which calls coro_main(co).
 * coro_main never returns: when the coroutine's function is done it
 * switches away for the last time, and its resumer frees the stack.
 *
 * Sanitizers must be told about stack switches, or they take the new
 * stack for an overflow of the old one: AddressSanitizer through
 * __sanitizer_start_switch_fiber / __sanitizer_finish_switch_fiber around
 * every switch, ThreadSanitizer through its fiber calls.
 *
 * Not handled: CET shadow stacks (a `ret` into coro_start would not match
 * the shadow stack; Linux does not enable them for programs by default).
 */
#include "coro.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#if defined(__has_feature)
#if __has_feature(address_sanitizer) && !defined(__SANITIZE_ADDRESS__)
#define __SANITIZE_ADDRESS__ 1
#endif
#if __has_feature(thread_sanitizer) && !defined(__SANITIZE_THREAD__)
#define __SANITIZE_THREAD__ 1
#endif
#endif

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
#include <sanitizer/common_interface_defs.h>
#define ASAN_START(save, bottom, size)                                         \
	__sanitizer_start_switch_fiber(save, bottom, size)
#define ASAN_FINISH(save, bottom, size)                                        \
	__sanitizer_finish_switch_fiber(save, bottom, size)
#else
#define ASAN_START(save, bottom, size)	((void)(save), (void)(bottom))
#define ASAN_FINISH(save, bottom, size) ((void)(save), (void)(bottom))
#endif

#if defined(__SANITIZE_THREAD__)
#include <sanitizer/tsan_interface.h>
#define TSAN_SWITCH(fiber) __tsan_switch_to_fiber(fiber, 0)
#else
#define TSAN_SWITCH(fiber) ((void)0)
#endif

#ifndef CORO_USE_UCONTEXT
void coro_transfer(void **save_sp, void *to_sp);
void coro_start(void);

/*
 * coro_transfer(save_sp, to_sp): saves the callee-saved registers on this
 * stack and the stack pointer in *save_sp, then resumes the stack at to_sp.
 * coro_start: a new coroutine's first return lands here, with r12 = co and
 * r13 = coro_main; the stack is 16-byte aligned for the call.
 */
__asm__(".text\n"
	".globl coro_transfer\n"
	".hidden coro_transfer\n"
	".type coro_transfer, @function\n"
	"coro_transfer:\n"
	"	pushq %rbp\n"
	"	pushq %rbx\n"
	"	pushq %r12\n"
	"	pushq %r13\n"
	"	pushq %r14\n"
	"	pushq %r15\n"
	"	subq $8, %rsp\n"
	"	stmxcsr (%rsp)\n"
	"	fnstcw 4(%rsp)\n"
	"	movq %rsp, (%rdi)\n"
	"	movq %rsi, %rsp\n"
	"	ldmxcsr (%rsp)\n"
	"	fldcw 4(%rsp)\n"
	"	addq $8, %rsp\n"
	"	popq %r15\n"
	"	popq %r14\n"
	"	popq %r13\n"
	"	popq %r12\n"
	"	popq %rbx\n"
	"	popq %rbp\n"
	"	ret\n"
	".size coro_transfer, .-coro_transfer\n"
	".globl coro_start\n"
	".hidden coro_start\n"
	".type coro_start, @function\n"
	"coro_start:\n"
	"	movq %r12, %rdi\n"
	"	callq *%r13\n"
	"	ud2\n"
	".size coro_start, .-coro_start\n");
#endif

/* The first code a coroutine runs, on its own stack. */
static void coro_main(struct coro *co)
{
	/* Learn the resumer's stack: the first yield switches back to it. */
	ASAN_FINISH(NULL, &co->caller_stack, &co->caller_stack_size);
	co->fn(co->arg);
	co->done = 1;
	/* Leaving for good: NULL lets ASan drop this stack's fake frames. */
	ASAN_START(NULL, co->caller_stack, co->caller_stack_size);
	TSAN_SWITCH(co->tsan_caller);
#ifdef CORO_USE_UCONTEXT
	setcontext(&co->caller_uc);
#else
	coro_transfer(&co->sp, co->caller_sp);
#endif
	abort(); /* nobody resumes a coroutine that is done */
}

#ifdef CORO_USE_UCONTEXT
/* makecontext passes int arguments only: the pointer comes in halves. */
static void coro_main_uc(unsigned lo, unsigned hi)
{
	coro_main((struct coro *)(((uintptr_t)hi << 16 << 16) | lo));
}
#endif

int coro_create(struct coro *co, size_t size, void (*fn)(void *), void *arg)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	int err;

	*co = (struct coro){.fn = fn, .arg = arg};
	size = (size + page - 1) / page * page;
	if (size == 0 || size > SIZE_MAX - page)
		return -EINVAL;
	/*
	 * No MAP_NORESERVE: like a thread stack, the mapping is charged
	 * against the overcommit limit, so an absurd --stack-kib is refused
	 * here (and the connection with it) instead of failing on a page
	 * fault later.
	 */
	co->map_size = size + page;
	co->map = mmap(NULL, co->map_size, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
	if (co->map == MAP_FAILED) {
		co->map = NULL;
		return -errno;
	}
	/* The guard: the page below the stack, where an overflow lands. */
	if (mprotect(co->map, page, PROT_NONE) < 0) {
		err = -errno;
		munmap(co->map, co->map_size);
		co->map = NULL;
		return err;
	}
	co->stack = co->map + page;
	co->stack_size = size;
#ifdef CORO_USE_UCONTEXT
	getcontext(&co->uc);
	co->uc.uc_stack.ss_sp = co->stack;
	co->uc.uc_stack.ss_size = co->stack_size;
	co->uc.uc_link = NULL;
	makecontext(&co->uc, (void (*)(void))coro_main_uc, 2,
		    (unsigned)(uintptr_t)co,
		    (unsigned)((uintptr_t)co >> 16 >> 16));
#else
	{
		uintptr_t top = (uintptr_t)(co->map + co->map_size) & ~15UL;
		uint64_t *frame = (uint64_t *)(top - 16) - 8;
		uint32_t mxcsr;
		uint16_t fpucw;

		/* Start with the creator's floating-point modes. */
		__asm__ volatile("stmxcsr %0" : "=m"(mxcsr));
		__asm__ volatile("fnstcw %0" : "=m"(fpucw));
		frame[0] = mxcsr | (uint64_t)fpucw << 32;
		frame[1] = 0;			  /* r15 */
		frame[2] = 0;			  /* r14 */
		frame[3] = (uintptr_t)coro_main;  /* r13 */
		frame[4] = (uintptr_t)co;	  /* r12 */
		frame[5] = 0;			  /* rbx */
		frame[6] = 0;			  /* rbp: ends backtraces */
		frame[7] = (uintptr_t)coro_start; /* where `ret` goes */
		co->sp = frame;
	}
#endif
#if defined(__SANITIZE_THREAD__)
	co->tsan_fiber = __tsan_create_fiber(0);
#endif
	return 0;
}

int coro_resume(struct coro *co)
{
	void *fake = NULL;

	ASAN_START(&fake, co->stack, co->stack_size);
#if defined(__SANITIZE_THREAD__)
	co->tsan_caller = __tsan_get_current_fiber();
#endif
	TSAN_SWITCH(co->tsan_fiber);
#ifdef CORO_USE_UCONTEXT
	swapcontext(&co->caller_uc, &co->uc);
#else
	coro_transfer(&co->caller_sp, co->sp);
#endif
	ASAN_FINISH(fake, NULL, NULL);
	return co->done;
}

void coro_yield(struct coro *co)
{
	void *fake = NULL;

	ASAN_START(&fake, co->caller_stack, co->caller_stack_size);
	TSAN_SWITCH(co->tsan_caller);
#ifdef CORO_USE_UCONTEXT
	swapcontext(&co->uc, &co->caller_uc);
#else
	coro_transfer(&co->sp, co->caller_sp);
#endif
	/* Resumed, perhaps by someone else: remember whose stack that is. */
	ASAN_FINISH(fake, &co->caller_stack, &co->caller_stack_size);
}

void coro_free(struct coro *co)
{
	if (!co->map)
		return;
#if defined(__SANITIZE_ADDRESS__)
	/* Frames left poisoned must not haunt whatever maps here next. */
	ASAN_UNPOISON_MEMORY_REGION(co->stack, co->stack_size);
#endif
#if defined(__SANITIZE_THREAD__)
	__tsan_destroy_fiber(co->tsan_fiber);
#endif
	munmap(co->map, co->map_size);
	co->map = NULL;
}
