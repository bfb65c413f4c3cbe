#!/usr/bin/env python3
"""Writes the Markdown tables of bench/glossary.sh from its folder: stamp.json, report.json (GlossaryReport),
jmh.json and jmh.log (GlossaryBenchmark). Usage: bench/glossary_report.py <folder> > results.md"""
import json
import math
import re
import statistics
import sys
from datetime import date

folder = sys.argv[1]
stamp = json.load(open(f"{folder}/stamp.json"))
report = json.load(open(f"{folder}/report.json"))
jmh = json.load(open(f"{folder}/jmh.json"))
log = open(f"{folder}/jmh.log", encoding="utf-8", errors="replace").read()


def num(x, digits=1):
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "-"
    return f"{x:,.{digits}f}"


def est(row):
    if row is None:
        return "-"
    median, least = row
    return num(median) if median == least else f"{num(median)} ({num(least)})"


out = []
cal = stamp.get("calibration") or {}
out.append(f"Measured {date.today()} at commit `{stamp['commit']}`{' (uncommitted changes)' if stamp['dirty'] else ''} "
           f"on {stamp['cpu']}, {stamp['cores']} cores, {round(stamp['memory_kb'] / 1048576, 1)} GB, {stamp['jdk']}"
           + (f"; calibration {cal.get('sorts_per_s')} sorts/s (`java bench/Calibrate.java`)" if cal.get('sorts_per_s') else "")
           + f"; command: `{stamp['command']}`; JVMs `{stamp['heap']}`; load average before / after: "
           f"{stamp['load_before']} / {stamp.get('load_after', '?')}.")
out.append("")

g = report["largeGlossary"]
words = ", ".join(f"{k} word{'s' if k != '1' else ''}: {v:,}" for k, v in g["entriesByWords"].items())
kinds = ", ".join(f"{k} {v:,}" for k, v in g["entriesByKind"].items())
out.append(f"The large glossary: {g['entries']:,} entries ({g['newsroomEntries']} of "
           f"src/test/resources/glossaries/newsroom.tsv, {g['syntheticEntries']:,} synthetic, seed {g['seed']}), "
           f"{g['tsvBytes']:,} bytes as TSV; by words ({words}); by kind ({kinds}); {g['entriesWithId']:,} with an id. "
           f"Synthetic candidates dropped: {g['candidatesDroppedAsTestArticleWords']} that were words of a test "
           f"article, {g['candidatesDroppedAsDuplicates']} duplicates. Examples: "
           + "; ".join("`" + line.split("\t")[0] + "`" for line in g["examples"][:6]) + ".")
out.append("")

# ---- JMH ----
rows = {}
alloc = {}
for r in jmh:
    name = r["benchmark"].rsplit(".", 1)[1]
    p = r["params"]
    err = r["primaryMetric"]["scoreError"]
    raw = [x for fork in r["primaryMetric"]["rawData"] for x in fork]
    rows[(p["article"], name)] = (statistics.median(raw), min(raw))
    for key, metric in r.get("secondaryMetrics", {}).items():
        if key.lstrip("·") == "gc.alloc.rate.norm":
            alloc[(p["article"], name)] = metric["score"]
    entries = p.get("entries")
chars = {a["article"]: a for a in report["tokens"]["articles"]}
articles = []
for (a, _) in rows:
    if a not in articles:
        articles.append(a)
out.append(f"Time per article (JMH, µs per operation: median of the measurement iterations, and their minimum in brackets "
           f"— on a shared machine other processes only ever add time; glossary of {int(entries):,} entries):")
out.append("")
out.append("| article | characters | entries / occurrences found | match, large glossary | match, newsroom.tsv alone "
           "| prompt block | enforcement alone | check without glossary | check with glossary | **a glossary adds** (match + "
           "enforcement + block ×2, minima) |")
out.append("|---|---|---|---|---|---|---|---|---|---|")
for a in articles:
    t = chars.get(a, {})
    get = lambda n: rows.get((a, n))
    adds = None
    if get("match") and get("enforce") and get("promptBlock"):
        adds = get("match")[1] + get("enforce")[1] + 2 * get("promptBlock")[1]
    out.append(f"| {a} | {t.get('chars', '?'):,} | {t.get('entriesFoundLarge', '?')} / {t.get('occurrencesLarge', '?')} "
               f"| {est(get('match'))} | {est(get('matchNewsroomOnly'))} | {est(get('promptBlock'))} | {est(get('enforce'))} "
               f"| {est(get('validateWithout'))} | {est(get('validateWithGlossary'))} | **{num(adds)}** |")
