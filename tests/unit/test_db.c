/*
 * test_db.c - the database endpoints' pure half (core/db.c) and their
 * hand-off through the session, with no database: the test plays the
 * model and fills the rows itself.
 *
 * TechEmpower's rules checked here: the `queries` clamping (missing, 0,
 * negative, not a number: 1; over 500: 500), the fortunes table exactly
 * as its verifier expects it (the extra fortune added, sorted by message
 * bytewise, every <, >, &, " and ' escaped), the JSON shapes (an object
 * for /db, arrays for /queries and /updates, the updates' new numbers
 * in the answer), and a 503 when there is no database or the run failed.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../../servers/core/db.h"
#include "../../servers/core/session.h"
#include "tap.h"

static struct stats stats;

static void test_clamp(void)
{
	static const struct {
		const char *query;
		int want;
	} cases[] = {
	    {"queries=1", 1},
	    {"queries=20", 20},
	    {"queries=500", 500},
	    {"queries=501", 500},
	    {"queries=0", 1},
	    {"queries=-1", 1},
	    {"queries=foo", 1},
	    {"queries=", 1},
	    {"", 1},
	    {"x=3&queries=7", 7},
	    {"queries=7&queries=9", 7},
	    {"queries=99999999999999999999", 500},
	    {"queries=5x", 1},
	    {"queriesx=5", 1},
	    {"queries=+5", 1},
	    {"queries=00012", 12},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int got =
		    db_clamp_queries(cases[i].query, strlen(cases[i].query));

		TAP_OK(got == cases[i].want, "queries: '%s' gives %d (got %d)",
		       cases[i].query, cases[i].want, got);
	}
	TAP_OK(db_clamp_queries(NULL, 0) == 1, "queries: no query string: 1");
}

static void test_random(void)
{
	struct db_req *req = calloc(1, sizeof(*req));
	int lo = DB_WORLD_ROWS, hi = 0, bad = 0, diff = 0;

	req->rng = 42;
	for (int k = 0; k < 200; k++) {
		db_req_prepare(req, DB_UPDATES, DB_MAX_QUERIES);
		for (int i = 0; i < req->n; i++) {
			int id = req->rows[i].id, f = req->fresh[i];

			bad += id < 1 || id > DB_WORLD_ROWS || f < 1 ||
			       f > DB_WORLD_ROWS;
			lo = id < lo ? id : lo;
			hi = id > hi ? id : hi;
			diff += i && id != req->rows[i - 1].id;
		}
	}
	TAP_OK(!bad && lo == 1 && hi == DB_WORLD_ROWS && diff > 90000,
	       "ids and new numbers in 1..10000, all reached (%d..%d)", lo, hi);
	free(req);
}

static int rendered_is(struct db_req *req, const char *want)
{
	struct db_buf b = {0};
	int ok = db_render(req, &b) == 0 && b.len == strlen(want) &&
		 memcmp(b.p, want, b.len) == 0;

	if (!ok)
		printf("# got: %.*s\n# want: %s\n", (int)b.len, b.p, want);
	db_buf_free(&b);
	return ok;
}

static void test_json(void)
{
	struct db_req *req = calloc(1, sizeof(*req));

	db_req_prepare(req, DB_WORLD, 1);
	req->rows[0] = (struct db_world){4174, 331};
	TAP_OK(rendered_is(req, "{\"id\":4174,\"randomNumber\":331}"),
	       "/db: one object");
	db_req_prepare(req, DB_QUERIES, 2);
	req->rows[0] = (struct db_world){1, 10000};
	req->rows[1] = (struct db_world){10000, 1};
	TAP_OK(rendered_is(req, "[{\"id\":1,\"randomNumber\":10000},"
				"{\"id\":10000,\"randomNumber\":1}]"),
	       "/queries: an array of objects");
	db_req_prepare(req, DB_UPDATES, 1);
	req->rows[0] = (struct db_world){77, 5};
	req->fresh[0] = 6;
	TAP_OK(rendered_is(req, "[{\"id\":77,\"randomNumber\":6}]"),
	       "/updates: the new number, not the one read");
	db_req_prepare(req, DB_QUERIES, DB_MAX_QUERIES);
	for (int i = 0; i < DB_MAX_QUERIES; i++)
		req->rows[i] = (struct db_world){10000, 10000};
	{
		struct db_buf b = {0};

		TAP_OK(db_render(req, &b) == 0 &&
			   b.len == 2 + 500 * 34 - 1 + 0 && b.p[0] == '[' &&
			   b.p[b.len - 1] == ']',
		       "/queries?queries=500: %zu bytes, over the session's "
		       "16 KiB output buffer",
		       b.len);
		db_buf_free(&b);
	}
	TAP_OK(!strcmp(db_content_type(DB_WORLD), "application/json") &&
		   !strcmp(db_content_type(DB_FORTUNES),
			   "text/html; charset=utf-8"),
	       "content types");
	free(req);
}

static void test_escape(void)
{
	struct db_buf b = {0};
	const char want[] = "a&amp;b&lt;c&gt;d&quot;e&#39;f\xe3\x83\x95";

	TAP_OK(db_html_escape(&b, "a&b<c>d\"e'f\xe3\x83\x95", 14) == 0 &&
		   b.len == sizeof(want) - 1 && !memcmp(b.p, want, b.len),
	       "HTML escaping: & < > \" ' and UTF-8 left alone");
	db_buf_free(&b);
}

/* TechEmpower's fortune rows, and the table its verifier expects. */
static const struct {
	int id;
	const char *msg;
} fortunes[] = {
    {1, "fortune: No such file or directory"},
    {2, "A computer scientist is someone who fixes things that aren't "
	"broken."},
    {3, "After enough decimal places, nobody gives a damn."},
    {4, "A bad random number generator: 1, 1, 1, 1, 1, 4.33e+67, 1, 1, 1"},
    {5, "A computer program does what you tell it to do, not what you want "
	"it to do."},
    {6, "Emacs is a nice operating system, but I prefer UNIX. \xe2\x80\x94 "
	"Tom Christaensen"},
    {7, "Any program that runs right is obsolete."},
    {8, "A list is only as strong as its weakest link. \xe2\x80\x94 Donald "
	"Knuth"},
    {9, "Feature: A bug with seniority."},
    {10, "Computers make very fast, very accurate mistakes."},
    {11, "<script>alert(\"This should not be displayed in a browser alert "
	 "box.\");</script>"},
    {12, "\xe3\x83\x95\xe3\x83\xac\xe3\x83\xbc\xe3\x83\xa0\xe3\x83\xaf\xe3"
	 "\x83\xbc\xe3\x82\xaf\xe3\x81\xae\xe3\x83\x99\xe3\x83\xb3\xe3\x83"
	 "\x81\xe3\x83\x9e\xe3\x83\xbc\xe3\x82\xaf"},
};

