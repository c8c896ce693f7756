// A support conversation's page: tells the server what a visible tab has shown (read receipts), keeps
// the "Seen" marks in step with the conversation's state as it changes live, keeps the newest message
// in view, and refuses a file that is too large before it is uploaded. The page works without this file.
(function () {
  "use strict";

  function page() { return document.querySelector("[data-support-conversation]"); }
  function thread(root) { return root.querySelector(".support-thread"); }
  function state(root) { return document.getElementById("support-state-" + root.dataset.supportConversation); }
  function csrf() { const s = document.getElementById("session"); return s ? s.dataset.csrfToken : ""; }

  let reported = 0; // the newest message this page has reported as read

  /** The member has seen everything in the thread once the tab is visible: say so, once per new message. */
  function markRead() {
    const root = page();
    if (!root || document.visibilityState !== "visible") return;
    const list = thread(root);
    const box = state(root);
    if (!list || !box) return;
    let newest = 0;
    list.querySelectorAll("[data-message-id]").forEach(function (m) { newest = Math.max(newest, Number(m.dataset.messageId)); });
    if (newest <= Number(box.dataset.userReadThrough) || newest <= reported) return;
    reported = newest;
    fetch(root.dataset.receiptUrl, { method: "POST", credentials: "same-origin", headers: { "X-CSRF-Token": csrf() },
      body: new URLSearchParams({ through: String(newest) }) }).catch(function () { reported = 0; });
  }

  /** "Seen" on a member's message once support read it, on a reply once the member did. */
  function updateReceipts() {
    const root = page();
    if (!root) return;
    const box = state(root);
    if (!box) return;
    const agents = Number(box.dataset.agentReadThrough) || 0;
    const user = Number(box.dataset.userReadThrough) || 0;
    root.querySelectorAll("[data-message-id]").forEach(function (message) {
      const receipt = message.querySelector("[data-receipt]");
      if (!receipt) return;
      const seen = Number(message.dataset.messageId) <= (message.dataset.kind === "user" ? agents : user);
      receipt.dataset.seen = String(seen);
      receipt.textContent = seen ? "Seen" : "Sent";
    });
  }

  let pinned = true;
  function scrollToEnd() {
    const root = page();
    const list = root && thread(root);
    if (list && pinned) list.scrollTop = list.scrollHeight;
  }
  document.addEventListener("scroll", function (event) {
    const list = event.target;
    if (list && list.classList && list.classList.contains("support-thread")) {
      pinned = list.scrollHeight - list.scrollTop - list.clientHeight < 80;
    }
  }, true);

  function refresh() {
    updateReceipts();
    scrollToEnd();
    markRead();
  }

  document.addEventListener("hearth:live-fragment", refresh);
  document.addEventListener("visibilitychange", markRead);
  document.addEventListener("htmx:afterSettle", function () { pinned = true; reported = 0; refresh(); });
  document.addEventListener("DOMContentLoaded", function () { pinned = true; refresh(); });

  // A file past the limit would be refused by the server only after its upload: refuse it here at once.
  document.addEventListener("change", function (event) {
    const input = event.target;
    if (!input.matches || !input.matches("input[type=file][data-max-bytes]")) return;
    const max = Number(input.dataset.maxBytes);
    const tooLarge = Array.from(input.files || []).filter(function (f) { return f.size > max; });
    if (tooLarge.length === 0) return;
    input.value = "";
    window.hearth.toast("error", "“" + tooLarge[0].name + "” is larger than " + Math.round(max / 1048576)
      + " MB, the most a file may have. Choose a smaller file.");
  });
})();

