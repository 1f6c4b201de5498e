// The audit log's actor box (issue 14): Tom Select asks the server for at most 20 users whose
// name or username contains what is typed (without diacritics), instead of listing every user.
// No inline script (the CSP forbids it): the select is found by its class.
(function () {
  "use strict";

  function init(select) {
    if (select.tomselect || typeof TomSelect === "undefined") {
      return;
    }
    new TomSelect(select, {
      valueField: "value",
      labelField: "text",
      searchField: [],
      maxOptions: 20,
      loadThrottle: 250,
      // The empty choice ("every user") is the placeholder; the cross clears a choice.
      allowEmptyOption: false,
      plugins: { clear_button: { title: select.dataset.clearTitle || "" } },
      placeholder: select.dataset.placeholder || "",
      shouldLoad: function (query) {
        return query.length >= 1;
      },
      load: function (query, callback) {
        var url = select.dataset.url + "?q=" + encodeURIComponent(query.normalize("NFC"));
        fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
          .then(function (response) {
            return response.ok ? response.json() : { results: [] };
          })
          .then(function (data) {
            callback(data.results);
          })
          .catch(function () {
            callback();
          });
      },
    });
  }

  function start() {
    document.querySelectorAll("select.js-actor-autocomplete").forEach(init);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
