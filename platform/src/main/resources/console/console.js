"use strict";
// The Caravan console: every page calls the admin API with the session cookie (sent by the
// browser) and the x-caravan-console header, and shows the API's error message when a call fails.
const main = document.getElementById("main");
const errorBox = document.getElementById("error");
let me = null;

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  Object.entries(attrs || {}).forEach(([k, v]) => k === "text" ? node.textContent = v : node.setAttribute(k, v));
  children.forEach(c => node.append(c));
  return node;
}
function showError(message) { errorBox.textContent = message; errorBox.hidden = false; }
function clearError() { errorBox.hidden = true; errorBox.textContent = ""; }

async function api(method, path, body, extraHeaders) {
  const headers = Object.assign({"x-caravan-console": "1"}, extraHeaders || {});
  if (body !== undefined) headers["content-type"] = "application/json";
  let response;
  try {
    response = await fetch(path, {method, headers, body: body === undefined ? undefined : JSON.stringify(body),
      credentials: "same-origin"});
  } catch (e) { throw new Error("The gateway cannot be reached: " + e.message); }
  const text = await response.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch (e) { /* not JSON */ }
  if (!response.ok) {
    const message = json && json.error && json.error.message ? json.error.message : ("HTTP " + response.status);
    const err = new Error(message); err.status = response.status; err.body = json; throw err;
  }
  return json;
}

function table(caption, columns, rows) {
  const t = el("table", {}, el("caption", {text: caption}));
  t.append(el("tr", {}, ...columns.map(c => el("th", {scope: "col", text: c[0]}))));
  rows.forEach(r => t.append(el("tr", {}, ...columns.map(c => { const td = el("td"); const v = c[1](r);
    v instanceof Node ? td.append(v) : td.textContent = v == null ? "" : String(v); return td; }))));
  return t;
}

function field(label, name, value, type) {
  return el("label", {}, label + " ", el("input", {name, id: "f-" + name, value: value || "", type: type || "text"}));
}

// --- sign-in -------------------------------------------------------------------------------
function signInPage(oidc) {
  document.getElementById("nav").hidden = true;
  document.getElementById("signout").hidden = true;
  document.getElementById("who").textContent = "";
  const form = el("form", {id: "signin", "aria-label": "Sign in with the admin token"},
    el("h2", {text: "Sign in"}), field("Admin token", "token", "", "password"),
    el("button", {type: "submit", id: "signin-submit", text: "Sign in"}));
  form.addEventListener("submit", async ev => {
    ev.preventDefault(); clearError();
    try {
      await api("POST", "/console/session", undefined, {authorization: "Bearer " + form.token.value});
      start();
    } catch (e) { showError(e.message); }
  });
  main.replaceChildren(form);
  if (oidc) main.append(el("p", {}, el("a", {href: "/console/oidc/start", id: "oidc-signin", text: "Sign in with your identity provider"})));
}

