// The forms page: filter the institutions' prefilled forms by name as one types.
// Without this script the list is simply shown whole.
(function () {
  "use strict";
  var form = document.querySelector(".institution-filter");
  var table = document.querySelector(".institution-forms table");
  var none = document.querySelector(".institution-none");
  if (!form || !table) {
    return;
  }
  var input = form.elements.find;
  function filter() {
    var words = input.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
    var shown = 0;
    Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
      var name = row.cells[0].textContent.toLowerCase();
      var match = words.every(function (word) { return name.indexOf(word) !== -1; });
      row.hidden = !match;
      shown += match ? 1 : 0;
    });
    none.hidden = shown > 0;
  }
  input.addEventListener("input", function (event) {
    if (!event.isComposing) {  // wait until a Chinese input method has produced the characters
      filter();
    }
  });
  input.addEventListener("compositionend", filter);
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.hidden = false;
}());
