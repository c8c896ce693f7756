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
