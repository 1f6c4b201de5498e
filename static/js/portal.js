// Small behaviours without inline scripts (the Content-Security-Policy forbids them).
document.addEventListener("click", function (event) {
  const button = event.target.closest("[data-confirm]");
  if (button && !window.confirm(button.dataset.confirm)) {
    event.preventDefault();
  }
});

// The score sheet's running total: the same weighted total the server stores
// (proposals.models.appraisal.weighted_total): 100 × Σ(score × weight) / Σ(max × weight).
function scoreSheetTotal(form) {
  const inputs = form.querySelectorAll("input[data-score-max]");
  let top = 0;
  let bottom = 0;
  let missing = false;
  inputs.forEach(function (input) {
    const max = Number(input.dataset.scoreMax);
    const weight = Number(input.dataset.scoreWeight || "1");
    const text = input.value.trim();
    const value = /^\d+$/.test(text) ? Number(text) : NaN;
    bottom += max * weight;
    if (Number.isNaN(value) || value > max) {
      missing = true;
    } else {
      top += value * weight;
    }
  });
  const total = bottom ? (100 * top) / bottom : 0;
  const shown = form.querySelector("[data-score-total]");
  const verdict = form.querySelector("[data-score-verdict]");
  shown.textContent = total.toFixed(2).replace(".", ",");
  if (missing) {
    verdict.textContent = "(" + verdict.dataset.missingText + ")";
    verdict.className = "ms-1 text-muted";
  } else if (total >= Number(form.dataset.passMark)) {
    verdict.textContent = "· " + verdict.dataset.passText;
    verdict.className = "ms-1 text-success fw-semibold";
  } else {
    verdict.textContent = "· " + verdict.dataset.failText;
    verdict.className = "ms-1 text-danger fw-semibold";
  }
}

document.addEventListener("input", function (event) {
  const form = event.target.closest("form[data-score-sheet]");
  if (form) {
    scoreSheetTotal(form);
  }
});

document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("form[data-score-sheet]").forEach(scoreSheetTotal);
});

// A refused htmx form answers 400 with the form and its messages (a refused amount says what
// was typed and what is expected): show it, as a full page would, instead of dropping it.
document.addEventListener("htmx:beforeSwap", function (event) {
  if (event.detail.xhr && event.detail.xhr.status === 400) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});

// Any other refused or failed htmx request (403 on a dossier submitted from another tab, 404,
// a server error, the network gone) is said where the user acted instead of doing nothing:
// the page's own reason when the answer carries one, else a general message (base.html).
function showHtmxError(event) {
  // The element that sent the request (beforeSwap's own ``elt`` is the swap target).
  const config = event.detail.requestConfig;
  const source = (config && config.elt) || event.detail.elt;
  const place = source.closest("form") || source;
  let text = document.body.dataset.htmxError;
  const xhr = event.detail.xhr;
  if (xhr && xhr.responseText) {
    const answer = new DOMParser().parseFromString(xhr.responseText, "text/html");
    const reason = answer.querySelector("#forbidden-reason, [data-error-reason]");
    if (reason && reason.textContent.trim()) {
      text = reason.textContent.trim().replace(/\s+/g, " ");
    }
  }
  let alert = place.previousElementSibling;
  if (!alert || !alert.classList.contains("htmx-error")) {
    alert = document.createElement("div");
    alert.className = "alert alert-danger htmx-error";
    alert.setAttribute("role", "alert");
    place.parentNode.insertBefore(alert, place);
  }
  alert.textContent = text;
}

// A refusal (403 outside the rules, 404 gone meanwhile) is an answer, not a script error: it is
// shown beside the form and not logged as an error; a server error (5xx) still is.
document.addEventListener("htmx:beforeSwap", function (event) {
  const status = event.detail.xhr ? event.detail.xhr.status : 0;
  if (status > 400 && status < 500 && status !== 422) {
    event.detail.shouldSwap = false;
    event.detail.isError = false;
    showHtmxError(event);
  }
});
document.addEventListener("htmx:responseError", showHtmxError);
document.addEventListener("htmx:sendError", showHtmxError);
