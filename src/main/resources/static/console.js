// The chat page: pick who you are, type /ns-stuck, watch the live message, click its buttons. The conversation id
// lives in the URL fragment, so a reload or a shared link shows the same conversation.
"use strict";

(() => {
  const { call, el, time, historyUrl } = Api;
  const $ = (id) => document.getElementById(id);
  const MARKS = { DONE: "\u2713", ACTIVE: "\u25B6", PENDING: "\u25CB", FAILED: "\u2717", SKIPPED: "\u2013" };

  const state = { users: [], signedIn: null, conversationId: null, workflowId: null, drawn: "", sandbox: true };

  // Who acts: signed in, the server knows; otherwise (sandbox) the user picked. Roles always come from the server.
  function me() {
    return state.signedIn ? {} : { user: $("user").value };
  }

  async function start() {
    const session = await call("GET", "/api/console/session");
    if (session.data.signedIn && session.data.signedIn.name) {
      state.signedIn = session.data.signedIn;
      $("who").replaceChildren(el("span", {}, "Signed in as ", el("strong", {}, state.signedIn.name),
        " (" + state.signedIn.roles.join(", ") + ")"));
    } else {
      state.users = session.data.users || [];
      $("user").replaceChildren(...state.users.map((u) =>
        el("option", { value: u.name }, u.name + " (" + u.roles.join(", ") + ")")));
    }
    $("mute-cluster").replaceChildren(...(session.data.clusters || []).map((c) => el("option", { value: c }, c)));
    $("mute-form").addEventListener("submit", mute);
    openFromHash();
    window.addEventListener("hashchange", openFromHash);
    $("command-form").addEventListener("submit", send);
    $("new-conversation").addEventListener("click", () => { location.hash = ""; });
    tick();
    setInterval(tick, 1000);
  }

  function openFromHash() {
    const id = location.hash.replace(/^#/, "");
    state.conversationId = id || null;
    state.workflowId = null;
    state.drawn = "";
    $("messages").replaceChildren();
    $("conversation-title").textContent = id ? "Conversation " + id : "New conversation";
    $("history-link").classList.add("hidden");
    $("error").textContent = "";
    tick();
  }

  async function send(event) {
    event.preventDefault();
    const text = $("command").value;
    $("error").textContent = "";
    $("send").disabled = true;
    try {
      const response = await call("POST", "/api/console/commands", { ...me(), text });
      if (response.status === 201) {
        $("command").value = "";
        location.hash = response.data.conversationId;
      } else {
        $("error").textContent = response.data.error || "refused (" + response.status + ")";
      }
    } finally {
      $("send").disabled = false;
    }
  }

  async function click(button, node) {
    node.disabled = true;
    const path = "/api/console/conversations/" + encodeURIComponent(state.conversationId) + "/buttons/"
      + encodeURIComponent(button.id);
    const response = await call("POST", path, me());
    if (!response.ok) {
      $("error").textContent = response.data.error || "click refused (" + response.status + ")";
      node.disabled = false;
      return;
    }
    if (response.data.open) {
      location.href = response.data.open;
      return;
    }
    $("error").textContent = "";
    node.disabled = false;
    tick();
  }

  async function tick() {
    if (state.conversationId) await refreshConversation();
    await refreshAlerts();
    if (state.sandbox) await refreshSandbox();
  }

  // ---- alerts: the watchers' cards ------------------------------------------------------------------------

  async function refreshAlerts() {
    const response = await call("GET", "/api/alerts");
    if (!response.ok) return;
    const cards = response.data.alerts || [];
    const json = JSON.stringify(cards);
    if (json === state.alertsDrawn) return;
    state.alertsDrawn = json;
    const open = cards.filter((c) => !c.resolved).length;
    $("alerts-count").textContent = cards.length ? open + " open, " + (cards.length - open) + " resolved" : "";
    $("alerts-empty").classList.toggle("hidden", cards.length > 0);
    $("alert-cards").replaceChildren(...cards.map(alertCard));
  }

  function alertCard(a) {
    const card = el("article", { class: "card" },
      el("h3", { class: "title" }, a.title),
      a.summary ? el("p", { class: "summary" }, a.summary) : null,
      a.fields.map((f) => el("section", { class: "field" }, el("h4", {}, f.name), el("p", {}, f.value))),
      a.buttons.length ? el("div", { class: "buttons" }, a.buttons.map((b) => {
        const node = el("button", { type: "button", class: "btn " + (b.style || "").toLowerCase(),
          disabled: b.disabled, "data-id": b.id, "data-label": b.label }, b.label);
        node.addEventListener("click", () => alertClick(a, b, node));
        return node;
      })) : null,
      a.footer ? el("p", { class: "footer muted" }, a.footer) : null);
    return el("li", { class: "alert " + (a.resolved ? "resolved" : "open"), "data-id": a.id,
      "data-kind": a.kind }, card);
  }

  async function alertClick(alert, button, node) {
    node.disabled = true;
    const path = "/api/alerts/" + encodeURIComponent(alert.id) + "/buttons/" + encodeURIComponent(button.id);
    const response = await call("POST", path, me());
    node.disabled = false;
    if (!response.ok) {
      $("alerts-notice").textContent = response.data.error || "click refused (" + response.status + ")";
      return;
    }
    $("alerts-notice").textContent = response.data.reply || "";
    if (response.data.conversationId) location.hash = response.data.conversationId;
  }

  async function mute(event) {
    event.preventDefault();
    const response = await call("POST", "/api/alerts/mute",
      { ...me(), cluster: $("mute-cluster").value, for: $("mute-for").value });
    $("alerts-notice").textContent = response.ok ? response.data.reply
      : response.data.error || "mute refused (" + response.status + ")";
  }

  // ---- sandbox drills -------------------------------------------------------------------------------------

  async function drill(path, body) {
    const response = await call("POST", "/api/sandbox/" + path, { ...me(), ...body });
    $("sandbox-notice").textContent = response.ok ? response.data.done
      : response.data.error || "refused (" + response.status + ")";
    tick();
  }

  function drillButton(label, path, body, title) {
    const node = el("button", { type: "button", class: "btn drill", title, "data-drill": path }, label);
    node.addEventListener("click", () => drill(path, body));
    return node;
  }

  async function refreshConversation() {
    const id = state.conversationId;
    const response = await call("GET", "/api/console/conversations/" + encodeURIComponent(id));
    if (id !== state.conversationId) return;
    if (response.status === 404) {
      $("error").textContent = "This conversation is gone (Unstuck restarted?). Type the command again.";
      return;
    }
    if (!response.ok) return;
    const conversation = response.data;
    if (conversation.workflowId && conversation.workflowId !== state.workflowId) {
      state.workflowId = conversation.workflowId;
      $("history-link").href = historyUrl(state.workflowId);
      $("history-link").classList.remove("hidden");
    }
    const json = JSON.stringify(conversation.messages);
    if (json === state.drawn) return;
    state.drawn = json;
    $("messages").replaceChildren(...conversation.messages.map(message));
    $("messages").scrollTop = $("messages").scrollHeight;
  }

  function message(m) {
    const head = el("div", { class: "meta" }, el("strong", {}, m.author), " ", el("time", {}, time(m.time)));
    if (!m.title) {
      return el("li", { class: "message " + (m.author === "unstuck" ? "bot" : "person"), "data-id": m.id },
        head, el("p", { class: "text" }, m.text));
    }
    const card = el("article", { class: "card" },
      el("h3", { class: "title" }, m.title),
      m.summary ? el("p", { class: "summary" }, m.summary) : null,
      m.checklist.length ? el("ul", { class: "checklist" }, m.checklist.map((line) =>
        el("li", { class: "mark-" + line.mark.toLowerCase() },
          el("span", { class: "mark" }, MARKS[line.mark] || ""), " " + line.label,
          line.detail ? el("span", { class: "muted" }, " (" + line.detail + ")") : null))) : null,
      m.fields.map((f) => el("section", { class: "field" }, el("h4", {}, f.name), el("p", {}, f.value))),
      m.buttons.length ? el("div", { class: "buttons" }, m.buttons.map((b) => {
        const node = el("button", { type: "button", class: "btn " + (b.style || "").toLowerCase(),
          disabled: b.disabled, "data-id": b.id, "data-label": b.label }, b.label);
        node.addEventListener("click", () => click(b, node));
        return node;
      })) : null,
      m.footer ? el("p", { class: "footer muted" }, m.footer) : null,
      m.attachment ? el("p", { class: "attachment" }, el("a", { class: "download", download: m.attachment.name,
        href: URL.createObjectURL(new Blob([m.attachment.text], { type: m.attachment.contentType })) },
        "\u2B73 " + m.attachment.name)) : null);
    return el("li", { class: "message bot live", "data-id": m.id }, head, card);
  }

  async function refreshSandbox() {
    const response = await call("GET", "/api/sandbox");
    if (response.status === 404) {
      state.sandbox = false;
      $("sandbox").classList.add("hidden");
      return;
    }
    if (!response.ok) return;
    const world = response.data;
    $("sandbox").classList.remove("hidden");
    $("sandbox-scenario").textContent = world.scenario + " \u00B7 " + world.cluster;
    $("sandbox-namespaces").replaceChildren(...world.namespaces.map((ns) =>
      el("tr", { "data-name": ns.name }, el("td", {}, ns.name),
        el("td", { class: ns.phase === "Terminating" ? "bad" : "good" }, ns.phase,
          ns.phase === "Terminating" ? null : drillButton("delete", "delete-namespace", { namespace: ns.name },
            "kubectl delete namespace " + ns.name)))));
    $("sandbox-apiservices").replaceChildren(...world.apiServices.map((a) =>
      el("tr", { "data-name": a.name }, el("td", {}, a.name),
        el("td", { class: a.available ? "good" : "bad" }, a.available ? "Available" : "Unavailable"),
        el("td", { class: "muted" }, a.reason))));
    $("sandbox-routes").replaceChildren(...world.routeTables.map((t) =>
      el("table", { class: "routes" },
        el("caption", {}, t.id),
        el("tbody", {}, t.entries.map((e) =>
          el("tr", { "data-destination": e.destination },
            el("td", {}, e.destination), el("td", {}, "\u2192 " + (e.nextHop || "local")),
            el("td", { class: e.status === "Available" ? "good" : "bad" }, e.status,
              e.custom ? drillButton("delete", "delete-route", { routeTableId: t.id, destination: e.destination },
                "delete this entry, as someone in the cloud console would") : null)))))));
    const ccm = world.ccm || {};
    $("sandbox-ccm").replaceChildren(...(ccm.vpcId ? [
      el("span", { class: ccm.healthy ? "good" : "bad" }, "VPC id " + ccm.vpcId + (ccm.healthy ? " (restores routes)"
        : " (does not exist: restores nothing)")),
      ccm.healthy ? drillButton("break", "break-ccm", {}, "give it a VPC id that does not exist")
        : drillButton("fix", "fix-ccm", {}, "give it the cluster's VPC id")] : [el("span", { class: "muted" }, "none")]));
  }

  start();
})();
