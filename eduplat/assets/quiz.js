/* eduplat quizzes: progressive enhancement of the HTML written by quiz.html.
 *
 * Without this script every question still shows, with its answer behind a <details>.
 * With it: per-question checking and feedback, a score against the pass mark, retry, and
 * progress saved in localStorage (through eduplat.js) under the quiz id and a hash of its
 * questions (so it survives moving between site versions and resets when the questions
 * change).
 *
 * Scores a trainer can trust: a question the reader has not touched is unanswered (0 points,
 * no feedback), an ordering question counts as answered only once an item was moved, and the
 * first checked answer of each question is kept ("first try") next to the current score; it
 * survives "Start again", which asks before clearing the answers. The quizzes index shows the
 * saved result of each quiz from the same storage.
 *
 * The script never inserts HTML: feedback is already in the page (sanitized at build
 * time) and is only shown or hidden; verdicts and scores are set with textContent.
 * Grading data is in the root's data-quiz attribute (a <script type="application/json">
 * would be re-run as JavaScript by Material's instant loading).
 * Material's navigation.instant replaces pages without reloading scripts, so quizzes are
 * (re)initialised on every page through window.document$ when it exists.
 */
(function () {
  "use strict";

  var STORE_PREFIX = "eduplat-quiz:";
  var EPSILON = 1e-9;

  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, function (match, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : match;
    });
  }

  function round(value) {
    return Math.round(value * 100) / 100;
  }

  function shuffleChildren(parent, selector) {
    if (!parent) return;
    var items = Array.prototype.filter.call(parent.children, function (el) {
      return el.matches(selector);
    });
    for (var i = items.length - 1; i > 0; i--) {
      var j = Math.floor(Math.random() * (i + 1));
      var tmp = items[i];
      items[i] = items[j];
      items[j] = tmp;
    }
    items.forEach(function (el) {
      parent.appendChild(el);
    });
  }

  var store = window.eduplat; // eduplat.js, loaded first
  var load = store.load;
  var save = store.save;
  var forget = store.forget;

  function normalise(text) {
    return text.trim().replace(/\s+/g, " ");
  }

  function Quiz(root) {
    this.root = root;
    this.data = JSON.parse(root.dataset.quiz);
    this.strings = this.data.strings;
    this.key = STORE_PREFIX + this.data.id + ":" + this.data.hash;
    this.items = Array.prototype.slice.call(root.querySelectorAll(".eduplat-question"));
    this.checked = {};
    this.first = {}; // points of the first checked answer, per question
    this.touched = {}; // ordering questions whose items were moved
    this.initialOrder = {};
  }

  Quiz.prototype.grading = function (item) {
    return this.data.questions[item.dataset.question];
  };

  Quiz.prototype.start = function () {
    var self = this;
    var root = this.root;
    root.querySelectorAll(
      ".eduplat-question__actions, .eduplat-quiz__controls, .eduplat-order__buttons"
    ).forEach(function (el) {
      el.hidden = false;
    });
    root.querySelectorAll(".eduplat-question__answer").forEach(function (el) {
      el.hidden = true;
    });
    if (this.data.shuffleQuestions) {
      shuffleChildren(root.querySelector(".eduplat-quiz__questions"), ".eduplat-question");
      this.renumber();
    }
    this.items.forEach(function (item) {
      if (self.data.shuffleOptions) {
        shuffleChildren(item.querySelector(".eduplat-question__choices"), ".eduplat-choice");
      }
      var order = item.querySelector(".eduplat-order");
      if (order) {
        self.initialOrder[item.dataset.question] = self.orderOf(item);
      }
      var check = item.querySelector(".eduplat-question__check");
      if (check) {
        check.addEventListener("click", function () {
          self.check(item, true);
          self.updateResult(false);
          self.persist();
        });
      }
      item.addEventListener("click", function (event) {
        var button = event.target.closest(".eduplat-order__up, .eduplat-order__down");
        if (button) self.move(item, button);
      });
    });
    root.addEventListener("change", function () {
      self.persist();
    });
    root.querySelector(".eduplat-quiz__check-all").addEventListener("click", function () {
      self.items.forEach(function (item) {
        if (self.grading(item).graded !== false) self.check(item, true, true);
      });
      self.updateResult(true);
      self.persist();
      // On a phone the result is below the screen: take the reader (and screen reader) there.
      var result = root.querySelector(".eduplat-quiz__result");
      result.focus();
      result.scrollIntoView({ block: "center" });
    });
    var confirm = root.querySelector(".eduplat-quiz__confirm");
    root.querySelector(".eduplat-quiz__retry").addEventListener("click", function () {
      confirm.hidden = false; // ask first: starting again clears every answer
      confirm.querySelector(".eduplat-quiz__confirm-no").focus();
    });
    confirm.querySelector(".eduplat-quiz__confirm-yes").addEventListener("click", function () {
      confirm.hidden = true;
      self.reset();
    });
    confirm.querySelector(".eduplat-quiz__confirm-no").addEventListener("click", function () {
      confirm.hidden = true;
      root.querySelector(".eduplat-quiz__retry").focus();
    });
    root.querySelector(".eduplat-quiz__form").addEventListener("submit", function (event) {
      event.preventDefault(); // Enter in a text field must not reload the page
    });
    this.restore();
  };

  Quiz.prototype.renumber = function () {
    var template = this.strings.question_n;
    this.root.querySelectorAll(".eduplat-question").forEach(function (item, index) {
      item.querySelector(".eduplat-question__number").textContent = format(template, {
        n: index + 1,
      });
    });
  };

  Quiz.prototype.orderOf = function (item) {
    return Array.prototype.map.call(item.querySelectorAll(".eduplat-order__item"), function (li) {
      return Number(li.dataset.item);
    });
  };

  Quiz.prototype.setOrder = function (item, order) {
    var list = item.querySelector(".eduplat-order");
    order.forEach(function (index) {
      var li = list.querySelector('.eduplat-order__item[data-item="' + index + '"]');
      if (li) list.appendChild(li);
    });
  };

  Quiz.prototype.move = function (item, button) {
    var li = button.closest(".eduplat-order__item");
    var up = button.classList.contains("eduplat-order__up");
    var sibling = up ? li.previousElementSibling : li.nextElementSibling;
    if (!sibling) return;
    if (up) li.parentNode.insertBefore(li, sibling);
    else li.parentNode.insertBefore(sibling, li);
    button.focus(); // keyboard users keep their place
    this.touched[item.dataset.question] = true; // the starting order is not an answer
    this.persist();
  };

  Quiz.prototype.answerOf = function (item) {
    var type = this.grading(item).type;
    var fields = item.querySelectorAll("input, select, textarea");
    if (type === "single" || type === "true_false") {
      var picked = item.querySelector("input:checked");
      return picked ? picked.value : null;
    }
    if (type === "multiple") {
      var values = Array.prototype.map.call(item.querySelectorAll("input:checked"), function (el) {
        return el.value;
      });
      return values.length ? values : null;
    }
    if (type === "short" || type === "numeric" || type === "essay") {
      var text = fields[0].value;
      return normalise(text) ? text : null;
    }
    if (type === "matching") {
      var chosen = Array.prototype.map.call(item.querySelectorAll("select"), function (el) {
        return el.value;
      });
      return chosen.some(function (v) {
        return v !== "";
      })
        ? chosen
        : null;
    }
    if (type === "ordering") return this.touched[item.dataset.question] ? this.orderOf(item) : null;
    return null;
  };

  Quiz.prototype.setAnswer = function (item, answer) {
    var type = this.grading(item).type;
    if (answer === null || answer === undefined) return;
    if (type === "single" || type === "true_false" || type === "multiple") {
      var wanted = [].concat(answer).map(String);
      item.querySelectorAll("input").forEach(function (el) {
        el.checked = wanted.indexOf(el.value) !== -1;
      });
    } else if (type === "short" || type === "numeric" || type === "essay") {
      item.querySelector("input, textarea").value = String(answer);
    } else if (type === "matching") {
      item.querySelectorAll("select").forEach(function (el, index) {
        el.value = answer[index] || "";
      });
    } else if (type === "ordering") {
      this.setOrder(item, answer);
      this.touched[item.dataset.question] = true;
    }
  };

  Quiz.prototype.grade = function (grading, answer) {
    var type = grading.type;
    var keys = [];
    var fraction = 0;
    if (type === "single" || type === "multiple") {
      var total = 0;
      [].concat(answer).forEach(function (value) {
        total += grading.credits[Number(value)] || 0;
        keys.push("choice-" + value);
      });
      fraction = Math.min(1, Math.max(0, total / 100));
    } else if (type === "true_false") {
      fraction = answer === String(grading.answer) ? 1 : 0;
    } else if (type === "short") {
      var given = normalise(answer);
      var best = null;
      grading.accepted.forEach(function (accepted) {
        var hit;
        if (accepted.regex) {
          try {
            hit = new RegExp("^(?:" + accepted.text + ")$", accepted.case ? "" : "i").test(given);
          } catch (error) {
            hit = false;
          }
        } else {
          var expected = normalise(accepted.text);
          hit = accepted.case
            ? given === expected
            : given.toLocaleLowerCase() === expected.toLocaleLowerCase();
        }
        if (hit && (best === null || accepted.credit > best.credit)) best = accepted;
      });
      if (best) {
        fraction = Math.max(0, best.credit / 100);
        keys.push("answer-" + best.feedback);
      }
    } else if (type === "numeric") {
      var text = normalise(answer);
      if (text.indexOf(".") === -1) text = text.replace(",", "."); // 3,14 in many locales
      var number = Number(text);
      var match = null;
      if (text !== "" && isFinite(number)) {
        grading.ranges.forEach(function (range) {
          var inside = number >= range.low - EPSILON && number <= range.high + EPSILON;
          if (inside && (match === null || range.credit > match.credit)) match = range;
        });
      }
      if (match) {
        fraction = Math.max(0, match.credit / 100);
        keys.push("answer-" + match.feedback);
      }
    } else if (type === "matching") {
      var right = 0;
      grading.matches.forEach(function (expected, index) {
        if (String(answer[index]) === String(expected)) right += 1;
      });
      fraction = grading.matches.length ? right / grading.matches.length : 0;
    } else if (type === "ordering") {
      var placed = 0;
      answer.forEach(function (index, position) {
        if (index === position) placed += 1;
      });
      fraction = grading.count ? placed / grading.count : 0;
    }
    return { fraction: fraction, keys: keys };
  };

  Quiz.prototype.check = function (item, announce, all) {
    var grading = this.grading(item);
    var verdict = item.querySelector(".eduplat-question__verdict");
    var feedbacks = item.querySelectorAll(".eduplat-feedback");
    feedbacks.forEach(function (el) {
      el.hidden = true;
    });
    item.classList.remove(
      "eduplat-question--right",
      "eduplat-question--wrong",
      "eduplat-question--partly"
    );
    var answer = this.answerOf(item);
    var id = item.dataset.question;
    if (answer === null) {
      // Unanswered: no points and no feedback (the explanation would give the answer away).
      delete this.checked[id];
      if (verdict) verdict.textContent = announce ? this.strings[all ? "not_answered" : "unanswered"] : "";
      return;
    }
    var result = this.grade(grading, answer);
    this.checked[id] = result.fraction * grading.points;
    if (!Object.prototype.hasOwnProperty.call(this.first, id)) this.first[id] = this.checked[id];
    var state =
      result.fraction >= 1 - EPSILON ? "right" : result.fraction > EPSILON ? "partly" : "wrong";
    var text = { right: "correct", partly: "partial", wrong: "incorrect" }[state];
    item.classList.add("eduplat-question--" + state);
    verdict.textContent = this.strings[text];
    var shown = result.keys.concat([state === "right" ? "correct" : "incorrect", "explanation"]);
    feedbacks.forEach(function (el) {
      if (shown.indexOf(el.dataset.feedback) !== -1) el.hidden = false;
    });
  };

  Quiz.prototype.updateResult = function (force) {
    var self = this;
    var graded = this.items.filter(function (item) {
      return self.grading(item).graded !== false;
    });
    var done = graded.every(function (item) {
      return Object.prototype.hasOwnProperty.call(self.checked, item.dataset.question);
    });
    var result = this.root.querySelector(".eduplat-quiz__result");
    var scoreLine = result.querySelector(".eduplat-quiz__score");
    var firstLine = result.querySelector(".eduplat-quiz__first-try");
    if (!done && !force && !this.result) {
      scoreLine.textContent = "";
      firstLine.textContent = "";
      result.classList.remove("eduplat-quiz__result--passed", "eduplat-quiz__result--failed");
      return;
    }
    var total = 0;
    var score = 0;
    var first = 0;
    graded.forEach(function (item) {
      var id = item.dataset.question;
      total += self.grading(item).points;
      score += self.checked[id] || 0;
      first += self.first[id] || 0;
    });
    var percent = total ? round((score / total) * 100) : 0;
    var passed = percent >= this.data.passMark - EPSILON;
    this.result = { score: round(score), total: round(total), first: round(first), passed: passed };
    scoreLine.textContent =
      format(this.strings.score, { score: round(score), total: round(total), percent: percent }) +
      " " +
      format(passed ? this.strings.passed : this.strings.not_passed, {
        pass_mark: this.data.passMark,
      });
    firstLine.textContent = format(this.strings.first_try, this.result);
    result.classList.toggle("eduplat-quiz__result--passed", passed);
    result.classList.toggle("eduplat-quiz__result--failed", !passed);
  };

  Quiz.prototype.persist = function () {
    var self = this;
    var state = {
      answers: {},
      checked: Object.keys(this.checked),
      first: this.first,
      result: this.result || null, // for the quizzes index
    };
    this.items.forEach(function (item) {
      var answer = self.answerOf(item);
      if (answer !== null) state.answers[item.dataset.question] = answer;
    });
    save(this.key, state);
  };

  Quiz.prototype.restore = function () {
    var self = this;
    var state = load(this.key);
    if (!state || typeof state.answers !== "object") return;
    if (state.first && typeof state.first === "object") this.first = state.first;
    if (state.result && typeof state.result === "object") this.result = state.result;
    var restored = false;
    this.items.forEach(function (item) {
      var id = item.dataset.question;
      if (Object.prototype.hasOwnProperty.call(state.answers, id)) {
        self.setAnswer(item, state.answers[id]);
        restored = true;
      }
      if ((state.checked || []).indexOf(id) !== -1) self.check(item, false);
    });
    if (restored) this.root.querySelector(".eduplat-quiz__restored").hidden = false;
    this.updateResult(false);
  };

  Quiz.prototype.reset = function () {
    var self = this;
    this.checked = {};
    this.touched = {};
    this.result = null;
    this.root.querySelector(".eduplat-quiz__form").reset();
    this.items.forEach(function (item) {
      var initial = self.initialOrder[item.dataset.question];
      if (initial) self.setOrder(item, initial);
      item.classList.remove(
        "eduplat-question--right",
        "eduplat-question--wrong",
        "eduplat-question--partly"
      );
      var verdict = item.querySelector(".eduplat-question__verdict");
      if (verdict) verdict.textContent = "";
      item.querySelectorAll(".eduplat-feedback").forEach(function (el) {
        el.hidden = true;
      });
    });
    this.root.querySelector(".eduplat-quiz__restored").hidden = true;
    this.updateResult(false);
    // The first-try record is kept: starting again must not rewrite the first attempt.
    if (Object.keys(this.first).length) this.persist();
    else forget(this.key);
    var first = this.root.querySelector(".eduplat-question input, .eduplat-question select");
    if (first) first.focus();
  };

  /* The quizzes index: each card shows the result saved in this browser, if any. */
  function showSaved(index) {
    var text = JSON.parse(index.dataset.strings);
    index.querySelectorAll("[data-quiz-saved]").forEach(function (el) {
      var state = load(STORE_PREFIX + el.dataset.quizSaved);
      var result = state && state.result;
      if (!result || typeof result.total !== "number") return;
      var line = format(result.passed ? text.saved_passed : text.saved_not_passed, result);
      if (result.first !== result.score) line += " · " + format(text.saved_first_try, result);
      el.textContent = line;
      el.classList.add(result.passed ? "eduplat-card-result--passed" : "eduplat-card-result--failed");
      el.hidden = false;
    });
  }

  function initAll() {
    document.querySelectorAll("[data-eduplat-quiz]").forEach(function (root) {
      if (root.dataset.eduplatReady) return;
      root.dataset.eduplatReady = "true";
      new Quiz(root).start();
    });
    document.querySelectorAll("[data-eduplat-quiz-index]").forEach(showSaved);
  }

  window.eduplat.onEveryPage(initAll);
})();
