"""Turns the raw measurements of bench/run.sh into results.json, results.csv, results.md and latency.svg.

usage: python3 bench/report.py <work-dir> <out-dir> <mode>
Every figure written comes from the measurements, stamped with the commit, the machine, the JDK, the inputs and the
command (bench/run.sh records them); targets are the ones of the benchmark issue.
"""
import csv
import datetime
import json
import os
import sys

work, out, mode = sys.argv[1:4]
WORST_MIX_LATENCY_MS = os.environ.get("WORST_MIX_LATENCY_MS", "?")


def lines(name):
    path = os.path.join(work, name)
    if not os.path.exists(path):
        return []
    return [json.loads(line) for line in open(path) if line.strip().startswith("{")]


runs = {r["name"]: r for r in lines("wrk.jsonl")}
facts = {f["name"]: f for f in lines("facts.jsonl")}
tokens = json.load(open(os.path.join(work, "tokens.json")))
stamp = facts["stamp"]
cores, jdk, command = stamp["cores"], stamp["jdk"], stamp["command"]
calibration = facts.get("calibration", {}).get("sorts_per_s")
inputs = json.load(open(os.path.join(work, "inputs.json")))
jmh = json.load(open(os.path.join(work, "jmh.json")))

levels = sorted(int(n.split("-c")[1]) for n in runs if n.startswith("service-c"))
overhead = []
for c in levels:
    svc, fake, peer = runs[f"service-c{c}"], runs[f"fake-c{c}"], runs.get(f"portkey-c{c}")
    allocated = facts.get(f"allocation-c{c}", {}).get("allocated_bytes")
    row = {
        "concurrency": c,
        "service_p50_ms": svc["p50_ms"], "service_p90_ms": svc["p90_ms"], "service_p99_ms": svc["p99_ms"],
        "fake_p50_ms": fake["p50_ms"], "fake_p99_ms": fake["p99_ms"],
        "overhead_p50_ms": round(svc["p50_ms"] - fake["p50_ms"], 3),
        "overhead_p99_ms": round(svc["p99_ms"] - fake["p99_ms"], 3),
        "service_rps": svc["rps"], "fake_rps": fake["rps"], "errors": svc["errors"], "requests": svc["requests"],
        "allocated_kb_per_digest": round(allocated / svc["requests"] / 1024, 1) if allocated and svc["requests"] else None,
    }
    if peer:
        row.update({"portkey_p50_ms": peer["p50_ms"], "portkey_p99_ms": peer["p99_ms"], "portkey_rps": peer["rps"],
                    "portkey_errors": peer["errors"],
                    "portkey_overhead_p50_ms": round(peer["p50_ms"] - fake["p50_ms"], 3),
                    "portkey_overhead_p99_ms": round(peer["p99_ms"] - fake["p99_ms"], 3),
                    "portkey_peak_rss_mb": round(facts.get(f"portkey-load-c{c}", {}).get("peak_rss_kb", 0) / 1024, 1)})
    overhead.append(row)

cap_run, cap_mem = runs.get("capacity", {}), facts.get("capacity-memory", {})
in_flight = cap_mem.get("in_flight", 0)
heap_per_request_kb = round((cap_mem.get("heap_load_kb", 0) - cap_mem.get("heap_idle_kb", 0)) / in_flight, 2) if in_flight else None
capacity = {
    "in_flight": in_flight, "requests": cap_run.get("requests"), "errors": cap_run.get("errors"),
    "p50_ms": cap_run.get("p50_ms"), "p99_ms": cap_run.get("p99_ms"), "rps": cap_run.get("rps"),
    "heap_idle_kb": cap_mem.get("heap_idle_kb"), "heap_load_kb": cap_mem.get("heap_load_kb"),
    "heap_per_request_kb": heap_per_request_kb,
    "threads_idle": cap_mem.get("threads_idle"), "threads_load": cap_mem.get("threads_load"),
    "rss_load_mb": round(cap_mem.get("rss_load_kb", 0) / 1024, 1),
}
footprint = {"ready_ms": facts["ready"]["ready_ms"], "ready_no_archive_ms": facts["ready"].get("ready_no_archive_ms"), "idle_rss_mb": round(facts["idle"]["rss_kb"] / 1024, 1),
             "idle_threads": facts["idle"]["threads"], "warm_rss_mb": round(facts["warm"]["rss_kb"] / 1024, 1),
             "load_rss_mb": capacity["rss_load_mb"]}
hit = runs.get("cache-hit", {})
cache = {"hit_p50_ms": hit.get("p50_ms"), "hit_p99_ms": hit.get("p99_ms"), "hit_rps": hit.get("rps"),
         **{k: facts.get("single-flight", {}).get(k) for k in ("requests", "ok", "llm_calls")}}
