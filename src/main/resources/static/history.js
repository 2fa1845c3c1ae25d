// The history page of one remediation run: the cause chain as diagnosed beside the same objects now, time per phase,
// what changed, the other runs of the namespace, and the readable timeline. Polls every second until the run ends.
"use strict";

(() => {
  const { call, download, el, time } = Api;
  const $ = (id) => document.getElementById(id);
  const params = new URLSearchParams(location.search);
  const workflowId = params.get("workflow") || "";
  const run = params.get("run");
  const base = "/api/workflows/" + encodeURIComponent(workflowId);
  const query = run ? "?run=" + encodeURIComponent(run) : "";
  let timer = null;

  async function refresh() {
    const [status, history] = await Promise.all([call("GET", base + "/status" + query),
      call("GET", base + "/history" + query)]);
    if (!status.ok || !history.ok) {
      $("error").textContent = (status.data.error || history.data.error || "cannot read " + workflowId);
      return;
    }
    $("error").textContent = "";
    drawStatus(status.data);
    drawTimeline(history.data.events);
    if (status.data.finished && timer) {
      // One more round after the end, so the last history events (summary, outcome) are shown too.
      clearInterval(timer);
      timer = null;
      setTimeout(refresh, 1000);
      drawRuns();
    }
  }

  function drawStatus(s) {
    $("phase").textContent = s.label;
    $("phase").className = "phase phase-" + s.phase.toLowerCase();
    $("outcome").textContent = s.outcome || "";
    $("report-link").href = base + "/report.md?run=" + encodeURIComponent(s.runId);
    drawChains($("chains-then"), s.chainsThen);
    $("chains-then-note").textContent = s.chainsThen.length ? ""
      : "This run was recorded before Unstuck kept the chain link by link; the report quotes its evidence.";
    drawChains($("chains"), s.chains);
    $("timings").replaceChildren(...s.timings.map((t) => el("tr", {},
      el("td", {}, t.label), el("td", {}, seconds(t.millis) + (t.running ? " so far" : "")))));
    $("changes").replaceChildren(...(s.changes.length ? s.changes : ["nothing changed"]).map((c) =>
      el("li", {}, c)));
  }

  function drawChains(container, chains) {
    container.replaceChildren(...chains.map((chain) => el("div", { class: "chain" },
      chain.map((link, i) => [
        i > 0 ? el("span", { class: "arrow", "aria-hidden": "true" }, "\u2193") : null,
        el("div", { class: "link " + link.state, "data-kind": link.kind, "data-state": link.state },
          el("div", { class: "kind" }, link.kind), el("div", { class: "name" }, link.name),
          el("div", { class: "detail" }, link.detail || ""))]))));
  }

  async function drawRuns() {
    const answer = await call("GET", base + "/runs");
    if (!answer.ok) return;
    $("runs").replaceChildren(...answer.data.runs.map((r) => el("tr", { "data-run": r.runId,
        class: r.runId === run ? "current" : null },
      el("td", {}, (r.startedAt || "").replace("T", " ").substring(0, 19)), el("td", {}, r.outcome),
      el("td", {}, r.requestedBy || ""), el("td", {}, r.approvedBy || "nobody"),
      el("td", {}, r.changes.length ? r.changes.join("; ") : "nothing"),
      el("td", {}, el("a", { href: r.historyUrl }, "history"), " ", el("a", { href: r.reportUrl, onclick: (event) => {
        event.preventDefault();
        download(r.reportUrl, "unstuck-report.md");
      } }, "report")))));
  }

  function drawTimeline(events) {
    $("timeline").replaceChildren(...events.map((e) => el("tr", { class: "kind-" + e.kind, "data-kind": e.kind },
      el("td", {}, time(e.time)), el("td", {}, e.kind), el("td", {}, e.actor || ""), el("td", {}, e.summary))));
  }

  function seconds(ms) {
    return ms < 1000 ? ms + " ms" : (ms / 1000).toFixed(1) + " s";
  }

  $("report-link").addEventListener("click", (event) => {
    event.preventDefault();
    download($("report-link").href, "unstuck-report.md");
  });
  $("workflow-id").textContent = workflowId;
  document.title = "Unstuck history: " + workflowId;
  refresh();
  drawRuns();
  timer = setInterval(refresh, 1000);
})();