out.append("")
if alloc:
    out.append("Allocated per operation (JMH `-prof gc`, KB; unlike time, not moved by other processes on the machine):")
    out.append("")
    out.append("| article | match, large glossary | match, newsroom.tsv alone | enforcement alone | check without glossary "
               "| check with glossary | **a glossary adds** (match + check with − without) |")
    out.append("|---|---|---|---|---|---|---|")
    for a in articles:
        k = lambda n: alloc.get((a, n))
        kb = lambda n: "-" if k(n) is None else num(k(n) / 1024)
        adds = None
        if None not in (k("match"), k("validateWithGlossary"), k("validateWithout")):
            adds = (k("match") + k("validateWithGlossary") - k("validateWithout")) / 1024
        out.append(f"| {a} | {kb('match')} | {kb('matchNewsroomOnly')} | {kb('enforce')} | {kb('validateWithout')} "
                   f"| {kb('validateWithGlossary')} | **{num(adds)}** |")
    out.append("")
issues = sorted(set(re.findall(r"^\[([^\]]+)\] issues (without a glossary|with the glossary): \[(.*)\]$", log, re.M)))
if issues:
    out.append("Validation issues of the scripted answers (the path each check took):")
    out.append("")
    for a, which, codes in issues:
        counted = {}
        for c in [c.strip() for c in codes.split(",") if c.strip()]:
            counted[c] = counted.get(c, 0) + 1
        out.append(f"- {a}, {which}: " + (", ".join(f"{c} ×{n}" for c, n in counted.items()) or "none"))
    out.append("")

# ---- tokens ----
tok = report["tokens"]
out.append(f"Tokens (o200k_base) of the user message (system prompt and schema: {tok['fixedSystemAndSchema']} more, "
           "the same in every case):")
out.append("")
out.append("| article | characters | no glossary | newsroom.tsv | newsroom.tsv + synthetic (large) | added | of which the block "
           "/ its tags and instruction | entries found | large = newsroom |")
out.append("|---|---|---|---|---|---|---|---|---|")
for a in tok["articles"]:
    out.append(f"| {a['article']} | {a['chars']:,} | {a['userTokensWithoutGlossary']:,} | {a['userTokensNewsroom']:,} "
               f"| {a['userTokensNewsroomPlus100k']:,} | +{a['addedByGlossary']} | {a['blockTokens']} / "
               f"{a['tagsAndInstructionTokens']} | {a['entriesFoundLarge']} | {'yes' if a['newsroomEqualsLarge'] else '**no**'} |")
out.append("")
for a in tok["articles"]:
    if "block" in a:
        out.append(f"The block for {a['article']}:")
        out.append("")
        out.append("```")
        out.append(a["block"])
        out.append("```")
        out.append("")

# ---- loading ----
out.append(f"Loading a glossary file through the service's loader (`Glossaries`, as at startup), heap {report['maxHeapMb']} MB:")
out.append("")
out.append("| entries | file | load, first / median (ms) | of which parse / index (ms, warm) | heap kept | per entry "
           "| reload while in force (ms) | match per article, µs (rough) | fits |")
out.append("|---|---|---|---|---|---|---|---|---|")
for l in report["loading"]:
    if not l.get("fits"):
        out.append(f"| {l['entries']:,} | {l.get('fileBytes', 0) / 1048576:.1f} MB | - | - | - | - | - | - | **no**: {l.get('error')} |")
        continue
    match = ", ".join(f"{k} {v}" for k, v in l["matchMicrosPerArticle"].items())
    out.append(f"| {l['entries']:,} | {l['fileBytes'] / 1048576:.1f} MB | {num(l['loaderMsFirst'], 0)} / "
               f"{num(l['loaderMsMedian'], 0)} | {num(l['parseMs'], 0)} / {num(l['indexMs'], 0)} | {l['retainedMb']} MB "
               f"| {l['retainedBytesPerEntry']:,} B | {num(l['reloadWhileInForceMs'], 0)} | {match} | yes |")
out.append("")
for l in report["loading"]:
    if l.get("retainedByClass"):
        out.append(f"What the {l['entries']:,}-entry glossary's heap is made of (live objects by class, "
                   "`jcmd GC.class_histogram` before and after):")
        out.append("")
        out.append("| class | instances | MB | share |")
        out.append("|---|---|---|---|")
        for c in l["retainedByClass"][:12]:
            out.append(f"| `{c['class']}` | {c['instances']:,} | {c['mb']} | {c['share']} % |")
        out.append("")
print("\n".join(out))
