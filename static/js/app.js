// Small progressive enhancements. Every page works without this file.
(function () {
  "use strict";

  const TOAST_MS = 6000;
  const UNDO_MS = 5000;

  // Bulk selection: the header box selects the visible rows, the bar counts what is selected.
  function updateBulk(form) {
    const boxes = form.querySelectorAll('input[name="ids"]');
    const checked = form.querySelectorAll('input[name="ids"]:checked').length;
    const matching = form.querySelector("[data-select-matching]");
    const all = matching && matching.checked;
    const count = form.querySelector("[data-selected-count]");
    if (count) count.textContent = all ? matching.parentElement.textContent.trim().replace(/^Select /, "") : String(checked);
    const pageBox = form.querySelector("[data-select-page]");
    if (pageBox) {
      pageBox.checked = boxes.length > 0 && checked === boxes.length;
      pageBox.indeterminate = checked > 0 && checked < boxes.length;
    }
    const bar = form.querySelector("[data-bulk-bar]");
    if (bar) bar.dataset.empty = String(!all && checked === 0);
  }

  document.addEventListener("change", function (event) {
    const form = event.target.closest("form[data-bulk]");
    if (!form) return;
    if (event.target.matches("[data-select-page]")) {
      form.querySelectorAll('input[name="ids"]').forEach(function (box) { box.checked = event.target.checked; });
    }
    if (event.target.matches('input[name="ids"]') && !event.target.checked) {
      const matching = form.querySelector("[data-select-matching]");
      if (matching) matching.checked = false;
    }
    if (event.target.matches("[data-select-matching]") && event.target.checked) {
      form.querySelectorAll('input[name="ids"]').forEach(function (box) { box.checked = true; });
    }
    updateBulk(form);
  });

  document.addEventListener("submit", function (event) {
    const form = event.target.closest("form[data-bulk]");
    if (!form) return;
    const matching = form.querySelector("[data-select-matching]");
    if ((!matching || !matching.checked) && form.querySelectorAll('input[name="ids"]:checked').length === 0) {
      event.preventDefault();
      window.hearth.toast("error", "Select at least one row first.");
    }
  }, true);

  function initBulk(root) {
    root.querySelectorAll("form[data-bulk]").forEach(updateBulk);
  }

  function armToasts(root) {
    root.querySelectorAll(".toast:not([data-armed])").forEach(function (toast) {
      toast.dataset.armed = "1";
      if (toast.classList.contains("toast-undo")) {
        setTimeout(function () { toast.remove(); }, UNDO_MS);
      } else if (!toast.classList.contains("toast-error")) {
        setTimeout(function () { toast.remove(); }, TOAST_MS);
      }
    });
  }

  window.hearth = window.hearth || {};
  window.hearth.toast = function (kind, message) {
    const toasts = document.getElementById("toasts");
    if (!toasts) return;
    const toast = document.createElement("div");
    toast.className = "toast toast-" + kind;
    toast.setAttribute("role", kind === "error" ? "alert" : "status");
    const text = document.createElement("span");
    text.className = "toast-message";
    text.textContent = message;
    const close = document.createElement("button");
    close.type = "button";
    close.className = "toast-close";
    close.setAttribute("data-dismiss", "");
    close.setAttribute("aria-label", "Dismiss");
    close.textContent = "×";
    toast.append(text, close);
    toasts.append(toast);
    armToasts(toasts);
  };

  document.addEventListener("click", function (event) {
    const dismiss = event.target.closest("[data-dismiss]");
    if (dismiss) {
      dismiss.closest(".toast")?.remove();
      return;
    }
    const copy = event.target.closest("[data-copy]");
    if (copy) {
      const field = document.querySelector(copy.getAttribute("data-copy"));
      if (!field) return;
      field.select();
      const done = function () { copy.textContent = "Copied"; setTimeout(function () { copy.textContent = "Copy link"; }, 2000); };
      if (navigator.clipboard) {
        navigator.clipboard.writeText(field.value).then(done, function () { document.execCommand("copy"); done(); });
      } else {
        document.execCommand("copy");
        done();
      }
    }
  });

  // A filter's finder refreshes its own choices as one types. Its change on blur must not reach the
  // filter form, which would refresh the results it does not filter (on the board, under a card
  // being dragged).
  document.addEventListener("change", function (event) {
    if (event.target.matches && event.target.matches("[data-filter-find]")) event.stopPropagation();
  }, true);

  // Close the organization switcher when clicking elsewhere.
  document.addEventListener("click", function (event) {
    document.querySelectorAll("details.switcher[open]").forEach(function (details) {
      if (!details.contains(event.target)) details.removeAttribute("open");
    });
  });

  // Every htmx request carries the session's CSRF token, read from the page as it is now.
  document.addEventListener("htmx:configRequest", function (event) {
    const session = document.getElementById("session");
    if (session && session.dataset.csrfToken) {
      event.detail.headers["X-CSRF-Token"] = session.dataset.csrfToken;
    }
  });

  document.addEventListener("htmx:sendError", function () {
    window.hearth.toast("error", "Hearth could not be reached. Check your connection and try again.");
  });

  document.addEventListener("htmx:afterSettle", function () { armToasts(document); initBulk(document); });
  // A list refreshed live keeps its ticked rows (live.js): the bar must count them again.
  document.addEventListener("hearth:live-refreshed", function (event) { initBulk(event.target); });
  document.addEventListener("DOMContentLoaded", function () { armToasts(document); initBulk(document); });
})();
