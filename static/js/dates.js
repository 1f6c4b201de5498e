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
    var picker = window.flatpickr(input, {
      locale: window.flatpickr.l10ns.vn || "default",
      dateFormat: "d/m/Y",
      allowInput: true,
      disableMobile: true, // a phone's own date input would show the phone's locale
      parseDate: strictDate,
      errorHandler: function (error) {
        // Text that is no date is expected (the server refuses it); anything else is not.
        if (!/^Invalid date provided/.test(error.message)) {
          window.console.error(error);
        }
      },
    });
    // flatpickr re-reads the typed text on blur, Enter, a click or a focus elsewhere, and
    // clears the input when it is no date. Such text is left exactly as typed instead, for
    // the server to refuse with its message; a valid or empty text goes through as usual.
    var setDate = picker.setDate;
    picker.setDate = function (date) {
      if (typeof date === "string" && date.trim() !== "" && !strictDate(date)) {
        return undefined;
      }
      return setDate.apply(picker, arguments);
    };
    // A whole date typed (or pasted, or filled in by the browser): take it and close the
    // calendar, which would otherwise stay open over what follows (often the submit button).
    input.addEventListener("input", function (event) {
      var date = event.isTrusted && strictDate(input.value);
      if (date) {
        picker.setDate(date, false);
        picker.close();
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
