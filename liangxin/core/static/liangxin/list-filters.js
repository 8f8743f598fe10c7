// A list's filter form (core/object_list.html, <form data-submit-on-change>) searches when the
// user presses 查询 or Enter (htmx: hx-trigger="submit"), and at once when a choice changes: a
// select (the region picker's too), a checkbox, a radio button or a date. Typing in a text box
// does not search until submitted, so one search is one request.
// This lives in a static file because the Content-Security-Policy runs no inline script and
// htmx runs with allowEval off, which refuses a trigger filter expression (change[...]).
(function () {
  "use strict";
  var CHOICES = "select, input[type=checkbox], input[type=radio], input[type=date]";
  document.addEventListener("change", function (event) {
    var field = event.target instanceof Element ? event.target : null;
    if (!field || !field.matches(CHOICES)) return;
    var form = field.form;
    if (!form || !form.hasAttribute("data-submit-on-change")) return;
    // requestSubmit fires the submit event htmx listens for (a plain submit() would not).
    if (typeof form.requestSubmit === "function") form.requestSubmit();
    else form.dispatchEvent(new Event("submit", { bubbles: true, cancelable: true }));
  });
})();
