/* eduplat video lessons: progressive enhancement of each [data-eduplat-video] block.
 *
 * - Plays a third party's player only when asked: no request to YouTube, Bilibili or Vimeo
 *   (or another host's file) before the reader clicks "play".
 * - Timestamps and chapters seek: currentTime for a <video>; an iframe (no common API) is
 *   loaded, or loaded again, at that time (the build gives its URL with "{t}").
 * - Highlights the current cue of the transcript while a <video> plays.
 * - Switches the caption language: the <video>'s text track and the transcript shown.
 * Text is never set from data as HTML; the only elements created are the players.
 * Re-initialised on every page with Material's navigation.instant (window.document$).
 */
(function () {
  "use strict";

  function tracksOf(placeholder) {
    try {
      return JSON.parse(placeholder.dataset.tracks || "[]");
    } catch (error) {
      return [];
    }
  }

  function language(root) {
    var pressed = root.querySelector('.eduplat-video__language[aria-pressed="true"]');
    return pressed ? pressed.dataset.lang : "";
  }

  function highlight(root, video) {
    var now = video.currentTime;
    var lang = language(root);
    root.querySelectorAll(".eduplat-cue").forEach(function (cue) {
      var transcript = cue.closest(".eduplat-transcript");
      var current =
        (!lang || !transcript || transcript.dataset.lang === lang) &&
        Number(cue.dataset.start) <= now &&
        now < Number(cue.dataset.end);
      cue.classList.toggle("eduplat-cue--current", current);
      if (current) cue.setAttribute("aria-current", "true");
      else cue.removeAttribute("aria-current");
    });
  }

  function watch(root, video) {
    video.addEventListener("timeupdate", function () {
      highlight(root, video);
    });
    video.addEventListener("seeked", function () {
      highlight(root, video);
    });
  }

  function showTracks(root, video) {
    var lang = language(root);
    if (!lang || !video.textTracks) return;
    for (var i = 0; i < video.textTracks.length; i++) {
      var track = video.textTracks[i];
      track.mode = track.language === lang ? "showing" : "disabled";
    }
  }

  function seekTo(video, seconds) {
    var go = function () {
      video.currentTime = seconds;
      var started = video.play();
      if (started && typeof started.catch === "function") started.catch(function () {});
    };
    if (video.readyState >= 1) go();
    else video.addEventListener("loadedmetadata", go, { once: true });
  }

  /* The player of a click-to-load block, created now (at `seconds`, when given). */
  function load(root, seconds) {
    var stage = root.querySelector(".eduplat-video__stage");
    var placeholder = root.querySelector(".eduplat-player");
    var old = stage.querySelector("iframe.eduplat-video__media");
    var source = placeholder || old;
    if (!source) return;
    var kind = placeholder ? placeholder.dataset.kind : "iframe";
    var title = source.dataset.title || source.title || "";
    var media;
    if (kind === "video") {
      media = document.createElement("video");
      media.controls = true;
      media.src = placeholder.dataset.src;
      tracksOf(placeholder).forEach(function (info, index) {
        var track = document.createElement("track");
        track.kind = "captions";
        track.src = info.src;
        track.srclang = info.lang;
        track.label = info.label;
        if (index === 0) track.default = true;
        media.appendChild(track);
      });
      watch(root, media);
    } else {
      media = document.createElement("iframe");
      var base = placeholder ? placeholder.dataset.src : old.dataset.src;
      media.dataset.src = base;
      media.src =
        seconds != null && root.dataset.seek
          ? root.dataset.seek.replace("{t}", String(Math.floor(seconds)))
          : base;
      media.allow = "autoplay; fullscreen; picture-in-picture; encrypted-media";
      media.allowFullscreen = true;
      media.referrerPolicy = "strict-origin-when-cross-origin";
    }
    media.title = title;
    media.className = "eduplat-video__media";
    stage.textContent = "";
    stage.appendChild(media);
    if (kind === "video") {
      showTracks(root, media);
      if (seconds != null) seekTo(media, seconds);
      media.focus();
    }
  }

  function seek(root, seconds) {
    var video = root.querySelector("video.eduplat-video__media");
    if (video) seekTo(video, seconds);
    else load(root, seconds); // an iframe is (re)loaded at that time
  }

  function choose(root, lang) {
    root.querySelectorAll(".eduplat-video__language").forEach(function (button) {
      button.setAttribute("aria-pressed", button.dataset.lang === lang ? "true" : "false");
    });
    root.querySelectorAll(".eduplat-transcript").forEach(function (transcript) {
      transcript.hidden = transcript.dataset.lang !== lang;
    });
    var video = root.querySelector("video.eduplat-video__media");
    if (video) {
      showTracks(root, video);
      highlight(root, video);
    }
  }

  function init(root) {
    if (root.dataset.eduplatReady) return;
    root.dataset.eduplatReady = "true";
    var video = root.querySelector("video.eduplat-video__media");
    if (video) watch(root, video);
    var lang = language(root);
    if (lang) choose(root, lang);
    root.addEventListener("click", function (event) {
      var target = event.target;
      if (!(target instanceof Element)) return;
      var play = target.closest(".eduplat-player__play");
      var stamp = target.closest(".eduplat-seek");
      var cue = target.closest(".eduplat-cue");
      var switcher = target.closest(".eduplat-video__language");
      if (play) load(root, null);
      else if (stamp) seek(root, Number(stamp.dataset.time));
      else if (cue) seek(root, Number(cue.dataset.start));
      else if (switcher) choose(root, switcher.dataset.lang);
    });
  }

  function initAll() {
    document.querySelectorAll("[data-eduplat-video]").forEach(init);
  }

  window.eduplat.onEveryPage(initAll); // eduplat.js, loaded first
})();
