/* eduplat exercises: "I give up" of `solutions: after-attempt`, and run-in-page.
 *
 * Exercise state lives in localStorage under "eduplat-exercise:<page path>:<number>" as
 * {"gaveUp": true, "attempted": true, "passed": "<ISO date>"} (each key only once it
 * happened). With `solutions: after-attempt` the solution is in the page inside a
 * <details hidden>: giving up, running or checking the exercise unhides it.
 *
 * Run-in-page (`run_in_page: pyodide`): the page carries a hidden .eduplat-run element
 * with the code of its cells (data-cells) and each exercise's check code; nothing is
 * fetched until the reader presses Run or Check. Then one Web Worker (pyodide-worker.js,
 * next to this file) loads Pyodide and runs the cells, in order, in one Python session per
 * page. Edits are kept under "eduplat-code:<page path>:<cell number>". Output is shown with
 * textContent only: nothing a reader's code prints becomes HTML.
 *
 * All storage goes through eduplat.js (values are JSON).
 * Initialised through window.document$ (Material's instant navigation) when it exists.
 */
(function () {
  "use strict";

  var PREFIX = "eduplat-exercise:";
  var CODE_PREFIX = "eduplat-code:";
  var script = document.currentScript;
  var SCRIPT_URL = script && script.src ? script.src : "";

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

  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, function (match, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : match;
    });
  }

  function reveal(root, number) {
    var details = root.querySelectorAll(
      '.eduplat-solution[data-exercise="' + number + '"] .eduplat-solution__details'
    );
    details.forEach(function (el) { el.hidden = false; });
    var buttons = root.querySelectorAll('.eduplat-give-up[data-exercise="' + number + '"]');
    buttons.forEach(function (el) { el.hidden = true; });
  }

  /* Record that the reader ran or checked exercise `number` (and whether it passed). */
  function attempted(number, passed) {
    var state = load(number);
    state.attempted = true;
    if (passed) state.passed = new Date().toISOString();
    save(number, state);
    reveal(document, number);
  }

  function initGiveUp() {
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

  /* -- run-in-page ------------------------------------------------------------------------ */

  var session = null; // the current page's Python session
  // Characters of printed output a cell shows at most: a cell that prints without end
  // must not grow the page without end (the session goes on; Stop ends it).
  var OUTPUT_LIMIT = 100000;

  function workerURL() {
    var base = SCRIPT_URL;
    if (!base) {
      var tag = document.querySelector('script[src*="assets/eduplat/exercises.js"]');
      base = tag ? tag.src : window.location.href;
    }
    return base;
  }

  function Session(settings) {
    this.page = window.location.pathname;
    this.settings = settings;
    this.ran = {};
    this.pending = {};
    this.next = 1;
    this.worker = null;
    this.ready = null;
  }

  Session.prototype.start = function () {
    var self = this;
    if (this.ready) return this.ready;
    var base = workerURL();
    var indexURL = this.settings.url || new URL("../../" + this.settings.folder, base).href;
    this.ready = new Promise(function (resolve, reject) {
      self.abort = reject;
      var worker = new Worker(new URL("pyodide-worker.js", base), { type: "module" });
      self.worker = worker;
      worker.onmessage = function (event) {
        var message = event.data;
        if (message.type === "ready") resolve();
        else if (message.type === "failed") reject(new Error(message.message));
        else if (message.type === "stream" && self.pending[message.id]) {
          self.pending[message.id].stream(message.name, message.text);
        } else if (message.type === "done" && self.pending[message.id]) {
          var done = self.pending[message.id];
          delete self.pending[message.id];
          done.resolve(message);
        }
      };
      worker.onerror = function (event) {
        var message = event.message || "worker error";
        reject(new Error(message)); // while starting
        // Once started, a crashed worker (e.g. out of memory) ends the session: what was
        // running reports the error, and the next Run starts a fresh session.
        self.stop({ error: message, ename: "Error", evalue: message });
      };
      worker.postMessage({ type: "init", indexURL: indexURL });
    });
    return this.ready;
  };

  Session.prototype.run = function (code, name, onStream) {
    var self = this;
    var id = this.next++;
    return new Promise(function (resolve) {
      self.pending[id] = { resolve: resolve, stream: onStream };
      self.worker.postMessage({ type: "run", id: id, code: code, name: name });
    });
  };

  Session.prototype.stop = function (reply) {
    this.dead = true;
    if (this.worker) this.worker.terminate();
    if (this.abort) {
      var stopped = new Error("stopped");
      stopped.stopped = true;
      this.abort(stopped);
    }
    var pending = this.pending;
    this.pending = {};
    Object.keys(pending).forEach(function (id) {
      pending[id].resolve(reply || { stopped: true });
    });
  };

  function outputBlock(kind, text) {
    var pre = document.createElement("pre");
    pre.className = "eduplat-output eduplat-output--" + kind;
    var code = document.createElement("code");
    code.textContent = text.replace(/\n$/, "");
    pre.appendChild(code);
    return pre;
  }

  function Page(marker) {
    this.marker = marker;
    this.strings = JSON.parse(marker.dataset.strings);
    this.data = JSON.parse(marker.dataset.cells);
    this.views = {};
    this.busy = false;
  }

  Page.prototype.codeKey = function (cell) {
    return CODE_PREFIX + window.location.pathname + ":" + cell;
  };

  Page.prototype.setup = function () {
    var self = this;
    this.data.cells.forEach(function (cell) {
      var wrapper = document.querySelector('.eduplat-cell[data-cell="' + cell.cell + '"]');
      if (wrapper) self.views[cell.cell] = self.view(wrapper, cell);
    });
  };

  Page.prototype.view = function (wrapper, cell) {
    var self = this;
    var strings = this.strings;
    var editor = document.createElement("textarea");
    editor.className = "eduplat-editor";
    editor.spellcheck = false;
    editor.setAttribute("autocapitalize", "off");
    editor.setAttribute("aria-label", format(strings.editor, { cell: cell.cell }));
    var stored = store.load(this.codeKey(cell.cell));
    editor.value = typeof stored === "string" ? stored : cell.code;
    editor.rows = Math.max(2, editor.value.split("\n").length + 1);
    var code = wrapper.querySelector(".highlight, pre");
    if (code) {
      code.hidden = true;
      code.parentNode.insertBefore(editor, code);
    } else {
      wrapper.insertBefore(editor, wrapper.firstChild);
    }

    var bar = document.createElement("div");
    bar.className = "eduplat-run-bar";
    function button(label, kind) {
      var b = document.createElement("button");
      b.type = "button";
      b.className = "md-button eduplat-run-bar__" + kind;
      b.textContent = label;
      bar.appendChild(b);
      return b;
    }
    var run = button(strings.run, "run");
    var check = cell.exercise && this.data.checks[cell.exercise] ? button(strings.check, "check") : null;
    var reset = button(strings.reset, "reset");
    var stop = button(strings.stop, "stop");
    stop.hidden = true;
    var status = document.createElement("span");
    status.className = "eduplat-run-bar__status";
    status.setAttribute("role", "status");
    bar.appendChild(status);
    editor.insertAdjacentElement("afterend", bar);
    var output = document.createElement("div");
    output.className = "eduplat-live-output";
    bar.insertAdjacentElement("afterend", output);

    editor.addEventListener("input", function () {
      // Storage full or disabled: edits last until the page is left.
      if (editor.value === cell.code) store.forget(self.codeKey(cell.cell));
      else store.save(self.codeKey(cell.cell), editor.value);
    });
    editor.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && (event.shiftKey || event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        self.runCell(cell.cell);
      }
    });
    run.addEventListener("click", function () { self.runCell(cell.cell); });
    if (check) check.addEventListener("click", function () { self.check(cell); });
    reset.addEventListener("click", function () {
      editor.value = cell.code;
      editor.rows = Math.max(2, cell.code.split("\n").length + 1);
      store.forget(self.codeKey(cell.cell));
    });
    stop.addEventListener("click", function () { self.stop(); });
    return {
      wrapper: wrapper, editor: editor, output: output, status: status,
      buttons: [run, check, reset].filter(Boolean), stop: stop,
    };
  };

  Page.prototype.code = function (cell) {
    var view = this.views[cell.cell];
    return view ? view.editor.value : cell.code;
  };

  Page.prototype.setBusy = function (busy, view) {
    this.busy = busy;
    var views = this.views;
    Object.keys(views).forEach(function (n) {
      views[n].buttons.forEach(function (b) { b.disabled = busy; });
      views[n].stop.hidden = true;
    });
    if (busy && view) view.stop.hidden = false;
  };

  Page.prototype.session = function () {
    if (!session || session.dead || session.page !== window.location.pathname) {
      if (session) session.stop();
      var data = this.marker.dataset;
      session = new Session({ url: data.pyodideUrl, folder: data.pyodideFolder });
    }
    return session;
  };

  /* Run one cell, showing its output in its own view (a hidden cell shows nothing). */
  Page.prototype.execute = function (cell, code, current) {
    var view = this.views[cell.cell];
    if (view) {
      view.output.textContent = "";
      view.wrapper.querySelectorAll(":scope > .eduplat-output, :scope > .eduplat-output-note")
        .forEach(function (el) { el.hidden = true; });
    }
    var shown = 0;
    var note = this.strings.output_cut;
    return current.run(code, "<cell " + cell.cell + ">", function (name, text) {
      if (!view || shown > OUTPUT_LIMIT) return;
      shown += text.length;
      if (shown > OUTPUT_LIMIT) {
        var cut = document.createElement("p");
        cut.className = "eduplat-output-note";
        cut.textContent = note;
        view.output.appendChild(cut);
        return;
      }
      var last = view.output.lastElementChild;
      if (last && last.classList.contains("eduplat-output--" + name)) {
        last.firstChild.textContent += text;
      } else {
        view.output.appendChild(outputBlock(name, text));
      }
    }).then(function (reply) {
      if (view && reply.result !== undefined) view.output.appendChild(outputBlock("result", reply.result));
      if (view && reply.error) view.output.appendChild(outputBlock("error", reply.error));
      if (!reply.stopped) current.ran[cell.cell] = true;
      return reply;
    });
  };

  /* Run the cells before `target` this session has not run yet, then `target`. Resolves
   * to the reply of `target`, or of the earlier cell that failed. */
  Page.prototype.runUpTo = function (target, current) {
    var self = this;
    var todo = [];
    for (var i = 0; i < this.data.cells.length; i++) {
      var cell = this.data.cells[i];
      if (cell.cell === target.cell) break;
      if (!current.ran[cell.cell] && !cell.skip) todo.push(cell);
    }
    todo.push(target);
    var chain = current.start();
    var last = null;
    todo.forEach(function (cell) {
      chain = chain.then(function () {
        if (current.dead || (last && (last.stopped || (last.error && !last.raises)))) return;
        return self.execute(cell, self.code(cell), current).then(function (reply) {
          last = reply;
          last.raises = cell.raises && cell !== target;
        });
      });
    });
    return chain.then(function () { return last; });
  };

  Page.prototype.guard = function (cell, work) {
    var self = this;
    var view = this.views[cell.cell];
    if (this.busy) return;
    this.setBusy(true, view);
    var current = this.session();
    var starting = !current.ready;
    var strings = this.strings;
    view.status.classList.remove("eduplat-run-bar__status--passed", "eduplat-run-bar__status--failed");
    view.status.textContent = starting ? strings.loading : strings.running;
    current.start().then(function () {
      if (view.status.textContent === strings.loading) view.status.textContent = strings.running;
    }, function () {
      /* reported by work() below */
    });
    work(current).then(function (message) {
      view.status.textContent = message || "";
    }, function (error) {
      if (session && session.ready) session.stop();
      session = null; // a session that could not start is not reused
      view.status.textContent = error.stopped
        ? self.strings.stopped
        : format(self.strings.load_failed, { message: error.message });
    }).then(function () {
      self.setBusy(false);
    });
  };

  Page.prototype.runCell = function (number) {
    var self = this;
    var cell = this.data.cells.filter(function (c) { return c.cell === number; })[0];
    this.guard(cell, function (current) {
      return self.runUpTo(cell, current).then(function (reply) {
        if (cell.exercise) attempted(cell.exercise, false);
        return reply && reply.stopped ? self.strings.stopped : "";
      });
    });
  };

  Page.prototype.check = function (cell) {
    var self = this;
    var strings = this.strings;
    this.guard(cell, function (current) {
      return self.runUpTo(cell, current).then(function (reply) {
        if (!reply || reply.stopped || current.dead) return strings.stopped;
        if (reply.error) return reply;
        return current.run(self.data.checks[cell.exercise], "<check>", function () {});
      }).then(function (reply) {
        if (typeof reply === "string") return reply;
        var passed = !reply.error && !reply.stopped;
        attempted(cell.exercise, passed);
        var view = self.views[cell.cell];
        view.status.classList.toggle("eduplat-run-bar__status--passed", passed);
        view.status.classList.toggle("eduplat-run-bar__status--failed", !passed);
        if (reply.stopped) return strings.stopped;
        if (passed) return strings.passed;
        return format(strings.failed, { message: reply.evalue || reply.ename });
      });
    });
  };

  Page.prototype.stop = function () {
    if (session) session.stop();
    session = null;
  };

  function initRun() {
    var marker = document.querySelector(".eduplat-run");
    if (session && (!marker || session.page !== window.location.pathname)) {
      session.stop(); // another page: its Python session ends with it
      session = null;
    }
    if (!marker || marker.dataset.eduplatReady) return;
    marker.dataset.eduplatReady = "1";
    new Page(marker).setup();
  }

  function init() {
    initGiveUp();
    initRun();
  }

  window.eduplat.onEveryPage(init);
})();
