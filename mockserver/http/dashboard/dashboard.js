// aa-mockserver dashboard: polls the admin API and renders with textContent only, so request
// data is always shown as text, never interpreted as markup.
"use strict";

const OPERATIONS = [
  "authenticateV2", "authenticateV1", "refreshTokenV2", "refreshTokenV1", "validateToken",
  "logout", "listApiTaskAllocations", "createApiTaskAllocation", "generateApiTaskAccessDetails",
  "executeApiTask", "deployAutomationV4", "deployAutomationV3", "listActivityV3", "listActivityV2",
  "getActivityExecution", "manageActivity", "listWorkspaceFiles", "listFolderFiles",
  "getRepositoryFile", "getBotInterface", "listRunAsUsers", "listDevices", "listDevicePools",
];
const POLL_MS = 1000;
const TOKEN_KEY = "aa-mock-admin-token";
// The namespace whose admin API the page reads ("" is the root); a page opened under
// /ns/<name>/__admin/ui starts on that namespace.
const OPENED_IN = /^\/ns\/([A-Za-z0-9_-]{1,64})\//.exec(window.location.pathname);
const state = {
  clockNow: 0, users: {}, tasks: {}, selected: null, entries: [],
  namespace: OPENED_IN ? OPENED_IN[1] : "",
};

const byId = (id) => document.getElementById(id);

function element(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  if (className) node.className = className;
  return node;
}

function row(cells, className) {
  const tr = element("tr", null, className);
  for (const cell of cells) {
    tr.appendChild(cell instanceof Node ? cell : element("td", cell));
  }
  return tr;
}

function say(text) {
  byId("message").textContent = text;
}

