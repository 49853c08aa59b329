"""Load and soak test of the web app and API on loopback (issue 16, point 7).

A real ``personakit serve`` process (uvicorn) on a large sample workspace; many concurrent
clients for a bounded time on a mix of the persona page, the API persona list and one-record
assignment. Prints requests, errors (must be 0), p50/p95/p99 per kind and throughput. With
``--soak`` the load runs on for that many seconds while the server's resident memory and
open file descriptors are sampled; the verdict says whether either grew beyond the
tolerance below.

    python benchmarks/bench_load.py [--customers 200000] [--workspace DIR] [--clients 50]
                                    [--seconds 60] [--soak 600]

The workspace is built once (minutes at 200,000 customers) and reused from ``--workspace``.
Clients are threads in this process, so on a small machine they share the CPU with the
server: the latencies are those of the whole loopback system, not of the server alone.
"""

from __future__ import annotations

import argparse
import itertools
import re
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import psutil
from bench_web import _free_port, _quantile, _records

from personakit.access import add_user, list_users
from personakit.pipeline import run_demo
from personakit.track import current_personas
from personakit.workspace import Workspace

ADMIN, VIEWER, PASSWORD = "load-admin", "load-viewer", "load-password-1"
# One cycle of request kinds per client: pages are what people wait for, assign calls are
# what other systems send; the list is cheap and cached.
MIX = ("page", "page", "assign", "assign", "list")
SAMPLE_EVERY_S = 10.0
# The first minute of a soak fills caches (model, persona index, approaches, sessions) and
# lets the allocator settle; growth is judged from the first sample after it.
SOAK_WARMUP_S = 60.0
# Allowed growth over the soak, first sample after warm-up to last: memory a long-running
# Python server may still take as its allocator fragments (10 % or 32 MiB, whichever is
# more), and a handful of descriptors (sockets in TIME_WAIT handshakes, a log file).
RSS_TOLERANCE_SHARE = 0.10
RSS_TOLERANCE_MIB = 32.0
FD_TOLERANCE = 8
REQUEST_TIMEOUT_S = 30.0
WARMUP_TIMEOUT_S = 900.0


@dataclass
class Tally:
    """Latencies (ms) per request kind and the errors seen, shared by the client threads."""

    times: dict[str, list[float]] = field(default_factory=dict)
    errors: Counter[str] = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, kind: str, ms: float, error: str | None) -> None:
        with self.lock:
            self.times.setdefault(kind, []).append(ms)
            if error is not None:
                self.errors[f"{kind}: {error}"] += 1


def _build(root: Path, customers: int) -> None:
    if (root / "personakit.toml").exists():
        print(f"Reusing workspace {root}")
        return
    print(f"Building workspace {root} ({customers:,} customers) ...", flush=True)
    started = time.perf_counter()
    run_demo(root, customers=customers, seed=42, language="en", formats=())
    print(f"  built in {time.perf_counter() - started:,.0f} s")


def _prepare(root: Path) -> tuple[list[str], list[dict[str, object]]]:
    """Users for the run (added once) and what the clients send: persona ids, records."""
    with Workspace.open(root) as ws:
        known = {u.username for u in list_users(ws)}
        for name, role in ((ADMIN, "admin"), (VIEWER, "viewer")):
            if name not in known:
                add_user(ws, name, PASSWORD, role)
        persona_ids = [p.id for p in current_personas(ws)]
        records = _records(ws, 200)
    return persona_ids, records


def _serve(root: Path, log: Path) -> tuple[subprocess.Popen[bytes], str]:
    """``personakit serve`` in its own process (as bench_web.py), its output in *log*."""
    port = _free_port()
    with log.open("wb") as sink:
        server = subprocess.Popen([sys.executable, "-m", "personakit", "serve", "-w", str(root),
                                   "--port", str(port), "--quiet"], stdout=sink, stderr=sink)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and server.poll() is None:
        try:
            httpx.get(f"{url}/login", timeout=1)
            return server, url
        except httpx.TransportError:
            time.sleep(0.1)
    server.kill()
    raise RuntimeError(f"the server did not start; its output:\n{log.read_text()[-3000:]}")


def _login(url: str, username: str) -> httpx.Client:
    client = httpx.Client(base_url=url, timeout=REQUEST_TIMEOUT_S)
    found = re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text)
    assert found is not None, "no CSRF field on the login page"
    done = client.post("/login", data={"username": username, "password": PASSWORD,
                                       "csrf": found.group(1)})
    if done.status_code != 303:
        raise RuntimeError(f"login of {username} failed: HTTP {done.status_code}")
    return client


