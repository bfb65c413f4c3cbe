"""Turns bench/profile.sh's measurements into tables: CPU per digest by thread group, and JFR samples by component."""
import collections
import json
import re
import subprocess
import sys

before, after, c1_line, jfr, c16_line, commit = sys.argv[1:7]


def thread_cpu(path):
    cpu = {}
    for line in open(path):
        m = re.match(r'^"([^"]+)".*?cpu=([\d.]+)ms.*?nid=(\w+)', line)
        if m:
            cpu[(m.group(1), m.group(3))] = float(m.group(2))
    return cpu


c1 = json.loads(c1_line)
a, b = thread_cpu(before), thread_cpu(after)
groups = collections.Counter()
for key, ms in b.items():
    groups[re.sub(r"[-#]?\d+$", "", key[0])] += ms - a.get(key, 0)
n = c1["requests"] or 1
print(f"Profile of commit `{commit}` (bench/profile.sh).\n")
print(f"Concurrency 1: {c1['requests']} digests in 15 s, p50 {c1['p50_ms']} ms; the service's CPU "
      f"{sum(groups.values()) / n:.3f} ms per digest, by thread group:\n")
print("| thread group | CPU per digest (µs) |\n|---|---|")
for name, ms in groups.most_common(8):
    print(f"| {name} | {ms / n * 1000:.0f} |")

# Innermost component on the stack wins; the order of the rules does not matter for a frame that matches one.
RULES = [
    ("language: small words (validation/FunctionWords)", ("FunctionWords",)),
    ("language: Lingua", ("lingua", "LinguaHere")),
    ("language: other", ("LanguageGuard",)),
    ("grounding: folding and search (grounding/)", ("grounding/",)),
    ("answer parsing and validation", ("validation/",)),
    ("cache key and fingerprint (SHA-256)", ("CacheKey",)),
    ("prompt building", ("prompt/",)),
    ("LangChain4j request and response mapping", ("langchain4j",)),
    ("JDK HTTP client (the call to the fake)", ("jdk/internal/net/http", "java/net/http")),
    ("reading the request JSON", ("StrictJsonReader",)),
    ("writing the response JSON", ("ServerJacksonMessageBodyWriter", "JsonGenerator")),
    ("Vert.x / Netty HTTP server", ("io/netty", "io/vertx")),
    ("RESTEasy, Quarkus, CDI", ("resteasy", "io/quarkus", "smallrye")),
    ("logging", ("jboss/logmanager", "jboss/logging")),
    ("metrics", ("micrometer",)),
    ("virtual-thread scheduling", ("ForkJoinPool", "VirtualThread", "Continuation")),
]
events = json.loads(subprocess.run(["jfr", "print", "--json", "--events", "jdk.ExecutionSample", jfr],
                                   capture_output=True, text=True, check=True).stdout)["recording"]["events"]
shares = collections.Counter()
total = 0
for event in events:
    frames = event["values"]["stackTrace"]["frames"]
    if not frames:
        continue
    total += 1
    label = None
    for frame in frames:
        name = frame["method"]["type"]["name"] + "." + frame["method"]["name"]
        label = next((lab for lab, pats in RULES if any(p in name for p in pats)), None)
        if label:
            break
    shares[label or "other (strings, collections, Jackson parsing, JDK)"] += 1
c16 = json.loads(c16_line)
print(f"\nConcurrency 16: {c16['requests']} digests in 15 s ({c16['rps']}/s); {total} JFR execution samples, "
      "each attributed to the innermost component on its stack:\n")
print("| component | share of samples |\n|---|---|")
for label, count in shares.most_common():
    print(f"| {label} | {count * 100 / total:.1f} % |")
