// The assistant's page: keeps the newest message in view while an answer streams (unless the reader
// scrolled up), sends with Enter (Shift+Enter for a new line), copies answers, and marks the
// conversation shown in the list. The page works without this file.
(function () {
  "use strict";

  function thread() { return document.querySelector(".thread"); }

  let pinned = true; // whether the reader is at the bottom of the thread
  let shownThread = null; // the thread `pinned` is about: a new one (page, conversation, own question) starts at its end
  function nearBottom(element) { return element.scrollHeight - element.scrollTop - element.clientHeight < 80; }

  function scrollToEnd() {
    const list = thread();
    if (list && pinned) list.scrollTop = list.scrollHeight;
  }

  document.addEventListener("scroll", function (event) {
    if (event.target === thread()) pinned = nearBottom(event.target);
  }, true);

  function prepare() {
    const page = document.querySelector(".assistant");
    if (!page) return;
    const current = page.dataset.conversationId;
    document.querySelectorAll(".conversation-item").forEach(function (item) {
      const link = item.querySelector("a");
      if (link) link.setAttribute("aria-current", item.dataset.conversationId === current ? "page" : "false");
    });
    document.querySelectorAll("[data-copy]").forEach(function (button) {
      if (navigator.clipboard) button.hidden = false;
    });
    // Live changes (an answer finishing, the list) keep the reader where they are; only a thread that
    // was just put on the page starts at its end.
    if (thread() !== shownThread) {
      shownThread = thread();
      pinned = true;
    }
    scrollToEnd();
  }

  document.addEventListener("click", function (event) {
    const button = event.target.closest("[data-copy]");
    if (!button || !navigator.clipboard) return;
    navigator.clipboard.writeText(button.dataset.copy).then(function () {
      const label = button.textContent;
      button.textContent = "Copied";
      setTimeout(function () { button.textContent = label; }, 1500);
    }).catch(function () {});
  });

  document.addEventListener("keydown", function (event) {
    const field = event.target.closest && event.target.closest("[data-composer]");
    if (!field || event.key !== "Enter" || event.shiftKey || event.isComposing) return;
    event.preventDefault();
    if (field.value.trim() && field.form) field.form.requestSubmit();
  });

  document.addEventListener("hearth:text-grew", scrollToEnd);
  document.addEventListener("hearth:live-fragment", function () { prepare(); });
  document.addEventListener("hearth:live-refreshed", prepare);
  document.addEventListener("hearth:live-replaced", prepare); // e.g. an answer re-read after a gap, now finished
  document.addEventListener("htmx:afterSettle", function () {
    prepare();
    const field = document.querySelector("[data-composer]");
    if (field && !field.value) field.focus();
  });
  document.addEventListener("DOMContentLoaded", prepare);
})();