def _create_token(url: str) -> str:
    """An API token made as an administrator makes one: through the admin page."""
    admin = _login(url, ADMIN)
    try:
        page = admin.get("/admin/tokens").text
        csrf = re.search(r'name="csrf" value="([^"]+)"', page)
        assert csrf is not None, "no CSRF field on the token page"
        made = admin.post("/admin/tokens", data={
            "csrf": csrf.group(1), "action": "create", "scope": "api",
            "name": f"load-{int(time.time() * 1000)}"})
        made.raise_for_status()
        secret = re.search(r'<code class="secret">([^<]+)</code>', made.text)
        assert secret is not None, "the token page showed no secret"
        return secret.group(1)
    finally:
        admin.close()


def _one(client: httpx.Client, kind: str, i: int, persona_ids: list[str],
         records: list[dict[str, object]], headers: dict[str, str]) -> httpx.Response:
    if kind == "page":
        return client.get(f"/personas/{persona_ids[i % len(persona_ids)]}")
    if kind == "list":
        return client.get("/api/v1/personas", headers=headers)
    return client.post("/api/v1/assign", headers=headers,
                       json={"records": [records[i % len(records)]]})


def _client_loop(client: httpx.Client, start: int, deadline: float, tally: Tally,
                 persona_ids: list[str], records: list[dict[str, object]],
                 headers: dict[str, str]) -> None:
    for i in itertools.count(start):
        if time.monotonic() >= deadline:
            return
        kind = MIX[i % len(MIX)]
        t0 = time.perf_counter()
        error: str | None = None
        try:
            response = _one(client, kind, i, persona_ids, records, headers)
            if response.status_code >= 400:
                error = f"HTTP {response.status_code}"
        except httpx.HTTPError as exc:
            error = type(exc).__name__
        tally.add(kind, (time.perf_counter() - t0) * 1000, error)


def warm_up(url: str, session: httpx.Client, persona_ids: list[str],
            records: list[dict[str, object]], secret: str) -> None:
    """One request of each kind before the clock runs: the first ones load the model and
    compute the persona index and the approaches (the funnel behind them takes long on a
    large workspace), which later requests reuse."""
    headers = {"Authorization": f"Bearer {secret}"}
    with httpx.Client(base_url=url, timeout=WARMUP_TIMEOUT_S, cookies=session.cookies) as warm:
        for kind in ("page", "list", "assign"):
            t0 = time.perf_counter()
            _one(warm, kind, 0, persona_ids, records, headers).raise_for_status()
            print(f"  first {kind:<7} {time.perf_counter() - t0:7.2f} s")


