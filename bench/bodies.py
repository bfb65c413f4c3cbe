"""Writes the request bodies the benchmark sends and the fake LLM's answers, from the articles of bench/inputs.txt.

usage: python3 bench/bodies.py <inputs.txt> <gold-dir> <out-dir>
  digest-<i>-prefix.json / -suffix.json   POST /v1/digests {"text": "<article> (<tag>)", "publishedAt": ...}
  chat-<i>-prefix.json / -suffix.json     the chat-completions request precis sends for that article, for the fake
                                          alone and the peer gateway (same size, same article, same answer)
  answers.tsv                             <marker> TAB <answer file>: how the fake finds the article in a request
  inputs.json                             the input set as the report states it (id, bytes, characters, meetings)
Bodies are split around a per-request tag (see post.lua) so that neither the cache nor single flight hides work.
"""
import json
import os
import re
import sys

inputs, gold, out = sys.argv[1:4]
MARK = "\u0000TAG\u0000"
ids = [line.strip() for line in open(inputs, encoding="utf-8") if line.strip() and not line.startswith("#")]
system = open("prompts/system.txt", encoding="utf-8").read()


def split(body, name):
    text = json.dumps(body, ensure_ascii=False)
    marker = json.dumps(MARK)[1:-1]
    prefix, suffix = text.split(marker)
    open(f"{out}/{name}-prefix.json", "w", encoding="utf-8").write(prefix)
    open(f"{out}/{name}-suffix.json", "w", encoding="utf-8").write(suffix)


def marker(article):
    """The longest run of plain ASCII letters and spaces of the article: it reads the same inside any JSON body."""
    runs = re.findall(r"[A-Za-z ]{24,}", article)
    return max(runs, key=len)[:48]


described = []
with open(f"{out}/answers.tsv", "w", encoding="utf-8") as answers:
    for i, name in enumerate(ids):
        article = open(f"{gold}/{name}.txt", encoding="utf-8").read()
        meta = json.load(open(f"{gold}/{name}.json", encoding="utf-8"))
        answer_file = f"{out}/answer-{i}.json"
        json.dump(meta["gold"], open(answer_file, "w", encoding="utf-8"), ensure_ascii=False)
        answers.write(f"{marker(article)}\t{answer_file}\n")
        split({"text": article + " (" + MARK + ")", "publishedAt": meta["publishedAt"]}, f"digest-{i}")
        split({"model": "fake", "temperature": 0, "max_tokens": 4096,
               "messages": [{"role": "system", "content": system},
                            {"role": "user", "content": "Publication date: " + meta["publishedAt"]
                             + "\n<article>\n" + article + " (" + MARK + ")\n</article>"}]}, f"chat-{i}")
        described.append({"id": name, "bytes": len(article.encode("utf-8")), "chars": len(article),
                          "meetings": len(meta["gold"]["meetings"]),
                          "answer_bytes": len(json.dumps(meta["gold"], ensure_ascii=False).encode("utf-8"))})
json.dump(described, open(f"{out}/inputs.json", "w"), indent=1)
print(len(ids))
