/* Tovholder on top of Det Fælles Designsystem (DKFDS): what DKFDS leaves to the solution.
   - every table in the page content gets DKFDS's table style and becomes cards on a phone;
   - a long table (SORT_MIN rows or more) can be sorted by each column (DKFDS draws the sort buttons,
     the sorting itself is the solution's);
   - DKFDS's components are started (menu on a phone, error summary, tabs, ...).
   Works without network; without JavaScript the tables are plain and unsorted. */
(function () {
  "use strict";
  var SORT_MIN = 8;
  var sprite = document.body.getAttribute("data-icons") || "";

  function icon(name) {
    return '<svg class="icon-svg mr-0 ml-2" focusable="false" aria-hidden="true"><use href="' + sprite + "#" + name + '"></use></svg>';
  }

  function sortKey(cell) {
    var raw = (cell.getAttribute("data-sort") || cell.textContent || "").trim();
    var date = raw.match(/^(\d{1,2})\.(\d{1,2})\.(\d{4})/);
    if (date) { return [0, Number(date[3]) * 10000 + Number(date[2]) * 100 + Number(date[1]), raw]; }
    var iso = raw.match(/^(\d{4})-(\d{2})-(\d{2})/);
    if (iso) { return [0, Number(iso[1] + iso[2] + iso[3]), raw]; }
    var num = raw.replace(/\s|kr\.|timer|%/g, "").replace(/\./g, "").replace(",", ".");
    if (num !== "" && /^-?\d+(\.\d+)?$/.test(num)) { return [0, Number(num), raw]; }
    return [1, 0, raw];
  }

  function compare(a, b) {
    if (a[0] !== b[0]) { return a[0] - b[0]; }
    if (a[0] === 0 && a[1] !== b[1]) { return a[1] - b[1]; }
    return a[2].localeCompare(b[2], "da", { numeric: true, sensitivity: "base" });
  }

  function makeSortable(table) {
    var headers = table.tHead.rows[0].cells;
    var body = table.tBodies[0];
    body.setAttribute("aria-live", "polite");
    Array.prototype.forEach.call(headers, function (th, index) {
      if (th.tagName !== "TH" || th.colSpan > 1 || !th.textContent.trim()) { return; }
      var label = th.textContent.trim();
      var button = document.createElement("button");
      button.type = "button";
      button.className = "button button-unstyled";
      th.textContent = "";
      th.appendChild(button);
      function draw(direction) {
        var next = direction === "ascending" ? "faldende" : "stigende";
        var name = direction === "ascending" ? "sort-table-ascending"
          : direction === "descending" ? "sort-table-descending" : "sort-table-none";
        button.innerHTML = "";
        button.appendChild(document.createTextNode(label));
        button.insertAdjacentHTML("beforeend", '<span class="sr-only"> Klik for at sortere ' + next + "</span>" + icon(name));
      }
      draw(null);
      th._draw = draw;
      button.addEventListener("click", function () {
        var direction = th.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending";
        Array.prototype.forEach.call(headers, function (other) {
          if (other !== th && other.hasAttribute("aria-sort")) {
            other.removeAttribute("aria-sort");
            if (other._draw) { other._draw(null); }
          }
        });
        th.setAttribute("aria-sort", direction);
        draw(direction);
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (r1, r2) {
          var c1 = r1.cells[index], c2 = r2.cells[index];
          var result = compare(sortKey(c1 || r1), sortKey(c2 || r2));
          return direction === "ascending" ? result : -result;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  }

  function dressTables(scope) {
    var tables = scope.querySelectorAll("main table:not(.no-dkfds)");
    Array.prototype.forEach.call(tables, function (table) {
      // a template may name DKFDS's table style itself (e.g. "table table--compact"); the table still
      // becomes cards on a phone unless it chose another narrow-screen form (scrolling box, other breakpoint)
      table.classList.add("table");
      // (DKFDS's table--responsive-scroll works on a wrapping box, not on the table itself)
      if (!/(^|\s)table-\w+-responsive-headers(\s|$)/.test(table.className) &&
          !(table.parentElement && table.parentElement.closest(".table-responsive, .table-scroll, .table--responsive-scroll"))) {
        table.classList.add("table-md-responsive-headers");
      }
      if (window.DKFDS && window.DKFDS.ResponsiveTable) { new window.DKFDS.ResponsiveTable(table); }
      if (!table.hasAttribute("data-sortable-done") && table.tHead && table.tHead.rows.length === 1 &&
          table.tBodies.length === 1 && table.tBodies[0].rows.length >= SORT_MIN) {
        table.setAttribute("data-sortable-done", "");
        makeSortable(table);
      }
    });
  }

  function start() {
    dressTables(document);
    if (window.DKFDS) { window.DKFDS.init(); }
  }

  document.addEventListener("DOMContentLoaded", start);
  // content htmx swaps in (search results, panels) is dressed the same way
  document.addEventListener("htmx:afterSettle", function (event) { dressTables(event.target); });
}());
