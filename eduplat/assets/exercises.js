/* eduplat exercises: the "I give up" button of `solutions: after-attempt`.
 *
 * The solution is in the page inside a <details hidden>; the button unhides it and the
 * choice is remembered in localStorage under "eduplat-exercise:<page path>:<number>"
 * (value {"gaveUp": true}), so a reload keeps the solution available.
 * Initialised through window.document$ (Material's instant navigation) when it exists.
 */
(function () {
  "use strict";

  var PREFIX = "eduplat-exercise:";

  function key(number) {
    return PREFIX + window.location.pathname + ":" + number;
  }

  function load(number) {
    try {
      return JSON.parse(window.localStorage.getItem(key(number)) || "{}") || {};
    } catch (e) {
      return {};
    }
  }

  function save(number, state) {
    try {
      window.localStorage.setItem(key(number), JSON.stringify(state));
    } catch (e) {
      /* storage full or disabled: the page still works */
    }
  }

  function reveal(root, number) {
    var details = root.querySelectorAll(
      '.eduplat-solution[data-exercise="' + number + '"] .eduplat-solution__details'
    );
    details.forEach(function (el) { el.hidden = false; });
    var buttons = root.querySelectorAll('.eduplat-give-up[data-exercise="' + number + '"]');
    buttons.forEach(function (el) { el.hidden = true; });
  }

  function init() {
    var root = document;
    root.querySelectorAll(".eduplat-give-up").forEach(function (button) {
      var number = button.getAttribute("data-exercise");
      if (button.dataset.eduplatReady) return;
      button.dataset.eduplatReady = "1";
      var state = load(number);
      if (state.gaveUp || state.attempted) {
        reveal(root, number);
      }
      button.addEventListener("click", function () {
        var current = load(number);
        current.gaveUp = true;
        save(number, current);
        reveal(root, number);
      });
    });
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