def number(value):
    """JMH writes "NaN" (a string) for the error of a single iteration."""
    try:
        return round(float(value), 1)
    except (TypeError, ValueError):
        return None


validation = [{"benchmark": b["benchmark"].split(".")[-1], "article": b.get("params", {}).get("article", ""),
               "us_per_op": number(b["primaryMetric"]["score"]), "error_us": number(b["primaryMetric"]["scoreError"])}
              for b in jmh]

worst_mix = [f for f in lines("facts.jsonl") if f["name"].startswith("worst-mix")]

at = {o["concurrency"]: o for o in overhead}
top = max(levels) if levels else None


def target(name, value, limit, better="lower"):
    met = value is not None and limit is not None and (value <= limit if better == "lower" else value >= limit)
    # An overhead is a difference of two measurements: below zero it is noise, not a result, and meets nothing.
    invalid = value is not None and "overhead" in name and value < 0
    return {"target": name, "value": value, "limit": limit, "met": met and not invalid,
            **({"note": "negative: noise larger than the figure, not a measurement"} if invalid else {})}


c1 = at.get(1, {})
targets = [
    target("c=1 p50 overhead (ms)", c1.get("overhead_p50_ms"), 1.5),
    target("c=1 p99 overhead (ms)", c1.get("overhead_p99_ms"), 5.0),
] + ([
    target("c=1 p50 overhead below Portkey's (ms)", c1.get("overhead_p50_ms"), c1.get("portkey_overhead_p50_ms")),
    target("c=1 p99 overhead below Portkey's (ms)", c1.get("overhead_p99_ms"), c1.get("portkey_overhead_p99_ms")),
    target(f"c={top} throughput above Portkey's (per s)", at.get(top, {}).get("service_rps"),
           at.get(top, {}).get("portkey_rps"), "higher"),
] if "portkey_p50_ms" in c1 else []) + [
    target(f"c={top} throughput (digests/s)", at.get(top, {}).get("service_rps"), 1000, "higher"),
    target(f"c={top} errors", at.get(top, {}).get("errors"), 0),
    target("allocation per digest at c=1 (KB), half of the 1.8 MB measured before", c1.get("allocated_kb_per_digest"), 900),
    target(f"{in_flight} in flight: errors", capacity["errors"], 0),
    target(f"{in_flight} in flight: heap per request (KB)", heap_per_request_kb, 32),
    target("fixed prompt overhead (tokens)", tokens["fixedOverhead"]["total"], 600),
    target("ready after start, with the class-data archive as the image runs (ms)", footprint["ready_ms"], 2000),
    target("idle RSS (MB)", footprint["idle_rss_mb"], 200),
] + [target(f"worst mix {w['phase']}: peak RSS (MiB) under the pod limit", round(w["peak_rss_kb"] / 1024, 1),
            w["limit_mi"]) for w in worst_mix] + [
    target(f"worst mix {w['phase']}: latest answer past the deadline (s)", w["latest_past_deadline_s"], 1.0)
    for w in worst_mix]
results = {"date": datetime.date.today().isoformat(), "mode": mode, "stamp": stamp, "calibration_sorts_per_s": calibration,
           "inputs": inputs, "command": command, "portkey_idle_rss_mb": round(facts["portkey-idle"]["rss_kb"] / 1024, 1)
           if "portkey-idle" in facts else None,
           "overhead": overhead, "capacity": capacity, "footprint": footprint, "cache": cache,
           "tokens": tokens, "validation": validation, "worst_mix": worst_mix, "targets": targets}

