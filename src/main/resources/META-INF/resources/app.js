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
  enableBatches();
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
  if ($("glossary").value.trim()) {
    body.glossary = $("glossary").value.trim();
  }
  $("glossary").removeAttribute("aria-invalid");
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
      const problem = await showProblem(response);
      if (problem?.type === "urn:precis:problem:unknown-glossary") {
        $("glossary").setAttribute("aria-invalid", "true");
        $("glossary").focus();
      }
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

/**
 * A readable sentence from the problem+json body, in the error area given; never the raw JSON. Returns the problem
 * (null when the body was not one), for callers that act on its type.
 */
async function showProblem(response, area = $("error"), status = $("status")) {
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
    ? problem.title + ". " + asSentence(problem.detail)
    : "The service answered with HTTP status " + response.status + ".";
  const retry = response.headers.get("Retry-After");
  showError(retry && !/Try again/.test(sentence) ? sentence + " Try again in " + retry + " seconds." : sentence, area);
  if (status) {
    status.textContent = "";
  }
  return problem;
}

/** Some details are not written as sentences ("no glossary named …"): capitalised and ended with a full stop. */
function asSentence(text) {
  return text[0].toUpperCase() + text.slice(1) + (/[.!?…]$/.test(text) ? "" : ".");
}

function showError(message, area = $("error")) {
  area.textContent = message;
  area.hidden = false;
}

// --- batches: POST /v1/batches, then its status polled until it ends, then its results saved as a file -----------

const POLL_MS = 2000;
const UNREACHABLE = "The service could not be reached. Check your connection and try again.";
let batch = null;

function enableBatches() {
  $("batch-form").addEventListener("submit", (event) => { event.preventDefault(); submitBatch(); });
  $("batch-cancel").addEventListener("click", cancelBatch);
  $("batch-download").addEventListener("click", downloadResults);
}

/** Batch errors go to the batch's own error area, and leave its progress line as it was. */
const batchProblem = (response) => showProblem(response, $("batch-error"), null);
const batchError = (message) => showError(message, $("batch-error"));

/** One .jsonl file goes as it is; .txt files become one line each, named by their file. */
async function batchBody(files) {
  if (files.length === 1 && files[0].name.toLowerCase().endsWith(".jsonl")) {
    return files[0];
  }
  if (files.length === 0 || !files.every((file) => file.name.toLowerCase().endsWith(".txt"))) {
    throw new Error("Choose one .jsonl file, or one or more .txt files.");
  }
  const line = async (file) => JSON.stringify({ id: file.name, text: await file.text() });
  const lines = await Promise.all(files.map(line));
  return lines.join("\n") + "\n";
}

async function submitBatch() {
  $("batch-error").hidden = true;
  let body;
  try {
    body = await batchBody([...$("batch-files").files]);
  } catch (error) {
    batchError(error.message);
    return;
  }
  clearTimeout(batch?.timer);
  batch = null;
  $("batch-submit").disabled = true;
  $("batch-download").hidden = true;
  $("batch-progress").hidden = true;
  try {
    const response = await fetch("v1/batches" + ($("batch-translation").checked ? "?includeTranslation=true" : ""), {
      method: "POST",
      headers: { "Content-Type": "application/x-ndjson", Accept: "application/json", ...authHeaders() },
      body,
    });
    if (!response.ok) {
      await batchProblem(response);
      $("batch-submit").disabled = false;
      return;
    }
    showBatch(await response.json());
  } catch (error) {
    batchError(UNREACHABLE);
    $("batch-submit").disabled = false;
  }
}