// The support console: announces new member messages (a toast, a sound when the agent turned it on, a
// browser notification when the tab is in the background and the agent allowed them), and puts canned
// replies into the reply box where the cursor is. The console works without this file.
(function () {
  "use strict";

  const SOUND_KEY = "hearth.support.sound";
  let since = 0;              // the newest message when the page was rendered: older ones are not news
  const announced = new Set(); // message ids this tab has announced

  function soundOn() {
    try { return localStorage.getItem(SOUND_KEY) === "on"; } catch (e) { return false; }
  }

  function setUp() {
    const pulse = document.getElementById("support-pulse");
    if (pulse && pulse.dataset.since) since = Math.max(since, Number(pulse.dataset.since) || 0);
    document.querySelectorAll("[data-console-alerts]").forEach(function (alerts) {
      alerts.hidden = false;
      showSound(alerts.querySelector("[data-support-sound]"));
      showNotify(alerts.querySelector("[data-support-notify]"));
    });
  }

  function showSound(button) {
    if (!button) return;
    const on = soundOn();
    button.textContent = on ? "Sound on" : "Sound off";
    button.setAttribute("aria-pressed", String(on));
  }

  /** The button asks for permission only when clicked, and only while the browser has not been asked. */
  function showNotify(button) {
    if (!button) return;
    button.hidden = !("Notification" in window) || Notification.permission !== "default";
  }

  document.addEventListener("click", function (event) {
    const sound = event.target.closest("[data-support-sound]");
    if (sound) {
      try { localStorage.setItem(SOUND_KEY, soundOn() ? "off" : "on"); } catch (e) { /* private mode: stays off */ }
      showSound(sound);
      if (soundOn()) ring();
      return;
    }
    const notify = event.target.closest("[data-support-notify]");
    if (notify && "Notification" in window) {
      Notification.requestPermission().then(function () { showNotify(notify); });
    }
  });

  // --- announcing ---

  document.addEventListener("hearth:live-replaced", function (event) {
    if (event.target.id !== "support-pulse") return;
    event.target.querySelectorAll("[data-message]").forEach(function (item) {
      const id = Number(item.dataset.message) || 0;
      if (id <= since || announced.has(id)) return;
      announced.add(id);
      announce(item.dataset);
    });
  });

  function announce(item) {
    const title = item.first === "true" ? "New conversation from " + item.member : "New message from " + item.member;
    const text = item.first === "true" ? item.subject : item.preview;
    window.hearth.toast("info", title + ": " + text);
    if (soundOn()) ring();
    if (document.visibilityState === "hidden" && "Notification" in window && Notification.permission === "granted") {
      const notification = new Notification(title, { body: text, tag: "support-" + item.conversation });
      notification.addEventListener("click", function () {
        window.focus();
        location.href = "/admin/support/" + item.conversation;
      });
    }
  }

  let audio = null;
  /** A short two-tone chime, made on the spot: no sound file to load. */
  function ring() {
    const Context = window.AudioContext || window.webkitAudioContext;
    if (!Context) return;
    try {
      audio = audio || new Context();
      [880, 1320].forEach(function (frequency, i) {
        const start = audio.currentTime + i * 0.12;
        const tone = audio.createOscillator();
        const volume = audio.createGain();
        tone.frequency.value = frequency;
        volume.gain.setValueAtTime(0.12, start);
        volume.gain.exponentialRampToValueAtTime(0.001, start + 0.25);
        tone.connect(volume).connect(audio.destination);
        tone.start(start);
        tone.stop(start + 0.25);
      });
    } catch (e) { /* no audio here */ }
  }

  // --- canned replies: filled in on the server, inserted here at the cursor ---

  document.addEventListener("submit", function (event) {
    const form = event.target.closest("form[data-canned-insert]");
    if (!form) return;
    const option = form.querySelector("select option:checked");
    const box = document.getElementById("field-body");
    if (!option || !box) return;
    // Caught on the way down, before htmx's boost can turn the submit into a page load.
    event.preventDefault();
    event.stopPropagation();
    const text = option.dataset.text || "";
    const start = box.selectionStart ?? box.value.length;
    const end = box.selectionEnd ?? box.value.length;
    box.value = box.value.slice(0, start) + text + box.value.slice(end);
    box.focus();
    box.selectionStart = box.selectionEnd = start + text.length;
  }, true);

  document.addEventListener("DOMContentLoaded", setUp);
  document.addEventListener("htmx:afterSettle", setUp);
})();
