/* warroom: the one live connection of a browser (a SharedWorker every tab talks to).
 *
 * Tabs send what they show ({type: "subscribe", rooms: {ID: after}, changes, marker});
 * the worker keeps one EventSource on /api/v1/live for the union of them and hands each
 * tab the events it asked for. EventSource reconnects by itself with Last-Event-ID (the
 * server writes every room's position into the id); when the set of rooms changes the
 * worker opens a new stream from the positions it holds. No tab asking: no stream.
 */
"use strict";

var tabs = [];          /* {port, rooms: {ID: after}, changes, marker} */
var cursors = {};       /* room ID -> last event id handed out */
var marker = null;      /* the newest change marker the stream sent */
var source = null, sourceUrl = "", online = false, pending = null;

function send(tab, message) {
  try { tab.port.postMessage(message); } catch (e) { /* the tab is gone */ }
}

function wanted() {
  var rooms = {}, changes = false, i, id;
  for (i = 0; i < tabs.length; i++) {
    for (id in tabs[i].rooms) {
      if (Object.prototype.hasOwnProperty.call(tabs[i].rooms, id)) { rooms[id] = true; }
    }
    if (tabs[i].changes) { changes = true; }
  }
  return { rooms: Object.keys(rooms).sort(), changes: changes };
}

function reconcile() {
  pending = null;
  var want = wanted(), parts = [], i;
  for (i = 0; i < want.rooms.length; i++) {
    parts.push("incident=" + encodeURIComponent(want.rooms[i] + ":" + (cursors[want.rooms[i]] || 0)));
  }
  if (want.changes) {
    parts.push("changes=true");
    if (marker) { parts.push("marker=" + marker); }
  }
  var url = parts.length ? "/api/v1/live?" + parts.join("&") : "";
  /* Same rooms and lists as the open stream: keep it (its own positions are newer). */
  if (source && sameTopics(url, sourceUrl)) { return; }
  if (source) { source.close(); source = null; }
  sourceUrl = url;
  if (!url) { announce(false); return; }
  source = new EventSource(url);
  source.onopen = function () { announce(true); };
  source.onerror = function () { announce(false); };
  source.addEventListener("timeline", function (message) {
    var data = JSON.parse(message.data);
    var id = data.incident, event = data.event;
    if (!cursors[id] || event.id > cursors[id]) { cursors[id] = event.id; }
    for (var t = 0; t < tabs.length; t++) {
      if (Object.prototype.hasOwnProperty.call(tabs[t].rooms, id)) {
        send(tabs[t], { type: "timeline", incident: id, event: event });
      }
    }
  });
  source.addEventListener("changed", function (message) {
    marker = message.data;
    for (var t = 0; t < tabs.length; t++) {
      if (tabs[t].changes && tabs[t].marker !== marker) {
        tabs[t].marker = marker;
        send(tabs[t], { type: "changed", marker: marker });
      }
    }
  });
  source.addEventListener("position", function (message) {
    marker = message.data;
    for (var t = 0; t < tabs.length; t++) {
      if (tabs[t].changes && tabs[t].marker && tabs[t].marker !== marker) {
        tabs[t].marker = marker;
        send(tabs[t], { type: "changed", marker: marker });
      }
    }
  });
}

function sameTopics(a, b) {
  function topics(url) { return url.replace(/%3A\d+/g, "").replace(/&marker=[0-9a-f]*/, ""); }
  return topics(a) === topics(b);
}

function announce(on) {
  online = on;
  for (var t = 0; t < tabs.length; t++) { send(tabs[t], { type: "status", on: on }); }
}

function schedule() {
  if (pending === null) { pending = setTimeout(reconcile, 50); }
}

function tabOf(port) {
  for (var i = 0; i < tabs.length; i++) { if (tabs[i].port === port) { return tabs[i]; } }
  return null;
}

self.onconnect = function (connect) {
  var port = connect.ports[0];
  port.onmessage = function (message) {
    var data = message.data || {}, tab = tabOf(port);
    if (data.type === "bye") {
      if (tab) { tabs.splice(tabs.indexOf(tab), 1); }
      schedule();
      return;
    }
    if (data.type !== "subscribe") { return; }
    if (!tab) { tab = { port: port, rooms: {}, changes: false, marker: null }; tabs.push(tab); }
    var rooms = data.rooms || {}, id, restart = false;
    for (id in rooms) {
      if (!Object.prototype.hasOwnProperty.call(rooms, id)) { continue; }
      /* A tab that holds less than the stream has handed out needs the gap replayed. */
      if (cursors[id] === undefined || rooms[id] < cursors[id]) {
        if (source && cursors[id] !== undefined) { restart = true; }
        cursors[id] = rooms[id];
      }
    }
    tab.rooms = rooms;
    tab.changes = !!data.changes;
    tab.marker = data.marker || null;
    if (tab.changes && marker && tab.marker && tab.marker !== marker) {
      tab.marker = marker;
      send(tab, { type: "changed", marker: marker });
    }
    if (restart && source) { source.close(); source = null; sourceUrl = ""; }
    send(tab, { type: "status", on: online && !!source });
    schedule();
  };
  port.start();
};
