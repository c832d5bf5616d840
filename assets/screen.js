/* 大屏 (/screen): rotation, clock, scale-to-fit and the idle cursor, all in the browser.
   Registered as Dash clientside callbacks (callbacks/screen.py); nothing here runs on other pages. */
(function () {
  "use strict";
  var CANVAS_W = 1920, CANVAS_H = 1080, IDLE_MS = 3000, RELOAD_HOUR = 3, RELOAD_AFTER_MS = 6 * 3600 * 1000;
  var loadedAt = Date.now();
  var WEEKDAYS = ["日", "一", "二", "三", "四", "五", "六"];

  function fit() {
    var root = document.querySelector(".screen-root");
    if (!root) { return; }
    var scale = Math.min(window.innerWidth / CANVAS_W, window.innerHeight / CANVAS_H);
    root.style.setProperty("--screen-scale", String(scale));
  }
  window.addEventListener("resize", fit);

  var idleTimer = null;
  function awake() {
    document.body.classList.remove("screen-idle");
    if (idleTimer) { clearTimeout(idleTimer); }
    idleTimer = setTimeout(function () { document.body.classList.add("screen-idle"); }, IDLE_MS);
  }
  document.addEventListener("mousemove", awake, { passive: true });

  function pad(n) { return n < 10 ? "0" + n : String(n); }

  window.dash_clientside = Object.assign({}, window.dash_clientside, {
    screen: {
      /* Which scene shows: the next one on every tick; a new red alert is shown once, as the
         next scene, then rotation goes on where it was. A pinned scene never moves. */
      advance: function (ticks, alert, rotation, params, sceneIds) {
        var scenes = params.scenes;
        var state = rotation || { index: 0, alertSeen: null, onAlert: false };
        var triggered = (window.dash_clientside.callback_context.triggered || []).map(function (t) { return t.prop_id; });
        var ticked = triggered.some(function (id) { return id.indexOf("screen-tick") === 0; });
        var pending = alert && alert.token !== state.alertSeen && scenes.length > 1;
        if (ticked) {
          if (pending) {
            state = { index: state.index, alertSeen: alert.token, onAlert: true };
          } else {
            state = { index: (state.index + 1) % scenes.length, alertSeen: state.alertSeen, onAlert: false };
          }
        }
        var current = state.onAlert ? "alert" : scenes[state.index % scenes.length];
        var sceneClasses = sceneIds.map(function (id) { return id.name === current ? "scene active" : "scene"; });
        var pagerClasses = scenes.map(function (name) {
          return name === current ? "pager-item active" : "pager-item";
        });
        if (ticked || !rotation) { fit(); awake(); }
        return [sceneClasses, pagerClasses, state];
      },
      /* The clock (the wall's own time), the fit, and a nightly reload while the store is reachable. */
      clock: function (n, linkDown) {
        var now = new Date();
        fit();
        if (!linkDown && now.getHours() === RELOAD_HOUR && Date.now() - loadedAt > RELOAD_AFTER_MS) {
          window.location.reload();
        }
        return [
          pad(now.getHours()) + ":" + pad(now.getMinutes()) + ":" + pad(now.getSeconds()),
          "\n",
          now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate()) + " 星期" + WEEKDAYS[now.getDay()]
        ].join("");
      }
    }
  });
}());