def run_load(url: str, sessions: list[httpx.Client], seconds: float,
             persona_ids: list[str], records: list[dict[str, object]], secret: str) -> Tally:
    """Every session requests in a loop until *seconds* have passed."""
    tally = Tally()
    headers = {"Authorization": f"Bearer {secret}"}
    deadline = time.monotonic() + seconds
    threads = [threading.Thread(target=_client_loop, daemon=True,
                                args=(c, n, deadline, tally, persona_ids, records, headers))
               for n, c in enumerate(sessions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + 2 * REQUEST_TIMEOUT_S)
    return tally


def report(tally: Tally, seconds: float, clients: int) -> None:
    total = sum(len(v) for v in tally.times.values())
    errors = sum(tally.errors.values())
    print(f"{clients} clients, {seconds:.0f} s: {total:,} requests, {errors} errors, "
          f"{total / seconds:,.1f} requests/s")
    for kind in ("page", "list", "assign"):
        times = tally.times.get(kind, [])
        if times:
            print(f"  {kind:<7} {len(times):>7,}  p50 {_quantile(times, 0.50):7.1f} ms  "
                  f"p95 {_quantile(times, 0.95):7.1f} ms  p99 {_quantile(times, 0.99):7.1f} ms")
    for what, count in tally.errors.most_common(10):
        print(f"  error {what}: {count}")


@dataclass
class Sample:
    """One reading of the server process."""

    at: float
    rss_mib: float
    fds: int


def _sampler(pid: int, stop: threading.Event, samples: list[Sample]) -> None:
    process = psutil.Process(pid)
    started = time.monotonic()

    def take() -> None:
        rss = process.memory_info().rss / 2**20
        samples.append(Sample(time.monotonic() - started, rss, process.num_fds()))

    take()
    while not stop.wait(SAMPLE_EVERY_S):
        take()
    if time.monotonic() - started - samples[-1].at > 1:
        take()  # at the end of the load


def _slope_per_min(points: list[tuple[float, float]]) -> float:
    """Least-squares slope of (seconds, value), per minute."""
    if len(points) < 2:
        return 0.0
    mean_t = sum(t for t, _ in points) / len(points)
    mean_v = sum(v for _, v in points) / len(points)
    spread = sum((t - mean_t) ** 2 for t, _ in points)
    return 60 * sum((t - mean_t) * (v - mean_v) for t, v in points) / spread if spread else 0.0


def soak_verdict(samples: list[Sample]) -> bool:
    """Print the samples' first/last/slope after warm-up; ``True`` if growth is tolerable."""
    settled = [s for s in samples if s.at >= SOAK_WARMUP_S] or samples
    first, last = settled[0], settled[-1]
    rss_allowed = max(RSS_TOLERANCE_MIB, RSS_TOLERANCE_SHARE * first.rss_mib)
    rss_ok = last.rss_mib - first.rss_mib <= rss_allowed
    fd_ok = last.fds - first.fds <= FD_TOLERANCE
    print(f"  RSS  at {first.at:5.0f} s {first.rss_mib:7.1f} MiB -> at {last.at:5.0f} s "
          f"{last.rss_mib:7.1f} MiB  slope "
          f"{_slope_per_min([(s.at, s.rss_mib) for s in settled]):+.2f} MiB/min  "
          f"(allowed growth {rss_allowed:.0f} MiB)")
    print(f"  fds  at {first.at:5.0f} s {first.fds:7d}     -> at {last.at:5.0f} s "
          f"{last.fds:7d}      slope {_slope_per_min([(s.at, s.fds) for s in settled]):+.2f}"
          f"/min      (allowed growth {FD_TOLERANCE})")
    print(f"  peak RSS {max(s.rss_mib for s in samples):.1f} MiB, peak fds "
          f"{max(s.fds for s in samples)}, {len(samples)} samples every {SAMPLE_EVERY_S:.0f} s")
    verdict = rss_ok and fd_ok
    print(f"  verdict: {'no growth beyond tolerance' if verdict else 'GROWTH beyond tolerance'}")
    return verdict


def soak(url: str, pid: int, sessions: list[httpx.Client], seconds: float,
         persona_ids: list[str], records: list[dict[str, object]], secret: str) -> bool:
    samples: list[Sample] = []
    stop = threading.Event()
    sampler = threading.Thread(target=_sampler, args=(pid, stop, samples), daemon=True)
    sampler.start()
    tally = run_load(url, sessions, seconds, persona_ids, records, secret)
    stop.set()
    sampler.join()
    report(tally, seconds, len(sessions))
    for s in samples:
        print(f"    {s.at:6.0f} s  RSS {s.rss_mib:7.1f} MiB  fds {s.fds}")
    return soak_verdict(samples) and not tally.errors


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=200_000)
    parser.add_argument("--workspace", type=Path, default=None,
                        help="folder for the workspace (built once, then reused)")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--soak", type=float, default=0.0,
                        help="then run this many seconds more, sampling RSS and open files")
    args = parser.parse_args()
    folder = args.workspace or Path(tempfile.gettempdir()) / "personakit-bench-load"
    root = folder / f"ws-{args.customers}"
    _build(root, args.customers)
    persona_ids, records = _prepare(root)
    log = folder / "server.log"
    server, url = _serve(root, log)
    ok = True
    try:
        secret = _create_token(url)
        sessions = [_login(url, VIEWER) for _ in range(args.clients)]
        print(f"Load on {url} ({len(persona_ids)} personas); warm-up:")
        warm_up(url, sessions[0], persona_ids, records, secret)
        tally = run_load(url, sessions, args.seconds, persona_ids, records, secret)
        report(tally, args.seconds, args.clients)
        ok = not tally.errors
        if args.soak:
            print(f"Soak: {args.soak:.0f} s more, sampling the server every "
                  f"{SAMPLE_EVERY_S:.0f} s")
            ok = soak(url, server.pid, sessions, args.soak, persona_ids, records,
                      secret) and ok
        for client in sessions:
            client.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
    if not ok:
        print(f"Server output (tail of {log}):\n{log.read_text()[-5000:]}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
