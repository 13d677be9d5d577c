"""pyHanko signs and validates with asyncio; its blocking helpers call asyncio.run(), which refuses to run in
a thread that already has a running loop (an ASGI server, or the Playwright-driven browser tests, whose loop
stays running in the main thread). A coroutine is then run to completion in a thread of its own."""
import asyncio
from concurrent.futures import ThreadPoolExecutor


def run_sync(coroutine):
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="pyhanko") as executor:
        return executor.submit(asyncio.run, coroutine).result()