os.makedirs(out, exist_ok=True)
json.dump(results, open(os.path.join(out, "results.json"), "w"), indent=2)
with open(os.path.join(out, "results.csv"), "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["figure", "key", "value"])
    for o in overhead:
        for k, v in o.items():
            w.writerow([f"overhead c={o['concurrency']}", k, v])
    for section in ("capacity", "footprint", "cache"):
        for k, v in results[section].items():
            w.writerow([section, k, v])
    for k, v in tokens["fixedOverhead"].items():
        w.writerow(["tokens fixed overhead", k, v])
    for a in tokens["articles"]:
        w.writerow(["tokens " + a["name"], "input/output", f'{a["inputTokens"]}/{a["outputTokens"]}'])
    for v in validation:
        w.writerow(["validation " + v["benchmark"], v["article"], v["us_per_op"]])


def fmt(v):
    return "n/a" if v is None else (f"{v:,.3f}".rstrip("0").rstrip(".") if isinstance(v, float) else f"{v:,}")


peer = "portkey_p50_ms" in c1
md = [f"Measured {results['date']} ({mode} run) at commit `{stamp['commit']}`{' (with uncommitted changes)' if stamp['dirty'] else ''} "
      f"on {stamp['cpu']}, {cores} cores, {round(stamp['memory_kb'] / 1024 / 1024, 1)} GB, {jdk}"
      f"{', Node ' + stamp['node'] if stamp.get('node') else ''}; calibration {fmt(calibration)} sorts/s "
      f"(`java bench/Calibrate.java`: a fixed CPU-bound workload, to compare machines); command: `{command}`. "
      "Service heap capped with `-Xmx256m`; wrk, the fake LLM" + (", Portkey" if peer else "") + " and the service share "
      "the machine.", "",
      f"Inputs (`bench/inputs.txt`, sent in turn, each made unique by a tag, no language given, the fake answering each "
      f"with its complete extraction):", "",
      "| article | bytes | characters | meetings | answer bytes |", "|---|---|---|---|---|"]
for a in inputs:
    md.append(f"| {a['id']} | {a['bytes']:,} | {a['chars']:,} | {a['meetings']} | {a['answer_bytes']:,} |")
md += ["", "| concurrency | service p50 / p90 / p99 (ms) | fake LLM p50 / p99 (ms) | **precis overhead** p50 / p99 (ms) | digests/s | errors | allocated per digest |",
       "|---|---|---|---|---|---|---|"]
for o in overhead:
    md.append(f"| {o['concurrency']} | {fmt(o['service_p50_ms'])} / {fmt(o['service_p90_ms'])} / {fmt(o['service_p99_ms'])} "
              f"| {fmt(o['fake_p50_ms'])} / {fmt(o['fake_p99_ms'])} | **{fmt(o['overhead_p50_ms'])} / {fmt(o['overhead_p99_ms'])}** "
              f"| {fmt(o['service_rps'])} | {o['errors']} | {fmt(o['allocated_kb_per_digest'])} KB |")
if peer:
    md += ["", f"The peer, in the same run: the Portkey AI gateway (`@portkey-ai/gateway` 1.15.2, one Node process) "
               f"forwarding the same chat request to the same fake; idle RSS {fmt(results['portkey_idle_rss_mb'])} MB.", "",
           "| concurrency | Portkey p50 / p99 (ms) | **Portkey overhead** p50 / p99 (ms) | requests/s | errors | peak RSS (MB) | precis overhead p50 / p99 (ms) | precis digests/s |",
           "|---|---|---|---|---|---|---|---|"]
    for o in overhead:
        md.append(f"| {o['concurrency']} | {fmt(o['portkey_p50_ms'])} / {fmt(o['portkey_p99_ms'])} | "
                  f"**{fmt(o['portkey_overhead_p50_ms'])} / {fmt(o['portkey_overhead_p99_ms'])}** | {fmt(o['portkey_rps'])} | "
                  f"{o['portkey_errors']} | {fmt(o['portkey_peak_rss_mb'])} | {fmt(o['overhead_p50_ms'])} / "
                  f"{fmt(o['overhead_p99_ms'])} | {fmt(o['service_rps'])} |")
md += ["", "| figure | value |", "|---|---|",
       f"| waiting capacity: requests in flight | {in_flight} (fake answers after a fixed delay) |",
       f"| … requests served / errors | {fmt(capacity['requests'])} / {capacity['errors']} |",
       f"| … heap after GC, idle → loaded | {fmt(capacity['heap_idle_kb'])} KB → {fmt(capacity['heap_load_kb'])} KB |",
       f"| … heap per request in flight | {fmt(heap_per_request_kb)} KB |",
       f"| … threads, idle → loaded | {capacity['threads_idle']} → {capacity['threads_load']} |",
       f"| time from start to ready (median of 5): with the class-data archive (as the image runs) / without | "
       f"{footprint['ready_ms']} ms / {footprint['ready_no_archive_ms']} ms |",
       f"| RSS idle (started, one digest served) / after the warm-up load / under the in-flight load | "
       f"{footprint['idle_rss_mb']} MB / {footprint['warm_rss_mb']} MB / {footprint['load_rss_mb']} MB |",
       f"| cache hit p50 / p99 | {fmt(cache['hit_p50_ms'])} / {fmt(cache['hit_p99_ms'])} ms |",
       f"| LLM calls for {cache['requests']} concurrent identical requests | {cache['llm_calls']} ({cache['ok']} answered 200) |",
       f"| fixed prompt overhead (system + user template + schema), o200k_base | {tokens['fixedOverhead']['total']} tokens "
       f"(system {tokens['fixedOverhead']['system']}, template {tokens['fixedOverhead']['userTemplate']}, schema {tokens['fixedOverhead']['schema']}) |"]
if worst_mix:
    md += ["", f"Worst mix for memory: the service started as the image starts it (`{worst_mix[0]['java_opts']}`, "
               f"MaxRAM standing for the Deployment's {worst_mix[0]['limit_mi']}Mi limit), the fake LLM answering after "
               f"{WORST_MIX_LATENCY_MS} ms, deadline {worst_mix[0]['deadline_s']:g} s; all requests sent at once.", "",
           "| phase | sent | statuses | peak RSS (MiB) | pod limit (MiB) | latest answer past the deadline (s) |",
           "|---|---|---|---|---|---|"]
    for w in worst_mix:
        statuses = ", ".join(f"{k}: {v}" for k, v in w["statuses"].items())
        md.append(f"| {w['phase']} ({w['max_chars']:,}-character articles) | {w['sent']} | {statuses} | "
                  f"{w['peak_rss_kb'] / 1024:.1f} | {w['limit_mi']} | {w['latest_past_deadline_s']} |")
md += ["", "| article | characters | input tokens | output tokens | LLM calls |", "|---|---|---|---|---|"]
for a in tokens["articles"]:
    md.append(f"| {a['name']} | {a['chars']} | {a['inputTokens']} | {a['outputTokens']} | {a['llmCalls']} |")
md += ["", "| validation microbenchmark (JMH) | article | µs per op (± error) |", "|---|---|---|"]
for v in validation:
    md.append(f"| {v['benchmark']} | {v['article']} | {fmt(v['us_per_op'])} ± {fmt(v['error_us'])} |")
md += ["", "| target | measured | limit | met |", "|---|---|---|---|"]
for t in targets:
    md.append(f"| {t['target']} | {fmt(t['value'])} | {fmt(t['limit'])} | "
              f"{'yes' if t['met'] else '**no**'}{' (' + t['note'] + ')' if 'note' in t else ''} |")
open(os.path.join(out, "results.md"), "w").write("\n".join(md) + "\n")

# Chart: p50 and p99 latency against concurrency, service and fake, log scale.
W, H, L, B, T, R = 640, 400, 70, 50, 40, 150
import math
series = [("service p50", "service_p50_ms", "#1f5fbf", ""), ("service p99", "service_p99_ms", "#1f5fbf", "6,4"),
          ("fake LLM p50", "fake_p50_ms", "#c2410c", ""), ("fake LLM p99", "fake_p99_ms", "#c2410c", "6,4")]
values = [max(o[k], 0.001) for o in overhead for _, k, _, _ in series] or [1]
lo, hi = math.floor(math.log10(min(values))), math.ceil(math.log10(max(values)))
hi = hi if hi > lo else lo + 1


def x(i):
    return L + (W - L - R) * (i / max(1, len(levels) - 1))


def y(v):
    return H - B - (H - B - T) * (math.log10(max(v, 0.001)) - lo) / (hi - lo)


svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" font-family="sans-serif" font-size="12">',
       f'<rect width="{W}" height="{H}" fill="white"/>',
       f'<text x="{L}" y="22" font-size="14">Latency against concurrency ({mode} run, {results["date"]})</text>',
       f'<line x1="{L}" y1="{H-B}" x2="{W-R}" y2="{H-B}" stroke="black"/><line x1="{L}" y1="{T}" x2="{L}" y2="{H-B}" stroke="black"/>']
