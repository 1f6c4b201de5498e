// Date inputs (data-date): shown and typed as dd/mm/yyyy whatever the browser's locale, with
// the vendored flatpickr calendar in Vietnamese. What is posted is what the user sees; the
// server reads dd/mm/yyyy (khuyencong/forms_date.py). No inline script: the
// Content-Security-Policy forbids them, so inputs are found by their data attribute, on page
// load and whenever htmx swaps new content in.
(function () {
  "use strict";

  var DAY_MONTH_YEAR = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;
  var ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

  // A strict reading: 31/02/2026 is no date (never 3 March), mm/dd is never tried.
  function strictDate(text) {
    var value = (text || "").trim();
    var parts = DAY_MONTH_YEAR.exec(value);
    var day, month, year;
    if (parts) {
      day = +parts[1];
      month = +parts[2];
      year = +parts[3];
    } else if ((parts = ISO.exec(value))) {
      year = +parts[1];
      month = +parts[2];
      day = +parts[3];
    } else {
      return undefined;
    }
    var date = new Date(year, month - 1, day);
    if (date.getFullYear() !== year || date.getMonth() !== month - 1 || date.getDate() !== day) {
      return undefined;
    }
    return date;
  }

  function attach(input) {
    // The text the user typed since the calendar last set the value: kept as typed when it is
    // not a date, so the server refuses it with its message instead of the picker clearing it.
    var typed = null;
    var picker = window.flatpickr(input, {
      locale: window.flatpickr.l10ns.vn || "default",
      dateFormat: "d/m/Y",
      allowInput: true,
      disableMobile: true,
      parseDate: strictDate,
      onChange: function (selected) {
        if (selected.length) {
          typed = null;
        }
      },
    });
    input.addEventListener("input", function () {
      typed = input.value;
    });
    // Registered after flatpickr's own blur handler, so it runs after it.
    input.addEventListener("blur", function () {
      if (typed === null) {
        return;
      }
      var date = strictDate(typed);
      if (date) {
        picker.setDate(date, false);
      } else if (input.value !== typed) {
        input.value = typed;
      }
    });
    return picker;
  }

  function init(root) {
    if (typeof window.flatpickr === "undefined") {
      return;
    }
    var inputs = root.querySelectorAll ? root.querySelectorAll("input[data-date]") : [];
    if (root.matches && root.matches("input[data-date]")) {
      inputs = [root];
    }
    Array.prototype.forEach.call(inputs, function (input) {
      if (input._flatpickr) {
        return;
      }
      attach(input);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    init(document);
  });
  document.addEventListener("htmx:load", function (event) {
    init(event.target || document);
  });
})();
