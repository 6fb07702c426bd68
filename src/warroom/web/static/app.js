/* warroom: countdown timers, severity suggestion and the live timeline. No dependencies. */
(function () {
  "use strict";
  var body = document.body;

  function pad(n) { return n < 10 ? "0" + n : String(n); }

  function span(ms) {
    var s = Math.floor(ms / 1000);
    var d = Math.floor(s / 86400), h = Math.floor((s % 86400) / 3600);
    var m = Math.floor((s % 3600) / 60), sec = s % 60;
    if (d > 0) { return d + "d " + h + "h"; }
    if (h > 0) { return h + "h " + pad(m) + "m"; }
    return m + "m " + pad(sec) + "s";
  }

  /* SLA and status-update countdowns: due times come from the server, the ticking is local. */
  function tick() {
    var now = Date.now();
    var nodes = document.querySelectorAll(".countdown[data-due]");
    for (var i = 0; i < nodes.length; i++) {
      var el = nodes[i];
      var diff = Date.parse(el.getAttribute("data-due")) - now;
      if (isNaN(diff)) { continue; }
      if (diff >= 0) {
        el.textContent = span(diff);
      } else {
        el.textContent = (body.getAttribute("data-i18n-overdue") || "{time} overdue")
          .replace("{time}", span(-diff));
      }
      el.classList.toggle("overdue", diff < 0);
      el.classList.toggle("soon", diff >= 0 && diff < 5 * 60 * 1000);
    }
  }

  /* Declare form: ask the impact matrix for a severity whenever both impacts are chosen. */
  function setupDeclare() {
    var form = document.getElementById("declare-form");
    if (!form) { return; }
    var users = form.elements.user_impact, business = form.elements.business_impact;
    var severity = form.elements.severity, hint = document.getElementById("suggestion");
    function suggest() {
      if (!users.value || !business.value) { return; }
      var url = "/api/v1/severity/suggest?users=" + encodeURIComponent(users.value) +
        "&business=" + encodeURIComponent(business.value);
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (data) {
          if (!data) { return; }
          severity.value = data.severity;
          form.setAttribute("data-suggested", data.severity);
          hint.textContent = hint.getAttribute("data-template").replace("{level}", data.label);
          hint.hidden = false;
        });
    }
    users.addEventListener("change", suggest);
    business.addEventListener("change", suggest);
  }

  /* Incident room: new timeline entries arrive over server-sent events. */
  function setupRoom() {
    var list = document.getElementById("timeline");
    if (!list || !window.EventSource) { return; }
    var incident = list.getAttribute("data-incident");
    var status = document.getElementById("live-status");
    var source = new EventSource("/api/v1/incidents/" + encodeURIComponent(incident) +
      "/events?after=" + encodeURIComponent(list.getAttribute("data-after") || "0"));
    source.onopen = function () {
      status.textContent = "● " + body.getAttribute("data-i18n-live");
      status.className = "live on";
    };
    source.onerror = function () {
      status.textContent = body.getAttribute("data-i18n-offline");
      status.className = "live off";
    };
    source.addEventListener("timeline", function (message) {
      var event = JSON.parse(message.data);
      if (document.getElementById("ev-" + event.id)) { return; }
      list.appendChild(renderEvent(event.view));
      list.setAttribute("data-after", String(event.id));
      if (event.supersedes) {
        var old = document.getElementById("ev-" + event.supersedes);
        if (old) { old.classList.add("superseded"); }
      }
      if (["status_change", "severity_change", "role_change", "note"].indexOf(event.kind) >= 0) {
        refreshPanel();
      }
      if (event.kind === "runbook_step" || event.kind === "note") { refreshRunbooks(); }
    });
  }

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text) { node.textContent = text; }
    return node;
  }

  function renderEvent(v) {
    var item = el("li", "ev ev-" + v.kind + (v.key ? " key" : "") + " fresh");
    item.id = "ev-" + v.id;
    var head = el("div", "ev-head");
    var time = el("time", "", v.time);
    time.setAttribute("datetime", v.occurred_at);
    head.appendChild(time);
    head.appendChild(document.createTextNode(" "));
    head.appendChild(el("span", "kind", v.kind_label));
    head.appendChild(document.createTextNode(" "));
    head.appendChild(el("span", "actor", v.actor));
    item.appendChild(head);
    var text = el("div", "ev-body");
    text.innerHTML = v.body_html; /* sanitized on the server (markdown-it without HTML + nh3) */
    item.appendChild(text);
    return item;
  }

  var refreshing = false;
  function refreshPanel() {
    var panel = document.getElementById("panel");
    if (!panel || refreshing) { return; }
    refreshing = true;
    fetch(panel.getAttribute("data-panel"), { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) {
        refreshing = false;
        if (html !== null) { panel.innerHTML = html; tick(); }
      }, function () { refreshing = false; });
  }

  /* The runbook checklist: re-fetched when a step is checked anywhere (issue 16). */
  function refreshRunbooks() {
    var box = document.getElementById("runbook-panel");
    if (!box) { return; }
    fetch(box.getAttribute("data-runbooks"), { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) { if (html !== null) { box.outerHTML = html; } });
  }

  /* Board: drag an action-item card to another column; a full column refuses it. */
  function setupBoard() {
    var columns = document.querySelectorAll("[data-drop]");
    if (!columns.length) { return; }
    var message = document.getElementById("board-message");
    var csrf = document.querySelector('meta[name="csrf-token"]').getAttribute("content");
    var cards = document.querySelectorAll("[data-item]");
    for (var i = 0; i < cards.length; i++) {
      cards[i].addEventListener("dragstart", function (event) {
        event.dataTransfer.setData("text/plain", this.getAttribute("data-item"));
        event.dataTransfer.effectAllowed = "move";
      });
    }
    for (var j = 0; j < columns.length; j++) {
      var column = columns[j];
      column.addEventListener("dragover", function (event) {
        event.preventDefault();
        this.classList.add("drop-target");
      });
      column.addEventListener("dragleave", function () { this.classList.remove("drop-target"); });
      column.addEventListener("drop", function (event) {
        event.preventDefault();
        this.classList.remove("drop-target");
        var item = event.dataTransfer.getData("text/plain");
        var from = document.getElementById("card-" + item);
        if (!item || (from && from.parentNode === this)) { return; }
        move(item, this.getAttribute("data-drop"));
      });
    }
    function move(item, to) {
      fetch("/api/v1/action-items/" + encodeURIComponent(item) + "/moves", {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "Accept": "application/json",
                   "X-CSRF-Token": csrf },
        body: JSON.stringify({ to: to })
      }).then(function (response) {
        if (response.ok) { window.location.reload(); return null; }
        return response.json().then(function (problem) {
          message.textContent = message.getAttribute("data-prefix") + " " + problem.detail +
            (problem.hint ? " — " + problem.hint : "");
          message.setAttribute("data-code", problem.code || "");
          message.hidden = false;
        });
      });
    }
  }

  /* Postmortem editor: a sanitized preview (rendered on the server) as you type. */
  function setupPreview() {
    var text = document.getElementById("pm-text");
    var preview = document.getElementById("pm-preview");
    if (!text || !preview || text.readOnly) { return; }
    var csrf = document.querySelector('meta[name="csrf-token"]').getAttribute("content");
    var timer = null;
    text.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        fetch("/api/v1/markdown/preview", {
          method: "POST",
          credentials: "same-origin",
          headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
          body: JSON.stringify({ text: text.value, document: true })
        }).then(function (r) { return r.ok ? r.json() : null; }).then(function (data) {
          if (data) { preview.innerHTML = data.html; /* sanitized by nh3 on the server */ }
        });
      }, 300);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    setupPreview();
    tick();
    window.setInterval(tick, 1000);
    setupDeclare();
    setupRoom();
    setupBoard();
  });
})();
