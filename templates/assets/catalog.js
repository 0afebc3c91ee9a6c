// The catalog page (附件1): filter as you type and by the declared filter columns, sort by any
// column, count the matches, and keep all of it in the address so it can be shared.
// Columns are found by their header's data-field (forms.yml), never by position.
// The table is complete without this script, which only hides and reorders its rows.
(function () {
  "use strict";
  var table = document.querySelector(".catalog-table");
  var form = document.querySelector(".catalog-filter");
  if (!table || !form || !window.URLSearchParams || !window.Intl) {
    return;
  }
  var body = table.tBodies[0];
  var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
  var labels = headers.map(function (header) { return header.textContent; });  // the columns' names
  var columnOf = {};  // data-field → cell index
  headers.forEach(function (header, index) { columnOf[header.getAttribute("data-field")] = index; });
  var selects = Array.prototype.slice.call(form.querySelectorAll("select"));
  var fields = { find: form.elements.find };
  selects.forEach(function (select) { fields[select.name] = select; });
  var count = form.querySelector(".catalog-count");
  var none = document.querySelector(".catalog-none");
  var collator = new Intl.Collator("zh-CN", { numeric: true });
  var sorted = null;  // { column: n, descending: bool } once a header was chosen
  var entries = Array.prototype.map.call(body.rows, function (row, position) {
    var cells = row.cells;
    var values = {};
    selects.forEach(function (select) { values[select.name] = cells[columnOf[select.name]].textContent; });
    return {
      row: row,
      position: position,
      text: (cells[columnOf.institution].textContent + "\n" + cells[columnOf.specialty].textContent).toLowerCase(),
      values: values
    };
  });

  function filter() {
    var words = fields.find.value.toLowerCase().split(/\s+/).filter(Boolean);
    var shown = 0;
    entries.forEach(function (entry) {
      var match = selects.every(function (select) { return !select.value || entry.values[select.name] === select.value; }) &&
        words.every(function (word) { return entry.text.indexOf(word) !== -1; });
      if (entry.row.hidden === match) {
        entry.row.hidden = !match;
      }
      shown += match ? 1 : 0;
    });
    count.textContent = shown === entries.length
      ? "共 " + entries.length + " 个培训专业"
      : "找到 " + shown + " 个培训专业（共 " + entries.length + " 个）";
    none.hidden = shown > 0;
    remember();
  }

  function sortBy(column, descending) {
    sorted = { column: column, descending: descending };
    headers.forEach(function (header, index) {
      if (index === column) {
        header.setAttribute("aria-sort", descending ? "descending" : "ascending");
      } else {
        header.removeAttribute("aria-sort");
      }
    });
    var sign = descending ? -1 : 1;
    var keyed = entries.map(function (entry) {
      return { entry: entry, key: entry.row.cells[column].textContent };
    });
    keyed.sort(function (a, b) {
      return sign * collator.compare(a.key, b.key) || a.entry.position - b.entry.position;
    });
    var rows = document.createDocumentFragment();
    keyed.forEach(function (item) { rows.appendChild(item.entry.row); });
    body.appendChild(rows);
    remember();
  }

  function remember() {
    var params = new URLSearchParams(location.search);
    Object.keys(fields).forEach(function (key) {
      if (fields[key].value) {
        params.set(key, fields[key].value);
      } else {
        params.delete(key);
      }
    });
    if (sorted) {
      params.set("sort", (sorted.descending ? "-" : "") + labels[sorted.column]);
    }
    var query = params.toString();
    history.replaceState(null, "", location.pathname + (query ? "?" + query : "") + location.hash);
  }

  function restore() {
    var params = new URLSearchParams(location.search);
    // Not ?q=, which the theme takes for its own search box.
    fields.find.value = params.get("find") || "";
    selects.forEach(function (select) {
      select.value = params.get(select.name) || "";
    });
    var sort = params.get("sort") || "";
    var name = sort.replace(/^-/, "");
    headers.forEach(function (header, index) {
      if (labels[index] === name) {
        sortBy(index, sort.charAt(0) === "-");
      }
    });
    filter();
  }

  headers.forEach(function (header, column) {
    var button = document.createElement("button");
    var hint = document.createElement("span");
    button.type = "button";
    button.textContent = labels[column];
    hint.className = "visually-hidden";
    hint.textContent = "（排序）";  // said by screen readers: the button sorts by this column
    button.appendChild(hint);
    header.textContent = "";
    header.appendChild(button);
    button.addEventListener("click", function () {
      sortBy(column, header.getAttribute("aria-sort") === "ascending");
    });
  });
  fields.find.addEventListener("input", function (event) {
    if (!event.isComposing) {  // wait until a Chinese input method has produced the characters
      filter();
    }
  });
  fields.find.addEventListener("compositionend", filter);
  selects.forEach(function (select) { select.addEventListener("change", filter); });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.hidden = false;
  restore();
}());
