// Shared by the console pages: JSON calls (with the bearer token when the console asks for one) and safe DOM
// building. No framework: every node is created with textContent, so nothing from the server is parsed as HTML.
"use strict";

const Api = (() => {
  const TOKEN_KEY = "unstuck.console.token";

  async function call(method, path, body) {
    const headers = { "Accept": "application/json" };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    const token = sessionStorage.getItem(TOKEN_KEY);
    if (token) headers["Authorization"] = "Bearer " + token;
    const response = await fetch(path, {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body)
    });
    // Basic auth is answered by the browser's own prompt; a bearer token has to be asked for here.
    if (response.status === 401 && (response.headers.get("WWW-Authenticate") || "").startsWith("Bearer")) {
      const entered = window.prompt("Unstuck console token");
      if (entered) {
        sessionStorage.setItem(TOKEN_KEY, entered.trim());
        return call(method, path, body);
      }
    }
    const data = await response.json().catch(() => ({}));
    return { status: response.status, ok: response.ok, data };
  }

  // A file from the API, with the same sign-in as call(): a plain link would not carry a bearer token.
  async function download(path, fallbackName) {
    const headers = {};
    const token = sessionStorage.getItem(TOKEN_KEY);
    if (token) headers["Authorization"] = "Bearer " + token;
    const response = await fetch(path, { headers });
    if (!response.ok) return false;
    const disposition = response.headers.get("Content-Disposition") || "";
    const named = /filename="([^"]+)"/.exec(disposition);
    const link = document.createElement("a");
    link.href = URL.createObjectURL(await response.blob());
    link.download = named ? named[1] : fallbackName;
    link.click();
    return true;
  }

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (key === "class") node.className = value;
      else if (key.startsWith("data-")) node.setAttribute(key, value);
      else node[key] = value;
    }
    for (const child of children.flat(Infinity)) {
      if (child === null || child === undefined) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function time(iso) {
    return iso ? new Date(iso).toISOString().substring(11, 19) : "";
  }

  function historyUrl(workflowId) {
    return "/history.html?workflow=" + encodeURIComponent(workflowId);
  }

  return { call, download, el, time, historyUrl };
})();