static const char fortunes_html[] =
    "<!DOCTYPE html><html><head><title>Fortunes</title></head><body><table>"
    "<tr><th>id</th><th>message</th></tr>"
    "<tr><td>11</td><td>&lt;script&gt;alert(&quot;This should not be "
    "displayed in a browser alert box.&quot;);&lt;/script&gt;</td></tr>"
    "<tr><td>4</td><td>A bad random number generator: 1, 1, 1, 1, 1, "
    "4.33e+67, 1, 1, 1</td></tr>"
    "<tr><td>5</td><td>A computer program does what you tell it to do, not "
    "what you want it to do.</td></tr>"
    "<tr><td>2</td><td>A computer scientist is someone who fixes things that "
    "aren&#39;t broken.</td></tr>"
    "<tr><td>8</td><td>A list is only as strong as its weakest link. "
    "\xe2\x80\x94 Donald Knuth</td></tr>"
    "<tr><td>0</td><td>Additional fortune added at request time.</td></tr>"
    "<tr><td>3</td><td>After enough decimal places, nobody gives a "
    "damn.</td></tr>"
    "<tr><td>7</td><td>Any program that runs right is obsolete.</td></tr>"
    "<tr><td>10</td><td>Computers make very fast, very accurate "
    "mistakes.</td></tr>"
    "<tr><td>6</td><td>Emacs is a nice operating system, but I prefer UNIX. "
    "\xe2\x80\x94 Tom Christaensen</td></tr>"
    "<tr><td>9</td><td>Feature: A bug with seniority.</td></tr>"
    "<tr><td>1</td><td>fortune: No such file or directory</td></tr>"
    "<tr><td>12</td><td>\xe3\x83\x95\xe3\x83\xac\xe3\x83\xbc\xe3\x83\xa0\xe3"
    "\x83\xaf\xe3\x83\xbc\xe3\x82\xaf\xe3\x81\xae\xe3\x83\x99\xe3\x83\xb3\xe3"
    "\x83\x81\xe3\x83\x9e\xe3\x83\xbc\xe3\x82\xaf</td></tr>"
    "</table></body></html>";

