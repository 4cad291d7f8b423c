// The moderation desk in place: its forms are sent with fetch (the server answers JSON when asked),
// the queue updates without a reload, and the keyboard drives it (j/k, one key per decision, ?).
// Without JavaScript the same forms post and come back to the desk.
(function () {
  "use strict";
  var desk = document.querySelector(".desk[data-undo-url]");
  if (!desk || !window.fetch) {
    return;
  }
  var list = desk.querySelector(".desk-list");
  var statusBox = document.getElementById("desk-status");
  var heading = document.getElementById("desk-heading");
  var empty = desk.querySelector(".desk-empty");
  var keys = document.getElementById("desk-keys");
  var csrfInput = desk.querySelector("input[name=csrfmiddlewaretoken]");
  var csrfToken = csrfInput ? csrfInput.value : "";
  var lastRemoved = null;  // {id, next}: where the last row that left the queue was
  var busy = false;

  function rows() {
    return Array.prototype.slice.call(list.querySelectorAll(":scope > .desk-item"));
  }

  function current() {
    return list.querySelector(":scope > .desk-item[aria-current=true]");
  }

  function select(row, focus) {
    rows().forEach(function (other) {
      other.removeAttribute("aria-current");
      other.tabIndex = -1;
    });
    if (!row) {
      empty.hidden = rows().length > 0;
      if (focus) {
        heading.focus();
      }
      return;
    }
    row.setAttribute("aria-current", "true");
    row.tabIndex = 0;
    if (focus) {
      row.focus();
    }
  }

  function move(step) {
    var all = rows();
    if (!all.length) {
      return;
    }
    if (!list.contains(document.activeElement)) {
      select(current() || all[0], true);  // the first key press comes to the queue where it was
      return;
    }
    var index = all.indexOf(current());
    var next = index < 0 ? 0 : Math.min(Math.max(index + step, 0), all.length - 1);
    select(all[next], true);
  }

  function rowFrom(html) {
    var holder = document.createElement("ol");
    holder.innerHTML = html.trim();
    return holder.firstElementChild;
  }

  function say(text, withUndo) {
    statusBox.textContent = "";
    var line = document.createElement("span");
    line.textContent = text + (text.slice(-1) === "." ? "" : ".");
    statusBox.appendChild(line);
    if (withUndo) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "button";
      button.textContent = "Undo";
      button.dataset.key = "u";
      button.addEventListener("click", undo);
      statusBox.appendChild(document.createTextNode(" "));
      statusBox.appendChild(button);
    }
  }

  function updateCounts(counts) {
    Object.keys(counts).forEach(function (queue) {
      var badge = desk.querySelector("[data-count=" + queue + "]");
      if (badge) {
        badge.textContent = counts[queue];
      }
    });
  }

  function post(url, body) {
    busy = true;
    return fetch(url, {
      method: "POST", body: body, credentials: "same-origin",
      headers: {"Accept": "application/json", "X-CSRFToken": csrfToken},
    }).then(function (response) {
      return response.json().then(function (answer) {
        if (!response.ok) {
          throw new Error(answer.error || "The desk could not do that.");
        }
        return answer;
      });
    }).finally(function () {
      busy = false;
    });
  }

  function failed(error) {
    say(error.message || "The desk could not be reached. Try again.", false);
  }

  function send(form) {
    if (busy) {
      return;
    }
    var row = form.closest(".desk-item");
    post(form.action, new FormData(form)).then(function (answer) {
      updateCounts(answer.counts);
      var fresh = rowFrom(answer.html);
      if (answer.stays) {
        row.replaceWith(fresh);
        lastRemoved = null;
        select(fresh, true);
      } else {
        var next = row.nextElementSibling || row.previousElementSibling;
        lastRemoved = {next: row.nextElementSibling};
        row.remove();
        select(next, true);
      }
      say(answer.message, true);
    }).catch(failed);
  }

  function undo() {
    if (busy) {
      return;
    }
    var body = new FormData();
    body.append("csrfmiddlewaretoken", csrfToken);
    post(desk.dataset.undoUrl, body).then(function (answer) {
      updateCounts(answer.counts);
      var shown = document.getElementById("desk-" + answer.comment);
      var fresh = rowFrom(answer.html);
      if (shown && answer.stays) {
        shown.replaceWith(fresh);
      } else if (shown) {
        shown.remove();
        fresh = null;
      } else if (answer.stays) {
        var before = lastRemoved && lastRemoved.next && lastRemoved.next.parentNode === list ? lastRemoved.next : null;
        list.insertBefore(fresh, before);
      } else {
        fresh = null;
      }
      lastRemoved = null;
      select(fresh || current() || rows()[0], true);
      say(answer.message, false);
    }).catch(failed);
  }

  desk.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.classList.contains("desk-action")) {
      event.preventDefault();
      send(form);
    } else if (form.classList.contains("desk-undo")) {
      event.preventDefault();
      undo();
    }
  });

  desk.addEventListener("focusin", function (event) {
    var row = event.target.closest && event.target.closest(".desk-item");
    if (row && row !== current()) {
      select(row, false);
    }
  });

  function typing(target) {
    return target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName);
  }

  function decide(key) {
    var row = current();
    var button = row && row.querySelector(".desk-actions [data-key=" + key + "]");
    if (button) {
      button.form.requestSubmit(button);
    }
  }

  // Reply and Ban each open a small form in the row (a <details>), its first box focused.
  function openForm(kind) {
    var row = current();
    var details = row && row.querySelector("details.desk-" + kind);
    if (details) {
      details.open = true;
      details.querySelector("textarea, input:not([type=hidden])").focus();
    }
  }

  document.addEventListener("keydown", function (event) {
    var replying = event.target.closest && event.target.closest("details.desk-reply, details.desk-ban");
    if (event.key === "Escape" && replying) {
      event.preventDefault();
      replying.open = false;
      select(replying.closest(".desk-item"), true);
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target) || (keys && keys.open)) {
      return;
    }
    var actions = {
      j: function () { move(1); },
      k: function () { move(-1); },
      a: function () { decide("a"); },
      x: function () { decide("x"); },
      s: function () { decide("s"); },
      f: function () { decide("f"); },
      r: function () { openForm("reply"); },
      b: function () { openForm("ban"); },
      u: undo,
      "?": function () { keys.showModal(); },
    };
    var action = actions[event.key];
    if (action) {
      event.preventDefault();
      action();
    }
  });

  select(rows()[0], false);
})();
