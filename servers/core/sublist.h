/*
 * sublist.h - the chat's subscribers (GET /ws): one list kept the same way
 * by every model.
 *
 * A broadcast goes to every WebSocket connection, so a model keeps them on
 * a list: intrusive and doubly linked, so that joining and leaving cost
 * O(1) and no allocation.  A model puts a `struct sub` in its struct conn
 * and walks the list with
 *
 *	for (struct sub *s = subscribers.head; s; s = s->next)
 *		... (struct conn *)s->owner ...
 *
 * What differs between the models, and what their files show, is around
 * these calls: who may walk the list (one loop; threads under a registry
 * lock; one list per loop for epoll-per-core) and how a subscriber that
 * got bytes is made to send them.  Nothing here locks.
 */
#ifndef SUBLIST_H
#define SUBLIST_H

#include <stddef.h>

struct sub {
	struct sub *prev, *next;
	void *owner; /* the model's struct conn */
	int on;	     /* on the list */
};

struct sub_list {
	struct sub *head;
};

/* Puts s, which belongs to owner, at the head of l. */
static inline void sub_join(struct sub_list *l, struct sub *s, void *owner)
{
	s->owner = owner;
	s->prev = NULL;
	s->next = l->head;
	if (l->head)
		l->head->prev = s;
	l->head = s;
	s->on = 1;
}

/* Takes s off l, if it is on it. */
static inline void sub_leave(struct sub_list *l, struct sub *s)
{
	if (!s->on)
		return;
	if (s->prev)
		s->prev->next = s->next;
	else
		l->head = s->next;
	if (s->next)
		s->next->prev = s->prev;
	s->prev = s->next = NULL;
	s->on = 0;
}

#endif
