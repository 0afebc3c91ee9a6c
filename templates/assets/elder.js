// 长者模式 (适老化): larger text and higher contrast, switched by a button on every page and
// remembered in this browser (localStorage) across pages and years. Loaded in the page head, so a
// page opens in the chosen mode; the button appears once the page is read.
(function () {
  "use strict";
  var KEY = "hrnotice.elder";
  var root = document.documentElement;

  function stored() {
    try {
      return window.localStorage.getItem(KEY) === "1";
    } catch (error) {  // storage refused (privacy settings): the mode lasts for this page only
      return false;
    }
  }

  function store(on) {
    try {
      if (on) {
        window.localStorage.setItem(KEY, "1");
      } else {
        window.localStorage.removeItem(KEY);
      }
    } catch (error) {
      // as above
    }
  }

  function apply(on) {
    root.classList.toggle("elder", on);
    Array.prototype.forEach.call(document.querySelectorAll(".elder-toggle"), function (button) {
      button.setAttribute("aria-pressed", on ? "true" : "false");
      button.title = on ? "恢复标准字号" : "放大字号、加强对比";
    });
  }

  apply(stored());
  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll(".elder-toggle"), function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var on = !root.classList.contains("elder");
        store(on);
        apply(on);
      });
    });
    apply(root.classList.contains("elder"));
  });
  // Switched in another tab of the same site: follow it.
  window.addEventListener("storage", function (event) {
    if (event.key === KEY) {
      apply(event.newValue === "1");
    }
  });
}());
