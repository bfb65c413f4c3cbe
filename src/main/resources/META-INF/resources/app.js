// The precis page: sends an article to POST /v1/digests and shows the digest beside the source, every fact
// highlighted from the offsets the API returns (UTF-16 code units, which JavaScript strings index too).
"use strict";

const $ = (id) => document.getElementById(id);
const KEY_STORAGE = "precis.apiKey";
const PALETTE = 6;
let inFlight = null;

document.addEventListener("DOMContentLoaded", () => {
  $("article-form").addEventListener("submit", (event) => { event.preventDefault(); submit(); });
  $("cancel").addEventListener("click", () => inFlight && inFlight.controller.abort());
  $("api-key").value = sessionStorage.getItem(KEY_STORAGE) || "";
  $("api-key").addEventListener("change", () => sessionStorage.setItem(KEY_STORAGE, $("api-key").value.trim()));
  enableFileDrop($("text"));
  askForKeyIfNeeded();
});

/** When the service wants API keys, /v1/backends answers 401 without one: then the page asks for a key. */
async function askForKeyIfNeeded() {
  const response = await fetch("v1/backends", { headers: authHeaders() }).catch(() => null);
  if (response && response.status === 401) {
    $("key-field").hidden = false;
  }
}

function authHeaders() {
  const key = sessionStorage.getItem(KEY_STORAGE);
  return key ? { Authorization: "Bearer " + key } : {};
}

function enableFileDrop(area) {
  area.addEventListener("dragover", (event) => { event.preventDefault(); area.classList.add("dropping"); });
  area.addEventListener("dragleave", () => area.classList.remove("dropping"));
  area.addEventListener("drop", async (event) => {
    event.preventDefault();
    area.classList.remove("dropping");
    const file = event.dataTransfer.files[0];
    if (file) {
      area.value = await file.text();
    }
  });
}

async function submit() {
  const text = $("text").value;
  if (!text.trim()) {
    showError("Paste an article first.");
    return;
  }
  const body = { text, includeTranslation: $("translation").checked };
  if ($("published-at").value) {
    body.publishedAt = $("published-at").value;
  }
  if ($("title").value.trim()) {
    body.title = $("title").value.trim();
  }
  if ($("source-language").value) {
    body.sourceLanguage = $("source-language").value;
  }
  startWorking();
  let response;
  try {
    response = await fetch("v1/digests", {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json", ...authHeaders() },
      body: JSON.stringify(body),
      signal: inFlight.controller.signal,
    });
    if (!response.ok) {
      await showProblem(response);
      return;
    }
    const digest = await response.json();
    try {
      render(digest, text);
    } catch (error) {
      showError("The digest arrived but could not be shown (" + error.message + ").");
      return;
    }
    announce("Done in " + elapsedSeconds() + " s.");
  } catch (error) {
    if (error.name === "AbortError") {
      announce("Cancelled.");
    } else {
      showError("The service could not be reached. Check your connection and try again.");
    }
  } finally {
    stopWorking();
  }
}

/** The status line; screen readers hear its start and end, not the seconds ticking between (see startWorking). */
function announce(message) {
  $("status").setAttribute("aria-live", "polite");
  $("status").textContent = message;
}

function startWorking() {
  $("error").hidden = true;
  $("result").hidden = true;
  inFlight = { controller: new AbortController(), started: Date.now() };
  $("submit").disabled = true;
  $("cancel").hidden = false;
  announce("Working…");
  $("status").setAttribute("aria-live", "off");
  const tick = () => { $("status").textContent = "Working… " + elapsedSeconds() + " s"; };
  inFlight.timer = setInterval(tick, 1000);
}

function stopWorking() {
  clearInterval(inFlight.timer);
  $("submit").disabled = false;
  $("cancel").hidden = true;
}

function elapsedSeconds() {
  return Math.round((Date.now() - inFlight.started) / 1000);
}

/** A readable sentence from the problem+json body; never the raw JSON. */
async function showProblem(response) {
  let problem = null;
  try {
    problem = await response.json();
  } catch (ignored) {
    // Not a problem body (a proxy's error page, say): fall back to the status.
  }
  if (response.status === 401) {
    $("key-field").hidden = false;
    $("api-key").focus();
  }
  const sentence = problem && problem.detail
    ? problem.title + ". " + problem.detail
    : "The service answered with HTTP status " + response.status + ".";
  const retry = response.headers.get("Retry-After");
  showError(retry && !/Try again/.test(sentence) ? sentence + " Try again in " + retry + " seconds." : sentence);
  $("status").textContent = "";
}