/** Shows where the batch is; polls again in 2 s until it has ended (finishedAt). */
function showBatch(view) {
  clearTimeout(batch?.timer);
  batch = { id: view.id };
  const c = view.counts;
  $("batch-bar").max = Math.max(c.total, 1);
  $("batch-bar").value = c.total - c.pending;
  const status = view.status[0].toUpperCase() + view.status.slice(1);
  $("batch-status").textContent = `${status}: ${c.total - c.pending} of ${c.total} done — ${c.succeeded} succeeded, `
    + `${c.failed} failed, ` + (c.cancelled ? `${c.cancelled} cancelled, ` : "") + `${c.pending} pending.`;
  $("batch-id").textContent = "Batch " + view.id;
  $("batch-progress").hidden = false;
  const ended = Boolean(view.finishedAt);
  $("batch-cancel").hidden = ended;
  $("batch-cancel").disabled = false;
  $("batch-download").hidden = !ended;
  $("batch-submit").disabled = !ended;
  if (!ended) {
    batch.timer = setTimeout(pollBatch, POLL_MS);
  }
}

async function pollBatch() {
  const id = batch.id;
  try {
    const response = await fetch("v1/batches/" + encodeURIComponent(id),
      { headers: { Accept: "application/json", ...authHeaders() } });
    if (!response.ok) {
      await batchProblem(response);
      $("batch-cancel").hidden = true;
      $("batch-submit").disabled = false;
      return;
    }
    $("batch-error").hidden = true;
    showBatch(await response.json());
  } catch (error) {
    // The connection dropped for a moment, say: the batch goes on in the service, so keep asking.
    if ($("batch-error").hidden) {
      batchError("The service could not be reached; trying again…");
    }
    batch.timer = setTimeout(pollBatch, POLL_MS);
  }
}

/** Items not started yet are cancelled; items under way finish, so the polling goes on until the batch ends. */
async function cancelBatch() {
  $("batch-cancel").disabled = true;
  try {
    const response = await fetch("v1/batches/" + encodeURIComponent(batch.id),
      { method: "DELETE", headers: { Accept: "application/json", ...authHeaders() } });
    if (!response.ok) {
      await batchProblem(response);
      $("batch-cancel").disabled = false;
      return;
    }
    showBatch(await response.json());
  } catch (error) {
    batchError(UNREACHABLE);
    $("batch-cancel").disabled = false;
  }
}

