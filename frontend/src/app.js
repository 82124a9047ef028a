// Progressive enhancement only: every page works without this file.
document.addEventListener("htmx:configRequest", (event) => {
  const token = document.querySelector("meta[name=csrf-token]");
  if (token) event.detail.headers["X-CSRFToken"] = token.content;
});

// After a failed submit, move focus to the error summary at the top of the form (its heading
// and links to the fields are read first); the page title already starts with "Fehler:".
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.querySelector("[data-error-summary]");
  if (summary) summary.focus();
});

// Keep focus where the person was when HTMX replaces the part of the page holding the pressed
// button (shortlist, dismiss, restore on a need): the same item's remaining button, or the
// item that took its place, or else the status line that announces the result.
let pendingFocus = null;
document.addEventListener("htmx:beforeRequest", (event) => {
  const form = event.detail.elt.closest("[data-focus-key]");
  const items = [...document.querySelectorAll("[data-focus-item]")];
  pendingFocus = form && {
    key: form.dataset.focusKey,
    index: items.indexOf(form.closest("[data-focus-item]")),
    fallback: form.dataset.focusFallback,
  };
});
document.addEventListener("htmx:afterSettle", () => {
  if (!pendingFocus) return;
  const { key, index, fallback } = pendingFocus;
  pendingFocus = null;
  const items = [...document.querySelectorAll("[data-focus-item]")];
  const item =
    items.find((el) => el.dataset.focusItem === key) ||
    (index >= 0 && items.length ? items[Math.min(index, items.length - 1)] : null);
  const target =
    (item && (item.querySelector("[data-focus-key] button") || item.querySelector("a[href]"))) ||
    (fallback && document.getElementById(fallback));
  if (target) target.focus();
});
