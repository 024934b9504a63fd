"""A dashboard session without a browser: what a browser's Streamlit app says to the server when a page opens (its
HTML, then the websocket `/_stcore/stream` asking for a run of the page), and the time until the server has sent
the whole page. It measures the servers alone, where Chromium on the same cores would mostly measure itself."""

import asyncio
import time
import urllib.request
from http.cookies import SimpleCookie
from urllib.parse import quote, urlsplit

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import connect

from media_atlas.serve import AFFINITY_COOKIE

FINISHED = ForwardMsg.ScriptFinishedStatus.FINISHED_SUCCESSFULLY


class StreamSession:
    """One analyst: the cookies the server set (the proxy's affinity cookie among them) kept between pages; pinned
    to a replica by that cookie, or not."""

    def __init__(self, base_url: str, replica: str | None = None, timeout: float = 60):
        self.base_url, self.timeout = base_url.rstrip("/"), timeout
        self.cookies = {} if replica is None else {AFFINITY_COOKIE: replica}

    async def open(self) -> None:
        pass

    async def close(self) -> None:
        pass

    def _cookie_header(self) -> dict[str, str]:
        return {"Cookie": "; ".join(f"{name}={value}" for name, value in self.cookies.items())} if self.cookies else {}

    def _get(self, path: str) -> None:
        request = urllib.request.Request(f"{self.base_url}/{path}", headers=self._cookie_header())
        with urllib.request.urlopen(request, timeout=60) as response:
            response.read()
            for header in response.headers.get_all("Set-Cookie") or []:
                self.cookies.update({name: morsel.value for name, morsel in SimpleCookie(header).items()})

    async def load(self, path: str) -> float:
        """Seconds from asking for the page until its run has finished; raises on an error the page shows."""
        started = time.perf_counter()
        path = quote(path, safe="/?=&")  # as a browser sends it
        page, _, query = path.partition("?")
        await asyncio.to_thread(self._get, path)
        rerun = BackMsg()
        rerun.rerun_script.query_string = query
        rerun.rerun_script.page_name = page
        ws_url = "ws" + self.base_url.removeprefix("http") + "/_stcore/stream"
        origin = "{0.scheme}://{0.netloc}".format(urlsplit(self.base_url))
        async with asyncio.timeout(self.timeout):
            async with connect(
                ws_url,
                subprotocols=["streamlit"],
                origin=origin,
                additional_headers=self._cookie_header(),
                max_size=None,
                compression=None,
            ) as stream:
                await stream.send(rerun.SerializeToString())
                async for frame in stream:
                    message = ForwardMsg()
                    message.ParseFromString(frame)
                    kind = message.WhichOneof("type")
                    if kind == "delta" and message.delta.new_element.WhichOneof("type") == "exception":
                        raise RuntimeError(f"/{path}: {message.delta.new_element.exception.message[:160]}")
                    if kind == "page_not_found":
                        raise RuntimeError(f"/{path}: no such page")
                    if kind == "script_finished" and message.script_finished == FINISHED:
                        return time.perf_counter() - started
        raise RuntimeError(f"/{path}: the stream closed before the page's run finished")