/** The results need the key header, so a plain link will not do: fetched, then saved from a Blob URL. */
async function downloadResults() {
  const id = batch.id;
  $("batch-error").hidden = true;
  try {
    const response = await fetch(`v1/batches/${encodeURIComponent(id)}/results`,
      { headers: { Accept: "application/x-ndjson", ...authHeaders() } });
    if (!response.ok) {
      await batchProblem(response);
      return;
    }
    const url = URL.createObjectURL(new Blob([await response.blob()], { type: "application/x-ndjson" }));
    const link = el("a", { href: url, download: id + ".jsonl", hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    // Revoked later, not at once: the browser reads the Blob after click() returns.
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  } catch (error) {
    batchError(UNREACHABLE);
  }
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
  renderDigest($("digest"), digest, glossaryNotes(digest));
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

function renderDigest(container, digest, notes) {
  container.replaceChildren();
  container.append(el("h3", { className: "headline" }, digest.headline, glossaryMark(notes, "$.headline")),
    el("p", { className: "summary" }, digest.summary, glossaryMark(notes, "$.summary")));
  if (notes.size) {
    container.append(el("p", { className: "hint" }, el("span", { className: "glossary-mark" }, "G"),
      " marks what is written as the glossary says: point at it, or tab to it, to read what it replaced."));
  }
  if (digest.meetings.length === 0) {
    container.append(el("p", {}, "The article reports no meeting."));
  }
  digest.meetings.forEach((meeting, m) => container.append(card(meeting, m, notes)));
  if (digest.translation) {
    container.append(el("h3", {}, "Translation", glossaryMark(notes, "$.translation")),
      el("p", { className: "translation", lang: "en" }, digest.translation));
  }
}

function card(meeting, m, notes) {
  const article = el("article", { className: "card", id: `meeting-${m}` });
  article.style.setProperty("--tint", `var(--m${m % PALETTE})`);
  article.append(el("h4", {}, el("span", { className: "badge" }, meeting.kind), el("span", { className: "badge" }, meeting.status),
    `Meeting ${m + 1}`));
  const people = el("ul", { className: "people" });
  meeting.participants.forEach((p, i) => {
    const at = `$.meetings[${m}].participants[${i}]`;
    const details = ["role", "organization", "country"].filter((field) => p[field])
      .flatMap((field, k) => [k ? ", " : " — ", p[field], glossaryMark(notes, `${at}.${field}`)]);
    people.append(el("li", {}, item(`m${m}-p${i}`, p.name, p.grounded), glossaryMark(notes, `${at}.name`, p.id),
      entityId(p.id), ...details));
  });
  article.append(el("p", {}, el("strong", {}, "Who")), people);
  if (meeting.location) {
    const place = meeting.location;
    const at = `$.meetings[${m}].location`;
    article.append(el("p", {}, el("strong", {}, "Where: "), item(`m${m}-loc`, place.name, place.grounded),
      glossaryMark(notes, `${at}.name`, place.id), entityId(place.id),
      ...(place.country ? [", ", place.country, glossaryMark(notes, `${at}.country`)] : [])));
  }
  if (meeting.date) {
    article.append(el("p", {}, el("strong", {}, "When: "), item(`m${m}-date`, meeting.date.iso, meeting.date.grounded)));
  }
  if (meeting.purpose) {
    article.append(el("p", {}, el("strong", {}, "Why: "), meeting.purpose,
      glossaryMark(notes, `$.meetings[${m}].purpose`)));
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

// --- glossary notes: which fields a glossary entry was applied to; notes, not warnings (the validation passes) ------

const isGlossaryNote = (issue) => issue.code === "glossary.applied";

/** The messages of the glossary notes, by the path of the field each was applied to. */
function glossaryNotes(digest) {
  const notes = new Map();
  digest.validation.issues.filter(isGlossaryNote)
    .forEach((issue) => notes.set(issue.path, [...(notes.get(issue.path) || []), issue.message]));
  return notes;
}

/**
 * After a field a glossary entry was applied to: a "G" whose tooltip (and, for screen readers, label) gives the notes
 * and the entry's id; focusable, so that keyboard users reach the notes too. Null when no note names the field.
 */
function glossaryMark(notes, path, id) {
  const messages = notes.get(path);
  if (!messages) {
    return null;
  }
  const lines = id && !messages.some((message) => message.includes(id)) ? [...messages, "id " + id] : messages;
  const sign = el("span", { className: "glossary-mark", tabIndex: 0, title: lines.join("\n"),
    dataset: { path, note: lines.join("\n") } }, "G");
  sign.setAttribute("role", "img");
  sign.setAttribute("aria-label", "Glossary: " + lines.join("; "));
  return sign;
}

/** The id of the glossary entry a participant or place is, beside its name. */
function entityId(id) {
  if (!id) {
    return null;
  }
  return el("span", { className: "entity-id", title: "The glossary entry's id" }, "id " + id);
}

function renderDetails(digest) {
  const validation = $("validation");
  const warnings = digest.validation.issues.filter((issue) => !isGlossaryNote(issue));
  const notes = digest.validation.issues.filter(isGlossaryNote);
  validation.replaceChildren(el("p", {}, "Validation: " + digest.validation.status));
  if (warnings.length) {
    const list = el("ul", { className: "warnings" });
    warnings.forEach((i) => list.append(el("li", {}, el("code", {}, i.code), ` ${i.path}: ${i.message}`)));
    validation.append(el("p", {}, el("strong", {}, "Warnings")), list);
  }
  if (notes.length) {
    const list = el("ul", { className: "glossary-notes" });
    notes.forEach((i) => list.append(el("li", {}, el("code", {}, i.path), `: ${i.message}`)));
    validation.append(el("p", {}, el("strong", {}, "Glossary notes"), " (not warnings: what the glossary decided)"),
      list);
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
