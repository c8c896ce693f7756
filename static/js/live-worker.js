// One event stream for every Hearth tab of this browser. Browsers allow six HTTP/1.1 connections
// per host; a stream per tab would leave ten tabs dead and every click waiting. Tabs tell this
// hub what they follow; it holds one stream for all of it and hands each tab its events. It runs in
// a SharedWorker, or, in a browser without one, in the tab live.js elects to hold the stream.
(function (scope) {
  "use strict";

  function createHub() {
    const ports = new Map(); // port -> { topics: Set, since, away }
    let source = null;
    let sourceTopics = new Set();
    let lastId = 0;
    let bufferFloor = Infinity; // events after this id are all in `recent`
    const recent = []; // [{ id, event, topic, data }], the newest events, for tabs that join late
    const RECENT_MAX = 1000;
    let state = "connecting";
    let connection = null; // the stream's id at the server, from its hello
    let presence = null;   // the topics of that stream that show who is here, from its hello (null: not said, so any)
    let csrfToken = null;
    let failures = 0;
    let retryTimer = null;
    // What the server was told about the current stream, topic by topic: away (true) or here. A stream
    // starts here on all of them. One request at a time, so a hide and a show arrive in their order.
    let told = new Map();
    let telling = false;
    // Make before break: a stream being replaced (new topics, a retry) keeps serving the tabs until its
    // successor says hello, and keeps its person present until the successor has joined (its first
    // presence event, or JOIN_WAIT_MS): a tab that goes to another page flickers neither the indicator
    // of the other tabs nor its person's presence for the others.
    let previous = null; // { source, connection, presence }
    let previousTimer = null;
    const JOIN_WAIT_MS = 1000;
    let closed = false;

    function broadcast(message) {
      ports.forEach(function (info, port) { port.postMessage(message); });
    }

    function setState(next) {
      state = next;
      broadcast({ type: "state", state: state });
    }

    function wantedTopics() {
      const all = new Set();
      ports.forEach(function (info) { info.topics.forEach(function (t) { all.add(t); }); });
      return all;
    }

    function sameSet(a, b) {
      if (a.size !== b.size) return false;
      for (const x of a) if (!b.has(x)) return false;
      return true;
    }

    /** Tells the server a connection of ours is gone, so its person leaves now rather than at a heartbeat. */
    function gone(id, presenceTopics) {
      if (!id || !csrfToken || (presenceTopics && presenceTopics.size === 0)) return; // nobody to leave
      fetch("/live/presence", { method: "POST", keepalive: true, credentials: "same-origin",
        headers: { "X-CSRF-Token": csrfToken }, body: new URLSearchParams({ connection: id, gone: "true" }) })
        .catch(function () {});
    }

    function dropPrevious() {
      clearTimeout(previousTimer);
      if (!previous) return;
      previous.source.close();
      gone(previous.connection, previous.presence);
      previous = null;
    }

    function open(since) {
      if (closed) return;
      clearTimeout(retryTimer);
      dropPrevious();
      const topics = wantedTopics();
      if (source && source.readyState === EventSource.OPEN && connection && topics.size > 0) {
        previous = { source: source, connection: connection, presence: presence };
      } else if (source) {
        source.close();
        gone(connection, presence);
      }
      source = null;
      connection = null;
      presence = null;
      sourceTopics = topics;
      if (topics.size === 0) return;
      const query = new URLSearchParams();
      topics.forEach(function (t) { query.append("topic", t); });
      query.set("since", String(since));
      bufferFloor = since;
      recent.length = 0;
      if (!previous) setState("connecting");
      const current = new EventSource("/live?" + query.toString());
      source = current;
      current.addEventListener("open", function () {
        if (current !== source) return;
        failures = 0;
        setState("live");
      });
      current.addEventListener("error", function () {
        if (current !== source) return;
        dropPrevious(); // it would not outlive this one
        failures++;
        if (current.readyState === EventSource.CLOSED) {
          // The server refused (e.g. logged out) or is down: try again ourselves, from where we were.
          setState(failures > 2 ? "offline" : "connecting");
          retryTimer = setTimeout(function () { open(lastId || since); }, Math.min(30000, 1000 * Math.pow(2, Math.min(failures, 5))));
        } else {
          setState(failures > 2 ? "offline" : "connecting"); // EventSource retries by itself with Last-Event-ID
        }
      });
      current.addEventListener("hello", function (event) {
        if (current !== source) return;
        const hello = JSON.parse(event.data);
        connection = hello.connection;
        presence = hello.presence ? new Set(hello.presence) : null;
        if (previous) previousTimer = setTimeout(dropPrevious, JOIN_WAIT_MS);
        told = new Map();
        sendAway();
        failures = 0;
        setState("live");
      });
      ["fragment", "presence", "resync", "typing", "denied", "token"].forEach(function (kind) {
        current.addEventListener(kind, function (event) {
          if (current === source) {
            if (kind === "presence" && previous && connection) dropPrevious();
            dispatch(kind, event, true);
          } else if (previous && previous.source === current && !connection) {
            // Its successor has not said hello yet; from then on the successor delivers everything.
            dispatch(kind, event, false);
          }
        });
      });
    }

    /** Hands an event to the tabs that follow its topic; {@code current} is false for a stream being replaced. */
    function dispatch(kind, event, current) {
      const newline = event.data.indexOf("\n");
      const topic = newline < 0 ? event.data : event.data.slice(0, newline);
      const data = newline < 0 ? "" : event.data.slice(newline + 1);
      const counted = kind === "fragment" || kind === "resync"; // outbox events: a resync may stand for some
      const id = event.lastEventId && counted && event.lastEventId !== "" ? Number(event.lastEventId) : 0;
      const message = { type: "event", event: kind, id: id, topic: topic, data: data };
      if (id && kind === "resync" && current) {
        // Events up to here were not all sent as fragments, so `recent` cannot bring a later tab up to
        // date from before them: such a tab reopens the stream from its own point (see subscribe).
        if (id > lastId) lastId = id;
        bufferFloor = Math.max(bufferFloor, id);
      }
      if (id && kind === "fragment") {
        // An id below lastId happens after a reconnect that started further back for a new tab.
        if (id > lastId) lastId = id;
        if (!current) { ports.forEach(function (info, port) { if (info.topics.has(topic)) port.postMessage(message); }); return; }
        recent.push(message);
        if (recent.length > RECENT_MAX) bufferFloor = recent.shift().id;
      }
      ports.forEach(function (info, port) {
        if (info.topics.has(topic)) port.postMessage(message);
      });
    }

    /**
     * Away is per topic, as the others see it on that page: away on a topic while every tab showing it is
     * hidden or idle, here while any one of them is in use. A hidden board tab is away on the board even
     * though a tab on a project is in front.
     */
    function awayByTopic() {
      const away = new Map();
      ports.forEach(function (info) {
        info.topics.forEach(function (t) {
          if (!presence || presence.has(t)) away.set(t, (away.has(t) ? away.get(t) : true) && info.away);
        });
      });
      return away;
    }

    /** Tells the server the topics whose away changed since it was last told, one direction per request. */
    function sendAway() {
      if (closed || !connection || !csrfToken || telling) return;
      const nowAway = [];
      const nowHere = [];
      awayByTopic().forEach(function (away, topic) {
        if ((told.get(topic) || false) !== away) (away ? nowAway : nowHere).push(topic);
      });
      const away = nowAway.length > 0;
      const topics = away ? nowAway : nowHere;
      if (topics.length === 0) return;
      const body = new URLSearchParams({ connection: connection, away: String(away) });
      topics.forEach(function (t) { body.append("topic", t); });
      const about = connection;
      telling = true;
      fetch("/live/presence", { method: "POST", body: body, credentials: "same-origin",
        headers: { "X-CSRF-Token": csrfToken } })
        .then(function (response) {
          telling = false;
          if (response.ok && about === connection) topics.forEach(function (t) { told.set(t, away); });
          // Whatever changed meanwhile (or the other direction); after a refusal only a later change or a new stream retries.
          if (response.ok || about !== connection) sendAway();
        })
        .catch(function () {
          telling = false;
          setTimeout(sendAway, 5000);
        });
    }

    function subscribe(port, message) {
      const topics = new Set(message.topics);
      const since = Number(message.since) || 0;
      ports.set(port, { topics: topics, since: since, away: false });
      if (message.csrf) csrfToken = message.csrf;
      const wanted = wantedTopics();
      const covered = source && source.readyState !== EventSource.CLOSED && sameSet(wanted, sourceTopics);
      if (covered && since >= bufferFloor) {
        // Already streaming all of it: hand this tab what it missed since its page was rendered.
        recent.forEach(function (event) {
          if (event.id > since && topics.has(event.topic)) port.postMessage(event);
        });
        port.postMessage({ type: "state", state: state });
        if (connection) port.postMessage({ type: "hello", connection: connection });
      } else {
        // New topics, or this page is older than what we hold: reopen from the older point. Tabs that
        // already have those events drop them by id.
        open(Math.min(lastId || since, since));
      }
      sendAway(); // a tab in front on a topic that was away: here again
    }

    function unsubscribe(port) {
      if (!ports.delete(port)) return;
      const wanted = wantedTopics();
      if (wanted.size === 0) {
        // The last tab went: say so now, or the others would see us here until the next heartbeat.
        open(lastId);
      } else if (!sameSet(wanted, sourceTopics)) {
        open(lastId);
      }
      sendAway();
    }

    return {
      /** A message from a tab; the hub answers that tab through `port` (a MessagePort, or anything with postMessage). */
      receive: function (port, message) {
        if (message.type === "subscribe") subscribe(port, message);
        else if (message.type === "unsubscribe") unsubscribe(port);
        else if (message.type === "away") {
          const info = ports.get(port);
          if (info) { info.away = !!message.away; sendAway(); }
        } else if (message.type === "retry") {
          failures = 0;
          open(lastId);
        }
      },
      /** The tab that runs this hub goes: its stream closes with it, and the server hears so at once. */
      close: function () {
        clearTimeout(retryTimer);
        dropPrevious();
        if (source) { source.close(); gone(connection, presence); }
        source = null;
        connection = null;
        presence = null;
        closed = true;
        broadcast({ type: "state", state: "connecting" });
        ports.clear();
      }
    };
  }

  if (typeof SharedWorkerGlobalScope !== "undefined" && scope instanceof SharedWorkerGlobalScope) {
    const hub = createHub();
    scope.addEventListener("connect", function (event) {
      const port = event.ports[0];
      port.addEventListener("message", function (e) { hub.receive(port, e.data); });
      port.start();
    });
  } else {
    scope.hearthLiveHub = createHub;
  }
})(self);
