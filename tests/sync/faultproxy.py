"""A TCP proxy on loopback (asyncio, in its own thread) that misbehaves like a rural link:
cuts connections at an exact byte or at random points, in either direction, delays, or holds
a connection still until released. Counts bytes each way."""

from __future__ import annotations

import asyncio
import contextlib
import random
import threading
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Cut:
    direction: str  # "up" (client → server) or "down"
    at: int  # bytes of that direction after which the connection is aborted


@dataclass
class FaultProxy:
    target_port: int
    seed: int = 0
    # Random cuts: each new connection is cut with this probability, in a random direction, at
    # a random byte of what the last connection moved that way, until `random_cuts` happened.
    probability: float = 0.0
    random_cuts: int = 0
    plan: list[Cut] = field(default_factory=list)  # exact cuts for the next connections
    delay: float = 0.0  # seconds added to each chunk forwarded
    hold_after_up: int | None = None  # stop forwarding after this many bytes up, until released
    on_hold: Callable[[], None] | None = None
    port: int = 0
    cuts: int = 0
    bytes_up: int = 0
    bytes_down: int = 0
    connections: int = 0
    cut_connection_bytes: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._rng = random.Random(self.seed)
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._released = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._transports: list[asyncio.BaseTransport] = []
        self._last = {"up": 2000, "down": 2000}

    def __enter__(self) -> FaultProxy:
        self._thread.start()
        self._ready.wait(10)
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
        self._loop.close()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def release(self) -> None:
        self.hold_after_up = None
        self._released.set()

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        server = self._loop.run_until_complete(asyncio.start_server(self._handle, "127.0.0.1", 0))
        self.port = server.sockets[0].getsockname()[1]
        self._ready.set()
        self._loop.run_forever()
        server.close()
        for transport in self._transports:
            transport.abort()
        tasks = asyncio.all_tasks(self._loop)
        for task in tasks:
            task.cancel()
        self._loop.run_until_complete(asyncio.gather(*tasks, return_exceptions=True))
        self._loop.run_until_complete(server.wait_closed())

    def _choose_cut(self) -> Cut | None:
        if self.plan:
            return self.plan.pop(0)
        if self.cuts < self.random_cuts and self._rng.random() < self.probability:
            way = self._rng.choice(["up", "down"])
            return Cut(way, self._rng.randrange(max(1, self._last[way])))
        return None

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        with contextlib.suppress(asyncio.CancelledError):  # the proxy is shutting down
            await self._forward(reader, writer)

    async def _forward(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        self._transports.append(writer.transport)
        try:
            up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.target_port)
        except OSError:
            writer.transport.abort()
            return
        self._transports.append(up_writer.transport)
        cut = self._choose_cut()
        moved = {"up": 0, "down": 0}
        done = asyncio.Event()

        def abort() -> None:
            if not done.is_set():
                done.set()
                self.cuts += 1
                self.cut_connection_bytes.append(moved["up"] + moved["down"])
                writer.transport.abort()
                up_writer.transport.abort()

        async def pump(src: asyncio.StreamReader, dst: asyncio.StreamWriter, way: str) -> None:
            try:
                while not done.is_set():
                    chunk = await src.read(4096)
                    if not chunk:
                        break
                    if self.delay:
                        await asyncio.sleep(self.delay)
                    held = self.hold_after_up
                    if way == "up" and held is not None and self.bytes_up + len(chunk) > held:
                        if self.on_hold is not None:
                            self.on_hold()
                        await asyncio.get_running_loop().run_in_executor(None, self._released.wait)
                        abort()  # the held connection is gone, as on a dropped link
                        return
                    if (
                        cut is not None
                        and cut.direction == way
                        and moved[way] + len(chunk) > cut.at
                    ):
                        keep = cut.at - moved[way]
                        dst.write(chunk[:keep])
                        self._count(way, keep)
                        moved[way] += keep
                        await dst.drain()
                        abort()
                        return
                    dst.write(chunk)
                    self._count(way, len(chunk))
                    moved[way] += len(chunk)
                    await dst.drain()
                if dst.can_write_eof():
                    dst.write_eof()
            except (ConnectionError, OSError):
                done.set()
                writer.transport.abort()
                up_writer.transport.abort()

        await asyncio.gather(pump(reader, up_writer, "up"), pump(up_reader, writer, "down"))
        if not done.is_set():
            self._last = {way: max(n, 1) for way, n in moved.items()}
        for w in (writer, up_writer):
            w.close()

    def _count(self, way: str, n: int) -> None:
        if way == "up":
            self.bytes_up += n
        else:
            self.bytes_down += n
