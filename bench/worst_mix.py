"""The worst mix of legitimate requests for memory: many maximum-size articles at once (and a mix with small ones),
sent together against a slow fake LLM, while the service's resident memory is sampled every 50 ms.

usage: python3 bench/worst_mix.py <port> <service-pid> <deadline-s> <article.txt> <max-chars> <phase>...
  phase: "max:N" (N articles of max-chars characters) or "mixed:N" (half of them max-size, half the plain article)
Prints one JSON line per phase: how many were sent, the statuses, the peak RSS, and how late the latest answer came
after the deadline (measured by the client, from the moment it sent the request).
"""
import json
import os
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter

port, pid, deadline_s, article_path, max_chars = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), sys.argv[4], int(sys.argv[5])
phases = sys.argv[6:]
base = open(article_path, encoding="utf-8").read()


def long_article(i):
    parts, k, size = [], 0, 0
    while size < max_chars:
        part = f"{base}\n\n(dépêche {i}-{k})\n\n"
        parts.append(part)
        size += len(part)
        k += 1
    return "".join(parts)[:max_chars - 10]


def rss_kb():
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS"):
                return int(line.split()[1])
    return 0


def run(phase):
    kind, n = phase.split(":")
    n = int(n)
    texts = [long_article(i) if kind == "max" or i % 2 == 0 else f"{base} ({phase}-{i})" for i in range(n)]
    bodies = [json.dumps({"text": t}).encode() for t in texts]
    results, lock, peak, done = [], threading.Lock(), [rss_kb()], threading.Event()

    def sample():
        while not done.is_set():
            peak[0] = max(peak[0], rss_kb())
            time.sleep(0.05)

    def one(i):
        started = time.time()
        request = urllib.request.Request(f"http://127.0.0.1:{port}/v1/digests", data=bodies[i],
                                         headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=deadline_s + 60) as response:
                status = response.status
                response.read()
        except urllib.error.HTTPError as e:
            status = e.code
            e.read()
        except Exception as e:  # connection reset etc.: counted by name
            status = type(e).__name__
        with lock:
            results.append((status, time.time() - started))

    sampler = threading.Thread(target=sample)
    sampler.start()
    threads = [threading.Thread(target=one, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    done.set()
    sampler.join()
    codes = Counter(str(s) for s, _ in results)
    latest = max(d for _, d in results)
    return {"name": f"worst-mix-{phase}", "phase": phase, "limit_mi": int(os.environ.get("LIMIT_MI", 0)),
            "java_opts": os.environ.get("JAVA_OPTS_USED", ""), "sent": n, "max_chars": max_chars,
            "statuses": dict(sorted(codes.items())), "peak_rss_kb": peak[0], "deadline_s": deadline_s,
            "latest_s": round(latest, 2), "latest_past_deadline_s": round(max(0.0, latest - deadline_s), 2)}


for phase in phases:
    print(json.dumps(run(phase)), flush=True)
