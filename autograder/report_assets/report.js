// The class table: sort by any column (click its header), filter by a text box.
// Cells may carry data-sort (the value to sort by); numbers sort as numbers,
// empty cells last either way.
"use strict";
(function () {
  const table = document.getElementById("class-table");
  if (!table) return;
  const body = table.tBodies[0];
  const headers = Array.from(table.tHead.rows[0].cells);
  const rows = Array.from(body.rows);

  function key(row, column) {
    const cell = row.cells[column];
    const raw = cell.dataset.sort !== undefined ? cell.dataset.sort : cell.textContent.trim();
    return raw;
  }

  function sortBy(column) {
    const header = headers[column];
    const numeric = header.dataset.type === "number";
    const descending = header.getAttribute("aria-sort") === "ascending"
      || (header.getAttribute("aria-sort") !== "descending" && header.dataset.first === "descending");
    const direction = descending ? -1 : 1;
    const sorted = rows.slice().sort(function (a, b) {
      const x = key(a, column), y = key(b, column);
      if (x === "" || y === "") return (x === "") - (y === "");
      const left = parseFloat(x), right = parseFloat(y);
      if (numeric && !isNaN(left) && !isNaN(right)) return direction * (left - right);
      return direction * x.localeCompare(y, undefined, {numeric: true, sensitivity: "base"});
    });
    headers.forEach(function (h) { h.removeAttribute("aria-sort"); });
    header.setAttribute("aria-sort", descending ? "descending" : "ascending");
    sorted.forEach(function (row) { body.appendChild(row); });
  }

  headers.forEach(function (header, column) {
    const button = header.querySelector("button");
    if (button) button.addEventListener("click", function () { sortBy(column); });
  });

  const filter = document.getElementById("filter");
  const shown = document.getElementById("shown");
  function applyFilter() {
    const words = filter.value.toLowerCase().split(/\s+/).filter(Boolean);
    let count = 0;
    rows.forEach(function (row) {
      const text = row.dataset.search || "";
      const visible = words.every(function (w) { return text.indexOf(w) >= 0; });
      row.hidden = !visible;
      if (visible) count += 1;
    });
    shown.textContent = count === rows.length ? "all " + rows.length + " submissions"
      : count + " of " + rows.length + " submissions";
  }
  if (filter) {
    filter.addEventListener("input", applyFilter);
    applyFilter();
  }
})();
