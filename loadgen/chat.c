/*
 * chat.c - writing and checking the chat's broadcasts.
 */
#include "chat.h"

#include <stdio.h>
#include <string.h>

#define CHAT_BCAST_HEAD "{\"type\":\"broadcast\",\"payload\":\""
#define CHAT_PAD_PERIOD (26)

/* FNV-1a over p[0..n): the payload's check. */
static uint32_t chat_fnv1a(const char *p, size_t n)
{
	uint32_t h = 2166136261u;

	while (n--) {
		h ^= (unsigned char)*p++;
		h *= 16777619u;
	}
	return h;
}

/*
 * The payload text: t<due>s<sender>k<number>h<check>p<pad>.  The letters
 * between the hex numbers are no hex digits, so none can be read as part
 * of a number.
 */
static size_t chat_payload(char *buf, uint64_t due, uint32_t sender, uint64_t k,
			   uint64_t size)
{
	int n = sprintf(buf, "t%llxs%xk%llx", (unsigned long long)due, sender,
			(unsigned long long)k);
	size_t i, len;

	n += sprintf(buf + n, "h%08xp", chat_fnv1a(buf, (size_t)n));
	len = (size_t)n;
	for (i = 0; i < size; i++)
		buf[len++] = (char)('a' + (k + i) % CHAT_PAD_PERIOD);
	return len;
}

size_t chat_broadcast(char *buf, uint64_t due, uint32_t sender, uint64_t k,
		      uint64_t size)
{
	size_t n = sizeof(CHAT_BCAST_HEAD) - 1;

	memcpy(buf, CHAT_BCAST_HEAD, n);
	n += chat_payload(buf + n, due, sender, k, size);
	buf[n++] = '"';
	buf[n++] = '}';
	return n;
}

/*
 * Checks a payload (the text between the JSON string's quotes) and reads
 * its due time, sender and number.  Returns 0, or -1 when anything in it
 * is not what a broadcast of ours says.
 */
static int chat_payload_parse(const char *p, size_t n, uint64_t size,
			      struct chat_msg *m)
{
	unsigned long long t, kk;
	unsigned s, check;
	int used = 0;
	char head[80];
	size_t i, pad;

	if (n < 10 || n > 64 + size)
		return -1;
	i = n < sizeof(head) - 1 ? n : sizeof(head) - 1;
	memcpy(head, p, i);
	head[i] = '\0';
	if (sscanf(head, "t%llxs%xk%llxh%8xp%n", &t, &s, &kk, &check, &used) !=
		4 ||
	    used < 10)
		return -1;
	/* The check covers t..k: all but "h", 8 digits and "p". */
	if (chat_fnv1a(p, (size_t)used - 10) != check)
		return -1;
	pad = n - (size_t)used;
	if (pad != size)
		return -1;
	for (i = 0; i < pad; i++)
		if (p[used + i] != (char)('a' + (kk + i) % CHAT_PAD_PERIOD))
			return -1;
	m->due = t;
	m->sender = s;
	m->k = kk;
	return 0;
}

/*
 * Finds "key" : "value" in a JSON text, at any place, and points *v at the
 * value's characters.  Values with escapes are not ours: -1.
 */
static int chat_json_str(const char *p, size_t n, const char *key,
			 const char **v, size_t *vlen)
{
	const char *end = p + n, *q, *e;
	size_t kl = strlen(key);

	for (q = p; (q = memmem(q, (size_t)(end - q), key, kl)) != NULL;
	     q += kl) {
		e = q + kl;
		while (e < end && *e == ' ')
			e++;
		if (e >= end || *e != ':')
			continue;
		e++;
		while (e < end && *e == ' ')
			e++;
		if (e >= end || *e != '"')
			return -1;
		*v = ++e;
		while (e < end && *e != '"' && *e != '\\')
			e++;
		if (e >= end || *e != '"')
			return -1;
		*vlen = (size_t)(e - *v);
		return 0;
	}
	return -1;
}

int chat_parse(const char *p, size_t n, uint64_t size, struct chat_msg *m)
{
	const char *type, *pay;
	size_t tlen, plen;

	if (chat_json_str(p, n, "\"type\"", &type, &tlen) < 0 ||
	    chat_json_str(p, n, "\"payload\"", &pay, &plen) < 0 ||
	    chat_payload_parse(pay, plen, size, m) < 0)
		return -1;
	if (tlen == 9 && memcmp(type, "broadcast", 9) == 0)
		m->type = CHAT_BROADCAST;
	else if (tlen == 15 && memcmp(type, "broadcastResult", 15) == 0)
		m->type = CHAT_RESULT;
	else
		return -1;
	return 0;
}
