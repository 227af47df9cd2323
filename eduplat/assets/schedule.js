/* eduplat webinars: progressive enhancement of the schedule and session pages.
 *
 * - Leads with each time in the reader's own timezone, in the same format as the page
 *   (the session's own time stays in the tooltip, and on a session page below it).
 * - Shows a series once, at its next meeting by the reader's clock.
 * - "Add to calendar" is a button that opens the calendar links; it goes once the meeting
 *   has ended.
 * - Decides upcoming vs past with the reader's clock (a static site lives for months;
 *   the build-time split is only the fallback without JavaScript).
 * - Shows a countdown, "live now" or "ended" on session pages.
 * Recordings are video lessons: media.js plays them (only when asked).
 * Text is always set with textContent.
 * Re-initialised on every page with Material's navigation.instant (window.document$).
 */
(function () {
  "use strict";

  var timers = [];

  function strings(root) {
    try {
      return JSON.parse(root.dataset.strings || "{}");
    } catch (error) {
      return {};
    }
  }

  function readerZone() {
    try {
      return Intl.DateTimeFormat().resolvedOptions().timeZone || "";
    } catch (error) {
      return "";
    }
  }

  function fill(template, values) {
    return String(template || "").replace(/\{(\w+)\}/g, function (match, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : match;
    });
  }

  function pad(number) {
    return (number < 10 ? "0" : "") + number;
  }

  /* The page's own date format (date.day, built by eduplat), in the reader's timezone:
     "Tue 8 Dec 2026, 19:30–20:30 (your time, UTC+01:00)". */
  function localDay(date, text) {
    return fill(text["day"], {
      weekday: String(text.weekdays || "").split(",")[(date.getDay() + 6) % 7],
      day: date.getDate(),
      month: String(text.months || "").split(",")[date.getMonth()],
      year: date.getFullYear(),
    });
  }

  function clock(date) {
    return pad(date.getHours()) + ":" + pad(date.getMinutes());
  }

  function localSpan(start, end, text) {
    var minutes = -start.getTimezoneOffset();
    var offset =
      "UTC" + (minutes >= 0 ? "+" : "-") + pad(Math.floor(Math.abs(minutes) / 60)) + ":" +
      pad(Math.abs(minutes) % 60);
    var sameDay = start.toDateString() === end.toDateString();
    return (
      localDay(start, text) + ", " + clock(start) + "–" +
      (sameDay ? "" : localDay(end, text) + " ") + clock(end) +
      " (" + fill(text.local_zone, { offset: offset }) + ")"
    );
  }

  function showLocalTimes(root, text) {
    var zone = readerZone();
    root.querySelectorAll("time.eduplat-when").forEach(function (el) {
      var moved = el.dataset.moved === "true"; // a series' next meeting, chosen here
      if (el.dataset.zone === zone && !moved) return; // the page already says it
      var own = el.dataset.own || el.textContent;
      el.dataset.own = own;
      el.textContent = localSpan(new Date(el.getAttribute("datetime")), new Date(el.dataset.end), text);
      if (!moved) el.title = fill(text.session_time, { time: own });
      var target = el.parentNode.querySelector(".eduplat-when__local");
      if (target && !moved) {
        target.textContent = fill(text.session_time, { time: own });
        target.hidden = false;
      }
    });
  }

  /* A series entry: show its next meeting by the reader's clock (the build's may be over). */
  function nextOfSeries(root) {
    var now = Date.now();
    root.querySelectorAll(".eduplat-slot[data-dates]").forEach(function (li) {
      var next = li.dataset.dates.split(" ").map(function (pair) {
        return pair.split("/");
      }).filter(function (pair) {
        return new Date(pair[1]).getTime() > now;
      })[0];
      var time = li.querySelector("time.eduplat-when");
      if (!next || !time || time.getAttribute("datetime") === next[0]) return;
      time.setAttribute("datetime", next[0]);
      time.dataset.end = next[1];
      time.dataset.moved = "true";
      li.dataset.start = next[0];
    });
  }

  function calendarButton(root) {
    root.querySelectorAll(".eduplat-session__calendar").forEach(function (box) {
      var button = box.querySelector(".eduplat-calendar__toggle");
      var list = box.querySelector(".eduplat-calendar__links");
      var label = box.querySelector(".eduplat-calendar__label");
      if (new Date(box.dataset.end).getTime() <= Date.now()) {
        box.hidden = true; // that meeting is over: nothing to add
        return;
      }
      button.hidden = false;
      label.hidden = true;
      list.hidden = true;
      button.addEventListener("click", function () {
        var open = button.getAttribute("aria-expanded") !== "true";
        button.setAttribute("aria-expanded", String(open));
        list.hidden = !open;
      });
    });
  }

  function relative(lang, milliseconds) {
    var units = [
      ["day", 86400000],
      ["hour", 3600000],
      ["minute", 60000],
    ];
    var format = new Intl.RelativeTimeFormat(lang, { numeric: "auto" });
    for (var i = 0; i < units.length; i++) {
      if (Math.abs(milliseconds) >= units[i][1] || units[i][0] === "minute") {
        return format.format(Math.round(milliseconds / units[i][1]), units[i][0]);
      }
    }
    return "";
  }

  function updateCountdown(el, lang, text) {
    var now = Date.now();
    var start = new Date(el.dataset.start).getTime();
    var end = new Date(el.dataset.end).getTime();
    el.hidden = false;
    el.classList.remove("eduplat-countdown--live", "eduplat-countdown--ended");
    if (el.hasAttribute("data-cancelled")) {
      el.hidden = true;
    } else if (now < start) {
      el.textContent = text.starts_in.replace("{relative}", relative(lang, start - now));
    } else if (now < end) {
      el.textContent = text.live_now;
      el.classList.add("eduplat-countdown--live");
    } else {
      el.textContent = text.ended;
      el.classList.add("eduplat-countdown--ended");
    }
    var root = el.closest("[data-eduplat-session]");
    var join = root && root.querySelector(".eduplat-join");
    if (join) join.hidden = now >= new Date(join.dataset.end).getTime();
  }

  function monthHeading(lang, date) {
    return new Intl.DateTimeFormat(lang, { year: "numeric", month: "long" }).format(date);
  }

  function resplit(root, lang) {
    var now = Date.now();
    var slots = Array.prototype.slice.call(root.querySelectorAll(".eduplat-slot"));
    var sections = {};
    root.querySelectorAll(".eduplat-schedule__section").forEach(function (section) {
      sections[section.dataset.section] = section;
    });
    if (!sections.upcoming || !sections.past) return;
    var upcoming = slots.filter(function (li) {
      return new Date(li.dataset.end).getTime() > now;
    });
    var past = slots.filter(function (li) {
      return new Date(li.dataset.end).getTime() <= now;
    });
    var byStart = function (a, b) {
      return new Date(a.dataset.start) - new Date(b.dataset.start);
    };
    upcoming.sort(byStart);
    past.sort(byStart).reverse();
    [
      ["upcoming", upcoming],
      ["past", past],
    ].forEach(function (pair) {
      var section = sections[pair[0]];
      var groups = section.querySelector(".eduplat-schedule__groups");
      while (groups.firstChild) groups.removeChild(groups.firstChild);
      var list = null;
      var current = null;
      pair[1].forEach(function (li) {
        var heading = monthHeading(lang, new Date(li.dataset.start));
        if (heading !== current) {
          current = heading;
          var h3 = document.createElement("h3");
          h3.className = "eduplat-schedule__month";
          h3.textContent = heading;
          list = document.createElement("ul");
          list.className = "eduplat-schedule__list";
          groups.appendChild(h3);
          groups.appendChild(list);
        }
        list.appendChild(li);
      });
      section.querySelector(".eduplat-schedule__empty").hidden = pair[1].length > 0;
    });
  }

  function init(root) {
    if (root.dataset.eduplatReady) return;
    root.dataset.eduplatReady = "true";
    var lang = root.dataset.lang || document.documentElement.lang || "en";
    var text = strings(root);
    nextOfSeries(root);
    if (root.hasAttribute("data-eduplat-schedule")) resplit(root, lang);
    showLocalTimes(root, text);
    calendarButton(root);
    root.querySelectorAll(".eduplat-countdown").forEach(function (el) {
      updateCountdown(el, lang, text);
      timers.push(
        window.setInterval(function () {
          updateCountdown(el, lang, text);
        }, 30000)
      );
    });
  }

  function initAll() {
    timers.forEach(window.clearInterval); // the previous page's countdowns
    timers = [];
    document.querySelectorAll("[data-eduplat-schedule], [data-eduplat-session]").forEach(init);
  }

  window.eduplat.onEveryPage(initAll);
})();
