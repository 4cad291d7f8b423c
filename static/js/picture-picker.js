// The body editor's "Picture" button: pick a picture from the media library, or upload one into
// it, and insert it (with its caption and credit) where the cursor is. The picture's address is
// one of the library's renditions, which the HTML sanitiser keeps and the library recognises.
"use strict";

(function () {
  function pickerUrl(path) {
    // The article form lives at …/articles/article/<id>/change/ or …/articles/article/add/.
    const base = window.location.pathname.replace(/\/articles\/article\/.*$/, "/articles/picture/picker/");
    return base + path;
  }

  function element(tag, attributes, ...children) {
    const node = document.createElement(tag);
    Object.entries(attributes || {}).forEach(([name, value]) => node.setAttribute(name, value));
    children.forEach((child) => node.append(child));
    return node;
  }

  function figureHtml(picture) {
    const figure = element("figure", {}, element("img", { src: picture.src, alt: picture.alt }));
    const words = [picture.caption, picture.credit ? `Picture: ${picture.credit}` : ""].filter(Boolean);
    if (words.length) figure.append(element("figcaption", {}, words.join(" ")));
    return figure.outerHTML;
  }

  function csrfToken() {
    const field = document.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  function buildDialog(editor) {
    const status = element("p", { class: "picture-picker-status", role: "status" });
    const search = element("input", { type: "search", id: "picture-picker-q", name: "q" });
    const results = element("ul", { class: "picture-picker-results" });
    const uploadForm = element("form", { class: "picture-picker-upload" },
      element("h3", {}, "Or upload a new picture into the library"));
    [["file", "Picture file", "file"], ["alt_text", "Alt text (what it shows)", "text"],
      ["caption", "Caption", "text"], ["credit", "Credit", "text"], ["keywords", "Keywords", "text"]]
      .forEach(([name, label, type]) => {
        const id = `picture-picker-${name}`;
        const input = element("input", { type, name, id });
        if (type === "file") input.setAttribute("accept", "image/jpeg,image/png,image/webp,image/gif");
        uploadForm.append(element("p", {}, element("label", { for: id }, label), input));
      });
    uploadForm.append(element("button", { type: "submit" }, "Upload and insert"));
    const close = element("button", { type: "button", class: "picture-picker-close" }, "Close");
    const dialog = element("dialog", { class: "picture-picker", "aria-labelledby": "picture-picker-title" },
      element("h2", { id: "picture-picker-title" }, "Insert a picture from the library"),
      element("p", {}, element("label", { for: "picture-picker-q" }, "Search by caption, credit or keyword"), search),
      results, status, uploadForm, close);

    function insert(picture) {
      editor.chain().focus().insertContent(figureHtml(picture)).run();
      dialog.close();
    }

    async function find() {
      const response = await fetch(pickerUrl(`?q=${encodeURIComponent(search.value)}`), { credentials: "same-origin" });
      const found = (await response.json()).pictures || [];
      results.replaceChildren(...found.map((picture) => {
        const button = element("button", { type: "button", class: "picture-picker-choice" },
          element("img", { src: picture.thumbnail, alt: "", width: "120", height: "90" }), picture.label);
        button.addEventListener("click", () => insert(picture));
        return element("li", {}, button);
      }));
      status.textContent = found.length ? `${found.length} picture(s) found.` : "No picture found.";
    }

    let typing;
    search.addEventListener("input", () => { clearTimeout(typing); typing = setTimeout(find, 250); });
    close.addEventListener("click", () => dialog.close());
    uploadForm.addEventListener("submit", async (event) => {
      event.preventDefault();
      status.textContent = "Uploading…";
      const response = await fetch(pickerUrl("upload/"), {
        method: "POST", body: new FormData(uploadForm), credentials: "same-origin",
        headers: { "X-CSRFToken": csrfToken() },
      });
      const answer = await response.json();
      if (response.ok) {
        uploadForm.reset();
        insert(answer.picture);
      } else {
        // The form keeps the chosen file and what was typed: only the message changes.
        status.textContent = answer.error || Object.entries(answer.errors)
          .map(([field, errors]) => `${field === "__all__" ? "" : `${field.replace("_", " ")}: `}${errors.join(" ")}`)
          .join(" ");
      }
    });
    document.body.append(dialog);
    return { dialog, find };
  }

  document.addEventListener("prose-editor:ready", (event) => {
    const { editor, textarea } = event.detail;
    if (textarea.name !== "body") return;
    const picker = buildDialog(editor);
    const button = element("button", { type: "button", class: "prose-menubar__button picture-picker-open" },
      "Picture from the library");
    button.addEventListener("click", () => { picker.dialog.showModal(); picker.find(); });
    const container = textarea.closest(".prose-editor") || textarea.parentElement;
    // The editor draws its menu bar just after it says it is ready.
    let tries = 0;
    (function placeButton() {
      const menubar = container.querySelector(".prose-menubar:not(.prose-menubar--floating)");
      if (menubar) menubar.append(element("div", { class: "prose-menubar__group" }, button));
      else if (tries++ < 20) requestAnimationFrame(placeButton);
      else container.before(button);
    }());
  });
}());
