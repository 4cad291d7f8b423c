// The "Report an error" form in the article page is the same for every reader (the page comes
// from a shared cache), so its token says nothing of when this reader opened it. When they do,
// a token of their own is fetched, timed from then. Without JavaScript the form still works: its
// first post comes back once on a page of the reader's own, asking them to confirm.
(function () {
  "use strict";
  var form = document.querySelector("form.error-report-form[data-token-url]");
  if (!form || !window.fetch) {
    return;
  }
  var details = form.closest("details");
  var asked = false;

  function askForToken() {
    if (asked || (details && !details.open)) {
      return;
    }
    asked = true;
    fetch(form.dataset.tokenUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (reader) {
        if (reader) {
          form.elements.report_token.value = reader.token;
          form.dataset.readerReady = "true";
        }
      })
      .catch(function () {});
  }

  if (details) {
    details.addEventListener("toggle", askForToken);
  }
  askForToken();
})();