async function admin(method, path, body, root = false) {
  const prefix = root || !state.namespace ? "" : `/ns/${state.namespace}`;
  const headers = {};
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (token) headers["X-Admin-Token"] = token;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(prefix + "/__admin" + path, {
    method, headers, body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 401) {
    byId("token-form").hidden = false;
    throw new Error("the admin API needs its token");
  }
  const data = response.status === 204 ? null : await response.json();
  if (!response.ok) throw new Error(data && data.message ? data.message : response.statusText);
  return data;
}

function clockText(epoch) {
  return new Date(epoch * 1000).toISOString().replace("T", " ").slice(0, 19) + " UTC";
}

function timeOfDay(epoch) {
  return new Date(epoch * 1000).toISOString().slice(11, 19);
}

function statusCell(status) {
  return element("td", status, status < 400 ? "status-ok" : "status-bad");
}

function taskName(fileId) {
  if (fileId === null || fileId === undefined) return "";
  return state.tasks[fileId] ? `${fileId} ${state.tasks[fileId]}` : String(fileId);
}

function matchesFilters(entry) {
  const operation = byId("filter-operation").value;
  const task = byId("filter-task").value;
  const status = byId("filter-status").value.trim();
  return (!operation || entry.operation === operation)
    && (!task || String(entry.task) === task)
    && (!status || String(entry.status).startsWith(status));
}

function renderFlow() {
  const body = byId("flow-rows");
  body.replaceChildren();
  const shown = state.entries.filter(matchesFilters).reverse();
  for (const entry of shown) {
    const tr = row([
      timeOfDay(entry.time), entry.operation || entry.method + " " + entry.path,
      entry.user || "", taskName(entry.task), statusCell(entry.status), entry.durationMs.toFixed(1),
    ], entry.id === state.selected ? "selected" : "");
    tr.dataset.id = String(entry.id);
    tr.addEventListener("click", () => { state.selected = entry.id; showDetail(entry); renderFlow(); });
    body.appendChild(tr);
  }
}

function showDetail(entry) {
  byId("detail").hidden = false;
  byId("detail-title").textContent =
    `#${entry.id} ${entry.method} ${entry.path} → ${entry.status}`;
  const request = { headers: entry.headers, query: entry.query, body: entry.body };
  byId("detail-request").textContent = JSON.stringify(request, null, 2);
  byId("detail-response").textContent = JSON.stringify(entry.response, null, 2);
}

function renderTokens(tokens) {
  const body = byId("token-rows");
  body.replaceChildren();
  for (const token of tokens.slice().reverse()) {
    const left = Math.round(token.expiresAt - state.clockNow);
    let text = `${left} s left`;
    let live = true;
    if (token.revoked) { text = `revoked (${token.revoked})`; live = false; }
    else if (left <= 0) { text = "expired"; live = false; }
    body.appendChild(row([
      token.kind, state.users[token.subject] || token.subject, taskName(token.botId),
      element("td", text, live ? "state-live" : "state-dead"),
    ]));
  }
}

function renderAllocations(allocations) {
  const body = byId("allocation-rows");
  body.replaceChildren();
  for (const a of allocations) {
    body.appendChild(row([
      taskName(a.fileId), `${a.inFlight} / ${a.concurrencyLimit}`, a.peak,
      element("td", a.rejected, a.rejected ? "status-bad" : ""),
    ]));
  }
}

function countOf(values) {
  const counts = {};
  for (const value of values) counts[value] = (counts[value] || 0) + 1;
  return Object.entries(counts).map(([value, n]) => `${n} ${value}`).join(", ");
}

function renderDeployments(deployments) {
  const body = byId("deployment-rows");
  body.replaceChildren();
  for (const d of deployments.slice().reverse()) {
    const runs = d.executions;
    const failed = runs.some((r) => ["RUN_FAILED", "RUN_TIMED_OUT", "DEPLOY_FAILED"].includes(r.status));
    const callbacks = runs.filter((r) => r.callback).map((r) => r.callback.state);
    const tr = row([
      element("td", d.deploymentId.slice(0, 8), "mono"), taskName(d.fileId),
      element("td", countOf(runs.map((r) => r.status)), failed ? "status-bad" : ""),
      callbacks.length ? countOf(callbacks) : "",
    ]);
    tr.title = `${d.automationName} (${d.api}) ${d.deploymentId}`;
    body.appendChild(tr);
  }
}

function renderFaults(faults) {
  const list = byId("fault-list");
  list.replaceChildren();
  for (const f of faults) {
    const what = f.status ? `${f.status} ${f.code}` : `wait ${f.delayMs} ms`;
    list.appendChild(element("li",
      `${f.operation || "any operation"} ${f.task ? "task " + f.task : ""}: ${what}, ` +
      `${f.remaining} call(s) left`));
  }
}

function renderScenario(scenario) {
  byId("scenario-name").textContent = scenario.name;
  byId("profile").textContent = scenario.profile;
  state.users = Object.fromEntries(scenario.users.map((u) => [u.id, u.username]));
  state.tasks = Object.fromEntries(scenario.tasks.map((t) => [t.fileId, t.name]));
  const taskFilter = byId("filter-task");
  const chosen = taskFilter.value;
  taskFilter.replaceChildren(element("option", "any task"));
  taskFilter.firstChild.value = "";
  const box = byId("scenario-tasks");
  box.replaceChildren();
  for (const task of scenario.tasks) {
    const option = element("option", `${task.fileId} ${task.name}`);
    option.value = String(task.fileId);
    taskFilter.appendChild(option);
    const entry = element("div");
    entry.appendChild(element("strong", `${task.fileId} ${task.name}`));
    const inputs = task.inputs.map((i) => `${i.name}: ${i.type}${i.required ? "" : "?"}`);
    const outputs = task.outputs.map((o) => `${o.name}: ${o.type}`);
    const allocation = task.allocation ? `limit ${task.allocation.concurrencyLimit}` : "not allocated";
    entry.appendChild(element("div",
      `in (${inputs.join(", ")}) → out (${outputs.join(", ")}); ${task.rules.length} rule(s); ` +
      `${allocation}${task.headers.length ? "; headers " + task.headers.join(", ") : ""}`));
    box.appendChild(entry);
  }
  taskFilter.value = chosen;
}

async function loadScenario() {
  renderScenario(await admin("GET", "/scenario"));
  const listing = await admin("GET", "/scenarios");
  const choice = byId("scenario-choice");
  choice.replaceChildren();
  for (const s of listing.scenarios) {
    if (s.problem) continue;
    const option = element("option", s.name);
    option.value = s.name;
    option.selected = s.name === listing.current;
    choice.appendChild(option);
  }
}

async function loadNamespaces() {
  const listing = await admin("GET", "/namespaces", undefined, true);
  const choice = byId("namespace-choice");
  const names = listing.namespaces.map((n) => n.name);
  if (state.namespace && !names.includes(state.namespace)) names.unshift(state.namespace);
  const shown = [...choice.options].map((o) => o.value).slice(1);
  if (shown.join("/") === names.join("/")) return;
  choice.replaceChildren(element("option", "(root)"));
  choice.options[0].value = "";
  for (const name of names) {
    const option = element("option", name);
    option.value = name;
    choice.appendChild(option);
  }
  choice.value = state.namespace;
}

async function poll() {
  try {
    await loadNamespaces();
    const clock = await admin("GET", "/clock");
    state.clockNow = clock.now;
    byId("clock").textContent = clockText(clock.now);
    byId("frozen").hidden = !clock.frozen;
    const journal = await admin("GET", "/requests?limit=200");
    state.entries = journal.requests;
    renderFlow();
    renderTokens((await admin("GET", "/tokens")).tokens);
    renderAllocations((await admin("GET", "/allocations")).allocations);
    renderDeployments((await admin("GET", "/deployments")).deployments);
    renderFaults((await admin("GET", "/faults")).faults);
    byId("token-form").hidden = true;
  } catch (error) {
    say(error.message);
  }
}

async function act(what, call) {
  try {
    await call();
    say(what);
    await poll();
  } catch (error) {
    say(`${what} failed: ${error.message}`);
  }
}

function wire() {
  for (const select of [byId("filter-operation"), byId("fault-operation")]) {
    for (const operation of OPERATIONS) {
      const option = element("option", operation);
      option.value = operation;
      select.appendChild(option);
    }
  }
  byId("advance-1m").addEventListener("click",
    () => act("clock advanced 1 minute", () => admin("POST", "/clock", { advance: 60 })));
  byId("advance-20m").addEventListener("click",
    () => act("clock advanced 20 minutes", () => admin("POST", "/clock", { advance: 1200 })));
  byId("freeze").addEventListener("click",
    () => act("clock frozen", () => admin("POST", "/clock", { freeze: true })));
  byId("resume").addEventListener("click",
    () => act("clock running", () => admin("POST", "/clock", { resume: true })));
  byId("reset").addEventListener("click",
    () => act("reset to the scenario's initial state", async () => {
      await admin("POST", "/reset");
      state.selected = null;
      byId("detail").hidden = true;
    }));
  byId("switch").addEventListener("click", () => act("scenario switched", async () => {
    await admin("PUT", "/scenario", { name: byId("scenario-choice").value });
    await loadScenario();
  }));
  byId("fault-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const fault = { status: Number(byId("fault-status").value), count: Number(byId("fault-count").value) };
    if (byId("fault-operation").value) fault.operation = byId("fault-operation").value;
    if (byId("fault-task").value.trim()) fault.task = Number(byId("fault-task").value);
    act("fault injected", () => admin("POST", "/faults", fault));
  });
  byId("fault-clear").addEventListener("click",
    () => act("faults cleared", () => admin("DELETE", "/faults")));
  for (const id of ["filter-operation", "filter-task", "filter-status"]) {
    byId(id).addEventListener("input", renderFlow);
  }
  byId("namespace-choice").addEventListener("change", () => {
    state.namespace = byId("namespace-choice").value;
    state.selected = null;
    byId("detail").hidden = true;
    start();
  });
  byId("token-form").addEventListener("submit", (event) => {
    event.preventDefault();
    sessionStorage.setItem(TOKEN_KEY, byId("token-input").value);
    byId("token-input").value = "";
    start();
  });
}

async function start() {
  try {
    await loadScenario();
    say("");
  } catch (error) {
    say(error.message);
  }
  await poll();
}

wire();
start();
setInterval(poll, POLL_MS);
