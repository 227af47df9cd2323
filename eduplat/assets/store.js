/* eduplat's one way to keep a reader's state in localStorage, shared by quiz.js, paths.js and
 * exercises.js (loaded before them). Values are JSON; a disabled, full or corrupt storage
 * never breaks a page: reading gives null, writing and forgetting do nothing.
 *
 * window.eduplatStore = {load(key), save(key, value), forget(key), keys(prefix)}
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

  window.eduplatStore = { load: load, save: save, forget: forget, keys: keys };
})();
