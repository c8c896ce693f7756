// Small progressive enhancements. Every page works without this file.
(function () {
  "use strict";

  const TOAST_MS = 6000;

  function armToasts(root) {
    root.querySelectorAll(".toast:not([data-armed])").forEach(function (toast) {
      toast.dataset.armed = "1";
      if (!toast.classList.contains("toast-error")) {
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

  document.addEventListener("htmx:afterSettle", function () { armToasts(document); });
  document.addEventListener("DOMContentLoaded", function () { armToasts(document); });
})();
