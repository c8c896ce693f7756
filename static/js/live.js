// Live updates for the page: follows the topics the server rendered it with (#live-follow), applies
// pushed fragments by DOM id, refreshes the regions that depend on them, shows who is here and who
// is typing, and shows whether the page is live. Every page works without this file.
(function () {
  "use strict";

  const IDLE_MS = 5 * 60 * 1000;
  const TYPING_MS = 5000;        // how long someone shows as typing after their last keystroke
  const TYPING_SIGNAL_MS = 2000; // a typist's page signals at most this often
  const REFRESH_MS = 250;

  let link = null;        // { send(message), close() }
  let followed = "";      // the topics string we are subscribed with
  let lastId = 0;         // newest event applied to this page
  let state = "connecting";
  let away = null;
  let lastInput = Date.now();
  const dueRegions = new Set(); // ids of the regions to re-read at the next refresh
  let refreshTimer = null;
  let deletedShown = false;
  const typists = new Map();    // topic -> Map(user id -> { name, timer }), in the order they began typing

  function session() { return document.getElementById("session"); }

  // --- the connection: a SharedWorker shared by all tabs; without one, a tab holding it for the others;
  //     without what that needs, a stream of our own ---

  function viaWorker(url) {
    const worker = new SharedWorker(url, { name: "hearth-live" });
    worker.port.addEventListener("message", function (event) { receive(event.data); });
    worker.port.start();
    return { send: function (m) { worker.port.postMessage(m); }, close: function () { worker.port.postMessage({ type: "unsubscribe" }); } };
  }

  // Without SharedWorker (Chrome on Android), the tabs elect one of them with a Web Lock to run the
  // worker's hub (live-worker.js) and talk to it over a BroadcastChannel. The browser hands the lock to
  // another tab when the holder's closes; that tab starts a hub and every tab joins it again from the
  // last event it applied, so nothing is lost (and what a tab already has, it drops by id).
  let relay = null;

  function viaTabs(hubUrl) {
    if (!relay) relay = createRelay(hubUrl);
    return relay.link();
  }

  function loadHub(url) {
    if (window.hearthLiveHub) return Promise.resolve(window.hearthLiveHub);
    return new Promise(function (resolve, reject) {
      const script = document.createElement("script");
      script.src = url;
      script.onload = function () { window.hearthLiveHub ? resolve(window.hearthLiveHub) : reject(new Error("no hub")); };
      script.onerror = reject;
      document.head.append(script);
    });
  }

  function createRelay(hubUrl) {
    const channel = new BroadcastChannel("hearth-live");
    const stop = new AbortController(); // the lock requests of this page, when it goes
    const links = new Map();  // this tab's links: id -> { deliver(message), rejoin(), leave(goodbye) }
    const tabs = new Map();   // while this tab holds the hub: id of a link (of any tab) -> its port at the hub
    let hub = null;
    let releaseHub = null;
    let closed = false;
    let outgoing = null;      // { message, to: [ids] }: one message the hub hands to several tabs goes once

    function post(id, message) {
      if (outgoing && outgoing.message === message) { outgoing.to.push(id); return; }
      flush();
      outgoing = { message: message, to: [id] };
      Promise.resolve().then(flush);
    }
    function flush() {
      if (!outgoing) return;
      if (!closed) channel.postMessage({ to: outgoing.to, message: outgoing.message });
      outgoing = null;
    }

    function portOf(id) {
      let port = tabs.get(id);
      if (port) return port;
      if (links.has(id)) {
        // A link of this very tab: handed its messages directly, a moment later as through a port.
        port = { postMessage: function (m) { Promise.resolve().then(function () { const l = links.get(id); if (l) l.deliver(m); }); } };
      } else {
        port = { postMessage: function (m) { post(id, m); } };
        // A tab that went without a word (it crashed, or its goodbye was lost) lets go of its lock.
        navigator.locks.request("hearth-live-tab:" + id, { signal: stop.signal }, function () {
          if (hub && tabs.get(id) === port) { tabs.delete(id); hub.receive(port, { type: "unsubscribe" }); }
        }).catch(function () {});
      }
      tabs.set(id, port);
      return port;
    }

    function toHub(id, message) {
      if (closed) return;
      if (hub) {
        const port = portOf(id);
        if (message.type === "unsubscribe") tabs.delete(id);
        hub.receive(port, message);
      } else {
        channel.postMessage({ to: "hub", from: id, message: message });
      }
    }

    channel.addEventListener("message", function (event) {
      const d = event.data;
      if (d.to === "hub") {
        if (hub) toHub(d.from, d.message);
      } else if (d.type === "hub") {
        links.forEach(function (l) { l.rejoin(); }); // a new holder: tell it what we follow
      } else if (Array.isArray(d.to)) {
        d.to.forEach(function (id) { const l = links.get(id); if (l) l.deliver(d.message); });
      }
    });

    navigator.locks.request("hearth-live-hub", { signal: stop.signal }, function () {
      return loadHub(hubUrl).then(function (createHub) {
        if (closed) return;
        hub = createHub();
        channel.postMessage({ type: "hub" });
        links.forEach(function (l) { l.rejoin(); });
        return new Promise(function (resolve) { releaseHub = resolve; });
      });
    }).catch(function () {});

    return {
      link: function () {
        const id = Math.random().toString(36).slice(2) + Date.now().toString(36);
        let subscribed = null;  // what it follows, to tell a new holder
        let awayState = null;
        let queued = [];        // sent before its own lock was held: the hub watches that lock to know it is gone
        let releaseTab = null;
        const send = function (m) { if (queued) queued.push(m); else toHub(id, m); };
        links.set(id, {
          deliver: receive,
          rejoin: function () {
            if (queued || !subscribed) return; // its first messages are still to go, to whichever hub there is
            toHub(id, Object.assign({}, subscribed, { since: lastId }));
            if (awayState) toHub(id, awayState);
          },
          leave: function (goodbye) {
            if (goodbye && !queued) toHub(id, { type: "unsubscribe" });
            if (releaseTab) releaseTab();
          }
        });
        navigator.locks.request("hearth-live-tab:" + id, { signal: stop.signal }, function () {
          const waiting = queued;
          queued = null;
          waiting.forEach(function (m) { toHub(id, m); });
          return new Promise(function (resolve) { releaseTab = resolve; });
        }).catch(function () {});
        return {
          send: function (m) {
            if (m.type === "subscribe") subscribed = m;
            else if (m.type === "away") awayState = m;
            send(m);
          },
          close: function () {
            const l = links.get(id);
            if (l && links.delete(id)) l.leave(true);
          }
        };
      },
      /** The page goes: its links leave, and if it holds the stream, the stream goes with it and another tab takes over. */
      close: function () {
        const held = hub;
        hub = null;
        if (held) { held.close(); flush(); } // its tabs hear it go; their links need not say goodbye to it
        links.forEach(function (l) { l.leave(!held); });
        links.clear();
        closed = true;
        stop.abort();
        if (releaseHub) releaseHub();
        channel.close();
      }
    };
  }

  function direct() {
    let source = null;
    let connection = null;
    let showsWhoIsHere = true; // whether the stream has a topic with presence (its hello says)
    let failures = 0;
    let topics = [];
    let retry = null;
    function open(since) {
      if (source) source.close();
      clearTimeout(retry);
      const query = new URLSearchParams();
      topics.forEach(function (t) { query.append("topic", t); });
      query.set("since", String(since));
      receive({ type: "state", state: "connecting" });
      source = new EventSource("/live?" + query.toString());
      const current = source;
      source.addEventListener("open", function () { failures = 0; receive({ type: "state", state: "live" }); });
      source.addEventListener("error", function () {
        if (current !== source) return;
        failures++;
        receive({ type: "state", state: failures > 2 ? "offline" : "connecting" });
        if (current.readyState === EventSource.CLOSED) {
          retry = setTimeout(function () { open(lastId || since); }, Math.min(30000, 1000 * Math.pow(2, Math.min(failures, 5))));
        }
      });
      source.addEventListener("hello", function (event) {
        const hello = JSON.parse(event.data);
        connection = hello.connection;
        showsWhoIsHere = !hello.presence || hello.presence.length > 0;
        receive({ type: "hello", connection: connection });
        receive({ type: "state", state: "live" });
      });
      ["fragment", "presence", "resync", "typing", "denied", "token"].forEach(function (kind) {
        source.addEventListener(kind, function (event) {
          const newline = event.data.indexOf("\n");
          const counted = kind === "fragment" || kind === "resync"; // outbox events: a resync may stand for some
          receive({ type: "event", event: kind, id: counted ? Number(event.lastEventId) || 0 : 0,
            topic: newline < 0 ? event.data : event.data.slice(0, newline), data: newline < 0 ? "" : event.data.slice(newline + 1) });
        });
      });
    }
    return {
      send: function (m) {
        if (m.type === "subscribe") { topics = m.topics; open(m.since); }
        else if (m.type === "retry") { failures = 0; open(lastId); }
        else if (m.type === "away" && connection && showsWhoIsHere) {
          fetch("/live/presence", { method: "POST", credentials: "same-origin", headers: { "X-CSRF-Token": m.csrf },
            body: new URLSearchParams({ connection: connection, away: String(m.away) }) }).catch(function () {});
        }
      },
      close: function () {
        if (source) source.close();
        source = null;
        if (connection && showsWhoIsHere && navigator.sendBeacon) {
          navigator.sendBeacon("/live/presence", new URLSearchParams({ connection: connection, gone: "true", _csrf: csrf() }));
        }
      }
    };
  }

  function follow() {
    deletedShown = false;
    // What this page follows, and what every page of the user follows (the layout's, e.g. their unread badge).
    const elements = [document.getElementById("live-follow"), document.getElementById("live-follow-user")].filter(Boolean);
    const topics = elements.map(function (e) { return e.dataset.liveTopics; }).filter(Boolean).join(" ");
    showState();
    if (topics === followed) return;
    if (link) { link.close(); link = null; }
    followed = topics;
    if (!topics) return;
    lastId = Number(elements[0].dataset.liveSince) || 0;
    const worker = session() && session().dataset.liveWorker;
    try {
      if (window.SharedWorker && worker) link = viaWorker(worker);
      else if (worker && navigator.locks && window.BroadcastChannel && window.AbortController) link = viaTabs(worker);
      else link = direct();
    } catch (e) {
      link = direct();
    }
    away = null;
    link.send({ type: "subscribe", topics: topics.split(" "), since: lastId, csrf: csrf() });
    updateAway();
  }

  function csrf() { return session() ? session().dataset.csrfToken : ""; }

  /** A pushed fragment is the same for every viewer, so its forms come without this session's token. */
  function fillCsrf(element) {
    element.querySelectorAll('input[name="_csrf"]').forEach(function (input) { if (!input.value) input.value = csrf(); });
  }

  // --- what arrives ---

  function receive(message) {
    if (message.type === "state") { state = message.state; showState(); return; }
    if (message.type !== "event") return;
    if (message.event === "fragment") {
      if (message.id && message.id <= lastId) return; // already applied (replay after a reconnect)
      if (message.id) lastId = message.id;
      refreshRegions(message.topic, apply(message.data));
      document.dispatchEvent(new CustomEvent("hearth:live-fragment", { detail: { id: message.id, topic: message.topic } }));
    } else if (message.event === "presence") {
      apply(message.data);
    } else if (message.event === "resync") {
      // In place of events too big to send (or of a burst): the reload shows them, so they count as applied.
      if (message.id > lastId) lastId = message.id;
      refreshRegions(message.topic, null);
    } else if (message.event === "typing") {
      showTyping(message.topic, JSON.parse(message.data));
    } else if (message.event === "token") {
      applyToken(JSON.parse(message.data));
    }
  }

  // --- text streamed into a message (an assistant's answer), token by token ---

  // Tokens carry their offset in the message's text. One that starts past what this tab shows means
  // some were missed (the tab opened mid-answer, or reconnected): the tab re-reads the message and
  // splices the tokens it kept. Tokens for a message not on the page yet wait for it.
  const waiting = new Map(); // message id -> tokens not applied yet
  const rereading = new Set();

  function applyToken(token) {
    const box = document.getElementById("message-" + token.m + "-text");
    if (!box) { keep(token); return; }
    const shown = Number(box.dataset.length) || 0;
    if (token.o > shown) { keep(token); reread(token.m, box); return; }
    if (token.o + token.t.length > shown) {
      box.append(document.createTextNode(token.t.slice(shown - token.o)));
      box.dataset.length = String(token.o + token.t.length);
      box.dispatchEvent(new CustomEvent("hearth:text-grew", { bubbles: true }));
    }
  }

  function keep(token) {
    const list = waiting.get(token.m) || [];
    if (list.length < 5000) list.push(token);
    waiting.set(token.m, list);
  }

  /** Applies the tokens kept for the messages inside `element`, now that it is on the page. */
  function drainTokens(element) {
    element.querySelectorAll("[id$='-text'][data-length]").forEach(function (box) {
      const id = Number(box.id.replace(/^message-/, "").replace(/-text$/, ""));
      const list = waiting.get(id);
      if (!list) return;
      waiting.delete(id);
      list.sort(function (a, b) { return a.o - b.o; }).forEach(applyToken);
    });
  }

  function reread(messageId, box) {
    if (rereading.has(messageId)) return;
    const bubble = box.closest("[data-live-src]");
    if (!bubble) return;
    rereading.add(messageId);
    fetch(bubble.dataset.liveSrc, { credentials: "same-origin", headers: { "HX-Request": "true" } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (html != null) apply(html);
        setTimeout(function () {
          rereading.delete(messageId);
          const again = document.getElementById("message-" + messageId + "-text");
          if (again) drainTokens(again.parentElement);
        }, 0);
      })
      .catch(function () { setTimeout(function () { rereading.delete(messageId); }, 500); });
  }

  /** Swaps in the elements of a fragment by id; returns the ids it touched, those it removed marked in `removed`. */
  function apply(html) {
    const template = document.createElement("template");
    template.innerHTML = html;
    const touched = new Set();
    touched.removed = new Set();
    Array.from(template.content.children).forEach(function (element) {
      if (element.matches("template[data-live-remove]")) {
        element.dataset.liveRemove.split(" ").forEach(function (id) {
          touched.add(id);
          touched.removed.add(id);
          const old = document.getElementById(id);
          if (old && old.matches("[data-live-row]")) old.remove();
        });
        return;
      }
      if (!element.id) return;
      touched.add(element.id);
      fillCsrf(element);
      const old = document.getElementById(element.id);
      const container = element.dataset.liveAppendTo && document.getElementById(element.dataset.liveAppendTo);
      if (!old && container) {
        // A new item of a list that grows at its end (a thread's messages).
        container.append(element);
        if (window.htmx) window.htmx.process(element);
        drainTokens(element);
        return;
      }
      // Only like for like: a task row of the task list, not a row of the same id in another table.
      if (!old || old.hasAttribute("data-live-row") !== element.hasAttribute("data-live-row")
          || old.hasAttribute("data-live-presence") !== element.hasAttribute("data-live-presence")) return;
      const box = old.querySelector('input[name="ids"]');
      const newBox = element.querySelector('input[name="ids"]');
      if (box && newBox) newBox.checked = box.checked;
      // A streaming answer this tab already shows further than the pushed copy: keep what it shows.
      const oldText = old.querySelector("[data-length]");
      const newText = element.querySelector("[data-length]");
      if (oldText && newText && oldText.id === newText.id && Number(oldText.dataset.length) > Number(newText.dataset.length)) {
        newText.replaceWith(oldText);
      }
      old.replaceWith(element);
      if (window.htmx) window.htmx.process(element);
      drainTokens(element);
      element.dispatchEvent(new CustomEvent("hearth:live-replaced", { bubbles: true }));
    });
    return touched;
  }

  /** Re-reads the regions that follow a topic (counts, filters, order), once for a burst of events. */
  function refreshRegions(topic, touched) {
    document.querySelectorAll("[data-live-region]").forEach(function (region) {
      const when = region.dataset.liveWhen;
      if (when && touched && touched.removed.has(when)) {
        // The thing this page shows is gone (on whichever of the page's topics that comes first): say so
        // rather than re-read a page that is not there. Not while a request of this tab is on its way
        // (htmx marks it): most likely it is this deletion.
        if (!deletedShown && !document.querySelector(".htmx-request")) window.hearth.toast("info", "This was just deleted by someone else.");
        deletedShown = true;
        return;
      }
      if (!region.id || region.dataset.liveRegion.split(" ").indexOf(topic) < 0) return;
      if (when && touched && !touched.has(when)) return;
      if (when) deletedShown = false; // restored (an undo): the refresh shows it again
      dueRegions.add(region.id);
    });
    if (dueRegions.size === 0) return;
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(refresh, REFRESH_MS);
  }

  let refreshing = false;
  function refresh() {
    if (refreshing || dueRegions.size === 0) return; // the running refresh calls again when it is done
    // The thing this page shows is gone, so its address answers 404: regions beside it (a list) stay as they are.
    if (deletedShown) { dueRegions.clear(); return; }
    if (document.querySelector(".is-dragging")) { refreshTimer = setTimeout(refresh, 500); return; }
    refreshing = true;
    const ids = Array.from(dueRegions);
    dueRegions.clear();
    const url = location.href;
    fetch(url, { credentials: "same-origin", headers: { "HX-Request": "true", "HX-Current-URL": url } })
      .then(function (response) {
        if (response.status === 404) {
          window.hearth.toast("info", "This was just deleted by someone else.");
          return null;
        }
        return response.ok ? response.text() : null;
      })
      .then(function (html) {
        if (html == null || location.href !== url) return;
        const template = document.createElement("template");
        template.innerHTML = html;
        ids.forEach(function (id) {
          const region = document.getElementById(id);
          const fresh = template.content.getElementById(id);
          if (region && fresh) swapKeepingState(region, fresh);
        });
      })
      .catch(function () {})
      .finally(function () {
        refreshing = false;
        refresh();
      });
  }

  /** Replaces a region but keeps what the person was doing in it: selected rows, focus, open menus. */
  function swapKeepingState(region, fresh) {
    const checked = new Set(Array.from(region.querySelectorAll('input[name="ids"]:checked')).map(function (b) { return b.value; }));
    const matching = region.querySelector("[data-select-matching]");
    const values = {};
    region.querySelectorAll("[data-bulk-bar] select").forEach(function (s) { if (s.id) values[s.id] = s.value; });
    const focused = document.activeElement && region.contains(document.activeElement) ? document.activeElement.id : null;
    fresh.querySelectorAll('input[name="ids"]').forEach(function (box) { box.checked = checked.has(box.value); });
    const freshMatching = fresh.querySelector("[data-select-matching]");
    if (matching && freshMatching) freshMatching.checked = matching.checked;
    Object.keys(values).forEach(function (id) { const s = fresh.querySelector("#" + CSS.escape(id)); if (s) s.value = values[id]; });
    region.replaceWith(fresh);
    if (window.htmx) window.htmx.process(fresh);
    if (focused) { const again = document.getElementById(focused); if (again) again.focus(); }
    fresh.dispatchEvent(new CustomEvent("hearth:live-refreshed", { bubbles: true }));
  }

  // --- typing ---

  function showTyping(topic, who) {
    const me = session() && session().dataset.userId;
    const user = String(who.user);
    if (user === me) return; // never to the typist
    let onTopic = typists.get(topic);
    if (!onTopic) { onTopic = new Map(); typists.set(topic, onTopic); }
    const known = onTopic.get(user);
    if (known) clearTimeout(known.timer);
    // Signals are throttled, so the last one may have left TYPING_SIGNAL_MS before the last keystroke:
    // held that much longer, a name stays TYPING_MS after the last keystroke and never goes between two signals.
    const timer = setTimeout(function () { stopTyping(topic, user); }, TYPING_MS + TYPING_SIGNAL_MS);
    onTopic.set(user, { name: who.name, timer: timer });
    renderTyping(topic);
  }

  function stopTyping(topic, user) {
    const onTopic = typists.get(topic);
    if (!onTopic || !onTopic.delete(user)) return;
    if (onTopic.size === 0) typists.delete(topic);
    renderTyping(topic);
  }

  function renderTyping(topic) {
    const onTopic = typists.get(topic);
    document.querySelectorAll("[data-typing-for]").forEach(function (element) {
      if (element.dataset.typingFor !== topic) return;
      const names = [];
      if (onTopic) {
        onTopic.forEach(function (typist) {
          const name = element.dataset.typingLabel || typist.name; // "Support", however many agents type
          if (names.indexOf(name) < 0) names.push(name);
        });
      }
      // As text: a name is whatever its owner typed, so never markup.
      element.textContent = typingLine(names);
      element.hidden = names.length === 0;
    });
  }

  /** "Ann is typing…", "Ann and Bob are typing…", "Ann, Bob and Cy are typing…", "Ann, Bob and 2 others are typing…". */
  function typingLine(names) {
    if (names.length === 0) return "";
    if (names.length === 1) return names[0] + " is typing…";
    const shown = names.length > 3 ? [names[0], names[1], (names.length - 2) + " others"] : names;
    return shown.slice(0, -1).join(", ") + " and " + shown[shown.length - 1] + " are typing…";
  }

  const typingSent = new Map();
  /** Tells the others on a topic that we are typing; at most every TYPING_SIGNAL_MS. */
  function typing(topic) {
    const now = Date.now();
    if (now - (typingSent.get(topic) || 0) < TYPING_SIGNAL_MS) return;
    typingSent.set(topic, now);
    fetch("/live/typing", { method: "POST", credentials: "same-origin", headers: { "X-CSRF-Token": csrf() },
      body: new URLSearchParams({ topic: topic }) }).catch(function () {});
  }

  document.addEventListener("input", function (event) {
    const field = event.target.closest("[data-typing-topic]");
    if (!field) return;
    // A composer that writes either to the member or to the team only: the checked choice says which.
    const choice = field.form && field.form.querySelector("[data-typing-choice]:checked");
    typing(choice ? choice.dataset.typingChoice : field.dataset.typingTopic);
  });

  // --- away: the tab is hidden, or nobody touched it for five minutes ---

  function updateAway() {
    if (!link) return;
    const now = document.visibilityState === "hidden" || Date.now() - lastInput > IDLE_MS;
    if (now === away) return;
    away = now;
    link.send({ type: "away", away: now, csrf: csrf() });
  }
  ["mousemove", "keydown", "pointerdown", "scroll", "focus"].forEach(function (name) {
    window.addEventListener(name, function () { lastInput = Date.now(); if (away) updateAway(); }, { passive: true });
  });
  document.addEventListener("visibilitychange", updateAway);

  // A laptop that slept, or a network that came back: the stream may be dead without knowing it.
  let tick = Date.now();
  setInterval(function () {
    const now = Date.now();
    if (now - tick > 20000 && link) link.send({ type: "retry" });
    tick = now;
    updateAway();
  }, 5000);
  window.addEventListener("online", function () { if (link) link.send({ type: "retry" }); });

  // --- the indicator ---

  function showState() {
    const status = document.getElementById("live-status");
    if (!status) return;
    status.hidden = !followed;
    status.dataset.state = state;
    const label = status.querySelector(".live-label");
    if (label) label.textContent = state === "live" ? "Live" : state === "offline" ? "Offline" : "Reconnecting…";
    const retry = status.querySelector("[data-live-retry]");
    if (retry) retry.hidden = state !== "offline";
  }

  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-live-retry]") && link) link.send({ type: "retry" });
  });

  // What htmx swaps in (the thread after a question, Stop or Retry) was rendered before events this tab
  // may already have applied to what it replaced, such as the end of an answer: no later event would
  // bring that back, so re-read every message it shows as still being written.
  function rereadStreaming() {
    document.querySelectorAll("[data-live-src] [id$='-text'][data-length]").forEach(function (box) {
      reread(Number(box.id.replace(/^message-/, "").replace(/-text$/, "")), box);
    });
  }

  window.addEventListener("pagehide", function () {
    if (relay) { relay.close(); relay = null; } // first: a tab holding the stream closes it rather than reopen it for the others
    if (link) link.close();
    link = null;
    followed = "";
  });
  window.addEventListener("pageshow", function (event) { if (event.persisted) follow(); });
  document.addEventListener("htmx:afterSettle", follow);
  document.addEventListener("htmx:afterSettle", rereadStreaming);
  document.addEventListener("DOMContentLoaded", follow);

  window.hearth = window.hearth || {};
  window.hearth.typing = typing;
})();
