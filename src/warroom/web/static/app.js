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
    /* Time since a moment (detection, for one): always visible, ticking locally. */
    var since = document.querySelectorAll(".elapsed[data-since]");
    for (var j = 0; j < since.length; j++) {
      var from = Date.parse(since[j].getAttribute("data-since"));
      if (!isNaN(from)) { since[j].textContent = span(Math.max(0, now - from)); }
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
          /* Say why: which impacts gave this level. */
          hint.textContent = hint.getAttribute("data-template").replace("{level}", data.label) +
            " (" + users.options[users.selectedIndex].text + " × " +
            business.options[business.selectedIndex].text + ")";
          hint.hidden = false;
        });
    }
    users.addEventListener("change", suggest);
    business.addEventListener("change", suggest);
  }

  /* Live updates: one connection per browser. Every tab talks to a SharedWorker that holds
     the browser's single stream (static/live-worker.js); without SharedWorker the tab
     opens the same multiplexed stream itself. A tab hidden for a while lets go of its
     subscription and takes it up again, from where it was, when it is shown. */
  var live = { port: null, source: null, paused: false, hideTimer: null };

  function subscription() {
    var rooms = {}, list = document.getElementById("timeline");
    if (list) { rooms[list.getAttribute("data-incident")] = Number(list.getAttribute("data-after") || "0"); }
    var main = document.querySelector("main[data-live]");
    return { type: "subscribe", rooms: rooms, changes: !!main,
             marker: main ? main.getAttribute("data-marker") : null };
  }

  function received(data) {
    if (data.type === "timeline") {
      var list = document.getElementById("timeline");
      if (list && list.getAttribute("data-incident") === data.incident) { addEvent(data.event); }
    }
    else if (data.type === "changed") { refreshMain(); }
    else if (data.type === "status") { showStatus(data.on); }
  }

  function showStatus(on) {
    var status = document.getElementById("live-status");
    if (!status) { return; }
    status.textContent = on ? "● " + body.getAttribute("data-i18n-live") : body.getAttribute("data-i18n-offline");
    status.className = on ? "live on" : "live off";
  }

  function subscribe(message) {
    live.last = message;
    if (live.port) { live.port.postMessage(message); return; }
    if (live.source) { live.source.close(); live.source = null; }
    var parts = [];
    for (var id in message.rooms) {
      if (Object.prototype.hasOwnProperty.call(message.rooms, id)) {
        parts.push("incident=" + encodeURIComponent(id + ":" + message.rooms[id]));
      }
    }
    if (message.changes) { parts.push("changes=true"); if (message.marker) { parts.push("marker=" + message.marker); } }
    if (!parts.length || !window.EventSource) { return; }
    var source = live.source = new EventSource("/api/v1/live?" + parts.join("&"));
    source.onopen = function () { showStatus(true); };
    source.onerror = function () { showStatus(false); };
    source.addEventListener("timeline", function (m) {
      var d = JSON.parse(m.data);
      received({ type: "timeline", incident: d.incident, event: d.event });
    });
    source.addEventListener("changed", function () { received({ type: "changed" }); });
  }

  /* Without SharedWorker (some phones): the tabs elect a leader with a Web Lock; the
     leader runs the worker's code (live-worker.js) in its page and the tabs talk to it
     over a BroadcastChannel. The lock passes on when the leader's tab closes. */
  function leaderPort() {
    var channel = new BroadcastChannel("warroom-live");
    var me = Math.random().toString(36).slice(2);
    var ports = {};  /* the leader's stand-ins for each tab's port */
    var leading = false;
    var port = {
      onmessage: null,
      start: function () {},
      postMessage: function (data) {
        if (leading) { deliver(me, data); } else { channel.postMessage({ from: me, data: data }); }
      }
    };
    function standIn(tab) {
      if (!ports[tab]) {
        ports[tab] = { onmessage: null, start: function () {}, postMessage: function (data) {
          if (tab === me) { received(data); } else { channel.postMessage({ to: tab, data: data }); }
        } };
        self.onconnect({ ports: [ports[tab]] });
      }
      return ports[tab];
    }
    function deliver(tab, data) {
      var target = standIn(tab);
      if (target.onmessage) { target.onmessage({ data: data }); }
    }
    channel.onmessage = function (m) {
      var msg = m.data || {};
      if (msg.to === me) { received(msg.data); }
      else if (msg.who && live.last) { channel.postMessage({ from: me, data: live.last }); }
      else if (leading && msg.from) { deliver(msg.from, msg.data); }
    };
    navigator.locks.request("warroom-live-leader", function () {
      return new Promise(function () {
        var script = document.createElement("script");
        script.src = "/static/live-worker.js";
        script.onload = function () {
          leading = true;
          if (live.last) { deliver(me, live.last); }
          channel.postMessage({ who: true });  /* every tab: say again what you show */
        };
        document.head.appendChild(script);
      });
    });
    return port;
  }

  function setupLive() {
    var message = subscription();
    if (!Object.keys(message.rooms).length && !message.changes) { return; }
    if (window.SharedWorker) {
      try {
        var worker = new SharedWorker("/static/live-worker.js", { name: "warroom-live" });
        live.port = worker.port;
      } catch (e) { live.port = null; }
    } else if (navigator.locks && window.BroadcastChannel) {
      live.port = leaderPort();
    }
    if (live.port) {
      live.port.onmessage = function (m) { received(m.data); };
      live.port.start();
    }
    subscribe(message);
    window.addEventListener("pagehide", function () {
      if (live.port) { live.port.postMessage({ type: "bye" }); }
      if (live.source) { live.source.close(); }
    });
    document.addEventListener("visibilitychange", function () {
      window.clearTimeout(live.hideTimer);
      if (document.hidden) {
        var after = Number(body.getAttribute("data-live-hidden-ms") || "120000");
        live.hideTimer = window.setTimeout(function () {
          live.paused = true;
          subscribe({ type: "subscribe", rooms: {}, changes: false, marker: null });
          if (!live.port) { showStatus(false); }
        }, after);
      } else if (live.paused) {
        live.paused = false;
        subscribe(subscription());
      }
    });
  }

  function addEvent(event) {
    var list = document.getElementById("timeline");
    if (!list || document.getElementById("ev-" + event.id)) { return; }
    var item = renderEvent(event.view, list);
    list.appendChild(item);
    filterTimeline(item);
    if (event.kind === "runbook_step" || event.kind === "note") { refreshRunbooks(); }
    if (event.id > Number(list.getAttribute("data-after") || "0")) {
      list.setAttribute("data-after", String(event.id));
    }
    if (event.supersedes) {
      var old = document.getElementById("ev-" + event.supersedes);
      if (old) {
        old.classList.add("superseded");
        var fix = old.querySelector("details.fix");
        if (fix) { fix.parentNode.removeChild(fix); }
      }
    }
    if (["status_change", "severity_change", "role_change", "note"].indexOf(event.kind) >= 0) {
      refreshPanel();
    }
  }

  /* Dashboard, incident list, board: re-fetch the page and swap its content, unless the
     reader is typing in it (then once they leave the field). */
  var stale = false;
  function refreshMain() {
    var main = document.querySelector("main[data-live]");
    if (!main) { return; }
    var active = document.activeElement;
    if (active && main.contains(active) && /INPUT|SELECT|TEXTAREA/.test(active.tagName)) {
      if (!stale) {
        stale = true;
        active.addEventListener("blur", function () { stale = false; refreshMain(); }, { once: true });
      }
      return;
    }
    fetch(window.location.href, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) {
        if (html === null) { return; }
        var fresh = new DOMParser().parseFromString(html, "text/html").querySelector("main[data-live]");
        if (!fresh) { return; }
        main.innerHTML = fresh.innerHTML;
        main.setAttribute("data-marker", fresh.getAttribute("data-marker") || "");
        main.setAttribute("data-refreshed", String(Number(main.getAttribute("data-refreshed") || "0") + 1));
        tick();
        setupBoard();
      });
  }

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text) { node.textContent = text; }
    return node;
  }

  function renderEvent(v, list) {
    var item = el("li", "ev ev-" + v.kind + (v.key ? " key" : "") + " fresh");
    item.id = "ev-" + v.id;
    var head = el("div", "ev-head");
    var time = el("time", "", v.time);
    time.setAttribute("datetime", v.occurred_at);
    var link = el("a", "permalink");
    link.href = "#ev-" + v.id;
    link.appendChild(time);
    head.appendChild(link);
    head.appendChild(document.createTextNode(" "));
    head.appendChild(el("span", "kind", v.kind_label));
    head.appendChild(document.createTextNode(" "));
    head.appendChild(el("span", "actor", v.actor));
    if (list.hasAttribute("data-can-write") && v.starrable && !v.superseded) {
      head.appendChild(document.createTextNode(" "));
      head.appendChild(starForm(v, list));
    }
    item.appendChild(head);
    var text = el("div", "ev-body");
    text.innerHTML = v.body_html; /* sanitized on the server (markdown-it without HTML + nh3) */
    item.appendChild(text);
    if (v.supersedes) {
      head.appendChild(document.createTextNode(" "));
      head.appendChild(el("span", "corr", list.getAttribute("data-i18n-corrects").replace("{n}", v.supersedes)));
    }
    if (list.hasAttribute("data-can-write") && v.correctable && !v.superseded) {
      item.appendChild(correctForm(v, list));
    }
    if (v.marks) { showStar(v.marks, v.marks_key); }
    return item;
  }

  /* The same star the server renders next to an entry (a form: it works without JS too). */
  function starForm(v, list) {
    var form = el("form", "star-form");
    form.method = "post";
    form.action = "/incidents/" + encodeURIComponent(list.getAttribute("data-incident")) +
      "/timeline/" + v.id + "/key";
    var csrf = el("input");
    csrf.type = "hidden"; csrf.name = "csrf_token";
    csrf.value = document.querySelector('meta[name="csrf-token"]').getAttribute("content");
    var field = el("input");
    field.type = "hidden"; field.name = "key"; field.value = v.key ? "false" : "true";
    var button = el("button", "star-btn");
    button.type = "submit";
    button.title = list.getAttribute("data-i18n-key-title");
    button.setAttribute("aria-pressed", v.key ? "true" : "false");
    button.appendChild(document.createTextNode(v.key ? "\u2605 " : "\u2606 "));
    button.appendChild(el("span", "star-label", list.getAttribute("data-i18n-key")));
    form.appendChild(csrf); form.appendChild(field); form.appendChild(button);
    return form;
  }

  /* A key-event mark made anywhere stars (or unstars) the entry it names in this room. */
  function showStar(id, on) {
    var target = document.getElementById("ev-" + id);
    if (!target) { return; }
    target.classList.toggle("key", !!on);
    var button = target.querySelector(".star-btn");
    if (!button) { return; }
    button.setAttribute("aria-pressed", on ? "true" : "false");
    button.firstChild.textContent = on ? "\u2605 " : "\u2606 ";
    var field = target.querySelector('.star-form input[name="key"]');
    if (field) { field.value = on ? "false" : "true"; }
  }

  /* The same "Correct" form the server renders under a person's entry. */
  function correctForm(v, list) {
    var details = el("details", "fix");
    details.appendChild(el("summary", "", list.getAttribute("data-i18n-correct")));
    var form = el("form", "stack");
    form.method = "post";
    form.action = "/incidents/" + encodeURIComponent(list.getAttribute("data-incident")) +
      "/timeline/" + v.id + "/correct";
    var csrf = el("input");
    csrf.type = "hidden"; csrf.name = "csrf_token";
    csrf.value = document.querySelector('meta[name="csrf-token"]').getAttribute("content");
    var area = el("textarea");
    area.name = "body"; area.rows = 2; area.required = true; area.value = v.body;
    area.setAttribute("aria-label", list.getAttribute("data-i18n-corrected"));
    var button = el("button", "btn small", list.getAttribute("data-i18n-save"));
    button.type = "submit";
    form.appendChild(csrf); form.appendChild(area); form.appendChild(button);
    details.appendChild(form);
    return details;
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

  /* Incident room: show one kind of entry (or the key events) without a reload. */
  function filterTimeline(only) {
    var select = document.getElementById("kind-filter");
    if (!select) { return; }
    var want = select.value;
    var items = only ? [only] : document.querySelectorAll("#timeline > li");
    for (var i = 0; i < items.length; i++) {
      var item = items[i];
      item.hidden = !!want && !(want === "key" ? item.classList.contains("key") : item.classList.contains("ev-" + want));
    }
  }

  function setupKindFilter() {
    var select = document.getElementById("kind-filter");
    if (select) { select.addEventListener("change", function () { filterTimeline(null); }); }
  }

  /* Incident room keys: n note, a/m/r put the focus on acknowledge / mitigate / resolve
     (Enter then does it, so a stray key never changes the incident), ? help, Esc closes. */
  function setupShortcuts() {
    var help = document.getElementById("shortcuts-help");
    if (!help) { return; }
    var buttons = { a: "acknowledged", m: "mitigated", r: "resolved" };
    document.addEventListener("keydown", function (event) {
      if (event.ctrlKey || event.metaKey || event.altKey) { return; }
      var target = event.target;
      if (target && (/INPUT|SELECT|TEXTAREA/.test(target.tagName) || target.isContentEditable)) { return; }
      if (event.key === "Escape") { help.hidden = true; return; }
      if (event.key === "?") { help.hidden = !help.hidden; event.preventDefault(); return; }
      if (event.key === "n") {
        var note = document.querySelector("#note-form textarea");
        if (note) { note.focus(); event.preventDefault(); }
        return;
      }
      if (buttons[event.key]) {
        var button = document.querySelector('button[data-to="' + buttons[event.key] + '"]');
        if (button) {
          button.focus();
          button.classList.add("shortcut-target");
          button.addEventListener("blur", function () { button.classList.remove("shortcut-target"); }, { once: true });
          event.preventDefault();
        }
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    setupPreview();
    tick();
    window.setInterval(tick, 1000);
    setupDeclare();
    setupLive();
    setupShortcuts();
    setupKindFilter();
    setupBoard();
  });
})();