// --- pages ---------------------------------------------------------------------------------
const pages = {
  async requests(params) {
    const form = el("form", {class: "filters", id: "filters", "aria-label": "Filter requests"},
      field("Tenant", "tenant", params.get("tenant")), field("Key id", "key", params.get("key")),
      field("Alias", "alias", params.get("alias")), field("Status", "status", params.get("status")),
      field("Since", "since", params.get("since")), field("Until", "until", params.get("until")),
      field("Min cost (USD)", "min_cost", params.get("min_cost")),
      el("button", {type: "submit", id: "filter-submit", text: "Filter"}));
    form.addEventListener("submit", ev => { ev.preventDefault();
      const q = new URLSearchParams(); [...new FormData(form)].forEach(([k, v]) => v && q.set(k, v));
      location.hash = "requests?" + q; });
    main.replaceChildren(el("h2", {text: "Requests"}), form);
    const q = new URLSearchParams(params); const minCost = q.get("min_cost"); q.delete("min_cost");
    const page = await api("GET", "/admin/v1/receipts?" + q);
    // The receipts API has no cost filter: the console filters the page it got by cost.
    const rows = page.data.filter(r => !minCost || Number(r.cost_usd || 0) >= Number(minCost));
    main.append(table("Receipts, newest first", [
      ["Trace", r => el("a", {href: "#receipt?id=" + r.trace_id, class: "receipt-link", text: r.trace_id})],
      ["Received", r => r.received_at], ["Tenant", r => r.tenant_id], ["Key", r => r.key_id],
      ["Alias", r => r.alias], ["Status", r => r.status], ["Cost USD", r => r.cost_usd]], rows));
    if (!rows.length) main.append(el("p", {id: "no-rows", text: "No request matches these filters."}));
  },
  async receipt(params) {
    const id = params.get("id");
    const r = await api("GET", "/admin/v1/receipts?limit=1000").then(p => p.data.find(x => x.trace_id === id));
    if (!r) throw new Error("No receipt with trace id '" + id + "' in the newest 1000.");
    main.replaceChildren(el("h2", {id: "receipt-title", text: "Receipt " + id}),
      el("p", {text: "Status " + r.status + ", alias " + r.alias + ", served by " + (r.served_by || "—")}),
      table("Attempts (why each move)", [["#", a => a.attempt ?? ""], ["Target", a => a.target || a.provider],
        ["Status", a => a.status], ["Latency ms", a => a.latency_ms], ["Reason", a => a.decision || a.error_message || a.error || ""]],
        r.attempts || []),
      el("h3", {text: "Cost and price row"}), el("pre", {id: "receipt-cost", text: JSON.stringify({cost_usd: r.cost_usd, pricing: r.pricing}, null, 2)}),
      el("h3", {text: "Policy and guardrail verdicts"}),
      el("pre", {text: JSON.stringify(r.decisions || [], null, 2)}),
      el("h3", {text: "Timings"}), el("pre", {text: JSON.stringify({gateway_overhead_ms: r.gateway_overhead_ms, upstream_ttfb_ms: r.upstream_ttfb_ms, upstream_ms: r.upstream_ms, total_ms: r.total_ms}, null, 2)}),
      el("details", {}, el("summary", {text: "Whole receipt"}), el("pre", {text: JSON.stringify(r, null, 2)})));
  },
  async spend(params) {
    const by = params.get("by") || "tenant";
    const select = el("select", {id: "spend-by", "aria-label": "Group spend by"},
      ...["tenant", "model", "key"].map(v => { const o = el("option", {value: v, text: v}); if (v === by) o.selected = true; return o; }));
    select.addEventListener("change", () => location.hash = "spend?by=" + select.value);
    main.replaceChildren(el("h2", {text: "Spend over time"}), el("label", {}, "Group by ", select));
    const report = await api("GET", "/admin/v1/usage?group_by=" + by);
    const rows = report.data || [];
    const days = [...new Set(rows.map(r => r.period))].sort();
    const groups = [...new Set(rows.map(r => r.group || r[by] || ""))];
    const x = days.map(d => Date.parse(d) / 1000);
    const series = groups.map(g => days.map(d => { const row = rows.find(r => r.period === d && (r.group || r[by] || "") === g);
      return row ? Number(row.cost_usd || 0) : 0; }));
    const chart = el("div", {id: "spend-chart", role: "img", "aria-label": "Cost in USD per day by " + by});
    main.append(chart);
    if (window.uPlot && days.length) new uPlot({width: 700, height: 300, series: [{}, ...groups.map((g, i) =>
      ({label: g || "(none)", stroke: ["#1a5fb4", "#c01c28", "#26a269", "#e5a50a"][i % 4]}))]}, [x, ...series], chart);
    main.append(table("Spend by " + by, [["Period", r => r.period], ["Group", r => r.group || r[by]],
      ["Requests", r => r.requests], ["Cost USD", r => r.cost_usd]], rows));
  },
  async budgets() {
    const list = await api("GET", "/admin/v1/budgets");
    main.replaceChildren(el("h2", {text: "Budgets"}));
    const rows = list.data || [];
    main.append(table("Budgets with spend, reset time and balance", [
      ["Name", b => el("a", {href: "#budget?name=" + encodeURIComponent(b.name), text: b.name})],
      ["Limit USD", b => b.limit_usd], ["Period", b => b.period], ["Balance USD", b => b.balance_usd]], rows));
  },
  async budget(params) {
    const b = await api("GET", "/admin/v1/budgets/" + encodeURIComponent(params.get("name")));
    main.replaceChildren(el("h2", {id: "budget-title", text: "Budget " + b.name}),
      el("pre", {id: "budget-detail", text: JSON.stringify(b, null, 2)}));
  },
  async keys() {
    const form = el("form", {id: "key-create", "aria-label": "Create a key"}, el("h3", {text: "Create a key"}),
      field("Name", "name"), field("Tenant", "tenant"), field("Aliases (comma separated, empty: all)", "models"),
      el("button", {type: "submit", id: "key-create-submit", text: "Create key"}));
    const revoke = el("form", {id: "key-revoke", "aria-label": "Revoke a key"}, el("h3", {text: "Revoke a key"}),
      field("Name", "revoke_name"), el("button", {type: "submit", text: "Revoke key"}));
    const out = el("div", {id: "key-result", "aria-live": "polite"});
    form.addEventListener("submit", async ev => { ev.preventDefault(); clearError();
      try {
        const models = form.models.value.split(",").map(s => s.trim()).filter(Boolean);
        const k = await api("POST", "/admin/v1/keys", {name: form.name.value, tenant: form.tenant.value, models});
        out.replaceChildren(el("p", {text: "Key '" + k.name + "' created. Copy it now; it is not shown again:"}),
          el("p", {class: "secret", id: "new-key", text: k.key}));
      } catch (e) { showError(e.message); } });
    revoke.addEventListener("submit", async ev => { ev.preventDefault(); clearError();
      try { await api("POST", "/admin/v1/keys/" + encodeURIComponent(revoke.revoke_name.value) + "/revoke", {});
        out.replaceChildren(el("p", {text: "Key '" + revoke.revoke_name.value + "' revoked."}));
      } catch (e) { showError(e.message); } });
    main.replaceChildren(el("h2", {text: "Keys"}), form, revoke, out,
      el("p", {text: "Listing and rotating keys need admin API operations that do not exist yet."}));
  },
  async scripts() {
    const list = await api("GET", "/admin/v1/policies");
    main.replaceChildren(el("h2", {text: "Policy and guardrail scripts"}),
      table("Scripts with status and last error", [["Name", s => s.name || s.file], ["Status", s => s.status],
        ["Version", s => s.version], ["Last error", s => s.last_error || s.error]], list.data || []));
  },
  async audit() {
    const list = await api("GET", "/admin/v1/audit");
    main.replaceChildren(el("h2", {text: "Audit log"}), table("Audit entries, newest first", [["At", a => a.at || a.created_at],
      ["Actor", a => a.actor], ["Action", a => a.action], ["Target", a => a.target]], list.data || []));
  },
};

async function render() {
  if (!me) return;
  clearError();
  const [name, query] = (location.hash.slice(1) || "requests").split("?");
  const page = pages[name] || pages.requests;
  try { await page(new URLSearchParams(query || "")); }
  catch (e) {
    if (e.status === 401) { me = null; signInPage(false); }
    showError(e.message);
  }
  main.focus();
}

async function start() {
  const failed = new URLSearchParams(location.search).get("error");
  if (failed) { history.replaceState(null, "", "/console" + location.hash); }
  try {
    me = await api("GET", "/console/session");
  } catch (e) {
    me = null;
    signInPage(e.body && e.body.oidc);
    if (failed) showError(failed); else if (e.status !== 401) showError(e.message);
    return;
  }
  document.getElementById("who").textContent = "Signed in as " + me.name + " (" + me.role + ")";
  document.getElementById("nav").hidden = false;
  document.getElementById("signout").hidden = false;
  render();
}

document.getElementById("signout").addEventListener("click", async () => {
  try { await api("POST", "/console/logout", {}); } catch (e) { /* signed out anyway */ }
  me = null; start();
});
window.addEventListener("hashchange", render);
start();
