// Money inputs (data-money): group the digits with dots as the user types, "12.500.000".
// What is posted is what the user sees; the server reads it with parse_vnd. No inline script:
// the Content-Security-Policy forbids them, so inputs are found by their data attribute, on
// page load and whenever htmx swaps new content in (the cost-line rows).
(function () {
  "use strict";

  function options(input) {
    return {
      digitGroupSeparator: ".",
      decimalCharacter: ",",
      decimalCharacterAlternative: null,
      decimalPlaces: 0,
      minimumValue: "0",
      maximumValue: input.dataset.moneyMax || "1000000000000000",
      formatOnPageLoad: true,
      unformatOnSubmit: false,
      modifyValueOnWheel: false,
      emptyInputBehavior: "focus",
      watchExternalChanges: true,
      selectOnFocus: false,
    };
  }

  function readable(value) {
    // Only a plain or dot-grouped whole number is handed to the library; anything else is
    // left untouched for the server to refuse with its message.
    return value === "" || /^(\d+|\d{1,3}(\.\d{3})+)$/.test(value);
  }

  function init(root) {
    if (typeof window.AutoNumeric === "undefined") {
      return;
    }
    root.querySelectorAll("input[data-money]").forEach(function (input) {
      if (input.dataset.moneyReady || !readable(input.value.trim())) {
        return;
      }
      input.dataset.moneyReady = "1";
      const digits = input.value.trim().replace(/\./g, "");
      const numeric =
        digits === ""
          ? new window.AutoNumeric(input, options(input))
          : new window.AutoNumeric(input, digits, options(input));
      // A value set without keystrokes (browser autofill, a drop, a test's fill()) bypasses
      // the library, which would otherwise restore its own last value on blur: a different
      // number from the one the user sees. Take the new text in, or, if it is not a plain
      // grouped number, let it stand as typed so the server refuses it with its message.
      let active = true;
      function release() {
        active = false;
        numeric.remove();
        delete input.dataset.moneyReady;
      }
      input.addEventListener("input", function () {
        if (!active) {
          return;
        }
        const text = input.value.trim();
        if (!readable(text)) {
          release();
          return;
        }
        const typed = text.replace(/\./g, "");
        if (typed !== numeric.getNumericString()) {
          try {
            numeric.set(typed === "" ? null : typed);
          } catch (error) {
            // Out of the field's range: keep the text, the server says what is wrong.
            input.value = text;
            release();
          }
        }
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    init(document);
  });
  document.addEventListener("htmx:load", function (event) {
    init(event.target || document);
  });
})();
