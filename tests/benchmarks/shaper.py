"""A loopback link shaper (asyncio, in a thread): each direction is one shared link that
serialises bytes at `kbit` and delivers them `rtt_ms / 2` later, like the reference shaper in
shared/bench/linkshaper.py. Counts bytes each way and connections."""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time


class _Link:
    def __init__(self, bytes_per_s: float, one_way_s: float) -> None:
        self.rate = bytes_per_s
        self.delay = one_way_s
        self.free_at = 0.0
        self.bytes = 0

    def schedule(self, n: int) -> float:
        start = max(time.monotonic(), self.free_at)
        self.free_at = start + n / self.rate
        self.bytes += n
        return self.free_at + self.delay


class Shaper:
    def __init__(self, target_port: int, kbit: float, rtt_ms: float) -> None:
        self.target = target_port
        self.up = _Link(kbit * 1000 / 8, rtt_ms / 2000)
        self.down = _Link(kbit * 1000 / 8, rtt_ms / 2000)
        self.connections = 0
        self.port = 0
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> Shaper:
        self._thread.start()
        self._ready.wait(10)
        return self

    def __exit__(self, *exc: object) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
        self._loop.close()

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        server = self._loop.run_until_complete(asyncio.start_server(self._handle, "127.0.0.1", 0))
        self.port = server.sockets[0].getsockname()[1]
        self._ready.set()
        self._loop.run_forever()
        server.close()
        tasks = asyncio.all_tasks(self._loop)
        for task in tasks:
            task.cancel()
        self._loop.run_until_complete(asyncio.gather(*tasks, return_exceptions=True))

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        # Opening a connection costs a round trip on a real link.
        await asyncio.sleep(self.up.delay + self.down.delay)
        up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.target)
        with contextlib.suppress(asyncio.CancelledError, ConnectionError):
            await asyncio.gather(
                self._pump(reader, up_writer, self.up), self._pump(up_reader, writer, self.down)
            )
        for w in (writer, up_writer):
            w.close()

    async def _pump(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, link: _Link
    ) -> None:
        queue: asyncio.Queue[tuple[float, bytes | None]] = asyncio.Queue()

        async def deliver() -> None:
            while True:
                at, chunk = await queue.get()
                if chunk is None:
                    break
                await asyncio.sleep(max(0.0, at - time.monotonic()))
                writer.write(chunk)
                await writer.drain()

        deliverer = asyncio.create_task(deliver())
        while True:
            chunk = await reader.read(4096)
            if not chunk:
                break
            queue.put_nowait((link.schedule(len(chunk)), chunk))
        queue.put_nowait((0.0, None))
        await deliverer
        if writer.can_write_eof():
            writer.write_eof()