function showError(message) {
  $("error").textContent = message;
  $("error").hidden = false;
}

// --- the result --------------------------------------------------------------------------------------------------

/** Every highlightable fact: its id, meeting, what it is, and where the source says it. */
function factsOf(digest) {
  const facts = [];
  digest.meetings.forEach((meeting, m) => {
    meeting.participants.forEach((p, i) =>
      facts.push({ id: `m${m}-p${i}`, meeting: m, kind: "mention", label: p.name, spans: p.mentions }));
    if (meeting.location) {
      facts.push({ id: `m${m}-loc`, meeting: m, kind: "mention", label: meeting.location.name,
        spans: meeting.location.mentions });
    }
    if (meeting.date) {
      facts.push({ id: `m${m}-date`, meeting: m, kind: "mention", label: meeting.date.iso, spans: meeting.date.mentions });
    }
    meeting.evidence.forEach((e, i) =>
      facts.push({ id: `m${m}-e${i}`, meeting: m, kind: "evidence", label: "evidence",
        spans: e.grounded ? [e] : [] }));
  });
  return facts;
}

function render(digest, text) {
  const facts = factsOf(digest);
  renderSource($("source"), text, facts, digest.sourceLanguage);
  renderDigest($("digest"), digest, facts);
  renderDetails(digest);
  $("result").hidden = false;
  linkBothWays(facts);
}

/**
 * The source, cut at every start and end of every span, so overlapping spans (a name inside an evidence sentence)
 * each keep their own highlight: a piece covered by several facts lists them all.
 */
function renderSource(container, text, facts, language) {
  container.lang = language && language !== "und" ? language : "";
  const cuts = new Set([0, text.length]);
  facts.forEach((f) => f.spans.forEach((s) => { cuts.add(s.start); cuts.add(s.end); }));
  const points = [...cuts].sort((a, b) => a - b);
  const fragment = document.createDocumentFragment();
  for (let i = 0; i < points.length - 1; i++) {
    const [from, to] = [points[i], points[i + 1]];
    const piece = text.slice(from, to);
    const covering = facts.filter((f) => f.spans.some((s) => s.start <= from && to <= s.end));
    if (covering.length === 0) {
      fragment.append(piece);
      continue;
    }
    const mark = document.createElement("mark");
    const lead = covering.find((f) => f.kind === "mention") || covering[0];
    mark.className = `m${lead.meeting % PALETTE}` + (covering.some((f) => f.kind === "mention") ? " mention" : "")
      + (covering.some((f) => f.kind === "evidence") ? " evidence" : "");
    mark.style.setProperty("--tint", `var(--m${lead.meeting % PALETTE})`);
    mark.dataset.items = covering.map((f) => f.id).join(" ");
    mark.tabIndex = 0;
    mark.setAttribute("role", "button");
    mark.title = covering.map((f) => `${f.label} (meeting ${f.meeting + 1})`).join("; ");
    mark.setAttribute("aria-label", `${piece}: ${mark.title}`);
    mark.textContent = piece;
    fragment.append(mark);
  }
  container.replaceChildren(fragment);
}

function renderDigest(container, digest, facts) {
  container.replaceChildren();
  container.append(el("h3", { className: "headline" }, digest.headline), el("p", { className: "summary" }, digest.summary));
  if (digest.meetings.length === 0) {
    container.append(el("p", {}, "The article reports no meeting."));
  }
  digest.meetings.forEach((meeting, m) => container.append(card(meeting, m)));
  if (digest.translation) {
    container.append(el("h3", {}, "Translation"), el("p", { className: "translation", lang: "en" }, digest.translation));
  }
}

