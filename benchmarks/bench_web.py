"""Web app and API on loopback: assign latency, bulk assign, persona page under load.

Targets (issue 5): API assign of one record p99 < 20 ms on SQLite; 1,000 records in one call
< 200 ms; persona page p95 < 150 ms with 20 concurrent clients. Bounded in count and time.

    python benchmarks/bench_web.py [--customers 5000] [--workspace DIR]
"""

from __future__ import annotations

import argparse
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

from personakit.access import add_user, create_token
from personakit.ingest import linked_frame
from personakit.pipeline import run_demo
from personakit.track import current_personas
from personakit.workspace import Workspace

ONE_RECORD_CALLS = 300
PAGE_REQUESTS = 400
CLIENTS = 20
TIME_LIMIT_S = 60.0


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def _records(ws: Workspace, count: int) -> list[dict[str, object]]:
    frame = linked_frame(ws).frame.head(count).astype(object)
    rows = frame.where(frame.notna(), None).to_dict("records")
    return [{str(k): (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in r.items()}
            for r in rows]


def _serve(root: Path) -> tuple[subprocess.Popen[bytes], str]:
    """``personakit serve`` in its own process, as users run it (clients here do not compete
    with the server for one interpreter lock)."""
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "personakit", "serve", "-w", str(root),
                               "--port", str(port), "--quiet"])
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            httpx.get(f"{url}/login", timeout=1)
            return server, url
        except httpx.TransportError:
            time.sleep(0.1)
    server.terminate()
    raise RuntimeError("the server did not start")


def bench_assign(url: str, secret: str, records: list[dict[str, object]]) -> None:
    headers = {"Authorization": f"Bearer {secret}"}
    with httpx.Client(base_url=url, headers=headers, timeout=30) as client:
        for _ in range(10):  # warm-up: model load and caches
            client.post("/api/v1/assign", json={"records": records[:1]})
        times = []
        started = time.perf_counter()
        for i in range(ONE_RECORD_CALLS):
            t0 = time.perf_counter()
            response = client.post("/api/v1/assign", json={"records": [records[i % 50]]})
            times.append((time.perf_counter() - t0) * 1000)
            response.raise_for_status()
            if time.perf_counter() - started > TIME_LIMIT_S:
                break
        print(f"API assign 1 record   ({len(times)} calls): p50 {statistics.median(times):6.1f} ms"
              f"  p99 {_quantile(times, 0.99):6.1f} ms   target p99 < 20 ms")
        bulk = []
        for _ in range(5):
            t0 = time.perf_counter()
            client.post("/api/v1/assign", json={"records": records[:1000]}).raise_for_status()
            bulk.append((time.perf_counter() - t0) * 1000)
        print(f"API assign {min(1000, len(records))} records (5 calls): median "
              f"{statistics.median(bulk):6.1f} ms   target < 200 ms")


def bench_persona_page(url: str, persona_id: str) -> None:
    def session() -> httpx.Client:
        client = httpx.Client(base_url=url, timeout=30)
        page = client.get("/login").text
        token = re.search(r'name="csrf" value="([^"]+)"', page)
        assert token is not None
        client.post("/login", data={"username": "bench", "password": "bench-password-1",
                                    "csrf": token.group(1)})
        return client

    clients = [session() for _ in range(CLIENTS)]
    times: list[float] = []
    lock = threading.Lock()

    def hit(i: int) -> None:
        t0 = time.perf_counter()
        clients[i % CLIENTS].get(f"/personas/{persona_id}").raise_for_status()
        with lock:
            times.append((time.perf_counter() - t0) * 1000)

    for c in clients:
        c.get(f"/personas/{persona_id}")
    with ThreadPoolExecutor(CLIENTS) as pool:
        list(pool.map(hit, range(PAGE_REQUESTS)))
    print(f"Persona page, {CLIENTS} concurrent clients ({len(times)} requests): p50 "
          f"{statistics.median(times):6.1f} ms  p95 {_quantile(times, 0.95):6.1f} ms"
          f"   target p95 < 150 ms")
    for c in clients:
        c.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--customers", type=int, default=5000)
    parser.add_argument("--workspace", type=Path, default=None)
    args = parser.parse_args()
    root = args.workspace or Path(tempfile.mkdtemp(prefix="bench-web-")) / "ws"
    print(f"Workspace {root} ({args.customers} customers, SQLite)")
    if not (root / "personakit.toml").exists():
        run_demo(root, customers=args.customers, seed=42, language="en", formats=())
    with Workspace.open(root) as ws:
        if not _users_exist(ws):
            add_user(ws, "bench", "bench-password-1", "viewer")
        secret, _ = create_token(ws, f"bench-{int(time.time())}", "api")
        records = _records(ws, 1000)
        persona_id = current_personas(ws)[0].id
    server, url = _serve(root)
    try:
        bench_assign(url, secret, records)
        bench_persona_page(url, persona_id)
    finally:
        server.terminate()
        server.wait(timeout=10)


def _users_exist(ws: Workspace) -> bool:
    from personakit.access import list_users

    return any(u.username == "bench" for u in list_users(ws))


if __name__ == "__main__":
    main()
