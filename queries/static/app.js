// The query page: named questions from /queries, free SPARQL through /sparql, results as a table.
"use strict";

const state = { queries: [], prefixes: {}, lastUrl: null };

const $ = (id) => document.getElementById(id);

function compact(iri) {
  let best = null;
  for (const [prefix, ns] of Object.entries(state.prefixes)) {
    if (iri.startsWith(ns) && (best === null || ns.length > state.prefixes[best].length)) best = prefix;
  }
  return best === null ? iri : `${best}:${iri.slice(state.prefixes[best].length)}`;
}

function cell(term) {
  const td = document.createElement("td");
  if (!term) return td;
  td.dataset.value = typeof term.value === "string" ? term.value : JSON.stringify(term.value);
  if (term.type === "uri") {
    td.textContent = compact(term.value);
    td.title = term.value;
    td.className = "iri";
  } else if (term.type === "bnode") {
    td.textContent = `_:${term.value}`;
    td.className = "bnode";
  } else if (term.type === "triple") {
    td.textContent = JSON.stringify(term.value);
  } else {
    td.textContent = term.value;
    if (term["xml:lang"]) {
      const tag = document.createElement("span");
      tag.className = "lang";
      tag.textContent = term["xml:lang"];
      td.append(" ", tag);
    }
    if (term.datatype && /#(integer|decimal|double|float)$/.test(term.datatype)) td.className = "number";
  }
  return td;
}

function setStatus(text, stateName) {
  const status = $("status");
  status.textContent = text;
  status.dataset.state = stateName;
}

function showDownloads(url) {
  const box = $("downloads");
  box.replaceChildren();
  if (!url) {
    box.hidden = true;
    return;
  }
  box.append("Download: ");
  for (const format of ["csv", "tsv", "json", "xml"]) {
    const link = document.createElement("a");
    const target = new URL(url, window.location.href);
    target.searchParams.set("format", format);
    link.href = target.pathname + target.search;
    link.textContent = format.toUpperCase();
    link.download = "";
    box.append(link, " ");
  }
  box.hidden = false;
}

function render(data) {
  const results = $("results");
  results.replaceChildren();
  if ("boolean" in data) {
    const p = document.createElement("p");
    p.className = "boolean";
    p.textContent = data.boolean ? "yes (true)" : "no (false)";
    results.append(p);
    return 1;
  }
  const vars = data.head.vars;
  const table = document.createElement("table");
  table.id = "result-table";
  const head = table.createTHead().insertRow();
  for (const v of vars) {
    const th = document.createElement("th");
    th.textContent = v;
    th.scope = "col";
    head.append(th);
  }
  const body = table.createTBody();
  for (const binding of data.results.bindings) {
    const row = body.insertRow();
    for (const v of vars) row.append(cell(binding[v]));
  }
  results.append(table);
  return data.results.bindings.length;
}

async function run(url, options) {
  setStatus("Running…", "running");
  $("results").replaceChildren();
  showDownloads(null);
  const started = performance.now();
  let response;
  try {
    response = await fetch(url, options);
  } catch (error) {
    setStatus(`The endpoint did not answer: ${error}`, "error");
    return;
  }
  const ms = Math.round(performance.now() - started);
  const type = response.headers.get("content-type") || "";
  if (!response.ok) {
    const message = (await response.text()).trim();
    setStatus(`${response.status} ${response.statusText}: ${message}`, "error");
    return;
  }
  if (type.startsWith("application/sparql-results+json")) {
    const count = render(await response.json());
    setStatus(`${count} row${count === 1 ? "" : "s"} in ${ms} ms`, "done");
    if (options.method !== "POST") showDownloads(url);
  } else {
    const pre = document.createElement("pre");
    pre.textContent = await response.text();
    $("results").append(pre);
    setStatus(`${response.headers.get("Rolegraph-Rows") || "?"} triples in ${ms} ms`, "done");
  }
}

function selected() {
  return state.queries.find((q) => q.name === $("query-select").value);
}

function showParameters() {
  const query = selected();
  const box = $("params");
  box.replaceChildren();
  $("query-question").textContent = query ? query.question : "";
  if (!query) return;
  for (const p of query.parameters) {
    const label = document.createElement("label");
    label.htmlFor = `param-${p.name}`;
    label.textContent = `${p.name} `;
    const hint = document.createElement("span");
    hint.className = "hint";
    hint.textContent = p.required ? `(${p.type}, required)` : p.default !== null ? `(${p.type}, default ${p.default})` : `(${p.type}, optional)`;
    label.append(hint);
    const input = document.createElement("input");
    input.id = `param-${p.name}`;
    input.name = p.name;
    input.required = p.required;
    input.placeholder = p.default !== null ? p.default : p.type.startsWith("rg:") ? "a label in any language, or an IRI" : "";
    input.title = p.meaning;
    box.append(label, input);
    const type = expand(p.type);
    if (type) {
      const list = document.createElement("datalist");
      list.id = `labels-${p.name}`;
      input.setAttribute("list", list.id);
      box.append(list);
      suggest(list, type);
    }
  }
}

function expand(type) {
  const [prefix, local] = type.split(":", 2);
  return local !== undefined && prefix in state.prefixes ? state.prefixes[prefix] + local : null;
}

async function suggest(list, type) {
  // the labels a class parameter accepts, for the input's drop-down
  const query =
    "SELECT DISTINCT ?label WHERE { ?node a <" + type + "> ; rdfs:label|skos:prefLabel|skos:altLabel ?label } " +
    "ORDER BY LCASE(STR(?label)) LIMIT 5000";
  try {
    const response = await fetch("/sparql", {
      method: "POST",
      headers: { "Content-Type": "application/sparql-query", Accept: "application/sparql-results+json" },
      body: query,
    });
    if (!response.ok) return;
    const data = await response.json();
    for (const binding of data.results.bindings) {
      const option = document.createElement("option");
      option.value = binding.label.value;
      list.append(option);
    }
  } catch (error) {
    // suggestions are a convenience: typing still works
  }
}

function namedUrl() {
  const query = selected();
  const params = new URLSearchParams();
  for (const input of $("params").querySelectorAll("input")) {
    if (input.value.trim() !== "") params.set(input.name, input.value.trim());
  }
  const search = params.toString();
  return `/queries/${encodeURIComponent(query.name)}${search ? `?${search}` : ""}`;
}

function switchTab(name) {
  for (const tab of ["named", "sparql"]) {
    $(`tab-${tab}`).setAttribute("aria-selected", String(tab === name));
    $(`panel-${tab}`).hidden = tab !== name;
  }
}

async function init() {
  $("tab-named").addEventListener("click", () => switchTab("named"));
  $("tab-sparql").addEventListener("click", () => switchTab("sparql"));
  $("query-select").addEventListener("change", showParameters);
  $("panel-named").addEventListener("submit", (event) => {
    event.preventDefault();
    if (!selected()) return;
    const url = namedUrl();
    state.lastUrl = url;
    run(url, { method: "GET", headers: { Accept: "application/sparql-results+json, text/turtle;q=0.5" } });
  });
  $("edit-sparql").addEventListener("click", () => {
    const query = selected();
    if (query) $("sparql-text").value = query.sparql;
    switchTab("sparql");
  });
  $("panel-sparql").addEventListener("submit", (event) => {
    event.preventDefault();
    run("/sparql", {
      method: "POST",
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        Accept: "application/sparql-results+json, text/turtle;q=0.5",
      },
      body: new URLSearchParams({ query: $("sparql-text").value }),
    });
  });
  try {
    const response = await fetch("/queries", { headers: { Accept: "application/json" } });
    const data = await response.json();
    state.queries = data.queries;
    state.prefixes = data.prefixes;
    for (const q of data.queries) {
      const option = document.createElement("option");
      option.value = q.name;
      option.textContent = `${q.name}: ${q.question}`;
      $("query-select").append(option);
    }
    const wanted = new URLSearchParams(window.location.search).get("query");
    if (wanted && data.queries.some((q) => q.name === wanted)) $("query-select").value = wanted;
    showParameters();
    $("limits").textContent =
      `Each query may run ${data.limits.timeout} s and return ${data.limits.max_rows} rows. ` +
      `${data.queries.length} named questions.`;
    document.body.dataset.ready = "true";
  } catch (error) {
    setStatus(`Cannot list the named questions: ${error}`, "error");
  }
}

document.addEventListener("DOMContentLoaded", init);
