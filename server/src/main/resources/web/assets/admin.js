// The operator dashboard's script: draws the chart of refused verifications (uPlot) with the
// anomaly rules' findings marked on it, and fetches the panels again every 10 seconds until paused.
// Without it the dashboard still shows every figure as tables; the page's own "Show" button
// reloads it.
(function () {
  "use strict";
  var PERIOD_MS = 10000;
  var COLOURS = ["#b3261e", "#0b57d0", "#146c2e", "#8e24aa", "#e65100", "#00695c", "#5d4037",
    "#c2185b", "#37474f", "#827717"];
  var plot = null;
  var timer = null;
  var panels = document.getElementById("panels");
  if (!panels) {
    chartOnly();
    return;
  }
  var status = document.getElementById("refresh-status");
  var pause = document.getElementById("pause");

  function localTimes(root) {
    var times = root.querySelectorAll("time[datetime]");
    for (var i = 0; i < times.length; i++) {
      var t = new Date(times[i].getAttribute("datetime"));
      if (!isNaN(t.getTime())) {
        times[i].textContent = t.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "medium" });
      }
    }
  }

  function anomalyMarks(marks) {
    return {
      hooks: {
        draw: [function (u) {
          var ctx = u.ctx;
          ctx.save();
          ctx.strokeStyle = "#b3261e";
          ctx.fillStyle = "#b3261e";
          ctx.setLineDash([6, 4]);
          ctx.lineWidth = 2 * devicePixelRatio;
          ctx.font = (12 * devicePixelRatio) + "px system-ui, sans-serif";
          for (var i = 0; i < marks.length; i++) {
            var x = u.valToPos(marks[i].t, "x", true);
            if (x < u.bbox.left || x > u.bbox.left + u.bbox.width) {
              continue;
            }
            ctx.beginPath();
            ctx.moveTo(x, u.bbox.top);
            ctx.lineTo(x, u.bbox.top + u.bbox.height);
            ctx.stroke();
            ctx.fillText("\u26a0 " + marks[i].rule, x + 4 * devicePixelRatio, u.bbox.top + 14 * devicePixelRatio);
          }
          ctx.restore();
        }]
      }
    };
  }

  function draw() {
    var el = document.getElementById("chart");
    if (!el || typeof uPlot === "undefined") {
      return;
    }
    var d = JSON.parse(el.getAttribute("data-chart"));
    var data = [d.t];
    var series = [{}];
    var drawn = 0;
    for (var i = 0; i < d.series.length; i++) {
      data.push(d.series[i].counts);
      for (var j = 0; j < d.series[i].counts.length; j++) {
        drawn += d.series[i].counts[j];
      }
      series.push({
        label: d.series[i].key,
        stroke: COLOURS[i % COLOURS.length],
        width: 2,
        points: { show: false }
      });
    }
    if (plot) {
      plot.destroy();
    }
    el.textContent = "";
    plot = new uPlot({
      width: Math.max(280, el.clientWidth),
      height: 260,
      series: series,
      scales: { y: { range: function (u, min, max) { return [0, Math.max(1, max)]; } } },
      axes: [{}, { label: "refused" }],
      plugins: [anomalyMarks(d.anomalies)]
    }, data, el);
    // how many refusals the chart shows, for people who check it (and for the browser test)
    el.setAttribute("data-drawn", String(drawn));
  }

  function chartOnly() {
    document.addEventListener("DOMContentLoaded", draw);
  }

  function stopped(html) {
    window.clearInterval(timer);
    timer = null;
    pause.hidden = true;
    status.textContent = panels.getAttribute("data-paused") + " ";
    var a = document.createElement("a");
    a.href = panels.getAttribute("data-again");
    a.textContent = panels.getAttribute("data-again-text");
    status.appendChild(a);
  }

  function refresh() {
    fetch(panels.getAttribute("data-live"), {
      credentials: "same-origin",
      headers: { "Accept": "text/html" },
      cache: "no-store",
      redirect: "error"
    }).then(function (r) {
      if (r.status === 401 || r.status === 403) {
        stopped();
        return null;
      }
      if (!r.ok) {
        throw new Error("HTTP " + r.status);
      }
      return r.text();
    }).then(function (html) {
      if (html === null) {
        return;
      }
      panels.innerHTML = html;
      localTimes(panels);
      draw();
      status.textContent = panels.getAttribute("data-updated")
        .replace("{0}", new Date().toLocaleTimeString());
    }).catch(function () {
      status.textContent = panels.getAttribute("data-failed");
    });
  }

  function start() {
    timer = window.setInterval(refresh, PERIOD_MS);
    pause.textContent = panels.getAttribute("data-pause");
    pause.setAttribute("aria-pressed", "false");
  }

  function init() {
    draw();
    pause.hidden = false;
    pause.addEventListener("click", function () {
      if (timer) {
        window.clearInterval(timer);
        timer = null;
        pause.textContent = panels.getAttribute("data-resume");
        pause.setAttribute("aria-pressed", "true");
      } else {
        refresh();
        start();
      }
    });
    start();
    // redraw at the panel's width whenever it changes (a turned phone, a resized window)
    var width = panels.clientWidth;
    if (typeof ResizeObserver !== "undefined") {
      new ResizeObserver(function () {
        if (panels.clientWidth !== width) {
          width = panels.clientWidth;
          draw();
        }
      }).observe(panels);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
