/* eduplat exercises: the "I give up" button of `solutions: after-attempt`.
 *
 * The solution is in the page inside a <details hidden>; the button unhides it and the
 * choice is remembered in localStorage (through eduplat.js) under "eduplat-exercise:<page path>:<number>"
 * (value {"gaveUp": true}), so a reload keeps the solution available.
 * Initialised through window.document$ (Material's instant navigation) when it exists.
 */
(function () {
  "use strict";

  var PREFIX = "eduplat-exercise:";

  function key(number) {
    return PREFIX + window.location.pathname + ":" + number;
  }

  var store = window.eduplat; // eduplat.js, loaded first

  function load(number) {
    var state = store.load(key(number));
    return state && typeof state === "object" ? state : {};
  }

  function save(number, state) {
    store.save(key(number), state);
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

  window.eduplat.onEveryPage(init);
})();
