"""Fixed data addresses on the dashboard's own server: `/data/datapackage.json` and `/data/<table>.csv`.

`dashboard.py` hands these Starlette routes to `st.App(routes=...)`, so `streamlit run dashboard.py` serves
them beside the app, and a script can `pd.read_csv("http://host:8501/data/court_counts.csv")`. They serve the
same validated load the pages show (the loader passed in, `ui.load_data`, is the shared cached one): a table
that failed validation answers 404 with its problems, and the descriptor names it under `x-not-published`.

The CSV is the file in data/ as published (raw: see `datapackage.NOTE`). Responses carry an ETag and
Last-Modified and `Cache-Control: no-cache`, so caches and scripts revalidate and get a 304 while the data is
unchanged, and a newly published version at once.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from email.utils import formatdate

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, Response
from starlette.routing import Route

from desertion.datapackage import DATA_PREFIX, DESCRIPTOR_NAME, build_descriptor
from desertion.loading import Dataset
from desertion.schema import TABLES

CACHE_CONTROL = "no-cache"
CSV_TYPE = "text/csv; charset=utf-8"
JSON_TYPE = "application/json"


def _not_modified(request: Request, etag: str) -> bool:
    wanted = [tag.strip() for tag in request.headers.get("if-none-match", "").split(",")]
    return etag in wanted or "*" in wanted


def data_routes(load: Callable[[], Dataset]) -> list[Route]:
    """The routes, reading the data through `load` (called per request; it must be cached and cheap)."""

    async def descriptor(request: Request) -> Response:
        dataset = await run_in_threadpool(load)
        body = json.dumps(build_descriptor(dataset.results), ensure_ascii=False, indent=2).encode("utf-8")
        etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
        headers = {"ETag": etag, "Cache-Control": CACHE_CONTROL}
        if _not_modified(request, etag):
            return Response(status_code=304, headers=headers)
        return Response(body, media_type=JSON_TYPE, headers=headers)

    async def table(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in TABLES:
            return PlainTextResponse(f"No table named {name!r}. The tables are listed in "
                                     f"{DATA_PREFIX}/{DESCRIPTOR_NAME}.", status_code=404)
        dataset = await run_in_threadpool(load)
        result = dataset.results.get(name)
        if result is None:
            return PlainTextResponse(f"{TABLES[name].file_name} is not part of this data (an optional table "
                                     "that is absent).", status_code=404)
        if not result.ok:
            problems = "\n".join(str(issue) for issue in result.issues)
            return PlainTextResponse(f"{TABLES[name].file_name} failed validation ({len(result.issues)} problem(s)) "
                                     f"and is not published until they are fixed:\n{problems}\n", status_code=404)
        path = dataset.data_dir / TABLES[name].file_name
        try:
            stat = path.stat()
        except OSError:
            return PlainTextResponse(f"{path.name} is being replaced; try again.", status_code=503,
                                     headers={"Retry-After": "1"})
        response = FileResponse(path, media_type=CSV_TYPE, stat_result=stat, filename=path.name,
                                content_disposition_type="inline", headers={"Cache-Control": CACHE_CONTROL})
        if _not_modified(request, response.headers["etag"]):
            return Response(status_code=304, headers={"ETag": response.headers["etag"],
                                                      "Last-Modified": formatdate(stat.st_mtime, usegmt=True),
                                                      "Cache-Control": CACHE_CONTROL})
        return response

    return [
        Route(f"{DATA_PREFIX}/{DESCRIPTOR_NAME}", descriptor, methods=["GET", "HEAD"]),
        Route(DATA_PREFIX + "/{name}.csv", table, methods=["GET", "HEAD"]),
    ]
