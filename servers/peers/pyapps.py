"""pyapps.py - the web applications the deployed-server peers run: the same
endpoints written the way each framework's users write them.

    falcon_app       Falcon (WSGI): gunicorn-sync
    flask_app        Flask (WSGI): uwsgi
    flask_gevent_app Flask (WSGI) on gunicorn's gevent workers, psycopg2
                     made cooperative by psycogreen: gunicorn-gevent
    starlette_app    Starlette (ASGI), asyncpg: uvicorn
    aiohttp_app      aiohttp.web, asyncpg: aiohttp

Each name is made on first use (module __getattr__), in the worker process
that imports it, so a worker loads only its own framework.  The servers
import this module themselves (gunicorn's pyapps:falcon_app, uwsgi's
--module pyapps --callable flask_app), so what they need comes from the
environment the launcher (pyserve.py) sets:

    TVE_PEER_NAME  the Server header of the WSGI servers that send none
    DATABASE_URL   the database (absent: the database endpoints are 503)
    TVE_DB_POOL    database connections per worker process

Endpoints: GET /, /delay?ms=N, /cpu?us=N, TFB's /json, /plaintext, /db,
/queries, /fortunes, /updates and /dbsleep (pyhttp.route and pydb, the
answers every Python peer gives).  A sync worker sleeps for /delay and
holds one database connection: it serves one request at a time.
"""
import asyncio
import os
import time

import pydb
import pyhttp

PEER = os.environ.get("TVE_PEER_NAME", "py")
pyhttp.server_name = PEER


def db_pool():
    return int(os.environ.get("TVE_DB_POOL", "16"))


def answer_sync(db, target):
    """(status, content type, body) of one GET, blocking."""
    what, n = pyhttp.route("GET", target)
    if isinstance(what, int):
        return what, "text/plain", pyhttp.REASONS[what].encode() + b"\n"
    if what == "delay":
        time.sleep(n / 1000)
    elif what == "cpu":
        pyhttp.burn_cpu(n)
    elif what in ("json", "plaintext"):
        return pyhttp.tfb_answer(what)
    elif pyhttp.is_db(what):
        return db.run(what, n)
    return 200, "text/plain", pyhttp.HELLO


async def answer_async(db, target):
    what, n = pyhttp.route("GET", target)
    if isinstance(what, int):
        return what, "text/plain", pyhttp.REASONS[what].encode() + b"\n"
    if what == "delay":
        await asyncio.sleep(n / 1000)
    elif what == "cpu":
        pyhttp.burn_cpu(n)
    elif what in ("json", "plaintext"):
        return pyhttp.tfb_answer(what)
    elif pyhttp.is_db(what):
        return await db.run(what, n)
    return 200, "text/plain", pyhttp.HELLO


def target_of(path, query):
    return path + ("?" + query if query else "")


# ------------------------------------------------------------------- WSGI


def make_falcon():
    import falcon
    # A sync worker serves one request at a time: one connection is all
    # it can use.
    db = pydb.SyncDb(pydb.conninfo_env(), 1)

    class Endpoint:
        def on_get(self, req, resp):
            status, ctype, body = answer_sync(
                db, target_of(req.path, req.query_string))
            resp.status = status
            resp.content_type = ctype
            resp.data = body

    app = falcon.App()
    for path in pyhttp.ENDPOINTS:
        app.add_route(path, Endpoint())
    return app


def make_flask(gevent=False):
    import flask
    if gevent:
        # gunicorn's gevent worker has run monkey.patch_all(), so the
        # pool's semaphore is already gevent's; psycopg2 must wait for
        # PostgreSQL through gevent too.
        import psycogreen.gevent
        psycogreen.gevent.patch_psycopg()
        db = pydb.SyncDb(pydb.conninfo_env(), db_pool())
    else:
        db = pydb.SyncDb(pydb.conninfo_env(), 1)
    app = flask.Flask(PEER)

    def endpoint():
        req = flask.request
        status, ctype, body = answer_sync(
            db, target_of(req.path, req.query_string.decode("latin-1")))
        return flask.Response(body, status=status, content_type=ctype)

    for path in pyhttp.ENDPOINTS:
        app.add_url_rule(path, path, endpoint)

    @app.after_request
    def headers(resp):
        # uWSGI sends only what the application gives it.
        resp.headers.setdefault("Server", PEER)
        resp.headers.setdefault("Date", pyhttp.http_date().decode())
        return resp

    return app


# ------------------------------------------------------------------- ASGI


def make_starlette():
    from starlette.applications import Starlette
    from starlette.responses import Response
    from starlette.routing import Route
    db = pydb.Asyncpg(pydb.conninfo_env(), db_pool())

    async def endpoint(request):
        status, ctype, body = await answer_async(
            db, target_of(request.url.path, request.url.query))
        # As a header, not media_type, which would add a second charset.
        return Response(body, status_code=status,
                        headers={"Content-Type": ctype})

    return Starlette(routes=[Route(path, endpoint)
                             for path in pyhttp.ENDPOINTS])


def make_aiohttp():
    from aiohttp import web
    db = pydb.Asyncpg(pydb.conninfo_env(), db_pool())

    async def endpoint(request):
        status, ctype, body = await answer_async(db, request.path_qs)
        return web.Response(body=body, status=status, headers={
            "Content-Type": ctype})

    app = web.Application()
    for path in pyhttp.ENDPOINTS:
        app.router.add_get(path, endpoint, allow_head=False)
    return app


MAKERS = {"falcon_app": make_falcon, "flask_app": make_flask,
          "flask_gevent_app": lambda: make_flask(gevent=True),
          "starlette_app": make_starlette, "aiohttp_app": make_aiohttp}
_apps = {}


def __getattr__(name):
    if name not in MAKERS:
        raise AttributeError(name)
    if name not in _apps:
        _apps[name] = MAKERS[name]()
    return _apps[name]


def flask_wsgi(environ, start_response):
    """flask_app as a plain function: uWSGI looks its callable up in the
    module's namespace, where __getattr__ is not asked."""
    return __getattr__("flask_app")(environ, start_response)