function card(meeting, m) {
  const article = el("article", { className: "card", id: `meeting-${m}` });
  article.style.setProperty("--tint", `var(--m${m % PALETTE})`);
  article.append(el("h4", {}, el("span", { className: "badge" }, meeting.kind), el("span", { className: "badge" }, meeting.status),
    `Meeting ${m + 1}`));
  const people = el("ul", { className: "people" });
  meeting.participants.forEach((p, i) => {
    const details = [p.role, p.organization, p.country].filter(Boolean).join(", ");
    people.append(el("li", {}, item(`m${m}-p${i}`, p.name, p.grounded), details ? " — " + details : ""));
  });
  article.append(el("p", {}, el("strong", {}, "Who")), people);
  if (meeting.location) {
    const place = meeting.location.country ? `${meeting.location.name}, ${meeting.location.country}` : meeting.location.name;
    article.append(el("p", {}, el("strong", {}, "Where: "), item(`m${m}-loc`, place, meeting.location.grounded)));
  }
  if (meeting.date) {
    article.append(el("p", {}, el("strong", {}, "When: "), item(`m${m}-date`, meeting.date.iso, meeting.date.grounded)));
  }
  if (meeting.purpose) {
    article.append(el("p", {}, el("strong", {}, "Why: "), meeting.purpose));
  }
  const quotes = el("ul", {});
  meeting.evidence.forEach((e, i) => quotes.append(el("li", { lang: "" }, item(`m${m}-e${i}`, "“" + e.text + "”", e.grounded))));
  article.append(el("p", {}, el("strong", {}, "Evidence")), quotes);
  return article;
}

/** A fact in a card: focusable, linked to its spans in the source, visibly marked when the source lacks it. */
function item(id, text, grounded) {
  return el("span", { className: "item" + (grounded ? "" : " ungrounded"), tabIndex: 0, dataset: { item: id } }, text);
}

function renderDetails(digest) {
  const validation = $("validation");
  validation.replaceChildren(el("p", {}, "Validation: " + digest.validation.status));
  if (digest.validation.issues.length) {
    const list = el("ul", {});
    digest.validation.issues.forEach((i) => list.append(el("li", {}, el("code", {}, i.code), ` ${i.path}: ${i.message}`)));
    validation.append(list);
  }
  const usage = digest.usage;
  const rows = [["Model", usage.model], ["Prompt version", usage.promptVersion], ["LLM calls", usage.llmCalls],
    ["Tokens in / out", `${usage.inputTokens ?? "?"} / ${usage.outputTokens ?? "?"}`],
    ["Latency", usage.latencyMs + " ms"], ["From cache", usage.cached ? "yes" : "no"]];
  $("usage").replaceChildren(...rows.flatMap(([k, v]) => [el("dt", {}, k), el("dd", {}, String(v))]));
}

/** Hovering or focusing a fact lights its spans, and a span lights its facts; clicking a span shows its card. */
function linkBothWays() {
  const source = $("source");
  const digest = $("digest");
  const activate = (ids) => {
    clearActive();
    ids.forEach((id) => {
      document.querySelectorAll(`[data-item="${id}"]`).forEach((e) => e.classList.add("active"));
      source.querySelectorAll("mark").forEach((mark) => {
        if (mark.dataset.items.split(" ").includes(id)) mark.classList.add("active");
      });
    });
  };
  const fromItem = (event) => { const id = event.target.closest("[data-item]")?.dataset.item; if (id) activate([id]); };
  const fromMark = (event) => { const mark = event.target.closest("mark"); if (mark) activate(mark.dataset.items.split(" ")); };
  // Properties, not addEventListener: a new result replaces the previous handlers instead of adding to them.
  digest.onmouseover = fromItem;
  source.onmouseover = fromMark;
  digest.onmouseleave = clearActive;
  source.onmouseleave = clearActive;
  if (!source.dataset.linked) {
    // focusin has no "on" property: keyboard focus is wired once, and reads the current result when it fires.
    digest.addEventListener("focusin", (event) => digest.onmouseover(event));
    source.addEventListener("focusin", (event) => source.onmouseover(event));
    digest.addEventListener("focusout", clearActive);
    source.addEventListener("focusout", clearActive);
    source.dataset.linked = "true";
  }
  const show = (event) => {
    const mark = event.target.closest("mark");
    if (!mark) return;
    const target = document.querySelector(`[data-item="${mark.dataset.items.split(" ")[0]}"]`);
    target.closest(".card").scrollIntoView({ behavior: "smooth", block: "nearest" });
    target.focus({ preventScroll: true });
  };
  source.onclick = show;
  source.onkeydown = (event) => {
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      show(event);
    }
  };
}

function clearActive() {
  document.querySelectorAll(".active").forEach((e) => e.classList.remove("active"));
}

function el(tag, props, ...children) {
  const node = document.createElement(tag);
  const { dataset, ...rest } = props;
  Object.assign(node, rest);
  Object.assign(node.dataset, dataset || {});
  node.append(...children.filter((c) => c !== null && c !== undefined && c !== ""));
  return node;
}
