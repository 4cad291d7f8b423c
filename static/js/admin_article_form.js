// Names for the article form's widgets that come without one (axe): the rich-text editor's
// editable area and the admin's select2 boxes. Both are drawn by scripts after the page loads,
// so they are named as they appear.
(function () {
  "use strict";

  function labelText(element) {
    var label = element.id && document.querySelector('label[for="' + element.id + '"]');
    if (label) {
      return label.textContent.replace(/:\s*$/, "").trim();
    }
    var cell = element.closest("td[class*='field-']");
    var column = cell && cell.className.match(/field-([\w]+)/);
    return column ? column[1].replace(/_/g, " ") : element.name;
  }

  function nameWidgets() {
    document.querySelectorAll(".ProseMirror[contenteditable]:not([aria-label])").forEach(function (editor) {
      var row = editor.closest(".form-row");
      var label = row && row.querySelector("label");
      editor.setAttribute("aria-label", label ? label.textContent.replace(/:\s*$/, "").trim() : "Body");
    });
    document.querySelectorAll("select.select2-hidden-accessible").forEach(function (select) {
      var box = select.nextElementSibling;
      if (!box) {
        return;
      }
      var name = labelText(select);
      box.querySelectorAll(".select2-selection:not([aria-label]), .select2-search__field:not([aria-label]), " +
                           ".select2-selection__rendered[role=textbox]:not([aria-label])")
        .forEach(function (part) {
          part.removeAttribute("aria-labelledby");
          part.setAttribute("aria-label", name);
        });
    });
  }

  new MutationObserver(nameWidgets).observe(document.documentElement, { childList: true, subtree: true });
  document.addEventListener("DOMContentLoaded", nameWidgets);
})();
