/* eduplat learning paths and feedback: progressive enhancement of path.html, path_bar.html
 * and feedback.html.
 *
 * Without this script a path page is an ordered list of links and the bar two links. With it:
 * ticks, "n of m done", Continue, reset, export/import (a JSON file), "Mark as done", a page
 * counted as done once its end was on screen, and ?path= keeping the path a reader follows.
 *
 * Progress lives in localStorage only (through eduplat.js), under "eduplat-path:<path id>" with step keys such as
 * "tutorial:merkle-tree": no version in the keys, so it survives switching site versions on
 * the same origin. A quiz step is done when the quiz's own saved result says passed: the
 * quiz progress that quiz.js keeps is read (see quizState), never copied.
 *
 * The script never inserts HTML: it sets text, classes, hidden and href. Material's
 * navigation.instant replaces pages without reloading scripts, so everything is
 * (re)initialised through window.document$ when it exists.
 */
(function () {
  "use strict";

  var PATH_PREFIX = "eduplat-path:";
  var QUIZ_PREFIX = "eduplat-quiz:"; // quiz.js's key: eduplat-quiz:<quiz id>:<question hash>
  var FEEDBACK_PREFIX = "eduplat-feedback:";
  // exercises.js's key: eduplat-exercise:<page path>:<number>, {"passed": "<date>"} once checked
  var EXERCISE_PREFIX = "eduplat-exercise:";
  var FORMAT = "eduplat-progress";

  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, function (match, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : match;
    });
  }

  var store = window.eduplat; // eduplat.js, loaded first
  var load = store.load;
  var save = store.save;
  var forget = store.forget;
  var storedKeys = store.keys;

  /* The one place that knows how quiz.js stores a quiz: the state saved under
   * eduplat-quiz:<id>:<hash>, whose "result" says whether it was passed. Another version of
   * the site may have other questions (another hash): then any saved result of the same quiz
   * that passed counts. Returns {key: state} of every saved state of the quiz, and passed. */
  function quizState(id, hash) {
    var states = {};
    var passed = false;
    storedKeys(QUIZ_PREFIX + id + ":").forEach(function (key) {
      var state = load(key);
      if (!state || typeof state !== "object") return;
      states[key] = state;
      if (state.result && state.result.passed === true) passed = true;
    });
    return { states: states, passed: passed, key: QUIZ_PREFIX + id + ":" + hash };
  }

  /* The exercises of a tutorial step that the reader checked in the page and passed: the
   * state exercises.js keeps for the step's page is read, never copied. */
  function passedExercises(item) {
    var link = item.querySelector(".eduplat-path-step__link");
    if (!link || !link.href) return [];
    var prefix = EXERCISE_PREFIX + new URL(link.href, window.location.href).pathname + ":";
    return storedKeys(prefix).filter(function (key) {
      var state = load(key);
      return Boolean(state && state.passed);
    });
  }

  function progress(pathId) {
    var stored = load(PATH_PREFIX + pathId);
    if (!stored || typeof stored.done !== "object" || stored.done === null) return { done: {} };
    return stored;
  }

  function setDone(pathId, stepKey, done) {
    var state = progress(pathId);
    if (done) state.done[stepKey] = new Date().toISOString();
    else delete state.done[stepKey];
    save(PATH_PREFIX + pathId, state);
  }

  function stepDone(pathId, item, state) {
    if (item.dataset.kind === "quiz") {
      return quizState(item.dataset.quizId, item.dataset.quizHash).passed;
    }
    return Object.prototype.hasOwnProperty.call(state.done, item.dataset.step);
  }

  function currentPath() {
    return new URLSearchParams(window.location.search).get("path");
  }

  /* Links inside the site carry ?path=<id>, so the next page shows the same path's bar. */
  function keepPath(link, pathId) {
    if (!link || !link.getAttribute("href")) return;
    var url = new URL(link.getAttribute("href"), window.location.href);
    if (url.origin !== window.location.origin) return;
    url.searchParams.set("path", pathId);
    link.href = url.href;
  }

  /* -- a path page ------------------------------------------------------------------------ */

  function PathPage(root) {
    this.root = root;
    this.id = root.dataset.eduplatPath;
    this.strings = JSON.parse(root.dataset.strings);
    this.items = Array.prototype.slice.call(root.querySelectorAll(".eduplat-path-step"));
  }

  PathPage.prototype.start = function () {
    var self = this;
    var root = this.root;
    root.querySelector(".eduplat-path__progress").hidden = false;
    this.items.forEach(function (item) {
      keepPath(item.querySelector(".eduplat-path-step__link"), self.id);
    });
    root.querySelector(".eduplat-path__reset").addEventListener("click", function () {
      self.reset();
    });
    root.querySelector(".eduplat-path__export").addEventListener("click", function () {
      self.exportFile();
    });
    root.querySelector(".eduplat-path__import input").addEventListener("change", function (event) {
      var file = event.target.files && event.target.files[0];
      if (file) self.importFile(file);
      event.target.value = "";
    });
    this.update();
  };

  PathPage.prototype.update = function () {
    var self = this;
    var state = progress(this.id);
    var required = 0;
    var done = 0;
    var next = null;
    this.items.forEach(function (item) {
      var finished = stepDone(self.id, item, state);
      var optional = item.dataset.optional === "true";
      item.classList.toggle("eduplat-path-step--done", finished);
      var status = finished ? [self.strings.done] : [];
      if (item.dataset.kind === "tutorial") {
        var passed = passedExercises(item).length;
        if (passed) status.push(format(self.strings.exercises_passed, { passed: passed }));
      }
      item.querySelector(".eduplat-path-step__status").textContent = status.join(" · ");
      if (!optional) {
        required += 1;
        if (finished) done += 1;
      }
      if (!finished && !optional && next === null) next = item;
    });
    var count = this.root.querySelector(".eduplat-path__count");
    count.textContent =
      done === required
        ? format(this.strings.complete, { total: required })
        : format(this.strings.progress, { done: done, total: required });
    var button = this.root.querySelector(".eduplat-path__continue");
    button.hidden = next === null;
    if (next) button.href = next.querySelector(".eduplat-path-step__link").href;
  };

  PathPage.prototype.quizKeys = function () {
    var keys = {};
    this.items.forEach(function (item) {
      if (item.dataset.kind !== "quiz") return;
      var found = quizState(item.dataset.quizId, item.dataset.quizHash);
      Object.keys(found.states).forEach(function (key) {
        keys[key] = found.states[key];
      });
    });
    return keys;
  };

  PathPage.prototype.reset = function () {
    var self = this;
    if (!window.confirm(this.strings.reset_confirm)) return;
    forget(PATH_PREFIX + this.id);
    Object.keys(this.quizKeys()).forEach(function (key) {
      forget(key); // a passed quiz would still tick its step
    });
    this.message("");
    this.update();
    self.root.querySelector(".eduplat-path__continue").focus();
  };

  PathPage.prototype.exportFile = function () {
    var data = { format: FORMAT, version: 1, exported: new Date().toISOString(), paths: {} };
    data.paths[this.id] = progress(this.id);
    data.quizzes = this.quizKeys();
    data.exercises = {};
    this.items.forEach(function (item) {
      if (item.dataset.kind !== "tutorial") return;
      passedExercises(item).forEach(function (key) {
        data.exercises[key] = load(key);
      });
    });
    var blob = new Blob([JSON.stringify(data, null, 2)], { type: "application/json" });
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = "eduplat-progress-" + this.id + ".json";
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () {
      URL.revokeObjectURL(link.href);
    }, 0);
  };

  PathPage.prototype.importFile = function (file) {
    var self = this;
    var reader = new FileReader();
    reader.onload = function () {
      var data;
      try {
        data = JSON.parse(String(reader.result));
      } catch (error) {
        data = null;
      }
      if (!data || data.format !== FORMAT || typeof data.paths !== "object") {
        self.message(self.strings.import_failed);
        return;
      }
      Object.keys(data.paths).forEach(function (pathId) {
        var incoming = data.paths[pathId];
        if (!incoming || typeof incoming.done !== "object") return;
        var state = progress(pathId);
        Object.keys(incoming.done).forEach(function (step) {
          state.done[step] = String(incoming.done[step]);
        });
        save(PATH_PREFIX + pathId, state);
      });
      Object.keys(data.quizzes || {}).forEach(function (key) {
        if (key.indexOf(QUIZ_PREFIX) === 0 && typeof data.quizzes[key] === "object") {
          save(key, data.quizzes[key]);
        }
      });
      Object.keys(data.exercises || {}).forEach(function (key) {
        var incoming = data.exercises[key];
        if (key.indexOf(EXERCISE_PREFIX) !== 0 || !incoming || typeof incoming !== "object") return;
        var current = load(key);
        save(key, Object.assign({}, current && typeof current === "object" ? current : {}, incoming));
      });
      self.message("");
      self.update();
    };
    reader.readAsText(file);
  };

  PathPage.prototype.message = function (text) {
    this.root.querySelector(".eduplat-path__message").textContent = text;
  };

  /* -- the bar on a page of a path ------------------------------------------------------- */

  function startBars(container) {
    var strings = JSON.parse(container.dataset.strings);
    var bars = Array.prototype.slice.call(container.querySelectorAll(".eduplat-pathbar"));
    var wanted = currentPath();
    var followed = bars.some(function (bar) {
      return bar.dataset.path === wanted;
    });
    bars.forEach(function (bar) {
      if (followed && bar.dataset.path !== wanted) bar.hidden = true;
      keepPath(bar.querySelector(".eduplat-pathbar__previous"), bar.dataset.path);
      keepPath(bar.querySelector(".eduplat-pathbar__next"), bar.dataset.path);
      var mark = bar.querySelector(".eduplat-pathbar__mark");
      if (!mark) return;
      var label = mark.textContent;
      var show = function () {
        var done = Object.prototype.hasOwnProperty.call(
          progress(bar.dataset.path).done,
          bar.dataset.step
        );
        mark.textContent = done ? "✓ " + strings.done : label;
        mark.setAttribute("aria-pressed", done ? "true" : "false");
      };
      mark.hidden = false;
      mark.addEventListener("click", function () {
        var done = mark.getAttribute("aria-pressed") === "true";
        setDone(bar.dataset.path, bar.dataset.step, !done);
        show();
      });
      bar.eduplatShow = show;
      show();
    });
    var end = document.querySelector("[data-eduplat-path-end]");
    if (!end || !("IntersectionObserver" in window)) return;
    var observer = new IntersectionObserver(function (entries) {
      if (!entries.some(function (e) { return e.isIntersecting; }) || !end.isConnected) return;
      observer.disconnect();
      bars.forEach(function (bar) {
        // Reading to the end finishes a manual page or a tutorial, not a webinar.
        if (bar.dataset.kind !== "page" && bar.dataset.kind !== "tutorial") return;
        if (!progress(bar.dataset.path).done[bar.dataset.step]) {
          setDone(bar.dataset.path, bar.dataset.step, true);
        }
        if (bar.eduplatShow) bar.eduplatShow();
      });
    });
    observer.observe(end);
  }

  /* -- feedback ------------------------------------------------------------------------- */

  var lastSelection = "";
  document.addEventListener("selectionchange", function () {
    var text = String(window.getSelection ? window.getSelection() : "").trim();
    if (text) lastSelection = text.slice(0, 1000);
  });

  function startFeedback(root) {
    var settings = JSON.parse(root.dataset.eduplatFeedback);
    var key = FEEDBACK_PREFIX + settings.page;
    var question = root.querySelector(".eduplat-feedback__question");
    var form = root.querySelector(".eduplat-feedback__form");
    var thanks = root.querySelector(".eduplat-feedback__thanks");
    var comment = root.querySelector(".eduplat-feedback__comment");
    var issue = root.querySelector(".eduplat-feedback__issue");
    var answer = load(key);
    root.hidden = false;

    function report(extra) {
      return {
        page: settings.page,
        title: settings.title,
        url: window.location.href.split("#")[0],
        version: settings.version,
        helpful: answer ? answer.helpful : null,
        comment: comment ? comment.value.trim() : "",
        selection: lastSelection,
        extra: extra || undefined,
      };
    }

    function send() {
      if (!settings.endpoint) return;
      fetch(settings.endpoint, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(report()),
      })
        .then(function (response) {
          thanks.textContent = response.ok ? settings.strings.sent : settings.strings.send_failed;
        })
        .catch(function () {
          thanks.textContent = settings.strings.send_failed;
        });
    }

    function showThanks() {
      question.hidden = true;
      thanks.hidden = false;
      thanks.textContent = settings.strings.thanks;
    }

    if (answer) showThanks();
    root.querySelectorAll("[data-helpful]").forEach(function (button) {
      button.addEventListener("click", function () {
        answer = { helpful: button.dataset.helpful, at: new Date().toISOString() };
        save(key, answer);
        showThanks();
        if (settings.endpoint || settings.issueUrl) form.hidden = false;
        if (comment) comment.focus();
        send();
      });
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      send();
      form.hidden = true;
    });
    if (issue) {
      var prepare = function () {
        var data = report();
        var body = [
          "Page: " + data.title,
          "URL: " + data.url,
          "Site version: " + (data.version || "-"),
        ];
        if (data.selection) body.push("", "Selected text:", "> " + data.selection.replace(/\n/g, "\n> "));
        if (data.comment) body.push("", data.comment);
        body.push("", "What is wrong:", "");
        var title = format(settings.issueTitle, { title: data.title });
        issue.href = settings.issueUrl
          .replace("{title}", encodeURIComponent(title))
          .replace("{body}", encodeURIComponent(body.join("\n")));
      };
      issue.addEventListener("mousedown", prepare);
      issue.addEventListener("focus", prepare);
      issue.addEventListener("click", prepare);
    }
  }

  function initAll() {
    document.querySelectorAll("[data-eduplat-path]").forEach(function (root) {
      if (root.dataset.eduplatReady) return;
      root.dataset.eduplatReady = "true";
      new PathPage(root).start();
    });
    document.querySelectorAll(".eduplat-pathbars").forEach(function (container) {
      if (container.dataset.eduplatReady) return;
      container.dataset.eduplatReady = "true";
      startBars(container);
    });
    document.querySelectorAll("[data-eduplat-feedback]").forEach(function (root) {
      if (root.dataset.eduplatReady) return;
      root.dataset.eduplatReady = "true";
      startFeedback(root);
    });
  }

  window.eduplat.onEveryPage(initAll);
})();