static void fill_fortunes(struct db_req *req)
{
	db_req_prepare(req, DB_FORTUNES, 1);
	for (size_t i = 0; i < sizeof(fortunes) / sizeof(fortunes[0]); i++)
		db_add_fortune(req, fortunes[i].id, fortunes[i].msg,
			       strlen(fortunes[i].msg));
}

static void test_fortunes(void)
{
	struct db_req *req = calloc(1, sizeof(*req));
	int ok = 1;

	fill_fortunes(req);
	TAP_OK(rendered_is(req, fortunes_html),
	       "fortunes: TechEmpower's table, extra row added, sorted, "
	       "escaped");
	/* Sorting is stable under any order the rows come in. */
	db_req_prepare(req, DB_FORTUNES, 1);
	for (size_t i = sizeof(fortunes) / sizeof(fortunes[0]); i-- > 0;)
		db_add_fortune(req, fortunes[i].id, fortunes[i].msg,
			       strlen(fortunes[i].msg));
	ok = rendered_is(req, fortunes_html);
	TAP_OK(ok, "fortunes: the same table from the rows reversed");
	db_req_prepare(req, DB_FORTUNES, 1);
	for (int i = 0; i < DB_MAX_FORTUNES; i++)
		db_add_fortune(req, i, "x", 1);
	{
		struct db_buf b = {0};

		TAP_OK(db_render(req, &b) == 0 &&
			   req->nfortunes == DB_MAX_FORTUNES + 1,
		       "fortunes: %d rows and the extra one fit",
		       DB_MAX_FORTUNES);
		db_buf_free(&b);
	}
	TAP_OK(db_add_fortune(req, 1, "x", 1) == -ENOSPC,
	       "fortunes: one more is refused (-ENOSPC)");
	free(req);
}

/* ---- the hand-off through the session */

struct out {
	char buf[32768];
	size_t len;
};

static void drain(struct session *s, struct out *o)
{
	const char *p;
	size_t len;

	while ((p = session_wbuf(s, &len)) != NULL) {
		if (len > sizeof(o->buf) - o->len - 1)
			len = sizeof(o->buf) - o->len - 1;
		memcpy(o->buf + o->len, p, len);
		o->len += len;
		o->buf[o->len] = 0;
		session_sent(s, len);
	}
}

static void feed(struct session *s, const char *req)
{
	size_t room;
	char *buf = session_rbuf(s, &room);

	memcpy(buf, req, strlen(req));
	session_received(s, strlen(req));
}

