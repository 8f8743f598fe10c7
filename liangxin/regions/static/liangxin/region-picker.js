// The region picker (liangxin/regions/widgets.py): Tom Select over a <select data-region-picker>
// whose options carry their path. The list shows the tree by indentation with each region's
// path beside its name, typing any part of a path narrows it (with or without spaces), and the
// box shows the chosen region's whole path. Without this script the plain <select> still works.
(function () {
  "use strict";

  function escapeOr(escape, value) {
    return value ? escape(value) : "";
  }

  function enhance(select) {
    if (select.tomselect || typeof TomSelect === "undefined") return;
    new TomSelect(select, {
      maxOptions: null, // every region of the jurisdiction, not Tom Select's first 50
      allowEmptyOption: true,
      searchField: ["text", "search"],
      // Tree order while searching too: the matches stay under their street and community.
      sortField: [{ field: "$order" }],
      // Open the list on a tap without forcing the phone's keyboard up until the user types.
      openOnFocus: true,
      closeAfterSelect: true,
      render: {
        option: function (data, escape) {
          if (!data.value) return '<div class="region-option region-empty">' + escape(data.text) + "</div>";
          return '<div class="region-option region-depth-' + (data.depth || 0) + '">' +
            '<span class="region-name">' + escape(data.name || data.text) + "</span>" +
            (data.above ? ' <small class="region-above">' + escapeOr(escape, data.above) + "</small>" : "") +
            "</div>";
        },
        item: function (data, escape) {
          return '<div class="region-item">' + escape(data.text) + "</div>";
        },
        no_results: function () {
          return '<div class="no-results">没有找到这个区域，请换个字试试</div>';
        },
      },
    });
  }

  function scan(root) {
    (root || document).querySelectorAll("select[data-region-picker]").forEach(enhance);
  }

  scan(document);
  // Forms that htmx swaps in later get their pickers too.
  document.addEventListener("htmx:load", function (event) { scan(event.target); });
})();
