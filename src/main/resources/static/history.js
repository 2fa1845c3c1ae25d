// The history page of one remediation: the cause chain coloured by the state of each object now, time per phase,
// what changed, and the readable timeline. Polls every second until the remediation has ended.
"use strict";

(() => {
  const { call, el, time } = Api;
  const $ = (id) => document.getElementById(id);
  const workflowId = new URLSearchParams(location.search).get("workflow") || "";
  const base = "/api/workflows/" + encodeURIComponent(workflowId);
  let timer = null;

  async function refresh() {
    const [status, history] = await Promise.all([call("GET", base + "/status"), call("GET", base + "/history")]);
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
    }
  }

  function drawStatus(s) {
    $("phase").textContent = s.label;
    $("phase").className = "phase phase-" + s.phase.toLowerCase();
    $("outcome").textContent = s.outcome || "";
    $("chains").replaceChildren(...s.chains.map((chain) => el("div", { class: "chain" },
      chain.map((link, i) => [
        i > 0 ? el("span", { class: "arrow", "aria-hidden": "true" }, "\u2192") : null,
        el("div", { class: "link " + link.state, "data-kind": link.kind, "data-state": link.state },
          el("div", { class: "kind" }, link.kind), el("div", { class: "name" }, link.name),
          el("div", { class: "detail" }, link.detail || ""))]))));
    $("timings").replaceChildren(...s.timings.map((t) => el("tr", {},
      el("td", {}, t.label), el("td", {}, seconds(t.millis) + (t.running ? " so far" : "")))));
    $("changes").replaceChildren(...(s.changes.length ? s.changes : ["nothing changed"]).map((c) =>
      el("li", {}, c)));
  }

  function drawTimeline(events) {
    $("timeline").replaceChildren(...events.map((e) => el("tr", { class: "kind-" + e.kind, "data-kind": e.kind },
      el("td", {}, time(e.time)), el("td", {}, e.kind), el("td", {}, e.actor || ""), el("td", {}, e.summary))));
  }

  function seconds(ms) {
    return ms < 1000 ? ms + " ms" : (ms / 1000).toFixed(1) + " s";
  }

  $("workflow-id").textContent = workflowId;
  document.title = "Unstuck history: " + workflowId;
  refresh();
  timer = setInterval(refresh, 1000);
})();