static void test_session(void)
{
	struct config cfg = {.model = "test",
			     .proto = PROTO_HTTP,
			     .idle_timeout_s = 60,
			     .header_timeout_s = 10};
	struct session s;
	struct out *o = calloc(1, sizeof(*o));
	struct db_req *req;
	const char *body;

	/* No database: 503 at once, the model never sees WANT_DB. */
	session_init(&s, &cfg, &stats);
	feed(&s, "GET /db HTTP/1.1\r\n\r\nGET /json HTTP/1.1\r\n\r\n");
	drain(&s, o);
	TAP_OK(
	    !(session_want(&s) & WANT_DB) && !session_take_db(&s) &&
		!strncmp(o->buf, "HTTP/1.1 503 Service Unavailable\r\n", 34) &&
		strstr(o->buf, "\r\n\r\n{\"message\":\"Hello, World!\"}") &&
		strstr(o->buf, "Content-Type: application/json\r\n"),
	    "no database: GET /db is 503, the pipelined /json answered");
	session_free(&s);

	cfg.db = "postgresql://nowhere";
	session_init(&s, &cfg, &stats);
	o->len = 0;
	feed(&s, "GET /queries?queries=501 HTTP/1.1\r\n\r\n"
		 "GET /plaintext HTTP/1.1\r\n\r\n");
	TAP_OK(session_want(&s) == WANT_DB, "GET /queries: WANT_DB only");
	req = session_take_db(&s);
	TAP_OK(req && req->kind == DB_QUERIES && req->n == 500 &&
		   !session_take_db(&s),
	       "session_take_db: 500 queries, handed out once");
	for (int i = 0; req && i < req->n; i++)
		req->rows[i].number = 10000;
	session_db_done(&s);
	drain(&s, o);
	body = strstr(o->buf, "\r\n\r\n");
	TAP_OK(!strncmp(o->buf, "HTTP/1.1 200 OK\r\n", 17) && body &&
		   strstr(o->buf, "Content-Length: ") && body[4] == '[' &&
		   strstr(body, "]HTTP/1.1 200 OK\r\n") &&
		   strstr(body, "\r\n\r\nHello, World!"),
	       "the rendered array streams out (%zu bytes), then the "
	       "pipelined /plaintext",
	       o->len);

	o->len = 0;
	feed(&s, "GET /fortunes HTTP/1.1\r\n\r\n");
	req = session_take_db(&s);
	fill_fortunes(req);
	session_db_done(&s);
	drain(&s, o);
	body = strstr(o->buf, "\r\n\r\n");
	TAP_OK(body && !strcmp(body + 4, fortunes_html) &&
		   strstr(o->buf, "Content-Type: text/html; charset=utf-8"),
	       "GET /fortunes through the session");

	o->len = 0;
	feed(&s, "HEAD /db HTTP/1.1\r\n\r\nGET /updates?queries=2 HTTP/1.1\r\n"
		 "\r\n");
	req = session_take_db(&s);
	req->rows[0] = (struct db_world){5, 1};
	session_db_done(&s);
	req = session_take_db(&s);
	TAP_OK(req && req->kind == DB_UPDATES && req->n == 2,
	       "HEAD /db answered, then the pipelined /updates handed out");
	req->failed = 1;
	session_db_done(&s);
	drain(&s, o);
	TAP_OK(strstr(o->buf, "Content-Length: 25\r\n\r\nHTTP/1.1 503") &&
		   !(session_want(&s) & WANT_CLOSE),
	       "HEAD: the head only; a failed run: 503, the connection "
	       "stays");
	o->len = 0;
	feed(&s, "GET /dbsleep?ms=10001 HTTP/1.1\r\n\r\n");
	drain(&s, o);
	TAP_OK(!strncmp(o->buf, "HTTP/1.1 400", 12), "/dbsleep?ms=10001: 400");
	session_free(&s);
	free(o);
}

int main(void)
{
	test_clamp();
	test_random();
	test_json();
	test_escape();
	test_fortunes();
	test_session();
	return tap_done();
}
