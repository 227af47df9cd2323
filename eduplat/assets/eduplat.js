/* What every eduplat script needs, once; loaded before them all.
 *
 * - A reader's state in localStorage (quiz.js, paths.js, exercises.js): values are JSON; a
 *   disabled, full or corrupt storage never breaks a page: reading gives null, writing and
 *   forgetting do nothing.
 * - onEveryPage(init): with Material's navigation.instant scripts run once and pages are
 *   replaced in place, so widgets start through window.document$ when it exists.
 *
 * window.eduplat = {load(key), save(key, value), forget(key), keys(prefix), onEveryPage(init)}
 */
(function () {
  "use strict";

  function load(key) {
    try {
      var raw = window.localStorage.getItem(key);
      return raw ? JSON.parse(raw) : null;
    } catch (error) {
      return null; // storage disabled or corrupt: start fresh
    }
  }

  function save(key, value) {
    try {
      window.localStorage.setItem(key, JSON.stringify(value));
    } catch (error) {
      /* storage full or disabled: progress is simply not kept */
    }
  }

  function forget(key) {
    try {
      window.localStorage.removeItem(key);
    } catch (error) {
      /* nothing to forget */
    }
  }

  /* Every stored key that starts with prefix. */
  function keys(prefix) {
    var found = [];
    try {
      for (var i = 0; i < window.localStorage.length; i++) {
        var key = window.localStorage.key(i);
        if (key && key.indexOf(prefix) === 0) found.push(key);
      }
    } catch (error) {
      /* storage disabled */
    }
    return found;
  }

  /* Run init on this page and on every page navigation.instant shows in its place. */
  function onEveryPage(init) {
    if (window.document$ && typeof window.document$.subscribe === "function") {
      window.document$.subscribe(init); // Material: every page, instant navigation included
    } else if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", init);
    } else {
      init();
    }
  }

  window.eduplat = {
    load: load,
    save: save,
    forget: forget,
    keys: keys,
    onEveryPage: onEveryPage,
  };
})();
