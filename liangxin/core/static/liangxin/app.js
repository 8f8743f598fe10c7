// Behaviour pages declare with data- attributes, so that no page needs an inline script, an
// inline handler or a style attribute: the Content-Security-Policy (settings.py) runs scripts
// and applies styles from our static files only.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var target = event.target instanceof Element ? event.target : null;
    if (!target) return;
    // <button data-history-back>: back to the previous page (error pages).
    if (target.closest("[data-history-back]")) {
      history.back();
      return;
    }
    // <button data-print>: print the page (a grid's monthly digest); the menu and forms carry d-print-none.
    if (target.closest("[data-print]")) {
      window.print();
      return;
    }
    // <button data-toggle-form-class="show-more">: the list filters' “更多筛选” on a phone.
    var toggle = target.closest("[data-toggle-form-class]");
    if (toggle && toggle.form) toggle.form.classList.toggle(toggle.dataset.toggleFormClass);
  });

  // <div data-width="42">: a progress bar's width in percent. Set through the CSS object model,
  // which the policy allows (a style attribute in the markup it would refuse).
  function sizeBars(root) {
    root.querySelectorAll("[data-width]").forEach(function (bar) {
      var percent = Math.max(0, Math.min(100, parseFloat(bar.dataset.width) || 0));
      bar.style.width = percent + "%";
    });
  }
  if (window.htmx) {
    window.htmx.onLoad(sizeBars); // the page, then every fragment htmx swaps in (import progress)
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { sizeBars(document); });
  } else {
    sizeBars(document);
  }
})();
