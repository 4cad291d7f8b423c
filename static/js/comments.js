// The article page is the same for every reader (it comes from a shared cache). What belongs to
// this reader alone is asked for here and filled in: a form token of their own (so the form's
// age counts from now), the details they asked this browser to remember, and their comments
// still waiting for a moderator. Without JavaScript the page works as it is.
(function () {
  "use strict";
  var form = document.querySelector("form.comment-form[data-reader-url]");
  if (!form || !window.fetch) {
    return;
  }

  function fill(details) {
    Object.keys(details).forEach(function (name) {
      var field = form.elements[name];
      if (field && !field.value) {
        field.value = details[name];
      }
    });
    if (form.elements.remember) {
      form.elements.remember.checked = true;
    }
  }

  function listFor(parentId) {
    var parent = parentId && document.getElementById("comment-" + parentId);
    var list = parent ? parent.querySelector(":scope > ol.comment-children") : document.querySelector("ol.comment-list");
    if (!list) {
      list = document.createElement("ol");
      list.className = parent ? "comment-children" : "comment-list";
      if (parent) {
        parent.appendChild(list);
      } else {
        document.getElementById("respond").before(list);
      }
    }
    return list;
  }

  function showWaiting(comments) {
    comments.forEach(function (comment) {
      if (document.getElementById("comment-" + comment.id)) {
        return;
      }
      var holder = document.createElement("ol");
      holder.innerHTML = comment.html; // rendered by our own template, every reader value escaped
      listFor(comment.parent).appendChild(holder.firstElementChild);
    });
  }

  fetch(form.dataset.readerUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
    .then(function (response) {
      return response.ok ? response.json() : null;
    })
    .then(function (reader) {
      if (!reader) {
        return;
      }
      form.elements.token.value = reader.token;
      form.dataset.readerReady = "true";
      if (reader.details) {
        fill(reader.details);
      }
      showWaiting(reader.waiting || []);
    })
    .catch(function () {});
})();
