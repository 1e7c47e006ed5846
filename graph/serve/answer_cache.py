"""Answers kept by the server: the store is read-only while served, so a query asked again in the same
format has the same answer. A least-recently-used cache bounded in bytes, and single flight: while one
request computes an answer, the same question from other clients waits for it instead of computing it
again (twenty analysts opening the same named query cost one evaluation). Errors are not kept."""
from __future__ import annotations

import asyncio
from collections import OrderedDict


class AnswerCache:
    def __init__(self, max_bytes: int):
        self.max_bytes, self.size = max_bytes, 0
        self.kept: OrderedDict = OrderedDict()   # key -> (body, media type)
        self.running: dict = {}                   # key -> Future of the answer being computed
        self.hits = self.misses = 0

    async def get(self, key, compute):
        """The answer for `key`: kept, being computed by another request, or computed by `compute()`."""
        if key in self.kept:
            self.kept.move_to_end(key)
            self.hits += 1
            return self.kept[key]
        if key in self.running:
            self.hits += 1
            return await asyncio.shield(self.running[key])
        self.misses += 1
        future = asyncio.get_running_loop().create_future()
        self.running[key] = future
        try:
            answer = await compute()
        except BaseException as e:
            future.set_exception(e)
            future.exception()   # retrieved: no "never retrieved" warning when nobody else waited
            raise
        finally:
            del self.running[key]
        future.set_result(answer)
        self._keep(key, answer)
        return answer

    def _keep(self, key, answer) -> None:
        size = len(answer[0]) + len(key[0])
        if size > self.max_bytes // 4:   # one answer never takes more than a quarter of the room
            return
        self.kept[key] = answer
        self.size += size
        while self.size > self.max_bytes:
            old_key, old = self.kept.popitem(last=False)
            self.size -= len(old[0]) + len(old_key[0])