for e in range(lo, hi + 1):
    svg.append(f'<line x1="{L}" y1="{y(10**e):.1f}" x2="{W-R}" y2="{y(10**e):.1f}" stroke="#ddd"/>'
               f'<text x="{L-8}" y="{y(10**e)+4:.1f}" text-anchor="end">{10**e:g} ms</text>')
for i, c in enumerate(levels):
    svg.append(f'<text x="{x(i):.1f}" y="{H-B+18}" text-anchor="middle">{c}</text>')
svg.append(f'<text x="{(L+W-R)/2}" y="{H-12}" text-anchor="middle">concurrent connections (wrk, closed loop)</text>')
for n, (label, key, color, dash) in enumerate(series):
    pts = " ".join(f"{x(i):.1f},{y(o[key]):.1f}" for i, o in enumerate(overhead))
    svg.append(f'<polyline points="{pts}" fill="none" stroke="{color}" stroke-width="2" stroke-dasharray="{dash}"/>')
    svg.append(f'<line x1="{W-R+15}" y1="{T+20*n+10}" x2="{W-R+40}" y2="{T+20*n+10}" stroke="{color}" stroke-width="2" '
               f'stroke-dasharray="{dash}"/><text x="{W-R+45}" y="{T+20*n+14}">{label}</text>')
svg.append("</svg>")
open(os.path.join(out, "latency.svg"), "w").write("\n".join(svg) + "\n")
print("\n".join(md))
