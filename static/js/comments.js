// The article page is the same for every reader (it comes from a shared cache). What belongs to
// this reader alone is asked for here and filled in: a form token of their own (so the form's
// age counts from now), the details they asked this browser to remember, their comments
// still waiting for a moderator, and an Edit link on those they may still edit. Without
// JavaScript the page works as it is.
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

  function editInPlace(comment, link) {
    var article = link.closest("article");
    var body = article.querySelector(".comment-body");
    var editor = document.createElement("form");
    editor.method = "post";
    editor.action = comment.url;
    editor.className = "comment-form comment-edit-form";
    var label = document.createElement("label");
    label.htmlFor = "comment-edit-" + comment.id;
    label.textContent = "Your comment";
    var text = document.createElement("textarea");
    text.id = label.htmlFor;
    text.name = "body";
    text.rows = 6;
    text.maxLength = 5000;
    text.className = "form-control";
    text.value = comment.body;
    var buttons = document.createElement("p");
    var save = document.createElement("button");
    save.type = "submit";
    save.textContent = "Save changes";
    var cancel = document.createElement("button");
    cancel.type = "button";
    cancel.textContent = "Cancel";
    cancel.addEventListener("click", function () {
      editor.remove();
      body.hidden = false;
      link.parentNode.hidden = false;
      link.focus();
    });
    buttons.append(save, " ", cancel);
    editor.append(label, text, buttons);
    body.hidden = true;
    link.parentNode.hidden = true;
    body.after(editor);
    text.focus();
  }

  // The reader's own comments they may still edit: an Edit link that opens the form in place
  // (it posts to the same private edit page that works without JavaScript).
  function offerEdits(comments) {
    comments.forEach(function (comment) {
      var article = document.querySelector("#comment-" + comment.id + " > article");
      if (!article) {
        return;
      }
      var link = article.querySelector(".comment-edit-link a");
      if (!link) {
        var holder = document.createElement("p");
        holder.className = "comment-edit-link";
        link = document.createElement("a");
        link.href = comment.url;
        link.textContent = "Edit";
        link.setAttribute("aria-label", "Edit your comment");
        holder.appendChild(link);
        article.querySelector(".comment-body").after(holder);
      }
      link.addEventListener("click", function (event) {
        event.preventDefault();
        editInPlace(comment, link);
      });
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
      offerEdits(reader.editable || []);
    })
    .catch(function () {});
})();
