// The Kanban board: drag and drop, and the cards' "Move…" and up/down controls without a page load.
// Without this file "Move…" is a link to a page with a status select, the up/down buttons post a
// plain form, and the server redirects back to the board.
// All listeners are delegated from the document, so boards swapped in by htmx (boosted navigation,
// the filter form) work without binding anything again, and nothing is ever bound twice.
(function () {
  "use strict";

  window.hearth = window.hearth || {};
  if (window.hearth.board) return;
  window.hearth.board = true;

  let dragging = null; // { card, from, dropped }
  let targetColumn = null;
  // One move at a time, in order: a move names its neighbours, which an earlier move may still be placing.
  let queue = Promise.resolve();

  function element(node) {
    return node && node.nodeType === 1 ? node : node && node.parentElement;
  }

  function cardsIn(list) {
    return Array.prototype.filter.call(list.children, function (child) {
      return child.classList.contains("board-card");
    });
  }

  function listOf(column) {
    return column.querySelector("[data-cards]");
  }

  function columnFor(board, status) {
    return board.querySelector('[data-column][data-status="' + status + '"]');
  }

  /** Where a card is now, to put it back if the server refuses the move. */
  function placeOf(card) {
    return { list: card.parentElement, next: card.nextElementSibling, column: card.closest("[data-column]"),
             board: card.closest("[data-board]") };
  }

  function putBack(card, from) {
    if (from.list) from.list.insertBefore(card, from.next && from.next.parentElement === from.list ? from.next : null);
  }

  // ---- what a card and a column show

  /** After cards moved: each card's status, and the neighbours its up/down buttons would post without script. */
  function refresh(list) {
    if (!list) return;
    const column = list.closest("[data-column]");
    const status = column.dataset.status;
    const cards = cardsIn(list);
    cards.forEach(function (card, index) {
      card.dataset.status = status;
      const order = card.querySelector("[data-board-order]");
      if (!order) return;
      order.querySelector("input[name=status]").value = status;
      step(order.querySelector("button[name=before]"), cards[index - 1]);
      step(order.querySelector("button[name=after]"), cards[index + 1]);
    });
  }

  function step(button, neighbour) {
    if (!button) return;
    button.disabled = !neighbour;
    button.value = neighbour ? neighbour.dataset.taskId : "";
  }

  function count(column, delta) {
    const counter = column && column.querySelector("[data-count]");
    if (!counter) return;
    const value = Math.max(0, Number(counter.dataset.count) + delta);
    counter.dataset.count = String(value);
    // An estimate ("about 200,000") stays an estimate: one card more or less does not make it exact.
    if (counter.dataset.exact === "true") counter.textContent = value.toLocaleString("en");
  }

  function recount(fromColumn, toColumn, sign) {
    if (fromColumn === toColumn) return;
    count(fromColumn, -sign);
    count(toColumn, sign);
  }

  function announce(board, message) {
    const region = board && board.parentElement.querySelector("[data-board-announce]");
    if (region) region.textContent = message;
  }

  function titleOf(card) {
    const title = card.querySelector(".board-card-title");
    return title ? title.textContent.trim() : "The card";
  }

  /** "In progress" for IN_PROGRESS, also when a filtered board has no column for it. */
  function labelOf(board, status) {
    const column = columnFor(board, status);
    const label = column ? column.querySelector("h2")
      : document.querySelector('[data-board-dialog] option[value="' + status + '"]');
    return label ? label.textContent.trim() : status;
  }

  // ---- telling the server

  /** The session's token as the page holds it now (layout/session.jte), the one htmx sends too. */
  function csrfToken() {
    const session = document.getElementById("session");
    return session ? session.dataset.csrfToken || "" : "";
  }

  /** The message of the error toast the server answers a refused htmx request with. */
  function messageFrom(html, status) {
    const toast = new DOMParser().parseFromString(html, "text/html").querySelector(".toast-message");
    const text = toast && toast.textContent.trim();
    return text || "The card could not be moved (HTTP " + status + "). Reload the page and try again.";
  }

  /**
   * Records a move the page already shows. {@code from} is where the card was; the card goes back
   * there, with the counts, when the server says no.
   */
  function send(card, from, status) {
    const to = placeOf(card);
    const form = card.querySelector("[data-board-order]");
    const fields = new URLSearchParams();
    fields.set("status", status);
    if (to.list) {
      let above = card.previousElementSibling;
      while (above && !above.classList.contains("board-card")) above = above.previousElementSibling;
      let below = card.nextElementSibling;
      while (below && !below.classList.contains("board-card")) below = below.nextElementSibling;
      if (above) fields.set("after", above.dataset.taskId);
      if (below) fields.set("before", below.dataset.taskId);
    }
    refresh(from.list);
    if (to.list !== from.list) refresh(to.list);
    recount(from.column, to.column, 1);
    announce(from.board, "Moved “" + titleOf(card) + "” to " + labelOf(from.board, status) + ".");

    const fail = function (message) {
      const now = placeOf(card);
      putBack(card, from);
      refresh(now.list);
      refresh(from.list);
      recount(from.column, now.column, -1);
      window.hearth.toast("error", message);
    };
    queue = queue.then(function () {
      return fetch(form.action, {
        method: "POST",
        credentials: "same-origin",
        headers: { "X-CSRF-Token": csrfToken(), "HX-Request": "true", "HX-Current-URL": window.location.href },
        body: fields
      }).then(function (response) {
        const redirect = response.headers.get("HX-Redirect");
        if (redirect) {
          window.location.href = redirect;
          return;
        }
        if (!response.ok) {
          return response.text().then(function (html) { fail(messageFrom(html, response.status)); });
        }
      }, function () {
        fail("Hearth could not be reached, so the card was put back. Check your connection and try again.");
      });
    });
  }

  // ---- drag and drop

  document.addEventListener("dragstart", function (event) {
    const target = element(event.target);
    const card = target && target.closest(".board-card");
    if (!card || !card.closest("[data-board]")) return;
    dragging = { card: card, from: placeOf(card), dropped: false };
    event.dataTransfer.effectAllowed = "move";
    // Not text/plain: a text field the card passes over must not take it as something typed.
    event.dataTransfer.setData("application/x-hearth-task", card.dataset.taskId);
    // Only after the browser has taken its picture of the card: the picture stays opaque.
    requestAnimationFrame(function () {
      if (dragging && dragging.card === card) card.classList.add("is-dragging");
    });
  });

  document.addEventListener("dragover", function (event) {
    if (!dragging) return;
    const target = element(event.target);
    const column = target && target.closest("[data-column]");
    if (!column || column.closest("[data-board]") !== dragging.from.board) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    if (targetColumn !== column) {
      if (targetColumn) targetColumn.classList.remove("is-drop-target");
      column.classList.add("is-drop-target");
      targetColumn = column;
    }
    const list = listOf(column);
    const below = cardsIn(list).find(function (card) {
      if (card === dragging.card) return false;
      const box = card.getBoundingClientRect();
      return event.clientY < box.top + box.height / 2;
    }) || null;
    if (dragging.card.parentElement !== list || dragging.card.nextElementSibling !== below) {
      list.insertBefore(dragging.card, below);
    }
  });

  document.addEventListener("drop", function (event) {
    if (!dragging) return;
    const target = element(event.target);
    const column = target && target.closest("[data-column]");
    if (!column || column.closest("[data-board]") !== dragging.from.board) return;
    event.preventDefault();
    dragging.dropped = true;
    const card = dragging.card;
    const from = dragging.from;
    if (card.parentElement === from.list && card.nextElementSibling === from.next) return;
    send(card, from, column.dataset.status);
  });

  document.addEventListener("dragend", function () {
    if (!dragging) return;
    dragging.card.classList.remove("is-dragging");
    if (targetColumn) targetColumn.classList.remove("is-drop-target");
    if (!dragging.dropped) putBack(dragging.card, dragging.from);
    dragging = null;
    targetColumn = null;
  });

  // ---- the keyboard's way: "Move…" to another status, and one place up or down

  /** Moves a card to the bottom of the column of {@code status}; off the board when that column is not shown. */
  function moveTo(card, status, opener) {
    const board = card.closest("[data-board]");
    if (status === card.dataset.status) {
      announce(board, "“" + titleOf(card) + "” is already in " + labelOf(board, status) + ".");
      return;
    }
    const from = placeOf(card);
    const column = columnFor(board, status);
    let focus = opener;
    if (column) {
      listOf(column).appendChild(card);
    } else {
      // That status has no column on this (filtered) board: the card leaves it.
      focus = from.next ? from.next.querySelector(".board-card-title") : from.column.querySelector("h2");
      card.remove();
    }
    send(card, from, status);
    focusOn(focus);
  }

  function focusOn(element) {
    if (!element || !element.isConnected) return;
    if (!element.matches("a, button, select, input")) element.setAttribute("tabindex", "-1");
    element.focus();
  }

  let moving = null; // the card and the "Move…" link the dialog was opened from

  document.addEventListener("click", function (event) {
    const target = element(event.target);
    const open = target && target.closest("[data-board-move-open]");
    const dialog = open && open.closest("[data-board]") && document.querySelector("[data-board-dialog]");
    if (dialog && typeof dialog.showModal === "function") {
      event.preventDefault();
      const card = open.closest(".board-card");
      moving = { card: card, opener: open, dialog: dialog };
      dialog.querySelector("[data-board-dialog-task]").textContent = "“" + titleOf(card) + "”";
      dialog.querySelector("select[name=status]").value = card.dataset.status;
      dialog.showModal();
      dialog.querySelector("select[name=status]").focus();
      return;
    }
    if (target && target.closest("[data-board-dialog-close]")) {
      target.closest("dialog").close();
    }
  });

  // Escape, Cancel or a move: the focus goes back to where the dialog was opened from.
  document.addEventListener("close", function (event) {
    if (!moving || event.target !== moving.dialog) return;
    const opener = moving.opener;
    moving = null;
    focusOn(opener);
  }, true);

  document.addEventListener("submit", function (event) {
    const form = event.target;
    if (form.matches("[data-board-dialog-form]")) {
      event.preventDefault();
      if (!moving) return;
      const card = moving.card;
      const opener = moving.opener;
      const dialog = moving.dialog;
      moving = null; // moveTo places the focus, not the close handler
      dialog.close();
      if (card.isConnected) moveTo(card, form.elements.status.value, opener);
      return;
    }
    if (!form.matches("[data-board-order]")) return;
    const card = form.closest(".board-card");
    if (!card || !card.closest("[data-board]")) return;
    event.preventDefault();
    const up = event.submitter && event.submitter.name === "before";
    const from = placeOf(card);
    const cards = cardsIn(from.list);
    const index = cards.indexOf(card);
    const neighbour = cards[up ? index - 1 : index + 1];
    if (!neighbour) return;
    from.list.insertBefore(card, up ? neighbour : neighbour.nextElementSibling);
    send(card, from, card.dataset.status);
    // At the top (or bottom) the button is disabled now: keep the focus on the card anyway.
    focusOn(event.submitter && !event.submitter.disabled ? event.submitter : card.querySelector(".board-card-title"));
  });
})();
