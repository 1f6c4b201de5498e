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
