"""Writes the request bodies the benchmark sends, split around a per-request tag (see post.lua).

usage: python3 bench/bodies.py <article.txt> <out-dir>
  digest-prefix.json / digest-suffix.json   POST /v1/digests {"text": "<article> (<tag>)"}
  chat-prefix.json / chat-suffix.json       a chat-completions request of the same size, for the fake LLM alone
"""
import json
import sys

article = open(sys.argv[1], encoding="utf-8").read()
out = sys.argv[2]
MARK = "\u0000TAG\u0000"


def split(body, name):
    text = json.dumps(body, ensure_ascii=False)
    marker = json.dumps(MARK)[1:-1]
    prefix, suffix = text.split(marker)
    open(f"{out}/{name}-prefix.json", "w", encoding="utf-8").write(prefix)
    open(f"{out}/{name}-suffix.json", "w", encoding="utf-8").write(suffix)


split({"text": article + " (" + MARK + ")"}, "digest")
split({"model": "fake", "temperature": 0, "max_tokens": 4096,
       "messages": [{"role": "system", "content": "x" * 1800},
                    {"role": "user", "content": "<article>\n" + article + " (" + MARK + ")\n</article>"}]}, "chat")
